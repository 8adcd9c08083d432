/*
 * leadlint._markdown_scan -- the event walk of leadlint.markdown.parse_markdown, in C.
 *
 * pyromark (pulldown-cmark) hands over ~370 events per post as Python dicts and strings;
 * walking them in Python, converting their UTF-8 byte ranges to character offsets and
 * building one frozen dataclass per view item cost several times what the parser does.
 * This module does that walk in one pass.  leadlint/markdown.py keeps the pure-Python
 * walk (``_scan_python``) as the reference and the fallback; every rule here mirrors it,
 * and tests/test_markdown_scan.py checks that both give identical results.
 *
 * Functions:
 *   init(image, link, heading, prose, html) -> None
 *       each argument is (class, field names); instances are made as object.__new__(class)
 *       followed by object.__setattr__ of each field, i.e. what a dataclass __init__ without
 *       defaults or __post_init__ does (leadlint.markdown checks that before calling init).
 *   scan(events, body, text, body_start, masked) -> (images, links, headings, prose, html, code)
 *       events: pyromark's (event, range) pairs for ``body``; offsets come back as character
 *       offsets into ``text`` (body_start + the offset in body).  ``masked``: destinations had
 *       U+E000 standing for spaces (see leadlint.markdown), put back here.
 *
 * Byte -> character offsets: pulldown-cmark's ranges index the UTF-8 form of ``body``, which
 * pyromark's own str -> &str conversion has already cached in the str object.  For a
 * non-ASCII body the characters are counted from the previous offset to the next one (they
 * come nearly in order); ASCII bodies need no counting.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------- names and classes */

static PyObject *s_start, *s_end, *s_level, *s_dest_url, *s_title, *s_id, *s_link_type, *s_Inline;
static PyObject *s_empty, *s_space, *s_newline, *s_hidden;
static PyObject *s_paragraph, *s_heading, *s_item, *s_cell; /* ProseBlock kinds */
static PyObject *s_Heading, *s_Image, *s_Link;
static PyObject *no_args; /* () */

enum { C_IMAGE, C_LINK, C_HEADING, C_PROSE, C_HTML, N_CLASSES };
static const Py_ssize_t n_fields[N_CLASSES] = {6, 3, 4, 4, 2};
static PyObject *classes[N_CLASSES];     /* owned, NULL until init() */
static PyObject *field_names[N_CLASSES]; /* owned tuples of str */

/* The names the walk tells apart (event kinds, event strings and tags). */
enum {
    K_OTHER = 0,
    K_SOFTBREAK, K_HARDBREAK,                       /* bare-string events */
    K_TEXT, K_START, K_END, K_CODE, K_INLINEHTML,   /* event dict keys */
    K_PARAGRAPH, K_HEADING, K_ITEM, K_TABLECELL,    /* text blocks */
    K_IMAGE, K_LINK, K_HTMLBLOCK, K_CODEBLOCK,
};

static int
name_kind(PyObject *s)
{
    if (!PyUnicode_Check(s) || !PyUnicode_IS_ASCII(s))
        return K_OTHER;
    const Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    const char *d = (const char *)PyUnicode_DATA(s);
#define IS(lit) (n == (Py_ssize_t)sizeof(lit) - 1 && memcmp(d, lit, sizeof(lit) - 1) == 0)
    switch (n) {
    case 3:
        return IS("End") ? K_END : K_OTHER;
    case 4:
        if (IS("Text")) return K_TEXT;
        if (IS("Code")) return K_CODE;
        if (IS("Item")) return K_ITEM;
        if (IS("Link")) return K_LINK;
        return K_OTHER;
    case 5:
        if (IS("Start")) return K_START;
        if (IS("Image")) return K_IMAGE;
        return K_OTHER;
    case 7:
        return IS("Heading") ? K_HEADING : K_OTHER;
    case 9:
        if (IS("Paragraph")) return K_PARAGRAPH;
        if (IS("TableCell")) return K_TABLECELL;
        if (IS("HtmlBlock")) return K_HTMLBLOCK;
        if (IS("CodeBlock")) return K_CODEBLOCK;
        if (IS("SoftBreak")) return K_SOFTBREAK;
        if (IS("HardBreak")) return K_HARDBREAK;
        return K_OTHER;
    case 10:
        return IS("InlineHtml") ? K_INLINEHTML : K_OTHER;
    default:
        return K_OTHER;
    }
#undef IS
}

static PyObject *
block_name(int kind)
{
    switch (kind) {
    case K_PARAGRAPH: return s_paragraph;
    case K_HEADING: return s_heading;
    case K_ITEM: return s_item;
    default: return s_cell;
    }
}

/* ---------------------------------------------------------------- byte -> char offsets */

typedef struct {
    PyObject *body;
    int ascii;
    const unsigned char *utf8; /* NULL until the first offset of a non-ASCII body is asked for */
    Py_ssize_t nbytes, base;
    Py_ssize_t at_byte, at_char; /* a cursor: at_char characters start before byte at_byte */
} Offsets;

static void
offsets_init(Offsets *o, PyObject *body, Py_ssize_t base)
{
    memset(o, 0, sizeof(*o));
    o->body = body;
    o->base = base;
    o->ascii = PyUnicode_IS_ASCII(body);
}

/* Characters that start in utf8[from:to]: its lead bytes (not 10xxxxxx).  Counted in blocks
 * of at most 255 bytes into an 8-bit counter, which the compiler turns into vector code. */
static Py_ssize_t
lead_bytes(const unsigned char *utf8, Py_ssize_t from, Py_ssize_t to)
{
    Py_ssize_t n = 0;
    while (from < to) {
        const Py_ssize_t block_end = to - from > 255 ? from + 255 : to;
        uint8_t count = 0;
        for (Py_ssize_t i = from; i < block_end; i++)
            count += (utf8[i] & 0xC0) != 0x80;
        n += count;
        from = block_end;
    }
    return n;
}

/* The character offset (plus base) of a byte offset into the UTF-8 form of the body.
 * pulldown-cmark's offsets fall on character boundaries; an offset inside a character counts
 * that character, one past the end counts as the end.  The offsets come nearly in order, so
 * the characters are counted from the last offset asked for, forwards or backwards: the whole
 * walk counts the body about once. */
static int
offsets_char(Offsets *o, PyObject *byte_obj, Py_ssize_t *out)
{
    Py_ssize_t b = PyLong_AsSsize_t(byte_obj);
    if (b == -1 && PyErr_Occurred())
        return -1;
    if (b < 0) {
        PyErr_SetString(PyExc_ValueError, "negative byte offset in a range");
        return -1;
    }
    if (o->ascii) {
        *out = o->base + b;
        return 0;
    }
    if (o->utf8 == NULL) {
        const char *utf8 = PyUnicode_AsUTF8AndSize(o->body, &o->nbytes); /* cached by the parser */
        if (utf8 == NULL)
            return -1;
        o->utf8 = (const unsigned char *)utf8;
    }
    if (b > o->nbytes)
        b = o->nbytes;
    if (b >= o->at_byte)
        o->at_char += lead_bytes(o->utf8, o->at_byte, b);
    else
        o->at_char -= lead_bytes(o->utf8, b, o->at_byte);
    o->at_byte = b;
    *out = o->base + o->at_char;
    return 0;
}

/* range[key] as a character offset */
static int
span_char(Offsets *o, PyObject *span, PyObject *key, Py_ssize_t *out)
{
    PyObject *value;
    if (PyDict_CheckExact(span)) {
        value = PyDict_GetItemWithError(span, key);
        if (value == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, key);
            return -1;
        }
        return offsets_char(o, value, out);
    }
    value = PyObject_GetItem(span, key);
    if (value == NULL)
        return -1;
    const int rc = offsets_char(o, value, out);
    Py_DECREF(value);
    return rc;
}

/* ---------------------------------------------------------------- small helpers */

/* mapping[key], a new reference */
static PyObject *
get_item(PyObject *mapping, PyObject *key)
{
    if (PyDict_CheckExact(mapping)) {
        PyObject *value = PyDict_GetItemWithError(mapping, key);
        if (value == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, key);
            return NULL;
        }
        Py_INCREF(value);
        return value;
    }
    return PyObject_GetItem(mapping, key);
}

/* The tag of a Start/End value: the value itself when a str, else its first key
 * (``value if type(value) is str else next(iter(value))``).  A new reference. */
static PyObject *
tag_of(PyObject *value)
{
    if (PyUnicode_CheckExact(value)) {
        Py_INCREF(value);
        return value;
    }
    if (PyDict_Check(value)) {
        Py_ssize_t pos = 0;
        PyObject *key, *item;
        if (PyDict_Next(value, &pos, &key, &item)) {
            Py_INCREF(key);
            return key;
        }
        PyErr_SetNone(PyExc_StopIteration);
        return NULL;
    }
    PyObject *it = PyObject_GetIter(value);
    if (it == NULL)
        return NULL;
    PyObject *key = PyIter_Next(it);
    Py_DECREF(it);
    if (key == NULL && !PyErr_Occurred())
        PyErr_SetNone(PyExc_StopIteration);
    return key;
}

/* ``url.replace("\ue000", " ") if masked else url``, a new reference */
static PyObject *
destination(PyObject *url, int masked)
{
    if (!masked) {
        Py_INCREF(url);
        return url;
    }
    return PyObject_CallMethod(url, "replace", "OO", s_hidden, s_space);
}

/* "".join(pieces), optionally .strip()ped.  pieces: NULL (none yet), a str (the only one,
 * kept without a list: most blocks have one) or a list of them (see add_piece). */
static PyObject *
joined(PyObject *pieces, int strip)
{
    PyObject *s;
    if (pieces == NULL) {
        Py_INCREF(s_empty);
        return s_empty;
    }
    if (PyUnicode_CheckExact(pieces)) {
        s = pieces;
        Py_INCREF(s);
    } else if (PyList_GET_SIZE(pieces) == 1 && PyUnicode_CheckExact(PyList_GET_ITEM(pieces, 0))) {
        s = PyList_GET_ITEM(pieces, 0);
        Py_INCREF(s);
    } else {
        s = PyUnicode_Join(s_empty, pieces);
        if (s == NULL)
            return NULL;
    }
    if (!strip)
        return s;
    const Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    const int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t i = 0, j = n;
    while (i < j && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
        i++;
    while (j > i && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j - 1)))
        j--;
    if (i == 0 && j == n)
        return s;
    PyObject *stripped = PyUnicode_Substring(s, i, j);
    Py_DECREF(s);
    return stripped;
}

/* Append ``piece`` to *pieces: the first piece is kept as it is when it is a str (joining
 * one str gives that str), a list is made for a second one or for anything else. */
static int
add_piece(PyObject **pieces, PyObject *piece)
{
    if (*pieces == NULL && PyUnicode_CheckExact(piece)) {
        Py_INCREF(piece);
        *pieces = piece;
        return 0;
    }
    if (*pieces == NULL || PyUnicode_CheckExact(*pieces)) {
        PyObject *list = PyList_New(0);
        if (list == NULL)
            return -1;
        if (*pieces != NULL && PyList_Append(list, *pieces) < 0) {
            Py_DECREF(list);
            return -1;
        }
        Py_XSETREF(*pieces, list);
    }
    return PyList_Append(*pieces, piece);
}

/* v[0] = int(a), v[1] = int(b); -1 when that fails (v[1] is then left alone) */
static int
fill_ints(PyObject **v, Py_ssize_t a, Py_ssize_t b)
{
    if ((v[0] = PyLong_FromSsize_t(a)) == NULL || (v[1] = PyLong_FromSsize_t(b)) == NULL)
        return -1;
    return 0;
}

/* An instance of classes[which] with its fields set to values.  The references are stolen,
 * also on failure; a NULL value means that making the values failed (an exception is set),
 * and nothing is called then. */
static PyObject *
make(int which, PyObject **values)
{
    const Py_ssize_t n = n_fields[which];
    PyObject *obj = NULL;
    for (Py_ssize_t i = 0; i < n; i++)
        if (values[i] == NULL)
            goto done;
    PyTypeObject *type = (PyTypeObject *)classes[which];
    obj = PyBaseObject_Type.tp_new(type, no_args, NULL); /* object.__new__(type) */
    if (obj == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyObject_GenericSetAttr(obj, PyTuple_GET_ITEM(field_names[which], i), values[i]) < 0) {
            Py_CLEAR(obj);
            goto done;
        }
    }
done:
    for (Py_ssize_t i = 0; i < n; i++)
        Py_XDECREF(values[i]);
    return obj;
}

/* Append a new object to list (the reference is stolen; NULL means an earlier failure). */
static int
append_new(PyObject *list, PyObject *obj)
{
    if (obj == NULL)
        return -1;
    const int rc = PyList_Append(list, obj);
    Py_DECREF(obj);
    return rc;
}

/* ---------------------------------------------------------------- the walk */

typedef struct {
    PyObject *kind;    /* s_paragraph, s_heading, s_item or s_cell (borrowed) */
    Py_ssize_t start;  /* character offset */
    PyObject *pieces;  /* NULL while empty, a str while one, else a list (see add_piece) */
    PyObject *level;   /* int (headings) or NULL */
} Block;

typedef struct {
    PyObject *info;    /* the Image tag's data: link_type, dest_url, title, id */
    Py_ssize_t start;
    PyObject *pieces;  /* as Block's */
} Img;

typedef struct {
    void *items;
    Py_ssize_t len, cap;
    size_t size;
} Stack;

/* A zeroed slot on top of the stack, or NULL (MemoryError). */
static void *
stack_push(Stack *s)
{
    if (s->len == s->cap) {
        const Py_ssize_t cap = s->cap ? s->cap * 2 : 16;
        if ((size_t)cap > (size_t)PY_SSIZE_T_MAX / s->size) {
            PyErr_NoMemory();
            return NULL;
        }
        void *items = PyMem_Realloc(s->items, (size_t)cap * s->size);
        if (items == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        s->items = items;
        s->cap = cap;
    }
    char *slot = (char *)s->items + (size_t)s->len++ * s->size;
    memset(slot, 0, s->size);
    return slot;
}

#define TOP_BLOCK (&((Block *)blocks.items)[blocks.len - 1])
#define TOP_IMAGE (&((Img *)images.items)[images.len - 1])

/* int(tag["Heading"]["level"][1:]), a new reference */
static PyObject *
heading_level(PyObject *tag)
{
    PyObject *data = get_item(tag, s_Heading);
    if (data == NULL)
        return NULL;
    PyObject *level = get_item(data, s_level);
    Py_DECREF(data);
    if (level == NULL)
        return NULL;
    PyObject *number;
    if (PyUnicode_CheckExact(level) && PyUnicode_GET_LENGTH(level) == 2 && PyUnicode_READ_CHAR(level, 1) >= '0' &&
        PyUnicode_READ_CHAR(level, 1) <= '9') {
        number = PyLong_FromLong((long)(PyUnicode_READ_CHAR(level, 1) - '0'));
    } else {
        PyObject *digits = PySequence_GetSlice(level, 1, PY_SSIZE_T_MAX);
        number = digits == NULL ? NULL : PyNumber_Long(digits);
        Py_XDECREF(digits);
    }
    Py_DECREF(level);
    return number;
}

/* A new (start, end) tuple of ints */
static PyObject *
pair_of(Py_ssize_t a, Py_ssize_t b)
{
    PyObject *x = PyLong_FromSsize_t(a), *y = PyLong_FromSsize_t(b);
    if (x == NULL || y == NULL) {
        Py_XDECREF(x);
        Py_XDECREF(y);
        return NULL;
    }
    PyObject *t = PyTuple_New(2);
    if (t == NULL) {
        Py_DECREF(x);
        Py_DECREF(y);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, x);
    PyTuple_SET_ITEM(t, 1, y);
    return t;
}

static int
end_block(Stack *blocks, PyObject *span, Offsets *offs, PyObject *out_headings, PyObject *out_prose)
{
    Block done = ((Block *)blocks->items)[--blocks->len]; /* owns pieces and level from here on */
    Py_ssize_t b;
    int rc = -1;
    PyObject *block_text = NULL;
    if (span_char(offs, span, s_end, &b) < 0)
        goto done;
    block_text = joined(done.pieces, 1);
    if (block_text == NULL)
        goto done;
    if (done.kind == s_heading) { /* Heading(level, text, start, end) */
        PyObject *v[4] = {Py_NewRef(done.level), Py_NewRef(block_text), NULL, NULL};
        (void)fill_ints(v + 2, done.start, b);
        if (append_new(out_headings, make(C_HEADING, v)) < 0)
            goto done;
    }
    if (PyUnicode_GET_LENGTH(block_text)) { /* ProseBlock(kind, text, start, end) */
        PyObject *v[4] = {Py_NewRef(done.kind), Py_NewRef(block_text), NULL, NULL};
        (void)fill_ints(v + 2, done.start, b);
        if (append_new(out_prose, make(C_PROSE, v)) < 0)
            goto done;
    }
    rc = 0;
done:
    Py_XDECREF(block_text);
    Py_XDECREF(done.pieces);
    Py_XDECREF(done.level);
    return rc;
}

static int
end_image(Stack *images, PyObject *span, Offsets *offs, int masked, PyObject *out_images)
{
    Img done = ((Img *)images->items)[--images->len]; /* owns info and pieces from here on */
    Py_ssize_t b;
    int rc = -1;
    if (span_char(offs, span, s_end, &b) < 0)
        goto done;
    /* MarkdownImage(url, alt, title, start, end, reference) */
    PyObject *v[6] = {NULL}, *url = NULL, *link_type = NULL;
    int not_inline;
    if ((url = get_item(done.info, s_dest_url)) == NULL || (v[0] = destination(url, masked)) == NULL ||
        (v[1] = joined(done.pieces, 0)) == NULL || (v[2] = get_item(done.info, s_title)) == NULL ||
        fill_ints(v + 3, done.start, b) < 0 || (link_type = get_item(done.info, s_link_type)) == NULL ||
        (not_inline = PyObject_RichCompareBool(link_type, s_Inline, Py_NE)) < 0)
        goto values_done;
    v[5] = not_inline ? get_item(done.info, s_id) : Py_NewRef(s_empty);
values_done:
    Py_XDECREF(url);
    Py_XDECREF(link_type);
    if (v[5] == NULL) { /* something failed */
        for (int i = 0; i < 6; i++)
            Py_XDECREF(v[i]);
        goto done;
    }
    if (append_new(out_images, make(C_IMAGE, v)) < 0)
        goto done;
    rc = 0;
done:
    Py_XDECREF(done.info);
    Py_XDECREF(done.pieces);
    return rc;
}

static PyObject *
scan(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *events, *body, *text;
    Py_ssize_t body_start;
    int masked;
    if (!PyArg_ParseTuple(args, "OUUnp:scan", &events, &body, &text, &body_start, &masked))
        return NULL;
    if (classes[0] == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "leadlint._markdown_scan.init() was not called");
        return NULL;
    }
    if (body_start < 0) {
        PyErr_SetString(PyExc_ValueError, "body_start must not be negative");
        return NULL;
    }

    PyObject *out[6] = {NULL}; /* images, links, headings, prose, html, code */
    PyObject *result = NULL, *it = NULL, *pair = NULL, *tag = NULL;
    Stack blocks = {NULL, 0, 0, sizeof(Block)}, images = {NULL, 0, 0, sizeof(Img)};
    Py_ssize_t code_depth = 0;
    Offsets offs;
    offsets_init(&offs, body, body_start);
    for (int i = 0; i < 6; i++)
        if ((out[i] = PyList_New(0)) == NULL)
            goto error;

    it = PyObject_GetIter(events);
    if (it == NULL)
        goto error;
    while ((pair = PyIter_Next(it)) != NULL) {
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "events must be (event, range) pairs");
            goto error;
        }
        PyObject *event = PyTuple_GET_ITEM(pair, 0), *span = PyTuple_GET_ITEM(pair, 1);
        if (PyUnicode_CheckExact(event)) {
            const int k = name_kind(event);
            if ((k == K_SOFTBREAK || k == K_HARDBREAK) && blocks.len && !images.len &&
                add_piece(&TOP_BLOCK->pieces, s_newline) < 0)
                goto error;
            Py_CLEAR(pair);
            continue;
        }
        if (!PyDict_Check(event)) {
            PyErr_SetString(PyExc_TypeError, "an event must be a str or a dict");
            goto error;
        }
        PyObject *name, *value;
        Py_ssize_t pos = 0;
        if (!PyDict_Next(event, &pos, &name, &value)) {
            PyErr_SetString(PyExc_ValueError, "an event dict is empty");
            goto error;
        }
        Py_ssize_t a, b;
        int k;
        switch (name_kind(name)) {
        case K_TEXT:
            if (code_depth)
                break;
            if (images.len) {
                if (add_piece(&TOP_IMAGE->pieces, value) < 0)
                    goto error;
            } else if (blocks.len) {
                if (add_piece(&TOP_BLOCK->pieces, value) < 0)
                    goto error;
            }
            break;
        case K_START:
            if ((tag = tag_of(value)) == NULL)
                goto error;
            k = name_kind(tag);
            Py_CLEAR(tag);
            switch (k) {
            case K_PARAGRAPH:
            case K_HEADING:
            case K_ITEM:
            case K_TABLECELL: {
                if (span_char(&offs, span, s_start, &a) < 0)
                    goto error;
                PyObject *level = NULL;
                if (k == K_HEADING && (level = heading_level(value)) == NULL)
                    goto error;
                Block *blk = stack_push(&blocks);
                if (blk == NULL) {
                    Py_XDECREF(level);
                    goto error;
                }
                blk->kind = block_name(k);
                blk->start = a;
                blk->level = level;
                break;
            }
            case K_IMAGE: {
                if (span_char(&offs, span, s_start, &a) < 0)
                    goto error;
                PyObject *info = get_item(value, s_Image);
                if (info == NULL)
                    goto error;
                Img *img = stack_push(&images);
                if (img == NULL) {
                    Py_DECREF(info);
                    goto error;
                }
                img->info = info;
                img->start = a;
                break;
            }
            case K_LINK: {
                if (span_char(&offs, span, s_start, &a) < 0 || span_char(&offs, span, s_end, &b) < 0)
                    goto error;
                /* MarkdownLink(url, start, end) */
                PyObject *data = get_item(value, s_Link);
                if (data == NULL)
                    goto error;
                PyObject *url = get_item(data, s_dest_url);
                Py_DECREF(data);
                if (url == NULL)
                    goto error;
                PyObject *v[3] = {destination(url, masked), NULL, NULL};
                Py_DECREF(url);
                if (v[0] != NULL)
                    (void)fill_ints(v + 1, a, b);
                if (append_new(out[1], make(C_LINK, v)) < 0)
                    goto error;
                break;
            }
            case K_HTMLBLOCK: {
                if (span_char(&offs, span, s_start, &a) < 0 || span_char(&offs, span, s_end, &b) < 0)
                    goto error;
                /* HtmlFragment(text[start:end], start) */
                PyObject *v[2] = {PyUnicode_Substring(text, a, Py_MAX(a, b)), NULL};
                if (v[0] != NULL)
                    v[1] = PyLong_FromSsize_t(a);
                if (append_new(out[4], make(C_HTML, v)) < 0)
                    goto error;
                break;
            }
            case K_CODEBLOCK:
                code_depth++;
                if (span_char(&offs, span, s_start, &a) < 0 || span_char(&offs, span, s_end, &b) < 0)
                    goto error;
                if (append_new(out[5], pair_of(a, b)) < 0)
                    goto error;
                break;
            default:
                break;
            }
            break;
        case K_END:
            if ((tag = tag_of(value)) == NULL)
                goto error;
            k = name_kind(tag);
            Py_CLEAR(tag);
            switch (k) {
            case K_PARAGRAPH:
            case K_HEADING:
            case K_ITEM:
            case K_TABLECELL:
                if (blocks.len && end_block(&blocks, span, &offs, out[2], out[3]) < 0)
                    goto error;
                break;
            case K_IMAGE:
                if (images.len) {
                    if (end_image(&images, span, &offs, masked, out[0]) < 0)
                        goto error;
                    if (blocks.len && add_piece(&TOP_BLOCK->pieces, s_space) < 0)
                        goto error;
                }
                break;
            case K_CODEBLOCK:
                code_depth--;
                break;
            default:
                break;
            }
            break;
        case K_CODE:
            if (span_char(&offs, span, s_start, &a) < 0 || span_char(&offs, span, s_end, &b) < 0)
                goto error;
            if (append_new(out[5], pair_of(a, b)) < 0)
                goto error;
            if (code_depth)
                break;
            if (images.len) {
                if (add_piece(&TOP_IMAGE->pieces, value) < 0)
                    goto error;
            } else if (blocks.len) { /* inline code: keeps its place as a gap in the prose */
                if (add_piece(&TOP_BLOCK->pieces, s_space) < 0)
                    goto error;
            }
            break;
        case K_INLINEHTML: {
            if (span_char(&offs, span, s_start, &a) < 0)
                goto error;
            PyObject *v[2] = {Py_NewRef(value), PyLong_FromSsize_t(a)};
            if (append_new(out[4], make(C_HTML, v)) < 0)
                goto error;
            break;
        }
        default:
            break;
        }
        Py_CLEAR(pair);
    }
    if (PyErr_Occurred())
        goto error;
    result = PyTuple_New(6);
    if (result == NULL)
        goto error;
    for (int i = 0; i < 6; i++) {
        PyTuple_SET_ITEM(result, i, out[i]);
        out[i] = NULL;
    }
error:
    for (Py_ssize_t i = 0; i < blocks.len; i++) {
        Py_XDECREF(((Block *)blocks.items)[i].pieces);
        Py_XDECREF(((Block *)blocks.items)[i].level);
    }
    for (Py_ssize_t i = 0; i < images.len; i++) {
        Py_XDECREF(((Img *)images.items)[i].info);
        Py_XDECREF(((Img *)images.items)[i].pieces);
    }
    PyMem_Free(blocks.items);
    PyMem_Free(images.items);
    Py_XDECREF(pair);
    Py_XDECREF(tag);
    Py_XDECREF(it);
    for (int i = 0; i < 6; i++)
        Py_XDECREF(out[i]);
    return result;
}

/* ---------------------------------------------------------------- init and the module */

static PyObject *
init(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *specs[N_CLASSES];
    if (!PyArg_ParseTuple(args, "OOOOO:init", &specs[0], &specs[1], &specs[2], &specs[3], &specs[4]))
        return NULL;
    PyObject *cls[N_CLASSES], *names[N_CLASSES];
    for (int i = 0; i < N_CLASSES; i++) {
        if (!PyTuple_Check(specs[i]) || PyTuple_GET_SIZE(specs[i]) != 2) {
            PyErr_SetString(PyExc_TypeError, "init() takes (class, field names) pairs");
            return NULL;
        }
        cls[i] = PyTuple_GET_ITEM(specs[i], 0);
        names[i] = PyTuple_GET_ITEM(specs[i], 1);
        if (!PyType_Check(cls[i]) || !PyTuple_Check(names[i]) || PyTuple_GET_SIZE(names[i]) != n_fields[i]) {
            PyErr_Format(PyExc_TypeError, "init(): argument %d must be (class, a tuple of %zd field names)", i + 1,
                         n_fields[i]);
            return NULL;
        }
        for (Py_ssize_t j = 0; j < n_fields[i]; j++)
            if (!PyUnicode_CheckExact(PyTuple_GET_ITEM(names[i], j))) {
                PyErr_SetString(PyExc_TypeError, "init(): field names must be str");
                return NULL;
            }
    }
    for (int i = 0; i < N_CLASSES; i++) {
        Py_INCREF(cls[i]);
        Py_XSETREF(classes[i], cls[i]);
        Py_INCREF(names[i]);
        Py_XSETREF(field_names[i], names[i]);
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"init", init, METH_VARARGS,
     "init(image, link, heading, prose, html) -- the classes to build, each as (class, field names)."},
    {"scan", scan, METH_VARARGS,
     "scan(events, body, text, body_start, masked) -> (images, links, headings, prose, html, code)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_markdown_scan", "The event walk of leadlint.markdown.parse_markdown, in C.", -1,
    methods, NULL, NULL, NULL, NULL,
};

static int
intern(PyObject **slot, const char *s)
{
    *slot = PyUnicode_InternFromString(s);
    return *slot == NULL ? -1 : 0;
}

PyMODINIT_FUNC
PyInit__markdown_scan(void)
{
    if (intern(&s_start, "start") < 0 || intern(&s_end, "end") < 0 || intern(&s_level, "level") < 0 ||
        intern(&s_dest_url, "dest_url") < 0 || intern(&s_title, "title") < 0 || intern(&s_id, "id") < 0 ||
        intern(&s_link_type, "link_type") < 0 || intern(&s_Inline, "Inline") < 0 ||
        intern(&s_Heading, "Heading") < 0 || intern(&s_Image, "Image") < 0 || intern(&s_Link, "Link") < 0 ||
        intern(&s_empty, "") < 0 || intern(&s_space, " ") < 0 || intern(&s_newline, "\n") < 0 ||
        intern(&s_paragraph, "paragraph") < 0 || intern(&s_heading, "heading") < 0 || intern(&s_item, "item") < 0 ||
        intern(&s_cell, "cell") < 0)
        return NULL;
    s_hidden = PyUnicode_FromOrdinal(0xE000);
    no_args = PyTuple_New(0);
    if (s_hidden == NULL || no_args == NULL)
        return NULL;
    return PyModule_Create(&module);
}
