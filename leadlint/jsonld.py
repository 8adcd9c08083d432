"""JSON-LD blocks of a post: parsed, with every key's and value's position, Liquid accounted for.

Jekyll fills in Liquid before the page is served, so a block is judged as Jekyll would
emit it.  Liquid is masked in place, keeping every offset:

- an output (``{{ page.title | jsonify }}``) inside a JSON string becomes ``x`` characters;
  standing for a whole value it becomes a string of the same width.  Each is recorded in
  ``JsonLdBlock.outputs`` (and ``JsonLdBlock.liquid`` maps the value's path to it), so a rule
  can treat the value as unknown, or fill it in with :func:`render_liquid`;
- control flow is followed along its first branch: ``{% if %}…{% else %}…{% endif %}`` keeps
  the ``if`` part, a ``{% for %}`` body is kept once, ``{% comment %}`` and ``{% capture %}``
  bodies are dropped, ``{% raw %}`` bodies are JSON text; every tag becomes spaces;
- a comma that only Liquid makes redundant (``{% unless forloop.last %},{% endunless %}``)
  is not an error, and a block whose JSON cannot be followed because of Liquid (an
  ``{% include %}`` standing for a value) is marked ``problem.kind == "liquid"``, never
  reported as invalid JSON.

Parsing never recurses on the data (a deeply nested block is a problem, not a crash).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from datetime import date, datetime, timezone
from typing import Any

from .html import ScriptBlock

JSON_LD_TYPE = "application/ld+json"
_LIQUID = re.compile(r"\{\{-?(?P<out>.*?)-?\}\}|\{%-?(?P<tag>.*?)-?%\}", re.DOTALL)
_LIQUID_START = re.compile(r"\{[{%]")
_TAG_NAME = re.compile(r"\s*(\w+)")
_ENDRAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
#: blocks whose content Liquid renders (on their first branch)
_BRANCHING = {"if": "endif", "unless": "endunless", "case": "endcase", "for": "endfor", "tablerow": "endtablerow",
              "ifchanged": "endifchanged"}
#: blocks whose content is never output
_SILENT = {"comment": "endcomment", "capture": "endcapture"}
#: tags that output nothing
_QUIET_TAGS = {"assign", "break", "continue", "increment_var", "liquid", "endraw"}
#: more values than this in one block: positions are recorded for the first ones only
MAX_LOCATED_TOKENS = 200_000


@dataclass(frozen=True)
class JsonProblem:
    message: str
    offset: int  # absolute offset in the post
    #: "syntax" (not valid JSON), "empty", "deep" (nested too deeply to read), or "liquid"
    #: (Liquid builds the JSON in a way that cannot be followed: not an error of the post)
    kind: str = "syntax"


@dataclass(frozen=True)
class LiquidOutput:
    """A ``{{ … }}`` inside a JSON-LD block."""

    start: int  # absolute offsets of the whole ``{{ … }}``
    end: int
    expression: str  # what is between the braces, stripped
    in_string: bool  # inside a JSON string, or standing for a whole value
    path: tuple | None = None  # the value it belongs to


@dataclass
class JsonLdBlock:
    start: int
    end: int
    text: str
    data: Any = None
    problem: JsonProblem | None = None
    #: path -> the Liquid expression that produces the value (as written)
    liquid: dict[tuple, str] = field(default_factory=dict)
    #: every Liquid output of the block, in order
    outputs: list[LiquidOutput] = field(default_factory=list)
    #: where the values and keys are (None when there is no data)
    positions: Positions | None = field(default=None, repr=False, compare=False)

    @property
    def spans(self) -> dict[tuple, tuple[int, int]]:
        """(start, end) of every value, keyed by its path: ("author", "name"), ("image", 0).
        All of them, found on first use: :meth:`value_span` finds one for less."""
        return self.positions.all()[0] if self.positions is not None else {}

    @property
    def keys(self) -> dict[tuple, tuple[int, int]]:
        """(start, end) of every object key (quotes included), keyed by the path of its value."""
        return self.positions.all()[1] if self.positions is not None else {}

    def value_span(self, path: tuple) -> tuple[int, int] | None:
        """``spans.get(path)``, for less."""
        return self.positions.value(path) if self.positions is not None else None

    def key_span(self, path: tuple) -> tuple[int, int] | None:
        """``keys.get(path)``, for less."""
        return self.positions.key(path) if self.positions is not None else None

    def span(self, *path) -> tuple[int, int]:
        return self.value_span(path) or (self.start, self.start)

    def property_span(self, *path) -> tuple[int, int]:
        """From a property's key to the end of its value (the value alone for list items);
        the nearest enclosing value that has a position when ``path`` has none."""
        positions = self.positions
        if positions is None:
            return (self.start, self.start)
        value = positions.value(path)
        while value is None and path:
            path = path[:-1]
            value = positions.value(path)
        if value is None:
            return (self.start, self.start)
        key = positions.key(path)
        return (key[0], value[1]) if key else value


def parse_json_ld(scripts: list[ScriptBlock]) -> list[JsonLdBlock]:
    return [_parse(s) for s in scripts if s.type == JSON_LD_TYPE]


def _parse(script: ScriptBlock) -> JsonLdBlock:
    block = JsonLdBlock(script.start, script.end, script.text)
    mask = _mask_liquid(script.text)
    masked = mask.text
    if not masked or masked.isspace():
        kind = "liquid" if mask.tags else "empty"
        message = "JSON-LD block is empty" if kind == "empty" else "JSON-LD block is made by Liquid tags only"
        block.problem = JsonProblem(message, script.start, kind)
        return block
    data, error = _loads(masked)
    if error is not None and mask.tags:
        relaxed = _drop_liquid_commas(masked, mask.tags)
        if relaxed != masked:
            data, error = _loads(relaxed)
            masked = relaxed
    if isinstance(error, RecursionError):
        first = len(masked) - len(masked.lstrip())
        block.problem = JsonProblem("JSON-LD is nested too deeply to read", script.start + first, "deep")
        return block
    if error is not None:
        pos, message = error
        if _caused_by_liquid(masked, pos, mask):
            block.problem = JsonProblem(
                "JSON-LD is built by Liquid tags leadlint cannot follow; it is not checked", script.start + pos,
                "liquid")
        else:
            block.problem = JsonProblem(message, script.start + pos)
        return block
    block.data = data
    block.positions = Positions(masked, script.start)
    for start, end, expression, in_string in mask.outputs:
        a_start, a_end = start + script.start, end + script.start
        holders = [(e - s, p) for p, (s, e) in block.spans.items() if s <= a_start and a_end <= e]
        path = min(holders, key=lambda h: h[0])[1] if holders else None
        if path is not None:
            block.liquid.setdefault(path, script.text[start:end])
        block.outputs.append(LiquidOutput(a_start, a_end, expression, in_string, path))
    return block


# -- masking ------------------------------------------------------------------------------


@dataclass
class _Mask:
    text: str
    #: (start, end, expression, in_string) of every output that is rendered
    outputs: list[tuple[int, int, str, bool]]
    #: (start, end) of every Liquid token, rendered or not
    tags: list[tuple[int, int]]
    #: offsets of tags whose output cannot be known (include, render, unknown tags)
    opaque: list[int]


def _mask_liquid(text: str) -> _Mask:
    if _LIQUID_START.search(text) is None:
        return _Mask(text, [], [], [])
    out: list[str] = []
    outputs: list[tuple[int, int, str, bool]] = []
    tags: list[tuple[int, int]] = []
    opaque: list[int] = []
    #: open blocks: [name, rendered?, branch number]
    stack: list[list] = []
    in_string = False
    pos = 0

    def active() -> bool:
        return all(frame[1] for frame in stack)

    def emit_text(segment: str) -> None:
        nonlocal in_string
        if not active():
            out.append(_blank(segment))
            return
        out.append(segment)
        if '"' in segment:
            in_string = _string_state(segment, in_string)

    while True:
        match = _LIQUID.search(text, pos)
        if match is None:
            break
        emit_text(text[pos : match.start()])
        token = match.group()
        start, end = match.start(), match.end()
        tags.append((start, end))
        pos = end
        if match.group("out") is not None:
            if not active():
                out.append(_blank(token))
            elif in_string:
                out.append("x" * len(token))
                outputs.append((start, end, match.group("out").strip(), True))
            else:
                out.append('"' + "x" * (len(token) - 2) + '"')
                outputs.append((start, end, match.group("out").strip(), False))
            continue
        out.append(_blank(token))
        name_match = _TAG_NAME.match(match.group("tag"))
        name = name_match.group(1) if name_match else ""
        if name == "raw":
            close = _ENDRAW.search(text, pos)
            content_end = close.start() if close else len(text)
            emit_text(text[pos:content_end])
            if close:
                out.append(_blank(close.group()))
                tags.append((close.start(), close.end()))
            pos = close.end() if close else len(text)
        elif name in _SILENT:
            close = re.compile(r"\{%-?\s*" + _SILENT[name] + r"\s*-?%\}").search(text, pos)
            content_end = close.end() if close else len(text)
            out.append(_blank(text[pos:content_end]))
            if close:
                tags.append((close.start(), close.end()))
            pos = content_end
        elif name in _BRANCHING:
            stack.append([name, name != "case", 0])
        elif name in ("elsif", "else", "when") and stack:
            frame = stack[-1]
            if frame[0] == "case":  # the first `when` is followed; text before it is never output
                frame[2] += 1
                frame[1] = name == "when" and frame[2] == 1
            else:
                frame[2] += 1
                frame[1] = False
        elif stack and name == _BRANCHING.get(stack[-1][0]):
            stack.pop()
        elif name and name not in _QUIET_TAGS and not name.startswith("end") and active():
            opaque.append(start)
    emit_text(text[pos:])
    return _Mask("".join(out), outputs, tags, opaque)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(segment: str) -> str:
    """Spaces of the same length, line breaks kept."""
    return _NOT_NEWLINE.sub(" ", segment)


def _string_state(segment: str, in_string: bool) -> bool:
    """Whether JSON text is inside a string after ``segment``, given the state before it."""
    i = 0
    n = len(segment)
    while i < n:
        c = segment[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        i += 1
    return in_string


_LIQUID_COMMA_AFTER = re.compile(r",(?=\s*[\]}])")
_LIQUID_COMMA_BEFORE = re.compile(r"(?<=[\[{,])(\s*),")


def _drop_liquid_commas(masked: str, tags: list[tuple[int, int]]) -> str:
    """Blank commas that only Liquid control flow makes redundant: a trailing comma with a
    Liquid tag between it and the bracket, a leading or doubled comma with one before it."""
    chars = list(masked)

    def tag_between(a: int, b: int) -> bool:
        return any(a <= s and e <= b for s, e in tags)

    for match in _LIQUID_COMMA_AFTER.finditer(masked):
        if tag_between(match.start(), _next_nonspace(masked, match.end())):
            chars[match.start()] = " "
    for match in _LIQUID_COMMA_BEFORE.finditer(masked):
        comma = match.end() - 1
        if chars[comma] == "," and tag_between(match.start() - 1, comma):
            chars[comma] = " "
    return "".join(chars)


def _next_nonspace(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _caused_by_liquid(masked: str, pos: int, mask: _Mask) -> bool:
    """Whether a JSON error at ``pos`` sits where Liquid put (or left out) text: inside a
    Liquid token, right after one (only spaces between), or after an ``{% include %}`` (or
    another tag whose output is unknown) on the same line."""
    back = pos
    while back > 0 and masked[back - 1].isspace():
        back -= 1
    for start, end in mask.tags:
        if start <= pos < end or (back <= start and end <= pos):
            return True
    line_start = masked.rfind("\n", 0, pos) + 1
    return any(line_start <= o < pos for o in mask.opaque)


# -- parsing ------------------------------------------------------------------------------


def _reject_constant(name: str):
    raise ValueError(name)


#: one decoder for every block: ``json.loads(text, parse_constant=…)`` would build one per call
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def _decode(text: str) -> Any:
    """``json.loads(text, parse_constant=_reject_constant)``."""
    if text.startswith("\ufeff"):  # as json.loads says it
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _DECODER.decode(text)


def _loads(text: str) -> tuple[Any, tuple[int, str] | RecursionError | None]:
    try:
        return _decode(text), None
    except json.JSONDecodeError as error:
        return None, (error.pos, _plain_message(text, error))
    except RecursionError as error:
        return None, error
    except ValueError as error:  # NaN, Infinity
        at = re.search(r"-?\b" + re.escape(str(error).lstrip("-")) + r"\b", text)
        return None, (at.start() if at else 0,
                      f"JSON-LD is not valid JSON: {error} is not a JSON number (write a number or null)")


def _plain_message(text: str, error: json.JSONDecodeError) -> str:
    """The JSON syntax error in words a writer understands."""
    msg = error.msg
    after = text[error.pos : error.pos + 1]
    before = text[: error.pos].rstrip()[-1:]
    if msg.startswith("Expecting property name"):
        if after == "}" and before == ",":
            reason = "a comma before `}` has nothing after it (remove the trailing comma)"
        elif after == "'":
            reason = "property names must be in double quotes, not single quotes"
        else:
            reason = 'a property name in double quotes ("name") is expected here'
    elif msg.startswith("Expecting value"):
        if after == "]" and before == ",":
            reason = "a comma before `]` has nothing after it (remove the trailing comma)"
        elif after == "'":
            reason = "text must be in double quotes, not single quotes"
        elif not after:
            reason = "the JSON ends before its value does (a missing `}` or `]`?)"
        else:
            reason = "a value (text in double quotes, a number, true, false, null, {…} or […]) is expected here"
    elif msg.startswith("Expecting ',' delimiter"):
        reason = "a comma is missing between two entries"
    elif msg.startswith("Expecting ':' delimiter"):
        reason = "a colon is missing after the property name"
    elif msg.startswith("Unterminated string"):
        reason = "a text value is never closed with a double quote"
    elif msg.startswith("Invalid control character"):
        reason = "a line break or tab inside a text value must be written as \\n or \\t"
    elif msg.startswith("Invalid \\escape") or msg.startswith("Invalid \\uXXXX"):
        reason = "a backslash starts an escape JSON does not know (write \\\\ for a backslash)"
    elif msg.startswith("Extra data"):
        reason = "there is text after the end of the JSON (several objects belong in a list […] or an @graph)"
    else:
        reason = msg[0].lower() + msg[1:]
    return f"JSON-LD is not valid JSON: {reason}"


_SCAN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]]|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null')


def _locate(text: str, base: int, spans: dict, keys: dict | None = None) -> None:
    """Record the span of every value (and key) in already-valid JSON ``text``
    (iteratively: no recursion).  In valid JSON, what lies between tokens is only
    white space, colons and commas, so the scan skips it."""
    # the open containers: (is object, path, next index); and where each began
    stack: list[list] = []
    starts: list[int] = []
    pending_key: Any = None
    budget = MAX_LOCATED_TOKENS
    for match in _SCAN.finditer(text):
        budget -= 1
        if not budget:
            break
        token = match.group()
        first = token[0]
        if first == "{" or first == "[":
            if stack:
                top = stack[-1]
                path = top[1] + ((pending_key,) if top[0] else (top[2],))
            else:
                path = ()
            stack.append([first == "{", path, 0])
            starts.append(base + match.start())
            pending_key = None
        elif first == "}" or first == "]":
            path = stack.pop()[1]
            spans[path] = (starts.pop(), base + match.end())
            if not stack:
                break
            if not stack[-1][0]:
                stack[-1][2] += 1
        elif stack:
            top = stack[-1]
            if top[0]:
                if pending_key is None:
                    pending_key = token[1:-1] if "\\" not in token else json.loads(token)
                    if keys is not None:
                        keys[top[1] + (pending_key,)] = (base + match.start(), base + match.end())
                    continue
                spans[top[1] + (pending_key,)] = (base + match.start(), base + match.end())
                pending_key = None
            else:
                spans[top[1] + (top[2],)] = (base + match.start(), base + match.end())
                top[2] += 1
        else:
            spans[()] = (base + match.start(), base + match.end())
            break


# -- positions ------------------------------------------------------------------------------

#: a member's key and colon, after the comma (or white space) before it
_KEY_AND_COLON = re.compile(r'[\s,]*("[^"\\]*(?:\\.[^"\\]*)*")\s*:\s*')
#: what lies between a list's items
_BETWEEN_ITEMS = re.compile(r"[\s,]*")
_JSON_SPACE = " \t\n\r"
_JSON_SPACES = re.compile(r"[ \t\n\r]*")


class Positions:
    """Where the values and keys of one block's (valid) JSON text are, found on demand.

    :meth:`all` gives every position at once, from one scan of the whole text
    (:func:`_locate`).  Rules ask for a few positions per block (a node's ``@type``, the
    property a finding is about), so :meth:`value` and :meth:`key` find them for less:

    - a block made from the same template as two earlier ones (the same JSON text outside
      its strings, the same keys: a layout's JSON-LD filled in per post) has its positions
      at the same distances from the pieces of text between its strings: they are read off
      the earlier scan (see :class:`_Template`);
    - otherwise a lookup lists only the containers on its path: the first lookup under an
      object or list records where each of its members' keys and values start and end, the
      members' own contents skipped by the C JSON scanner.  Where that could differ from
      the scan, lookups use :meth:`all`: a key that appears twice in an object (the later
      value wins, as in the data, and the earlier one's inner positions stay recorded) and
      a text long enough for the scan to stop early (``MAX_LOCATED_TOKENS``).
    """

    __slots__ = ("text", "base", "_spans", "_keys", "_listed", "_all", "_template", "_ends")

    def __init__(self, text: str, base: int):
        self.text = text
        self.base = base
        self._all: tuple[dict, dict] | None = None
        #: a _Template (with ``_ends``, its match), False when there is none, None before looking
        self._template: _Template | bool | None = None
        self._ends: tuple = ()
        self._spans: dict = {}
        self._keys: dict = {}
        self._listed: set = set()

    def all(self) -> tuple[dict[tuple, tuple[int, int]], dict[tuple, tuple[int, int]]]:
        """(spans, keys) of every value and key."""
        if self._all is None:
            if self._template is None:
                self._start()
            if self._template:
                self._all = (self._template.place(self._template.spans, self._ends, self.base),
                             self._template.place(self._template.keys, self._ends, self.base))
            else:
                spans: dict = {}
                keys: dict = {}
                _locate(self.text, self.base, spans, keys)
                self._all = (spans, keys)
        return self._all

    def value(self, path: tuple) -> tuple[int, int] | None:
        if self._all is None:
            if self._template is None:
                self._start()
            if self._template:
                return self._placed(self._template.spans.get(path))
            found = self._spans.get(path)
            if found is not None:  # recorded by a listing (none saw a repeated key)
                return found
            if self._list_to(path):
                return self._spans.get(path)
        return self.all()[0].get(path)

    def key(self, path: tuple) -> tuple[int, int] | None:
        if self._all is None:
            if self._template is None:
                self._start()
            if self._template:
                return self._placed(self._template.keys.get(path))
            found = self._keys.get(path)
            if found is not None:
                return found
            if self._list_to(path):
                return self._keys.get(path)
        return self.all()[1].get(path)

    def _placed(self, found: tuple | None) -> tuple[int, int] | None:
        """A position the template gives (its pieces found in this text, ``_ends``)."""
        if found is None:
            return None
        start_group, start, end_group, end = found
        ends, base = self._ends, self.base
        return base + ends[start_group][1] + start, base + ends[end_group][1] + end

    def _start(self) -> None:
        """Look for a template; without one, get ready to list containers."""
        text, base = self.text, self.base
        if len(text) >= MAX_LOCATED_TOKENS:
            self._template = False
            self.all()
            return
        found = _template_for(text)
        if found is not None:
            self._template, self._ends = found
            return
        self._template = False
        last = len(text)
        while text[last - 1] in _JSON_SPACE:
            last -= 1
        self._spans[()] = (base + _JSON_SPACES.match(text).end(), base + last)

    def _list_to(self, path: tuple) -> bool:
        """List the containers holding ``path``; False when a lookup must use :meth:`all`."""
        listed = self._listed
        for depth in range(len(path)):
            parent = path[:depth]
            if parent not in listed:
                if parent not in self._spans:
                    return True  # no such container: the path has no position
                if not self._list(parent):
                    return False
        return True

    def _list(self, path: tuple) -> bool:
        """Record where the members of the container at ``path`` are; False on a repeated key."""
        self._listed.add(path)
        text, base, spans, keys = self.text, self.base, self._spans, self._keys
        start, end = spans[path]
        start -= base
        if end - base - start <= _SMALL_CONTAINER:  # often the same text in every post (a publisher)
            members = _members_of_text(text[start : end - base])
        else:
            members = _members(text, start)
            start = 0
        if members is None:
            return False
        start += base
        for name, key_start, key_end, value_start, value_end in members:
            child = path + (name,)
            spans[child] = (start + value_start, start + value_end)
            if key_end:
                keys[child] = (start + key_start, start + key_end)
        return True


#: containers this long or shorter are listed once per text (see Positions._list)
_SMALL_CONTAINER = 512


@lru_cache(maxsize=1024)
def _members_of_text(container: str) -> tuple | None:
    return _members(container, 0)


def _members(text: str, start: int) -> tuple | None:
    """(key or index, key start, key end, value start, value end) of each member of the
    object or list opening at ``start`` (an item has key end 0); None when an object
    repeats a key.  Each member's own contents are skipped by the C JSON scanner."""
    scan = _DECODER.scan_once
    found = []
    pos = start + 1
    if text[start] == "{":
        names = set()
        match = _KEY_AND_COLON.match
        while True:
            member = match(text, pos)
            if member is None:
                return tuple(found)
            key_start, key_end = member.span(1)
            name = text[key_start + 1 : key_end - 1]
            if "\\" in name:
                name = json.loads(text[key_start:key_end])
            if name in names:
                return None
            names.add(name)
            value_start = member.end()
            pos = scan(text, value_start)[1]
            found.append((name, key_start, key_end, value_start, pos))
    if text[start] == "[":
        skip = _BETWEEN_ITEMS.match
        while True:
            value_start = skip(text, pos).end()
            if text[value_start] == "]":
                return tuple(found)
            pos = scan(text, value_start)[1]
            found.append((len(found), 0, 0, value_start, pos))
    return ()


class _Template:
    """The positions of a block's JSON text, as distances from the pieces of text between
    its strings, and a pattern that finds those pieces in another text of the same shape.

    In valid JSON without backslashes, every position lies in (or at the end of) a piece
    outside strings.  Another text with the same pieces outside strings and the same keys
    has the same tokens in the same structure, its value strings aside, so :func:`_locate`
    would find each of its positions at the same distance from the start of the same
    piece: :attr:`pattern` matches exactly such texts, its groups ending where the pieces
    start."""

    __slots__ = ("pattern", "spans", "keys")

    def __init__(self, text: str):
        pieces = text.split('"')
        parts = ["()"]  # group 1 ends where piece 0 starts; group k + 1 where the piece after string k does
        for i, piece in enumerate(pieces):
            if i % 2 == 0:
                parts.append(re.escape(piece))
            elif pieces[i + 1].lstrip(_JSON_SPACE).startswith(":"):
                parts.append('"(' + re.escape(piece) + '")')  # a key: itself
            else:
                parts.append('"([^"]*")')  # a value: any text without a quote (nor a backslash: see _template_for)
        self.pattern = re.compile("".join(parts))
        starts = list(accumulate((len(piece) + 1 for piece in pieces), initial=0))[0::2]

        def distance(position: int) -> tuple[int, int]:
            piece = bisect_right(starts, position) - 1
            return piece + 1, position - starts[piece]

        spans: dict = {}
        keys: dict = {}
        _locate(text, 0, spans, keys)
        #: path -> (group, distance, group, distance) of its start and end
        self.spans = {path: (*distance(start), *distance(end)) for path, (start, end) in spans.items()}
        self.keys = {path: (*distance(start), *distance(end)) for path, (start, end) in keys.items()}

    @staticmethod
    def place(positions: dict, ends: tuple, base: int) -> dict:
        """Every position of ``positions``, from the group ends of a match (``Match.regs``)."""
        return {path: (base + ends[a][1] + x, base + ends[b][1] + y) for path, (a, x, b, y) in positions.items()}


#: every string of a (backslash-free) JSON text, a key's text in group 1: one match per
#: string, from its opening quote, so a match never starts at a string's closing quote
_STRING = re.compile(r'"(?:([^"]*)"(?=[ \t\n\r]*:)|[^"]*")')
#: templates, the last one used first
_TEMPLATES: list[_Template] = []
#: shapes (a text with its value strings emptied) seen once
_SHAPES: set[str] = set()


def _template_for(text: str) -> tuple[_Template, tuple] | None:
    """(A template matching ``text``, the group ends of the match) when a block of the same
    shape was seen before; None otherwise (the first time, its shape is remembered; the
    second, a template is made)."""
    if "\\" in text:  # a string could hold an escaped quote: the pieces are not cut at quotes
        return None
    for template in _TEMPLATES:
        match = template.pattern.fullmatch(text)
        if match is not None:
            if template is not _TEMPLATES[0]:
                _TEMPLATES.remove(template)
                _TEMPLATES.insert(0, template)
            return template, match.regs
    shape = _STRING.sub(r'"\1"', text)  # the value strings emptied: what differs between posts of one layout
    if shape not in _SHAPES:
        if len(_SHAPES) >= 4096:
            _SHAPES.clear()
        _SHAPES.add(shape)
        return None
    _SHAPES.discard(shape)
    template = _Template(text)
    _TEMPLATES.insert(0, template)
    del _TEMPLATES[8:]
    return template, template.pattern.fullmatch(text).regs


# -- filling in Liquid ---------------------------------------------------------------------


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


#: what :func:`render_liquid` returns when Jekyll's output cannot be known before the build
UNKNOWN: Any = _Unknown()

_PIPE = re.compile(r"""\|(?=(?:[^"']|"[^"]*"|'[^']*')*$)""")
_ARG = re.compile(r"""\s*("([^"]*)"|'([^']*)'|(-?\d+(?:\.\d+)?)|([\w.]+))\s*(?:,|$)""")
#: page variables Jekyll computes (so the front matter does not tell them)
_COMPUTED = {"url", "id", "excerpt", "content", "path", "relative_path", "next", "previous", "collection", "output",
             "dir", "name", "slug", "ext"}


def render_liquid(expression: str, variables: dict[str, Any]) -> Any:
    """The value of a Liquid output expression (``page.title | jsonify``), as far as it can be
    known before the build: ``variables`` holds ``page`` (the front matter, with ``date`` as
    Jekyll's Time: an aware datetime) and ``site`` (``_config.yml``).  Returns :data:`UNKNOWN`
    for anything not known (a variable not given, a computed one such as ``page.url``, a
    filter not modelled here).  Use :func:`liquid_text` for the text Liquid writes."""
    parts = _PIPE.split(expression)
    value = _lookup_variable(parts[0].strip(), variables)
    for part in parts[1:]:
        if value is UNKNOWN:
            return UNKNOWN
        name, _, arg_text = part.partition(":")
        args = []
        for match in _ARG.finditer(arg_text.strip()):
            if not match.group(0).strip():
                continue
            if match.group(2) is not None or match.group(3) is not None:
                args.append(match.group(2) if match.group(2) is not None else match.group(3))
            elif match.group(4) is not None:
                args.append(float(match.group(4)) if "." in match.group(4) else int(match.group(4)))
            else:
                args.append(_lookup_variable(match.group(5), variables))
        value = _filter(name.strip(), value, args, variables)
    return value


def _lookup_variable(name: str, variables: dict[str, Any]) -> Any:
    literal = re.fullmatch(r"""\s*(?:"([^"]*)"|'([^']*)')\s*""", name)
    if literal:
        return literal.group(1) if literal.group(1) is not None else literal.group(2)
    if re.fullmatch(r"-?\d+", name):
        return int(name)
    parts = name.split(".")
    if len(parts) < 2 or parts[0] not in variables:
        return UNKNOWN
    if parts[0] == "page" and parts[1] in _COMPUTED:
        return UNKNOWN
    value = variables[parts[0]]
    for part in parts[1:]:
        if not isinstance(value, dict) or part not in value:
            return UNKNOWN  # a plugin may provide it (jekyll-last-modified-at, site.github)
        value = value[part]
    return value


def _filter(name: str, value: Any, args: list, variables: dict) -> Any:
    if any(a is UNKNOWN for a in args):
        return UNKNOWN
    site = variables.get("site") or {}
    if name == "jsonify":
        return _Json(_to_json(value))
    if name == "default":
        return args[0] if args and (value is None or value is False or value == "" or value == []) else value
    if name in ("date_to_xmlschema", "date_to_rfc822", "date"):
        moment = _as_time(value)
        if moment is UNKNOWN:
            return UNKNOWN
        if name == "date_to_xmlschema":
            return _xmlschema(moment)
        if name == "date_to_rfc822":
            return moment.strftime("%a, %d %b %Y %H:%M:%S ") + _offset(moment, colon=False)
        if not args or not isinstance(args[0], str):
            return UNKNOWN
        fmt = args[0].replace("%:z", _offset(moment, colon=True)).replace("%z", _offset(moment, colon=False))
        if re.search(r"%[^YmdHMSbBaAjyIpeLNl%-]", fmt.replace("%-", "")):
            return UNKNOWN
        try:
            return moment.strftime(fmt.replace("%L", f"{moment.microsecond // 1000:03d}"))
        except ValueError:
            return UNKNOWN
    text = liquid_text(value)
    if text is UNKNOWN:
        return UNKNOWN
    if name in ("relative_url", "absolute_url"):
        if re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I):
            return text
        base = str(site.get("baseurl") or "").rstrip("/")
        path = base + "/" + text.lstrip("/") if text or base else "/"
        if name == "relative_url":
            return path
        url = site.get("url")
        return str(url).rstrip("/") + path if isinstance(url, str) and url else path
    if name in ("escape", "xml_escape", "escape_once"):
        if name == "escape_once":
            text = html.unescape(text)
        return html.escape(text, quote=True).replace("&#x27;", "&#39;")
    if name == "strip_html":
        return re.sub(r"<[^>]*>", "", text)
    if name == "strip_newlines":
        return text.replace("\r", "").replace("\n", "")
    if name in ("strip", "lstrip", "rstrip"):
        return getattr(text, name)()
    if name == "normalize_whitespace":
        return re.sub(r"\s+", " ", text)
    if name in ("downcase", "upcase"):
        return text.lower() if name == "downcase" else text.upper()
    if name in ("append", "prepend") and args:
        extra = liquid_text(args[0])
        return UNKNOWN if extra is UNKNOWN else (text + extra if name == "append" else extra + text)
    if name in ("remove", "replace") and args:
        old = str(args[0])
        new = str(args[1]) if name == "replace" and len(args) > 1 else ""
        return text.replace(old, new)
    if name == "truncate" and args and isinstance(args[0], int):
        ellipsis = str(args[1]) if len(args) > 1 else "..."
        return text if len(text) <= args[0] else text[: max(0, args[0] - len(ellipsis))] + ellipsis
    return UNKNOWN


class _Json(str):
    """Text made by ``jsonify``: already JSON."""


def _to_json(value: Any) -> str | Any:
    if isinstance(value, datetime):
        return json.dumps(_ruby_time(value))
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return UNKNOWN


def liquid_text(value: Any) -> str | Any:
    """The text Liquid writes for a value (Ruby's ``to_s``), or :data:`UNKNOWN`."""
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime):
        return _ruby_time(value) if value.tzinfo is not None else UNKNOWN
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        texts = [liquid_text(v) for v in value]
        return UNKNOWN if any(t is UNKNOWN for t in texts) else "".join(texts)
    return UNKNOWN


def _as_time(value: Any) -> datetime | Any:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else UNKNOWN
    if isinstance(value, str):
        from .dates import parse_date

        parsed = parse_date(value)
        return parsed if isinstance(parsed, datetime) and parsed.tzinfo is not None else UNKNOWN
    return UNKNOWN


def _offset(moment: datetime, colon: bool) -> str:
    delta = moment.utcoffset()
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"


def _xmlschema(moment: datetime) -> str:
    zone = "Z" if moment.tzinfo is timezone.utc else _offset(moment, colon=True)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + zone


def _ruby_time(moment: datetime) -> str:
    zone = "UTC" if moment.tzinfo is timezone.utc else _offset(moment, colon=False)
    return moment.strftime("%Y-%m-%d %H:%M:%S ") + zone


def rendered_json_value(value: Any) -> tuple[bool, Any]:
    """For an output standing for a whole JSON value: (True, the value) when what Liquid
    writes is valid JSON, (False, the text) when it is not; (True, UNKNOWN) when unknown."""
    if value is UNKNOWN:
        return True, UNKNOWN
    text = liquid_text(value) if not isinstance(value, _Json) else str(value)
    if text is UNKNOWN:
        return True, UNKNOWN
    try:
        return True, _decode(text)
    except (ValueError, RecursionError):
        return False, text
