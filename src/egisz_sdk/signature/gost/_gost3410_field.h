/*
 * Field arithmetic macros of _gost3410_c.c (included by it once, before the per-size instances): carry helpers,
 * Montgomery multiplication (CIOS), addition, subtraction and Montgomery squaring, each instantiated for a
 * constant number of limbs by FIELD_OPS(N) / FIELD_SQR(N).
 */
/* add and subtract with carry: the x86-64 instructions where the compiler offers them (gcc and clang emit
   adc / sbb chains for these), portable 128-bit arithmetic elsewhere */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <x86intrin.h>
static inline __attribute__((always_inline)) unsigned char adc64(unsigned char c, u64 a, u64 b, u64 *out) {
    unsigned long long o;
    c = _addcarry_u64(c, a, b, &o);
    *out = o;
    return c;
}
static inline __attribute__((always_inline)) unsigned char sbb64(unsigned char c, u64 a, u64 b, u64 *out) {
    unsigned long long o;
    c = _subborrow_u64(c, a, b, &o);
    *out = o;
    return c;
}
#else
static inline unsigned char adc64(unsigned char c, u64 a, u64 b, u64 *out) {
    u128 t = (u128)a + b + c;
    *out = (u64)t;
    return (unsigned char)(t >> 64);
}
static inline unsigned char sbb64(unsigned char c, u64 a, u64 b, u64 *out) {
    u128 t = (u128)a - b - c;
    *out = (u64)t;
    return (unsigned char)((t >> 64) & 1);
}
#endif

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
    u64 s[N], d[N]; \
    unsigned char carry = 0, borrow = 0; \
    for (int j = 0; j < N; j++) carry = adc64(carry, a[j], b[j], &s[j]); \
    for (int j = 0; j < N; j++) borrow = sbb64(borrow, s[j], f->p[j], &d[j]); \
    u64 keep_s = (u64)0 - (u64)(borrow > carry); /* a + b < p */ \
    for (int j = 0; j < N; j++) r[j] = (s[j] & keep_s) | (d[j] & ~keep_s); \
} \
 \
static inline __attribute__((always_inline)) void gf_sub_##N(const Field *f, u64 *r, const u64 *a, const u64 *b) { \
    u64 d[N]; \
    unsigned char borrow = 0, carry = 0; \
    for (int j = 0; j < N; j++) borrow = sbb64(borrow, a[j], b[j], &d[j]); \
    u64 mask = (u64)0 - (u64)borrow; /* a < b: add p back */ \
    for (int j = 0; j < N; j++) carry = adc64(carry, d[j], f->p[j] & mask, &r[j]); \
} \

#define FIELD_OPS_X(N) FIELD_OPS(N)

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

#define FIELD_SQR_X(N) FIELD_SQR(N)

