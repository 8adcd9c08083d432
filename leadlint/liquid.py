"""Liquid tags and outputs in a post, found the way Liquid 5 tokenizes them.

Jekyll renders Liquid before Markdown, so a tag inside a Markdown code fence is still
evaluated.  Only ``{% raw %}`` hides text from Liquid.  ``{% comment %}`` bodies are
tokenized and their tags parsed (a malformed tag there still breaks the build) but
never rendered.  ``{% highlight %}`` bodies are rendered by Liquid and then shown as
code, so what they hold is not Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_NAME = re.compile(r"\s*(\w+)\s*(.*)", re.DOTALL)

_BLOCKS = {"comment": "endcomment", "highlight": "endhighlight"}


class LiquidTag(NamedTuple):
    """One ``{% name markup %}`` tag or ``{{ expression }}`` output.

    ``start``/``end`` are character offsets of the whole token in the post; ``markup_start``
    is where ``markup`` begins.  ``in_comment`` and ``in_highlight`` say which block it sits in.
    """

    kind: str  # "tag" or "output"
    name: str  # the tag's name; "" for outputs
    markup: str
    start: int
    end: int
    markup_start: int
    in_comment: bool = False
    in_highlight: bool = False

    @property
    def rendered(self) -> bool:
        """Whether Liquid renders (evaluates) this tag when the page is built."""
        return not self.in_comment


class Region(NamedTuple):
    """Text between an opening and closing block tag (content only, offsets)."""

    kind: str  # "raw", "comment" or "highlight"
    start: int
    end: int


@dataclass
class LiquidScan:
    tags: list[LiquidTag]
    regions: list[Region]

    def region_at(self, offset: int, kinds: tuple[str, ...] = ("raw", "comment", "highlight")) -> Region | None:
        for region in self.regions:
            if region.kind in kinds and region.start <= offset < region.end:
                return region
        return None

    def named(self, name: str) -> list[LiquidTag]:
        return [tag for tag in self.tags if tag.name == name]


def scan_liquid(text: str, start: int = 0) -> LiquidScan:
    """Find every Liquid token in ``text`` from ``start`` on."""
    tags: list[LiquidTag] = []
    regions: list[Region] = []
    if "{" not in text:
        return LiquidScan(tags, regions)
    open_blocks: list[tuple[str, int]] = []  # (kind, content start)
    pos = start
    while True:
        token = _next_token(text, pos)
        if token is None:
            break
        token_start, pos, is_output, inner_start, inner_end = token
        inner = text[inner_start:inner_end]
        if is_output:
            lead = len(inner) - len(inner.lstrip())
            tags.append(_token(token_start, pos, "output", "", inner.strip(), inner_start + lead, open_blocks))
            continue
        name_match = _NAME.match(inner)
        if name_match is None:
            continue
        name, markup = name_match.group(1), name_match.group(2).rstrip()
        markup_start = inner_start + name_match.start(2)
        if name == "raw":
            end = _ENDRAW.search(text, pos)
            content_end = end.start() if end else len(text)
            regions.append(Region("raw", pos, content_end))
            pos = end.end() if end else len(text)
            continue
        tags.append(_token(token_start, pos, "tag", name, markup, markup_start, open_blocks))
        if name in _BLOCKS:
            open_blocks.append((name, pos))
        elif open_blocks and name == _BLOCKS[open_blocks[-1][0]]:
            kind, content_start = open_blocks.pop()
            regions.append(Region(kind, content_start, token_start))
    for kind, content_start in open_blocks:
        regions.append(Region(kind, content_start, len(text)))
    regions.sort(key=lambda r: r.start)
    return LiquidScan(tags, regions)


def _next_token(text: str, pos: int) -> tuple[int, int, bool, int, int] | None:
    r"""The next ``{% tag %}`` or ``{{ output }}`` from ``pos`` on, as Liquid tokenizes it:
    (start, end, whether it is an output, start and end of what is between its delimiters,
    whitespace-control dashes left out); None when there is none.

    This is what the regex ``\{%-?(?P<tag>.*?)-?%\}|\{\{-?(?P<out>.*?)-?\}\}`` (DOTALL)
    finds, for half the instructions: ``str.find`` reaches each "{" and each closer at memory
    speed, where ``re`` tried the closer after every character of the token.  The lazy
    ``.*?`` ends at the first closer, a dash just before it being the closer's own."""
    brace = text.find("{", pos)
    while brace != -1:
        second = text[brace + 1 : brace + 2]
        if second == "%" or second == "{":
            inner_start = brace + 3 if text.startswith("-", brace + 2) else brace + 2
            close = text.find("%}" if second == "%" else "}}", inner_start)
            if close != -1:
                inner_end = close - 1 if close > inner_start and text[close - 1] == "-" else close
                return brace, close + 2, second == "{", inner_start, inner_end
        brace = text.find("{", brace + 1)
    return None


def _token(start: int, end: int, kind: str, name: str, markup: str, markup_start: int,
           open_blocks: list) -> LiquidTag:
    if not open_blocks:  # the common case
        return _new_tuple(LiquidTag, (kind, name, markup, start, end, markup_start, False, False))
    kinds = {k for k, _ in open_blocks}
    return LiquidTag(kind, name, markup, start, end, markup_start, "comment" in kinds, "highlight" in kinds)


_new_tuple = tuple.__new__  # a named tuple made in C, without its generated __new__
