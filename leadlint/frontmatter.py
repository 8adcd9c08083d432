"""Front matter: split it off the way Jekyll does, compose it with libyaml, keep positions.

The YAML is composed (not just loaded) with PyYAML's C loader so that every key, value
and list item keeps its place in the file.  Values are then constructed from the same
nodes, so the data and the positions cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: 9x slower, and stricter than Jekyll.
    _Loader = yaml.SafeLoader


class _Constructor(_Loader):
    """Builds values as Ruby's Psych does: a timestamp that is no real date (``2025-02-30``,
    ``2025-13-45``) stays text, so the rest of the front matter is still read (Jekyll then
    rejects the date itself, which the FM rules report at its line)."""


def _timestamp_or_text(loader, node):
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

# Jekyll: a document starts with a line of three dashes, and the front matter ends at
# the next line that is `---` or `...` (trailing spaces allowed).
_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)

#: Expanded size (values, counting every alias expansion) above which front matter is
#: treated as hostile (a "billion laughs" alias bomb) and not handed to rules.
MAX_EXPANDED_NODES = 20_000
MAX_DEPTH = 64

Path = tuple  # a path into the data: ("tags", 2) is the third item of `tags`


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Entry:
    """Where a key and its value sit in the file (character offsets)."""

    key: Span | None  # None for list items
    value: Span
    style: str | None = None  # the scalar's quoting style, or "flow"/"block" for collections


@dataclass(frozen=True)
class FrontMatterProblem:
    """Why the front matter could not be used: ``missing``, ``unclosed``, ``yaml``,
    ``not-a-mapping`` or ``hostile``.  ``offset`` locates it in the file."""

    kind: str
    message: str
    offset: int


@dataclass
class FrontMatter:
    """The parsed front matter of a post."""

    present: bool
    #: the constructed data; an empty dict when absent or unusable
    data: dict = field(default_factory=dict)
    #: offsets: the opening `---`, the YAML text, the closing delimiter, and the body
    start: int = 0
    yaml_start: int = 0
    yaml_end: int = 0
    body_start: int = 0
    entries: dict[Path, Entry] = field(default_factory=dict)
    problem: FrontMatterProblem | None = None

    def entry(self, *path) -> Entry | None:
        return self.entries.get(tuple(path))

    def key_offset(self, *path) -> int:
        """Offset of a key (or list item), or of the front matter's opening line when absent."""
        entry = self.entries.get(tuple(path))
        if entry is None:
            return self.start
        return (entry.key or entry.value).start


def value_at(data, path: tuple):
    """The value at ``path`` in nested mappings and lists (``("author", "name")``), or None."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def parse_front_matter(text: str) -> FrontMatter:
    opening = _OPEN.match(text)
    if not opening:
        return FrontMatter(present=False, problem=FrontMatterProblem("missing", "post has no front matter", 0))
    yaml_start = opening.end()
    closing = _CLOSE.search(text, yaml_start)
    if closing is None:
        return FrontMatter(
            present=True,
            start=0,
            yaml_start=yaml_start,
            yaml_end=len(text),
            body_start=len(text),
            problem=FrontMatterProblem(
                "unclosed", "front matter opened with `---` on line 1 is never closed by a `---` line", 0
            ),
        )
    fm = FrontMatter(
        present=True, start=0, yaml_start=yaml_start, yaml_end=closing.start(), body_start=closing.end()
    )
    _load(fm, text[yaml_start : closing.start()])
    return fm


def _load(fm: FrontMatter, source: str) -> None:
    base = fm.yaml_start
    try:
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        fm.problem = _yaml_problem(error, source, base)
        return
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        fm.problem = FrontMatterProblem("yaml", f"front matter is not valid YAML: {error}", base)
        return
    if node is None:  # empty front matter: `---\n---`
        return
    if not isinstance(node, yaml.MappingNode):
        fm.problem = FrontMatterProblem(
            "not-a-mapping", f"front matter must be a mapping of keys to values, not a {_kind(node)}", base
        )
        return
    if _may_be_hostile(source) and _expanded_size(node) > MAX_EXPANDED_NODES:
        fm.problem = FrontMatterProblem(
            "hostile",
            f"front matter expands to more than {MAX_EXPANDED_NODES:,} values (nested aliases or nesting "
            f"deeper than {MAX_DEPTH}); it is not used",
            base,
        )
        return
    try:
        data = _Constructor("").construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
        mark = getattr(error, "problem_mark", None)
        offset = base + (_offset_of(source, mark.line, mark.column) if mark else 0)
        fm.problem = FrontMatterProblem("yaml", f"front matter has a value YAML cannot build: {error}", offset)
        return
    fm.data = data if isinstance(data, dict) else {}
    _record_positions(fm.entries, node, (), base, set())


def _yaml_problem(error: yaml.MarkedYAMLError, source: str, base: int) -> FrontMatterProblem:
    """Where and why the YAML failed.  When the parser ran off the end (an unclosed quote or
    bracket), the place the construct opened is more useful than the end of the text."""
    problem_mark, context_mark = error.problem_mark, error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    mark = problem_mark or context_mark
    detail = ""
    at_end = problem_mark is not None and _offset_of(source, problem_mark.line, problem_mark.column) >= len(source.rstrip())
    if context_mark is not None and (at_end or problem_mark is None):
        mark = context_mark
        detail = f" ({error.context} that starts here)" if error.context else ""
    elif error.context and context_mark is not None:
        detail = f" ({error.context} at line {context_mark.line + 1}, column {context_mark.column + 1} of the YAML)"
    offset = base + (_offset_of(source, mark.line, mark.column) if mark else 0)
    return FrontMatterProblem("yaml", f"front matter is not valid YAML: {problem}{detail}", offset)


def _offset_of(source: str, line: int, column: int) -> int:
    offset = 0
    for _ in range(line):
        nl = source.find("\n", offset)
        if nl == -1:
            return len(source)
        offset = nl + 1
    return offset + column


def _kind(node: yaml.Node) -> str:
    return "list" if isinstance(node, yaml.SequenceNode) else "scalar value"


_DEEP_INDENT = re.compile(r"^[ \t-]{%d,}" % MAX_DEPTH, re.MULTILINE)


def _may_be_hostile(source: str) -> bool:
    """Cheap test for what :func:`_expanded_size` guards against: aliases need anchors (``&``);
    deep nesting needs many brackets or deep indentation."""
    return ("&" in source or source.count("[") + source.count("{") > MAX_DEPTH
            or _DEEP_INDENT.search(source) is not None)


def _expanded_size(root: yaml.Node) -> int:
    """Number of nodes the document expands to, with aliases expanded; stops early past the cap."""
    memo: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, children_done = stack.pop()
        key = id(node)
        if key in memo:
            continue
        if depth > MAX_DEPTH:
            return MAX_EXPANDED_NODES + 1
        if isinstance(node, yaml.ScalarNode):
            memo[key] = 1
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
        if children_done:
            total = 1 + sum(memo[id(c)] for c in children)
            if total > MAX_EXPANDED_NODES:
                return total
            memo[key] = total
        else:
            stack.append((node, depth, True))
            stack.extend((c, depth + 1, False) for c in children if id(c) not in memo)
    return memo[id(root)]


def _style(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        return node.style or "plain"
    return "flow" if node.flow_style else "block"


def _record_positions(entries: dict, node: yaml.Node, path: tuple, base: int, seen: set) -> None:
    if id(node) in seen:  # an alias: its positions were recorded where it was defined
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                continue
            child = path + (key,)
            entries[child] = Entry(
                Span(base + key_node.start_mark.index, base + key_node.end_mark.index),
                Span(base + value_node.start_mark.index, base + value_node.end_mark.index),
                _style(value_node),
            )
            _record_positions(entries, value_node, child, base, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = path + (index,)
            entries[child] = Entry(None, Span(base + item.start_mark.index, base + item.end_mark.index), _style(item))
            _record_positions(entries, item, child, base, seen)

