/*
 * leadlint.reporters._json_findings -- one file's findings as the JSON report writes them, in C.
 *
 *   findings_json(findings) -> bytes | None
 *       ``findings`` (a list of ``leadlint.rule.Finding``) as ``leadlint.reporters.json``
 *       writes them: each finding's object on a line, the lines joined by ",\n", in UTF-8.
 *       The objects are byte for byte what ``json.dumps(finding_dict(f), ensure_ascii=False)``
 *       gives: keys in order, ", " and ": " between them, strings escaped as json's
 *       encode_basestring escapes them (the two-character escapes for \b \f \n \r \t " and \,
 *       \u00XX in lower-case hex for the other characters under U+0020; everything else as it
 *       is), integers in decimal, ``fix`` as null or its description and edits.
 *       None when a finding is not made of exactly those types (a str subclass, a bool for a
 *       line, an integer over 64 bits) or a string cannot be UTF-8 (a surrogate escape from a
 *       file name that is not UTF-8): the Python writer, which handles everything, is used
 *       then.  tests/test_reporters.py compares the two with hypothesis.
 *
 * The JSON report of an archive holds every finding (150,000 in the benchmark archive); the
 * Python writer spends about 2.5 us on each (a template filled with f-strings, then encoded).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *data;
    Py_ssize_t size, capacity;
} Buffer;

static int
reserve(Buffer *b, Py_ssize_t more)
{
    if (b->size + more <= b->capacity)
        return 0;
    Py_ssize_t capacity = b->capacity ? b->capacity : 4096;
    while (capacity < b->size + more)
        capacity *= 2;
    char *data = PyMem_Realloc(b->data, capacity);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->capacity = capacity;
    return 0;
}

static int
put(Buffer *b, const char *text, Py_ssize_t length)
{
    if (reserve(b, length) < 0)
        return -1;
    memcpy(b->data + b->size, text, length);
    b->size += length;
    return 0;
}

#define PUT_LITERAL(b, text) put((b), (text), (Py_ssize_t)(sizeof(text) - 1))

/* 1: written; 0: not an exact str or not UTF-8 (the caller falls back); -1: an error */
static int
put_string(Buffer *b, PyObject *value)
{
    if (!PyUnicode_CheckExact(value))
        return 0;
    Py_ssize_t length;
    const char *utf8 = PyUnicode_AsUTF8AndSize(value, &length);
    if (utf8 == NULL) {  /* a lone surrogate */
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
            return -1;
        PyErr_Clear();
        return 0;
    }
    if (reserve(b, 6 * length + 2) < 0)  /* the longest escape is six bytes for one */
        return -1;
    char *out = b->data + b->size;
    *out++ = '"';
    for (Py_ssize_t i = 0; i < length; i++) {
        const unsigned char c = (unsigned char)utf8[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            *out++ = (char)c;
            continue;
        }
        *out++ = '\\';
        switch (c) {
        case '"': *out++ = '"'; break;
        case '\\': *out++ = '\\'; break;
        case '\b': *out++ = 'b'; break;
        case '\f': *out++ = 'f'; break;
        case '\n': *out++ = 'n'; break;
        case '\r': *out++ = 'r'; break;
        case '\t': *out++ = 't'; break;
        default:
            out += sprintf(out, "u%04x", c);
        }
    }
    *out++ = '"';
    b->size = out - b->data;
    return 1;
}

/* 1: written; 0: not an exact int of 64 bits; -1: an error */
static int
put_int(Buffer *b, PyObject *value)
{
    if (!PyLong_CheckExact(value))
        return 0;
    int overflow;
    const long long number = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow)
        return 0;
    if (number == -1 && PyErr_Occurred())
        return -1;
    char digits[24];
    const int length = snprintf(digits, sizeof digits, "%lld", number);
    return put(b, digits, length) < 0 ? -1 : 1;
}

/* a tuple of exactly ``fields`` items (Finding, Fix and Edit are named tuples), or NULL */
static PyObject *
fields_of(PyObject *value, Py_ssize_t fields)
{
    return PyTuple_Check(value) && PyTuple_GET_SIZE(value) == fields ? value : NULL;
}

/* in the put_* functions below, which return 1 (written), 0 (fall back) or -1 (an error) */
#define TRY(call)                \
    do {                         \
        const int done = (call); \
        if (done <= 0)           \
            return done;         \
    } while (0)
#define LITERAL(text)                     \
    do {                                  \
        if (PUT_LITERAL(b, text) < 0)     \
            return -1;                    \
    } while (0)

static int
put_fix(Buffer *b, PyObject *fix)
{
    if (fix == Py_None) {
        LITERAL("null");
        return 1;
    }
    if (fields_of(fix, 2) == NULL)
        return 0;
    PyObject *edits = PyTuple_GET_ITEM(fix, 1);
    if (!PyTuple_Check(edits))
        return 0;
    LITERAL("{\"description\": ");
    TRY(put_string(b, PyTuple_GET_ITEM(fix, 0)));
    LITERAL(", \"edits\": [");
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(edits); i++) {
        PyObject *edit = fields_of(PyTuple_GET_ITEM(edits, i), 3);
        if (edit == NULL)
            return 0;
        if (i)
            LITERAL(", ");
        LITERAL("{\"start\": ");
        TRY(put_int(b, PyTuple_GET_ITEM(edit, 0)));
        LITERAL(", \"end\": ");
        TRY(put_int(b, PyTuple_GET_ITEM(edit, 1)));
        LITERAL(", \"replacement\": ");
        TRY(put_string(b, PyTuple_GET_ITEM(edit, 2)));
        LITERAL("}");
    }
    LITERAL("]}");
    return 1;
}

/* Finding's fields: code, severity, message, path, line, column, end_line, end_column, snippet, fix, name */
static int
put_finding(Buffer *b, PyObject *finding)
{
    if (fields_of(finding, 11) == NULL)
        return 0;
    PyObject *const *f = &PyTuple_GET_ITEM(finding, 0);
    LITERAL("{\"code\": ");
    TRY(put_string(b, f[0]));
    LITERAL(", \"name\": ");
    TRY(put_string(b, f[10]));
    LITERAL(", \"severity\": ");
    TRY(put_string(b, f[1]));
    LITERAL(", \"message\": ");
    TRY(put_string(b, f[2]));
    LITERAL(", \"path\": ");
    TRY(put_string(b, f[3]));
    LITERAL(", \"line\": ");
    TRY(put_int(b, f[4]));
    LITERAL(", \"column\": ");
    TRY(put_int(b, f[5]));
    LITERAL(", \"end_line\": ");
    TRY(put_int(b, f[6]));
    LITERAL(", \"end_column\": ");
    TRY(put_int(b, f[7]));
    LITERAL(", \"fix\": ");
    TRY(put_fix(b, f[9]));
    LITERAL("}");
    return 1;
}

static PyObject *
findings_json(PyObject *module, PyObject *findings)
{
    if (!PyList_Check(findings)) {
        PyErr_SetString(PyExc_TypeError, "findings_json() takes a list of findings");
        return NULL;
    }
    Buffer b = {NULL, 0, 0};
    int done = 1;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(findings) && done > 0; i++) {
        if (i && PUT_LITERAL(&b, ",\n") < 0)
            done = -1;
        else
            done = put_finding(&b, PyList_GET_ITEM(findings, i));
    }
    PyObject *result = NULL;
    if (done > 0)
        result = PyBytes_FromStringAndSize(b.data ? b.data : "", b.size);
    else if (done == 0)
        result = Py_NewRef(Py_None);
    PyMem_Free(b.data);
    return result;
}

static PyMethodDef methods[] = {
    {"findings_json", findings_json, METH_O,
     "One file's findings as the JSON report writes them, in UTF-8; None when only the Python writer can."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "leadlint.reporters._json_findings", "The JSON report's findings, written in C.", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__json_findings(void)
{
    return PyModule_Create(&module_def);
}
