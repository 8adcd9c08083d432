/*
 * leadlint.words._tinyseg -- the hot loop of TinySegmenter (npm tiny-segmenter 0.2.0)
 * and of yoastseo 3.6.0's Japanese word filter, in C.
 *
 * The model is not compiled in: leadlint/words/_pure.py reads model.json, turns its
 * keys into canonical strings (one character per symbol; the padding symbols "B1".."E3"
 * are the private characters U+10FFF0..U+10FFF5) and hands them to init().  Every rule
 * here mirrors _pure.py, which documents the JavaScript semantics being reproduced;
 * the tests check that both give identical results.
 *
 * The GIL is released while the boundaries are computed (the text and the tables are
 * immutable then).
 *
 * Text is processed as UTF-16 code units, like JavaScript's input.split("").  Tokens are
 * decoded back with surrogatepass semantics (a surrogate pair inside a token becomes one
 * astral character; a lone half stays a lone surrogate code point).
 *
 * Functions:
 *   init(spec: dict) -> None        load the model (called once by leadlint.words)
 *   segment(text: str) -> list[str] TinySegmenter's segment()
 *   ja_words(text: str) -> list[str] yoast's ja getWords on already-sanitised text
 *   ja_count(text: str) -> int       len(ja_words(text)) without building the list
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Per UTF-16 code unit: character type (0..6 = M H I K A N O) and flags. */
#define CT_MASK 0x07u
#define CT_O 6u
#define F_PUNCT 0x08u
#define F_WS 0x10u
#define F_SURR 0x20u
#define F_SPECIAL 0x40u /* '&' or '\\': removePunctuation's slow path */

#define N_MARKERS 6
#define MARKER_BASE 0x10FFF0u

static uint8_t cflags[65536];
static uint16_t vocab_id[65536]; /* 0 = the unit occurs in no word key */
static uint16_t marker_id[N_MARKERS];
static uint32_t V;               /* vocabulary size + 1 */
static int32_t *uw = NULL;       /* uw[id * 6 + k] = UW(k+1)[symbol] */
static int32_t bias;
static int ready = 0;

static int32_t UC[6][7], BC[3][49], TC[4][343];
static int32_t UP[3][3], BP[2][9], UQ[3][21], BQ[4][147], TQ[4][1029];

typedef struct {
    uint64_t key; /* 0 = empty slot */
    int32_t s[4]; /* BW1..BW3 or TW1..TW4 */
} ngram_entry;

typedef struct {
    ngram_entry *slots;
    uint32_t bits;
} ngram_table;

static ngram_table bigrams = {NULL, 0}, trigrams = {NULL, 0};
static const int32_t zeros[4] = {0, 0, 0, 0};

static inline uint32_t
slot_of(uint64_t key, uint32_t bits)
{
    return (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
}

static const int32_t *
ngram_get(const ngram_table *t, uint64_t key)
{
    uint32_t mask = (1u << t->bits) - 1u;
    uint32_t i = slot_of(key, t->bits);
    for (;;) {
        const ngram_entry *e = &t->slots[i];
        if (e->key == key)
            return e->s;
        if (e->key == 0)
            return zeros;
        i = (i + 1u) & mask;
    }
}

static int32_t *
ngram_put(ngram_table *t, uint64_t key)
{
    uint32_t mask = (1u << t->bits) - 1u;
    uint32_t i = slot_of(key, t->bits);
    for (;;) {
        ngram_entry *e = &t->slots[i];
        if (e->key == key)
            return e->s;
        if (e->key == 0) {
            e->key = key;
            return e->s;
        }
        i = (i + 1u) & mask;
    }
}

static int
ngram_alloc(ngram_table *t, Py_ssize_t entries)
{
    uint32_t bits = 6;
    while (((Py_ssize_t)1 << bits) < entries * 3)
        bits++;
    t->slots = (ngram_entry *)calloc((size_t)1 << bits, sizeof(ngram_entry));
    if (t->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    t->bits = bits;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* init                                                                      */
/* ------------------------------------------------------------------------ */

static PyObject *
spec_item(PyObject *spec, const char *name)
{
    PyObject *v = PyDict_GetItemString(spec, name); /* borrowed */
    if (v == NULL)
        PyErr_Format(PyExc_KeyError, "model spec lacks %s", name);
    return v;
}

/* The symbol (a code unit, or 0x10000 + marker index) of one canonical character. */
static int
symbol_of(Py_UCS4 ch, uint32_t *sym)
{
    if (ch < 0x10000u) {
        *sym = ch;
        return 0;
    }
    if (ch >= MARKER_BASE && ch < MARKER_BASE + N_MARKERS) {
        *sym = 0x10000u + (ch - MARKER_BASE);
        return 0;
    }
    PyErr_SetString(PyExc_ValueError, "bad symbol in model key");
    return -1;
}

static uint16_t *
id_slot(uint32_t sym)
{
    return sym < 0x10000u ? &vocab_id[sym] : &marker_id[sym - 0x10000u];
}

static int
load_dense(PyObject *spec, const char *name, int32_t *dst, Py_ssize_t size)
{
    PyObject *seq = spec_item(spec, name);
    if (seq == NULL)
        return -1;
    PyObject *fast = PySequence_Fast(seq, "dense table must be a sequence");
    if (fast == NULL)
        return -1;
    if (PySequence_Fast_GET_SIZE(fast) != size) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "table %s has the wrong size", name);
        return -1;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(fast, i));
        if (v == -1 && PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
        dst[i] = (int32_t)v;
    }
    Py_DECREF(fast);
    return 0;
}

static const char *WORD_TABLES[13] = {"UW1", "UW2", "UW3", "UW4", "UW5", "UW6", "BW1",
                                      "BW2", "BW3", "TW1", "TW2", "TW3", "TW4"};

static PyObject *
tinyseg_init(PyObject *self, PyObject *spec)
{
    (void)self;
    if (!PyDict_Check(spec)) {
        PyErr_SetString(PyExc_TypeError, "init() takes the model spec dict");
        return NULL;
    }
    if (ready)
        Py_RETURN_NONE;

    PyObject *o;
    /* bias */
    if ((o = spec_item(spec, "bias")) == NULL)
        return NULL;
    bias = (int32_t)PyLong_AsLong(o);
    if (PyErr_Occurred())
        return NULL;

    /* character types: bytes of 65536 codes 0..6 */
    if ((o = spec_item(spec, "ctype")) == NULL)
        return NULL;
    if (!PyBytes_Check(o) || PyBytes_GET_SIZE(o) != 65536) {
        PyErr_SetString(PyExc_ValueError, "ctype must be 65536 bytes");
        return NULL;
    }
    const unsigned char *ct = (const unsigned char *)PyBytes_AS_STRING(o);
    for (uint32_t c = 0; c < 65536u; c++) {
        cflags[c] = (uint8_t)(ct[c] & CT_MASK);
        if (c >= 0xD800u && c <= 0xDFFFu)
            cflags[c] |= F_SURR;
    }
    cflags['&'] |= F_SPECIAL;
    cflags['\\'] |= F_SPECIAL;
    const char *flag_sets[2] = {"punctuation", "whitespace"};
    const uint8_t flag_bits[2] = {F_PUNCT, F_WS};
    for (int k = 0; k < 2; k++) {
        if ((o = spec_item(spec, flag_sets[k])) == NULL)
            return NULL;
        if (!PyUnicode_Check(o)) {
            PyErr_SetString(PyExc_TypeError, "character sets must be str");
            return NULL;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(o);
        for (Py_ssize_t i = 0; i < len; i++) {
            Py_UCS4 ch = PyUnicode_READ_CHAR(o, i);
            if (ch < 0x10000u)
                cflags[ch] |= flag_bits[k];
        }
    }

    /* vocabulary over the word tables */
    PyObject *tables[13];
    Py_ssize_t n_bi = 0, n_tri = 0;
    memset(vocab_id, 0, sizeof(vocab_id));
    memset(marker_id, 0, sizeof(marker_id));
    V = 1;
    for (int t = 0; t < 13; t++) {
        if ((tables[t] = spec_item(spec, WORD_TABLES[t])) == NULL)
            return NULL;
        if (!PyDict_Check(tables[t])) {
            PyErr_SetString(PyExc_TypeError, "word tables must be dicts");
            return NULL;
        }
        if (t >= 6 && t < 9)
            n_bi += PyDict_GET_SIZE(tables[t]);
        else if (t >= 9)
            n_tri += PyDict_GET_SIZE(tables[t]);
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(tables[t], &pos, &key, &value)) {
            if (!PyUnicode_Check(key)) {
                PyErr_SetString(PyExc_TypeError, "model keys must be str");
                return NULL;
            }
            Py_ssize_t len = PyUnicode_GET_LENGTH(key);
            for (Py_ssize_t i = 0; i < len; i++) {
                uint32_t sym;
                if (symbol_of(PyUnicode_READ_CHAR(key, i), &sym) < 0)
                    return NULL;
                uint16_t *slot = id_slot(sym);
                if (*slot == 0) {
                    if (V >= 0xFFFFu) {
                        PyErr_SetString(PyExc_ValueError, "vocabulary too large");
                        return NULL;
                    }
                    *slot = (uint16_t)V++;
                }
            }
        }
    }
    free(uw);
    uw = (int32_t *)calloc((size_t)V * 6, sizeof(int32_t));
    free(bigrams.slots);
    free(trigrams.slots);
    bigrams.slots = trigrams.slots = NULL;
    if (uw == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    if (ngram_alloc(&bigrams, n_bi) < 0 || ngram_alloc(&trigrams, n_tri) < 0)
        return NULL;
    for (int t = 0; t < 13; t++) {
        int order = t < 6 ? 1 : (t < 9 ? 2 : 3);
        int field = t < 6 ? t : (t < 9 ? t - 6 : t - 9);
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(tables[t], &pos, &key, &value)) {
            long score = PyLong_AsLong(value);
            if (score == -1 && PyErr_Occurred())
                return NULL;
            if (PyUnicode_GET_LENGTH(key) != order) {
                PyErr_Format(PyExc_ValueError, "key of %s has the wrong length", WORD_TABLES[t]);
                return NULL;
            }
            uint64_t ids[3] = {0, 0, 0};
            for (int i = 0; i < order; i++) {
                uint32_t sym;
                if (symbol_of(PyUnicode_READ_CHAR(key, i), &sym) < 0)
                    return NULL;
                ids[i] = *id_slot(sym);
            }
            if (order == 1) {
                uw[ids[0] * 6 + (uint64_t)field] = (int32_t)score;
            } else if (order == 2) {
                ngram_put(&bigrams, ids[0] * V + ids[1])[field] = (int32_t)score;
            } else {
                ngram_put(&trigrams, (ids[0] * V + ids[1]) * V + ids[2])[field] = (int32_t)score;
            }
        }
    }

    /* dense type/decision tables */
    static const char *uc[6] = {"UC1", "UC2", "UC3", "UC4", "UC5", "UC6"};
    static const char *bc[3] = {"BC1", "BC2", "BC3"};
    static const char *tc[4] = {"TC1", "TC2", "TC3", "TC4"};
    static const char *up[3] = {"UP1", "UP2", "UP3"};
    static const char *bp[2] = {"BP1", "BP2"};
    static const char *uq[3] = {"UQ1", "UQ2", "UQ3"};
    static const char *bq[4] = {"BQ1", "BQ2", "BQ3", "BQ4"};
    static const char *tq[4] = {"TQ1", "TQ2", "TQ3", "TQ4"};
    for (int k = 0; k < 6; k++)
        if (load_dense(spec, uc[k], UC[k], 7) < 0)
            return NULL;
    for (int k = 0; k < 3; k++)
        if (load_dense(spec, bc[k], BC[k], 49) < 0 || load_dense(spec, up[k], UP[k], 3) < 0 ||
            load_dense(spec, uq[k], UQ[k], 21) < 0)
            return NULL;
    for (int k = 0; k < 4; k++)
        if (load_dense(spec, tc[k], TC[k], 343) < 0 || load_dense(spec, bq[k], BQ[k], 147) < 0 ||
            load_dense(spec, tq[k], TQ[k], 1029) < 0)
            return NULL;
    for (int k = 0; k < 2; k++)
        if (load_dense(spec, bp[k], BP[k], 9) < 0)
            return NULL;

    ready = 1;
    Py_RETURN_NONE;
}

/* ------------------------------------------------------------------------ */
/* text as UTF-16                                                            */
/* ------------------------------------------------------------------------ */

typedef struct {
    PyObject *text;       /* borrowed */
    const uint16_t *u;    /* code units */
    uint16_t *owned;      /* malloc'd copy, if any */
    Py_ssize_t n;         /* number of code units */
    int code_points_eq;   /* unit index == code point index (no astral characters) */
    int has_surrogates;   /* some unit is a surrogate: tokens need surrogatepass decoding */
} units_t;

static int
units_from(PyObject *text, units_t *out)
{
    out->text = text;
    out->owned = NULL;
    out->has_surrogates = 0;
    out->code_points_eq = 1;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (kind == PyUnicode_2BYTE_KIND) {
        out->u = (const uint16_t *)data;
        out->n = len;
        for (Py_ssize_t i = 0; i < len; i++) {
            if (out->u[i] >= 0xD800u && out->u[i] <= 0xDFFFu) {
                out->has_surrogates = 1;
                break;
            }
        }
        return 0;
    }
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *s = (const Py_UCS1 *)data;
        out->owned = (uint16_t *)malloc((size_t)(len ? len : 1) * sizeof(uint16_t));
        if (out->owned == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t i = 0; i < len; i++)
            out->owned[i] = s[i];
        out->u = out->owned;
        out->n = len;
        return 0;
    }
    /* 4-byte kind: astral characters become surrogate pairs */
    const Py_UCS4 *s = (const Py_UCS4 *)data;
    Py_ssize_t n = len;
    for (Py_ssize_t i = 0; i < len; i++) {
        if (s[i] >= 0x10000u)
            n++;
        else if (s[i] >= 0xD800u && s[i] <= 0xDFFFu)
            out->has_surrogates = 1;
    }
    out->owned = (uint16_t *)malloc((size_t)(n ? n : 1) * sizeof(uint16_t));
    if (out->owned == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t j = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 c = s[i];
        if (c >= 0x10000u) {
            c -= 0x10000u;
            out->owned[j++] = (uint16_t)(0xD800u + (c >> 10));
            out->owned[j++] = (uint16_t)(0xDC00u + (c & 0x3FFu));
        } else {
            out->owned[j++] = (uint16_t)c;
        }
    }
    out->u = out->owned;
    out->n = n;
    if (n != len) {
        out->code_points_eq = 0;
        out->has_surrogates = 1;
    }
    return 0;
}

static void
units_free(units_t *t)
{
    free(t->owned);
    t->owned = NULL;
}

/* A str from the code units buf[0..len); offset is buf's position in t->u, or -1 when
 * buf is a scratch buffer. */
static PyObject *
units_str(const units_t *t, const uint16_t *buf, Py_ssize_t len, Py_ssize_t offset)
{
    if (t->has_surrogates) {
        int bo = PY_LITTLE_ENDIAN ? -1 : 1;
        return PyUnicode_DecodeUTF16((const char *)buf, len * 2, "surrogatepass", &bo);
    }
    if (t->code_points_eq && offset >= 0)
        return PyUnicode_Substring(t->text, offset, offset + len);
    return PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, buf, len);
}

/* ------------------------------------------------------------------------ */
/* the segmenter                                                             */
/* ------------------------------------------------------------------------ */

/*
 * Token boundaries of u[0..n), n >= 1: writes the start offset of every token after
 * the first into starts (capacity n) and returns how many.  The scoring is
 * tiny-segmenter's segment() with the padding B3 B2 B1 <text> E1 E2 E3.
 */
static Py_ssize_t
boundaries(const uint16_t *u, Py_ssize_t n, Py_ssize_t *starts, uint16_t *sv, uint8_t *sc)
{
    const Py_ssize_t L = n + 6;
    for (int k = 0; k < 3; k++) {
        sv[k] = marker_id[k];
        sc[k] = CT_O;
        sv[n + 3 + k] = marker_id[3 + k];
        sc[n + 3 + k] = CT_O;
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        uint16_t c = u[j];
        sv[j + 3] = vocab_id[c];
        sc[j + 3] = cflags[c] & CT_MASK;
    }
    const uint64_t VV = V;
#define BI(j) ((sv[j] && sv[(j) + 1]) ? ngram_get(&bigrams, (uint64_t)sv[j] * VV + sv[(j) + 1]) : zeros)
#define TRI(j)                                                                              \
    ((sv[j] && sv[(j) + 1] && sv[(j) + 2])                                                  \
         ? ngram_get(&trigrams, ((uint64_t)sv[j] * VV + sv[(j) + 1]) * VV + sv[(j) + 2])    \
         : zeros)
    const int32_t *b2 = BI(2), *b1 = BI(3);             /* pairs at i-2, i-1 */
    const int32_t *t3 = TRI(1), *t2 = TRI(2), *t1 = TRI(3); /* triples at i-3, i-2, i-1 */
    unsigned p1 = 0, p2 = 0, p3 = 0;                   /* U */
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 4; i < L - 3; i++) {
        const int32_t *b0 = BI(i), *t0 = TRI(i);
        const unsigned c1 = sc[i - 3], c2 = sc[i - 2], c3 = sc[i - 1], c4 = sc[i], c5 = sc[i + 1],
                       c6 = sc[i + 2];
        int32_t score = bias;
        score += uw[sv[i - 3] * 6 + 0] + uw[sv[i - 2] * 6 + 1] + uw[sv[i - 1] * 6 + 2] +
                 uw[sv[i] * 6 + 3] + uw[sv[i + 1] * 6 + 4] + uw[sv[i + 2] * 6 + 5];
        score += b2[0] + b1[1] + b0[2];
        score += t3[0] + t2[1] + t1[2] + t0[3];
        score += UC[0][c1] + UC[1][c2] + UC[2][c3] + UC[3][c4] + UC[4][c5] + UC[5][c6];
        score += BC[0][c2 * 7 + c3] + BC[1][c3 * 7 + c4] + BC[2][c4 * 7 + c5];
        score += TC[0][(c1 * 7 + c2) * 7 + c3] + TC[1][(c2 * 7 + c3) * 7 + c4] +
                 TC[2][(c3 * 7 + c4) * 7 + c5] + TC[3][(c4 * 7 + c5) * 7 + c6];
        score += UP[0][p1] + UP[1][p2] + UP[2][p3] + BP[0][p1 * 3 + p2] + BP[1][p2 * 3 + p3];
        score += UQ[0][p1 * 7 + c1] + UQ[1][p2 * 7 + c2] + UQ[2][p3 * 7 + c3];
        score += BQ[0][(p2 * 7 + c2) * 7 + c3] + BQ[1][(p2 * 7 + c3) * 7 + c4] +
                 BQ[2][(p3 * 7 + c2) * 7 + c3] + BQ[3][(p3 * 7 + c3) * 7 + c4];
        score += TQ[0][((p2 * 7 + c1) * 7 + c2) * 7 + c3] + TQ[1][((p2 * 7 + c2) * 7 + c3) * 7 + c4] +
                 TQ[2][((p3 * 7 + c1) * 7 + c2) * 7 + c3] + TQ[3][((p3 * 7 + c2) * 7 + c3) * 7 + c4];
        unsigned p;
        if (score > 0) {
            starts[k++] = i - 3;
            p = 1; /* B */
        } else {
            p = 2; /* O */
        }
        p1 = p2;
        p2 = p3;
        p3 = p;
        b2 = b1;
        b1 = b0;
        t3 = t2;
        t2 = t1;
        t1 = t0;
    }
#undef BI
#undef TRI
    return k;
}

/* Work buffers for one call: starts, symbol ids, types. */
typedef struct {
    Py_ssize_t *starts;
    uint16_t *sv;
    uint8_t *sc;
    void *block;
} work_t;

static int
work_alloc(work_t *w, Py_ssize_t n)
{
    size_t sz = (size_t)n * sizeof(Py_ssize_t) + (size_t)(n + 6) * (sizeof(uint16_t) + 1) + 16;
    w->block = malloc(sz);
    if (w->block == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    w->starts = (Py_ssize_t *)w->block;
    w->sv = (uint16_t *)(w->starts + n);
    w->sc = (uint8_t *)(w->sv + n + 6);
    return 0;
}

static int
check_ready(void)
{
    if (!ready) {
        PyErr_SetString(PyExc_RuntimeError, "leadlint.words._tinyseg: init() has not been called");
        return -1;
    }
    return 0;
}

static PyObject *
tinyseg_segment(PyObject *self, PyObject *text)
{
    (void)self;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "segment() takes a str");
        return NULL;
    }
    if (check_ready() < 0)
        return NULL;
    units_t t;
    if (units_from(text, &t) < 0)
        return NULL;
    if (t.n == 0) {
        units_free(&t);
        return PyList_New(0);
    }
    work_t w;
    if (work_alloc(&w, t.n) < 0) {
        units_free(&t);
        return NULL;
    }
    Py_ssize_t k;
    Py_BEGIN_ALLOW_THREADS
    k = boundaries(t.u, t.n, w.starts, w.sv, w.sc);
    Py_END_ALLOW_THREADS
    PyObject *list = PyList_New(k + 1);
    if (list != NULL) {
        Py_ssize_t prev = 0;
        for (Py_ssize_t j = 0; j <= k; j++) {
            Py_ssize_t end = j < k ? w.starts[j] : t.n;
            PyObject *s = units_str(&t, t.u + prev, end - prev, prev);
            if (s == NULL) {
                Py_CLEAR(list);
                break;
            }
            PyList_SET_ITEM(list, j, s);
            prev = end;
        }
    }
    free(w.block);
    units_free(&t);
    return list;
}

/*
 * yoast's removePunctuation on the token u[a..b): returns the result as a pointer and
 * length, either into u itself (no '&' or '\\' in the token) or into scratch (capacity
 * >= b - a).  Then ``word.trim() !== ""`` decides whether it is a word.
 */
static const uint16_t *
remove_punctuation(const uint16_t *u, Py_ssize_t a, Py_ssize_t b, uint16_t *scratch, Py_ssize_t *len,
                   Py_ssize_t *offset)
{
    const uint16_t *s = u + a;
    Py_ssize_t n = b - a;
    int special = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (cflags[s[i]] & F_SPECIAL) {
            special = 1;
            break;
        }
    }
    if (special) {
        /* 1. "&nbsp;" -> " " (all occurrences, left to right) */
        static const uint16_t nbsp[6] = {'&', 'n', 'b', 's', 'p', ';'};
        static const uint16_t amp[4] = {'&', 'a', 'm', 'p'};
        Py_ssize_t m = 0;
        for (Py_ssize_t i = 0; i < n;) {
            if (i + 6 <= n && memcmp(s + i, nbsp, sizeof(nbsp)) == 0) {
                scratch[m++] = ' ';
                i += 6;
            } else {
                scratch[m++] = s[i++];
            }
        }
        /* 2. the first "&amp" removed */
        for (Py_ssize_t i = 0; i + 4 <= m; i++) {
            if (memcmp(scratch + i, amp, sizeof(amp)) == 0) {
                memmove(scratch + i, scratch + i + 4, (size_t)(m - i - 4) * sizeof(uint16_t));
                m -= 4;
                break;
            }
        }
        /* 3. every backslash removed */
        Py_ssize_t m2 = 0;
        for (Py_ssize_t i = 0; i < m; i++)
            if (scratch[i] != '\\')
                scratch[m2++] = scratch[i];
        s = scratch;
        n = m2;
    }
    *offset = -1;
    /* 4. leading and trailing punctuation */
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi && (cflags[s[lo]] & F_PUNCT))
        lo++;
    while (hi > lo && (cflags[s[hi - 1]] & F_PUNCT))
        hi--;
    *len = hi - lo;
    if (!special)
        *offset = a + lo;
    return s + lo;
}

static int
is_word(const uint16_t *s, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++)
        if (!(cflags[s[i]] & F_WS))
            return 1;
    return 0;
}

/* ja getWords after sanitising: as a list (want_list) or just the count. */
static PyObject *
ja_words_impl(PyObject *text, int want_list)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "expected a str");
        return NULL;
    }
    if (check_ready() < 0)
        return NULL;
    units_t t;
    if (units_from(text, &t) < 0)
        return NULL;
    if (t.n == 0) {
        units_free(&t);
        return want_list ? PyList_New(0) : PyLong_FromLong(0);
    }
    work_t w;
    uint16_t *scratch = NULL;
    PyObject *list = NULL;
    if (work_alloc(&w, t.n) < 0) {
        units_free(&t);
        return NULL;
    }
    scratch = (uint16_t *)malloc((size_t)t.n * sizeof(uint16_t));
    if (scratch == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (want_list && (list = PyList_New(0)) == NULL)
        goto done;
    Py_ssize_t k;
    Py_BEGIN_ALLOW_THREADS
    k = boundaries(t.u, t.n, w.starts, w.sv, w.sc);
    Py_END_ALLOW_THREADS
    Py_ssize_t count = 0, prev = 0;
    for (Py_ssize_t j = 0; j <= k; j++) {
        Py_ssize_t end = j < k ? w.starts[j] : t.n, len, offset;
        const uint16_t *word = remove_punctuation(t.u, prev, end, scratch, &len, &offset);
        prev = end;
        if (!is_word(word, len))
            continue;
        count++;
        if (want_list) {
            PyObject *s = units_str(&t, word, len, offset);
            if (s == NULL || PyList_Append(list, s) < 0) {
                Py_XDECREF(s);
                Py_CLEAR(list);
                goto done;
            }
            Py_DECREF(s);
        }
    }
    if (!want_list)
        list = PyLong_FromSsize_t(count);
done:
    free(scratch);
    free(w.block);
    units_free(&t);
    return list;
}

static PyObject *
tinyseg_ja_words(PyObject *self, PyObject *text)
{
    (void)self;
    return ja_words_impl(text, 1);
}

static PyObject *
tinyseg_ja_count(PyObject *self, PyObject *text)
{
    (void)self;
    return ja_words_impl(text, 0);
}

static PyMethodDef tinyseg_methods[] = {
    {"init", tinyseg_init, METH_O, "init(spec) -- load the model prepared by leadlint.words._pure."},
    {"segment", tinyseg_segment, METH_O, "segment(text) -> list of TinySegmenter tokens."},
    {"ja_words", tinyseg_ja_words, METH_O,
     "ja_words(sanitized_text) -> yoast's Japanese words (punctuation removed, blanks dropped)."},
    {"ja_count", tinyseg_ja_count, METH_O, "ja_count(sanitized_text) -> len(ja_words(sanitized_text))."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef tinyseg_module = {
    PyModuleDef_HEAD_INIT, "_tinyseg",
    "TinySegmenter (npm tiny-segmenter 0.2.0) and yoastseo's Japanese word filter, in C.", -1,
    tinyseg_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__tinyseg(void)
{
    return PyModule_Create(&tinyseg_module);
}
