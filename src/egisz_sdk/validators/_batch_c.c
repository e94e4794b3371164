/*
 * The column checker behind egisz_sdk.validators.batch.validate_column for SNILS, INN and OGRN, and the
 * single-value check behind is_valid / validate of SNILS, INN, OGRN and OGRNIP: the optional "native" path
 * (built by setup.py where a C compiler exists; the pure-Python rules are the fallback and the reference).
 *
 * check(kind, rows, names) walks a list once and gives every row the result the kind's validate() gives:
 *
 *   None or a float NaN        -> <kind>.empty (the batch API's missing value)
 *   str longer than 256        -> <kind>.length (checked_str)
 *   separators removed (space, U+00A0, '-'): nothing left -> <kind>.empty
 *   anything but ASCII 0-9 left                           -> <kind>.format
 *   a digit count the kind does not allow                 -> <kind>.length
 *   the kind's own rules (region / type digit, check digits), in the order its _problem() tests them.
 *
 * Rows it does not judge (other types, str subclasses) are returned as "fallback" indices for the
 * per-row path. names[i] is the code string for result i (0 = valid):
 *   1 empty, 2 format, 3 length, 4 checksum (snils.checksum, inn.checksum.10, ogrn.checksum),
 *   5 inn.region / ogrn.type_digit, 6 inn.checksum.11, 7 inn.checksum.12.
 * Returns (valid: list[bool], codes: list[str | None], canonical: list[str | None], fallback: list[int],
 * tally: list[int]) where tally[i] counts the rows with result i; fallback rows hold False / None / None, are
 * not in the tally and must be filled in by the caller.
 *
 * check_one(kind, value) judges one str the same way and returns its result index (see check_one below).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

#define EGISZ_MAX_INPUT 256
/* K_OGRNIP, K_INN10 and K_INN12 (INN of one length only) are used by check_one alone. */
enum { K_SNILS = 0, K_INN = 1, K_OGRN = 2, K_OGRNIP = 3, K_INN10 = 4, K_INN12 = 5, K_COUNT };
enum { R_VALID = 0, R_EMPTY, R_FORMAT, R_LENGTH, R_CHECKSUM, R_PREFIX, R_CHECK11, R_CHECK12, R_COUNT };

static int snils_rule(const unsigned char *d) {
    long body = 0;
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        body = body * 10 + d[i];
        sum += d[i] * (9 - i);
    }
    if (body <= 1001998L) return R_VALID; /* issued before the control number existed */
    int check;
    if (sum < 100) {
        check = sum;
    } else if (sum == 100 || sum == 101) {
        check = 0;
    } else {
        check = sum % 101;
        if (check == 100) check = 0;
    }
    return check == d[9] * 10 + d[10] ? R_VALID : R_CHECKSUM;
}

static int weighted_mod(const unsigned char *d, const int *w, int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) sum += d[i] * w[i];
    return sum % 11 % 10;
}

static int inn_rule(const unsigned char *d, Py_ssize_t len) {
    static const int w10[9] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w11[10] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const int w12[11] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    if (d[0] == 0 && d[1] == 0) return R_PREFIX;
    if (len == 10) return weighted_mod(d, w10, 9) == d[9] ? R_VALID : R_CHECKSUM;
    if (weighted_mod(d, w11, 10) != d[10]) return R_CHECK11;
    return weighted_mod(d, w12, 11) == d[11] ? R_VALID : R_CHECK12;
}

static int ogrn_rule(const unsigned char *d) {
    if (d[0] != 1 && d[0] != 5) return R_PREFIX;
    unsigned long long body = 0;
    for (int i = 0; i < 12; i++) body = body * 10 + d[i];
    return (int)(body % 11 % 10) == d[12] ? R_VALID : R_CHECKSUM;
}

static int ogrnip_rule(const unsigned char *d) {
    if (d[0] != 3) return R_PREFIX;
    unsigned long long body = 0;
    for (int i = 0; i < 14; i++) body = body * 10 + d[i];
    return (int)(body % 13 % 10) == d[14] ? R_VALID : R_CHECKSUM;
}

static int length_ok(int kind, Py_ssize_t n) {
    switch (kind) {
        case K_SNILS: return n == 11;
        case K_INN: return n == 10 || n == 12;
        case K_INN10: return n == 10;
        case K_INN12: return n == 12;
        case K_OGRNIP: return n == 15;
        default: return n == 13;
    }
}

/* Judge one str; *stripped is set when separators were removed (the canonical form is then digits). */
static int judge(int kind, PyObject *s, unsigned char *digits, Py_ssize_t *ndigits, int *stripped) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (len > EGISZ_MAX_INPUT) return R_LENGTH;
    int ukind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t n = 0;
    int other = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ(ukind, data, i);
        if (ch >= '0' && ch <= '9') {
            digits[n++] = (unsigned char)(ch - '0');
        } else if (ch != ' ' && ch != '-' && ch != 0xA0) {
            other = 1;
        }
    }
    *ndigits = n;
    *stripped = n != len;
    if (other) return R_FORMAT;
    if (n == 0) return R_EMPTY;
    if (!length_ok(kind, n)) return R_LENGTH;
    switch (kind) {
        case K_SNILS: return snils_rule(digits);
        case K_INN:
        case K_INN10:
        case K_INN12: return inn_rule(digits, n);
        case K_OGRNIP: return ogrnip_rule(digits);
        default: return ogrn_rule(digits);
    }
}

/* check_one(kind, value) -> int: the result index of one value (0 = valid), as check() gives it for a row; -1
 * when value is not a str (the Python path judges it: validate() raises <kind>.type). A str subclass is judged
 * by its text, as the Python path does. */
static PyObject *check_one(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "check_one(kind, value) takes two arguments");
        return NULL;
    }
    long kind = PyLong_AsLong(args[0]);
    if (kind == -1 && PyErr_Occurred()) return NULL;
    if (kind < K_SNILS || kind >= K_COUNT) {
        PyErr_SetString(PyExc_ValueError, "unknown kind");
        return NULL;
    }
    if (!PyUnicode_Check(args[1])) return PyLong_FromLong(-1);
    unsigned char digits[EGISZ_MAX_INPUT];
    Py_ssize_t nd;
    int stripped;
    return PyLong_FromLong(judge((int)kind, args[1], digits, &nd, &stripped));
}

static PyObject *check(PyObject *Py_UNUSED(module), PyObject *args) {
    int kind;
    PyObject *rows, *names;
    if (!PyArg_ParseTuple(args, "iO!O!", &kind, &PyList_Type, &rows, &PyTuple_Type, &names)) return NULL;
    if (kind < K_SNILS || kind >= K_COUNT || PyTuple_GET_SIZE(names) != R_COUNT) {
        PyErr_SetString(PyExc_ValueError, "unknown kind or wrong code table");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(rows);
    PyObject *valid = PyList_New(n), *codes = PyList_New(n), *canonical = PyList_New(n), *fallback = PyList_New(0);
    PyObject *result = NULL;
    if (!valid || !codes || !canonical || !fallback) goto done;
    unsigned char digits[EGISZ_MAX_INPUT];
    Py_ssize_t tally[R_COUNT] = {0};
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyList_GET_ITEM(rows, i);
        int verdict;
        PyObject *canon = Py_None;
        Py_INCREF(Py_None);
        if (row == Py_None || (PyFloat_CheckExact(row) && isnan(PyFloat_AS_DOUBLE(row)))) {
            verdict = R_EMPTY;
        } else if (PyUnicode_CheckExact(row)) {
            Py_ssize_t nd;
            int stripped;
            verdict = judge(kind, row, digits, &nd, &stripped);
            if (verdict == R_VALID) {
                Py_DECREF(Py_None);
                if (stripped) {
                    char text[EGISZ_MAX_INPUT];
                    for (Py_ssize_t j = 0; j < nd; j++) text[j] = (char)('0' + digits[j]);
                    canon = PyUnicode_FromStringAndSize(text, nd);
                    if (canon == NULL) {
                        PyList_SET_ITEM(canonical, i, Py_None);
                        Py_INCREF(Py_None);
                        goto done;
                    }
                } else {
                    canon = row;
                    Py_INCREF(row);
                }
            }
        } else {
            verdict = -1;
        }
        PyList_SET_ITEM(canonical, i, canon);
        PyObject *flag = verdict == R_VALID ? Py_True : Py_False;
        Py_INCREF(flag);
        PyList_SET_ITEM(valid, i, flag);
        PyObject *code = verdict > 0 ? PyTuple_GET_ITEM(names, verdict) : Py_None;
        Py_INCREF(code);
        PyList_SET_ITEM(codes, i, code);
        if (verdict >= 0) tally[verdict]++;
        if (verdict < 0) {
            PyObject *index = PyLong_FromSsize_t(i);
            if (index == NULL || PyList_Append(fallback, index) < 0) {
                Py_XDECREF(index);
                goto done;
            }
            Py_DECREF(index);
        }
    }
    PyObject *counts = PyList_New(R_COUNT);
    if (counts == NULL) goto done;
    for (int r = 0; r < R_COUNT; r++) {
        PyObject *v = PyLong_FromSsize_t(tally[r]);
        if (v == NULL) {
            Py_DECREF(counts);
            goto done;
        }
        PyList_SET_ITEM(counts, r, v);
    }
    result = PyTuple_Pack(5, valid, codes, canonical, fallback, counts);
    Py_DECREF(counts);
done:
    /* on an error half-filled lists hold NULL items, which list deallocation tolerates */
    Py_XDECREF(valid);
    Py_XDECREF(codes);
    Py_XDECREF(canonical);
    Py_XDECREF(fallback);
    return result;
}

static PyMethodDef methods[] = {
    {"check", check, METH_VARARGS, "check(kind, rows, names) -> (valid, codes, canonical, fallback, tally)"},
    {"check_one", (PyCFunction)(void (*)(void))check_one, METH_FASTCALL,
     "check_one(kind, value) -> result index (0 = valid), -1 when value is not a str"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_batch_c", "Column checks for SNILS, INN and OGRN in C.", -1, methods,
};

PyMODINIT_FUNC PyInit__batch_c(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    if (PyModule_AddIntConstant(m, "SNILS", K_SNILS) < 0 || PyModule_AddIntConstant(m, "INN", K_INN) < 0 ||
        PyModule_AddIntConstant(m, "OGRN", K_OGRN) < 0 || PyModule_AddIntConstant(m, "OGRNIP", K_OGRNIP) < 0 ||
        PyModule_AddIntConstant(m, "INN10", K_INN10) < 0 || PyModule_AddIntConstant(m, "INN12", K_INN12) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
