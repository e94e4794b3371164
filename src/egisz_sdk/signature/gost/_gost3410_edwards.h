/*
 * The twisted-Edwards part of _gost3410_ops.h (tc26-256-A, tc26-512-C): included by it once per instance, after
 * the field and Weierstrass code, with the same names in effect (gf_mul -> gf_mul_<SUF> ...). See the comment
 * at the top of _gost3410_c.c for the formulas and what each multiplication guarantees.
 */
/* ---- twisted Edwards (e = 1): extended coordinates (X : Y : Z : T), u = X/Z, v = Y/Z, T = XY/Z ------------ */
/* The curve u^2 + v^2 = 1 + d u^2 v^2 with d a non-square: the Hisil-Wong-Carter-Dawson formulas below are
   complete there (no exceptional input), so they need no special case, for secret or public data alike. */

/* r = 2p (dbl-2008-hwcd with a = 1: 3M + 4S, plus 1M for T when want_t) */
static inline void ed_dbl(const Field *f, Ext *r, const Ext *p, int want_t) {
    u64 a[MAXN], b[MAXN], c[MAXN], e[MAXN], g[MAXN], h[MAXN], ff[MAXN];
    gf_sqr(f, a, p->x);
    gf_sqr(f, b, p->y);
    gf_sqr(f, c, p->z);
    gf_add(f, c, c, c);
    gf_add(f, e, p->x, p->y);
    gf_sqr(f, e, e);
    gf_sub(f, e, e, a);
    gf_sub(f, e, e, b);
    gf_add(f, g, a, b);
    gf_sub(f, ff, g, c);
    gf_sub(f, h, a, b);
    gf_mul(f, r->x, e, ff);
    gf_mul(f, r->y, g, h);
    gf_mul(f, r->z, ff, g);
    if (want_t) gf_mul(f, r->t, e, h);
}

/* r = p + (x2, y2) with dt2 = d x2 y2 (add-2008-hwcd with Z2 = 1, a = 1: 8M, 7M without T) */
static inline void ed_madd(const Field *f, Ext *r, const Ext *p, const u64 *x2, const u64 *y2, const u64 *dt2,
                           int want_t) {
    u64 a[MAXN], b[MAXN], c[MAXN], e[MAXN], s[MAXN], ff[MAXN], g[MAXN], h[MAXN];
    gf_mul(f, a, p->x, x2);
    gf_mul(f, b, p->y, y2);
    gf_mul(f, c, p->t, dt2);
    gf_add(f, e, p->x, p->y);
    gf_add(f, s, x2, y2);
    gf_mul(f, e, e, s);
    gf_sub(f, e, e, a);
    gf_sub(f, e, e, b);
    gf_sub(f, ff, p->z, c);
    gf_add(f, g, p->z, c);
    gf_sub(f, h, b, a);
    gf_mul(f, r->x, e, ff);
    gf_mul(f, r->y, g, h);
    gf_mul(f, r->z, ff, g);
    if (want_t) gf_mul(f, r->t, e, h);
}

/* r = p + q, q with dT = d T (add-2008-hwcd, a = 1: 9M, 8M without T) */
static inline void ed_add(const Field *f, Ext *r, const Ext *p, const Cached *q, int want_t) {
    u64 a[MAXN], b[MAXN], c[MAXN], dd[MAXN], e[MAXN], s[MAXN], ff[MAXN], g[MAXN], h[MAXN];
    gf_mul(f, a, p->x, q->x);
    gf_mul(f, b, p->y, q->y);
    gf_mul(f, c, p->t, q->dt);
    gf_mul(f, dd, p->z, q->z);
    gf_add(f, e, p->x, p->y);
    gf_add(f, s, q->x, q->y);
    gf_mul(f, e, e, s);
    gf_sub(f, e, e, a);
    gf_sub(f, e, e, b);
    gf_sub(f, ff, dd, c);
    gf_add(f, g, dd, c);
    gf_sub(f, h, b, a);
    gf_mul(f, r->x, e, ff);
    gf_mul(f, r->y, g, h);
    gf_mul(f, r->z, ff, g);
    if (want_t) gf_mul(f, r->t, e, h);
}

/* The Weierstrass point of p: x = s (Z + Y) / (Z - Y) + t, y = s (Z + Y) Z / ((Z - Y) X), one inversion of
   (Z - Y) X, plain little-endian x || y. *degenerate gets all ones when X = 0 (p is the neutral element or
   the point (0, -1) of order 2: no affine image through these formulas); computed without branching. */
static void ed_to_weierstrass(const Field *f, const CurveObject *self, const Ext *p, u64 *x, u64 *y,
                              u64 *degenerate) {
    u64 num[MAXN], den[MAXN], inv[MAXN], zmy[MAXN];
    gf_add(f, num, p->z, p->y);
    gf_mul(f, num, num, self->ed_s);
    gf_sub(f, zmy, p->z, p->y);
    gf_mul(f, den, zmy, p->x);
    *degenerate = gf_is_zero(f, den);
    gf_inv(f, inv, den);
    gf_mul(f, inv, inv, num);  /* s (Z + Y) / ((Z - Y) X) */
    gf_mul(f, x, inv, p->x);
    gf_add(f, x, x, self->ed_t);
    gf_mul(f, y, inv, p->z);
    from_mont(f, x, x);
    from_mont(f, y, y);
}

static PyObject *ed_mul_base_core(CurveObject *self, const u64 *k) {
    const Field *f = &self->f;
    const int n = NL, w = self->window;
    u64 kk[MAXN + 1];
    make_odd(f, kk, k);
    const unsigned half = 1u << (w - 1);
    Ext acc;
    u64 x[MAXN], y[MAXN], dt[MAXN], neg[MAXN], zero[MAXN] = {0};
    for (int i = 0; i < self->windows; i++) {
        unsigned index;
        u64 negative;
        recode_digit(kk, n + 1, i, w, i == self->windows - 1, &index, &negative);
        const u64 *row = self->ed_table + (size_t)i * half * 3 * n;
        memset(x, 0, sizeof x);
        memset(y, 0, sizeof y);
        memset(dt, 0, sizeof dt);
        for (unsigned j = 0; j < half; j++) { /* scan the whole row */
            u64 hit = (u64)0 - (u64)(((j ^ index) - 1) >> 31 & 1);
            const u64 *entry = row + (size_t)j * 3 * n;
            gf_select(f, x, entry, hit);
            gf_select(f, y, entry + n, hit);
            gf_select(f, dt, entry + 2 * n, hit);
        }
        /* -(u, v) = (-u, v): negate u and d u v by masked selects */
        gf_sub(f, neg, zero, x);
        gf_select(f, x, neg, negative);
        gf_sub(f, neg, zero, dt);
        gf_select(f, dt, neg, negative);
        if (i == 0) {
            memcpy(acc.x, x, sizeof x);
            memcpy(acc.y, y, sizeof y);
            memcpy(acc.z, f->one, sizeof acc.z);
            gf_mul(f, acc.t, x, y);
        } else {
            ed_madd(f, &acc, &acc, x, y, dt, i < self->windows - 1);
        }
    }
    u64 degenerate;
    ed_to_weierstrass(f, self, &acc, x, y, &degenerate);
    if (degenerate) Py_RETURN_NOTIMPLEMENTED; /* k*G = O: impossible for 0 < k < q; the caller recomputes */
    unsigned char out[2 * MAXN * 8];
    store_le(out, x, NL);
    store_le(out + 8 * NL, y, NL);
    return PyBytes_FromStringAndSize((const char *)out, 16 * NL);
}

/* u1*G + u2*Q on the Edwards form (variable time, public data). Q = (qx, qy) must have y != 0 and
   x - t + s != 0 (the caller checks: the other points have no affine Edwards image). */
/* x = s (Z + Y)/(Z - Y) + t: (x - t)(Z - Y) == s (Z + Y), no inversion (ctx: the Ext point, then s (Z + Y)) */
typedef struct {
    const CurveObject *self;
    u64 zmy[MAXN], lhs[MAXN];
} FN(EdCheck);
#define ed_same_x FN(ed_same_x)
static int ed_same_x(const Field *f, const u64 *x, const void *ctx) {
    const FN(EdCheck) *c = ctx;
    u64 d[MAXN];
    gf_sub(f, d, x, c->self->ed_t);
    gf_mul(f, d, d, c->zmy);
    gf_sub(f, d, d, c->lhs);
    return gf_is_zero(f, d) != 0;
}

#define ed_same_t FN(ed_same_t)
static int ed_same_t(const Field *f, const u64 *x, const void *ctx) {
    const CurveObject *self = ctx;
    u64 d[MAXN];
    gf_sub(f, d, x, self->ed_t);
    return gf_is_zero(f, d) != 0;
}

static PyObject *ed_mul_add_core(CurveObject *self, const u64 *u1, const u64 *u2, const u64 *qx, const u64 *qy,
                                 const u64 *r) {
    const Field *f = &self->f;
    const int n = NL, w = self->window;
    /* Q in extended coordinates without an inversion: with m = x - t,
       X = m (m + s), Y = (m - s) y, Z = y (m + s), T = m (m - s) */
    u64 wx[MAXN], wy[MAXN], m[MAXN], mp[MAXN], mm[MAXN];
    to_mont(f, wx, qx);
    to_mont(f, wy, qy);
    gf_sub(f, m, wx, self->ed_t);
    gf_add(f, mp, m, self->ed_s);
    gf_sub(f, mm, m, self->ed_s);
    Ext pt, two;
    gf_mul(f, pt.x, m, mp);
    gf_mul(f, pt.y, mm, wy);
    gf_mul(f, pt.z, wy, mp);
    gf_mul(f, pt.t, m, mm);
    /* odd multiples Q, 3Q .. 15Q, cached with d T */
    Cached tab[8], twoc;
    ed_dbl(f, &two, &pt, 1);
    memcpy(twoc.x, two.x, sizeof twoc.x);
    memcpy(twoc.y, two.y, sizeof twoc.y);
    memcpy(twoc.z, two.z, sizeof twoc.z);
    gf_mul(f, twoc.dt, two.t, self->ed_d);
    for (int i = 0; i < 8; i++) {
        if (i) ed_add(f, &pt, &pt, &twoc, 1);
        memcpy(tab[i].x, pt.x, sizeof pt.x);
        memcpy(tab[i].y, pt.y, sizeof pt.y);
        memcpy(tab[i].z, pt.z, sizeof pt.z);
        gf_mul(f, tab[i].dt, pt.t, self->ed_d);
    }
    signed char digits[MAXN * 64 + 2];
    int count = wnaf(u2, n, digits, (int)sizeof digits);
    Ext acc;
    memset(&acc, 0, sizeof acc); /* the neutral element (0 : 1 : 1 : 0) */
    memcpy(acc.y, f->one, sizeof acc.y);
    memcpy(acc.z, f->one, sizeof acc.z);
    u64 zero[MAXN] = {0};
    for (int i = count - 1; i >= 0; i--) {
        int d = digits[i];
        if (i != count - 1) ed_dbl(f, &acc, &acc, d != 0 || i == 0); /* the top digit: acc is O */
        if (d) {
            Cached t = tab[(d > 0 ? d : -d) >> 1];
            if (d < 0) {
                gf_sub(f, t.x, zero, t.x);
                gf_sub(f, t.dt, zero, t.dt);
            }
            ed_add(f, &acc, &acc, &t, i == 0); /* T only when the comb additions follow */
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
        const u64 *entry = self->ed_table + ((size_t)i * half + index) * 3 * n;
        if (negative) {
            u64 x[MAXN], dt[MAXN];
            gf_sub(f, x, zero, entry);
            gf_sub(f, dt, zero, entry + 2 * n);
            ed_madd(f, &acc, &acc, x, entry + n, dt, 1);
        } else {
            ed_madd(f, &acc, &acc, entry, entry + n, entry + 2 * n, 1);
        }
    }
    if (gf_is_zero(f, acc.x)) { /* O (v = 1) or the point (0, -1) of order 2, whose image is (t, 0) */
        u64 ymz[MAXN];
        gf_sub(f, ymz, acc.y, acc.z);
        if (gf_is_zero(f, ymz)) {
            if (r) Py_RETURN_FALSE;
            Py_RETURN_NONE;
        }
        if (r) return PyBool_FromLong(x_candidates(f, r, ed_same_t, self));
        u64 tx[MAXN];
        from_mont(f, tx, self->ed_t);
        unsigned char out[2 * MAXN * 8] = {0};
        store_le(out, tx, NL);
        return PyBytes_FromStringAndSize((const char *)out, 16 * NL);
    }
    if (r) { /* X != 0, so v != +-1 and Z - Y != 0 */
        FN(EdCheck) check;
        check.self = self;
        gf_sub(f, check.zmy, acc.z, acc.y);
        gf_add(f, check.lhs, acc.z, acc.y);
        gf_mul(f, check.lhs, check.lhs, self->ed_s);
        return PyBool_FromLong(x_candidates(f, r, ed_same_x, &check));
    }
    u64 x[MAXN], y[MAXN], degenerate;
    ed_to_weierstrass(f, self, &acc, x, y, &degenerate);
    unsigned char out[2 * MAXN * 8];
    store_le(out, x, NL);
    store_le(out + 8 * NL, y, NL);
    return PyBytes_FromStringAndSize((const char *)out, 16 * NL);
}

