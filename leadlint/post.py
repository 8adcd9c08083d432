"""The parsed post: read once, parsed once, with views every rule shares.

Views are computed on first use and cached, so a run with only front-matter rules
never parses the Markdown.  Every offset is a character offset into ``post.text``;
``post.position(offset)`` gives the 1-based line and column users see.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple

from datetime import date, datetime
from html import unescape as html_unescape

from .dates import parse_date
from .frontmatter import FrontMatter, parse_front_matter, value_at
from .html import HtmlElement, HtmlFragment, HtmlScan, scan_html
from .jsonld import JsonLdBlock, parse_json_ld
from .liquid import LiquidScan, scan_liquid
from .markdown import Heading, MarkdownDoc, ProseBlock, parse_markdown
from .site import POST_NAME, Site
from .source import ReadProblem, SourceText, decode

_EMPTY: Mapping = MappingProxyType({})
_NOT_COMPUTED = object()


class Image(NamedTuple):
    """An image in the body: a Markdown image, an ``<img>``, or a ``<source>`` in ``<picture>``.

    ``alt`` is None when an HTML image has no alt attribute.  ``url_start``/``url_end``
    locate the URL as written (``src``; for a reference-style Markdown image, the URL in its
    ``[label]: url`` definition); ``srcset`` lists each candidate URL (entities decoded) with
    the span of its text as written.  A ``<source>`` counts only inside ``<picture>``.

    A named tuple (immutable, and several times cheaper to make than a frozen dataclass:
    an archive has millions of images); a Markdown image's ``attrs`` and ``value_spans``
    are one shared read-only empty mapping.
    """

    origin: str  # "markdown" or "html"
    url: str
    alt: str | None
    start: int
    end: int
    url_start: int
    url_end: int
    attrs: Mapping[str, str | None] = _EMPTY
    srcset: tuple[tuple[str, int, int], ...] = ()
    tag: str = "img"
    #: HTML: where each attribute's value is written (without quotes)
    value_spans: Mapping[str, tuple[int, int]] = _EMPTY

    def value_span(self, name: str) -> tuple[int, int] | None:
        """Offsets of an HTML attribute's value as written, or None."""
        return self.value_spans.get(name)


class Post:
    """One file, as leadlint reads it."""

    def __init__(self, path: Path, display_path: str, data: bytes, site: Site | None):
        self.path = path
        self.display_path = display_path
        self.site = site
        self.relpath = (site.relpath(path) if site else None) or path.name
        self.source: SourceText | None
        self.read_problem: ReadProblem | None
        self.source, self.read_problem = decode(data)
        self._views: dict[Callable, Any] = {}

    # -- the file ---------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.source.text if self.source else ""

    def position(self, offset: int) -> tuple[int, int]:
        return self.source.position(offset) if self.source else (1, 1)

    @cached_property
    def filename_match(self) -> re.Match | None:
        return POST_NAME.match(self.path.name)

    @cached_property
    def index_entry(self):
        """This file's entry in the site index (with why Jekyll skips it, if it does), or None."""
        return self.site.entry_of(self.relpath) if self.site is not None else None

    @cached_property
    def is_post(self) -> bool:
        """Whether Jekyll reads this file as a post (or as a draft, which will be one): what the
        site index says; for a file outside any site's posts folders, a dated name with a
        rendered extension."""
        entry = self.index_entry
        if entry is not None:
            return entry.skipped is None or (entry.kind == "draft" and entry.skipped == "drafts-hidden")
        if self.filename_match is None:
            return False
        return self.site is None or self.path.suffix.lower() in self.site.renderable_extensions

    @property
    def is_markdown(self) -> bool:
        return self.path.suffix.lower() != ".html"

    # -- front matter -----------------------------------------------------------------

    @cached_property
    def front_matter(self) -> FrontMatter:
        if self.source is None:
            return FrontMatter(present=False)
        return parse_front_matter(self.text)

    @cached_property
    def defaults(self) -> dict:
        """Values ``_config.yml``'s ``defaults:`` gives this post."""
        return self.site.defaults_for(self.relpath) if self.site else {}

    @cached_property
    def data(self) -> dict:
        """Front matter as Jekyll sees it: the post's own keys over the site's defaults."""
        if not self.defaults:
            return self.front_matter.data
        merged = dict(self.defaults)
        merged.update(self.front_matter.data)
        return merged

    @cached_property
    def date(self) -> date | datetime | None:
        """The post's date as Jekyll takes it: front matter ``date``, else the file name's date."""
        value = parse_date(self.data.get("date")) if "date" in self.data else None
        if value is None and self.filename_match:
            value = parse_date(self.filename_match.group(1))
        return value

    @cached_property
    def front_matter_images(self) -> list[FrontMatterImage]:
        """Front-matter values that hold an image URL (``image``, ``image.path``, ``thumbnail``, ...)."""
        fm = self.front_matter
        found = []
        for path in _image_paths(tuple(fm.entries)):  # most keys are not (tags, title, ...): not looked up
            value = value_at(fm.data, path)
            if isinstance(value, str) and value.strip():
                entry = fm.entries[path]
                found.append(FrontMatterImage(path, value, entry.value.start, entry.value.end))
        return found

    def from_defaults(self, key: str) -> bool:
        """True when ``key`` is set by ``_config.yml`` defaults, not by the post itself."""
        return key in self.defaults and key not in self.front_matter.data

    @property
    def body_start(self) -> int:
        fm = self.front_matter
        unclosed = fm.problem is not None and fm.problem.kind == "unclosed"
        return fm.body_start if fm.present and not unclosed else 0

    # -- Liquid -----------------------------------------------------------------------

    @cached_property
    def liquid(self) -> LiquidScan:
        return scan_liquid(self.text, self.body_start)

    def in_code_or_raw(self, offset: int) -> bool:
        """Whether an offset lies in code (fenced, indented, inline, ``{% highlight %}``),
        ``{% raw %}`` or ``{% comment %}``: text that is not the post's prose or markup."""
        if self.liquid.region_at(offset) is not None:
            return True
        return any(start <= offset < end for start, end in self.markdown.code)

    # -- Markdown and HTML ----------------------------------------------------------------

    @cached_property
    def markdown(self) -> MarkdownDoc:
        if self.source is None or not self.is_markdown:
            return MarkdownDoc()
        return parse_markdown(self.text, self.body_start)

    @cached_property
    def html_fragments(self) -> list[HtmlFragment]:
        if self.source is None:
            return []
        if not self.is_markdown:
            return [HtmlFragment(self.text[self.body_start :], self.body_start)]
        return self._visible(self.markdown.html)

    @cached_property
    def html(self) -> HtmlScan:
        return scan_html(self.html_fragments)

    @cached_property
    def headings(self) -> list[Heading]:
        return self._visible(self.markdown.headings)

    @cached_property
    def prose(self) -> list[ProseBlock]:
        """Readable text blocks of the Markdown body (code, raw and comments left out)."""
        return self._visible(self.markdown.prose)

    def _visible(self, items: list) -> list:
        """The items (with a ``start``) that no raw, comment or highlight region hides."""
        if not self.liquid.regions:  # the common case: nothing hides
            return list(items)
        hidden = self.liquid.region_at
        return [item for item in items if hidden(item.start) is None]

    @cached_property
    def images(self) -> list[Image]:
        """Every image of the body, in document order, none of them inside code or raw text."""
        found: list[Image] = []
        text = self.text
        hidden = self.liquid.region_at if self.liquid.regions else None  # no raw/comment/highlight: nothing hides
        for image in self.markdown.images:
            if hidden is not None and hidden(image.start) is not None:
                continue
            if image.reference:
                url_start, url_end = _reference_url_span(text, self.body_start, image.reference, image.url,
                                                         (image.start, image.end))
            else:
                url_start, url_end = _url_span(text, image.start, image.end, image.url)
            found.append(_new_tuple(Image, ("markdown", image.url, image.alt, image.start, image.end, url_start,
                                            url_end, *_IMAGE_DEFAULTS)))
        container = ""  # the last <picture>, <video> or <audio> opened: a <source> belongs to it
        for element in self.html.elements:
            tag = element.tag
            if tag in ("picture", "video", "audio"):
                container = tag
            elif tag == "img" or (tag == "source" and container == "picture"):
                if hidden is None or hidden(element.start) is None:
                    found.append(_html_image(element, text))
        found.sort(key=_START)
        return found

    @cached_property
    def json_ld(self) -> list[JsonLdBlock]:
        """Every ``<script type="application/ld+json">`` block, parsed, with value positions."""
        return parse_json_ld(self.html.scripts)

    # -- views defined elsewhere ------------------------------------------------------

    def release(self) -> None:
        """Forget every view computed so far (they are computed again if asked for).  The engine
        calls this once a file's rules ran: views may refer back to the post, and the reference
        cycle would keep the post and all it built alive until the cycle collector finds it (in
        an archive run that was an eighth of the time, spent collecting)."""
        own = {name: value for name, value in vars(self).items() if name in _READ}
        vars(self).clear()  # the cached properties, and the views of other modules
        vars(self).update(own, _views={})

    def view(self, compute: Callable[[Post], Any]) -> Any:
        """A view defined outside this class (by a rule family's helper), computed once per post."""
        value = self._views.get(compute, _NOT_COMPUTED)  # no KeyError raised for each view's first use
        if value is _NOT_COMPUTED:
            value = self._views[compute] = compute(self)
        return value


class FrontMatterImage(NamedTuple):
    """An image URL in the front matter; ``start``/``end`` locate the value (quotes included)."""

    path: tuple
    url: str
    start: int
    end: int


_IMAGE_KEYS = {"thumbnail", "cover", "banner", "teaser", "og_image", "logo", "photo", "picture", "avatar", "hero"}


@lru_cache(maxsize=256)
def _image_paths(paths: tuple[tuple, ...]) -> tuple[tuple, ...]:
    """The key paths, of a front matter's ``paths``, that name an image (in order); cached
    by the whole set of paths, which most posts of an archive share."""
    return tuple(path for path in paths if _names_an_image(path))


@lru_cache(maxsize=4096)
def _names_an_image(path: tuple) -> bool:
    """Whether a front-matter key path names an image: one of its keys says so (``image``,
    ``header.overlay_image``, ``thumbnail``), and it is not the image's alt text or caption."""
    names = [p.lower() for p in path if isinstance(p, str)]
    return any("image" in n or n in _IMAGE_KEYS for n in names) and not names[-1].endswith(("alt", "caption"))


_START = attrgetter("start")
#: named tuples made in C, without their generated ``__new__`` (a third of the cost), as
#: ``tuple.__new__(Image, values)``; a Markdown image's last values are Image's defaults
_new_tuple = tuple.__new__
_IMAGE_DEFAULTS = tuple(Image._field_defaults.values())
#: what Post.__init__ sets: the file as read (release keeps these)
_READ = frozenset({"path", "display_path", "site", "relpath", "source", "read_problem"})


def _url_span(text: str, start: int, end: int, url: str) -> tuple[int, int]:
    """Where a Markdown image's destination sits inside ``![alt](url "title")``."""
    at = text.rfind(url, start, end) if url else -1
    if at == -1:
        paren = text.find("](", start, end)
        return (paren + 2, paren + 2) if paren != -1 else (start, end)
    return at, at + len(url)


def _reference_url_span(text: str, body_start: int, label: str, url: str, image: tuple[int, int]) -> tuple[int, int]:
    """Where the URL of a reference-style image's ``[label]: url`` definition sits."""
    words = label.split()
    if words:
        pattern = r"^ {0,3}\[\s*" + r"\s+".join(map(re.escape, words)) + r"\s*\]:[ \t]*\n?[ \t]*<?"
        match = re.compile(pattern, re.MULTILINE | re.IGNORECASE).search(text, body_start)
        if match and text.startswith(url, match.end()):
            return match.end(), match.end() + len(url)
    return image


def _srcset_candidates(raw: str, base: int) -> list[tuple[str, int, int]]:
    """Candidate URLs of a ``srcset`` as written, by the HTML standard's parsing rules: a URL
    runs to the next whitespace (commas inside it belong to it), descriptors to the next comma."""
    candidates = []
    i, n = 0, len(raw)
    while i < n:
        while i < n and (raw[i].isspace() or raw[i] == ","):
            i += 1
        start = i
        while i < n and not raw[i].isspace():
            i += 1
        end = i
        while end > start and raw[end - 1] == ",":
            end -= 1
        if end > start:
            candidates.append((html_unescape(raw[start:end]), base + start, base + end))
        if end == i:  # descriptors follow, up to the next comma outside parentheses
            depth = 0
            while i < n and (raw[i] != "," or depth):
                depth += raw[i] == "("
                depth -= raw[i] == ")" and depth > 0
                i += 1
    return candidates


def _html_image(element: HtmlElement, text: str) -> Image:
    src = element.attrs.get("src") or ""
    url_start, url_end = element.value_span("src")
    candidates: list[tuple[str, int, int]] = []
    if element.attrs.get("srcset") and "srcset" in element.value_spans:
        start, end = element.value_spans["srcset"]
        candidates = _srcset_candidates(text[start:end], start)
    return _new_tuple(Image, ("html", src, element.attrs.get("alt") if "alt" in element.attrs else None,
                              element.start, element.end, url_start, url_end, element.attrs, tuple(candidates),
                              element.tag, element.value_spans))
