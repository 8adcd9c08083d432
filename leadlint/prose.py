"""The body's countable text: what a reader of the rendered page reads, in blocks and sentences.

``post.view(body_text)`` gives a :class:`BodyText`, computed once per post and shared by
every rule that counts or searches words (keyword density, placement, readability):

* the text of every Markdown paragraph, heading, list item and table cell, and of the HTML
  blocks (``<p>``, ``<h2>``, ``<li>`` ...), in document order;
* left out: code (fenced, indented, inline, ``<pre>``/``<code>``), ``{% raw %}``,
  ``{% comment %}`` and ``{% highlight %}`` bodies, Liquid tags and outputs, kramdown
  attribute lists (``{: .class}``), URLs written as text, image alt text, ``<script>``
  (JSON-LD) and ``<style>``;
* :attr:`BodyText.folded` is the same text NFKC-normalised and case-folded (``ＡＩ`` and ``ai``
  read as ``ai``), the form in which rules search for words, with its sentences
  (:meth:`BodyText.sentence_span`, :attr:`BodyText.sentence_ends`);
* :attr:`BodyText.words` counts its words the way yoastseo 3.6.0 does (TinySegmenter for
  Japanese, whitespace otherwise), see :mod:`leadlint.words`.

It is made for every post with keywords, so it is made cheaply: the text is joined from the
Markdown and HTML blocks without making a :class:`Block` of each (:attr:`BodyText.blocks`
makes them when asked; :meth:`BodyText.first` and :meth:`BodyText.headings` make only the
ones they return), the text of an HTML fragment seen before is not read again, and
:func:`fold` runs in the C extension of :mod:`leadlint.words` when it is compiled.

Sentences follow yoastseo's splitting closely enough for keyphrase counts to agree: every
block and every line break inside a block (a soft break in Markdown) starts a sentence, and
so do ``。 ！ ？ ! ? …`` and a ``.`` that is not inside a word or number (``1.5``,
``example.com`` do not split).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cached_property
from html import unescape
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .post import Post

_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
# A raw, comment or highlight block that opens inside a block of text: its body is not prose
# (blocks that start inside one are left out already).
_LIQUID_BLOCK = re.compile(
    r"\{%-?\s*(raw|comment|highlight)\b.*?%\}.*?(?:\{%-?\s*end\1\s*-?%\}|\Z)", re.DOTALL)
_KRAMDOWN_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")
# A URL written as text runs over printable ASCII: Japanese text may follow it without a space.
_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[!-~]+", re.IGNORECASE)


def _names_pattern(names: list[str]) -> str:
    """An alternation of tag names that matches what ``"|".join(names)`` matches, grouped by
    first letter (``d(?:iv|t|...)``): the regex engine then tries a dozen first letters at
    each ``<``, not every name.  Followed by ``\\b``, at most one name can match at a place
    (no name is another followed by more letters), so the order of the names is no matter."""
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(name[1:])
    return "|".join(first + (f"(?:{'|'.join(rests)})" if rests != [""] else "") for first, rests in by_first.items())


# HTML: what is not prose, the tags that start or end a block, and every other tag.
_HTML_SKIP_NAMES = "script style pre code kbd samp textarea svg math template".split()
_HTML_SKIP = re.compile(r"<!--|<(" + _names_pattern(_HTML_SKIP_NAMES) + r")\b", re.IGNORECASE)
_HTML_SKIP_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _HTML_SKIP_NAMES}
_HTML_BLOCK_NAMES = (
    "p div h[1-6] li dt dd td th tr ul ol dl table thead tbody tfoot caption section article aside"
    " header footer nav main blockquote figure figcaption details summary form fieldset legend address"
    " br hr"
).split()
_HTML_BLOCK_TAG = re.compile(r"<(/?)(" + _names_pattern(_HTML_BLOCK_NAMES) + r")\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_KINDS = {"p": "paragraph", "li": "item", "dt": "item", "dd": "item", "td": "cell", "th": "cell"}

# Sentence ends, in folded text (NFKC has turned ！？｡… into !?。...); a run of dots ends a
# sentence only when no letter or digit follows it (``1.5`` and ``example.com`` do not split).
_SENTENCE_END = re.compile(r"[\n。!?.]+")
_CONTINUES_WORD = re.compile(r"[0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff_]")
# Quotes unified before matching (as yoastseo's normalizeSingle does), after NFKC.
_QUOTES = (("\u2018", "'"), ("\u2019", "'"), ("\u201b", "'"), ("\u02bc", "'"), ("`", "'"),
           ("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u201f", '"'))


def fold(text: str, quotes: bool = True) -> str:
    """The form in which text is searched: NFKC-normalised, case-folded, and (unless
    ``quotes`` is false) curly quotes made straight."""
    folder = _folder or _find_folder()
    if folder:
        folded = folder(text, _changeable_table, unicodedata.normalize, 16 + len(text) // 64, quotes)
        if folded is not None:
            return folded
    # no C extension, or a text with many cased letters outside ASCII
    if not text.isascii():
        text = nfkc(text)
    text = text.casefold()
    return unify_quotes(text) if quotes else text


# leadlint.words._tinyseg.fold, found on first use (importing leadlint.words costs start-up
# time): False when it is not compiled; and the table of _NFKC_CHANGEABLE it takes.
_folder = None
_changeable_table = b""


def _words():
    """leadlint.words, imported on first use (importing it costs start-up time; an import
    statement in a function costs a microsecond at every call)."""
    global _words_module
    if _words_module is None:
        from . import words

        _words_module = words
    return _words_module


_words_module = None


def _find_folder():
    global _folder, _changeable_table
    _folder = _words().c_function("fold") or False
    if _folder:
        table = bytearray(0x10000 // 8)
        for item in _NFKC_CHANGEABLE.split():
            low, _, high = item.partition("-")
            for cp in range(int(low, 16), int(high or low, 16) + 1):
                table[cp >> 3] |= 1 << (cp & 7)
        _changeable_table = bytes(table)
    return _folder


def unify_quotes(text: str) -> str:
    """Curly and other quotes as ``'`` and ``"`` (yoastseo's normalizeSingle, and double quotes)."""
    for quote, plain in _QUOTES:
        if quote in text:  # str.translate is ten times slower on non-ASCII text
            text = text.replace(quote, plain)
    return text


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, about fifteen times faster on a Japanese post.

    NFKC over a whole post costs more than the rest of the text model together, yet it
    changes few characters (full-width Latin and punctuation, half-width kana, ``㈱``).
    A text that passes the quick check is kept as it is; in the others only the runs of
    characters that NFKC may change or combine (:data:`_NFKC_CHANGEABLE`) are normalised,
    each with the character before it (a base a mark may compose with). Every other
    character is NFKC-stable on its own and next to anything, and so is a line break.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    return _nfkc_runs(text)


def _nfkc_runs(text: str) -> str:
    out: list[str] = []
    last = 0
    normalize = unicodedata.normalize
    for match in _changeable().finditer(text):
        start, end = match.span()
        if start > last:  # the base before the run (runs are maximal: it is not in one)
            start -= 1
        out.append(text[last:start])
        out.append(normalize("NFKC", text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


class Block(NamedTuple):
    """One block of readable text.

    ``kind``: ``paragraph``, ``heading`` (with ``level``), ``item``, ``cell``, or ``html`` (text
    of an HTML block outside ``<p>``/``<hN>``/``<li>``/cells).  ``text`` is as written, with
    Liquid, URLs and markup removed; ``start`` is the block's offset in the post.
    """

    kind: str
    level: int
    text: str
    start: int
    origin: str = "markdown"  # or "html"


class BodyText:
    """The countable text of a post's body; see the module's documentation."""

    def __init__(self, blocks: list[Block] | None, language: str | None = None, *, text: str | None = None,
                 parts: tuple | None = None):
        # Made by body_text either with its blocks, or with the parts to make them from when
        # asked (parts: the Markdown prose blocks, kept as they are; the Markdown headings; the
        # HTML blocks; whether blocks are sorted by offset) and its text.
        if blocks is not None:
            self.__dict__["blocks"] = blocks
        if text is not None:
            self.__dict__["text"] = text
        self._parts = parts
        self._language = language

    @cached_property
    def blocks(self) -> list[Block]:
        """The blocks, in document order."""
        prose, headings, html, sort = self._parts
        level = {h.start: h.level for h in headings}.get
        blocks = [_new_block(Block, (b.kind, level(b.start, 0), b.text, b.start, "markdown")) for b in prose]
        if sort:
            blocks.extend(html)
            blocks.sort(key=_START)
        return blocks

    def first(self, kind: str) -> Block | None:
        """The first block of a kind (``paragraph`` ...), in document order."""
        if "blocks" in self.__dict__ or kind != "paragraph":
            return next((b for b in self.blocks if b.kind == kind), None)
        prose, headings, html, sort = self._parts
        # Markdown lists its blocks as they end: the first paragraph listed is the first one
        block = next((b for b in prose if b.kind == kind), None)
        if block is not None:
            block = _new_block(Block, (kind, 0, block.text, block.start, "markdown"))
        if sort:
            other = next((b for b in html if b.kind == kind), None)  # the HTML blocks come in order
            if other is not None and (block is None or other.start < block.start):
                block = other
        return block

    def headings(self, level: int) -> list[Block]:
        """The headings of a level (2 for H2), in document order."""
        if "blocks" in self.__dict__:
            return [b for b in self.blocks if b.kind == "heading" and b.level == level]
        prose, headings, html, sort = self._parts
        # the Markdown headings that have text are the prose blocks of kind heading
        found = [_new_block(Block, ("heading", level, h.text, h.start, "markdown"))
                 for h in headings if h.level == level and h.text]
        if sort:
            other = [b for b in html if b.kind == "heading" and b.level == level]
            if other:
                found.extend(other)
                found.sort(key=_START)
        return found

    @cached_property
    def language(self) -> str:
        """``"ja"`` or ``"en"``: the post's front-matter ``lang`` if given, else detected."""
        if self._language:
            return "ja" if self._language.lower().startswith("ja") else "en"
        return _words().detect_language(self.text)

    @cached_property
    def text(self) -> str:
        """The blocks' text as written, one block a line."""
        return "\n".join(map(_TEXT, self.blocks))

    @cached_property
    def words(self) -> int:
        """How many words yoastseo 3.6.0 counts in this text (in this language)."""
        # "<" and ">" are punctuation here, never a tag: keep the word counter from
        # reading "a < b and c > d" as one.
        text = self.text
        if "<" in text or ">" in text:
            text = text.replace("<", " ").replace(">", " ")
        return _words().count_words(text, self.language)

    @cached_property
    def folded(self) -> str:
        """:func:`fold` of :attr:`text`, quotes left as they are (see :attr:`folded_quotes`)."""
        return fold(self.text, quotes=False)

    @cached_property
    def folded_quotes(self) -> str:
        """:attr:`folded` with quotes unified, for searching a word that holds a quote."""
        return unify_quotes(self.folded)

    @cached_property
    def sentence_ends(self) -> list[int]:
        """Offsets in :attr:`folded` just past each sentence end (a boundary), in order."""
        return self._sentence_ends(0, len(self.folded))

    def _sentence_ends(self, start: int, end: int) -> list[int]:
        folded = self.folded
        ends = []
        for match in _SENTENCE_END.finditer(folded, start, end):
            stop = match.end()
            if folded[stop - 1] == "." and _CONTINUES_WORD.match(folded, stop) and not match.group().strip("."):
                continue
            ends.append(stop)
        return ends

    @property
    def sentence_count(self) -> int:
        """Sentences that hold a letter or digit."""
        folded, count, last = self.folded, 0, 0
        for end in self.sentence_ends + [len(folded)]:
            if any(ch.isalnum() for ch in folded[last:end]):
                count += 1
            last = end
        return count

    def sentence_span(self, offset: int) -> tuple[int, int]:
        """(start, end) in :attr:`folded` of the sentence an offset lies in.

        Found from the offset's line alone (a line break always ends a sentence), so that
        a rule asking about a few places does not split the whole text.
        """
        folded = self.folded
        line_start = folded.rfind("\n", 0, offset) + 1
        line_end = folded.find("\n", offset)
        if line_end == -1:
            line_end = len(folded)
        start = line_start
        for end in self._sentence_ends(line_start, line_end):
            if end > offset:
                return start, end
            start = end
        return start, line_end


def body_text(post: Post) -> BodyText:
    """The post's countable body text; use it as ``post.view(body_text)``."""
    prose = post.prose
    texts = [b.text for b in prose]  # (faster than map(attrgetter) on these dataclasses)
    language = post.data.get("lang")
    language = language if isinstance(language, str) and language.strip() else None
    html: list[Block] = []
    for fragment in post.html_fragments:
        if "<" in fragment.text and ">" in fragment.text:
            html.extend(_html_blocks(fragment.text, fragment.start))
    sort = bool(post.html_fragments)
    # The text, as if no Markdown block had anything to remove (the Markdown blocks come
    # stripped, and none is empty): every block kept as it is, and with HTML fragments in
    # the order of offsets (Markdown lists its blocks as they end).
    text = None
    if sort:
        starts = [b.start for b in prose]
        others = list(map(_START, html))
        if starts != sorted(starts) or others != sorted(others):  # (sorted() is quick on sorted lists)
            pieces = [(b.start, t) for b, t in zip(prose, texts)] + [(b.start, b.text) for b in html]
            pieces.sort(key=_FIRST)
            text = "\n".join(map(_SECOND, pieces))
        elif html:  # (the usual case) each HTML block goes in among the Markdown ones, in order
            merged: list[str] = []
            done = 0
            for block in html:
                at = bisect_right(starts, block.start, done)
                merged += texts[done:at]
                merged.append(block.text)
                done = at
            merged += texts[done:]
            text = "\n".join(merged)
    if text is None:
        text = "\n".join(texts)
    # (asked of the whole text first: the Markdown blocks alone are joined only when it says yes)
    if _may_need_cleaning(text) and (not html or _may_need_cleaning("\n".join(texts))):
        # Some Markdown block may hold Liquid, an attribute list or a URL: clean them (the
        # HTML blocks are clean already) and drop those left empty.
        levels = {h.start: h.level for h in post.headings}
        blocks: list[Block] = []
        for block in prose:
            cleaned = _clean(block.text)
            if cleaned:
                blocks.append(Block(block.kind, levels.get(block.start, 0), cleaned, block.start))
        if sort:
            blocks.extend(html)
            blocks.sort(key=_START)
        return BodyText(blocks, language)
    # Nothing to remove: the text is known, and the blocks are made only if asked for.
    return BodyText(None, language, text=text, parts=(prose, post.headings, html, sort))


def _may_need_cleaning(text: str) -> bool:
    """Whether :func:`_clean` may change a block of ``text``: it holds ``{``, ``://`` or
    ``www.`` (each string looked for only when its characters ``/``, ``:`` or ``.`` occur:
    finding a character is many times faster than finding a string in Japanese text)."""
    return "{" in text or ("/" in text and ":" in text and "://" in text) or ("." in text and "www." in text)


_new_block = tuple.__new__  # Block(...) without the Python frame of its __new__
_START = itemgetter(3)  # Block.start
_TEXT = itemgetter(2)  # Block.text
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)


def _clean(text: str) -> str:
    if "{" in text:
        if "{%" in text:
            text = _LIQUID_BLOCK.sub(" ", text)
        text = _KRAMDOWN_ATTRIBUTES.sub(" ", _LIQUID.sub(" ", text))
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    return text.strip()


def _blank_skipped(html: str) -> str:
    """``html`` with comments and non-prose elements blanked out (offsets kept)."""
    pieces: list[str] = []
    at = 0
    while True:
        match = _HTML_SKIP.search(html, at)
        if match is None:
            break
        if match.group(1) is None:
            end = html.find("-->", match.end())
            end = len(html) if end == -1 else end + 3
        else:
            close = _HTML_SKIP_END[match.group(1).lower()].search(html, match.end())
            end = close.end() if close else len(html)
        pieces.append(html[at : match.start()])
        pieces.append(" " * (end - match.start()))
        at = end
    if not pieces:
        return html
    pieces.append(html[at:])
    return "".join(pieces)


def _html_blocks(html: str, base: int) -> list[Block]:
    """Readable blocks of an HTML fragment (regex-based: positions kept, no tree needed)."""
    read = _HTML_READ.get(html)
    if read is None:
        read = _read_html(html)
        if len(html) <= 4096:
            if len(_HTML_READ) >= 1024:
                _HTML_READ.clear()
            _HTML_READ[html] = read
    return [_new_block(Block, (kind, level, text, base + at, "html")) for kind, level, text, at in read]


# The same HTML comes back from post to post (a call to action, an author box): what each
# fragment reads as, by its text (a thousand fragments at most, of 4,096 characters at most).
_HTML_READ: dict[str, tuple[tuple[str, int, str, int], ...]] = {}


def _read_html(html: str) -> tuple[tuple[str, int, str, int], ...]:
    """(kind, level, text, offset) of the readable blocks of an HTML fragment."""
    html = _blank_skipped(html)
    blocks: list[tuple[str, int, str, int]] = []
    if html.isspace():  # a <script> (JSON-LD) or a comment alone
        return ()
    kind, level, at = "html", 0, 0
    for tag in _HTML_BLOCK_TAG.finditer(html + "<br>"):
        start, end = tag.span()
        if start > at:
            piece = html[at:start]
            if not piece.isspace():
                if "<" in piece:
                    piece = _HTML_TAG.sub("", piece)
                if "&" in piece:
                    piece = unescape(piece)
                text = _clean(" ".join(piece.split()))
                if text:
                    blocks.append((kind, level, text, at))
        closing, name = tag.groups()
        if closing:
            kind, level = "html", 0
        else:
            name = name.lower()
            if name != "br":
                kind, level = _HTML_OPENS.get(name, _HTML_OTHER)
        at = end
    return tuple(blocks)


# What the text after an opening block tag is (a closing tag or <hr> ends it: "html"; <br>
# keeps it); a name the regex matched only case-insensitively beyond ASCII (``ſ`` for ``s``)
# is none of these: "html".
_HTML_OTHER = ("html", 0)
_HTML_OPENS = {name: (_HTML_KINDS.get(name, "html"), 0) for name in _HTML_BLOCK_NAMES if name not in ("h[1-6]", "br")}
_HTML_OPENS.update({f"h{level}": ("heading", level) for level in range(1, 7)})


# Characters NFKC may change, alone or after another character, by Python's unicodedata
# (Unicode 14.0 for CPython 3.11; tests/test_rules_keywords.py recomputes the table and says
# when another Unicode version differs): hexadecimal code points and ranges of the BMP.
# Every character outside the BMP is treated as changeable (they are rare in posts).
_NFKC_CHANGEABLE = (
    'a0 a8 aa af b2-b5 b8-ba bc-be 132-133 13f-140 149 17f 1c4-1cc 1f1-1f3 2b0-2b8 2d8-2dd 2e0-2e4 '
    '300-34e 350-36f 374 37a 37e 384-385 387 3d0-3d6 3f0-3f2 3f4-3f5 3f9 483-487 587 591-5bd 5bf 5c1-5c2 '
    '5c4-5c5 5c7 610-61a 64b-65f 670 675-678 6d6-6dc 6df-6e4 6e7-6e8 6ea-6ed 711 730-74a 7eb-7f3 7fd '
    '816-819 81b-823 825-827 829-82d 859-85b 898-89f 8ca-8e1 8e3-8ff 93c 94d 951-954 958-95f 9bc 9be 9cd '
    '9d7 9dc-9dd 9df 9fe a33 a36 a3c a4d a59-a5b a5e abc acd b3c b3e b4d b56-b57 b5c-b5d bbe bcd bd7 c3c '
    'c4d c55-c56 cbc cc2 ccd cd5-cd6 d3b-d3c d3e d4d d57 dca dcf ddf e33 e38-e3a e48-e4b eb3 eb8-eba '
    'ec8-ecb edc-edd f0c f18-f19 f35 f37 f39 f43 f4d f52 f57 f5c f69 f71-f7d f80-f84 f86-f87 f93 f9d fa2 '
    'fa7 fac fb5 fb7 fb9 fc6 102e 1037 1039-103a 108d 10fc 1161-1175 11a8-11c2 135d-135f 1714-1715 1734 '
    '17d2 17dd 18a9 1939-193b 1a17-1a18 1a60 1a75-1a7c 1a7f 1ab0-1abd 1abf-1ace 1b34-1b35 1b44 1b6b-1b73 '
    '1baa-1bab 1be6 1bf2-1bf3 1c37 1cd0-1cd2 1cd4-1ce0 1ce2-1ce8 1ced 1cf4 1cf8-1cf9 1d2c-1d2e 1d30-1d3a '
    '1d3c-1d4d 1d4f-1d6a 1d78 1d9b-1dff 1e9a-1e9b 1f71 1f73 1f75 1f77 1f79 1f7b 1f7d 1fbb 1fbd-1fc1 1fc9 '
    '1fcb 1fcd-1fcf 1fd3 1fdb 1fdd-1fdf 1fe3 1feb 1fed-1fef 1ff9 1ffb 1ffd-1ffe 2000-200a 2011 2017 '
    '2024-2026 202f 2033-2034 2036-2037 203c 203e 2047-2049 2057 205f 2070-2071 2074-208e 2090-209c 20a8 '
    '20d0-20dc 20e1 20e5-20f0 2100-2103 2105-2107 2109-2113 2115-2116 2119-211d 2120-2122 2124 2126 2128 '
    '212a-212d 212f-2131 2133-2139 213b-2140 2145-2149 2150-217f 2189 222c-222d 222f-2230 2329-232a '
    '2460-24ea 2a0c 2a74-2a76 2adc 2c7c-2c7d 2cef-2cf1 2d6f 2d7f 2de0-2dff 2e9f 2ef3 2f00-2fd5 3000 '
    '302a-302f 3036 3038-303a 3099-309c 309f 30ff 3131-318e 3192-319f 3200-321e 3220-3247 3250-327e '
    '3280-33ff a66f a674-a67d a69c-a69f a6f0-a6f1 a770 a7f2-a7f4 a7f8-a7f9 a806 a82c a8c4 a8e0-a8f1 '
    'a92b-a92d a953 a9b3 a9c0 aab0 aab2-aab4 aab7-aab8 aabe-aabf aac1 aaf6 ab5c-ab5f ab69 abed f900-fa0d '
    'fa10 fa12 fa15-fa1e fa20 fa22 fa25-fa26 fa2a-fa6d fa70-fad9 fb00-fb06 fb13-fb17 fb1d-fb36 fb38-fb3c '
    'fb3e fb40-fb41 fb43-fb44 fb46-fbb1 fbd3-fd3d fd50-fd8f fd92-fdc7 fdf0-fdfc fe10-fe19 fe20-fe44 '
    'fe47-fe52 fe54-fe66 fe68-fe6b fe70-fe72 fe74 fe76-fefc ff01-ffbe ffc2-ffc7 ffca-ffcf ffd2-ffd7 '
    'ffda-ffdc ffe0-ffe6 ffe8-ffee '
)
_changeable_re: re.Pattern | None = None


def _changeable() -> re.Pattern:
    global _changeable_re
    if _changeable_re is None:
        parts = []
        for item in _NFKC_CHANGEABLE.split():
            low, _, high = item.partition("-")
            parts.append(f"\\u{int(low, 16):04x}" + (f"-\\u{int(high, 16):04x}" if high else ""))
        run = "[" + "".join(parts) + "\U00010000-\U0010ffff]"
        # "[...][...]*", not "[...]+": the regex engine then scans for the first character
        # with its fast character-set search (three times faster on a post)
        _changeable_re = re.compile(run + run + "*")
    return _changeable_re
