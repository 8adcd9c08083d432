"""The quicker ways ``leadlint.source`` reads a post say what the plain ones said: the line
table found by ``re`` is the one built by splitting the text into lines, the checks for an
empty or binary file look at the bytes without copying them, and a CRLF text is told from
the first carriage return on."""

from __future__ import annotations

import codecs
from itertools import accumulate

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadlint.source import _BINARY_SNIFF, SourceText, _crlf_within, decode, line_starts_python

try:
    from leadlint._text import line_starts as line_starts_c
except ImportError:  # built without a C compiler: the Python twin alone is used
    line_starts_c = None

# newlines of every kind, Japanese, and characters beyond the BMP
_TEXT = st.text(alphabet=st.sampled_from("a \n\r\t語ー🙂\x0b\x85\u2028"), max_size=60)


def _split_line_starts(text: str) -> list[int]:
    """The line table as it was built before: every line's length, plus its newline, summed."""
    lines = text.split("\n")
    lines.pop()  # the text after the last newline starts a line but ends none
    return list(accumulate((len(line) + 1 for line in lines), initial=0))


@given(_TEXT | st.text(max_size=40))
def test_line_starts_are_those_of_the_split_lines(text):
    """In C (for each of str's three widths) and in Python."""
    expected = _split_line_starts(text)
    assert SourceText(text).line_starts == expected
    assert line_starts_python(text) == expected
    if line_starts_c is not None:
        assert line_starts_c(text) == expected
        assert line_starts_c("é" + text) == [0] + [i + 1 for i in expected[1:]]


@pytest.mark.skipif(line_starts_c is None, reason="leadlint._text (C) is not built")
def test_line_starts_in_c_of_each_width_and_of_a_long_post():
    for text in ("", "\n", "a\nb", "é\n\n", "語\nー\n", "🙂\n🙂", "x\n" * 5000 + "語" * 300):
        assert line_starts_c(text) == line_starts_python(text) == _split_line_starts(text)


def _old_problem_kind(data: bytes) -> str | None:
    """The kind of problem the former checks found first, if it is one of theirs."""
    if not data.strip():
        return "empty"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "encoding"
    if b"\x00" in data[:_BINARY_SNIFF]:
        return "binary"
    return None


@given(st.binary(max_size=12))
def test_empty_and_binary_files_are_told_as_before(data):
    _, problem = decode(data)
    old = _old_problem_kind(data)
    if old is not None:
        assert problem.kind == old
    else:
        assert problem is None or problem.kind == "encoding"  # invalid UTF-8, found later


@given(st.sampled_from(b" \t\n\r\x0b\x0c\x1c\xa0a"), st.integers(0, 3))
def test_whitespace_only_files_are_empty(byte, count):
    data = bytes([byte]) * count
    _, problem = decode(data)
    assert (problem is not None and problem.kind == "empty") == (not data.strip())


def test_a_nul_byte_past_the_sniffed_start_is_not_binary():
    _, late = decode(b"a" * _BINARY_SNIFF + b"\x00")
    _, early = decode(b"a" * (_BINARY_SNIFF - 1) + b"\x00")
    assert late is None and early.kind == "binary"


@given(st.text(alphabet=st.sampled_from("a\r\n語"), max_size=12), st.integers(0, 14))
def test_crlf_within_is_the_sliced_search(text, limit):
    assert _crlf_within(text, limit) == ("\r\n" in text[:limit])
