"""Another post's front matter as Jekyll's ``Document#read_content`` splits and loads it, read
only for the values that decide the post's fate (:data:`STATE_KEYS`: published, date, slug,
render_with_liquid).  :mod:`leadlint.site` builds a post's state from them; the post being
linted is parsed in full by :mod:`leadlint.frontmatter` instead.  Of the file at most the front
matter is decoded; the rest is checked as UTF-8 (:func:`file_front_matter_data`).
"""

from __future__ import annotations

import functools
import os
import re
from typing import NamedTuple

import yaml

from .frontmatter import SIMPLE_KEY, PsychLoader, plain_scalar, simple_lines

# -- front matter, as Document#read_content splits and loads it -------------------------------------------

#: Jekyll's Document::YAML_FRONT_MATTER_REGEXP (Ruby's \s is ASCII; ^ and $ are line anchors); what
#: :func:`front_matter_bounds` finds (see tests/test_ref_speed_front_matter.py)
JEKYLL_FRONT_MATTER = re.compile(r"(---[ \t\n\v\f\r]*\n.*?\n?)^((?:---|\.\.\.)[ \t\n\v\f\r]*$\n?)",
                                 re.M | re.S)
_SPACE_RUN = r"[ \t\n\v\f\r]*"
_CLOSING_FENCE = r"\n(?:---|\.\.\.)[ \t\v\f\r]*(?:\n|\Z)"


class _Syntax(NamedTuple):
    """What :func:`front_matter_bounds` looks for, in text or in UTF-8 bytes (all of it ASCII,
    which a multibyte UTF-8 sequence never holds: both find the same places)."""

    dashes: str | bytes
    newline: str | bytes
    space_run: re.Pattern
    closing_fence: re.Pattern


_TEXT_SYNTAX = _Syntax("---", "\n", re.compile(_SPACE_RUN), re.compile(_CLOSING_FENCE))
_BYTES_SYNTAX = _Syntax(b"---", b"\n", re.compile(_SPACE_RUN.encode()), re.compile(_CLOSING_FENCE.encode()))


def _front_matter_bounds_python(text: str | bytes, start: int = 0) -> tuple[int, int] | None:
    """Where :data:`JEKYLL_FRONT_MATTER` ends its YAML and where the content starts (``end(1)``
    and ``end()`` of its match on ``text[start:]``, as offsets into ``text``), or None when it
    does not match; without its lazy scan, which tries the closing fence at every character of
    the front matter.  ``text`` may be the UTF-8 bytes of the text (the offsets are then bytes').

    The regex's greedy run of spaces after the opening ``---`` backs off to its last newline:
    the YAML is searched from there (an earlier newline of the run gives no other fence, since
    a fence starts with ``-`` or ``.``).  The closing fence is the first line after it that is
    ``---`` or ``...`` followed by spaces up to a newline or the end; its own greedy run of
    spaces (blank lines too) ends at the end of the text, else after the run's last newline.

    :func:`front_matter_bounds` is ``leadlint._text.front_matter_bounds``, the same in C; this
    is its reference and its fallback."""
    syntax = _BYTES_SYNTAX if isinstance(text, bytes) else _TEXT_SYNTAX
    if not text.startswith(syntax.dashes, start):
        return None
    run_end = syntax.space_run.match(text, start + 3).end()
    newline = text.rfind(syntax.newline, start + 3, run_end)
    if newline < 0:
        return None
    fence = syntax.closing_fence.search(text, newline)
    if fence is None:
        return None
    yaml_end = fence.start() + 1
    run_end = syntax.space_run.match(text, yaml_end + 3).end()
    if run_end == len(text):
        return yaml_end, run_end
    return yaml_end, text.rfind(syntax.newline, yaml_end + 3, run_end) + 1


# -- the file, checked as UTF-8 without decoding all of it ----------------------------------------------------

def _is_utf8_python(data: bytes) -> bool:
    """Whether Jekyll can read the file: the reference for :mod:`leadlint._text`."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


try:
    from ._text import front_matter_bounds
    from ._text import is_utf8
    from ._text import simple_lines as _simple_lines_in_c
except ImportError:  # built without a C compiler
    is_utf8, front_matter_bounds = _is_utf8_python, _front_matter_bounds_python
    _simple_lines_in_c = None

_BOM = b"\xef\xbb\xbf"


def file_front_matter_data(data: bytes) -> tuple[dict, bool] | None:
    """:func:`front_matter_data` of a file's text, or None when it is not UTF-8 (Jekyll skips it).

    Only the front matter is decoded: the file is decoded as ``utf-8-sig`` (a BOM dropped), and
    a valid file decodes piece by piece at any boundary of its characters, such as the newline
    where the front matter ends, found in the bytes (see :func:`front_matter_bounds`).  With
    :mod:`leadlint._text`, front matter of simple lines is read in its bytes and only the
    values built are decoded (``_text.simple_lines``)."""
    if not is_utf8(data):
        return None
    start = 3 if data.startswith(_BOM) else 0
    bounds = front_matter_bounds(data, start)
    if bounds is None:
        return {}, False
    yaml_end = bounds[0]
    if _simple_lines_in_c is None:
        return _source_data(data[start:yaml_end].decode("utf-8"))
    opening = _SIMPLE_OPENING_BYTES.match(data, start, yaml_end)
    built_lines = opening and _simple_lines_in_c(data, opening.end(), yaml_end, _line_classes(), _WANTED_KEYS)
    values = None if built_lines is None else _built_values(built_lines)
    if values is not None:
        return values, False
    return _source_data(data[start:yaml_end].decode("utf-8"), simple_tried=True)


#: the keys of a post's own front matter that :meth:`Site._state_fields` reads
STATE_KEYS = frozenset({"published", "date", "slug", "render_with_liquid"})
_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_OTHER_SCALARS = frozenset(_TAG + name for name in ("int", "float", "bool", "null", "timestamp"))
_LOAD_ERRORS = (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError)


def front_matter_data(text: str) -> tuple[dict, bool]:
    """(data, broken): the front matter's values of :data:`STATE_KEYS`, and whether YAML could
    not load it (Jekyll then keeps the post but none of its data).  No front matter, or an
    unclosed one, is no data.

    Another post's front matter is read only for what decides its fate (published, date,
    slug), so building every value is wasted work.  Front matter made only of ``key: value``
    lines is read without YAML (:func:`_simple_front_matter`); otherwise, when the document
    is plain YAML (a mapping of text, numbers, booleans, dates, lists and mappings, with text
    keys and no merge keys or unusual tags), only the values that could fail to build (the
    few that are not text) and the wanted ones are built.  Both are the very same as loading
    it all (see tests/test_site_state_read.py).  Anything else is loaded in full."""
    bounds = front_matter_bounds(text)
    if bounds is None:
        return {}, False
    return _source_data(text[:bounds[0]])


def _source_data(source: str, simple_tried: bool = False) -> tuple[dict, bool]:
    """:func:`front_matter_data` of the front matter's YAML (``simple_tried``: the caller found
    that it is not simple lines, or that they do not build)."""
    simple = None if simple_tried else _simple_front_matter(source)
    if simple is not None:
        return simple, False
    loader = PsychLoader(source)
    try:
        node = loader.get_single_node()
        if node is not None and _builds_plainly(loader, node):
            return {key.value: loader.construct_object(value, deep=True) for key, value in node.value
                    if key.tag == _STR and key.value in STATE_KEYS}, False
        data = loader.construct_document(node) if node is not None else None
    except _LOAD_ERRORS:
        return {}, True
    finally:
        loader.dispose()
    if data is None or data is False:
        return {}, False
    if not isinstance(data, dict):
        return {}, True
    return {key: data[key] for key in STATE_KEYS if key in data}, False


def _builds_plainly(loader, root: yaml.Node) -> bool:
    """Whether ``root`` is a mapping every node of which builds as plain YAML does; the values
    that are not text are built on the way (so one that cannot be built raises, as in a full load)."""
    if not isinstance(root, yaml.MappingNode) or root.tag != _MAP:
        return False
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias
            continue
        seen.add(id(node))
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _STR:
                continue
            if tag not in _OTHER_SCALARS:
                return False
            loader.construct_object(node)
        elif isinstance(node, yaml.MappingNode):
            if tag != _MAP:
                return False
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag not in _OTHER_SCALARS and key.tag != _STR:
                    return False  # a merge key (`<<`), a list as a key, an unusual tag
                stack.append(key)
                stack.append(value)
        elif tag == _SEQ:
            stack.extend(node.value)
        else:
            return False
    return True


# -- front matter made of simple lines, read without YAML ----------------------------------------------------
#
# Most front matter is a column of `key: value` lines (see leadlint.frontmatter.SIMPLE_LINES): a plain,
# quoted or bracketed value on one line.  For such a document libyaml composes one mapping, every value of
# which is text, a boolean or a null -- except plain values starting with a digit (numbers, dates) -- so
# the values that could fail to build are those, and only they and the wanted ones are built, by the very
# constructors a full load calls.

_SIMPLE_OPENING = re.compile(r"--- *\r?\n")
_SIMPLE_OPENING_BYTES = re.compile(_SIMPLE_OPENING.pattern.encode())
_WANTED_KEYS = tuple(sorted(STATE_KEYS))
#: the lines whose value is built: the wanted keys', and plain values starting with a digit (from
#: the newline before them: faster to find than a line start), with the rest of the line: in
#: simple lines that is spaces and the value, spaces, and CR before the newline
_BUILT_LINE = re.compile(rf"\n(?:({'|'.join(sorted(STATE_KEYS))})|{SIMPLE_KEY}(?=: +[0-9])):(.*)")


#: where a character of each class of leadlint/_text.c goes in a line of simple lines: the text
#: before it and after it (bits 0 to 6: a comment, double quotes, single quotes, a plain value's
#: first character and the next ones, a plain item of a flow list's first character and the next)
_CLASS_PROBES = (("#", ""), ('k: "', '"'), ("k: '", "'"), ("k: ", ""), ("k: a", ""), ("k: [", "]"), ("k: [a", "]"))


@functools.cache
def _line_classes() -> bytes:
    """The classes of each ASCII character in simple lines, for ``leadlint._text.simple_lines``,
    found with :func:`simple_lines` itself (what a class takes follows the regular expression; the
    shape of a line is in the C code, and tests/test_simple_lines_c.py checks that both agree): a
    character is in a class when a line with it there, last or followed by an ``x``, is simple lines.  (A space
    passes every probe, as a gap or the spaces that may end a line: the C code reads spaces
    itself.)"""
    pattern = simple_lines()

    def in_class(char: str, before: str, after: str) -> bool:
        return all(pattern.fullmatch(f"{before}{char}{more}{after}\n") for more in ("", "x"))

    return bytes(sum(1 << bit for bit, (before, after) in enumerate(_CLASS_PROBES) if in_class(chr(c), before, after))
                 for c in range(128))


def _simple_front_matter(source: str) -> dict | None:
    """The values of :data:`STATE_KEYS` when ``source`` is made of simple lines (see above)
    and builds without error, else None (the document is then left to libyaml)."""
    opening = _SIMPLE_OPENING.match(source)
    if opening is None or simple_lines().fullmatch(source, opening.end()) is None:
        return None
    return _built_values([(key, rest.removesuffix("\r").strip(" ")) for key, rest in _BUILT_LINE.findall(source)])


def _built_values(built_lines: list[tuple[str, str]]) -> dict | None:
    """The values of :data:`STATE_KEYS` of simple lines from their lines whose value is built
    (key, or "" for another key, and value), else None when a value cannot be built here."""
    data = {}
    for key, value in built_lines:
        if value[:1] in ("'", '"'):
            built = value[1:-1]
        elif value[:1] == "[":
            return None  # a wanted key with a list: rare, left to libyaml
        elif value:
            try:
                built = plain_scalar(value)  # as the linted post's front matter builds it
            except Exception:  # a value its constructor rejects: libyaml reports it
                return None
        else:
            built = None  # `key:` is a null
        if key:
            data[key] = built
    return data


# -- the slug lines of a post that may set both its slug and its date ----------------------------------

_FM_END = re.compile(rb"\n(?:---|\.\.\.)[ \t\r]*(?:\n|$)")
_SLUG_LINE = re.compile(rb"^[ \t]*[\"']?slug[\"']?[ \t]*:(.*)$", re.M)
_OPENINGS = (b"---", b"\xef\xbb\xbf---")
#: the sizes of the head read as far as its closing fence: 4 KB, then 16 KB more at a time
#: while it is under 64 KB
_HEAD_SIZES = range(4096, 65536 + 16384, 16384)


def slug_lines_of_file(path: str) -> tuple[bytes, ...] | None | bool:
    """:func:`slug_lines` of a file, reading only its head; False when it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:  # os.read: half the cost of open() for 10,000 small reads
        head = os.read(fd, _HEAD_SIZES[0])
        while head.startswith(_OPENINGS) and len(head) < 65536 and _FM_END.search(head) is None:
            more = os.read(fd, _HEAD_SIZES.step)  # a long front matter: read on
            if not more:
                break
            head += more
    except OSError:
        return False
    finally:
        os.close(fd)
    return slug_lines(head)


def slug_lines(data: bytes) -> tuple[bytes, ...] | None | bool:
    """A file's ``slug:`` values when its front matter may set both ``slug`` and ``date`` (None
    when they cannot be read off its lines), else False: what Jekyll's deprecated date-and-slug
    match of ``post_url`` may reach beyond file names.  ``data``: the file's bytes, or a head of
    them that holds what is read of it: the head as far as the closing fence, read 4 KB and
    then 16 KB at a time, up to 64 KB.  (The head ends where one read ends: its end may cut a
    fence line short, which ``$`` then matches; searching ``data`` up to that end, without
    copying it, is searching the head.)"""
    if not data.startswith(_OPENINGS):
        return False
    for head_size in _HEAD_SIZES:
        fence = _FM_END.search(data, 0, head_size)
        if fence is not None or head_size >= len(data):
            break
    block_end = head_size if fence is None else fence.start()
    if data.find(b"slug", 0, block_end) < 0 or data.find(b"date", 0, block_end) < 0:
        return False
    values = tuple(m.group(1).strip() for m in _SLUG_LINE.finditer(data, 0, block_end))
    plain = values and all(v and v[:1] not in b"|>&*!" for v in values)
    return values if plain else None
