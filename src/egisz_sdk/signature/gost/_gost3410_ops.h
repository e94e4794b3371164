/*
 * The per-size part of _gost3410_c.c: field and point arithmetic and the multiplications, compiled four times
 * (NL = 4 and NL = 8 limbs, each with Montgomery multiplication, PM = 0, and with the reduction for a prime
 * p = 2^(64 NL) - c, c < 2^32, PM = 1) so that every loop has a constant bound and every call can be inlined.
 * Included by _gost3410_c.c only; the function names get the suffix SUF (4, 8, 4p, 8p).
 */
#define SFX2(name, n) name##_##n
#define SFX1(name, n) SFX2(name, n)
#define FN(name) SFX1(name, SUF)
#define gf_mul FN(gf_mul)
#define gf_sqr FN(gf_sqr)
#define gf_is_zero FN(gf_is_zero)
#define gf_select FN(gf_select)
#define gf_inv FN(gf_inv)
#define jdouble FN(jdouble)
#define jadd_affine_ct FN(jadd_affine_ct)
#define jis_inf FN(jis_inf)
#define jadd FN(jadd)
#define jadd_affine FN(jadd_affine)
#define to_mont FN(to_mont)
#define from_mont FN(from_mont)
#define affine_bytes FN(affine_bytes)
#define make_odd FN(make_odd)
#define mul_base_core FN(mul_base_core)
#define mul_add_core FN(mul_add_core)
#define ed_dbl FN(ed_dbl)
#define ed_madd FN(ed_madd)
#define ed_add FN(ed_add)
#define ed_to_weierstrass FN(ed_to_weierstrass)
#define ed_mul_base_core FN(ed_mul_base_core)
#define ed_mul_add_core FN(ed_mul_add_core)

#if PM
/* Addition and subtraction do not depend on the representation: the Montgomery instance's are shared. */
#define gf_add SFX1(gf_add, NL)
#define gf_sub SFX1(gf_sub, NL)

/* t (2 NL limbs) mod p for p = 2^(64 NL) - c: fold the high half in as hi*c twice, then one masked
   subtraction of p. No branch: the same instructions for every t. */
static inline __attribute__((always_inline)) void FN(pm_reduce)(const Field *f, u64 *r, const u64 *t) {
    const u64 c = f->pmc;
    u128 acc = 0;
    u64 x[NL];
    for (int j = 0; j < NL; j++) {
        acc = (u128)t[NL + j] * c + t[j] + (u64)(acc >> 64);
        x[j] = (u64)acc;
    }
    /* value = x + hi * 2^(64 NL), hi < 2^33 */
    acc = (u128)(u64)(acc >> 64) * c + x[0];
    x[0] = (u64)acc;
    for (int j = 1; j < NL; j++) {
        acc = (u128)x[j] + (u64)(acc >> 64);
        x[j] = (u64)acc;
    }
    /* a carry out here means x wrapped and is now below 2^66: adding c once more cannot carry out */
    acc = (u128)x[0] + (c & ((u64)0 - (u64)(acc >> 64)));
    x[0] = (u64)acc;
    for (int j = 1; j < NL; j++) {
        acc = (u128)x[j] + (u64)(acc >> 64);
        x[j] = (u64)acc;
    }
    /* x < 2^(64 NL): x >= p exactly when x + c carries out, and then x + c (mod 2^(64 NL)) = x - p */
    u64 y[NL];
    acc = (u128)x[0] + c;
    y[0] = (u64)acc;
    for (int j = 1; j < NL; j++) {
        acc = (u128)x[j] + (u64)(acc >> 64);
        y[j] = (u64)acc;
    }
    u64 take_y = (u64)0 - (u64)(acc >> 64);
    for (int j = 0; j < NL; j++) r[j] = (x[j] & ~take_y) | (y[j] & take_y);
}

/* a b and a^2 by product scanning (Comba): column k of the product summed in a 192-bit accumulator */
static inline __attribute__((always_inline)) void gf_mul(const Field *f, u64 *r, const u64 *a, const u64 *b) {
    u64 t[2 * NL];
    u128 acc = 0;
    u64 top = 0;
#pragma GCC unroll 16
    for (int k = 0; k < 2 * NL - 1; k++) {
        const int lo = k < NL ? 0 : k - NL + 1, hi = k < NL ? k : NL - 1;
#pragma GCC unroll 8
        for (int i = lo; i <= hi; i++) {
            u128 pr = (u128)a[i] * b[k - i];
            acc += pr;
            top += acc < pr;
        }
        t[k] = (u64)acc;
        acc = (acc >> 64) | ((u128)top << 64);
        top = 0;
    }
    t[2 * NL - 1] = (u64)acc;
    FN(pm_reduce)(f, r, t);
}

static inline __attribute__((always_inline)) void gf_sqr(const Field *f, u64 *r, const u64 *a) {
    u64 t[2 * NL];
    u128 acc = 0;
    u64 top = 0;
#pragma GCC unroll 16
    for (int k = 0; k < 2 * NL - 1; k++) {
        const int lo = k < NL ? 0 : k - NL + 1;
        u128 cross = 0;
        u64 cross_top = 0;
        for (int i = lo; i < k - i; i++) { /* a[i] a[k - i], i < k - i: once, doubled below */
            u128 pr = (u128)a[i] * a[k - i];
            cross += pr;
            cross_top += cross < pr;
        }
        cross_top = (cross_top << 1) | (u64)(cross >> 127);
        cross <<= 1;
        acc += cross;
        top += cross_top + (acc < cross);
        if ((k & 1) == 0) {
            u128 pr = (u128)a[k / 2] * a[k / 2];
            acc += pr;
            top += acc < pr;
        }
        t[k] = (u64)acc;
        acc = (acc >> 64) | ((u128)top << 64);
        top = 0;
    }
    t[2 * NL - 1] = (u64)acc;
    FN(pm_reduce)(f, r, t);
}
#else
#define gf_add FN(gf_add)
#define gf_sub FN(gf_sub)
FIELD_OPS_X(NL)
FIELD_SQR_X(NL)
#endif

static u64 gf_is_zero(const Field *f, const u64 *a) { /* all ones when a == 0 (constant time) */
    u64 acc = 0;
    for (int j = 0; j < NL; j++) acc |= a[j];
    return (u64)0 - (u64)(((acc | ((u64)0 - acc)) >> 63) ^ 1);
}

static void gf_select(const Field *f, u64 *r, const u64 *a, u64 mask) { /* r = mask ? a : r */
    for (int j = 0; j < NL; j++) r[j] = (r[j] & ~mask) | (a[j] & mask);
}

/* a^(p-2) with 4-bit fixed windows: the exponent is public, the sequence of operations is the same for every a */
static void gf_inv(const Field *f, u64 *r, const u64 *a) {
    u64 pw[16][MAXN], acc[MAXN];
    memcpy(pw[0], f->one, sizeof pw[0]);
    memcpy(pw[1], a, sizeof pw[1]);
    for (int i = 2; i < 16; i++) gf_mul(f, pw[i], pw[i - 1], a);
    memcpy(acc, f->one, sizeof acc);
    for (int i = NL * 16 - 1; i >= 0; i--) {
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

static void to_mont(const Field *f, u64 *r, const u64 *a) { gf_mul(f, r, a, f->r2); }

static void from_mont(const Field *f, u64 *r, const u64 *a) {
    u64 one[MAXN] = {1};
    gf_mul(f, r, a, one);
}

/* Whether some x = r + j q < p (r < q, plain) satisfies same(x): the affine x of a point is congruent to r
   modulo q exactly when it is one of these. Variable time (verification: public data). */
#define x_candidates FN(x_candidates)
static int x_candidates(const Field *f, const u64 *r, int (*same)(const Field *, const u64 *, const void *),
                        const void *ctx) {
    u64 cand[MAXN];
    memcpy(cand, r, sizeof cand);
    for (int guard = 0; guard < 64; guard++) {
        int below = 0; /* cand < p */
        for (int j = NL - 1; j >= 0; j--)
            if (cand[j] != f->p[j]) {
                below = cand[j] < f->p[j];
                break;
            }
        if (!below) return 0;
        u64 m[MAXN];
        to_mont(f, m, cand);
        if (same(f, m, ctx)) return 1;
        unsigned char c = 0;
        for (int j = 0; j < NL; j++) c = adc64(c, cand[j], f->q[j], &cand[j]);
        if (c) return 0;
    }
    return 0;
}

/* x == X / Z^2 for a Jacobian point: x Z^2 == X */
#define jac_same_x FN(jac_same_x)
static int jac_same_x(const Field *f, const u64 *x, const void *ctx) {
    const Jac *p = ctx;
    u64 zz[MAXN], d[MAXN];
    gf_sqr(f, zz, p->z);
    gf_mul(f, zz, zz, x);
    gf_sub(f, d, zz, p->x);
    return gf_is_zero(f, d) != 0;
}

/* Py_True when the affine x of p is congruent to r modulo q (Py_False for infinity) */
#define jac_matches FN(jac_matches)
static PyObject *jac_matches(const Field *f, const Jac *p, const u64 *r) {
    if (jis_inf(f, p)) Py_RETURN_FALSE;
    return PyBool_FromLong(x_candidates(f, r, jac_same_x, p));
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
    store_le(out, x, NL);
    store_le(out + 8 * NL, y, NL);
    return PyBytes_FromStringAndSize((const char *)out, 16 * NL);
}

/* k (< q) -> k or k + q, whichever is odd, in n + 1 limbs, by a mask */
static void make_odd(const Field *f, u64 *out, const u64 *k) {
    const int n = NL;
    u64 mask = (k[0] & 1) - 1; /* all ones when k is even */
    u128 c = 0;
    for (int j = 0; j < n; j++) {
        c = (u128)k[j] + (f->q[j] & mask) + (u64)(c >> 64);
        out[j] = (u64)c;
    }
    out[n] = (u64)(c >> 64);
}

static PyObject *mul_base_core(CurveObject *self, const u64 *k) {
    const Field *f = &self->f;
    const int n = NL, w = self->window;
    u64 kk[MAXN + 1];
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

/* u1*G + u2*Q: x || y, or None; or, with r given, whether x = r (mod q) (Py_True / Py_False) */
static PyObject *mul_add_core(CurveObject *self, const u64 *u1, const u64 *u2, const u64 *qx, const u64 *qy,
                              const u64 *r) {
    const Field *f = &self->f;
    const int n = NL, w = self->window;
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
    return r ? jac_matches(f, &acc, r) : affine_bytes(f, &acc);
}

#include "_gost3410_edwards.h"

#undef gf_mul
#undef gf_add
#undef gf_sub
#undef gf_sqr
#undef gf_is_zero
#undef gf_select
#undef gf_inv
#undef jdouble
#undef jadd_affine_ct
#undef jis_inf
#undef jadd
#undef jadd_affine
#undef to_mont
#undef from_mont
#undef affine_bytes
#undef make_odd
#undef mul_base_core
#undef mul_add_core
#undef ed_dbl
#undef ed_madd
#undef ed_add
#undef ed_to_weierstrass
#undef ed_mul_base_core
#undef ed_mul_add_core
#undef x_candidates
#undef jac_same_x
#undef jac_matches
#undef ed_same_x
#undef ed_same_t
#undef FN
#undef SFX1
#undef SFX2
