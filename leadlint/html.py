"""HTML fragments of a post: elements with attribute positions, text, and script bodies.

Rules need start tags, their attributes and where each attribute value sits, the visible
text, and ``<script>`` bodies (JSON-LD) — never a tree.  Rules that want a tree can still
build one with BeautifulSoup (a dependency) from ``HtmlFragment.text``.

How, and why: this module used to run the standard library's ``html.parser.HTMLParser``
over every fragment and turn its line/column positions into offsets.  That tokenizer was
the cost (0.12–0.19 ms a post on the benchmark archive, in ``goahead``, ``parse_starttag``
and ``updatepos``: a Python method call per construct, a newline count per piece of data,
then a second regex pass per tag for the attribute spans), against a budget of ~1.2 ms a
post for everything.  Now one compiled regex, ``_TOKEN``, walks a fragment token by token
(about 0.03 ms a post).  A token is a run of markup that reports nothing (end tags outside
``<script>``/``<style>``, comments, ``<!DOCTYPE>`` and other ``<!...>``, ``<?...>``, and the
whitespace between them), then one of: a well-formed start tag, its first attribute captured
by ``_TOKEN`` itself and any others split by ``_MORE_ATTRS``; a run of text up to the next
``<``; or a ``<`` that needs a closer look.  ``html.unescape`` runs only where there is a
``&``; offsets come straight from match positions; a ``<script>``/``<style>`` body is skipped
by searching for its end tag, as the stdlib does.  Elements are made without the frozen
dataclass's ``__init__`` (``_element``), which alone cost a sixth of the time.

The result is the stdlib tokenizer's, exactly — the elements, attribute values, spans,
texts and scripts ``HTMLParser(convert_charrefs=True)`` of CPython 3.10–3.13.0 gives (their
tokenizers are the same) — because:

* the fast start-tag pattern accepts only tags on which the stdlib's patterns
  (``locatestarttagend_tolerant``, ``tagfind_tolerant``, ``attrfind_tolerant``) and the
  value-span pattern ``_ATTR`` all agree: an ASCII tag name followed by space, tab, CR, LF,
  FF, ``/`` or ``>``; attributes each after whitespace, a name without quotes, ``=``, ``/``
  or ``>``, then optionally ``=`` and a double-quoted, single-quoted or bare value (a bare
  one without quotes, ``=``, ``<``, ``>`` or backquote); then whitespace and ``>`` or ``/>``;
* every other ``<`` (a tag with odd attribute syntax or cut off at the fragment's end, an
  unclosed comment, ``<![CDATA[``, a stray ``<``) goes through ``_markup``, a statement-by-
  statement port of the stdlib's ``goahead``/``parse_starttag``/``check_for_whole_start_tag``/
  ``parse_endtag``/``parse_marked_section`` with the stdlib's own regular expressions,
  copied here so that the result does not change with later CPython releases, which
  rewrote parts of that tokenizer.

tests/test_html_scan.py keeps the ``HTMLParser`` scanner as the reference and compares the
two on generated fragments; they were also compared on every post of the 10,000-post
benchmark archive and of the real corpora.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

_ATTR = re.compile(r"""(?:^|\s)([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@dataclass(frozen=True)
class HtmlFragment:
    """A piece of raw HTML in a post: an HTML block, an inline tag, or a whole .html body."""

    text: str
    start: int


@dataclass(frozen=True)
class HtmlElement:
    tag: str
    attrs: dict[str, str | None]
    #: offsets of the whole start tag
    start: int
    end: int
    #: offsets of each attribute's value (without quotes)
    value_spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    def value_span(self, name: str) -> tuple[int, int]:
        return self.value_spans.get(name, (self.start, self.end))


@dataclass(frozen=True)
class ScriptBlock:
    """The body of a ``<script>`` element, with its ``type``."""

    type: str
    text: str
    start: int
    end: int


@dataclass
class HtmlScan:
    elements: list[HtmlElement] = field(default_factory=list)
    #: visible text pieces (offset, text), not inside script/style
    texts: list[tuple[int, str]] = field(default_factory=list)
    scripts: list[ScriptBlock] = field(default_factory=list)


# -- the stdlib tokenizer's patterns (CPython 3.11 Lib/html/parser.py, Lib/_markupbase.py) ----

_LOCATESTARTTAGEND = re.compile(r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*       # tag name
  (?:[\s/]*                          # optional whitespace before attribute name
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*  # attribute name
      (?:\s*=+\s*                    # value indicator
        (?:'[^']*'                   # LITA-enclosed value
          |"[^"]*"                   # LIT-enclosed value
          |(?!['"])[^>\s]*           # bare value
         )
        \s*                          # possibly followed by a space
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*                                # trailing whitespace
""", re.VERBOSE)
_TAGFIND = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRFIND = re.compile(
    r'((?<=[\'"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*'
    r'(\'[^\']*\'|"[^"]*"|(?![\'"])[^>\s]*))?(?:\s|/(?!>))*')
_ENDTAGFIND = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_COMMENTCLOSE = re.compile(r"--\s*>")
_DECLNAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_MARKEDSECTIONCLOSE = re.compile(r"]\s*]\s*>")
_MSMARKEDSECTIONCLOSE = re.compile(r"]\s*>")
#: where a raw-text element ends (the stdlib's ``set_cdata_mode``)
_RAWTEXT_END = {"script": re.compile(r"</\s*script\s*>", re.I), "style": re.compile(r"</\s*style\s*>", re.I)}
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

# -- the fast path ------------------------------------------------------------------------------

#: markup that produces nothing, with the whitespace before it: an end tag (outside raw text),
#: a comment, a processing instruction, a declaration other than ``<![...``
_SILENT = r"(?:\s*<(?:/[^>]*>|!--.*?--\s*>|\?[^>]*>|!(?!--|\[)[^>]*>))*"
_NAME = r"""[^\s"'>/=]+"""
#: an attribute value, its quotes left out: the lookbehinds tell quoted values from bare ones
_VALUE = r"""(["']?)((?<=")[^"]*|(?<=')[^']*|(?<!["'])[^\s"'=<>`]+)\3"""
_TOKEN = re.compile(
    _SILENT
    # a well-formed start tag: 1 its name, 2 the first attribute's name, 4 its value,
    # 5 the other attributes, 6 "/" or ""
    + r"(?:\s*<([a-zA-Z][-a-zA-Z0-9_:.]*)(?=[\t\n\r\f />])"
    + r"(?:\s+(" + _NAME + r")(?:\s*=\s*" + _VALUE + r")?"
    + r"""((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*))?\s*(/?)>"""
    + r"|\s*(<)"  # 7: any other "<"
    + r"|(\s*[^\s<][^<]*)"  # 8: text (whitespace alone is never reported)
    + r"|\s+)?",  # whitespace at the end
    re.DOTALL,
)
#: the other attributes: 1 name, then 2, 3 or 4 the value (double-quoted, single-quoted, bare)
_MORE_ATTRS = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class _Abort(Exception):
    """Markup on which the stdlib tokenizer raises (``<![foo``): the rest of the fragment is lost."""


_new = object.__new__


def _element(tag: str, attrs: dict, start: int, end: int, spans: dict) -> HtmlElement:
    """``HtmlElement(tag, attrs, start, end, spans)`` without the frozen dataclass's ``__init__``
    (one ``object.__setattr__`` call a field, 2.5x slower): the same object in every way."""
    element = _new(HtmlElement)
    d = element.__dict__
    d["tag"] = tag
    d["attrs"] = attrs
    d["start"] = start
    d["end"] = end
    d["value_spans"] = spans
    return element


def scan_html(fragments: list[HtmlFragment]) -> HtmlScan:
    scan = HtmlScan()
    elements = scan.elements
    texts = scan.texts
    scripts = scan.scripts
    append_text = texts.append
    append_element = elements.append
    finditer = _TOKEN.finditer
    more_attrs = _MORE_ATTRS.finditer
    new = _new
    cls = HtmlElement
    for fragment in fragments:
        text = fragment.text
        base = fragment.start
        pos: int | None = 0
        try:
            while pos is not None:
                for m in finditer(text, pos):
                    kind = m.lastindex
                    if kind == 8:  # text
                        data = m.group(8)
                        if "&" in data:
                            data = unescape(data)
                            if not data.strip():
                                continue
                        append_text((base + m.start(8), data))
                    elif kind == 6:  # a well-formed start tag
                        tag, name, value, more, close = m.group(1, 2, 4, 5, 6)
                        tag = tag.lower()
                        attrs: dict[str, str | None] = {}
                        spans: dict[str, tuple[int, int]] = {}
                        if name is not None:
                            name = name.lower()
                            if value is None:
                                attrs[name] = None
                            else:
                                s, e = m.span(4)
                                spans[name] = (base + s, base + e)
                                attrs[name] = unescape(value) if "&" in value else value
                            if more:
                                at = base + m.start(5)
                                for a in more_attrs(more):
                                    name = a.group(1).lower()
                                    g = a.lastindex
                                    if g == 1:
                                        attrs[name] = None
                                        continue
                                    value = a.group(g)
                                    if name not in spans:  # the first one's, as the stdlib's
                                        s, e = a.span(g)
                                        spans[name] = (at + s, at + e)
                                    attrs[name] = unescape(value) if "&" in value else value  # the last one's
                        # _element(), inlined
                        element = new(cls)
                        d = element.__dict__
                        d["tag"] = tag
                        d["attrs"] = attrs
                        d["start"] = base + m.start(1) - 1
                        end = m.end()
                        d["end"] = base + end
                        d["value_spans"] = spans
                        append_element(element)
                        if tag in _RAWTEXT_END and not close:
                            pos = _raw_text(text, base, tag, attrs, end, scripts)
                            break
                    elif kind == 7:  # any other "<": the stdlib's way
                        pos = _markup(text, m.start(7), base, elements, texts, scripts)
                        break
                else:
                    break
        except _Abort:  # malformed markup: keep what was found
            pass
    return scan


def _raw_text(text: str, base: int, tag: str, attrs: dict, content_start: int, scripts: list) -> int | None:
    """The body of a ``<script>`` or ``<style>`` starting at ``content_start``, where only its
    end tag counts: records a script, and returns where to go on (None: the fragment is done)."""
    kind = (attrs.get("type") or "").strip().lower() if tag == "script" else "style"
    pattern = _RAWTEXT_END[tag]
    search_from = content_start
    while True:
        m = pattern.search(text, search_from)
        if m is None:
            # no end tag: the stdlib stops here; a <script> whose end tag is in a later fragment
            # (a blank line inside it ends a CommonMark HTML block) is closed at the fragment's end
            if kind != "style":
                scripts.append(ScriptBlock(kind, text[content_start:], base + content_start, base + len(text)))
            return None
        end_tag = _ENDTAGFIND.match(text, m.start())
        if end_tag is not None and end_tag.group(1).lower() == tag:
            break
        search_from = m.end()  # "</scrİpt>" and the like: text of the script
    if tag == "script":
        content_end = m.start()
        scripts.append(ScriptBlock(kind, text[content_start:content_end], base + content_start, base + content_end))
    return m.end()


# -- the slow path: the stdlib tokenizer, on one "<" -----------------------------------------


def _markup(text: str, i: int, base: int, elements: list, texts: list, scripts: list) -> int | None:
    """The stdlib tokenizer on the ``<`` at ``i`` (outside raw text): returns where to go on
    (None: the fragment is done)."""
    n = len(text)
    if i + 1 >= n:  # a "<" ending the fragment is text
        texts.append((base + i, "<"))
        return n
    c = text[i + 1]
    if c in _LETTERS:
        return _start_tag(text, i, base, elements, texts, scripts)
    if c == "/":  # an end tag outside raw text: nothing to report
        k = text.find(">", i + 2)
        if k >= 0:
            k += 1
    elif text.startswith("<!--", i):
        m = _COMMENTCLOSE.search(text, i + 4)
        k = m.end() if m else -1
    elif c == "?" or c == "!":
        if text.startswith("<![", i):
            k = _marked_section(text, i)
        else:  # <?...>, <!DOCTYPE ...>, <!...> (a bogus comment)
            k = text.find(">", i + 2)
            if k >= 0:
                k += 1
    else:
        texts.append((base + i, "<"))
        return i + 1
    if k < 0:
        return _unterminated(text, i, base, texts)
    return k


def _unterminated(text: str, i: int, base: int, texts: list) -> int:
    """Markup at ``i`` that does not end: the stdlib's goahead() makes it text, up to the next
    ``>`` (included) or ``<``."""
    k = text.find(">", i + 1)
    if k < 0:
        k = text.find("<", i + 1)
        if k < 0:
            k = i + 1
    else:
        k += 1
    data = text[i:k]
    if "&" in data:
        data = unescape(data)
    if data.strip():
        texts.append((base + i, data))
    return k


def _start_tag(text: str, i: int, base: int, elements: list, texts: list, scripts: list) -> int | None:
    """The stdlib's ``parse_starttag`` (with ``check_for_whole_start_tag``) on ``<`` + letter at
    ``i``: the start tags the fast path leaves, and what merely looks like one."""
    j = _LOCATESTARTTAGEND.match(text, i).end()
    following = text[j : j + 1]
    if following == ">":
        endpos = j + 1
    elif following == "/":
        if not text.startswith("/>", j):
            return _unterminated(text, i, base, texts)
        endpos = j + 2
    elif following == "" or following in _LETTERS or following == "=":
        return _unterminated(text, i, base, texts)
    else:
        endpos = j
    match = _TAGFIND.match(text, i + 1)
    k = match.end()
    tag = match.group(1).lower()
    pairs = []
    while k < endpos:
        m = _ATTRFIND.match(text, k)
        if not m:
            break
        name, rest, value = m.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        pairs.append((name.lower(), value))
        k = m.end()
    raw = text[i:endpos]
    end = text[k:endpos].strip()
    if end not in (">", "/>"):  # not a tag after all: text, as written
        if raw.strip():
            texts.append((base + i, raw))
        return endpos
    # where each value is written: the first occurrence of a name wins
    start = base + i
    spans: dict[str, tuple[int, int]] = {}
    for m in _ATTR.finditer(raw, len(tag) + 1):
        name = m.group(1).lower()
        for group in (2, 3, 4):
            if m.group(group) is not None:
                spans.setdefault(name, (start + m.start(group), start + m.end(group)))
                break
    attrs = dict(pairs)  # the last occurrence of a name wins
    elements.append(_element(tag, attrs, start, start + len(raw), spans))
    if tag in _RAWTEXT_END and end == ">":
        return _raw_text(text, base, tag, attrs, endpos, scripts)
    return endpos


def _marked_section(text: str, i: int) -> int:
    """The stdlib's ``parse_marked_section`` for ``<![`` at ``i``: its end, -1 if unterminated."""
    j = i + 3
    n = len(text)
    if j == n:
        return -1
    m = _DECLNAME.match(text, j)
    if not m:
        raise _Abort
    if m.end() == n:
        return -1
    name = m.group().strip().lower()
    if name in ("temp", "cdata", "ignore", "include", "rcdata"):
        close = _MARKEDSECTIONCLOSE.search(text, j)
    elif name in ("if", "else", "endif"):
        close = _MSMARKEDSECTIONCLOSE.search(text, j)
    else:
        raise _Abort
    return close.end() if close else -1
