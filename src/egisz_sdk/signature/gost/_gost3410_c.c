/*
 * GOST R 34.10-2012 point arithmetic in C: the optional "c" backend of egisz_sdk.signature.gost.gost3410.
 *
 * Curves y^2 = x^3 + a*x + b over GF(p), p below 2^256 or 2^512, as 4 or 8 64-bit limbs (little-endian)
 * in Montgomery form (CIOS multiplication; R = 2^(64n)), or, when p = 2^(64n) - c with c < 2^32 (2^256 - 617,
 * 2^512 - 569), as plain residues with product-scanning multiplication and a folding reduction (R = 1; every
 * routine below works unchanged). Points are Jacobian (X, Y, Z), affine x = X/Z^2, y = Y/Z^3.
 *
 * Twisted Edwards (set_edwards; tc26-256-A and tc26-512-C): the curve u^2 + v^2 = 1 + d u^2 v^2 (e = 1, d a
 * non-square, so the addition law is complete) birationally equivalent to the Weierstrass one through
 * x = s (1 + v)/(1 - v) + t, y = s (1 + v)/((1 - v) u); points in extended coordinates (X : Y : Z : T) with the
 * Hisil-Wong-Carter-Dawson formulas (doubling 3M + 4S (+1M for T), mixed addition 8M, addition 9M). Both
 * multiplications then run there: mul_base with the same constant-time comb over a table of Edwards points
 * (u, v, d u v) — no exceptional case exists, the only branch is on the final result being the neutral
 * element, impossible for 0 < k < q — and mul_add with Q mapped without inversion (Q with y = 0 or
 * x - t + s = 0 has no affine Edwards image: those go the Weierstrass way). One inversion maps the result
 * back; the neutral element and the point (0, -1) of order 2 are mapped separately.
 *
 * Everything the curve needs besides p is computed by the caller (the Python module _c_ec.py): R^2 mod p,
 * -p^-1 mod 2^64, the fixed-base table of the base point G (the odd multiples j*2^(w*i)*G, j = 1, 3 .. 2^w - 1,
 * for every window i), built by the pure-Python engine and checked there, and for the Edwards sets d, s, t and
 * the same table as Edwards points.
 *
 * mul_base(k) - k*G for a secret k, written to run the same instructions for every k of the curve:
 *   k is made odd arithmetically (k or k + q, chosen by a mask), recoded into signed odd digits of w bits
 *   (never zero), and for every window the table row is scanned in full with masked copies (no
 *   secret-dependent index or branch), the point negated by a masked select, and one mixed addition done.
 *   Field arithmetic has no secret-dependent branch (the final subtraction of Montgomery multiplication
 *   and of additions is a masked select). A partial sum equal to +-the table point (an exceptional
 *   addition, probability about 2^-250 for a random k) is detected without branching and reported: the
 *   caller then recomputes in Python. The final inversion is Fermat's (the exponent p - 2 is public).
 * mul_add(u1, u2, Q) - u1*G + u2*Q for verification, on public data, variable time: width-5 wNAF for Q
 *   and the fixed-base table for G, every special case handled. mul_add_matches(u1, u2, Q, r) tells whether
 *   that point's x is r modulo q without the final inversion (x = r + j q < p, compared projectively);
 *   inverse_q(e) is e^-1 mod q by the binary extended Euclidean algorithm (variable time, public e).
 *
 * Needs a compiler with unsigned __int128 (gcc, clang on 64-bit targets); elsewhere the module defines no
 * Curve type and the Python side falls back.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

#define MAXN 8

typedef uint64_t u64;

#if defined(__SIZEOF_INT128__)
#define HAVE_CURVE 1
typedef unsigned __int128 u128;

typedef struct {
    int n;
    u64 p[MAXN];
    u64 n0; /* -p^-1 mod 2^64 */
    u64 r2[MAXN];
    u64 one[MAXN]; /* R mod p */
    u64 a[MAXN];   /* a in Montgomery form */
    u64 q[MAXN];   /* subgroup order (plain) */
    u64 pm2[MAXN]; /* p - 2 (plain), the inversion exponent */
    int a_minus3;  /* a = p - 3: the cheaper doubling */
    u64 pmc;       /* c when p = 2^(64n) - c with c < 2^32 (elements kept plain, R = 1), else 0 (Montgomery) */
} Field;

typedef struct {
    u64 x[MAXN], y[MAXN], z[MAXN];
} Jac;

typedef struct { /* twisted Edwards, extended coordinates */
    u64 x[MAXN], y[MAXN], z[MAXN], t[MAXN];
} Ext;

typedef struct { /* an addend of ed_add: T kept as d T */
    u64 x[MAXN], y[MAXN], z[MAXN], dt[MAXN];
} Cached;

/* ---- field ------------------------------------------------------------------------------------- */

#include "_gost3410_field.h"

/* ---- the Python type ------------------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    Field f;
    int window, windows;
    u64 *table; /* windows * half * 2 * n limbs, Montgomery form */
    /* the twisted-Edwards form u^2 + v^2 = 1 + d u^2 v^2 (e = 1), when set_edwards was called */
    int edwards;
    u64 ed_d[MAXN], ed_s[MAXN], ed_t[MAXN]; /* field form; the map's s = (e - d)/4, t = (e + d)/6 */
    u64 *ed_table; /* the same odd multiples as table, as Edwards (u, v, d u v), field form */
} CurveObject;

static int load_le(u64 *out, int n, const unsigned char *buf, Py_ssize_t len) {
    if (len != n * 8) return -1;
    for (int j = 0; j < n; j++) {
        u64 v = 0;
        for (int b = 7; b >= 0; b--) v = (v << 8) | buf[8 * j + b];
        out[j] = v;
    }
    return 0;
}

static void store_le(unsigned char *buf, const u64 *in, int n) {
    for (int j = 0; j < n; j++)
        for (int b = 0; b < 8; b++) buf[8 * j + b] = (unsigned char)(in[j] >> (8 * b));
}

/* bits [start, start + count) of k (little-endian limbs, nl limbs), count <= 32 */
static unsigned bits_at(const u64 *k, int nl, int start, int count) {
    unsigned v = 0;
    for (int b = 0; b < count; b++) {
        int i = start + b;
        unsigned bit = i / 64 < nl ? (unsigned)((k[i / 64] >> (i % 64)) & 1) : 0;
        v |= bit << b;
    }
    return v;
}

/* digit i of the signed odd recoding: table index and sign mask (all ones for a negative digit) */
static void recode_digit(const u64 *k, int nl, int i, int w, int last, unsigned *index, u64 *negative) {
    unsigned half = 1u << (w - 1);
    if (last) { /* the final digit is positive: (k >> (i*w + 1)) */
        *index = bits_at(k, nl, i * w + 1, 32 - 1);
        *negative = 0;
        return;
    }
    unsigned b = bits_at(k, nl, i * w + 1, w);
    unsigned pos = b >> (w - 1);
    unsigned m = (unsigned)0 - (pos ^ 1);
    *index = (b & (half - 1)) ^ (m & (half - 1));
    *negative = (u64)0 - (u64)(pos ^ 1);
}

/* width-5 wNAF of k (n limbs), least significant digit first; returns the digit count */
static int wnaf(const u64 *k_in, int n, signed char *out, int cap) {
    u64 k[MAXN + 1];
    memcpy(k, k_in, (size_t)n * 8);
    k[n] = 0;
    int count = 0;
    for (;;) {
        int nonzero = 0;
        for (int j = 0; j <= n; j++) nonzero |= k[j] != 0;
        if (!nonzero || count >= cap) break;
        int d = 0;
        if (k[0] & 1) {
            d = (int)(k[0] & 31);
            if (d >= 16) d -= 32;
            /* k -= d */
            if (d > 0) {
                u64 borrow = (u64)d;
                for (int j = 0; j <= n && borrow; j++) {
                    u64 old = k[j];
                    k[j] = old - borrow;
                    borrow = old < borrow;
                }
            } else {
                u64 carry = (u64)(-d);
                for (int j = 0; j <= n && carry; j++) {
                    k[j] += carry;
                    carry = k[j] < carry;
                }
            }
        }
        out[count++] = (signed char)d;
        for (int j = 0; j < n; j++) k[j] = (k[j] >> 1) | (k[j + 1] << 63);
        k[n] >>= 1;
    }
    return count;
}

#define NL 4
#define PM 0
#define SUF 4
#include "_gost3410_ops.h"
#undef SUF
#undef PM
#define PM 1
#define SUF 4p
#include "_gost3410_ops.h"
#undef SUF
#undef PM
#undef NL
#define NL 8
#define PM 0
#define SUF 8
#include "_gost3410_ops.h"
#undef SUF
#undef PM
#define PM 1
#define SUF 8p
#include "_gost3410_ops.h"
#undef SUF
#undef PM
#undef NL

/* the instance of this field: 4 or 8 limbs, Montgomery or p = 2^(64n) - c */
#define DISPATCH(f, name) \
    ((f)->n == 4 ? ((f)->pmc ? name##_4p : name##_4) : ((f)->pmc ? name##_8p : name##_8))

static void field_from_plain(const Field *f, u64 *r, const u64 *a) { DISPATCH(f, to_mont)(f, r, a); }


static PyTypeObject CurveType;

static PyObject *Curve_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"n", "p", "a", "q", "r2", "n0", "window", "windows", "table", NULL};
    int n, window, windows;
    Py_buffer p, a, q, r2, table;
    unsigned long long n0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "iy*y*y*y*Kiiy*", kwlist, &n, &p, &a, &q, &r2, &n0, &window,
                                     &windows, &table))
        return NULL;
    PyObject *result = NULL;
    CurveObject *self = NULL;
    if ((n != 4 && n != 8) || window < 2 || window > 8 || windows < 1 || windows > 600) {
        PyErr_SetString(PyExc_ValueError, "bad curve geometry");
        goto done;
    }
    Py_ssize_t half = (Py_ssize_t)1 << (window - 1);
    Py_ssize_t limbs = (Py_ssize_t)windows * half * 2 * n;
    if (table.len != limbs * 8) {
        PyErr_SetString(PyExc_ValueError, "table size does not match");
        goto done;
    }
    self = (CurveObject *)type->tp_alloc(type, 0);
    if (self == NULL) goto done;
    Field *f = &self->f;
    memset(f, 0, sizeof *f);
    f->n = n;
    u64 plain_a[MAXN] = {0};
    if (load_le(f->p, n, p.buf, p.len) || load_le(plain_a, n, a.buf, a.len) || load_le(f->q, n, q.buf, q.len) ||
        load_le(f->r2, n, r2.buf, r2.len)) {
        PyErr_SetString(PyExc_ValueError, "bad field element size");
        goto done;
    }
    f->n0 = (u64)n0;
    {
        int all_ones = 1;
        for (int j = 1; j < n; j++) all_ones &= f->p[j] == ~(u64)0;
        u64 c = (u64)0 - f->p[0];
        if (all_ones && c < ((u64)1 << 32)) { /* p = 2^(64n) - c: plain elements, R = 1 */
            f->pmc = c;
            memset(f->r2, 0, sizeof f->r2);
            f->r2[0] = 1;
        }
    }
    u64 one_plain[MAXN] = {1};
    field_from_plain(f, f->one, one_plain);
    field_from_plain(f, f->a, plain_a);
    memcpy(f->pm2, f->p, sizeof f->pm2);
    f->pm2[0] -= 2; /* p is an odd prime far above 2: no borrow */
    {
        u64 three[MAXN] = {3}, minus3[MAXN];
        if (n == 4) gf_sub_4(f, minus3, f->p, three); else gf_sub_8(f, minus3, f->p, three);
        f->a_minus3 = memcmp(minus3, plain_a, (size_t)n * 8) == 0;
    }
    self->window = window;
    self->windows = windows;
    self->table = PyMem_Malloc((size_t)limbs * sizeof(u64));
    if (self->table == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const unsigned char *src = table.buf;
    for (Py_ssize_t e = 0; e < limbs / n; e++) {
        u64 plain[MAXN];
        load_le(plain, n, src + e * n * 8, n * 8);
        field_from_plain(f, self->table + e * n, plain);
    }
    result = (PyObject *)self;
    self = NULL;
done:
    Py_XDECREF(self);
    PyBuffer_Release(&p);
    PyBuffer_Release(&a);
    PyBuffer_Release(&q);
    PyBuffer_Release(&r2);
    PyBuffer_Release(&table);
    return result;
}

static void Curve_dealloc(CurveObject *self) {
    PyMem_Free(self->table);
    PyMem_Free(self->ed_table);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Curve_mul_base(CurveObject *self, PyObject *arg) {
    const int n = self->f.n;
    Py_buffer kb;
    if (PyObject_GetBuffer(arg, &kb, PyBUF_SIMPLE) < 0) return NULL;
    u64 k[MAXN];
    int bad = load_le(k, n, kb.buf, kb.len);
    PyBuffer_Release(&kb);
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "scalar has the wrong size");
        return NULL;
    }
    const Field *f = &self->f;
    return self->edwards ? DISPATCH(f, ed_mul_base_core)(self, k) : DISPATCH(f, mul_base_core)(self, k);
}

static PyObject *mul_add_any(CurveObject *self, PyObject *args, int with_r) {
    const int n = self->f.n;
    Py_buffer b1, b2, bx, by, br;
    if (with_r ? !PyArg_ParseTuple(args, "y*y*y*y*y*", &b1, &b2, &bx, &by, &br)
               : !PyArg_ParseTuple(args, "y*y*y*y*", &b1, &b2, &bx, &by))
        return NULL;
    u64 u1[MAXN], u2[MAXN], qx[MAXN], qy[MAXN], r[MAXN];
    int bad = load_le(u1, n, b1.buf, b1.len) | load_le(u2, n, b2.buf, b2.len) | load_le(qx, n, bx.buf, bx.len) |
              load_le(qy, n, by.buf, by.len);
    PyBuffer_Release(&b1);
    PyBuffer_Release(&b2);
    PyBuffer_Release(&bx);
    PyBuffer_Release(&by);
    if (with_r) {
        bad |= load_le(r, n, br.buf, br.len);
        PyBuffer_Release(&br);
    }
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "argument has the wrong size");
        return NULL;
    }
    const u64 *rp = with_r ? r : NULL;
    if (with_r) { /* r < q: the candidates r + j q need it */
        int below = 0;
        for (int j = n - 1; j >= 0; j--)
            if (r[j] != self->f.q[j]) {
                below = r[j] < self->f.q[j];
                break;
            }
        if (!below) {
            PyErr_SetString(PyExc_ValueError, "r must be below q");
            return NULL;
        }
    }
    const Field *f = &self->f;
    if (self->edwards) {
        /* Q needs y != 0 and x - t + s != 0 for its Edwards image; otherwise the Weierstrass path */
        u64 wx[MAXN], wy[MAXN], m[MAXN];
        field_from_plain(f, wx, qx);
        field_from_plain(f, wy, qy);
        (n == 4 ? gf_sub_4 : gf_sub_8)(f, m, wx, self->ed_t); /* addition and subtraction: any representation */
        (n == 4 ? gf_add_4 : gf_add_8)(f, m, m, self->ed_s);
        if (!DISPATCH(f, gf_is_zero)(f, wy) && !DISPATCH(f, gf_is_zero)(f, m))
            return DISPATCH(f, ed_mul_add_core)(self, u1, u2, qx, qy, rp);
    }
    return DISPATCH(f, mul_add_core)(self, u1, u2, qx, qy, rp);
}

static PyObject *Curve_mul_add(CurveObject *self, PyObject *args) { return mul_add_any(self, args, 0); }

static PyObject *Curve_mul_add_matches(CurveObject *self, PyObject *args) { return mul_add_any(self, args, 1); }

/* a^-1 mod m for odd m and 0 < a < m with gcd 1, by the binary extended Euclidean algorithm (variable time:
   public data only). Invariants x1 a = u, x2 a = v (mod m); n limbs, one more for the halving of x + m. */
static int inverse_mod(u64 *out, const u64 *a, const u64 *m, int n) {
    u64 u[MAXN + 1] = {0}, v[MAXN + 1] = {0}, x1[MAXN + 1] = {0}, x2[MAXN + 1] = {0};
    memcpy(u, a, (size_t)n * 8);
    memcpy(v, m, (size_t)n * 8);
    x1[0] = 1;
    const int nl = n + 1;
    for (int guard = 0; guard < 4 * 64 * MAXN + 8; guard++) {
        int u_one = u[0] == 1, v_one = v[0] == 1, u_zero = u[0] == 0;
        for (int j = 1; j < nl; j++) {
            u_one &= u[j] == 0;
            v_one &= v[j] == 0;
            u_zero &= u[j] == 0;
        }
        if (u_zero) return -1; /* not invertible */
        if (u_one || v_one) {
            memcpy(out, u_one ? x1 : x2, (size_t)n * 8);
            return 0;
        }
        u64 *pairs[2][2] = {{u, x1}, {v, x2}};
        for (int k = 0; k < 2; k++) {
            u64 *w = pairs[k][0], *x = pairs[k][1];
            while ((w[0] & 1) == 0) {
                for (int j = 0; j < nl - 1; j++) w[j] = (w[j] >> 1) | (w[j + 1] << 63);
                w[nl - 1] >>= 1;
                if (x[0] & 1) { /* x + m, even */
                    unsigned char c = 0;
                    for (int j = 0; j < n; j++) c = adc64(c, x[j], m[j], &x[j]);
                    x[n] += c;
                }
                for (int j = 0; j < nl - 1; j++) x[j] = (x[j] >> 1) | (x[j + 1] << 63);
                x[nl - 1] >>= 1;
            }
        }
        int u_ge_v = 1;
        for (int j = nl - 1; j >= 0; j--)
            if (u[j] != v[j]) {
                u_ge_v = u[j] > v[j];
                break;
            }
        u64 *big = u_ge_v ? u : v, *small = u_ge_v ? v : u;
        u64 *xb = u_ge_v ? x1 : x2, *xs = u_ge_v ? x2 : x1;
        unsigned char b = 0;
        for (int j = 0; j < nl; j++) b = sbb64(b, big[j], small[j], &big[j]);
        b = 0; /* xb - xs mod m (both below m) */
        for (int j = 0; j < nl; j++) b = sbb64(b, xb[j], xs[j], &xb[j]);
        if (b) {
            unsigned char c = 0;
            for (int j = 0; j < n; j++) c = adc64(c, xb[j], m[j], &xb[j]);
            xb[n] += c;
        }
    }
    return -1;
}

static PyObject *Curve_inverse_q(CurveObject *self, PyObject *arg) {
    const int n = self->f.n;
    Py_buffer b;
    if (PyObject_GetBuffer(arg, &b, PyBUF_SIMPLE) < 0) return NULL;
    u64 a[MAXN], r[MAXN];
    int bad = load_le(a, n, b.buf, b.len);
    PyBuffer_Release(&b);
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "argument has the wrong size");
        return NULL;
    }
    int below = 0; /* a < q */
    for (int j = n - 1; j >= 0; j--)
        if (a[j] != self->f.q[j]) {
            below = a[j] < self->f.q[j];
            break;
        }
    if (!below || inverse_mod(r, a, self->f.q, n)) {
        PyErr_SetString(PyExc_ValueError, "not invertible modulo q");
        return NULL;
    }
    unsigned char out[MAXN * 8];
    store_le(out, r, n);
    return PyBytes_FromStringAndSize((const char *)out, 8 * n);
}

/* field_mul(a, b) -> a b mod p and a^2 mod p through the field code (plain little-endian, a, b < p): for tests */
static PyObject *Curve_field_mul(CurveObject *self, PyObject *args) {
    const Field *f = &self->f;
    const int n = f->n;
    Py_buffer ba, bb;
    if (!PyArg_ParseTuple(args, "y*y*", &ba, &bb)) return NULL;
    u64 a[MAXN], b[MAXN];
    int bad = load_le(a, n, ba.buf, ba.len) | load_le(b, n, bb.buf, bb.len);
    PyBuffer_Release(&ba);
    PyBuffer_Release(&bb);
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "argument has the wrong size");
        return NULL;
    }
    u64 ma[MAXN], mb[MAXN], prod[MAXN], sq[MAXN], one[MAXN] = {1};
    field_from_plain(f, ma, a);
    field_from_plain(f, mb, b);
    DISPATCH(f, gf_mul)(f, prod, ma, mb);
    DISPATCH(f, gf_sqr)(f, sq, ma);
    DISPATCH(f, gf_mul)(f, prod, prod, one); /* back to plain (Montgomery: times R^-1; direct: times 1) */
    DISPATCH(f, gf_mul)(f, sq, sq, one);
    unsigned char out[2 * MAXN * 8];
    store_le(out, prod, n);
    store_le(out + 8 * n, sq, n);
    return PyBytes_FromStringAndSize((const char *)out, 16 * n);
}

static PyObject *Curve_set_edwards(CurveObject *self, PyObject *args) {
    const Field *f = &self->f;
    const int n = f->n;
    Py_buffer bd, bs, bt, table;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &bd, &bs, &bt, &table)) return NULL;
    PyObject *result = NULL;
    u64 d[MAXN] = {0}, s[MAXN] = {0}, t[MAXN] = {0};
    Py_ssize_t limbs = (Py_ssize_t)self->windows * ((Py_ssize_t)1 << (self->window - 1)) * 3 * n;
    if (self->edwards) {
        PyErr_SetString(PyExc_ValueError, "the Edwards form is already set");
        goto done;
    }
    if (load_le(d, n, bd.buf, bd.len) || load_le(s, n, bs.buf, bs.len) || load_le(t, n, bt.buf, bt.len) ||
        table.len != limbs * 8) {
        PyErr_SetString(PyExc_ValueError, "bad Edwards parameter size");
        goto done;
    }
    self->ed_table = PyMem_Malloc((size_t)limbs * sizeof(u64));
    if (self->ed_table == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    field_from_plain(f, self->ed_d, d);
    field_from_plain(f, self->ed_s, s);
    field_from_plain(f, self->ed_t, t);
    const unsigned char *src = table.buf;
    for (Py_ssize_t e = 0; e < limbs / n; e++) {
        u64 plain[MAXN];
        load_le(plain, n, src + e * n * 8, n * 8);
        field_from_plain(f, self->ed_table + e * n, plain);
    }
    self->edwards = 1;
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&bd);
    PyBuffer_Release(&bs);
    PyBuffer_Release(&bt);
    PyBuffer_Release(&table);
    return result;
}

static PyMethodDef Curve_methods[] = {
    {"mul_base", (PyCFunction)Curve_mul_base, METH_O,
     "k*G for k (little-endian, n*8 bytes, 0 < k < q): x || y little-endian, None for infinity, NotImplemented "
     "after an exceptional addition."},
    {"mul_add", (PyCFunction)Curve_mul_add, METH_VARARGS, "u1*G + u2*Q (variable time): x || y or None."},
    {"mul_add_matches", (PyCFunction)Curve_mul_add_matches, METH_VARARGS,
     "mul_add_matches(u1, u2, qx, qy, r): whether u1*G + u2*Q is a finite point whose x = r (mod q), 0 <= r < q "
     "(variable time; no inversion)."},
    {"inverse_q", (PyCFunction)Curve_inverse_q, METH_O,
     "a^-1 mod q for 0 < a < q (little-endian, n*8 bytes; variable time: public data only)."},
    {"field_mul", (PyCFunction)Curve_field_mul, METH_VARARGS,
     "field_mul(a, b): a*b mod p || a^2 mod p through the field code (plain little-endian, a, b < p; for tests)."},
    {"set_edwards", (PyCFunction)Curve_set_edwards, METH_VARARGS,
     "set_edwards(d, s, t, table): compute on the twisted-Edwards form u^2 + v^2 = 1 + d u^2 v^2 from now on; "
     "table holds (u, v, d u v) of every odd multiple of the Weierstrass table, little-endian."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef Curve_members[] = {
    {"edwards", T_INT, offsetof(CurveObject, edwards), READONLY, "1 once set_edwards was called, else 0."},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject CurveType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "egisz_sdk.signature.gost._gost3410_c.Curve",
    .tp_basicsize = sizeof(CurveObject),
    .tp_dealloc = (destructor)Curve_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One GOST R 34.10 curve with its fixed-base table.",
    .tp_methods = Curve_methods,
    .tp_members = Curve_members,
    .tp_new = Curve_new,
};
#endif /* __SIZEOF_INT128__ */

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_gost3410_c", "GOST R 34.10-2012 point arithmetic in C.", -1, NULL,
};

PyMODINIT_FUNC PyInit__gost3410_c(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
#ifdef HAVE_CURVE
    if (PyType_Ready(&CurveType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&CurveType);
    if (PyModule_AddObject(m, "Curve", (PyObject *)&CurveType) < 0) {
        Py_DECREF(&CurveType);
        Py_DECREF(m);
        return NULL;
    }
#endif
    return m;
}
