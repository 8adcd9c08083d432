"""Front matter: split it off the way Jekyll does, compose it with libyaml, keep positions.

The YAML is composed (not just loaded) with PyYAML's C loader so that every key, value
and list item keeps its place in the file.  Values are then constructed from the same
nodes, so the data and the positions cannot disagree.

This runs for every post, so it is built for speed, in two paths over the same nodes:

* The fast path, :func:`_build`, walks the node tree once and builds the data and the
  positions together.  It takes what real front matter is made of -- mappings and lists
  with their standard tags, and str, int, float, bool, null and timestamp scalars -- and
  builds them as PyYAML's safe constructor would (for ints, floats and timestamps it calls
  the very functions that constructor calls).
* Anything else -- an alias, a merge key (``<<``), another tag (``!!set``, ``!!binary``,
  ``!local``), a key that is not a scalar, a value its constructor rejects, nesting deeper
  than :data:`MAX_DEPTH` or more than :data:`MAX_EXPANDED_NODES` nodes -- makes the fast
  path give up, and the reference path, :func:`_load_reference`, handles the document: the
  hostile-input check, PyYAML's own constructor, then a separate walk for the positions.

A document the fast path takes is a tree (no alias, so no node is reached twice) of at
most MAX_EXPANDED_NODES nodes, nested at most MAX_DEPTH deep: it expands to itself, so the
hostile-input check could never reject it, and skipping that check changes nothing.  Both
paths give the same data and entries; ``tests/test_frontmatter_parse.py`` checks that on
generated documents.

Composing is made cheaper too: see :class:`_Composer`.  And most front matter is not composed
at all: a column of one-line ``key: value`` lines (the grammar of "simple lines", below) is
read by :func:`_build_simple_lines`, which gives what libyaml and _build would give; anything
else in the document sends it down the paths above.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml: 9x slower, and stricter than Jekyll.
    _Loader = yaml.SafeLoader


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


#: tags PyYAML's resolver gave plain scalars whose first character could start an implicit
#: type (see _FastResolver); emptied when full
_RESOLVED: dict[str, str] = {}


class _FastResolver:
    """PyYAML's resolver, with the calls back into Python it makes for every node made cheap.

    libyaml parses, but PyYAML asks Python for the tag of every node without an explicit
    one, and around every node calls hooks that track "path resolvers".  The safe loader has
    no path resolvers, so those hooks do nothing here; and most scalars need no regular
    expression to tag: a quoted scalar is always a string, and so is a plain one whose first
    character starts none of the implicit types (bool, int, float, null, timestamp, ``<<``,
    ``=``).  The rest go to PyYAML's own :meth:`resolve`, so every node gets the tag it would
    get from the stock loader, and the answer is remembered: a plain scalar's tag depends on
    its text alone, and keys such as ``title`` or ``featured`` and values such as ``true``
    come back in every post.  (Resolvers added to PyYAML's safe loader after this module is
    imported would not be seen; nothing adds any.)
    """

    if not _Loader.yaml_path_resolvers and None not in _Loader.yaml_implicit_resolvers:
        # (a resolver registered for the first character None would be tried on every scalar)

        def resolve(self, kind, value, implicit, _first=frozenset(_Loader.yaml_implicit_resolvers)):
            if kind is _ScalarNode:
                # implicit[0]: the scalar is plain; value[:1] is "" (the null resolver's key) for ""
                if implicit[0] and value[:1] in _first:
                    tag = _RESOLVED.get(value)
                    if tag is None:
                        tag = _Loader.resolve(self, kind, value, implicit)
                        if len(_RESOLVED) >= 4096:
                            _RESOLVED.clear()
                        _RESOLVED[value] = tag
                    return tag
                return _STR
            return _SEQ if kind is _SequenceNode else _MAP

        # Called as descend_resolver(parent, index) and ascend_resolver().  A builtin is not
        # bound as a method, so these take exactly those arguments, in C, and do nothing.
        descend_resolver = {}.get
        ascend_resolver = [].clear


class PsychLoader(_FastResolver, _Loader):
    """A safe loader that builds values as Ruby's Psych does: a timestamp that is no real date
    (``2025-02-30``, ``2025-13-45``, ``!!timestamp soon``) stays text, so the rest of the front
    matter is still read (Jekyll then rejects the date itself, which the FM rules report at
    its line).  Also what :mod:`leadlint.site` reads other posts' front matter with."""


def _timestamp_or_text(loader, node):
    if not loader.timestamp_regexp.match(node.value):  # an explicit `!!timestamp` on other text
        return loader.construct_scalar(node)
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


PsychLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_Constructor = PsychLoader


class _Composer(_FastResolver, _Loader):
    """Composes only (see :class:`_FastResolver`); values are built by :func:`_build` or by
    :class:`PsychLoader`."""

    if _Loader is getattr(yaml, "CSafeLoader", None):

        def __init__(self, stream):
            # Only the parser: the constructor's and resolver's state is never used here.
            yaml.cyaml.CParser.__init__(self, stream)


# Jekyll: a document starts with a line of three dashes, and the front matter ends at
# the next line that is `---` or `...` (trailing spaces allowed).  _CLOSE is searched from
# the newline that ends the opening line, and includes the newline before the closing line:
# the same lines as `^...` in MULTILINE mode, found far faster.
_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)")

#: Expanded size (values, counting every alias expansion) above which front matter is
#: treated as hostile (a "billion laughs" alias bomb) and not handed to rules.
MAX_EXPANDED_NODES = 20_000
MAX_DEPTH = 64

Path = tuple  # a path into the data: ("tags", 2) is the third item of `tags`


def _same_class_eq(self, other):
    if other.__class__ is self.__class__:
        return tuple.__eq__(self, other)
    return False if isinstance(other, tuple) else NotImplemented


def _same_class_ne(self, other):
    equal = _same_class_eq(self, other)
    return equal if equal is NotImplemented else not equal


# Span and Entry are named tuples because one Entry and two Spans are made for every key
# and list item of every post, and a tuple is the cheapest object Python makes (this was a
# sixth of the parse as frozen dataclasses).  They keep the dataclasses' behaviour: fields
# read by name, immutable, hashable (the same hash), repr, and equal only to their own kind
# (never to a plain tuple).  Being tuples, they also unpack, index and sort.


class Span(NamedTuple):
    """A stretch of the file, in character offsets (``end`` excluded)."""

    start: int
    end: int

    __eq__, __ne__, __hash__ = _same_class_eq, _same_class_ne, tuple.__hash__


class Entry(NamedTuple):
    """Where a key and its value sit in the file (character offsets)."""

    key: Span | None  # None for list items
    value: Span
    style: str | None = None  # the scalar's quoting style, or "flow"/"block" for collections

    __eq__, __ne__, __hash__ = _same_class_eq, _same_class_ne, tuple.__hash__


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
    closing = _CLOSE.search(text, yaml_start - 1)
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
    yaml_end = closing.start() + 1
    fm = FrontMatter(present=True, start=0, yaml_start=yaml_start, yaml_end=yaml_end, body_start=closing.end())
    simple = _build_simple_lines(text, yaml_start, yaml_end)
    if simple is None:
        _load(fm, text[yaml_start:yaml_end])
    else:
        fm.data, fm.entries = simple
    return fm


def _load(fm: FrontMatter, source: str) -> None:
    base = fm.yaml_start
    try:
        loader = _Composer(source)
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
    # An alias is written with a `*`; the fast path takes only documents without one.
    built = None if "*" in source and _shares_nodes(node) else _build(node, base)
    if built is None:
        _load_reference(fm, node, source)
    else:
        fm.data, fm.entries = built


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


# -- The fast path ----------------------------------------------------------------------

_CONSTRUCTORS = _Constructor.yaml_constructors
_SAFE = yaml.constructor.SafeConstructor
#: The fast path builds str, null, bool, list and dict values itself, as these constructors
#: do; should anyone register others for those tags, it stands aside.
_FAST = all(
    _CONSTRUCTORS.get(tag) is constructor
    for tag, constructor in (
        (_STR, _SAFE.construct_yaml_str),
        (_NULL, _SAFE.construct_yaml_null),
        (_BOOL, _SAFE.construct_yaml_bool),
        (_SEQ, _SAFE.construct_yaml_seq),
        (_MAP, _SAFE.construct_yaml_map),
    )
)
_BOOL_VALUES = _Constructor.bool_values
#: a constructor of their own for the functions the fast paths borrow (they only read the
#: node), and its resolver for the plain scalars of simple lines
_BUILDER = _Constructor("")
#: ints, floats and timestamps: the functions the constructor calls for them
_SCALAR_BUILDERS = {
    tag: functools.partial(_CONSTRUCTORS[tag], _BUILDER)
    for tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")
}


class _Unusual(Exception):
    """Raised inside :func:`_build` for what it leaves to :func:`_load_reference`."""


def _scalar(node: yaml.ScalarNode):
    """The value of a scalar that is not a string (strings are read inline)."""
    tag = node.tag
    if tag == _NULL:
        return None
    if tag == _BOOL:
        value = _BOOL_VALUES.get(node.value.lower())
        if value is None:  # `!!bool maybe`, which PyYAML's constructor fails on
            raise _Unusual
        return value
    builder = _SCALAR_BUILDERS.get(tag)
    if builder is None:  # `<<`, `=`, `!!binary`, a local tag...
        raise _Unusual
    return builder(node)


def _build(root: yaml.MappingNode, base: int) -> tuple[dict, dict] | None:
    """The data and the entries of a document without aliases, or None when it needs the
    reference path.

    One recursive walk: a mapping or list records an :class:`Entry` for each key or item
    before walking into it (so the entries come in :func:`_record_positions`' order), reads
    its scalars inline, and recurses into its collections, counting nodes and depth.
    """
    if not _FAST:
        return None
    entries: dict = {}
    size = 1  # nodes so far, the root included
    new = tuple.__new__  # new(Span, (start, end)) is Span(start, end), without a Python call

    def build(node, path: tuple, depth: int):
        nonlocal size
        items = node.value
        if items and depth >= MAX_DEPTH:  # its children would be nested deeper than MAX_DEPTH
            raise _Unusual
        if node.__class__ is _MappingNode and node.tag == _MAP:
            size += 2 * len(items)
            if size > MAX_EXPANDED_NODES:
                raise _Unusual
            data = {}
            for key_node, value_node in items:
                if key_node.__class__ is not _ScalarNode:
                    raise _Unusual
                key = key_node.value
                child = path + (key,)
                if key_node.tag != _STR:
                    key = _scalar(key_node)
                scalar = value_node.__class__ is _ScalarNode
                entries[child] = new(Entry, (
                    new(Span, (base + key_node.start_mark.index, base + key_node.end_mark.index)),
                    new(Span, (base + value_node.start_mark.index, base + value_node.end_mark.index)),
                    (value_node.style or "plain") if scalar else ("flow" if value_node.flow_style else "block"),
                ))
                if not scalar:
                    data[key] = build(value_node, child, depth + 1)
                elif value_node.tag == _STR:
                    data[key] = value_node.value
                else:
                    data[key] = _scalar(value_node)
            return data
        if node.__class__ is _SequenceNode and node.tag == _SEQ:
            size += len(items)
            if size > MAX_EXPANDED_NODES:
                raise _Unusual
            data = []
            for index, item in enumerate(items):
                child = path + (index,)
                scalar = item.__class__ is _ScalarNode
                entries[child] = new(Entry, (
                    None,
                    new(Span, (base + item.start_mark.index, base + item.end_mark.index)),
                    (item.style or "plain") if scalar else ("flow" if item.flow_style else "block"),
                ))
                if not scalar:
                    data.append(build(item, child, depth + 1))
                elif item.tag == _STR:
                    data.append(item.value)
                else:
                    data.append(_scalar(item))
            return data
        raise _Unusual  # a collection with another tag: !!set, !!omap, !!str [..], !local {..}

    try:
        return build(root, (), 0), entries
    except _Unusual:
        return None
    except Exception:  # a value its constructor rejects (`!!int abc`): the reference path reports it
        return None
    finally:
        del build  # it refers to itself: a reference cycle that would hold the entries until collected


def _shares_nodes(root: yaml.Node) -> bool:
    """Whether some node is reached twice, i.e. the document uses an alias."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for pair in node.value:
                stack.extend(pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


# -- Front matter made of simple lines --------------------------------------------------
#
# Most front matter is a column of `key: value` lines: a plain, quoted or bracketed value on
# one line.  The grammar below is narrower than YAML: a line it does not know (a nested list,
# an escape, a tab, a comment after a value, CR without LF...) sends the document to libyaml,
# which alone decides what is broken.  It is also what :mod:`leadlint.site` reads other
# posts' state with.

_INDICATORS = "-?:,[]{}#&*!|>'\"%@` "
#: first characters of plain scalars that an implicit type other than bool and null may claim
_TYPED_FIRSTS = "".join(sorted(first for first, resolvers in PsychLoader.yaml_implicit_resolvers.items()
                               if first and any(tag not in (_BOOL, _NULL) for tag, _ in resolvers)))


def _chars(excluded: str) -> str:
    """A class of the characters libyaml reads as printable, but for the line breaks it knows
    (CR, NEL, U+2028, U+2029), tab, the byte-order mark and ``excluded``."""
    ascii_part = "".join(re.escape(chr(c)) for c in range(0x20, 0x7F) if chr(c) not in excluded)
    return f"[{ascii_part}\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"


_DOUBLE_QUOTED = f'"{_chars(chr(34) + chr(92))}*"'
_SINGLE_QUOTED = f"'{_chars(chr(39))}*'"
_FLOW_PLAIN = _chars(_INDICATORS + _TYPED_FIRSTS) + "(?: *" + _chars(",[]{}#:? ") + ")*"
_FLOW_ITEM = f"(?:{_DOUBLE_QUOTED}|{_SINGLE_QUOTED}|{_FLOW_PLAIN})"
_BLOCK_PLAIN = f"{_chars(_INDICATORS + re.sub('[0-9]', '', _TYPED_FIRSTS))}(?: *:*{_chars('#: ')})*"
SIMPLE_VALUE = rf"(?:{_DOUBLE_QUOTED}|{_SINGLE_QUOTED}|\[ *(?:{_FLOW_ITEM}(?: *, *{_FLOW_ITEM})* *)?\]|{_BLOCK_PLAIN})"
SIMPLE_KEY = "[A-Za-z_][A-Za-z0-9_-]{0,63}"  # text, a boolean or a null: never a number or a date
#: the lines after the opening `---`, each ending in LF or CRLF: blank, a comment, or `key: value`
SIMPLE_LINES = rf"(?:(?: *|#{_chars('')}*|{SIMPLE_KEY}:(?: +{SIMPLE_VALUE})? *)\r?\n)*"


@functools.cache
def simple_lines() -> re.Pattern:
    """:data:`SIMPLE_LINES`, compiled when first needed (20 ms: not on every start-up)."""
    return re.compile(SIMPLE_LINES)


#: a `key: value` line of simple lines: the key, and the value without the spaces around it
#: (None when there is none)
_KEY_LINE = re.compile(rf"^({SIMPLE_KEY}): *(.*[^ \r\n])? *\r?$", re.MULTILINE)
#: an item of a flow list of simple lines, searched between its brackets: double-quoted,
#: single-quoted or plain (lastindex 1, 2 or 3)
_FLOW_LIST_ITEM = re.compile(r"\"([^\"]*)\"|'([^']*)'|([^ ,](?:[^,]*[^ ,])?)")
_ITEM_STYLES = (None, '"', "'", "plain")
#: the first characters for which the resolver tries an implicit type: a plain scalar starting
#: with another one is text (None would be a resolver tried on every scalar; nothing adds one)
_IMPLICIT_FIRSTS = frozenset(PsychLoader.yaml_implicit_resolvers)
_SIMPLE_FAST = _FAST and None not in _IMPLICIT_FIRSTS


#: plain scalars that start like an implicit type, and their values: keys such as `title` and
#: values such as `true` come back in every post (a value depends on the text alone, and all
#: are immutable: text, numbers, booleans, null, dates); emptied when full
_PLAIN_VALUES: dict = {}
_UNKNOWN = object()


#: the UTC date-times that generators write (``2015-12-05T01:36:25.756Z``), one in every post
_UTC_DATE_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?Z")


def plain_scalar(text: str):
    """The value of a plain scalar (not empty), tagged by PsychLoader's resolver and built as
    :func:`_build` builds it (a value that cannot be built raises)."""
    if text[0] not in _IMPLICIT_FIRSTS:
        return text
    value = _PLAIN_VALUES.get(text, _UNKNOWN)
    if value is _UNKNOWN:
        date_time = _UTC_DATE_TIME.fullmatch(text)
        if date_time is not None:  # not remembered: no two posts have the same
            return _utc_date_time(text, date_time)
        tag = _BUILDER.resolve(_ScalarNode, text, (True, False))
        value = text if tag == _STR else _scalar(_ScalarNode(tag, text))
        if len(_PLAIN_VALUES) >= 4096:
            _PLAIN_VALUES.clear()
        _PLAIN_VALUES[text] = value
    return value


def _utc_date_time(text: str, match: re.Match):
    """A plain scalar of :data:`_UTC_DATE_TIME` as PsychLoader builds it, without the resolver
    and the constructor's general regular expressions: the int and float resolvers take no
    ``-`` after four digits, so the tag is timestamp; PyYAML's constructor makes the same
    datetime of the same fields (the fraction padded to microseconds, ``Z`` as
    ``timezone.utc``), and :func:`_timestamp_or_text` keeps the text of an impossible date."""
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                        int(fraction.ljust(6, "0")) if fraction else 0, tzinfo=timezone.utc)
    except ValueError:
        return text


def _build_simple_lines(text: str, start: int, end: int) -> tuple[dict, dict] | None:
    """The data and the entries of the front matter ``text[start:end]`` when it is made of
    simple lines (see above) and every value builds, else None (it is then left to libyaml).

    What libyaml and :func:`_build` make of such a document, without composing it: one
    mapping (or nothing, for blank lines and comments), whose keys are plain scalars of one
    line and whose values are scalars or flow lists of scalars, each of one line.  So a
    scalar's span is its text (quotes included, spaces around excluded), a list's runs from
    its `[` to its `]`, and an empty value is a plain null scalar that libyaml places just
    after the colon.  Plain scalars are tagged by PsychLoader's resolver and built by
    :func:`_scalar`, like _build's; quoted ones are their text, as no escape is taken.  The
    tree is two levels deep, far from MAX_DEPTH; its nodes are counted as _build counts
    them.  ``tests/test_fm_speed_simple_lines.py`` checks all this against libyaml.
    """
    if not _SIMPLE_FAST or simple_lines().fullmatch(text, start, end) is None:
        return None
    data: dict = {}
    entries: dict = {}
    size = 1  # nodes, as _build counts them
    new = tuple.__new__  # new(Span, (start, end)) is Span(start, end), without a Python call
    try:
        for line in _KEY_LINE.finditer(text, start, end):
            key, value = line.groups()
            key_span = line.span(1)
            if value is None:
                after_colon = key_span[1] + 1
                entries[(key,)] = new(Entry, (new(Span, key_span), new(Span, (after_colon, after_colon)), "plain"))
            else:
                value_span = line.span(2)
                first = value[0]
                style = first if first == '"' or first == "'" else "flow" if first == "[" else "plain"
                entries[(key,)] = new(Entry, (new(Span, key_span), new(Span, value_span), style))
                if style == "plain":
                    value = plain_scalar(value)
                elif style == "flow":
                    value = []
                    for index, item in enumerate(_FLOW_LIST_ITEM.finditer(text, value_span[0] + 1, value_span[1] - 1)):
                        kind = item.lastindex
                        entries[(key, index)] = new(Entry, (None, new(Span, item.span()), _ITEM_STYLES[kind]))
                        value.append(plain_scalar(item[3]) if kind == 3 else item[kind])
                    size += len(value)
                else:
                    value = value[1:-1]
            size += 2
            data[plain_scalar(key)] = value
    except Exception:  # a value its constructor rejects, or _Unusual: the libyaml path decides
        return None
    return (data, entries) if size <= MAX_EXPANDED_NODES else None


# -- The reference path -----------------------------------------------------------------


def _load_reference(fm: FrontMatter, node: yaml.MappingNode, source: str) -> None:
    """The general path, for what :func:`_build` leaves alone: the hostile-input check, then
    PyYAML's own constructor, then the positions, from the nodes as the constructor left
    them (it flattens merge keys in place)."""
    base = fm.yaml_start
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
