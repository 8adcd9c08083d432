"""HTML fragments of a post: elements with attribute positions, text, and script bodies.

The standard library's tokenizer (the one behind BeautifulSoup's ``html.parser``
backend) is enough here: rules need start tags, their attributes and where each
attribute value sits, never a tree.  Rules that want a tree can build one with
BeautifulSoup from ``HtmlFragment.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

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


class _Scanner(HTMLParser):
    def __init__(self, fragment: HtmlFragment, scan: HtmlScan):
        super().__init__(convert_charrefs=True)
        self.fragment = fragment
        self.scan = scan
        starts = [0]
        text = fragment.text
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self.line_starts = starts
        self.open_script: tuple[str, int] | None = None
        self.skip_text = 0

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        local = self._here()
        raw = self.get_starttag_text() or ""
        base = self.fragment.start + local
        spans: dict[str, tuple[int, int]] = {}
        for match in _ATTR.finditer(raw, len(tag) + 1):
            name = match.group(1).lower()
            for group in (2, 3, 4):
                if match.group(group) is not None:
                    spans.setdefault(name, (base + match.start(group), base + match.end(group)))
                    break
        element = HtmlElement(tag, dict(attrs), base, base + len(raw), spans)
        self.scan.elements.append(element)
        if tag in ("script", "style"):
            self.open_script = ((dict(attrs).get("type") or "").strip().lower() if tag == "script" else "style",
                                local + len(raw))
            self.skip_text += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.skip_text -= 1
            self.open_script = None

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.open_script is not None:
            kind, content_start = self.open_script
            content_end = self._here()
            if tag == "script":
                base = self.fragment.start
                self.scan.scripts.append(
                    ScriptBlock(kind, self.fragment.text[content_start:content_end], base + content_start, base + content_end)
                )
            self.open_script = None
            self.skip_text = max(0, self.skip_text - 1)

    def handle_data(self, data):
        if not self.skip_text and data.strip():
            self.scan.texts.append((self.fragment.start + self._here(), data))


def scan_html(fragments: list[HtmlFragment]) -> HtmlScan:
    scan = HtmlScan()
    for fragment in fragments:
        scanner = _Scanner(fragment, scan)
        try:
            scanner.feed(fragment.text)
            scanner.close()
        except (AssertionError, ValueError, IndexError):  # malformed markup: keep what was found
            pass
        if scanner.open_script is not None and scanner.open_script[0] != "style":
            # a <script> whose end tag is in a later fragment (a blank line inside it ends
            # a CommonMark HTML block): close it at the fragment's end
            kind, content_start = scanner.open_script
            base = fragment.start
            scan.scripts.append(
                ScriptBlock(kind, fragment.text[content_start:], base + content_start, base + len(fragment.text))
            )
    return scan
