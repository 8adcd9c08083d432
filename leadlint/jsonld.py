"""JSON-LD blocks of a post: parsed, with every value's position, Liquid accounted for.

Jekyll fills in Liquid (``{{ page.title | jsonify }}``) before the page is served, so a
block is judged as Jekyll would emit it.  Each Liquid output is masked in place, keeping
every offset: inside a JSON string its characters become ``x``; standing for a whole
value it becomes a string of the same width.  Liquid block tags (``{% if %}``) become
spaces.  ``JsonLdBlock.liquid`` then tells a rule which values came from Liquid, and
what expression each was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .html import ScriptBlock

JSON_LD_TYPE = "application/ld+json"
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<punct>[{}\[\]:,])|(?P<lit>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null))',
    re.DOTALL,
)


@dataclass(frozen=True)
class JsonProblem:
    message: str
    offset: int  # absolute offset in the post


@dataclass
class JsonLdBlock:
    start: int
    end: int
    text: str
    data: Any = None
    problem: JsonProblem | None = None
    #: (start, end) of every value, keyed by its path: ("author", "name"), ("image", 0)
    spans: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    #: path -> the Liquid expression that produces the value (as written)
    liquid: dict[tuple, str] = field(default_factory=dict)

    def span(self, *path) -> tuple[int, int]:
        return self.spans.get(tuple(path), (self.start, self.start))


def parse_json_ld(scripts: list[ScriptBlock]) -> list[JsonLdBlock]:
    return [_parse(s) for s in scripts if s.type == JSON_LD_TYPE]


def _parse(script: ScriptBlock) -> JsonLdBlock:
    block = JsonLdBlock(script.start, script.end, script.text)
    masked, liquid_spans = _mask_liquid(script.text)
    if not masked.strip():
        block.problem = JsonProblem("JSON-LD block is empty", script.start)
        return block
    try:
        block.data = json.loads(masked)
    except json.JSONDecodeError as error:
        block.problem = JsonProblem(f"invalid JSON: {error.msg}", script.start + error.pos)
        return block
    except RecursionError:
        block.problem = JsonProblem("JSON is nested too deeply to read", script.start)
        return block
    _locate(masked, script.start, block.spans)
    for (l_start, l_end), expression in liquid_spans.items():
        l_start += script.start
        l_end += script.start
        holders = [(e - s, p) for p, (s, e) in block.spans.items() if s <= l_start and l_end <= e]
        if holders:
            block.liquid[min(holders, key=lambda h: h[0])[1]] = expression
    return block


def _mask_liquid(text: str) -> tuple[str, dict[tuple[int, int], str]]:
    if "{" not in text or ("{{" not in text and "{%" not in text):
        return text, {}
    spans: dict[tuple[int, int], str] = {}
    out: list[str] = []
    last = 0
    for match in _LIQUID.finditer(text):
        token = match.group()
        out.append(text[last : match.start()])
        last = match.end()
        if token.startswith("{%"):
            out.append(" " * len(token))
            continue
        spans[(match.start(), match.end())] = token
        if _inside_string(text, match.start()):
            out.append("x" * len(token))
        else:
            out.append('"' + "x" * (len(token) - 2) + '"')
    out.append(text[last:])
    return "".join(out), spans


def _inside_string(text: str, offset: int) -> bool:
    """Whether ``offset`` falls inside a JSON string literal (counting unescaped quotes on its line)."""
    line_start = text.rfind("\n", 0, offset) + 1
    quotes = len(re.findall(r'(?<!\\)"', text[line_start:offset]))
    return quotes % 2 == 1


def _locate(text: str, base: int, spans: dict) -> None:
    """Record the span of every value in already-valid JSON ``text`` (iteratively: no recursion)."""
    stack: list[list] = []  # frames: [container kind, path, next key or index, start]
    pos = 0
    pending_key: Any = None
    while True:
        match = _TOKEN.match(text, pos)
        if match is None:
            break
        pos = match.end()
        start = base + match.start(match.lastgroup)
        punct = match.group("punct")
        if punct in ("{", "["):
            frame_path = _value_path(stack, pending_key)
            stack.append(["obj" if punct == "{" else "arr", frame_path, 0, start])
            pending_key = None
        elif punct in ("}", "]"):
            kind, frame_path, _, frame_start = stack.pop()
            spans[frame_path] = (frame_start, base + pos)
            if stack and stack[-1][0] == "arr":
                stack[-1][2] += 1
            if not stack:
                break
        elif punct == ":" or punct == ",":
            continue
        else:
            token = match.group("str") or match.group("lit")
            if stack and stack[-1][0] == "obj" and pending_key is None:
                pending_key = json.loads(token)
                continue
            spans[_value_path(stack, pending_key)] = (start, base + pos)
            pending_key = None
            if stack and stack[-1][0] == "arr":
                stack[-1][2] += 1


def _value_path(stack: list[list], key: Any) -> tuple:
    if not stack:
        return ()
    kind, frame_path, index, _ = stack[-1]
    return frame_path + ((key,) if kind == "obj" else (index,))
