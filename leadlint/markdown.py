"""The Markdown body, parsed once with pyromark (pulldown-cmark), with character offsets.

From the event stream this builds the views rules ask for: images, links, headings,
prose blocks, code spans and the raw HTML fragments.  Jekyll renders with kramdown,
not CommonMark; the differences rarely touch these views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyromark

from .html import HtmlFragment
from .source import ByteOffsets

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)


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


def _hide_liquid_spaces_in_destinations(body: str) -> tuple[str, bool]:
    if "{" not in body or ("](" not in body and "]:" not in body):
        return body, False
    pieces: list[str] = []
    last = 0
    for match in _LIQUID_WITH_SPACE.finditer(body):
        line_start = body.rfind("\n", 0, match.start()) + 1
        if not _DESTINATION_SO_FAR.search(body, line_start, match.start()):
            continue
        pieces.append(body[last : match.start()])
        pieces.append(match.group().replace(" ", _HIDDEN_SPACE).replace("\t", _HIDDEN_SPACE))
        last = match.end()
    if not pieces:
        return body, False
    pieces.append(body[last:])
    return "".join(pieces), True


def _destination(url: str, masked: bool) -> str:
    return url.replace(_HIDDEN_SPACE, " ") if masked else url


def parse_markdown(text: str, body_start: int) -> MarkdownDoc:
    """Parse ``text[body_start:]`` and return views with offsets into ``text``."""
    body, masked = _hide_liquid_spaces_in_destinations(text[body_start:])
    to_char = ByteOffsets(body, body_start)
    doc = MarkdownDoc()
    block_stack: list[tuple[str, int, list[str]]] = []  # (kind, start, text pieces)
    image_stack: list[tuple[dict, int, list[str]]] = []
    heading_level = 0
    code_depth = 0
    for event, span in pyromark.events_with_range(body, options=_OPTIONS):
        if isinstance(event, dict):
            (name, value), = event.items()
        else:
            name, value = event, None
        if name == "Text" or name == "Code":
            if name == "Code":
                doc.code.append((to_char(span["start"]), to_char(span["end"])))
            if code_depth:
                continue
            if image_stack:
                image_stack[-1][2].append(value)
            elif block_stack and name == "Text":
                block_stack[-1][2].append(value)
            elif block_stack:  # inline code: keeps its place as a gap in the prose
                block_stack[-1][2].append(" ")
        elif name == "Start":
            kind = value if isinstance(value, str) else next(iter(value))
            if kind == "Image":
                image_stack.append((value["Image"], to_char(span["start"]), []))
            elif kind == "Link":
                link = value["Link"]
                doc.links.append(MarkdownLink(_destination(link["dest_url"], masked), to_char(span["start"]),
                                              to_char(span["end"])))
            elif kind == "CodeBlock":
                code_depth += 1
                doc.code.append((to_char(span["start"]), to_char(span["end"])))
            elif kind == "HtmlBlock":
                start = to_char(span["start"])
                doc.html.append(HtmlFragment(text[start : to_char(span["end"])], start))
            elif kind in _TEXT_BLOCKS:
                if kind == "Heading":
                    heading_level = int(value["Heading"]["level"][1:])
                block_stack.append((_TEXT_BLOCKS[kind], to_char(span["start"]), []))
        elif name == "End":
            kind = value if isinstance(value, str) else next(iter(value))
            if kind == "Image" and image_stack:
                info, start, pieces = image_stack.pop()
                doc.images.append(
                    MarkdownImage(_destination(info["dest_url"], masked), "".join(pieces), info["title"], start,
                                  to_char(span["end"]), info["id"] if info["link_type"] != "Inline" else "")
                )
                if block_stack:
                    block_stack[-1][2].append(" ")
            elif kind == "CodeBlock":
                code_depth -= 1
            elif kind in _TEXT_BLOCKS and block_stack:
                _close_block(doc, block_stack.pop(), to_char(span["end"]), heading_level if kind == "Heading" else 0)
        elif name == "InlineHtml":
            doc.html.append(HtmlFragment(value, to_char(span["start"])))
        elif name in ("SoftBreak", "HardBreak") and block_stack and not image_stack:
            block_stack[-1][2].append("\n")
    return doc


def _close_block(doc: MarkdownDoc, block: tuple[str, int, list[str]], end: int, level: int) -> None:
    kind, start, pieces = block
    text = "".join(pieces).strip()
    if kind == "heading":
        doc.headings.append(Heading(level, text, start, end))
    if text:
        doc.prose.append(ProseBlock(kind, text, start, end))
