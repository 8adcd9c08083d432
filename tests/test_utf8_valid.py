"""Another post's file is checked as UTF-8 without decoding it all (leadlint._text, in C, with
``bytes.decode`` as the fallback), and only its front matter is decoded: the answers must be
those of decoding the whole file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from leadlint.jekyll_front_matter import (
    _front_matter_bounds_python, _is_utf8_python, file_front_matter_data, front_matter_bounds, front_matter_data,
    is_utf8,
)

from test_ref_speed_front_matter import PIECES as FENCE_PIECES

try:
    from leadlint import _text
except ImportError:  # built without a C compiler: is_utf8 is the reference itself
    _text = None
VALIDATORS = [_text.is_utf8, _text.is_utf8_scalar] if _text else []
needs_c = pytest.mark.skipif(_text is None, reason="C extension not built")

#: bytes at the edges of table 3-7 of Unicode (leads, continuations, overlong and surrogate limits)
EDGE_BYTES = [0x00, 0x0A, 0x2D, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
              0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFE, 0xFF]
CHARACTERS = st.sampled_from(["a", "\n", "-", "\x7f", "\x80", "é", "\u07ff", "\u0800", "日", "\ud7ff", "\ue000",
                              "\ufeff", "\uffff", "\U00010000", "😀", "\U0010ffff"])


@st.composite
def corrupted_utf8(draw) -> bytes:
    """UTF-8 text (long enough to span several 32-byte blocks) with a few bytes replaced,
    inserted or cut off."""
    data = bytearray("".join(draw(st.lists(CHARACTERS, max_size=120))).encode("utf-8"))
    for _ in range(draw(st.integers(0, 3))):
        byte = draw(st.sampled_from(EDGE_BYTES) | st.integers(0, 255))
        where = draw(st.integers(0, len(data)))
        if where < len(data) and draw(st.booleans()):
            data[where] = byte
        else:
            data.insert(where, byte)
    return bytes(data[:draw(st.integers(0, len(data)))] if draw(st.booleans()) else data)


@needs_c
@settings(max_examples=3000, deadline=None)
@given(corrupted_utf8() | st.binary(max_size=100) | st.lists(st.sampled_from(EDGE_BYTES), max_size=70).map(bytes))
def test_validators_agree_with_decode(data):
    expected = _is_utf8_python(data)
    for validator in VALIDATORS:
        assert validator(data) is expected
        assert validator(b"a" * 29 + data) is expected  # at every offset of a block
        assert validator(data + b"\n" * 3) is expected


@needs_c
def test_validator_examples():
    for text in ["", "a" * 64, "日本語" * 40, "\U0010ffff" * 9, "\ud7ff\ue000"]:
        assert all(validator(text.encode()) for validator in VALIDATORS)
    for data in [b"\x80", b"\xc0\xaf", b"\xe0\x9f\xbf", b"\xed\xa0\x80", b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80",
                 b"\xf5\x80\x80\x80", b"\xff", "日".encode()[:2], b"a" * 31 + b"\xe6", b"a" * 32 + b"\xf0\x9f\x98"]:
        assert not any(validator(data) for validator in VALIDATORS), data
        assert not any(validator(b"a" * 40 + data + b"a" * 40) for validator in VALIDATORS), data
    assert is_utf8(bytearray(b"ok")) and is_utf8(memoryview(b"ok"))


# -- only the front matter decoded -------------------------------------------------------------------------

PIECES = ["---", "...", "\n", "\r\n", " ", "\t", "date: 2024-01-14", "slug: 日本", "title: ü", "x", "\n---\n",
          "\ufeff", "😀"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.booleans())
def test_bounds_in_bytes_are_the_bounds_in_text(text, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    bounds = front_matter_bounds(text)
    in_bytes = front_matter_bounds(data, 3 if bom else 0)
    offsets = None if bounds is None else tuple(len(text[:end].encode()) + (3 if bom else 0) for end in bounds)
    assert in_bytes == offsets


def whole_file_data(data: bytes) -> tuple[dict, bool] | None:
    """The reference: decode all of the file (as utf-8-sig when it starts with a BOM)."""
    try:
        text = data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError:
        return None
    return front_matter_data(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.booleans(),
       st.sampled_from([b"", b"\xff", b"\xe6\x97", b"\xed\xa0\x80", "本文".encode()]))
def test_file_data_is_whole_file_data(text, bom, tail):
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode() + tail
    assert file_front_matter_data(data) == whole_file_data(data)


@needs_c
@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES + FENCE_PIECES + ["\u0120", "\u010a", "\u012d", "\U0001002e"]), max_size=14)
       .map("".join), st.sampled_from([0, 1, 3]))
def test_front_matter_bounds_in_c_are_the_python_ones(text, start):
    data = b"\xef\xbb\xbf"[:start] + text.encode()
    assert _text.front_matter_bounds(data, start) == _front_matter_bounds_python(data, start)
    for wide in ("", "\xe9", "日", "😀", "\u0120", "\u010a", "\U0001002d"):  # each width; ' ', LF, '-' + 256k
        assert _text.front_matter_bounds(wide + text, len(wide)) == _front_matter_bounds_python(wide + text, len(wide))
    assert _text.front_matter_bounds(text) == _front_matter_bounds_python(text)


@pytest.mark.parametrize("validator", ["as built", "python"])
def test_file_data_examples(validator, monkeypatch):
    if validator == "python":  # as when the extension is not built
        monkeypatch.setattr("leadlint.jekyll_front_matter.is_utf8", _is_utf8_python)
        monkeypatch.setattr("leadlint.jekyll_front_matter.front_matter_bounds", _front_matter_bounds_python)
        monkeypatch.setattr("leadlint.jekyll_front_matter._simple_lines_in_c", None)
    post = "---\r\ntitle: 日本語\r\ndate: 2024-01-14\r\n---\r\n本文\n".encode()
    assert file_front_matter_data(post) == whole_file_data(post) == front_matter_data(post.decode())
    assert file_front_matter_data(b"\xef\xbb\xbf" + post) == whole_file_data(post)
    assert file_front_matter_data(post + b"\xe6") is None  # bad UTF-8 after the front matter: skipped
    assert file_front_matter_data(b"\xef\xbb\xbf\xef\xbb\xbf" + post) == ({}, False)  # a second BOM is text
