/*
 * leadlint._text -- scans of text in C: is a whole file valid UTF-8 without decoding it, where do
 * the lines of a str start, where does another post's front matter end and is it made of simple
 * lines.
 *
 * Jekyll skips a post that is not valid UTF-8 anywhere in the file, so reading another post's
 * state must check the whole file, although only its front matter is needed as text.
 * ``bytes.decode`` checks it by building a str of the whole file (most of the cost of reading
 * a state); this module only checks.  leadlint/jekyll_front_matter.py keeps ``bytes.decode``
 * as the reference and the fallback, and tests/test_utf8_valid.py checks that both agree.
 *
 * Functions:
 *   line_starts(text) -> list[int]
 *       0 and the offset after each "\n" of ``text`` (a str): what ``SourceText.line_starts``
 *       turns offsets into lines with, for every post that has findings.  The Python twin in
 *       leadlint/source.py finds the newlines with ``re`` and makes a match object for each
 *       (about 20 us for an archive post; this is a few); tests/test_source_speed.py compares them.
 *   is_utf8(data) -> bool
 *       whether ``data`` (any bytes-like object) decodes with ``bytes.decode("utf-8")``:
 *       strict UTF-8 as CPython's decoder reads it, the well-formed sequences of Unicode's
 *       table 3-7 (no surrogates, no overlong forms, nothing above U+10FFFF, no sequence cut
 *       short by the end).
 *   front_matter_bounds(text, start) -> tuple[int, int] | None
 *       ``front_matter_bounds`` of leadlint/jekyll_front_matter.py (where Jekyll's front matter
 *       regex ends the YAML and where the content starts), in a str or in UTF-8 bytes, without
 *       regular expressions: 2 us less for an archive post.  tests/test_utf8_valid.py and
 *       tests/test_ref_speed_front_matter.py compare them with the Python twin and the regex.
 *   simple_lines(data, start, end, classes, keys) -> list[tuple[str, str]] | None
 *       None unless the valid UTF-8 ``data[start:end]`` (the lines after another post's
 *       opening ``---``) is made of simple lines (``leadlint.frontmatter.SIMPLE_LINES`` matches
 *       its text); then the (key, value) of the lines whose value is built, as
 *       ``_BUILT_LINE`` of leadlint/jekyll_front_matter.py finds them: a key of ``keys``, or
 *       "" for another key whose plain value starts with a digit.  The regular expression takes 5.6 us (8 ns a character) on the benchmark
 *       archive's usual front matter, a sixth of reading a post's state; this one pass over
 *       the bytes takes 1.5 us.  ``classes`` (128 bytes) says where each ASCII character may
 *       appear; leadlint/jekyll_front_matter.py finds it with the regular expression, which
 *       stays the fallback, and tests/test_simple_lines_c.py checks that both agree.
 *
 * With AVX2 (checked at run time) 32 bytes are checked at a time by the lookup algorithm of
 * Keiser and Lemire, "Validating UTF-8 in less than one instruction per byte" (2021), as
 * simdjson implements it: three table lookups on the nibbles of each byte and of the byte
 * before it classify every error of a two-byte window; a lead byte's demand for a second and
 * third continuation byte is checked separately.  Elsewhere, and for the last partial block
 * when there is no AVX2, a plain loop follows table 3-7.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------- the plain loop */

static int
valid_scalar(const unsigned char *s, Py_ssize_t n)
{
    Py_ssize_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {  /* eight ASCII bytes at once */
            uint64_t word;
            memcpy(&word, s + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = s[i];
        if (c < 0x80) {
            i += 1;
        }
        else if (c < 0xC2) {  /* a continuation byte, or an overlong lead C0/C1 */
            return 0;
        }
        else if (c < 0xE0) {
            if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
                return 0;
            i += 2;
        }
        else if (c < 0xF0) {
            if (i + 2 >= n)
                return 0;
            const unsigned char c1 = s[i + 1], c2 = s[i + 2];
            if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80)
                return 0;
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F))  /* overlong; surrogate */
                return 0;
            i += 3;
        }
        else if (c < 0xF5) {
            if (i + 3 >= n)
                return 0;
            const unsigned char c1 = s[i + 1], c2 = s[i + 2], c3 = s[i + 3];
            if ((c1 & 0xC0) != 0x80 || (c2 & 0xC0) != 0x80 || (c3 & 0xC0) != 0x80)
                return 0;
            if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))  /* overlong; > U+10FFFF */
                return 0;
            i += 4;
        }
        else {
            return 0;
        }
    }
    return 1;
}

/* ---------------------------------------------------------------- 32 bytes at a time */

#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_AVX2_PATH 1
#include <immintrin.h>

/* The error classes of a two-byte window (byte 1, byte 2), as simdjson names them. */
#define TOO_SHORT (1 << 0)      /* 11______ 0_______ or 11______ 11______ */
#define TOO_LONG (1 << 1)       /* 0_______ 10______ */
#define OVERLONG_3 (1 << 2)     /* 11100000 100_____ */
#define TOO_LARGE (1 << 3)      /* 11110100 1001____, 11110100 101_____, 11110101+ 1001____ / 101_____ */
#define SURROGATE (1 << 4)      /* 11101101 101_____ */
#define OVERLONG_2 (1 << 5)     /* 1100000_ 10______ */
#define TOO_LARGE_1000 (1 << 6) /* 11110101+ 1000____ */
#define OVERLONG_4 (1 << 6)     /* 11110000 1000____ */
#define TWO_CONTS (1 << 7)      /* 10______ 10______ */
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

__attribute__((target("avx2"))) static inline __m256i
lookup16(__m256i index, const int8_t table[16])
{
    const __m128i half = _mm_loadu_si128((const __m128i *)table);
    return _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(half), index);
}

/* the bytes of ``input`` shifted by n, with the last n bytes of ``prev`` in front */
#define PREV(input, prev, n) \
    _mm256_alignr_epi8((input), _mm256_permute2x128_si256((prev), (input), 0x21), 16 - (n))

__attribute__((target("avx2"))) static int
valid_avx2(const unsigned char *s, Py_ssize_t n)
{
    static const int8_t byte_1_high_table[16] = {
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
        TOO_SHORT | OVERLONG_2,
        TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE,
        (int8_t)(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4),
    };
    static const int8_t byte_1_low_table[16] = {
        (int8_t)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4),
        (int8_t)(CARRY | OVERLONG_2),
        (int8_t)CARRY,
        (int8_t)CARRY,
        (int8_t)(CARRY | TOO_LARGE),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
        (int8_t)(CARRY | TOO_LARGE | TOO_LARGE_1000),
    };
    static const int8_t byte_2_high_table[16] = {
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
        (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
        (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        (int8_t)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
    };
    /* a block ending in a sequence that needs more bytes: its last byte a lead, its last
       but one a lead of three or four bytes, its last but two a lead of four */
    static const unsigned char incomplete_above[32] = {
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        0xF0 - 1, 0xE0 - 1, 0xC0 - 1,
    };
    const __m256i low_nibble = _mm256_set1_epi8(0x0F);
    const __m256i max_value = _mm256_loadu_si256((const __m256i *)incomplete_above);
    __m256i prev_input = _mm256_setzero_si256();
    __m256i prev_incomplete = _mm256_setzero_si256();
    __m256i error = _mm256_setzero_si256();
    unsigned char last[32];
    Py_ssize_t i = 0;
    /* the full blocks, then the rest padded with ASCII (which ends any sequence cut short) */
    for (int done = 0; !done; i += 32) {
        __m256i input;
        if (i + 32 <= n) {
            input = _mm256_loadu_si256((const __m256i *)(s + i));
        }
        else {
            memset(last, 0, sizeof last);
            memcpy(last, s + i, (size_t)(n - i));
            input = _mm256_loadu_si256((const __m256i *)last);
            done = 1;
        }
        if (_mm256_movemask_epi8(input) == 0) {
            error = _mm256_or_si256(error, prev_incomplete);
            prev_incomplete = _mm256_setzero_si256();
        }
        else {
            const __m256i prev1 = PREV(input, prev_input, 1);
            const __m256i byte_1_high = lookup16(
                _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low_nibble), byte_1_high_table);
            const __m256i byte_1_low = lookup16(_mm256_and_si256(prev1, low_nibble), byte_1_low_table);
            const __m256i byte_2_high = lookup16(
                _mm256_and_si256(_mm256_srli_epi16(input, 4), low_nibble), byte_2_high_table);
            const __m256i special = _mm256_and_si256(_mm256_and_si256(byte_1_high, byte_1_low), byte_2_high);
            const __m256i prev2 = PREV(input, prev_input, 2);
            const __m256i prev3 = PREV(input, prev_input, 3);
            const __m256i must23 = _mm256_or_si256(_mm256_subs_epu8(prev2, _mm256_set1_epi8(0xE0 - 0x80)),
                                                   _mm256_subs_epu8(prev3, _mm256_set1_epi8(0xF0 - 0x80)));
            const __m256i must23_80 = _mm256_and_si256(must23, _mm256_set1_epi8((char)0x80));
            error = _mm256_or_si256(error, _mm256_xor_si256(must23_80, special));
            prev_incomplete = _mm256_subs_epu8(input, max_value);
        }
        prev_input = input;
    }
    error = _mm256_or_si256(error, prev_incomplete);
    return _mm256_testz_si256(error, error);
}
#endif

/* ---------------------------------------------------------------- line starts */

/* The offsets after each newline of chars[0..n), into found (grown as needed); -1 when out of memory. */
#define FIND_NEWLINES(TYPE)                                                         \
    do {                                                                            \
        const TYPE *chars = (const TYPE *)data;                                     \
        for (Py_ssize_t i = 0; i < n; i++) {                                        \
            if (chars[i] != '\n')                                                   \
                continue;                                                           \
            if (count == capacity) {                                                \
                capacity *= 2;                                                      \
                Py_ssize_t *grown = found == local ? PyMem_Malloc(capacity * sizeof *found) \
                                                   : PyMem_Realloc(found, capacity * sizeof *found); \
                if (grown == NULL)                                                  \
                    goto no_memory;                                                 \
                if (found == local)                                                 \
                    memcpy(grown, local, sizeof local);                             \
                found = grown;                                                      \
            }                                                                       \
            found[count++] = i + 1;                                                 \
        }                                                                           \
    } while (0)

static PyObject *
line_starts(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "line_starts() takes a str");
        return NULL;
    }
    if (PyUnicode_READY(text) < 0)
        return NULL;
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t local[1024], *found = local, count = 0, capacity = 1024;
    if (kind == PyUnicode_1BYTE_KIND)
        FIND_NEWLINES(Py_UCS1);
    else if (kind == PyUnicode_2BYTE_KIND)
        FIND_NEWLINES(Py_UCS2);
    else
        FIND_NEWLINES(Py_UCS4);
    PyObject *starts = PyList_New(count + 1);
    if (starts != NULL) {
        PyList_SET_ITEM(starts, 0, PyLong_FromSsize_t(0));
        for (Py_ssize_t at = 0; at < count; at++) {
            PyObject *start = PyLong_FromSsize_t(found[at]);
            if (start == NULL) {
                Py_CLEAR(starts);  /* the slots not set yet are NULL, which a list frees as nothing */
                break;
            }
            PyList_SET_ITEM(starts, at + 1, start);
        }
    }
    if (found != local)
        PyMem_Free(found);
    return starts;
no_memory:
    if (found != local)
        PyMem_Free(found);
    return PyErr_NoMemory();
}

/* ---------------------------------------------------------------- the front matter's end */

/* Ruby's \s (a character of any width: U+0120 is no space) */
static inline int
is_ruby_space(Py_UCS4 c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* Where Jekyll's front matter regex ends its YAML (``yaml_end``) and where the content starts,
   in the characters of ``kind`` (bytes are read as 1-byte characters) data[0..n), from an
   opening `---` at ``start``; 0 when it does not match.  As the Python twin: the last newline of
   the spaces after the dashes, then the first line that is `---` or `...` followed by spaces but
   newlines up to LF or the end; the content starts at the end, or after the last newline of the
   spaces after the closing dashes. */
static int
front_matter_span(int kind, const void *data, Py_ssize_t n, Py_ssize_t start, Py_ssize_t *yaml_end,
                  Py_ssize_t *content)
{
#define AT(i) PyUnicode_READ(kind, data, (i))
    if (start < 0 || start + 3 > n || AT(start) != '-' || AT(start + 1) != '-' || AT(start + 2) != '-')
        return 0;
    Py_ssize_t run_end = start + 3;
    while (run_end < n && is_ruby_space(AT(run_end)))
        run_end++;
    Py_ssize_t at = run_end - 1;
    while (at >= start + 3 && AT(at) != '\n')
        at--;
    if (at < start + 3)
        return 0;
    for (; at + 4 <= n; at++) {
        if (kind == PyUnicode_1BYTE_KIND) {  /* the next newline, found by memchr */
            const char *next = memchr((const char *)data + at, '\n', (size_t)(n - at));
            if (next == NULL)
                return 0;
            at = next - (const char *)data;
            if (at + 4 > n)
                return 0;
        }
        else if (AT(at) != '\n') {
            continue;
        }
        const Py_UCS4 c = AT(at + 1);
        if ((c != '-' && c != '.') || AT(at + 2) != c || AT(at + 3) != c)
            continue;
        Py_ssize_t after = at + 4;
        while (after < n && AT(after) != '\n' && is_ruby_space(AT(after)))
            after++;
        if (after < n && AT(after) != '\n')
            continue;
        *yaml_end = at + 1;
        Py_ssize_t run = at + 4;
        while (run < n && is_ruby_space(AT(run)))
            run++;
        if (run < n)
            while (AT(run - 1) != '\n')  /* the newline ending the fence's line is in the run */
                run--;
        *content = run;
        return 1;
    }
    return 0;
#undef AT
}

static PyObject *
front_matter_bounds(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 1 && nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "front_matter_bounds() takes a text (str or bytes) and start (0)");
        return NULL;
    }
    const Py_ssize_t start = nargs == 2 ? PyLong_AsSsize_t(args[1]) : 0;
    if (start == -1 && PyErr_Occurred())
        return NULL;
    Py_ssize_t yaml_end, content;
    int found;
    if (PyUnicode_Check(args[0])) {
        if (PyUnicode_READY(args[0]) < 0)
            return NULL;
        found = front_matter_span(PyUnicode_KIND(args[0]), PyUnicode_DATA(args[0]), PyUnicode_GET_LENGTH(args[0]),
                                  start, &yaml_end, &content);
    }
    else {
        Py_buffer data;
        if (PyObject_GetBuffer(args[0], &data, PyBUF_SIMPLE) < 0)
            return NULL;
        found = front_matter_span(PyUnicode_1BYTE_KIND, data.buf, data.len, start, &yaml_end, &content);
        PyBuffer_Release(&data);
    }
    if (!found)
        Py_RETURN_NONE;
    return Py_BuildValue("(nn)", yaml_end, content);
}

/* ---------------------------------------------------------------- simple lines */

/* What may appear where in simple lines (leadlint.frontmatter.SIMPLE_LINES), for each ASCII
   character: the caller derives the table from the regular expression itself (see
   leadlint/jekyll_front_matter.py); the characters that shape a line (space, colon, comma,
   brackets, quotes, CR, LF) are handled here, whatever their bits say. */
#define IN_COMMENT 1
#define IN_DOUBLE_QUOTES 2
#define IN_SINGLE_QUOTES 4
#define PLAIN_FIRST 8
#define PLAIN_NEXT 16
#define FLOW_FIRST 32
#define FLOW_NEXT 64

/* The length of the character at s[i] when it is in every class: a character other than ASCII
   that libyaml reads as printable and not as a line break or a byte-order mark; 0 for any
   other.  (Every class of SIMPLE_LINES takes all such characters; the bytes are valid UTF-8.) */
static inline Py_ssize_t
wide_printable(const unsigned char *s, Py_ssize_t i, Py_ssize_t n)
{
    const unsigned char c = s[i];
    const Py_ssize_t length = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (length == 0 || i + length > n)
        return 0;
    if (c == 0xC2 && s[i + 1] < 0xA0)  /* U+0080..U+009F: C1 controls, NEL */
        return 0;
    if (c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))  /* U+2028, U+2029 */
        return 0;
    if (c == 0xEF && ((s[i + 1] == 0xBB && s[i + 2] == 0xBF) || (s[i + 1] == 0xBF && s[i + 2] >= 0xBE)))
        return 0;  /* U+FEFF, U+FFFE, U+FFFF */
    return length;
}

/* The length of the character at s[i] when it is in ``bit``'s class, else 0. */
static inline Py_ssize_t
in_class(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, const unsigned char *table, int bit)
{
    if (i >= n)
        return 0;
    if (s[i] < 0x80)
        return (table[s[i]] & bit) ? 1 : 0;
    return wide_printable(s, i, n);
}

static inline Py_ssize_t
skip_spaces(const unsigned char *s, Py_ssize_t i, Py_ssize_t n)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* The end of a run of ``bit``'s class from s[i]. */
static Py_ssize_t
skip_class(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, const unsigned char *table, int bit)
{
    Py_ssize_t length;
    while ((length = in_class(s, i, n, table, bit)) > 0)
        i += length;
    return i;
}

/* The end of a quoted scalar whose opening quote is s[i], or -1. */
static Py_ssize_t
quoted_end(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, const unsigned char *table)
{
    const unsigned char quote = s[i];
    i = skip_class(s, i + 1, n, table, quote == '"' ? IN_DOUBLE_QUOTES : IN_SINGLE_QUOTES);
    return i < n && s[i] == quote ? i + 1 : -1;
}

/* The length of the character at s[i] when it may be in a plain scalar of ``bit``'s class, else 0:
   a space never is (spaces inside a plain scalar are gaps between its characters). */
static inline Py_ssize_t
plain_char(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, const unsigned char *table, int bit)
{
    return i < n && s[i] == ' ' ? 0 : in_class(s, i, n, table, bit);
}

/* The end of a plain scalar whose first character (of class ``first``) is at s[i], or -1: then
   characters of class ``next``, each gap of spaces (and, in a block, colons after them) followed
   by one of them. */
static Py_ssize_t
plain_end(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, const unsigned char *table, int first, int next,
          int colons)
{
    Py_ssize_t length = plain_char(s, i, n, table, first);
    if (length == 0)
        return -1;
    i += length;
    for (;;) {
        while ((length = plain_char(s, i, n, table, next)) > 0)
            i += length;
        Py_ssize_t gap_end = skip_spaces(s, i, n);
        if (colons)
            while (gap_end < n && s[gap_end] == ':')
                gap_end++;
        length = gap_end > i ? plain_char(s, gap_end, n, table, next) : 0;
        if (length == 0)
            return i;  /* the scalar ends before the gap (if any) */
        i = gap_end + length;
    }
}

/* The end of a flow list whose `[` is s[i], or -1. */
static Py_ssize_t
flow_list_end(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, const unsigned char *table)
{
    i = skip_spaces(s, i + 1, n);
    if (i < n && s[i] == ']')
        return i + 1;
    for (;;) {
        if (i >= n)
            return -1;
        i = s[i] == '"' || s[i] == '\'' ? quoted_end(s, i, n, table)
                                         : plain_end(s, i, n, table, FLOW_FIRST, FLOW_NEXT, 0);
        if (i < 0)
            return -1;
        i = skip_spaces(s, i, n);
        if (i < n && s[i] == ']')
            return i + 1;
        if (i >= n || s[i] != ',')
            return -1;
        i = skip_spaces(s, i + 1, n);
    }
}

/* The end of a value starting at s[i] (not a space), or -1. */
static Py_ssize_t
value_end(const unsigned char *s, Py_ssize_t i, Py_ssize_t n, const unsigned char *table)
{
    if (s[i] == '"' || s[i] == '\'')
        return quoted_end(s, i, n, table);
    if (s[i] == '[')
        return flow_list_end(s, i, n, table);
    return plain_end(s, i, n, table, PLAIN_FIRST, PLAIN_NEXT, 1);
}

static inline int
is_key_first(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static inline int
is_key_next(unsigned char c)
{
    return is_key_first(c) || (c >= '0' && c <= '9') || c == '-';
}

/* The key of ``keys`` (a tuple of ASCII str) that s[0..length) spells, or NULL. */
static PyObject *
key_named(PyObject *keys, const unsigned char *s, Py_ssize_t length)
{
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(keys); k++) {
        PyObject *key = PyTuple_GET_ITEM(keys, k);
        if (PyUnicode_GET_LENGTH(key) == length && memcmp(PyUnicode_DATA(key), s, (size_t)length) == 0)
            return key;
    }
    return NULL;
}

/* Appends (key, value) to ``found``: the value's text s[start..stop). */
static int
append_line(PyObject *found, PyObject *key, const unsigned char *s, Py_ssize_t start, Py_ssize_t stop)
{
    PyObject *value = PyUnicode_DecodeUTF8((const char *)s + start, stop - start, NULL);
    if (value == NULL)
        return -1;
    PyObject *line = PyTuple_Pack(2, key, value);
    Py_DECREF(value);
    if (line == NULL)
        return -1;
    const int appended = PyList_Append(found, line);
    Py_DECREF(line);
    return appended;
}

/* Whether s[0..n) is made of simple lines: each blank, a comment or `key: value`, ending with
   LF or CRLF (1 or 0; -1 on an error).  The lines whose value gets built go to ``found`` as
   (key, value): those of ``keys`` (whatever their value, "" for none), and those whose plain
   value starts with a digit (with the key ""). */
static int
simple_lines_valid(const unsigned char *s, Py_ssize_t n, const unsigned char *table, PyObject *keys,
                   PyObject *no_key, PyObject *found)
{
    Py_ssize_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c == '#') {
            i = skip_class(s, i + 1, n, table, IN_COMMENT);
        }
        else if (is_key_first(c)) {
            const Py_ssize_t key_start = i;
            while (i < n && is_key_next(s[i]))
                i++;
            if (i - key_start > 64 || i >= n || s[i] != ':')
                return 0;
            PyObject *key = key_named(keys, s + key_start, i - key_start);
            const Py_ssize_t after_colon = i + 1;
            Py_ssize_t value = i = skip_spaces(s, after_colon, n);
            if (i > after_colon && i < n && s[i] != '\r' && s[i] != '\n') {
                i = value_end(s, i, n, table);
                if (i < 0)
                    return 0;
                if (key == NULL && s[value] >= '0' && s[value] <= '9')
                    key = no_key;
            }
            else {
                value = i;  /* no value: "" */
            }
            if (key != NULL && append_line(found, key, s, value, i) < 0)
                return -1;
        }
        i = skip_spaces(s, i, n);  /* a blank line, or the spaces after a value */
        if (i + 1 < n && s[i] == '\r' && s[i + 1] == '\n')
            i += 2;
        else if (i < n && s[i] == '\n')
            i += 1;
        else
            return 0;
    }
    return 1;
}

static PyObject *
simple_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_buffer data, table;
    Py_ssize_t start, end;
    if (nargs != 5 || !PyTuple_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "simple_lines() takes data, start, end, table and a tuple of keys");
        return NULL;
    }
    PyObject *keys = args[4];
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(keys); k++) {
        PyObject *key = PyTuple_GET_ITEM(keys, k);
        if (!PyUnicode_Check(key) || PyUnicode_READY(key) < 0 || PyUnicode_KIND(key) != PyUnicode_1BYTE_KIND
            || PyUnicode_MAX_CHAR_VALUE(key) > 127) {
            PyErr_SetString(PyExc_TypeError, "simple_lines(): the keys must be ASCII str");
            return NULL;
        }
    }
    start = PyLong_AsSsize_t(args[1]);
    end = PyLong_AsSsize_t(args[2]);
    if ((start == -1 || end == -1) && PyErr_Occurred())
        return NULL;
    if (PyObject_GetBuffer(args[0], &data, PyBUF_SIMPLE) < 0)
        return NULL;
    if (PyObject_GetBuffer(args[3], &table, PyBUF_SIMPLE) < 0) {
        PyBuffer_Release(&data);
        return NULL;
    }
    PyObject *found = NULL, *no_key = NULL;
    if (table.len != 128)
        PyErr_SetString(PyExc_ValueError, "simple_lines() takes a table of 128 bytes");
    else if (start < 0 || end > data.len || start > end)
        PyErr_SetString(PyExc_ValueError, "simple_lines(): start and end out of range");
    else if ((found = PyList_New(0)) != NULL && (no_key = PyUnicode_New(0, 0)) != NULL) {
        const int valid = simple_lines_valid((const unsigned char *)data.buf + start, end - start,
                                             (const unsigned char *)table.buf, keys, no_key, found);
        if (valid <= 0)
            Py_CLEAR(found);
        if (valid == 0)
            found = Py_NewRef(Py_None);
    }
    Py_XDECREF(no_key);
    PyBuffer_Release(&table);
    PyBuffer_Release(&data);
    return found;
}

/* ---------------------------------------------------------------- the module */

static int use_avx2;

static PyObject *
is_utf8(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    int valid;
#ifdef HAVE_AVX2_PATH
    if (use_avx2)
        valid = valid_avx2((const unsigned char *)view.buf, view.len);
    else
#endif
        valid = valid_scalar((const unsigned char *)view.buf, view.len);
    PyBuffer_Release(&view);
    return PyBool_FromLong(valid);
}

static PyObject *
is_utf8_scalar(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    const int valid = valid_scalar((const unsigned char *)view.buf, view.len);
    PyBuffer_Release(&view);
    return PyBool_FromLong(valid);
}

static PyMethodDef methods[] = {
    {"line_starts", line_starts, METH_O, "0 and the offset after each newline of a str."},
    {"is_utf8", is_utf8, METH_O, "Whether the bytes decode as strict UTF-8 (as bytes.decode does)."},
    {"is_utf8_scalar", is_utf8_scalar, METH_O, "is_utf8 without AVX2 (for the tests)."},
    {"front_matter_bounds", (PyCFunction)(void (*)(void))front_matter_bounds, METH_FASTCALL,
     "Where the YAML of Jekyll's front matter ends and the content starts in a text (str or UTF-8 bytes), "
     "its `---` at start (0); None when there is none."},
    {"simple_lines", (PyCFunction)(void (*)(void))simple_lines, METH_FASTCALL,
     "The (key, value) lines of data[start:end] (valid UTF-8) whose value is built, or None when it is not "
     "made of simple lines, given each ASCII character's classes and the keys wanted."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "leadlint._text", "Scans of text in C: line starts, strict UTF-8 validation, simple lines.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__text(void)
{
#ifdef HAVE_AVX2_PATH
    __builtin_cpu_init();
    use_avx2 = __builtin_cpu_supports("avx2");
#endif
    return PyModule_Create(&module_def);
}
