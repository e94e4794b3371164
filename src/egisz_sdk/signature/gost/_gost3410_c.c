/*
 * GOST R 34.10-2012 point arithmetic in C: the optional "c" backend of egisz_sdk.signature.gost.gost3410.
 *
 * Curves y^2 = x^3 + a*x + b over GF(p), p below 2^256 or 2^512, as 4 or 8 64-bit limbs (little-endian)
 * in Montgomery form (CIOS multiplication; R = 2^(64n)). Points are Jacobian (X, Y, Z), affine x = X/Z^2,
 * y = Y/Z^3. Everything the curve needs besides p is computed by the caller (the Python module
 * _c_ec.py): R^2 mod p, -p^-1 mod 2^64, and the fixed-base table of the base point G (the odd multiples
 * j*2^(w*i)*G, j = 1, 3 .. 2^w - 1, for every window i), built by the pure-Python engine and checked there.
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
 *   and the fixed-base table for G, every special case handled.
 *
 * Needs a compiler with unsigned __int128 (gcc, clang on 64-bit targets); elsewhere the module defines no
 * Curve type and the Python side falls back.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
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
} Field;

typedef struct {
    u64 x[MAXN], y[MAXN], z[MAXN];
} Jac;

/* ---- field ------------------------------------------------------------------------------------- */

/* The field operations, written once and instantiated for 4 and 8 limbs (constant loop bounds). */
#define FIELD_OPS(N) \
static inline __attribute__((always_inline)) void gf_mul_##N(const Field *f, u64 *r, const u64 *a, const u64 *b) { \
    const int n = N; \
    u64 t[MAXN + 2]; \
    memset(t, 0, sizeof t); \
    for (int i = 0; i < n; i++) { \
        u128 c = 0; \
        for (int j = 0; j < n; j++) { \
            c = (u128)a[j] * b[i] + t[j] + (u64)(c >> 64); \
            t[j] = (u64)c; \
        } \
        c = (u128)t[n] + (u64)(c >> 64); \
        t[n] = (u64)c; \
        t[n + 1] = (u64)(c >> 64); \
        u64 m = t[0] * f->n0; \
        c = (u128)m * f->p[0] + t[0]; \
        for (int j = 1; j < n; j++) { \
            c = (u128)m * f->p[j] + t[j] + (u64)(c >> 64); \
            t[j - 1] = (u64)c; \
        } \
        c = (u128)t[n] + (u64)(c >> 64); \
        t[n - 1] = (u64)c; \
        t[n] = t[n + 1] + (u64)(c >> 64); \
    } \
    /* t < 2p: subtract p once, keep the difference unless it borrowed past t[n] */ \
    u64 d[MAXN]; \
    u64 borrow = 0; \
    for (int j = 0; j < n; j++) { \
        u128 s = (u128)t[j] - f->p[j] - borrow; \
        d[j] = (u64)s; \
        borrow = (u64)(s >> 64) & 1; \
    } \
    u64 keep_t = (u64)0 - (u64)(borrow > t[n]); /* all ones when t < p */ \
    for (int j = 0; j < n; j++) r[j] = (t[j] & keep_t) | (d[j] & ~keep_t); \
} \
 \
static inline __attribute__((always_inline)) void gf_add_##N(const Field *f, u64 *r, const u64 *a, const u64 *b) { \
    const int n = N; \
    u64 s[MAXN], d[MAXN], carry = 0, borrow = 0; \
    for (int j = 0; j < n; j++) { \
        u128 t = (u128)a[j] + b[j] + carry; \
        s[j] = (u64)t; \
        carry = (u64)(t >> 64); \
    } \
    for (int j = 0; j < n; j++) { \
        u128 t = (u128)s[j] - f->p[j] - borrow; \
        d[j] = (u64)t; \
        borrow = (u64)(t >> 64) & 1; \
    } \
    u64 keep_s = (u64)0 - (u64)(borrow > carry); \
    for (int j = 0; j < n; j++) r[j] = (s[j] & keep_s) | (d[j] & ~keep_s); \
} \
 \
static inline __attribute__((always_inline)) void gf_sub_##N(const Field *f, u64 *r, const u64 *a, const u64 *b) { \
    const int n = N; \
    u64 d[MAXN], borrow = 0, carry = 0; \
    for (int j = 0; j < n; j++) { \
        u128 t = (u128)a[j] - b[j] - borrow; \
        d[j] = (u64)t; \
        borrow = (u64)(t >> 64) & 1; \
    } \
    u64 mask = (u64)0 - borrow; \
    for (int j = 0; j < n; j++) { \
        u128 t = (u128)d[j] + (f->p[j] & mask) + carry; \
        r[j] = (u64)t; \
        carry = (u64)(t >> 64); \
    } \
} \

FIELD_OPS(4)
FIELD_OPS(8)

static void gf_mul(const Field *f, u64 *r, const u64 *a, const u64 *b) {
    if (f->n == 4) gf_mul_4(f, r, a, b); else gf_mul_8(f, r, a, b);
}

static void gf_add(const Field *f, u64 *r, const u64 *a, const u64 *b) {
    if (f->n == 4) gf_add_4(f, r, a, b); else gf_add_8(f, r, a, b);
}

static void gf_sub(const Field *f, u64 *r, const u64 *a, const u64 *b) {
    if (f->n == 4) gf_sub_4(f, r, a, b); else gf_sub_8(f, r, a, b);
}


/* a^2 in Montgomery form: the off-diagonal products once and doubled, then a separate Montgomery reduction */
#define FIELD_SQR(N) \
static inline __attribute__((always_inline)) void gf_sqr_##N(const Field *f, u64 *r, const u64 *a) { \
    const int n = N; \
    u64 t[2 * N + 1]; \
    memset(t, 0, sizeof t); \
    for (int i = 0; i < n; i++) { \
        u128 c = 0; \
        for (int j = i + 1; j < n; j++) { \
            c = (u128)a[i] * a[j] + t[i + j] + (u64)(c >> 64); \
            t[i + j] = (u64)c; \
        } \
        t[i + n] = (u64)(c >> 64); \
    } \
    u64 top = 0; \
    for (int i = 0; i < 2 * n; i++) { \
        u64 next = t[i] >> 63; \
        t[i] = (t[i] << 1) | top; \
        top = next; \
    } \
    u128 c = 0; \
    for (int i = 0; i < n; i++) { \
        u128 sq = (u128)a[i] * a[i]; \
        c = (u128)t[2 * i] + (u64)sq + (u64)(c >> 64); \
        t[2 * i] = (u64)c; \
        c = (u128)t[2 * i + 1] + (u64)(sq >> 64) + (u64)(c >> 64); \
        t[2 * i + 1] = (u64)c; \
    } \
    u64 carry_top = 0; \
    for (int i = 0; i < n; i++) { \
        u64 m = t[i] * f->n0; \
        u128 cc = 0; \
        for (int j = 0; j < n; j++) { \
            cc = (u128)m * f->p[j] + t[i + j] + (u64)(cc >> 64); \
            t[i + j] = (u64)cc; \
        } \
        u128 s2 = (u128)t[i + n] + (u64)(cc >> 64) + carry_top; \
        t[i + n] = (u64)s2; \
        carry_top = (u64)(s2 >> 64); \
    } \
    u64 d[N]; \
    u64 borrow = 0; \
    for (int j = 0; j < n; j++) { \
        u128 s3 = (u128)t[n + j] - f->p[j] - borrow; \
        d[j] = (u64)s3; \
        borrow = (u64)(s3 >> 64) & 1; \
    } \
    u64 keep_t = (u64)0 - (u64)(borrow > carry_top); \
    for (int j = 0; j < n; j++) r[j] = (t[n + j] & keep_t) | (d[j] & ~keep_t); \
}

FIELD_SQR(4)
FIELD_SQR(8)

static void gf_sqr(const Field *f, u64 *r, const u64 *a) {
    if (f->n == 4) gf_sqr_4(f, r, a); else gf_sqr_8(f, r, a);
}

static u64 gf_is_zero(const Field *f, const u64 *a) { /* all ones when a == 0 (constant time) */
    u64 acc = 0;
    for (int j = 0; j < f->n; j++) acc |= a[j];
    return (u64)0 - (u64)(((acc | ((u64)0 - acc)) >> 63) ^ 1);
}

static void gf_select(const Field *f, u64 *r, const u64 *a, u64 mask) { /* r = mask ? a : r */
    for (int j = 0; j < f->n; j++) r[j] = (r[j] & ~mask) | (a[j] & mask);
}

/* a^(p-2) with 4-bit fixed windows: the exponent is public, the sequence of operations is the same for every a */
static void gf_inv(const Field *f, u64 *r, const u64 *a) {
    u64 pw[16][MAXN], acc[MAXN];
    memcpy(pw[0], f->one, sizeof pw[0]);
    memcpy(pw[1], a, sizeof pw[1]);
    for (int i = 2; i < 16; i++) gf_mul(f, pw[i], pw[i - 1], a);
    memcpy(acc, f->one, sizeof acc);
    for (int i = f->n * 16 - 1; i >= 0; i--) {
        for (int s = 0; s < 4; s++) gf_sqr(f, acc, acc);
        unsigned nib = (unsigned)(f->pm2[i / 16] >> (4 * (i % 16))) & 15;
        gf_mul(f, acc, acc, pw[nib]);
    }
    memcpy(r, acc, sizeof acc);
}

/* ---- points -------------------------------------------------------------------------------------- */

static void jdouble(const Field *f, Jac *r, const Jac *p) {
    u64 yy[MAXN], zz[MAXN], s[MAXN], m[MAXN], t[MAXN], x3[MAXN], y3[MAXN], z3[MAXN];
    gf_sqr(f, yy, p->y);
    gf_sqr(f, zz, p->z);
    gf_mul(f, s, p->x, yy);
    gf_add(f, s, s, s);
    gf_add(f, s, s, s); /* s = 4 x y^2 */
    if (f->a_minus3) { /* 3x^2 - 3z^4 = 3 (x - z^2)(x + z^2) */
        gf_sub(f, t, p->x, zz);
        gf_add(f, m, p->x, zz);
        gf_mul(f, m, m, t);
        gf_add(f, t, m, m);
        gf_add(f, m, t, m);
    } else {
        gf_sqr(f, m, p->x);
        gf_add(f, t, m, m);
        gf_add(f, m, t, m); /* 3 x^2 */
        gf_sqr(f, t, zz);
        gf_mul(f, t, t, f->a);
        gf_add(f, m, m, t); /* m = 3x^2 + a z^4 */
    }
    gf_sqr(f, x3, m);
    gf_sub(f, x3, x3, s);
    gf_sub(f, x3, x3, s);
    gf_sub(f, t, s, x3);
    gf_mul(f, y3, m, t);
    gf_sqr(f, t, yy);
    gf_add(f, t, t, t);
    gf_add(f, t, t, t);
    gf_add(f, t, t, t); /* 8 y^4 */
    gf_sub(f, y3, y3, t);
    gf_mul(f, z3, p->y, p->z);
    gf_add(f, z3, z3, z3);
    memcpy(r->x, x3, sizeof x3);
    memcpy(r->y, y3, sizeof y3);
    memcpy(r->z, z3, sizeof z3);
}

/* r = p + (x2, y2) without special cases; *exceptional gets all ones OR-ed in when h == 0 (P = +-Q). */
static void jadd_affine_ct(const Field *f, Jac *r, const Jac *p, const u64 *x2, const u64 *y2, u64 *exceptional) {
    u64 z1z1[MAXN], h[MAXN], rr[MAXN], hh[MAXN], hhh[MAXN], v[MAXN], t[MAXN], x3[MAXN], y3[MAXN], z3[MAXN];
    gf_sqr(f, z1z1, p->z);
    gf_mul(f, h, x2, z1z1);
    gf_sub(f, h, h, p->x);
    gf_mul(f, t, p->z, z1z1);
    gf_mul(f, rr, y2, t);
    gf_sub(f, rr, rr, p->y);
    *exceptional |= gf_is_zero(f, h);
    gf_sqr(f, hh, h);
    gf_mul(f, hhh, h, hh);
    gf_mul(f, v, p->x, hh);
    gf_sqr(f, x3, rr);
    gf_sub(f, x3, x3, hhh);
    gf_sub(f, x3, x3, v);
    gf_sub(f, x3, x3, v);
    gf_sub(f, t, v, x3);
    gf_mul(f, y3, rr, t);
    gf_mul(f, t, p->y, hhh);
    gf_sub(f, y3, y3, t);
    gf_mul(f, z3, p->z, h);
    memcpy(r->x, x3, sizeof x3);
    memcpy(r->y, y3, sizeof y3);
    memcpy(r->z, z3, sizeof z3);
}

static int jis_inf(const Field *f, const Jac *p) { return gf_is_zero(f, p->z) != 0; }

/* r = p + q, Jacobian, every special case handled (variable time: public data only) */
static void jadd(const Field *f, Jac *r, const Jac *p, const Jac *q) {
    if (jis_inf(f, p)) {
        *r = *q;
        return;
    }
    if (jis_inf(f, q)) {
        *r = *p;
        return;
    }
    u64 z1z1[MAXN], z2z2[MAXN], u1[MAXN], u2[MAXN], s1[MAXN], s2[MAXN], h[MAXN], rr[MAXN], t[MAXN];
    u64 hh[MAXN], hhh[MAXN], v[MAXN], x3[MAXN], y3[MAXN], z3[MAXN];
    gf_sqr(f, z1z1, p->z);
    gf_sqr(f, z2z2, q->z);
    gf_mul(f, u1, p->x, z2z2);
    gf_mul(f, u2, q->x, z1z1);
    gf_mul(f, t, q->z, z2z2);
    gf_mul(f, s1, p->y, t);
    gf_mul(f, t, p->z, z1z1);
    gf_mul(f, s2, q->y, t);
    gf_sub(f, h, u2, u1);
    gf_sub(f, rr, s2, s1);
    if (gf_is_zero(f, h)) {
        if (gf_is_zero(f, rr)) {
            jdouble(f, r, p);
        } else {
            memset(r, 0, sizeof *r);
            memcpy(r->x, f->one, sizeof r->x);
            memcpy(r->y, f->one, sizeof r->y);
        }
        return;
    }
    gf_sqr(f, hh, h);
    gf_mul(f, hhh, h, hh);
    gf_mul(f, v, u1, hh);
    gf_sqr(f, x3, rr);
    gf_sub(f, x3, x3, hhh);
    gf_sub(f, x3, x3, v);
    gf_sub(f, x3, x3, v);
    gf_sub(f, t, v, x3);
    gf_mul(f, y3, rr, t);
    gf_mul(f, t, s1, hhh);
    gf_sub(f, y3, y3, t);
    gf_mul(f, z3, p->z, q->z);
    gf_mul(f, z3, z3, h);
    memcpy(r->x, x3, sizeof x3);
    memcpy(r->y, y3, sizeof y3);
    memcpy(r->z, z3, sizeof z3);
}

/* r = p + (x2, y2), every special case handled (variable time: public data only) */
static void jadd_affine(const Field *f, Jac *r, const Jac *p, const u64 *x2, const u64 *y2) {
    if (jis_inf(f, p)) {
        memcpy(r->x, x2, sizeof r->x);
        memcpy(r->y, y2, sizeof r->y);
        memcpy(r->z, f->one, sizeof r->z);
        return;
    }
    u64 exceptional = 0;
    Jac out;
    jadd_affine_ct(f, &out, p, x2, y2, &exceptional);
    if (exceptional) { /* same x: P = Q (double) or P = -Q (infinity) */
        Jac q;
        memcpy(q.x, x2, sizeof q.x);
        memcpy(q.y, y2, sizeof q.y);
        memcpy(q.z, f->one, sizeof q.z);
        jadd(f, r, p, &q);
        return;
    }
    *r = out;
}

/* ---- the Python type ------------------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    Field f;
    int window, windows;
    u64 *table; /* windows * half * 2 * n limbs, Montgomery form */
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

static void to_mont(const Field *f, u64 *r, const u64 *a) { gf_mul(f, r, a, f->r2); }

static void from_mont(const Field *f, u64 *r, const u64 *a) {
    u64 one[MAXN] = {1};
    gf_mul(f, r, a, one);
}

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
    u64 one_plain[MAXN] = {1};
    to_mont(f, f->one, one_plain);
    to_mont(f, f->a, plain_a);
    memcpy(f->pm2, f->p, sizeof f->pm2);
    f->pm2[0] -= 2; /* p is an odd prime far above 2: no borrow */
    {
        u64 three[MAXN] = {3}, minus3[MAXN];
        gf_sub(f, minus3, f->p, three);
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
        to_mont(f, self->table + e * n, plain);
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
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Affine coordinates (plain, little-endian) as bytes x || y, or None for infinity. */
static PyObject *affine_bytes(const Field *f, const Jac *p) {
    if (jis_inf(f, p)) Py_RETURN_NONE;
    u64 zi[MAXN], zi2[MAXN], x[MAXN], y[MAXN];
    gf_inv(f, zi, p->z);
    gf_sqr(f, zi2, zi);
    gf_mul(f, x, p->x, zi2);
    gf_mul(f, zi2, zi2, zi);
    gf_mul(f, y, p->y, zi2);
    from_mont(f, x, x);
    from_mont(f, y, y);
    unsigned char out[2 * MAXN * 8];
    store_le(out, x, f->n);
    store_le(out + 8 * f->n, y, f->n);
    return PyBytes_FromStringAndSize((const char *)out, 16 * f->n);
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

/* k (< q) -> k or k + q, whichever is odd, in n + 1 limbs, by a mask */
static void make_odd(const Field *f, u64 *out, const u64 *k) {
    const int n = f->n;
    u64 mask = (k[0] & 1) - 1; /* all ones when k is even */
    u128 c = 0;
    for (int j = 0; j < n; j++) {
        c = (u128)k[j] + (f->q[j] & mask) + (u64)(c >> 64);
        out[j] = (u64)c;
    }
    out[n] = (u64)(c >> 64);
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

static PyObject *Curve_mul_base(CurveObject *self, PyObject *arg) {
    const Field *f = &self->f;
    const int n = f->n, w = self->window;
    Py_buffer kb;
    if (PyObject_GetBuffer(arg, &kb, PyBUF_SIMPLE) < 0) return NULL;
    u64 k[MAXN], kk[MAXN + 1];
    int bad = load_le(k, n, kb.buf, kb.len);
    PyBuffer_Release(&kb);
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "scalar has the wrong size");
        return NULL;
    }
    make_odd(f, kk, k);
    const unsigned half = 1u << (w - 1);
    Jac acc;
    u64 exceptional = 0, x[MAXN], y[MAXN], ny[MAXN];
    for (int i = 0; i < self->windows; i++) {
        unsigned index;
        u64 negative;
        recode_digit(kk, n + 1, i, w, i == self->windows - 1, &index, &negative);
        const u64 *row = self->table + (size_t)i * half * 2 * n;
        memset(x, 0, sizeof x);
        memset(y, 0, sizeof y);
        for (unsigned j = 0; j < half; j++) { /* scan the whole row */
            u64 hit = (u64)0 - (u64)(((j ^ index) - 1) >> 31 & 1);
            gf_select(f, x, row + (size_t)j * 2 * n, hit);
            gf_select(f, y, row + (size_t)j * 2 * n + n, hit);
        }
        u64 zero[MAXN] = {0};
        gf_sub(f, ny, zero, y);
        gf_select(f, y, ny, negative);
        if (i == 0) {
            memcpy(acc.x, x, sizeof x);
            memcpy(acc.y, y, sizeof y);
            memcpy(acc.z, f->one, sizeof acc.z);
        } else {
            jadd_affine_ct(f, &acc, &acc, x, y, &exceptional);
        }
    }
    if (exceptional) Py_RETURN_NOTIMPLEMENTED; /* the caller recomputes in Python */
    return affine_bytes(f, &acc);
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

static PyObject *Curve_mul_add(CurveObject *self, PyObject *args) {
    const Field *f = &self->f;
    const int n = f->n, w = self->window;
    Py_buffer b1, b2, bx, by;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &b1, &b2, &bx, &by)) return NULL;
    u64 u1[MAXN], u2[MAXN], qx[MAXN], qy[MAXN];
    int bad = load_le(u1, n, b1.buf, b1.len) | load_le(u2, n, b2.buf, b2.len) | load_le(qx, n, bx.buf, bx.len) |
              load_le(qy, n, by.buf, by.len);
    PyBuffer_Release(&b1);
    PyBuffer_Release(&b2);
    PyBuffer_Release(&bx);
    PyBuffer_Release(&by);
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "argument has the wrong size");
        return NULL;
    }
    /* odd multiples Q, 3Q .. 15Q (Jacobian) */
    Jac tab[8], two, acc;
    to_mont(f, tab[0].x, qx);
    to_mont(f, tab[0].y, qy);
    memcpy(tab[0].z, f->one, sizeof tab[0].z);
    jdouble(f, &two, &tab[0]);
    for (int i = 1; i < 8; i++) jadd(f, &tab[i], &tab[i - 1], &two);
    signed char digits[MAXN * 64 + 2];
    int count = wnaf(u2, n, digits, (int)sizeof digits);
    memset(&acc, 0, sizeof acc);
    memcpy(acc.x, f->one, sizeof acc.x);
    memcpy(acc.y, f->one, sizeof acc.y);
    for (int i = count - 1; i >= 0; i--) {
        jdouble(f, &acc, &acc);
        int d = digits[i];
        if (d) {
            Jac t = tab[(d > 0 ? d : -d) >> 1];
            if (d < 0) {
                u64 zero[MAXN] = {0};
                gf_sub(f, t.y, zero, t.y);
            }
            jadd(f, &acc, &acc, &t);
        }
    }
    /* + u1*G through the fixed-base table (u1 made odd like the signing scalar) */
    u64 kk[MAXN + 1];
    make_odd(f, kk, u1);
    const unsigned half = 1u << (w - 1);
    for (int i = 0; i < self->windows; i++) {
        unsigned index;
        u64 negative;
        recode_digit(kk, n + 1, i, w, i == self->windows - 1, &index, &negative);
        const u64 *entry = self->table + ((size_t)i * half + index) * 2 * n;
        u64 y[MAXN];
        memcpy(y, entry + n, (size_t)n * 8);
        if (negative) {
            u64 zero[MAXN] = {0};
            gf_sub(f, y, zero, y);
        }
        jadd_affine(f, &acc, &acc, entry, y);
    }
    return affine_bytes(f, &acc);
}

static PyMethodDef Curve_methods[] = {
    {"mul_base", (PyCFunction)Curve_mul_base, METH_O,
     "k*G for k (little-endian, n*8 bytes, 0 < k < q): x || y little-endian, None for infinity, NotImplemented "
     "after an exceptional addition."},
    {"mul_add", (PyCFunction)Curve_mul_add, METH_VARARGS, "u1*G + u2*Q (variable time): x || y or None."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject CurveType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "egisz_sdk.signature.gost._gost3410_c.Curve",
    .tp_basicsize = sizeof(CurveObject),
    .tp_dealloc = (destructor)Curve_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One GOST R 34.10 curve with its fixed-base table.",
    .tp_methods = Curve_methods,
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
