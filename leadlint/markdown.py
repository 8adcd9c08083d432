"""The Markdown body, parsed once with pyromark (pulldown-cmark), with character offsets.

From the event stream this builds the views rules ask for: images, links, headings,
prose blocks, code spans and the raw HTML fragments.  Jekyll renders with kramdown,
not CommonMark; the differences rarely touch these views.

The walk over the events runs in the C extension ``leadlint._markdown_scan`` when it is
built, else in :func:`_scan_python`; both give identical results.  Set the environment
variable ``LEADLINT_MARKDOWN_PURE=1`` before import to force the pure-Python walk.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field

import pyromark

from .html import HtmlFragment
from .source import char_offsets

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)
_PARSER = pyromark.Markdown(options=_OPTIONS)


@dataclass(frozen=True)
class MarkdownImage:
    url: str
    alt: str
    title: str
    start: int
    end: int
    reference: str  # the label of a reference-style image, else ""


@dataclass(frozen=True)
class MarkdownLink:
    url: str
    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ProseBlock:
    """Readable text of one block: ``paragraph``, ``heading``, ``item`` (list item text), ``cell``."""

    kind: str
    text: str
    start: int
    end: int


@dataclass
class MarkdownDoc:
    images: list[MarkdownImage] = field(default_factory=list)
    links: list[MarkdownLink] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    prose: list[ProseBlock] = field(default_factory=list)
    html: list[HtmlFragment] = field(default_factory=list)
    #: (start, end) of fenced/indented code blocks and inline code spans
    code: list[tuple[int, int]] = field(default_factory=list)


_TEXT_BLOCKS = {"Paragraph": "paragraph", "Heading": "heading", "Item": "item", "TableCell": "cell"}

# Liquid in a link or image destination: `![a]({{ "/x.png" | relative_url }})`.  Jekyll fills
# it in before kramdown sees the Markdown; CommonMark would end the destination at the first
# space.  The spaces inside such tokens are hidden from the parser (one character each, so
# offsets hold) and put back in the destination it reports.
_LIQUID_WITH_SPACE = re.compile(r"\{\{[^{}\n]*?[ \t][^{}\n]*?\}\}|\{%[^{}\n]*?[ \t][^{}\n]*?%\}")
_DESTINATION_SO_FAR = re.compile(
    r"(?:\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)(?:[^\s()<>]|\{\{[^{}\n]*\}\}|\{%[^{}\n]*%\})*\Z",
    re.MULTILINE,
)
_HIDDEN_SPACE = "\ue000"
# "](" (an inline link or image) or "]:" (a reference definition) with a "{" after it on its
# line: every match of _DESTINATION_SO_FAR holds one of the two on the line of the Liquid token
# it precedes, so only such lines are searched for tokens (one pass over the body, not one for
# the tokens and one for each token's line).  No token spans a line break: a search of one line
# finds the tokens a search of the whole body finds there.
_OPENER_THEN_BRACE = re.compile(r"\][(:][^\n{]*\{")


def _hide_liquid_spaces_in_destinations(body: str) -> tuple[str, bool]:
    pieces: list[str] = []
    last = 0
    search = _OPENER_THEN_BRACE.search
    candidate = search(body)
    while candidate is not None:
        line_start = body.rfind("\n", 0, candidate.start()) + 1
        line_end = body.find("\n", candidate.end())
        if line_end == -1:
            line_end = len(body)
        for match in _LIQUID_WITH_SPACE.finditer(body, line_start, line_end):
            if not _DESTINATION_SO_FAR.search(body, line_start, match.start()):
                continue
            pieces.append(body[last : match.start()])
            pieces.append(match.group().replace(" ", _HIDDEN_SPACE).replace("\t", _HIDDEN_SPACE))
            last = match.end()
        candidate = search(body, line_end)
    if not pieces:
        return body, False
    pieces.append(body[last:])
    return "".join(pieces), True


def _destination(url: str, masked: bool) -> str:
    return url.replace(_HIDDEN_SPACE, " ") if masked else url


def parse_markdown(text: str, body_start: int) -> MarkdownDoc:
    """Parse ``text[body_start:]`` and return views with offsets into ``text``."""
    body, masked = _hide_liquid_spaces_in_destinations(text[body_start:])
    events = _PARSER.events_with_range(body)
    if _c is not None and type(body_start) is int and body_start >= 0:
        return MarkdownDoc(*_c.scan(events, body, text, body_start, masked))
    return _scan_python(events, body, text, body_start, masked)


def _scan_python(events, body: str, text: str, body_start: int, masked: bool) -> MarkdownDoc:
    """The views from pyromark's ``(event, range)`` pairs for ``body`` (``text[body_start:]``,
    destinations masked or not).  ``leadlint._markdown_scan.scan`` does the same in C.

    The parser reports UTF-8 byte ranges.  They are collected as they come and turned into
    character offsets in one pass at the end (sorted), which is several times cheaper than
    converting each one on its own.
    """
    offsets: set[int] = set()
    add = offsets.add
    images: list = []  # (info, start, end, pieces)
    links: list = []
    blocks: list = []  # (kind, start, end, text, level)
    html: list = []  # (start, end, inline value or None)
    code: list = []
    block_stack: list = []  # [kind, start, pieces, level]
    image_stack: list = []
    code_depth = 0
    for event, span in events:
        if type(event) is str:
            if (event == "SoftBreak" or event == "HardBreak") and block_stack and not image_stack:
                block_stack[-1][2].append("\n")
            continue
        for name, value in event.items():
            break
        if name == "Text":
            if code_depth:
                continue
            if image_stack:
                image_stack[-1][3].append(value)
            elif block_stack:
                block_stack[-1][2].append(value)
        elif name == "Start":
            kind = value if type(value) is str else next(iter(value))
            if kind in _TEXT_BLOCKS:
                start = span["start"]
                add(start)
                level = int(value["Heading"]["level"][1:]) if kind == "Heading" else 0
                block_stack.append([_TEXT_BLOCKS[kind], start, [], level])
            elif kind == "Image":
                start = span["start"]
                add(start)
                image_stack.append([value["Image"], start, 0, []])
            elif kind == "Link":
                start, end = span["start"], span["end"]
                add(start)
                add(end)
                links.append((value["Link"]["dest_url"], start, end))
            elif kind == "HtmlBlock":
                start, end = span["start"], span["end"]
                add(start)
                add(end)
                html.append((start, end, None))
            elif kind == "CodeBlock":
                code_depth += 1
                start, end = span["start"], span["end"]
                add(start)
                add(end)
                code.append((start, end))
        elif name == "End":
            kind = value if type(value) is str else next(iter(value))
            if kind in _TEXT_BLOCKS:
                if block_stack:
                    kind, start, pieces, level = block_stack.pop()
                    end = span["end"]
                    add(end)
                    blocks.append((kind, start, end, "".join(pieces).strip(), level))
            elif kind == "Image":
                if image_stack:
                    image = image_stack.pop()
                    image[2] = span["end"]
                    add(image[2])
                    images.append(image)
                    if block_stack:
                        block_stack[-1][2].append(" ")
            elif kind == "CodeBlock":
                code_depth -= 1
        elif name == "Code":
            start, end = span["start"], span["end"]
            add(start)
            add(end)
            code.append((start, end))
            if code_depth:
                continue
            if image_stack:
                image_stack[-1][3].append(value)
            elif block_stack:  # inline code: keeps its place as a gap in the prose
                block_stack[-1][2].append(" ")
        elif name == "InlineHtml":
            start = span["start"]
            add(start)
            html.append((start, 0, value))
    char = char_offsets(body, offsets, body_start)
    doc = MarkdownDoc()
    doc.code = [(char[a], char[b]) for a, b in code]
    doc.links = [MarkdownLink(_destination(url, masked), char[a], char[b]) for url, a, b in links]
    doc.images = [
        MarkdownImage(_destination(info["dest_url"], masked), "".join(pieces), info["title"], char[a], char[b],
                      info["id"] if info["link_type"] != "Inline" else "")
        for info, a, b, pieces in images
    ]
    for a, b, value in html:
        start = char[a]
        doc.html.append(HtmlFragment(value if value is not None else text[start : char[b]], start))
    for kind, a, b, block_text, level in blocks:
        start, end = char[a], char[b]
        if kind == "heading":
            doc.headings.append(Heading(level, block_text, start, end))
        if block_text:
            doc.prose.append(ProseBlock(kind, block_text, start, end))
    return doc


def _c_walk():
    """The C walk, ready to use, or None (not compiled, disabled, or the classes changed)."""
    if os.environ.get("LEADLINT_MARKDOWN_PURE"):
        return None
    try:
        from . import _markdown_scan
    except ImportError:  # not built (no compiler): the pure-Python walk is used
        return None
    # The C walk builds each item as object.__new__(cls) plus its fields, which is what the
    # dataclass __init__ does only while the classes keep these fields and no __post_init__.
    specs = []
    for cls, names in (
        (MarkdownImage, ("url", "alt", "title", "start", "end", "reference")),
        (MarkdownLink, ("url", "start", "end")),
        (Heading, ("level", "text", "start", "end")),
        (ProseBlock, ("kind", "text", "start", "end")),
        (HtmlFragment, ("text", "start")),
    ):
        if tuple(f.name for f in dataclasses.fields(cls)) != names or hasattr(cls, "__post_init__"):
            return None
        specs.append((cls, names))
    _markdown_scan.init(*specs)
    return _markdown_scan


_c = _c_walk()
#: ``"c"`` when the compiled walk is in use, ``"python"`` otherwise.
IMPLEMENTATION = "c" if _c is not None else "python"
