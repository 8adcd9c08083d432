"""Another post's front matter is checked for simple lines in C, on its bytes, and the lines
whose value is built are found on the way (``leadlint._text.simple_lines``); the answers must
be those of the regular expressions (``leadlint.frontmatter.simple_lines()`` and
``_BUILT_LINE``) on its text, which stay the fallback."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings, strategies as st

from leadlint.frontmatter import simple_lines as simple_lines_pattern
from leadlint.jekyll_front_matter import (
    _BUILT_LINE, _WANTED_KEYS, _line_classes, file_front_matter_data, front_matter_data,
)

from test_ref_speed_front_matter import GRAMMAR_LINE, same, simple_lines as near_simple_documents

try:
    from leadlint._text import simple_lines as simple_lines_in_c
except ImportError:  # built without a C compiler: the regular expression is used itself
    simple_lines_in_c = None
pytestmark = pytest.mark.skipif(simple_lines_in_c is None, reason="C extension not built")

#: every ASCII character, and characters beyond it at the edges of what libyaml takes as printable
EDGES = [chr(c) for c in range(128)] + ["\x80", "\x85", "\x9f", "\xa0", "é", "\u2027", "\u2028", "\u2029", "\u202a",
                                        "日", "\ud7ff", "\ue000", "\ufefe", "\ufeff", "\uff00", "\ufffd", "\ufffe",
                                        "\uffff", "\U00010000", "\U0010ffff"]
SHAPES = [" ", "  ", ":", ": ", "#", "\"", "'", "[", "]", ", ", ",", "\n", "\r\n", "\r", "k", "key: ", "a b", "x"]


def c_says(text: str) -> list[tuple[str, str]] | None:
    data = text.encode()  # only its span is read:
    return simple_lines_in_c(b"ab" + data + b"\xff", 2, 2 + len(data), _line_classes(), _WANTED_KEYS)


def regex_says(text: str) -> list[tuple[str, str]] | None:
    """None, or the lines whose value is built, as the regular expressions find them."""
    if simple_lines_pattern().fullmatch(text) is None:
        return None
    return [(key, rest.removesuffix("\r").strip(" ")) for key, rest in _BUILT_LINE.findall("\n" + text)]


@st.composite
def mutated_lines(draw) -> str:
    """Lines of the grammar, with a few characters or pieces put in, replaced or cut off."""
    text = "".join(line + draw(st.sampled_from(["\n", "\r\n"])) for line in draw(st.lists(GRAMMAR_LINE, max_size=3)))
    for _ in range(draw(st.integers(0, 2))):
        piece = draw(st.sampled_from(EDGES) | st.sampled_from(SHAPES))
        where = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 1))
        text = text[:where] + piece + text[where + cut:]
    return text


@settings(max_examples=4000, deadline=None)
@given(mutated_lines()
       | st.lists(st.sampled_from(EDGES) | st.sampled_from(SHAPES), max_size=20).map("".join)
       | near_simple_documents().map(lambda document: document[document.index("\n") + 1:document.rindex("---")]))
@example("title: a: b\n")
@example("title: a :b\n")
@example("title: a\rb\n")
@example("k: [a, ]\n")
@example("tags: [AI導入 ロードマップ, \"x\", 'y' ,z]  \r\n# note\n\nlayout: post\n")
@example("k" * 64 + ": v\n")
@example("k" * 65 + ": v\n")
@example("date: 2024-01-14\r\nslug:  \r\ndates: 5\nslug_x: 1\npublished: 'no'\nx: [1]\nn: 1 2 : 3\n")
def test_c_says_what_the_regex_says(text):
    assert c_says(text) == regex_says(text)


def test_each_class_of_characters_is_probed():
    """Every class takes letters; the classes differ on the characters they are about."""
    classes = _line_classes()
    assert len(classes) == 128 and all(classes[ord(c)] == 0b1111111 for c in "aZ_")
    assert classes[ord('"')] & 0b10 == 0 and classes[ord("'")] & 0b100 == 0 and classes[ord("#")] & 0b11000 == 0
    assert classes[ord("0")] & 0b1000 and not classes[ord("0")] & 0b100000  # numbers: plain in a block only
    assert not any(classes[c] for c in range(32)) and not classes[127]


@settings(max_examples=500, deadline=None)
@given(near_simple_documents(), st.booleans())
def test_a_file_reads_as_its_text(document, bom):
    """The front matter of a file (checked in C) reads as the same text does (checked by the regex)."""
    data = (b"\xef\xbb\xbf" if bom else b"") + document.encode()
    assert same(file_front_matter_data(data), front_matter_data(document))


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        simple_lines_in_c(b"a\n", 0, 3, _line_classes(), ())
    with pytest.raises(ValueError):
        simple_lines_in_c(b"a\n", 0, 2, b"short", ())
    with pytest.raises(TypeError):
        simple_lines_in_c(b"a\n", 0, 2, _line_classes(), ("日",))
    assert simple_lines_in_c(b"", 0, 0, _line_classes(), ()) == []
