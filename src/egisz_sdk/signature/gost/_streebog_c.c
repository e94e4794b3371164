/*
 * GOST R 34.11-2012 "Streebog" (RFC 6986) as a CPython extension: the optional "c" backend of
 * egisz_sdk.signature.gost.streebog.
 *
 * Written from the standard. The state h, the message length N and the checksum Sigma are eight 64-bit
 * words each, word i holding bytes 8i .. 8i+7 of the little-endian 512-bit number (RFC 6986 prints these
 * numbers big-endian). One round's LPS (substitution pi, transposition tau, linear map l) is folded into
 * eight tables of 256 words, so word j of LPS(x) is the XOR over i of T[i][byte j of word i of x].
 *
 * The tables and the twelve round constants are not typed in here: setup.py generates
 * _streebog_tables.h from egisz_sdk/signature/gost/_streebog_tables.py, the same data the pure-Python
 * engine uses, at build time.
 *
 * The object mirrors hashlib's: update(bytes-like), digest() (does not end the computation), copy().
 * Large updates release the GIL; a per-object lock keeps concurrent use of one object consistent.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>
#include <stdint.h>
#include <string.h>

#include "_streebog_tables.h" /* SB_T[8][256], SB_C[12][8] */

#define SB_BLOCK 64
#define SB_GIL_MINSIZE 2048

typedef struct {
    uint64_t h[8];
    uint64_t n[8];
    uint64_t sigma[8];
    unsigned char buf[SB_BLOCK];
    size_t buflen;
} sb_ctx;

typedef struct {
    PyObject_HEAD
    sb_ctx ctx;
    int digest_size;
    PyThread_type_lock lock;
} StreebogObject;

static inline uint64_t load64(const unsigned char *p) {
    return (uint64_t)p[0] | ((uint64_t)p[1] << 8) | ((uint64_t)p[2] << 16) | ((uint64_t)p[3] << 24) |
           ((uint64_t)p[4] << 32) | ((uint64_t)p[5] << 40) | ((uint64_t)p[6] << 48) | ((uint64_t)p[7] << 56);
}

static inline void store64(unsigned char *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* Byte j of word i of the XORed state (shifts measured faster than byte loads through memory). */
#define SB_BYTE(x, i, j) (((x).w[i] >> (8 * (j))) & 0xff)

#define SB_WORD(x, j)                                                                                 \
    (SB_T[0][SB_BYTE(x, 0, j)] ^ SB_T[1][SB_BYTE(x, 1, j)] ^ SB_T[2][SB_BYTE(x, 2, j)] ^               \
     SB_T[3][SB_BYTE(x, 3, j)] ^ SB_T[4][SB_BYTE(x, 4, j)] ^ SB_T[5][SB_BYTE(x, 5, j)] ^               \
     SB_T[6][SB_BYTE(x, 6, j)] ^ SB_T[7][SB_BYTE(x, 7, j)])

/* out = LPS(a XOR b); out may alias neither a nor b */
static inline void lpsx(uint64_t *restrict out, const uint64_t *a, const uint64_t *b) {
    union {
        uint64_t w[8];
        unsigned char c[64];
    } x;
    for (int i = 0; i < 8; i++) x.w[i] = a[i] ^ b[i];
    out[0] = SB_WORD(x, 0);
    out[1] = SB_WORD(x, 1);
    out[2] = SB_WORD(x, 2);
    out[3] = SB_WORD(x, 3);
    out[4] = SB_WORD(x, 4);
    out[5] = SB_WORD(x, 5);
    out[6] = SB_WORD(x, 6);
    out[7] = SB_WORD(x, 7);
}

/* h = g_N(h, m) = E(LPS(h ^ N), m) ^ h ^ m; the round buffers alternate instead of being copied */
static void compress(uint64_t h[8], const uint64_t n[8], const uint64_t m[8]) {
    uint64_t buf[4][8];
    uint64_t *k = buf[0], *s = buf[1], *nk = buf[2], *ns = buf[3], *tmp;
    lpsx(k, h, n);
    lpsx(s, m, k);
    lpsx(nk, k, SB_C[0]);
    tmp = k, k = nk, nk = tmp;
    for (int r = 1; r < 12; r++) {
        lpsx(ns, s, k);
        lpsx(nk, k, SB_C[r]);
        tmp = s, s = ns, ns = tmp;
        tmp = k, k = nk, nk = tmp;
    }
    for (int i = 0; i < 8; i++) h[i] ^= s[i] ^ k[i] ^ m[i];
}

/* a = (a + b) mod 2^512 */
static inline void add512(uint64_t a[8], const uint64_t b[8]) {
    uint64_t carry = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t sum = a[i] + b[i];
        uint64_t c1 = sum < a[i];
        uint64_t total = sum + carry;
        carry = c1 | (total < sum);
        a[i] = total;
    }
}

/* a = (a + v) mod 2^512 for a small v */
static inline void add_small(uint64_t a[8], uint64_t v) {
    for (int i = 0; i < 8 && v; i++) {
        uint64_t sum = a[i] + v;
        v = sum < a[i];
        a[i] = sum;
    }
}

static void block(sb_ctx *c, const unsigned char *p) {
    uint64_t m[8];
    for (int i = 0; i < 8; i++) m[i] = load64(p + 8 * i);
    compress(c->h, c->n, m);
    add_small(c->n, 512);
    add512(c->sigma, m);
}

static void ctx_init(sb_ctx *c, int digest_size) {
    memset(c, 0, sizeof *c);
    if (digest_size == 32) {
        for (int i = 0; i < 8; i++) c->h[i] = 0x0101010101010101ULL;
    }
}

static void ctx_update(sb_ctx *c, const unsigned char *data, size_t len) {
    if (c->buflen) {
        size_t need = SB_BLOCK - c->buflen;
        if (len < need) {
            memcpy(c->buf + c->buflen, data, len);
            c->buflen += len;
            return;
        }
        memcpy(c->buf + c->buflen, data, need);
        block(c, c->buf);
        c->buflen = 0;
        data += need;
        len -= need;
    }
    while (len >= SB_BLOCK) {
        block(c, data);
        data += SB_BLOCK;
        len -= SB_BLOCK;
    }
    if (len) {
        memcpy(c->buf, data, len);
        c->buflen = len;
    }
}

/* Finish a copy of the context; the original stays usable. */
static void ctx_digest(const sb_ctx *src, int digest_size, unsigned char *out) {
    sb_ctx c = *src;
    unsigned char padded[SB_BLOCK];
    uint64_t m[8], zero[8] = {0}, h[8];
    memset(padded, 0, sizeof padded);
    memcpy(padded, c.buf, c.buflen);
    padded[c.buflen] = 0x01;
    for (int i = 0; i < 8; i++) m[i] = load64(padded + 8 * i);
    compress(c.h, c.n, m);
    add_small(c.n, 8 * (uint64_t)c.buflen);
    add512(c.sigma, m);
    compress(c.h, zero, c.n);
    compress(c.h, zero, c.sigma);
    memcpy(h, c.h, sizeof h);
    if (digest_size == 32) {
        for (int i = 0; i < 4; i++) store64(out + 8 * i, h[4 + i]);
    } else {
        for (int i = 0; i < 8; i++) store64(out + 8 * i, h[i]);
    }
}

/* ------------------------------------------------------------------------------------------------ */

static PyTypeObject StreebogType;

static PyObject *Streebog_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"digest_size", NULL};
    int size;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "i", kwlist, &size)) return NULL;
    if (size != 32 && size != 64) {
        PyErr_SetString(PyExc_ValueError, "digest_size must be 32 or 64");
        return NULL;
    }
    StreebogObject *self = (StreebogObject *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    self->digest_size = size;
    self->lock = NULL;
    ctx_init(&self->ctx, size);
    return (PyObject *)self;
}

static void Streebog_dealloc(StreebogObject *self) {
    if (self->lock) PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

#define ACQUIRE(obj)                                                     \
    do {                                                                 \
        if ((obj)->lock && !PyThread_acquire_lock((obj)->lock, 0)) {     \
            Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock((obj)->lock, 1); \
            Py_END_ALLOW_THREADS                                         \
        }                                                                \
    } while (0)
#define RELEASE(obj)                                      \
    do {                                                  \
        if ((obj)->lock) PyThread_release_lock((obj)->lock); \
    } while (0)

static PyObject *Streebog_update(StreebogObject *self, PyObject *arg) {
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    if (view.len >= SB_GIL_MINSIZE && self->lock == NULL) {
        self->lock = PyThread_allocate_lock(); /* failure only means the GIL is kept */
    }
    if (view.len >= SB_GIL_MINSIZE && self->lock != NULL) {
        Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock(self->lock, 1);
        ctx_update(&self->ctx, (const unsigned char *)view.buf, (size_t)view.len);
        PyThread_release_lock(self->lock);
        Py_END_ALLOW_THREADS
    } else {
        ACQUIRE(self);
        ctx_update(&self->ctx, (const unsigned char *)view.buf, (size_t)view.len);
        RELEASE(self);
    }
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyObject *Streebog_digest(StreebogObject *self, PyObject *Py_UNUSED(ignored)) {
    unsigned char out[64];
    ACQUIRE(self);
    ctx_digest(&self->ctx, self->digest_size, out);
    RELEASE(self);
    return PyBytes_FromStringAndSize((const char *)out, self->digest_size);
}

static PyObject *Streebog_copy(StreebogObject *self, PyObject *Py_UNUSED(ignored)) {
    StreebogObject *other = (StreebogObject *)StreebogType.tp_alloc(&StreebogType, 0);
    if (other == NULL) return NULL;
    other->digest_size = self->digest_size;
    other->lock = NULL;
    ACQUIRE(self);
    other->ctx = self->ctx;
    RELEASE(self);
    return (PyObject *)other;
}

static PyObject *Streebog_get_digest_size(StreebogObject *self, void *Py_UNUSED(closure)) {
    return PyLong_FromLong(self->digest_size);
}

static PyMethodDef Streebog_methods[] = {
    {"update", (PyCFunction)Streebog_update, METH_O, "Absorb a bytes-like object."},
    {"digest", (PyCFunction)Streebog_digest, METH_NOARGS, "The digest so far; the object stays usable."},
    {"copy", (PyCFunction)Streebog_copy, METH_NOARGS, "An independent copy of the running computation."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Streebog_getset[] = {
    {"digest_size", (getter)Streebog_get_digest_size, NULL, "32 or 64", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject StreebogType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "egisz_sdk.signature.gost._streebog_c.Streebog",
    .tp_basicsize = sizeof(StreebogObject),
    .tp_dealloc = (destructor)Streebog_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Incremental Streebog-256 or -512 (digest_size 32 or 64) in C.",
    .tp_methods = Streebog_methods,
    .tp_getset = Streebog_getset,
    .tp_new = Streebog_new,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_streebog_c", "GOST R 34.11-2012 (Streebog) in C.", -1, NULL,
};

PyMODINIT_FUNC PyInit__streebog_c(void) {
    if (PyType_Ready(&StreebogType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    Py_INCREF(&StreebogType);
    if (PyModule_AddObject(m, "Streebog", (PyObject *)&StreebogType) < 0) {
        Py_DECREF(&StreebogType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
