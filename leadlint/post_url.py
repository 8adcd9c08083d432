"""``{% post_url %}`` as Jekyll 4.3.1 (Liquid 5.4) evaluates it, for the REF rules.

Three questions, each answered the way the real code does:

1. **Which tags does Liquid parse, and which does it render?**  :func:`find_post_urls` tokenizes
   the post's content (after the front matter) exactly as Liquid 5.4 does: ``{%`` up to the first
   ``%}``, tag names and whitespace in Ruby's ASCII sense (a full-width space is not whitespace),
   ``{% liquid %}`` lines, ``{% raw %}`` closed only by a token Liquid's Raw accepts.  Every
   ``post_url`` outside ``raw`` is *parsed* (a bad name aborts the build even inside
   ``{% comment %}`` or ``{% if false %}``); it is *rendered* unless it sits in a comment or in a
   branch that a literal condition switches off (``{% if false %}``, ``{% unless true %}``, a
   ``{% case %}`` body before its first ``when``).
2. **What does the name mean?**  :func:`parse_name` follows ``PostComparer#initialize``: the
   markup stripped of ASCII whitespace and NUL, one leading ``/`` dropped, then
   ``^(.+/)*(\\d+-\\d+-\\d+)-(.*)$`` (line anchors, first match), and the exact-match regex
   ``^_posts/<folder><date>-<slug>\\.[^.]+|^<folder>_posts/?<date>-<slug>\\.[^.]+`` built with the
   folder part *unescaped* (it is a regular expression; an invalid one is a parse error) and no
   end anchor (``2020-01-01-x`` matches ``2020-01-01-x.en.md``).
3. **Which post does it reach?**  :class:`Resolver` runs ``PostUrl#render`` against the site
   index: first the exact regex on each published post's ``relative_path`` (Jekyll's order: date,
   then path), then the deprecated fallback (same ``slug`` and the same year, month and day as the
   post's date, the folder ignored), else nothing.  When nothing matches, it finds out why (a post
   that is not published, a file Jekyll skips, a name that differs only in Unicode normalisation)
   and which existing post was probably meant.

The index reads no post's front matter to resolve an exact match except the matching files; the
fallback reads the few posts with the same slug or the same date in their file names.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import heapq
import itertools
import re
import unicodedata
import weakref
from collections import Counter
from datetime import date
from dataclasses import dataclass, field
from typing import NamedTuple

from .jekyll_front_matter import front_matter_bounds
from .dates import ruby_date
from .site import POST_NAME, RUBY_SPACE, IndexedPost, Site, find_site_root

#: Ruby's String#strip removes ASCII whitespace and NUL, nothing else (not U+3000)
RUBY_STRIP = RUBY_SPACE + "\0"
_WS = "[ \\t\\n\\v\\f\\r]"

# -- Liquid 5.4's tokenizer and tag syntax (lib/liquid.rb, block_body.rb, tags/raw.rb) ------------------

#: a named tuple made from its fields in C (its generated ``__new__`` is Python)
_new_tuple = tuple.__new__
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}?|\{%|\{\{", re.S)
#: the start of a tag, up to its markup (see :func:`_full_token`)
_TAG_HEAD = re.compile(r"\{%-?" + _WS + r"*(#|[A-Za-z0-9_]+)" + _WS + r"*")
_RAW_END = re.compile(r"(.*)\{%" + _WS + r"*([A-Za-z0-9_]+)" + _WS + r"*(.*)?%\}\Z", re.S)
_LIQUID_LINE = re.compile(_WS + r"*(#|[A-Za-z0-9_]+)" + _WS + r"*(.*?)\Z")

_LITERAL_TRUE = re.compile(r"true|-?[0-9]+(?:\.[0-9]+)?|\"[^\"]*\"|'[^']*'\Z")
_LITERAL_FALSE = ("false", "nil", "null")


class PostUrlTag(NamedTuple):
    """One ``{% post_url … %}`` that Liquid parses.

    ``markup`` is the text Liquid hands the tag (``start``..``end`` in the post); ``name`` is that
    text stripped the Ruby way, at ``name_start``..``name_end``.  ``rendered`` is True when Liquid
    renders the tag, False when it never does (a comment, ``{% if false %}``), None when it
    depends on a condition only the build knows.
    """

    markup: str
    start: int
    end: int
    name: str
    name_start: int
    name_end: int
    tag_start: int
    tag_end: int
    rendered: bool | None


def content_start(text: str) -> int:
    """Where Jekyll's content (what Liquid renders) starts: after the front matter, if any."""
    bounds = front_matter_bounds(text)
    return bounds[1] if bounds else 0


def find_post_urls(text: str, start: int = 0) -> list[PostUrlTag]:
    """Every ``post_url`` tag Liquid 5.4 parses in ``text[start:]``, in order."""
    if "post_url" not in text:
        return []
    flow = _Flow()
    for token in _TEMPLATE.finditer(text, start):
        s, e = token.span()
        if flow.raw:
            closing = _RAW_END.match(text, s, e)
            if closing and closing.group(2) == "endraw":
                flow.raw = False
            continue
        if text[s + 1] != "%":
            continue
        tag = _full_token(text, s, e)
        if tag is None:  # a Liquid syntax error, not a post_url problem
            continue
        name, markup_start, markup_end = tag
        if name == "liquid":
            depth = len(flow.frames)
            offset = markup_start
            for line in text[markup_start:markup_end].split("\n"):
                inner = _LIQUID_LINE.match(line)
                if inner and inner.group(1) != "raw":
                    flow.tag(inner.group(1), inner.group(2), offset + inner.start(2), offset + inner.end(2), s, e)
                offset += len(line) + 1
            del flow.frames[depth:]
            continue
        flow.tag(name, text[markup_start:markup_end], markup_start, markup_end, s, e)
    return flow.found


def _full_token(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """What Liquid's FullToken regex, ``\\{%-?(\\s*)(#|\\w+)(\\s*)(.*?)-?%\\}\\Z`` (ASCII spaces, DOTALL),
    makes of the token ``text[start:end]``: the tag's name and where its markup starts and
    ends; None when it is no tag.

    Without the lazy ``(.*?)``, which tried the closing ``-?%}`` after every character of the
    markup: the markup is all that follows the name and its spaces up to the closing ``%}``,
    less one ``-`` just before it (``-?`` takes it, as the lazy group leaves it to it).
    tests/test_rules_post_url.py compares the two."""
    close = end - 2
    if close < start + 2 or not text.startswith("%}", close):
        return None
    head = _TAG_HEAD.match(text, start, close)  # the name cannot reach into "%}"
    if head is None:
        return None
    markup_end = close - 1 if close > head.end() and text[close - 1] == "-" else close
    return head.group(1), head.end(), markup_end


class _Flow:
    """Liquid's block structure, enough to say whether a tag is rendered."""

    _RENDERED_BLOCKS = ("capture", "ifchanged", "highlight")
    _LOOPS = ("for", "tablerow")

    def __init__(self):
        self.raw = False
        #: open blocks: [kind, rendered (True/False/None), a branch surely taken, a branch maybe taken]
        self.frames: list[list] = []
        self.found: list[PostUrlTag] = []

    def state(self) -> bool | None:
        result: bool | None = True
        for frame in self.frames:
            if frame[1] is False:
                return False
            if frame[1] is None:
                result = None
        return result

    def tag(self, name: str, markup: str, start: int, end: int, tag_start: int, tag_end: int) -> None:
        top = self.frames[-1] if self.frames else None
        if name == "post_url":
            lead = len(markup) - len(markup.lstrip(RUBY_STRIP))
            stripped = markup.strip(RUBY_STRIP)
            self.found.append(_new_tuple(PostUrlTag, (markup, start, end, stripped, start + lead,
                                                      start + lead + len(stripped), tag_start, tag_end, self.state())))
        elif name == "raw":
            self.raw = True
        elif name == "comment":
            self.frames.append(["comment", False, False, False])
        elif name in ("if", "unless"):
            value = _condition(markup)
            if name == "unless" and value is not None:
                value = not value
            self.frames.append([name, value, value is True, value is None])
        elif name in ("elsif", "else") and top is not None and top[0] in ("if", "unless"):
            _branch(top, True if name == "else" else _condition(markup))
        elif name == "case":
            self.frames.append(["case", False, False, False])  # text before the first `when` is dropped
        elif name in ("when", "else") and top is not None and top[0] == "case":
            top[1] = None
        elif name == "else" and top is not None and top[0] in self._LOOPS:
            top[1] = None
        elif name in self._LOOPS:
            self.frames.append([name, None, False, True])
        elif name in self._RENDERED_BLOCKS:
            self.frames.append([name, True, True, False])
        elif name.startswith("end"):
            kind = name[3:]
            for depth in range(len(self.frames) - 1, -1, -1):
                if self.frames[depth][0] == kind:
                    del self.frames[depth:]
                    break
                if self.frames[depth][0] == "comment":  # a comment ignores tags it does not know
                    break


def _condition(markup: str) -> bool | None:
    """A condition's value when it is a literal (``false``, ``nil``, ``true``, ``1``, ``"x"``)."""
    text = markup.strip(RUBY_STRIP)
    if text in _LITERAL_FALSE:
        return False
    if _LITERAL_TRUE.match(text):
        return True
    return None


def _branch(frame: list, value: bool | None) -> None:
    """An ``elsif``/``else``: rendered only if no earlier branch was taken."""
    if frame[2]:
        frame[1] = False
    elif frame[3]:
        frame[1] = False if value is False else None
    else:
        frame[1] = value
    if frame[1] is True:
        frame[2] = True
    elif frame[1] is None:
        frame[3] = True


# -- the name (lib/jekyll/tags/post_url.rb, PostComparer) -----------------------------------------------

_MATCHER = re.compile(r"^(.+/)*([0-9]+-[0-9]+-[0-9]+)-(.*)$", re.M)
_LEADING_SLASH = re.compile(r"^/", re.M)


@dataclass(frozen=True, slots=True)  # slots: a Resolver keeps every name linked in the site
class PostName:
    """A ``post_url`` name as PostComparer reads it.

    ``problem`` says why Jekyll cannot parse it ("Could not parse name of post"): ``no-date``
    when the name is not ``[folder/]date-slug``, ``folder-regex`` when the folder part is not a
    valid regular expression.  ``ymd`` is the date as Ruby's Time.parse reads it (None: Jekyll
    raises "Invalid date" if the fallback compares it).
    """

    text: str
    folder: str = ""
    date: str = ""
    slug: str = ""
    #: the exact-match regex, when the folder part holds regex syntax (else plain string tests)
    pattern: re.Pattern | None = None
    problem: str | None = None
    detail: str = ""
    ymd: tuple[int, int, int] | None = None

    @property
    def has_alternation(self) -> bool:
        return "|" in self.folder

    @property
    def core(self) -> str:
        """``date-slug.``: the text every exact match holds, right after a ``/``."""
        return f"{self.date}-{self.slug}."

    def matches(self, path: str) -> bool:
        """The exact match on a Jekyll ``relative_path`` (``PostComparer#==``)."""
        if self.pattern is not None:
            return self.pattern.search(path) is not None
        if self.problem is not None:
            return False
        if "\n" in path:  # Ruby's ^ matches at every line start
            return any(self._matches_at(path, i) for i in (0, *(k + 1 for k, c in enumerate(path) if c == "\n")))
        return self._matches_at(path, 0)

    def _matches_at(self, path: str, at: int) -> bool:
        core, folder = self.core, self.folder
        for prefix in (f"_posts/{folder}{core}", f"{folder}_posts/{core}", f"{folder}_posts{core}"):
            end = at + len(prefix)
            if path.startswith(prefix, at) and len(path) > end and path[end] != ".":
                return True
        return False


_REGEX_SYNTAX = frozenset(".^$*+?{}[]\\|()")


def parse_name(text: str) -> PostName:
    """PostComparer.new(text) for an already stripped name."""
    match = _MATCHER.search(_drop_leading_slash(text))
    if match is None:
        return PostName(text, problem="no-date")
    folder, date_part, slug = match.group(1) or "", match.group(2), match.group(3)
    pattern = None
    if not _REGEX_SYNTAX.isdisjoint(folder):  # the folder part is a regular expression
        basename = f"{date_part}-{re.escape(slug)}\\.[^.]+"
        try:
            folder_regex = _ruby_regex(folder)
            pattern = re.compile(f"^_posts/{folder_regex}{basename}|^{folder_regex}_posts/?{basename}", re.M | re.A)
        except (re.error, ValueError, OverflowError, RecursionError) as error:
            return PostName(text, folder, date_part, slug, problem="folder-regex", detail=str(error))
    return PostName(text, folder, date_part, slug, pattern, ymd=ruby_date(date_part))


def _drop_leading_slash(text: str) -> str:
    """``_LEADING_SLASH.sub("", text, count=1)``: the first ``/`` that starts a line goes (Ruby's
    ``^``); the regex runs only when a line other than the first starts with one."""
    if text.startswith("/"):
        return text[1:]
    if "\n/" in text:
        return _LEADING_SLASH.sub("", text, count=1)
    return text


_RUBY_ESCAPE = re.compile(r"\\(.)|\(\?<(?=[A-Za-z_])|\(\?P", re.S)
_PYTHON_ESCAPES = set("AbBdDfnrsStvwWZx0123456789uUN\\")


def _ruby_regex(source: str) -> str:
    """A Ruby (Onigmo) regex source as Python's ``re`` reads it, for what folder names can hold."""
    if not source or not any(c in source for c in "\\(?"):
        return source

    def convert(match: re.Match) -> str:
        text = match.group(0)
        if text == "(?P":
            raise ValueError("undefined group option")
        if text.startswith("(?<"):
            return "(?P<"
        char = match.group(1)
        if char == "h":
            return "[0-9a-fA-F]"
        if char == "H":
            return "[^0-9a-fA-F]"
        if char == "z":
            return r"\Z"
        if char == "Z":
            return r"(?=\n?\Z)"
        if char.isascii() and char.isalpha() and char not in _PYTHON_ESCAPES:
            return char  # Onigmo reads an unknown letter escape as the letter
        return text

    return _RUBY_ESCAPE.sub(convert, source)


# -- resolving a name against the site ---------------------------------------------------------------------


@dataclass
class Resolution:
    """Where a name leads.  ``kind``: ``exact``, ``fallback``, ``other-site`` (only a post of a
    nested site matches), or ``missing``.  ``targets`` lists the published matches in Jekyll's
    order (the first is the one linked)."""

    kind: str
    targets: list[IndexedPost] = field(default_factory=list)


@dataclass
class Blocked:
    """A file the name would reach if Jekyll published or read it, and why it does not."""

    entry: IndexedPost
    reason: str  # "unpublished", "future", "not-utf8", "drafts-hidden", or an IndexedPost.skipped reason
    how: str  # "exact" or "fallback"


class Resolver:
    """``post_url`` resolution against one site's index, with what it learns cached per run."""

    def __init__(self, site: Site):
        self.site = site
        #: name text -> (its resolution, the facts about the site it rests on; see Site.consulting)
        self._cache: dict[str, tuple[Resolution, set | None]] = {}
        self._names: dict[str, PostName] = {}
        self._by_slug: dict[str, list[IndexedPost]] | None = None
        self._by_ymd: dict[tuple | None, list[IndexedPost]] | None = None
        self._nfc: list[tuple[IndexedPost, str]] | None = None
        self._non_nfc: list[tuple[IndexedPost, str]] | None = None
        self._cores: dict[str, list[IndexedPost]] | None = None
        self._lookups = 0
        self._trigrams: _TrigramIndex | None = None
        self._nested: list[IndexedPost] | None = None

    @classmethod
    def for_site(cls, site: Site) -> Resolver:
        resolver = _RESOLVERS.get(site)
        if resolver is None:
            resolver = _RESOLVERS[site] = cls(site)
        return resolver

    # -- what Jekyll does ----------------------------------------------------------------

    def name(self, text: str) -> PostName:
        """:func:`parse_name`, kept per site: many posts link the same names, and a
        :class:`PostName` depends on the text alone (and cannot be changed)."""
        name = self._names.get(text)
        if name is None:
            name = self._names[text] = parse_name(text)
        return name

    def resolve(self, name: PostName) -> Resolution:
        """What the name resolves to, worked out once per run.  The answer rests on the index
        and on the states of the posts it read: each post that uses the memo records those
        facts again, so the cached results of all of them are invalidated when one changes."""
        memo = self._cache.get(name.text)
        if memo is not None and self.site.consulted_again(memo[1]):
            return memo[0]
        with self.site.consulting() as facts:
            resolution = self._resolve(name)
            if resolution.kind == "missing":
                nested = self._nested_documents()
                if nested:
                    other = self._resolve(name, nested)
                    if other.kind != "missing":
                        resolution = Resolution("other-site", other.targets)
        self._cache[name.text] = (resolution, facts)
        return resolution

    def _resolve(self, name: PostName, extra: list[IndexedPost] | None = None) -> Resolution:
        """PostUrl#render: the exact match, else the deprecated fallback.  ``extra``: documents
        to add to the site's (the posts of nested sites)."""
        state = self.site.post_state
        docs = self.site.documents + extra if extra else self.site.documents
        exact = [d for d in self.exact_matches(name, docs) if state(d).built]
        if exact:
            return Resolution("exact", self._ordered(exact) if len(exact) > 1 else exact)
        if name.ymd is None:
            return Resolution("missing")

        def same(doc: IndexedPost) -> bool:
            st = state(doc)
            return st.built and st.slug == name.slug and st.ymd == name.ymd

        found = [d for d in self._fallback_candidates(name, extra) if same(d)]
        if not found:  # a post whose front matter sets both its slug and its date
            found = [d for d in self.site.posts_setting_slug_and_date(name.slug) if same(d)]
        if found:
            return Resolution("fallback", self._ordered(found))
        return Resolution("missing")

    def exact_matches(self, name: PostName, entries) -> list[IndexedPost]:
        """Entries whose Jekyll ``relative_path`` the exact match accepts (published or not)."""
        if name.problem is not None:
            return []
        if name.has_alternation:
            return [e for e in entries if name.matches(e.jekyll_path)]
        core = name.core
        if entries is self.site.documents:
            self._lookups += 1
            if self._lookups > 8:  # many names: index the documents once (core -> documents)
                return [e for e in self._core_index().get(core, ()) if name.matches(e.jekyll_path)]
        return [e for e in entries if core in e.jekyll_path and name.matches(e.jekyll_path)]

    def _core_index(self) -> dict[str, list[IndexedPost]]:
        """Documents by every ``date-slug.`` a name could match them with: each prefix of a path
        segment (or of what follows ``_posts`` in one) that ends with a dot."""
        self.site.index_consulted()
        if self._cores is None:
            cores: dict[str, list[IndexedPost]] = {}
            for doc in self.site.documents:
                keys = set()
                for part in doc.jekyll_path.split("/"):
                    for piece in (part, part[6:] if part.startswith("_posts") else ""):
                        at = piece.find(".")
                        while at > 0:
                            keys.add(piece[: at + 1])
                            at = piece.find(".", at + 1)
                for key in keys:
                    cores.setdefault(key, []).append(doc)
            self._cores = cores
        return self._cores

    def _fallback_candidates(self, name: PostName, extra: list[IndexedPost] | None = None) -> list[IndexedPost]:
        """Documents that may share the name's slug and date: those whose file name has the
        slug or the date (the front matter can change only the other one for these), and
        drafts without a date in their names; every document when ``defaults`` set a slug or
        a date.  Posts whose front matter sets both are :meth:`Site.posts_setting_slug_and_date`."""
        docs = self.site.documents
        if self._defaults_touch_slug_or_date():
            return docs + (extra or [])
        by_slug, by_ymd = self._name_index()
        seen: dict[str, IndexedPost] = {}
        for doc in (*by_slug.get(name.slug, ()), *by_ymd.get(name.ymd, ()), *by_ymd.get(None, ())):
            seen[doc.relpath] = doc
        for doc in extra or ():
            if (doc.slug or "").rstrip(".") == name.slug or (doc.date and ruby_date(doc.date) == name.ymd):
                seen[doc.relpath] = doc
        return list(seen.values())

    def _name_index(self) -> tuple[dict, dict]:
        """The site's documents by their file names' slug and by their dates (as Ruby reads them);
        built on the first fallback."""
        self.site.index_consulted()
        if self._by_slug is None:
            by_slug: dict[str, list[IndexedPost]] = {}
            by_ymd: dict[tuple | None, list[IndexedPost]] = {}
            for doc in self.site.documents:
                if doc.slug is not None:
                    by_slug.setdefault(doc.slug.rstrip("."), []).append(doc)
                by_ymd.setdefault(ruby_date(doc.date) if doc.date else None, []).append(doc)
            self._by_slug, self._by_ymd = by_slug, by_ymd
        return self._by_slug, self._by_ymd

    def _defaults_touch_slug_or_date(self) -> bool:
        defaults = self.site.config.get("defaults")
        if not isinstance(defaults, list):
            return False
        return any(isinstance(d, dict) and isinstance(d.get("values"), dict)
                   and ("slug" in d["values"] or "date" in d["values"]) for d in defaults)

    def _ordered(self, entries: list[IndexedPost]) -> list[IndexedPost]:
        """Jekyll's order of ``site.posts.docs``: by date, then by path."""
        state = self.site.post_state
        return sorted(entries, key=lambda e: (state(e).epoch if state(e).epoch is not None else 0.0, e.relpath))

    def enclosing_match(self, name: PostName) -> tuple[Site, IndexedPost] | None:
        """A post of the site that encloses this one (a folder above with its own ``_config.yml``
        that reads this folder too) which the name reaches when *that* site is built."""
        parent = self._enclosing_root
        if parent is None:
            return None
        outer = _OUTER_SITES.get(parent)
        if outer is None:
            outer = _OUTER_SITES[parent] = Site(parent)
        folder = outer.relpath(self.site.root)
        if not folder or not any(e.skipped == "nested-site" and e.skipped_by == folder for e in outer.unread):
            return None  # the outer site does not read this one (excluded, or a `_` folder)
        resolver = Resolver.for_site(outer)
        found = resolver._resolve(name, resolver._nested_documents())
        if found.kind == "missing" or found.targets[0].skipped == "nested-site":
            return None
        return outer, found.targets[0]

    @functools.cached_property
    def _enclosing_root(self):
        """The root of the site whose folder holds this one, if any: looked up on disk once."""
        return find_site_root(self.site.root.parent)

    def _nested_documents(self) -> list[IndexedPost]:
        """Posts of nested sites that Jekyll reads when it builds this (outer) site (listed on
        the first call: the index does not change; every caller has consulted it already)."""
        if self._nested is None:
            self._nested = [e for e in self.site.unread
                            if e.skipped == "nested-site" and (e.kind == "post" or self.site.show_drafts)]
        return self._nested

    # -- why nothing matched ---------------------------------------------------------------

    def blocked(self, name: PostName) -> list[Blocked]:
        """Files the name would reach if Jekyll read and published them, with why it does not."""
        site = self.site
        found: list[Blocked] = []
        seen: set[str] = set()

        def add(entry: IndexedPost, reason: str, how: str) -> None:
            if entry.relpath not in seen:
                seen.add(entry.relpath)
                found.append(Blocked(entry, reason, how))

        for doc in self.exact_matches(name, site.documents):
            reason = _unbuilt_reason(site, doc)
            if reason:
                add(doc, reason, "exact")
        hidden = [d for d in site.drafts.values() if d.skipped]
        others = [e for e in site.unread if e.skipped != "nested-site"]
        for entry in self.exact_matches(name, others + hidden):
            add(entry, entry.skipped, "exact")
        if name.ymd is not None:
            for doc in self._fallback_candidates(name):
                st = site.post_state(doc)
                if st.slug == name.slug and st.ymd == name.ymd:
                    reason = _unbuilt_reason(site, doc)
                    if reason:
                        add(doc, reason, "fallback")
            for entry in others + hidden:
                loose = POST_NAME.match(entry.filename) or _MATCHER.match(entry.filename)
                if loose is None or _slug_of(loose) != name.slug:
                    continue
                if ruby_date(loose.group(2 if loose.re is _MATCHER else 1)) == name.ymd:
                    add(entry, entry.skipped, "fallback")
        return found

    def normalization_match(self, name: PostName) -> tuple[IndexedPost, str] | None:
        """A published post the name reaches only once both are NFC: (post, which side is not NFC)."""
        name_nfc = unicodedata.normalize("NFC", name.text)
        name_is_nfc = name_nfc == name.text
        self.site.index_consulted()
        if self._nfc is None:  # the documents whose path is not ASCII, with their NFC forms
            self._nfc = [(d, unicodedata.normalize("NFC", d.jekyll_path)) for d in self.site.documents
                         if not d.jekyll_path.isascii()]
            self._non_nfc = [(d, nfc) for d, nfc in self._nfc if nfc != d.jekyll_path]
        candidates = self._non_nfc
        if not name_is_nfc:
            candidates = [(d, d.jekyll_path) for d in self.site.documents if d.jekyll_path.isascii()] + self._nfc
        if not candidates:
            return None
        parsed = parse_name(name_nfc)
        if parsed.problem is not None:
            return None
        for doc, path_nfc in candidates:
            if parsed.matches(path_nfc) and self.site.post_state(doc).built:
                return doc, ("file" if path_nfc != doc.jekyll_path else "name")
        return None

    def suggest(self, name: PostName, own: str = "") -> IndexedPost | None:
        """The published post most likely meant (never ``own``, the referring post): the closest
        slug of the same date, else the closest slug of any date.

        Closest means the highest :class:`difflib.SequenceMatcher` ratio.  Ratios are computed
        only where they can still change the answer: ``quick_ratio`` bounds each one from above
        (it counts the characters the two slugs share), so a candidate whose bound cannot beat
        the best ratio found so far is never compared in full.  The answer is the one a full
        scan of the candidates gives, ties included, and the posts whose state is read are the
        same ones, in the same order."""
        site = self.site
        if name.ymd is not None:
            same_day = [d for d in self._name_index()[1].get(name.ymd, ()) if d.relpath != own]
            best = _closest(name.slug.lower(), same_day, lambda d: (d.slug or "").lower(), 0.5)
            if best is not None and site.post_state(best).built:
                return best
        wanted = (name.slug if name.date else name.text.rsplit("/", 1)[-1]).lower()
        wanted_counts = Counter(wanted)
        folder = name.folder.lstrip("/")
        candidates = dict(self._similar(wanted))
        for doc in self._name_index()[0].get(wanted, ()):  # every post with this very slug
            candidates[f"{wanted}\0{doc.relpath}"] = doc
        # a heap of candidates ranked by (-ratio rounded, another folder, days away, path): an
        # entry holds either a bound (``quick_ratio``, never below the ratio) or the ratio itself
        heap: list[tuple] = []
        for key, doc in candidates.items():
            slug = key.split("\0", 1)[0]
            if doc.relpath == own:
                continue
            if _length_ratio(len(slug), len(wanted)) >= 0.6:
                bound = _quick_ratio(Counter(slug), len(slug), wanted_counts, len(wanted))
                if bound >= 0.6:
                    same_folder = doc.jekyll_path.startswith((f"_posts/{folder}", f"{folder}_posts/"))
                    heap.append(((-round(bound, 3), not same_folder, _distance(doc, name.ymd), doc.relpath),
                                 False, len(heap), slug, doc))
        heapq.heapify(heap)
        while heap:
            rank, exact, order, slug, doc = heapq.heappop(heap)
            if exact:  # no other candidate can rank before this one
                if site.post_state(doc).built:
                    return doc
                continue
            ratio = _ratio(slug, wanted)
            if ratio >= 0.6:
                heapq.heappush(heap, ((-round(ratio, 3), *rank[1:]), True, order, slug, doc))
        return None

    def _similar(self, wanted: str, keep: int = 12) -> list[tuple[str, IndexedPost]]:
        """The ``keep`` documents whose slugs share the most character trigrams with ``wanted`` (a
        cheap pre-filter, so a suggestion costs little even in an archive of 10,000 posts), as
        (lowercased slug, document).  Trigrams that most slugs hold (``ための``) say little and are
        skipped.  Ties go to the document that holds the earliest trigram of ``wanted`` (in sorted
        order), then to the first in the site's order.  The index is built
        on the first call."""
        self.site.index_consulted()
        if self._trigrams is None:
            self._trigrams = _TrigramIndex(self.site.documents)
        return self._trigrams.similar(wanted, keep)

    def same_day(self, name: PostName) -> bool:
        """Whether a post of the site has the name's date in its file name (as Ruby reads dates)."""
        return bool(self._name_index()[1].get(name.ymd)) if name.ymd is not None else False

    def reference_for(self, entry: IndexedPost) -> str | None:
        """The name that matches this post exactly (and links to it), or None when no name can
        (a subfolder of ``news/_posts/``, a draft)."""
        if entry.kind != "post" or entry.skipped not in (None, "nested-site"):
            return None
        path, stem = entry.jekyll_path, entry.stem
        folder_end = len(path) - len(entry.filename)
        if path.startswith("_posts/"):
            folder = path[len("_posts/"):folder_end]
        else:
            at = path.find("/_posts/")
            if at < 0 or "/" in path[at + len("/_posts/"):folder_end]:
                return None
            folder = path[: at + 1]
        docs = self.site.documents if entry.skipped is None else self.site.documents + self._nested_documents()
        for candidate_folder in dict.fromkeys((folder, _regex_escape(folder))):
            candidate = candidate_folder + stem
            parsed = parse_name(candidate)
            if parsed.problem is None:
                matches = self.exact_matches(parsed, docs)
                built = [m for m in matches if self.site.post_state(m).built]
                if built and self._ordered(built)[0].relpath == entry.relpath:
                    return candidate
                if not built and entry in matches:
                    return candidate
        return None


_RESOLVERS: "weakref.WeakKeyDictionary[Site, Resolver]" = weakref.WeakKeyDictionary()
#: sites that enclose a linted site, read only to explain a reference that fails (one per run)
_OUTER_SITES: dict = {}


def _unbuilt_reason(site: Site, doc: IndexedPost) -> str | None:
    state = site.post_state(doc)
    if not state.readable:
        return "not-utf8"
    if not state.published:
        return "unpublished"
    if state.future:
        return "future"
    return None


def _slug_of(match: re.Match) -> str:
    slug = match.group(3) if match.re is _MATCHER else match.group(2)
    return slug.rstrip(".")


def _distance(doc: IndexedPost, ymd: tuple[int, int, int] | None) -> int:
    """Days between a file name's date and ``ymd`` (large when either is unknown)."""
    other = ruby_date(doc.date) if doc.date else None
    if ymd is None or other is None:
        return 10**9
    try:
        return abs(date(*ymd).toordinal() - date(*other).toordinal())
    except ValueError:
        return 10**9


def _grams(text: str) -> set[str]:
    padded = f"\0{text}\0"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def _length_ratio(length: int, other_length: int) -> float:
    """``SequenceMatcher.real_quick_ratio``: an upper bound of ``quick_ratio`` from the lengths alone."""
    total = length + other_length
    return 2.0 * min(length, other_length) / total if total else 1.0


def _quick_ratio(counts: Counter, length: int, other_counts: Counter, other_length: int) -> float:
    """``SequenceMatcher.quick_ratio`` of two strings, the same float, from their character counts.

    difflib walks the characters of one string against the counts of the other, one dictionary
    update a character; its result is ``2 * shared / total``, where ``shared`` is the number of
    characters the two have in common counted with multiplicity (the sum of the smaller count of
    each character), which the counts (made in C by Counter) give in one pass over the fewer
    distinct characters."""
    if len(other_counts) < len(counts):
        counts, other_counts = other_counts, counts
    get = other_counts.get
    shared = 0
    for char, count in counts.items():
        other = get(char)
        if other:
            shared += count if count < other else other
    total = length + other_length
    return 2.0 * shared / total if total else 1.0


def _ratio(a: str, b: str) -> float:
    """``difflib.SequenceMatcher(None, a, b).ratio()``, the same float, searching substrings with ``in``.

    difflib's ratio is ``2 * matched / total``, ``matched`` the sizes of the blocks its
    get_matching_blocks finds: the longest block common to both ranges, then the same on each
    side of it.  For ``b`` under 200 characters (no "popular" characters, no junk) its
    find_longest_match keeps, of the longest common blocks, the one that ends first in ``a``,
    at the first place where ``b`` holds it: the one that starts first in ``a``, found by
    ``str.find``.  Below, ``size`` grows while the block starting at ``i`` is still in ``b``'s
    range, so it reaches the longest size first at the earliest start.  The extensions difflib
    then tries add nothing without junk or popular characters.  tests/test_post_url_shortcuts.py
    compares the two."""
    if len(b) >= 200:  # difflib's autojunk drops b's popular characters
        return difflib.SequenceMatcher(None, a, b).ratio()
    matched = 0
    ranges = [(0, len(a), 0, len(b))]
    while ranges:
        alo, ahi, blo, bhi = ranges.pop()
        region = b[blo:bhi]
        size = start = 0
        i = alo
        while i + size < ahi:
            if a[i:i + size + 1] in region:
                size += 1
                while i + size < ahi and a[i:i + size + 1] in region:
                    size += 1
                start = i
            i += 1
        if size:
            matched += size
            at = region.find(a[start:start + size]) + blo
            if alo < start and blo < at:
                ranges.append((alo, start, blo, at))
            if start + size < ahi and at + size < bhi:
                ranges.append((start + size, ahi, at + size, bhi))
    total = len(a) + len(b)
    return 2.0 * matched / total if total else 1.0


def _closest(word: str, entries: list[IndexedPost], key, cutoff: float) -> IndexedPost | None:
    """The first entry whose ``key`` has the highest ratio to ``word``, if above ``cutoff``.

    Entries are compared in full in the order of their ``quick_ratio`` (an upper bound of the
    ratio, the same whichever side is which); once the bound falls below the best ratio found,
    no later entry can win."""
    bounds = []
    length = len(word)
    word_counts = Counter(word)
    for position, entry in enumerate(entries):
        other = key(entry)
        if _length_ratio(length, len(other)) <= cutoff:
            continue
        bound = _quick_ratio(Counter(other), len(other), word_counts, length)
        if bound > cutoff:
            bounds.append((-bound, position, other, entry))
    bounds.sort(key=lambda b: b[:2])
    best, best_ratio, best_position = None, cutoff, len(entries)
    for negative, position, other, entry in bounds:
        if -negative < best_ratio:
            break
        if -negative == best_ratio and position > best_position:
            continue
        ratio = _ratio(word, other)
        if ratio > best_ratio or (ratio == best_ratio and best is not None and position < best_position):
            best, best_ratio, best_position = entry, ratio, position
    return best


class _TrigramIndex:
    """The character trigrams of the site's slugs (lowercased; a file's stem when its name has no
    slug), for :meth:`Resolver._similar`.  Documents that share a slug share an entry: an
    archive repeats slugs across dates, and each slug is split into trigrams once."""

    __slots__ = ("slugs", "documents", "postings", "size", "_frequency", "_weights")

    def __init__(self, documents: list[IndexedPost]):
        ids: dict[str, int] = {}
        #: per slug id: its documents, as (position in the site's order, document)
        by_id: list[list[tuple[int, IndexedPost]]] = []
        for position, doc in enumerate(documents):
            slug = (doc.slug if doc.slug is not None else doc.stem).lower()
            slug_id = ids.get(slug)
            if slug_id is None:
                slug_id = ids[slug] = len(by_id)
                by_id.append([])
            by_id[slug_id].append((position, doc))
        postings: dict[str, list[int]] = {}
        get = postings.get
        for slug_id, slug in enumerate(ids):
            padded = f"\0{slug}\0"
            for gram in {padded[i:i + 3] for i in range(len(padded) - 2)}:  # _grams(slug), inlined
                posting = get(gram)
                if posting is None:
                    postings[gram] = [slug_id]
                else:
                    posting.append(slug_id)
        self.slugs = list(ids)
        self.documents = by_id
        #: trigram -> the ids of the slugs that hold it, ascending
        self.postings = postings
        self.size = len(documents)
        #: trigram -> how many documents hold it, when slugs repeat (computed when asked)
        self._frequency: dict[str, int] = {}
        self._weights = [len(docs) for docs in by_id]

    def frequency(self, gram: str) -> int:
        """How many documents (not slugs) hold ``gram``."""
        posting = self.postings[gram]
        if len(self.documents) == self.size:  # every slug is one document's
            return len(posting)
        count = self._frequency.get(gram)
        if count is None:
            count = self._frequency[gram] = sum(map(self._weights.__getitem__, posting))
        return count

    def similar(self, wanted: str, keep: int) -> list[tuple[str, IndexedPost]]:
        """The first ``keep`` documents by the number of rare trigrams of ``wanted`` that their
        slugs hold, then by the first such trigram (in sorted order), then by
        the site's order: ``Counter.most_common`` over documents, counted per slug."""
        common = max(50, self.size // 20)
        postings = self.postings
        # sorted: a set's order changes with the hash seed, and suggestions must not
        grams = sorted(g for g in _grams(wanted) if g in postings)
        present = [postings[g] for g in grams]
        rare = [p for g, p in zip(grams, present) if len(p) <= common and self.frequency(g) <= common] or present
        counts: Counter[int] = Counter(itertools.chain.from_iterable(rare))  # one update, in C
        # Slugs rank as Counter.most_common ranks them: by count, then as first counted (by the
        # first posting that holds them, then by id: by their first document).  So the documents
        # of the first `keep` slugs hold the first `keep` documents, which rank by count, first
        # posting, then the site's order.
        chosen = counts.most_common(keep)
        first = {slug_id: _first_posting(slug_id, rare) for slug_id, _ in chosen}  # once per slug
        ranked = sorted((-count, first[slug_id], position, slug_id)
                        for slug_id, count in chosen for position, _ in self.documents[slug_id])
        by_position = {position: doc for slug_id, _ in chosen for position, doc in self.documents[slug_id]}
        return [(self.slugs[slug_id], by_position[position]) for _, _, position, slug_id in ranked[:keep]]


def _first_posting(slug_id: int, postings: list[list[int]]) -> int:
    """The index of the first posting (an ascending list) that holds ``slug_id``."""
    for index, posting in enumerate(postings):
        at = bisect.bisect_left(posting, slug_id)
        if at < len(posting) and posting[at] == slug_id:
            return index
    raise ValueError(slug_id)


_REGEX_SPECIAL = re.compile(r"([.+*?()\[\]{}|^$\\])")


def _regex_escape(text: str) -> str:
    return _REGEX_SPECIAL.sub(r"\\\1", text)


# -- is the referring file rendered? ----------------------------------------------------------------------

_YAML_HEADER = re.compile(r"---" + _WS + r"*\r?\n")


def rendering(site: Site, relpath: str, text: str, front_matter=None) -> tuple[str, str]:
    """Whether Jekyll renders this file's Liquid: ``("built", "")`` now; ``("later", why)`` once
    it is published (a draft, ``published: false``, a future date); ``("never", why)``.
    ``front_matter``: the file's parsed front matter, when the caller has it."""
    entry = site.lookup(relpath)
    if entry is None:
        return _page_rendering(site, relpath, text)
    if entry.skipped not in (None, "drafts-hidden"):
        return "never", entry.skipped
    if site.defaults_break_posts:
        return "never", "a `defaults` date Jekyll cannot read"
    state = site.post_state(entry, front_matter)
    if not state.render_with_liquid:
        return "never", "render_with_liquid"
    if entry.skipped == "drafts-hidden":
        return "later", "it is a draft"
    if not state.published:
        where = " (from `defaults` in _config.yml)" if state.published_by == "defaults" else ""
        return "later", f"it has `published: false`{where}"
    if state.future:
        return "later", "it is dated in the future"
    return "built", ""


def _page_rendering(site: Site, relpath: str, text: str) -> tuple[str, str]:
    """A file outside ``_posts``: a page when Jekyll reads it and it has front matter."""
    parts = relpath.split("/")
    if any(p in ("_posts", "_drafts") or p.startswith(("_", ".", "#", "~")) for p in parts) or parts[-1].endswith("~"):
        return "never", "not read"
    if site.is_excluded(relpath) or not _YAML_HEADER.match(text):
        return "never", "not a page"
    from .frontmatter import parse_front_matter

    fm = parse_front_matter(text)
    data = dict(site.defaults_for(relpath, "pages"))
    data.update({k: v for k, v in fm.data.items() if v is not None or k not in data})
    if data.get("render_with_liquid") is False:
        return "never", "render_with_liquid"
    if "published" in data and data["published"] in (None, False) and not site.flag("unpublished"):
        return "later", "it has `published: false`"
    return "built", ""
