"""leadlint.prose's faster forms against the plain ones they stand for."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from leadlint import prose

_NAMES = prose._HTML_BLOCK_NAMES + prose._HTML_SKIP_NAMES
# tag names, their prefixes and longer words, in any case (and "ſ", "K" that match s and k)
_PIECES = ["<", "</", ">", "<!--", "-->", " ", "x", "_", "-", "1", "7", "ſ", "\u212a", "é", "!", "/"] + [
    variant for name in _NAMES if "[" not in name for variant in (name, name.upper(), name[:-1], name + "x")
] + [f"h{level}" for level in range(1, 8)]


def _matches(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_names_grouped_by_first_letter_match_as_the_plain_alternation(text):
    plain_block = re.compile(r"<(/?)(" + "|".join(prose._HTML_BLOCK_NAMES) + r")\b[^>]*>", re.IGNORECASE)
    plain_skip = re.compile(r"<!--|<(" + "|".join(prose._HTML_SKIP_NAMES) + r")\b", re.IGNORECASE)
    assert _matches(prose._HTML_BLOCK_TAG, text) == _matches(plain_block, text)
    assert _matches(prose._HTML_SKIP, text) == _matches(plain_skip, text)


_WIDE_ASCII = [chr(cp) for cp in range(0xFF01, 0xFF5F)]
# characters next to a full-width one: ASCII, Japanese, marks that compose, half-width kana
# (which compose with a sound mark), quotes, cased letters beyond ASCII, an astral one
_NEIGHBOURS = [chr(cp) for cp in range(0x20, 0x7F)] + list(
    "\n\tあア漢ー。、「」\u0301\u0308\u3099\u309a\uff76\uff9e\uff9f\u1100\u1161ſ\u212a’“”`´¨ÀéΣσςİ①㈱😀")


def _folded(text: str, quotes: bool) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return prose.unify_quotes(folded) if quotes else folded


def test_full_width_ascii_folded_in_c_is_nfkc_then_casefold():
    # the C folder maps a piece of full-width ASCII itself (no call into Python): after and
    # before every neighbour, alone and in runs
    for wide in _WIDE_ASCII:
        for other in _NEIGHBOURS:
            for text in (other + wide, wide + other, other + wide + wide + other, other + "（" + wide + "）"):
                for quotes in (False, True):
                    assert prose.fold(text, quotes=quotes) == _folded(text, quotes), (text, quotes)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WIDE_ASCII + _NEIGHBOURS), max_size=30).map("".join))
def test_text_with_full_width_ascii_folds_as_nfkc_then_casefold(text):
    for quotes in (False, True):
        assert prose.fold(text, quotes=quotes) == _folded(text, quotes)
