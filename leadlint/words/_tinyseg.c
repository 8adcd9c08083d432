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
 *   sanitize(text: str) -> str       yoast's sanitizeString (see _pure.sanitize)
 *   ja_count_text(text: str) -> int  ja_count(sanitize(text)) without the intermediate str
 *
 * and the scanning loops of the keyword rules, on code points (see their twins in _pure.py):
 *   script_counts(text, step) -> (int, int)   kana/kanji and Latin letters in text[::step]
 *   find_terms(text, terms, boundary, by_sentence=False) -> list[list[int]]
 *                                             every term's offsets or sentences, one pass
 *   count_keywords(text, keywords, boundary) -> list[tuple[int, tuple[int, ...]]]
 *                                             every keyword's count, and its absent terms
 * and the text folding of leadlint.prose, which calls back into Python for what it
 * cannot do alone:
 *   fold(text, changeable, normalize, max_pieces, quotes) -> str | None   NFKC, case folding
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Character types (0..6 = M H I K A N O, as the spec's ctype bytes give them), and the
   flags of cflags, per UTF-16 code unit. */
#define CT_MASK 0x07u
#define CT_O 6u
#define F_PUNCT 0x08u
#define F_WS 0x10u
#define F_SURR 0x20u
#define F_SPECIAL 0x40u /* '&' or '\\': removePunctuation's slow path */
#define F_SANITIZE 0x80u /* what sanitize's first pass changes or notes: JS whitespace, ' ', '&', '<', em dash, 。 */

#define N_MARKERS 6
#define MARKER_BASE 0x10FFF0u

static uint8_t cflags[65536];
static int ready = 0;

/*
 * The model, laid out so that scoring a position costs few loads and no test.
 *
 * The word tables are small (354 symbols with a UW score, 242 BW keys over 86 first and
 * 84 second symbols, 38 TW keys), so they are dense arrays indexed by small ids rather
 * than hash tables.  Each symbol (a code unit, or a padding marker) has a sym_t: its row
 * of UW scores, its ids as the first and second symbol of a BW key and as the first,
 * second and third of a TW key, and its character type.  The code units that are in no
 * key share the sym_t of their type, so that a text's characters touch few cache lines
 * (char_class, 2 bytes a code unit, and a few hundred sym_t).  Id 0 means "in no such
 * key"; row and column 0 of every table below lead to all-zero scores, so an absent key
 * needs no test:
 *   uw_rows[sym.uw][k]                      UW(k+1) of the symbol
 *   bi_scores[bi_cell[b1 * bi_cols + b2]]   BW1..BW3 of the pair
 *   tri_prefix[t1 * tri_cols + t2] = p      (0: no TW key starts with the pair)
 *   tri_scores[tri_cell[p * tri3_cols + t3]] TW1..TW4 of the triple
 *
 * The type and decision tables (UC BC TC, UP BP UQ BQ TQ) are summed in advance into
 * tables over windows of four character types (q = ((c1 * 7 + c2) * 7 + c3) * 7 + c4):
 *   head_start[q * 27 + p]  the terms of types c1..c4 (UC1-3, BC1-2, TC1-2) and every
 *                           term of the previous decisions p = p1 * 9 + p2 * 3 + p3
 *                           (U B O = 0 1 2), for the first three positions
 *   head[q * 8 + p]         the same after them, when each p is B or O: p is 3 bits (O = 1)
 *                           and the 8 values of a q fill 32 bytes
 *   tail[q']                the terms of types c3..c6 (UC4-6, BC3, TC3-4), and the bias
 * so the 38 terms of tiny-segmenter's score take 6 UW loads, 7 n-gram loads and 2 more.
 */
typedef struct {
    uint16_t uw;        /* row of uw_rows */
    uint8_t b1, b2;     /* ids as first and second symbol of a BW key */
    uint8_t t1, t2, t3; /* ids as first, second and third symbol of a TW key */
    uint8_t ct;         /* character type 0..6 (M H I K A N O) */
} sym_t;

#define N_TYPES 7
#define N_QUADS (N_TYPES * N_TYPES * N_TYPES * N_TYPES)
#define N_STATES 27  /* p1 p2 p3, each U B or O */
#define N_BO_STATES 8 /* p1 p2 p3, each B or O */

static uint16_t char_class[65536]; /* by code unit: its sym_t in classes */
static sym_t *classes = NULL;      /* the N_TYPES of the code units in no key, then the others' */
static sym_t marker_syms[N_MARKERS]; /* B3 B2 B1 E1 E2 E3 */
static int32_t (*uw_rows)[6] = NULL;
static uint16_t *bi_cell = NULL, *tri_prefix = NULL, *tri_cell = NULL;
static uint32_t bi_cols, tri_cols, tri3_cols;
static int32_t (*bi_scores)[3] = NULL, (*tri_scores)[4] = NULL;
static int32_t head_start[N_QUADS * N_STATES], head[N_QUADS * N_BO_STATES], tail[N_QUADS];

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

/* The sym_t in work (the code units', then the markers') of one canonical character of a
   model key. */
static sym_t *
sym_of(sym_t *work, Py_UCS4 ch)
{
    if (ch < 0x10000u)
        return &work[ch];
    if (ch >= MARKER_BASE && ch < MARKER_BASE + N_MARKERS)
        return &work[0x10000u + (ch - MARKER_BASE)];
    PyErr_SetString(PyExc_ValueError, "bad symbol in model key");
    return NULL;
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

/* The model's word tables UW1-6, BW1-3, TW1-4 (dicts of canonical keys), in that order. */
static const char *WORD_TABLES[13] = {"UW1", "UW2", "UW3", "UW4", "UW5", "UW6", "BW1",
                                      "BW2", "BW3", "TW1", "TW2", "TW3", "TW4"};
#define ORDER(t) ((t) < 6 ? 1 : ((t) < 9 ? 2 : 3))
#define FIELD(t) ((t) < 6 ? (t) : ((t) < 9 ? (t) - 6 : (t) - 9))

/* The id at *slot, given the next free one (*count + 1) if it has none yet. */
static int
assign_id8(uint8_t *slot, uint32_t *count, const char *what)
{
    if (*slot == 0) {
        if (*count >= 0xFFu) {
            PyErr_Format(PyExc_ValueError, "model too large: more than 255 %s", what);
            return -1;
        }
        *slot = (uint8_t)++*count;
    }
    return 0;
}

/* The entry of a cell of a dense id table: the cell's id, given the next free one if 0. */
static uint16_t
cell_id(uint16_t *cell, uint32_t *count)
{
    if (*cell == 0)
        *cell = (uint16_t)++*count; /* at most the number of keys, < 0xFFFF (checked) */
    return *cell;
}

static void
free_word_tables(void)
{
    free(classes);
    free(uw_rows);
    free(bi_cell);
    free(tri_prefix);
    free(tri_cell);
    free(bi_scores);
    free(tri_scores);
    classes = NULL;
    uw_rows = NULL;
    bi_cell = tri_prefix = tri_cell = NULL;
    bi_scores = NULL;
    tri_scores = NULL;
}

/* Fills work (every code unit's sym_t, then the markers', types already set) and the word
   tables from the 13 dicts of tables[]. */
static int
load_word_tables(PyObject **tables, sym_t *work)
{
    uint32_t n_uw = 0, n_b1 = 0, n_b2 = 0, n_t1 = 0, n_t2 = 0, n_t3 = 0;
    Py_ssize_t n_bw = 0, n_tw = 0; /* keys of BW1-3, TW1-4 (bounds on distinct pairs, triples) */
    /* 1. every symbol's ids */
    for (int t = 0; t < 13; t++) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        if (ORDER(t) == 2)
            n_bw += PyDict_GET_SIZE(tables[t]);
        else if (ORDER(t) == 3)
            n_tw += PyDict_GET_SIZE(tables[t]);
        while (PyDict_Next(tables[t], &pos, &key, &value)) {
            if (!PyUnicode_Check(key)) {
                PyErr_SetString(PyExc_TypeError, "model keys must be str");
                return -1;
            }
            if (PyUnicode_GET_LENGTH(key) != ORDER(t)) {
                PyErr_Format(PyExc_ValueError, "key of %s has the wrong length", WORD_TABLES[t]);
                return -1;
            }
            sym_t *s[3];
            for (int i = 0; i < ORDER(t); i++)
                if ((s[i] = sym_of(work, PyUnicode_READ_CHAR(key, i))) == NULL)
                    return -1;
            if (ORDER(t) == 1) {
                if (s[0]->uw == 0) {
                    if (n_uw >= 0xFFFEu) {
                        PyErr_SetString(PyExc_ValueError, "model too large: too many UW symbols");
                        return -1;
                    }
                    s[0]->uw = (uint16_t)++n_uw;
                }
            } else if (ORDER(t) == 2) {
                if (assign_id8(&s[0]->b1, &n_b1, "first symbols of BW keys") < 0 ||
                    assign_id8(&s[1]->b2, &n_b2, "second symbols of BW keys") < 0)
                    return -1;
            } else if (assign_id8(&s[0]->t1, &n_t1, "first symbols of TW keys") < 0 ||
                       assign_id8(&s[1]->t2, &n_t2, "second symbols of TW keys") < 0 ||
                       assign_id8(&s[2]->t3, &n_t3, "third symbols of TW keys") < 0) {
                return -1;
            }
        }
    }
    if (n_bw >= 0xFFFF || n_tw >= 0xFFFF) {
        PyErr_SetString(PyExc_ValueError, "model too large: too many word keys");
        return -1;
    }
    /* 2. the tables (calloc: every score and every cell starts at 0) */
    bi_cols = n_b2 + 1;
    tri_cols = n_t2 + 1;
    tri3_cols = n_t3 + 1;
    uw_rows = calloc((size_t)n_uw + 1, sizeof(*uw_rows));
    bi_cell = calloc((size_t)(n_b1 + 1) * bi_cols, sizeof(uint16_t));
    tri_prefix = calloc((size_t)(n_t1 + 1) * tri_cols, sizeof(uint16_t));
    tri_cell = calloc((size_t)(n_tw + 1) * tri3_cols, sizeof(uint16_t));
    bi_scores = calloc((size_t)n_bw + 1, sizeof(*bi_scores));
    tri_scores = calloc((size_t)n_tw + 1, sizeof(*tri_scores));
    if (!uw_rows || !bi_cell || !tri_prefix || !tri_cell || !bi_scores || !tri_scores) {
        PyErr_NoMemory();
        return -1;
    }
    /* 3. the scores */
    uint32_t n_bi = 0, n_prefix = 0, n_tri = 0;
    for (int t = 0; t < 13; t++) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(tables[t], &pos, &key, &value)) {
            long score = PyLong_AsLong(value);
            if (score == -1 && PyErr_Occurred())
                return -1;
            const sym_t *s[3];
            for (int i = 0; i < ORDER(t); i++)
                s[i] = sym_of(work, PyUnicode_READ_CHAR(key, i)); /* checked above */
            if (ORDER(t) == 1) {
                uw_rows[s[0]->uw][FIELD(t)] = (int32_t)score;
            } else if (ORDER(t) == 2) {
                uint16_t row = cell_id(&bi_cell[s[0]->b1 * bi_cols + s[1]->b2], &n_bi);
                bi_scores[row][FIELD(t)] = (int32_t)score;
            } else {
                uint16_t prefix = cell_id(&tri_prefix[s[0]->t1 * tri_cols + s[1]->t2], &n_prefix);
                uint16_t row = cell_id(&tri_cell[prefix * tri3_cols + s[2]->t3], &n_tri);
                tri_scores[row][FIELD(t)] = (int32_t)score;
            }
        }
    }
    return 0;
}

static int
in_some_key(const sym_t *s)
{
    return s->uw || s->b1 || s->b2 || s->t1 || s->t2 || s->t3;
}

/* char_class, classes and marker_syms from work (see load_word_tables). */
static int
load_classes(const sym_t *work)
{
    Py_ssize_t count = N_TYPES;
    for (uint32_t c = 0; c < 65536u; c++)
        count += in_some_key(&work[c]);
    if (count > 0xFFFF) {
        PyErr_SetString(PyExc_ValueError, "model too large: too many symbols");
        return -1;
    }
    if ((classes = calloc((size_t)count, sizeof(sym_t))) == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (unsigned t = 0; t < N_TYPES; t++)
        classes[t].ct = (uint8_t)t;
    count = N_TYPES;
    for (uint32_t c = 0; c < 65536u; c++) {
        if (in_some_key(&work[c])) {
            classes[count] = work[c];
            char_class[c] = (uint16_t)count++;
        } else {
            char_class[c] = work[c].ct;
        }
    }
    memcpy(marker_syms, &work[0x10000u], sizeof(marker_syms));
    return 0;
}

/* Sums the type and decision tables into head_start, head and tail (see above). */
static int
load_type_tables(PyObject *spec, int32_t bias_score)
{
    int32_t UC[6][7], BC[3][49], TC[4][343];
    int32_t UP[3][3], BP[2][9], UQ[3][21], BQ[4][147], TQ[4][1029];
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
            return -1;
    for (int k = 0; k < 3; k++)
        if (load_dense(spec, bc[k], BC[k], 49) < 0 || load_dense(spec, up[k], UP[k], 3) < 0 ||
            load_dense(spec, uq[k], UQ[k], 21) < 0)
            return -1;
    for (int k = 0; k < 4; k++)
        if (load_dense(spec, tc[k], TC[k], 343) < 0 || load_dense(spec, bq[k], BQ[k], 147) < 0 ||
            load_dense(spec, tq[k], TQ[k], 1029) < 0)
            return -1;
    for (int k = 0; k < 2; k++)
        if (load_dense(spec, bp[k], BP[k], 9) < 0)
            return -1;
    for (unsigned q = 0; q < N_QUADS; q++) {
        /* as the window c1..c4 of head, and as c3..c6 of tail */
        const unsigned a = q / 343, b = q / 49 % 7, c = q / 7 % 7, d = q % 7;
        tail[q] = bias_score + UC[3][b] + UC[4][c] + UC[5][d] + BC[2][b * 7 + c] + TC[2][(a * 7 + b) * 7 + c] +
                  TC[3][(b * 7 + c) * 7 + d];
        const unsigned c1 = a, c2 = b, c3 = c, c4 = d;
        const int32_t types = UC[0][c1] + UC[1][c2] + UC[2][c3] + BC[0][c2 * 7 + c3] + BC[1][c3 * 7 + c4] +
                              TC[0][(c1 * 7 + c2) * 7 + c3] + TC[1][(c2 * 7 + c3) * 7 + c4];
        for (unsigned p = 0; p < N_STATES; p++) {
            const unsigned p1 = p / 9, p2 = p / 3 % 3, p3 = p % 3;
            head_start[q * N_STATES + p] =
                types + UP[0][p1] + UP[1][p2] + UP[2][p3] + BP[0][p1 * 3 + p2] + BP[1][p2 * 3 + p3] +
                UQ[0][p1 * 7 + c1] + UQ[1][p2 * 7 + c2] + UQ[2][p3 * 7 + c3] + BQ[0][(p2 * 7 + c2) * 7 + c3] +
                BQ[1][(p2 * 7 + c3) * 7 + c4] + BQ[2][(p3 * 7 + c2) * 7 + c3] + BQ[3][(p3 * 7 + c3) * 7 + c4] +
                TQ[0][((p2 * 7 + c1) * 7 + c2) * 7 + c3] + TQ[1][((p2 * 7 + c2) * 7 + c3) * 7 + c4] +
                TQ[2][((p3 * 7 + c1) * 7 + c2) * 7 + c3] + TQ[3][((p3 * 7 + c2) * 7 + c3) * 7 + c4];
        }
        for (unsigned p = 0; p < N_BO_STATES; p++) { /* bit set: O (2), else B (1) */
            const unsigned p1 = 1 + (p >> 2), p2 = 1 + (p >> 1 & 1u), p3 = 1 + (p & 1u);
            head[q * N_BO_STATES + p] = head_start[q * N_STATES + p1 * 9 + p2 * 3 + p3];
        }
    }
    return 0;
}

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
    const int32_t bias = (int32_t)PyLong_AsLong(o);
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
    for (uint32_t c = 0; c < 65536u; c++)
        cflags[c] = c >= 0xD800u && c <= 0xDFFFu ? F_SURR : 0;
    cflags['&'] |= F_SPECIAL;
    cflags['\\'] |= F_SPECIAL;
    cflags['&'] |= F_SANITIZE;
    cflags['<'] |= F_SANITIZE;
    cflags[' '] |= F_SANITIZE;
    cflags[0x2014u] |= F_SANITIZE;
    cflags[0x3002u] |= F_SANITIZE;
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
                cflags[ch] |= flag_bits[k] | (flag_bits[k] == F_WS ? F_SANITIZE : 0);
        }
    }

    /* the word tables */
    PyObject *tables[13];
    for (int t = 0; t < 13; t++) {
        if ((tables[t] = spec_item(spec, WORD_TABLES[t])) == NULL)
            return NULL;
        if (!PyDict_Check(tables[t])) {
            PyErr_SetString(PyExc_TypeError, "word tables must be dicts");
            return NULL;
        }
    }
    /* every code unit's sym_t, then the markers', compressed into classes at the end */
    sym_t *work = calloc(0x10000u + N_MARKERS, sizeof(sym_t));
    if (work == NULL)
        return PyErr_NoMemory();
    for (uint32_t c = 0; c < 65536u; c++) {
        const uint8_t type = (uint8_t)(ct[c] & CT_MASK);
        work[c].ct = type < N_TYPES ? type : CT_O;
    }
    for (int k = 0; k < N_MARKERS; k++)
        work[0x10000u + k].ct = CT_O;
    free_word_tables();
    const int failed =
        load_word_tables(tables, work) < 0 || load_classes(work) < 0 || load_type_tables(spec, bias) < 0;
    free(work);
    if (failed) {
        free_word_tables();
        return NULL;
    }

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

/* The text's code units.  has_surrogates is looked for only when strings are to be made
 * of them (for_strings): counting never needs it, and the scan costs a pass over a 2-byte
 * text. */
static int
units_from(PyObject *text, units_t *out, int for_strings)
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
        if (!for_strings)
            return 0;
        unsigned any = 0; /* (no early exit: the compiler makes this loop vector operations) */
        for (Py_ssize_t i = 0; i < len; i++)
            any |= (unsigned)(out->u[i] - 0xD800u) < 0x800u;
        out->has_surrogates = any != 0;
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
 * tiny-segmenter's segment() with the padding B3 B2 B1 <text> E1 E2 E3; seq (capacity
 * n + 6) receives the padded text's symbols.
 *
 * Position i of the padded text is scored with the window w1..w6 = seq[i-3..i+2]: the
 * pairs and triples at i-3..i-1 were looked up for the positions before, so each step
 * looks up one new pair (i, i+1) and one new triple (i, i+1, i+2).  The decision is made
 * without a branch (which the processor could not predict: boundaries come every two
 * or three characters in Japanese).
 */
static Py_ssize_t
boundaries(const uint16_t *u, Py_ssize_t n, Py_ssize_t *starts, sym_t *seq)
{
    const Py_ssize_t L = n + 6;
    for (int k = 0; k < 3; k++) {
        seq[k] = marker_syms[k];
        seq[n + 3 + k] = marker_syms[3 + k];
    }
    for (Py_ssize_t j = 0; j < n; j++)
        seq[j + 3] = classes[char_class[u[j]]];
#define BI(j) bi_scores[bi_cell[seq[j].b1 * bi_cols + seq[(j) + 1].b2]]
#define TRI(j) tri_scores[tri_cell[tri_prefix[seq[j].t1 * tri_cols + seq[(j) + 1].t2] * tri3_cols + seq[(j) + 2].t3]]
#define QUAD(j) (((seq[j].ct * 7u + seq[(j) + 1].ct) * 7u + seq[(j) + 2].ct) * 7u + seq[(j) + 3].ct)
    const int32_t *b2 = BI(2), *b1 = BI(3);                 /* pairs at i-2, i-1 */
    const int32_t *t3 = TRI(1), *t2 = TRI(2), *t1 = TRI(3); /* triples at i-3, i-2, i-1 */
    unsigned start = 0; /* p1 p2 p3 in base 3 (U B O = 0 1 2), for the first three positions */
    unsigned state = 0; /* p1 p2 p3 as bits (O = 1), once none is U */
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 4; i < L - 3; i++) {
        const int32_t *b0 = BI(i), *t0 = TRI(i);
        const unsigned types = QUAD(i - 3);
        const int32_t score = uw_rows[seq[i - 3].uw][0] + uw_rows[seq[i - 2].uw][1] + uw_rows[seq[i - 1].uw][2] +
                              uw_rows[seq[i].uw][3] + uw_rows[seq[i + 1].uw][4] + uw_rows[seq[i + 2].uw][5] +
                              b2[0] + b1[1] + b0[2] + t3[0] + t2[1] + t1[2] + t0[3] + tail[QUAD(i - 1)] +
                              (i < 7 ? head_start[types * N_STATES + start] : head[types * N_BO_STATES + state]);
        const unsigned boundary = score > 0;
        starts[k] = i - 3; /* kept only if boundary (k < i - 3 < n) */
        k += boundary;
        if (i < 7)
            start = start % 9 * 3 + 2 - boundary; /* p4 = B (1) or O (2) */
        state = (state << 1 & 7u) | (1u - boundary);
        b2 = b1;
        b1 = b0;
        t3 = t2;
        t2 = t1;
        t1 = t0;
    }
#undef BI
#undef TRI
#undef QUAD
    return k;
}

/* Work buffers for one call: starts, symbols, and for counting the tokens to look at
   later (in the room of the symbols, which are not needed once the starts are found). */
typedef struct {
    Py_ssize_t *starts;
    sym_t *seq;
    Py_ssize_t *later;
    void *block;
} work_t;

typedef char later_fits_in_seq[sizeof(sym_t) >= sizeof(Py_ssize_t) ? 1 : -1];

static int
work_alloc(work_t *w, Py_ssize_t n)
{
    size_t sz = (size_t)n * sizeof(Py_ssize_t) + (size_t)(n + 6) * sizeof(sym_t);
    w->block = malloc(sz);
    if (w->block == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    w->starts = (Py_ssize_t *)w->block;
    w->seq = (sym_t *)(w->starts + n);
    w->later = (Py_ssize_t *)w->seq; /* (n + 6) sym_t hold n Py_ssize_t (later_fits_in_seq) */
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
    if (units_from(text, &t, 1) < 0)
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
    k = boundaries(t.u, t.n, w.starts, w.seq);
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

/*
 * Whether the token u[a..b) (a < b) counts as a word: is_word of its remove_punctuation.
 * Most tokens start with a character that is neither punctuation nor whitespace nor a
 * backslash: removePunctuation keeps that one first (its rewrites remove or replace only
 * what starts with '&' or is '\\', and it strips only punctuation), so the word is not
 * blank, whatever follows.  Only the other tokens are rewritten and stripped.
 */
static int
is_word_token(const uint16_t *u, Py_ssize_t a, Py_ssize_t b, uint16_t *scratch)
{
    if (!(cflags[u[a]] & (F_PUNCT | F_WS | F_SPECIAL)))
        return 1;
    Py_ssize_t len, offset;
    const uint16_t *word = remove_punctuation(u, a, b, scratch, &len, &offset);
    return is_word(word, len);
}

/*
 * How many of the tokens of u[0..n) are words (is_word_token), the tokens being bounded
 * by starts[0..k) (the output of boundaries; starts has room for n >= k + 1 entries, and
 * so has later).  Most tokens start with a character that makes them a word at once:
 * these are counted without a branch, and the others noted in later and looked at after
 * (a branch on each token would go one way or the other at random, at every punctuation
 * mark).
 */
static Py_ssize_t
count_word_tokens(const uint16_t *u, Py_ssize_t n, Py_ssize_t *starts, Py_ssize_t k, Py_ssize_t *later,
                  uint16_t *scratch)
{
    Py_ssize_t count = 0, m = 0, start = 0;
    starts[k] = n; /* the end of the last token */
    for (Py_ssize_t j = 0; j <= k; j++) {
        const unsigned slow = (cflags[u[start]] & (F_PUNCT | F_WS | F_SPECIAL)) != 0;
        later[m] = j;
        m += slow;
        count += 1 - slow;
        start = starts[j];
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        const Py_ssize_t j = later[i];
        count += is_word_token(u, j ? starts[j - 1] : 0, starts[j], scratch);
    }
    return count;
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
    if (units_from(text, &t, want_list) < 0)
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
    k = boundaries(t.u, t.n, w.starts, w.seq);
    Py_END_ALLOW_THREADS
    if (!want_list) {
        list = PyLong_FromSsize_t(count_word_tokens(t.u, t.n, w.starts, k, w.later, scratch));
        goto done;
    }
    Py_ssize_t prev = 0;
    for (Py_ssize_t j = 0; j <= k; j++) {
        Py_ssize_t end = j < k ? w.starts[j] : t.n, len, offset;
        const uint16_t *word = remove_punctuation(t.u, prev, end, scratch, &len, &offset);
        prev = end;
        if (!is_word(word, len))
            continue;
        {
            PyObject *s = units_str(&t, word, len, offset);
            if (s == NULL || PyList_Append(list, s) < 0) {
                Py_XDECREF(s);
                Py_CLEAR(list);
                goto done;
            }
            Py_DECREF(s);
        }
    }
done:
    free(scratch);
    free(w.block);
    units_free(&t);
    return list;
}

/*
 * yoast's sanitizeString (_pure.sanitize) on the UTF-16 units src[0..n), written to dst
 * (which may be src); returns the new length.  Every step reads ahead of where it
 * writes.  (On units rather than code points: no step looks inside a surrogate pair, and
 * "<[^>]+>" takes a pair as it takes a character.)
 */
static Py_ssize_t
collapse_spaces(uint16_t *u, Py_ssize_t n)
{
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (!(u[i] == ' ' && m > 0 && u[m - 1] == ' '))
            u[m++] = u[i];
    return m;
}

static Py_ssize_t
sanitize_units(uint16_t *u, const uint16_t *src, Py_ssize_t n)
{
    static const uint16_t nbsp[6] = {'&', 'n', 'b', 's', 'p', ';'};
    Py_ssize_t i, m;
    int has_lt = 0, has_stop = 0;
    /* unifyAllSpaces: "&nbsp;" (left to right), em dashes and JS whitespace become " "
       (in one pass: none of them can make or break an "&nbsp;"); and already the runs
       of spaces of stripSpaces collapse (stripFullTags below does not mind: a tag is
       a tag with one space or several, and the spaces are collapsed again after it);
       most characters are none of these (F_SANITIZE) and are copied as they are.  And
       already the spaces next to a "。" go (the last step of stripSpaces, below): without a
       tag, nothing after this pass puts a space next to a "。" (tags become spaces) */
    for (i = 0, m = 0; i < n;) {
        uint16_t c = src[i];
        if (!(cflags[c] & F_SANITIZE)) {
            u[m++] = c;
            i++;
            continue;
        }
        if (c == '&' && i + 6 <= n && memcmp(src + i, nbsp, sizeof(nbsp)) == 0) {
            c = ' ';
            i += 6;
        } else {
            i++;
            if (c == 0x2014u || (cflags[c] & F_WS))
                c = ' ';
            else if (c == '<')
                has_lt = 1;
            else if (c == 0x3002u)
                has_stop = 1;
        }
        if (c == ' ' && m > 0 && (u[m - 1] == ' ' || u[m - 1] == 0x3002u))
            continue;
        if (c == 0x3002u && m > 0 && u[m - 1] == ' ')
            m--;
        u[m++] = c;
    }
    n = m;
    /* stripFullTags: /<[^>]+>/g -> " " (leftmost, non-overlapping) */
    if (has_lt) {
        Py_ssize_t gt = -1; /* the first ">" at or after some position, or n */
        for (i = 0, m = 0; i < n;) {
            if (u[i] == '<') {
                if (gt < i + 1)
                    for (gt = i + 1; gt < n && u[gt] != '>'; gt++)
                        ;
                if (gt < n && gt >= i + 2) {
                    u[m++] = ' ';
                    i = gt + 1;
                    continue;
                }
            }
            u[m++] = u[i++];
        }
        n = collapse_spaces(u, m);
    }
    /* stripSpaces: (the runs are collapsed) " ." at the end loses its space, the ends
       are trimmed */
    if (n >= 2 && u[n - 2] == ' ' && u[n - 1] == '.') {
        u[n - 2] = '.';
        n--;
    }
    Py_ssize_t lo = 0;
    while (lo < n && u[lo] == ' ')
        lo++;
    while (n > lo && u[n - 1] == ' ')
        n--;
    /* then " 。" -> "。" and "。 " -> "。", each replace left to right: with no two
       spaces in a row, that removes every space next to a "。" (done already unless a tag
       became a space) */
    if (!has_stop || !has_lt) {
        if (lo > 0)
            memmove(u, u + lo, (size_t)(n - lo) * sizeof(uint16_t));
        return n - lo;
    }
    uint16_t prev = 0;
    for (i = lo, m = 0; i < n; i++) {
        const uint16_t c = u[i];
        if (c == ' ' && (prev == 0x3002u || (i + 1 < n && u[i + 1] == 0x3002u))) {
            prev = c;
            continue;
        }
        prev = c;
        u[m++] = c;
    }
    return m;
}

/* The text's UTF-16 units, sanitised, in a malloc'd buffer (*out); its length, or -1 (for_strings: see units_from). */
static Py_ssize_t
sanitized_units(PyObject *text, units_t *t, uint16_t **out, int for_strings)
{
    if (units_from(text, t, for_strings) < 0)
        return -1;
    uint16_t *buf = t->owned;
    if (buf == NULL) { /* the str's own 2-byte data: sanitised into a new buffer */
        buf = (uint16_t *)malloc((size_t)(t->n ? t->n : 1) * sizeof(uint16_t));
        if (buf == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    } else {
        t->owned = NULL; /* the caller frees *out */
    }
    *out = buf;
    return sanitize_units(buf, t->u, t->n);
}

static PyObject *
tinyseg_sanitize(PyObject *self, PyObject *text)
{
    (void)self;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "expected a str");
        return NULL;
    }
    if (check_ready() < 0)
        return NULL;
    units_t t;
    uint16_t *buf = NULL;
    Py_ssize_t n = sanitized_units(text, &t, &buf, 1);
    PyObject *result = n < 0 ? NULL : units_str(&t, buf, n, -1);
    free(buf);
    return result;
}

/* ja_count(sanitize(text)) without the intermediate str */
static PyObject *
tinyseg_ja_count_text(PyObject *self, PyObject *text)
{
    (void)self;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "expected a str");
        return NULL;
    }
    if (check_ready() < 0)
        return NULL;
    units_t t;
    uint16_t *buf = NULL, *scratch = NULL;
    work_t w = {NULL, NULL, NULL, NULL};
    PyObject *result = NULL;
    Py_ssize_t n = sanitized_units(text, &t, &buf, 0);
    if (n < 0)
        goto done;
    if (n == 0) {
        result = PyLong_FromLong(0);
        goto done;
    }
    if (work_alloc(&w, n) < 0)
        goto done;
    scratch = (uint16_t *)malloc((size_t)n * sizeof(uint16_t));
    if (scratch == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t k;
    Py_BEGIN_ALLOW_THREADS
    k = boundaries(buf, n, w.starts, w.seq);
    Py_END_ALLOW_THREADS
    result = PyLong_FromSsize_t(count_word_tokens(buf, n, w.starts, k, w.later, scratch));
done:
    free(scratch);
    free(w.block);
    free(buf);
    units_free(&t);
    return result;
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

/* ------------------------------------------------------------------------ */
/* text scanning for the keyword rules (leadlint.prose, rules/keywords.py)   */
/* ------------------------------------------------------------------------ */

/*
 * These work on code points, like Python's str (not on UTF-16 units as the segmenter
 * does).  Each has a pure-Python twin in _pure.py that defines its result; the tests
 * compare the two.
 */

/*
 * Each loop is written once as a macro and expanded for the three string kinds (1, 2 and
 * 4 bytes a code point), so that the compiler sees a plain array.
 */

/* script_counts(text, step) -> (kana_kanji, latin) over text[::step] */
#define SC_JAPANESE 1u
#define SC_LATIN 2u
static uint8_t script_class[0x10000];
static int script_ready = 0;

static void
script_init(void)
{
    static const Py_UCS4 japanese[][2] = {{0x3005, 0x3006}, {0x3041, 0x309F}, {0x30A0, 0x30FF},
                                          {0x31F0, 0x31FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
                                          {0xF900, 0xFAFF}, {0xFF66, 0xFF9F}};
    static const Py_UCS4 latin[][2] = {{'A', 'Z'}, {'a', 'z'}, {0xC0, 0x24F}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}};
    for (size_t r = 0; r < sizeof(japanese) / sizeof(japanese[0]); r++)
        for (Py_UCS4 c = japanese[r][0]; c <= japanese[r][1]; c++)
            script_class[c] = SC_JAPANESE;
    for (size_t r = 0; r < sizeof(latin) / sizeof(latin[0]); r++)
        for (Py_UCS4 c = latin[r][0]; c <= latin[r][1]; c++)
            script_class[c] = SC_LATIN;
    script_ready = 1;
}

#define SCRIPT_COUNTS(T)                                                                    \
    {                                                                                       \
        const T *s = (const T *)data;                                                       \
        for (Py_ssize_t i = 0; i < n; i += step) {                                          \
            const Py_UCS4 c = s[i];                                                         \
            if (c < 0x10000u) {                                                             \
                const unsigned k = script_class[c];                                         \
                ja += k == SC_JAPANESE;                                                     \
                latin += k == SC_LATIN;                                                     \
            }                                                                               \
        }                                                                                   \
    }

static PyObject *
tinyseg_script_counts(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *text;
    Py_ssize_t step;
    if (!PyArg_ParseTuple(args, "Un:script_counts", &text, &step))
        return NULL;
    if (step < 1) {
        PyErr_SetString(PyExc_ValueError, "step must be at least 1");
        return NULL;
    }
    if (!script_ready)
        script_init();
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t ja = 0, latin = 0;
    if (kind == PyUnicode_1BYTE_KIND)
        SCRIPT_COUNTS(Py_UCS1)
    else if (kind == PyUnicode_2BYTE_KIND)
        SCRIPT_COUNTS(Py_UCS2)
    else
        SCRIPT_COUNTS(Py_UCS4)
    return Py_BuildValue("nn", ja, latin);
}

/*
 * find_terms(text, terms, boundary, by_sentence) -> list[list[int]]: for each term, where
 * it occurs in text, scanning left to right without overlapping its own earlier
 * occurrences; a term that starts (ends) with a character of boundary must not be
 * preceded (followed) by one.  Each occurrence is given by its offset, or with
 * by_sentence by the index of its sentence: how many cuts lie at or before it, a cut
 * being the offset just past a "\n", or just past a maximal run of 。!?. unless the run
 * is all dots and a letter or digit follows ("1.5", "example.com"); see
 * _pure.sentence_cuts.
 *
 * One pass over text for up to 64 terms (and the cuts): a table of flags per BMP
 * character says whether a term may start there or a sentence may end, and a hash table
 * of the terms' first characters which terms.
 */
#define CH_CUT 1u   /* "\n" or a character of a sentence-ending run */
#define CH_TERM 2u  /* the first character of a term of this pass */
static uint8_t char_flags[0x10000];
static int char_flags_ready = 0;

static PyObject *boundary_seen = NULL; /* the boundary str the bitmap was built from */
static uint8_t boundary_bits[0x110000 / 8];

static inline int
in_boundary(Py_UCS4 c)
{
    return (boundary_bits[c >> 3] >> (c & 7u)) & 1u;
}

static void
load_boundary(PyObject *boundary)
{
    if (boundary == boundary_seen)
        return;
    memset(boundary_bits, 0, sizeof(boundary_bits));
    const int kind = PyUnicode_KIND(boundary);
    const void *data = PyUnicode_DATA(boundary);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(boundary);
    for (Py_ssize_t i = 0; i < n; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        boundary_bits[c >> 3] |= (uint8_t)(1u << (c & 7u));
    }
    Py_INCREF(boundary);
    Py_XSETREF(boundary_seen, boundary);
}

static inline int
run_char(Py_UCS4 c)
{
    return c == 0x3002u || c == '!' || c == '?' || c == '.';
}

static inline int
continues_word(Py_UCS4 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_' || (c >= 0xC0u && c <= 0x24Fu) ||
           (c >= 0x370u && c <= 0x4FFu);
}

static inline int
lowest_bit(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return __builtin_ctzll(x);
#else
    int k = 0;
    while (!(x & 1u)) {
        x >>= 1;
        k++;
    }
    return k;
#endif
}

/* The bucket of a first character: kana and ASCII letters share low bytes, so hash it. */
static inline unsigned
bucket_of(Py_UCS4 c)
{
    return (unsigned)((c * 0x9E3779B1u) >> 24);
}

#define TERMS_PER_PASS 64

typedef struct {
    int kind;         /* the term's str kind and data */
    const void *data;
    Py_UCS4 first;
    Py_ssize_t len;
    Py_ssize_t next;  /* the next offset it may start at (its last occurrence's end) */
    int check_start, check_end;
    Py_ssize_t *hits; /* each occurrence's offset or sentence, in order */
    Py_ssize_t nhits, cap;
} term_t;

typedef struct {
    Py_ssize_t *cuts;   /* NULL unless by sentence */
    Py_ssize_t ncuts;
    int find_cuts;      /* this pass records the cuts (the first one) */
} sentences_t;

static int
add_hit(term_t *term, Py_ssize_t where)
{
    if (term->nhits == term->cap) {
        Py_ssize_t cap = term->cap ? term->cap * 2 : 16;
        Py_ssize_t *hits = (Py_ssize_t *)realloc(term->hits, (size_t)cap * sizeof(Py_ssize_t));
        if (hits == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        term->hits = hits;
        term->cap = cap;
    }
    term->hits[term->nhits++] = where;
    return 0;
}

#define SCAN_TERMS(T)                                                                       \
    {                                                                                       \
        const T *s = (const T *)data;                                                       \
        Py_ssize_t run_end = 0, sentence = 0;                                               \
        for (Py_ssize_t p = 0; p < n; p++) {                                                \
            const Py_UCS4 c = s[p];                                                         \
            unsigned f;                                                                     \
            if (c < 0x10000u) {                                                             \
                f = char_flags[c];                                                          \
                if (!f)                                                                     \
                    continue;                                                               \
            } else {                                                                        \
                f = astral ? CH_TERM : 0u;                                                  \
            }                                                                               \
            if ((f & CH_CUT) && find_cuts && p >= run_end) {                                \
                if (c == '\n') {                                                            \
                    sn->cuts[sn->ncuts++] = p + 1;                                          \
                } else if (run_char(c)) {                                                   \
                    int dots_only = 1;                                                      \
                    Py_ssize_t j = p;                                                       \
                    for (; j < n && run_char(s[j]); j++)                                    \
                        if (s[j] != '.')                                                    \
                            dots_only = 0;                                                  \
                    if (!dots_only || j == n || !continues_word(s[j]))                      \
                        sn->cuts[sn->ncuts++] = j;                                          \
                    run_end = j;                                                            \
                }                                                                           \
            }                                                                               \
            if (!(f & CH_TERM))                                                             \
                continue;                                                                   \
            uint64_t m = bucket[bucket_of(c)];                                              \
            while (m) {                                                                     \
                term_t *term = &terms[lowest_bit(m)];                                       \
                m &= m - 1;                                                                 \
                if (term->first != c || p < term->next || term->len > n - p)               \
                    continue;                                                               \
                Py_ssize_t k = 1;                                                           \
                while (k < term->len && s[p + k] == PyUnicode_READ(term->kind, term->data, k)) \
                    k++;                                                                    \
                if (k < term->len)                                                          \
                    continue;                                                               \
                const Py_ssize_t end = p + term->len;                                       \
                if (term->check_start && p > 0 && in_boundary(s[p - 1]))                    \
                    continue;                                                               \
                if (term->check_end && end < n && in_boundary(s[end]))                      \
                    continue;                                                               \
                Py_ssize_t where = p;                                                       \
                if (sn->cuts != NULL) {                                                     \
                    while (sentence < sn->ncuts && sn->cuts[sentence] <= p)                 \
                        sentence++;                                                         \
                    where = sentence;                                                       \
                }                                                                           \
                if (add_hit(term, where) < 0)                                               \
                    return -1;                                                              \
                term->next = end;                                                           \
            }                                                                               \
        }                                                                                   \
    }

static int
scan_pass_ucs1(const void *data, Py_ssize_t n, term_t *terms, const uint64_t *bucket, int astral, int find_cuts,
               sentences_t *sn)
{
    SCAN_TERMS(Py_UCS1)
    return 0;
}

static int
scan_pass_ucs2(const void *data, Py_ssize_t n, term_t *terms, const uint64_t *bucket, int astral, int find_cuts,
               sentences_t *sn)
{
    SCAN_TERMS(Py_UCS2)
    return 0;
}

static int
scan_pass_ucs4(const void *data, Py_ssize_t n, term_t *terms, const uint64_t *bucket, int astral, int find_cuts,
               sentences_t *sn)
{
    SCAN_TERMS(Py_UCS4)
    return 0;
}

static int
scan_pass(int kind, const void *data, Py_ssize_t n, term_t *terms, int count, sentences_t *sn)
{
    uint64_t bucket[256];
    int astral = 0;
    const int find_cuts = sn->find_cuts;
    memset(bucket, 0, sizeof(bucket));
    for (int t = 0; t < count; t++) {
        if (terms[t].len == 0 || terms[t].len > n)
            continue;
        bucket[bucket_of(terms[t].first)] |= (uint64_t)1 << t;
        if (terms[t].first < 0x10000u)
            char_flags[terms[t].first] |= CH_TERM;
        else
            astral = 1;
    }
    int rc = 0;
    if (kind == PyUnicode_1BYTE_KIND)
        rc = scan_pass_ucs1(data, n, terms, bucket, astral, find_cuts, sn);
    else if (kind == PyUnicode_2BYTE_KIND)
        rc = scan_pass_ucs2(data, n, terms, bucket, astral, find_cuts, sn);
    else
        rc = scan_pass_ucs4(data, n, terms, bucket, astral, find_cuts, sn);
    for (int t = 0; t < count; t++)
        if (terms[t].len > 0 && terms[t].len <= n && terms[t].first < 0x10000u)
            char_flags[terms[t].first] &= (uint8_t)~CH_TERM;
    sn->find_cuts = 0;
    return rc;
}

/* Prepares terms[t] for the str term (borrowed: it must outlive the scan). */
static int
term_init(term_t *term, PyObject *str)
{
    if (!PyUnicode_Check(str)) {
        PyErr_SetString(PyExc_TypeError, "terms must be str");
        return -1;
    }
    memset(term, 0, sizeof(*term));
    term->len = PyUnicode_GET_LENGTH(str);
    if (term->len == 0)
        return 0;
    term->kind = PyUnicode_KIND(str);
    term->data = PyUnicode_DATA(str);
    term->first = PyUnicode_READ(term->kind, term->data, 0);
    term->check_start = in_boundary(term->first);
    term->check_end = in_boundary(PyUnicode_READ(term->kind, term->data, term->len - 1));
    return 0;
}

/* Finds every term in text (by sentence or by offset), in passes of up to 64 terms. */
static int
scan_terms(PyObject *text, term_t *terms, Py_ssize_t count, int by_sentence)
{
    if (!char_flags_ready) {
        char_flags['\n'] = char_flags[0x3002] = char_flags['!'] = char_flags['?'] = char_flags['.'] = CH_CUT;
        char_flags_ready = 1;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    sentences_t sn = {NULL, 0, 0};
    if (by_sentence && count > 0) {
        sn.cuts = (Py_ssize_t *)malloc((size_t)(n ? n : 1) * sizeof(Py_ssize_t));
        if (sn.cuts == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        sn.find_cuts = 1;
    }
    int rc = 0;
    for (Py_ssize_t first = 0; first < count && rc == 0; first += TERMS_PER_PASS) {
        const Py_ssize_t left = count - first;
        rc = scan_pass(kind, data, n, terms + first, (int)(left < TERMS_PER_PASS ? left : TERMS_PER_PASS), &sn);
    }
    free(sn.cuts);
    return rc;
}

static void
terms_free(term_t *terms, Py_ssize_t count)
{
    if (terms == NULL)
        return;
    for (Py_ssize_t t = 0; t < count; t++)
        free(terms[t].hits);
    free(terms);
}

static PyObject *
tinyseg_find_terms(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *text, *seq, *boundary;
    int by_sentence = 0;
    if (!PyArg_ParseTuple(args, "UOU|p:find_terms", &text, &seq, &boundary, &by_sentence))
        return NULL;
    PyObject *fast = PySequence_Fast(seq, "find_terms() takes a sequence of str");
    if (fast == NULL)
        return NULL;
    const Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    PyObject *result = NULL;
    term_t *terms = (term_t *)calloc((size_t)(count ? count : 1), sizeof(term_t));
    if (terms == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    load_boundary(boundary);
    for (Py_ssize_t t = 0; t < count; t++)
        if (term_init(&terms[t], PySequence_Fast_GET_ITEM(fast, t)) < 0)
            goto done;
    if (scan_terms(text, terms, count, by_sentence) < 0)
        goto done;
    if ((result = PyList_New(count)) == NULL)
        goto done;
    for (Py_ssize_t t = 0; t < count; t++) {
        PyObject *found = PyList_New(terms[t].nhits);
        if (found == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, t, found);
        for (Py_ssize_t h = 0; h < terms[t].nhits; h++) {
            PyObject *v = PyLong_FromSsize_t(terms[t].hits[h]);
            if (v == NULL) {
                Py_CLEAR(result);
                goto done;
            }
            PyList_SET_ITEM(found, h, v);
        }
    }
done:
    terms_free(terms, count);
    Py_DECREF(fast);
    return result;
}

/*
 * count_keywords(text, keywords, boundary) -> list[tuple[int, tuple[int, ...]]]: for each
 * keyword (a sequence of terms), how many times it occurs in text, and the indices of its
 * terms that occur nowhere (then the count is 0).  A keyword of one term occurs as often as
 * the term; one of several terms counts in each sentence the smallest number of times one
 * of its terms occurs there.  The terms are found as find_terms(..., by_sentence=True)
 * finds them (see _pure.count_keywords).
 */
static PyObject *
tinyseg_count_keywords(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *text, *seq, *boundary;
    if (!PyArg_ParseTuple(args, "UOU:count_keywords", &text, &seq, &boundary))
        return NULL;
    PyObject *keywords = PySequence_Fast(seq, "count_keywords() takes a sequence of sequences of str");
    if (keywords == NULL)
        return NULL;
    const Py_ssize_t nk = PySequence_Fast_GET_SIZE(keywords);
    PyObject *result = NULL, *index = PyDict_New(); /* term -> its index in terms */
    PyObject **kw_terms = (PyObject **)calloc((size_t)(nk ? nk : 1), sizeof(PyObject *));
    Py_ssize_t *slots = NULL, nslots = 0, count = 0;
    term_t *terms = NULL;
    if (index == NULL || kw_terms == NULL) {
        if (kw_terms == NULL)
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nk; k++) {
        kw_terms[k] = PySequence_Fast(PySequence_Fast_GET_ITEM(keywords, k), "a keyword is a sequence of str");
        if (kw_terms[k] == NULL)
            goto done;
        nslots += PySequence_Fast_GET_SIZE(kw_terms[k]);
    }
    /* each keyword's terms as indices into the distinct terms */
    slots = (Py_ssize_t *)malloc((size_t)(nslots ? nslots : 1) * sizeof(Py_ssize_t));
    terms = (term_t *)calloc((size_t)(nslots ? nslots : 1), sizeof(term_t));
    if (slots == NULL || terms == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    load_boundary(boundary);
    Py_ssize_t at = 0;
    for (Py_ssize_t k = 0; k < nk; k++) {
        for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(kw_terms[k]); i++) {
            PyObject *term = PySequence_Fast_GET_ITEM(kw_terms[k], i);
            if (!PyUnicode_Check(term)) {
                PyErr_SetString(PyExc_TypeError, "terms must be str");
                goto done;
            }
            PyObject *known = PyDict_GetItemWithError(index, term);
            if (known == NULL) {
                if (PyErr_Occurred())
                    goto done;
                PyObject *v = PyLong_FromSsize_t(count);
                if (v == NULL || PyDict_SetItem(index, term, v) < 0) {
                    Py_XDECREF(v);
                    goto done;
                }
                Py_DECREF(v);
                if (term_init(&terms[count], term) < 0) /* the term lives in keywords */
                    goto done;
                slots[at++] = count++;
            } else {
                slots[at++] = PyLong_AsSsize_t(known);
            }
        }
    }
    if (scan_terms(text, terms, count, 1) < 0)
        goto done;
    if ((result = PyList_New(nk)) == NULL)
        goto done;
    at = 0;
    for (Py_ssize_t k = 0; k < nk; k++) {
        const Py_ssize_t nt = PySequence_Fast_GET_SIZE(kw_terms[k]);
        const Py_ssize_t *mine = slots + at;
        at += nt;
        Py_ssize_t missing = 0, fewest = -1;
        for (Py_ssize_t i = 0; i < nt; i++) {
            const term_t *term = &terms[mine[i]];
            if (term->nhits == 0)
                missing++;
            else if (fewest < 0 || term->nhits < terms[mine[fewest]].nhits)
                fewest = i;
        }
        Py_ssize_t total = 0;
        PyObject *absent = PyTuple_New(missing);
        if (absent == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        if (missing) {
            Py_ssize_t j = 0;
            for (Py_ssize_t i = 0; i < nt; i++) {
                if (terms[mine[i]].nhits == 0) {
                    PyObject *v = PyLong_FromSsize_t(i);
                    if (v == NULL) {
                        Py_DECREF(absent);
                        Py_CLEAR(result);
                        goto done;
                    }
                    PyTuple_SET_ITEM(absent, j++, v);
                }
            }
        } else if (nt == 1) {
            total = terms[mine[0]].nhits;
        } else if (nt > 1) {
            /* the sentences of the term found least often, each counted by the term that
               occurs in it least often (the lists are in order: walk them along) */
            Py_ssize_t *pos = (Py_ssize_t *)calloc((size_t)nt, sizeof(Py_ssize_t));
            if (pos == NULL) {
                PyErr_NoMemory();
                Py_DECREF(absent);
                Py_CLEAR(result);
                goto done;
            }
            const term_t *driver = &terms[mine[fewest]];
            for (Py_ssize_t h = 0; h < driver->nhits;) {
                const Py_ssize_t sentence = driver->hits[h];
                Py_ssize_t least = -1;
                for (Py_ssize_t i = 0; i < nt; i++) {
                    const term_t *term = &terms[mine[i]];
                    Py_ssize_t a = pos[i];
                    while (a < term->nhits && term->hits[a] < sentence)
                        a++;
                    Py_ssize_t b = a;
                    while (b < term->nhits && term->hits[b] == sentence)
                        b++;
                    pos[i] = b;
                    if (least < 0 || b - a < least)
                        least = b - a;
                }
                total += least;
                while (h < driver->nhits && driver->hits[h] == sentence)
                    h++;
            }
            free(pos);
        }
        PyObject *pair = Py_BuildValue("(nN)", total, absent);
        if (pair == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, pair);
    }
done:
    terms_free(terms, nslots);
    free(slots);
    if (kw_terms != NULL) {
        for (Py_ssize_t k = 0; k < nk; k++)
            Py_XDECREF(kw_terms[k]);
        free(kw_terms);
    }
    Py_XDECREF(index);
    Py_DECREF(keywords);
    return result;
}

/*
 * fold(text, changeable, normalize, max_pieces, quotes=False) -> str or None:
 * normalize("NFKC", text).casefold(), with quotes unified as leadlint.prose.unify_quotes
 * does when quotes is true; for leadlint.prose.fold.  changeable is a bytes bitmap of the BMP characters
 * NFKC may change alone or after another character (leadlint.prose._NFKC_CHANGEABLE; every
 * character outside the BMP counts as changeable).  ASCII is folded here (A-Z to a-z), and
 * so is every other character that is neither changeable nor cased: it is left as it is.
 * Each maximal piece of the others (changeable or cased), with the character before it, is
 * folded by Python: normalize("NFKC", piece).casefold() (a piece of full-width ASCII only
 * is mapped here: fold_wide_ascii).  Cutting there is exact, as
 * prose.nfkc explains: the character before a piece and the one after it are stable next
 * to anything.  The short pieces are kept with their folded form (by the piece itself,
 * its first character included: the same ones come back), so that most need no call.
 * None when the text has more than max_pieces pieces (Greek or Cyrillic prose): the
 * caller folds it whole.
 */
static PyObject *changeable_seen = NULL; /* the bytes the special bitmap was made from */
static uint8_t special_bits[0x10000 / 8]; /* changeable or cased, among the BMP beyond ASCII */
static PyObject *nfkc_name = NULL;
static PyObject *casefold_name = NULL;
/* piece (with the character before it) -> its folded form: the same ones come back
   ("法：", "（"), and a call into Python costs more than the rest of a piece */
static PyObject *fold_cache = NULL;
static PyObject *normalize_seen = NULL;
#define FOLD_CACHE_SIZE 4096 /* pieces at most */
#define FOLD_CACHE_PIECE 64  /* characters in a piece kept */

static void
load_special(PyObject *table)
{
    if (table == changeable_seen)
        return;
    const uint8_t *changeable = (const uint8_t *)PyBytes_AS_STRING(table);
    memset(special_bits, 0, sizeof(special_bits));
    for (Py_UCS4 c = 0x80u; c < 0x10000u; c++)
        if (((changeable[c >> 3] >> (c & 7u)) & 1u) || Py_UNICODE_ISUPPER(c) || Py_UNICODE_ISLOWER(c) ||
            Py_UNICODE_ISTITLE(c))
            special_bits[c >> 3] |= (uint8_t)(1u << (c & 7u));
    Py_INCREF(table);
    Py_XSETREF(changeable_seen, table);
}

static inline int
fold_special(Py_UCS4 c)
{
    if (c >= 0x10000u)
        return 1;
    return (special_bits[c >> 3] >> (c & 7u)) & 1u;
}

typedef struct {
    Py_UCS4 *buf;
    Py_ssize_t len, cap;
} ucs4_buf;

/* leadlint.prose.unify_quotes on one character of folded text */
static inline Py_UCS4
unify_quote(Py_UCS4 c)
{
    if (c == '`' || c == 0x2018u || c == 0x2019u || c == 0x201Bu || c == 0x02BCu)
        return '\'';
    if (c >= 0x201Cu && c <= 0x201Fu)
        return '"';
    return c;
}

static int
buf_reserve(ucs4_buf *b, Py_ssize_t more)
{
    if (b->len + more <= b->cap)
        return 0;
    Py_ssize_t cap = b->cap * 2;
    if (cap < b->len + more)
        cap = b->len + more;
    Py_UCS4 *nb = (Py_UCS4 *)realloc(b->buf, (size_t)cap * sizeof(Py_UCS4));
    if (nb == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->buf = nb;
    b->cap = cap;
    return 0;
}

/* The pieces of text: their [start, end) into spans (2 per piece, capacity 2 * max), their
   number, or -1 when there are more than max; *upper says whether A-Z (or with quotes, a
   quote to unify) occur outside them. */
#define FOLD_PIECES(T)                                                                      \
    {                                                                                       \
        const T *s = (const T *)data;                                                       \
        for (Py_ssize_t i = 0; i < n;) {                                                    \
            const Py_UCS4 c = s[i];                                                         \
            if (!fold_special(c)) {                                                         \
                *upper |= (c >= 'A' && c <= 'Z') || (quotes && unify_quote(c) != c);        \
                i++;                                                                        \
                continue;                                                                   \
            }                                                                               \
            if (count == max)                                                               \
                return -1;                                                                  \
            spans[2 * count] = i;                                                           \
            for (i++; i < n && fold_special(s[i]); i++)                                     \
                ;                                                                           \
            spans[2 * count + 1] = i;                                                       \
            count++;                                                                        \
        }                                                                                   \
    }

static Py_ssize_t
fold_pieces(int kind, const void *data, Py_ssize_t n, Py_ssize_t *spans, Py_ssize_t max, int quotes, int *upper)
{
    Py_ssize_t count = 0;
    *upper = 0;
    if (kind == PyUnicode_1BYTE_KIND)
        FOLD_PIECES(Py_UCS1)
    else if (kind == PyUnicode_2BYTE_KIND)
        FOLD_PIECES(Py_UCS2)
    else
        FOLD_PIECES(Py_UCS4)
    return count;
}

/* Appends text[a:b) with A-Z made a-z, and with quotes unified (out has room). */
#define FOLD_COPY(T)                                                                        \
    {                                                                                       \
        const T *s = (const T *)data;                                                       \
        for (Py_ssize_t k = a; k < b; k++) {                                                \
            Py_UCS4 c = s[k];                                                               \
            if (c >= 'A' && c <= 'Z')                                                       \
                c += 'a' - 'A';                                                             \
            else if (quotes)                                                                \
                c = unify_quote(c);                                                         \
            out->buf[out->len++] = c;                                                       \
        }                                                                                   \
    }

static void
fold_copy(int kind, const void *data, Py_ssize_t a, Py_ssize_t b, int quotes, ucs4_buf *out)
{
    if (kind == PyUnicode_1BYTE_KIND)
        FOLD_COPY(Py_UCS1)
    else if (kind == PyUnicode_2BYTE_KIND)
        FOLD_COPY(Py_UCS2)
    else
        FOLD_COPY(Py_UCS4)
}

/*
 * A piece text[start:end) of full-width ASCII only (U+FF01..U+FF5E: "（" "：" "？" "Ａ", most
 * of the pieces of Japanese prose), folded here with text[done:start) before it; 0 (and
 * nothing done) for any other piece.  NFKC maps each of these characters to the ASCII
 * character 0xFEE0 below it, alone: ASCII composes with nothing before or after it (no
 * canonical composition has an ASCII second character), so the character before the piece,
 * stable next to anything, is folded as fold_copy folds it, and so is the ASCII result.
 */
static int
fold_wide_ascii(int kind, const void *data, Py_ssize_t done, Py_ssize_t start, Py_ssize_t end, int quotes,
                ucs4_buf *out)
{
    for (Py_ssize_t k = start; k < end; k++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c < 0xFF01u || c > 0xFF5Eu)
            return 0;
    }
    fold_copy(kind, data, done, start, quotes, out);
    for (Py_ssize_t k = start; k < end; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k) - 0xFEE0u;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        else if (quotes)
            c = unify_quote(c);
        out->buf[out->len++] = c;
    }
    return 1;
}

static PyObject *
tinyseg_fold(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *text, *table, *normalize;
    Py_ssize_t max_pieces;
    int quotes = 0;
    if (!PyArg_ParseTuple(args, "USOn|p:fold", &text, &table, &normalize, &max_pieces, &quotes))
        return NULL;
    if (PyBytes_GET_SIZE(table) != 0x10000 / 8) {
        PyErr_SetString(PyExc_ValueError, "the changeable table must have 8192 bytes");
        return NULL;
    }
    if (nfkc_name == NULL && (nfkc_name = PyUnicode_InternFromString("NFKC")) == NULL)
        return NULL;
    if (casefold_name == NULL && (casefold_name = PyUnicode_InternFromString("casefold")) == NULL)
        return NULL;
    if (fold_cache == NULL && (fold_cache = PyDict_New()) == NULL)
        return NULL;
    if (table != changeable_seen || normalize != normalize_seen) {
        /* another table or normalize function: what was folded before may differ */
        PyDict_Clear(fold_cache);
        Py_INCREF(normalize);
        Py_XSETREF(normalize_seen, normalize);
    }
    load_special(table);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (max_pieces < 0)
        max_pieces = 0;
    if (max_pieces > n)
        max_pieces = n;

    ucs4_buf out = {NULL, 0, 0};
    Py_ssize_t *spans = (Py_ssize_t *)malloc((size_t)(2 * max_pieces + 2) * sizeof(Py_ssize_t));
    if (spans == NULL)
        return PyErr_NoMemory();
    int upper = 0;
    const Py_ssize_t pieces = fold_pieces(kind, data, n, spans, max_pieces, quotes, &upper);
    if (pieces < 0 || (pieces == 0 && !upper)) {
        free(spans);
        if (pieces < 0)
            Py_RETURN_NONE;
        return Py_NewRef(text);
    }
    if (buf_reserve(&out, n + 16) < 0)
        goto error;
    Py_ssize_t done = 0; /* text[:done] is folded */
    for (Py_ssize_t p = 0; p < pieces; p++) {
        if (fold_wide_ascii(kind, data, done, spans[2 * p], spans[2 * p + 1], quotes, &out)) {
            done = spans[2 * p + 1];
            continue;
        }
        /* the piece, with the character before it (waiting to be copied: not in a piece) */
        const Py_ssize_t start = spans[2 * p] > done ? spans[2 * p] - 1 : spans[2 * p], end = spans[2 * p + 1];
        fold_copy(kind, data, done, start, quotes, &out);
        PyObject *piece = PyUnicode_Substring(text, start, end);
        if (piece == NULL)
            goto error;
        PyObject *folded = PyDict_GetItemWithError(fold_cache, piece); /* borrowed */
        if (folded != NULL) {
            Py_INCREF(folded);
            Py_DECREF(piece);
        } else {
            if (PyErr_Occurred()) {
                Py_DECREF(piece);
                goto error;
            }
            PyObject *normal = PyObject_CallFunctionObjArgs(normalize, nfkc_name, piece, NULL);
            if (normal == NULL) {
                Py_DECREF(piece);
                goto error;
            }
            folded = PyObject_CallMethodNoArgs(normal, casefold_name);
            Py_DECREF(normal);
            if (folded == NULL || !PyUnicode_Check(folded)) {
                if (folded != NULL)
                    PyErr_SetString(PyExc_TypeError, "normalize() must return a str");
                Py_XDECREF(folded);
                Py_DECREF(piece);
                goto error;
            }
            int rc = 0;
            if (end - start <= FOLD_CACHE_PIECE) {
                if (PyDict_GET_SIZE(fold_cache) >= FOLD_CACHE_SIZE)
                    PyDict_Clear(fold_cache);
                rc = PyDict_SetItem(fold_cache, piece, folded);
            }
            Py_DECREF(piece);
            if (rc < 0) {
                Py_DECREF(folded);
                goto error;
            }
        }
        const Py_ssize_t m = PyUnicode_GET_LENGTH(folded);
        /* room for this and for the rest of the text as it is */
        if (buf_reserve(&out, m + (n - end)) < 0) {
            Py_DECREF(folded);
            goto error;
        }
        const int fk = PyUnicode_KIND(folded);
        const void *fd = PyUnicode_DATA(folded);
        for (Py_ssize_t k = 0; k < m; k++) {
            const Py_UCS4 c = PyUnicode_READ(fk, fd, k);
            out.buf[out.len++] = quotes ? unify_quote(c) : c;
        }
        Py_DECREF(folded);
        done = end;
    }
    fold_copy(kind, data, done, n, quotes, &out);
    free(spans);
    PyObject *result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.buf, out.len);
    free(out.buf);
    return result;
error:
    free(spans);
    free(out.buf);
    return NULL;
}

static PyMethodDef tinyseg_methods[] = {
    {"init", tinyseg_init, METH_O, "init(spec) -- load the model prepared by leadlint.words._pure."},
    {"segment", tinyseg_segment, METH_O, "segment(text) -> list of TinySegmenter tokens."},
    {"ja_words", tinyseg_ja_words, METH_O,
     "ja_words(sanitized_text) -> yoast's Japanese words (punctuation removed, blanks dropped)."},
    {"ja_count", tinyseg_ja_count, METH_O, "ja_count(sanitized_text) -> len(ja_words(sanitized_text))."},
    {"sanitize", tinyseg_sanitize, METH_O,
     "sanitize(text) -> yoast's sanitizeString (as leadlint.words._pure.sanitize; text without lone surrogates)."},
    {"ja_count_text", tinyseg_ja_count_text, METH_O, "ja_count_text(text) -> ja_count(sanitize(text))."},
    {"fold", tinyseg_fold, METH_VARARGS,
     "fold(text, changeable, normalize, max_pieces, quotes=False) -> folded text, or None."},
    {"script_counts", tinyseg_script_counts, METH_VARARGS,
     "script_counts(text, step) -> (kana and kanji, Latin letters) among text[::step]."},
    {"find_terms", tinyseg_find_terms, METH_VARARGS,
     "find_terms(text, terms, boundary, by_sentence=False) -> each term's offsets (or sentence indices)."},
    {"count_keywords", tinyseg_count_keywords, METH_VARARGS,
     "count_keywords(text, keywords, boundary) -> (count, indices of the terms that occur nowhere) each."},
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
