"""The C word counter's fast paths against the pure-Python definition (leadlint.words)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import leadlint.words as words
from leadlint.words import _pure

C = words._accel()
needs_c = pytest.mark.skipif(C is None, reason="C extension not built")

# Lone surrogate halves, astral characters, punctuation and Japanese, in 2- and 4-byte strs
_PIECES = ["\ud83d", "\ude80", "\ud83d\ude80", "🚀", "です", "。", "、", " ", "&nbsp;", "<b>", "AI", "\\", "&amp;",
           "「", "」", "・", "\u3000", "\u2014", "&", "...", "(", "x)", "\t", "\n"]


@needs_c
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_counting_is_the_length_of_the_words(text):
    # ja_count_text and ja_count do not look for surrogates (only the strings of tokens
    # need them), and count the tokens that start with a letter apart from the others
    # (punctuation, spaces, "&", "\\"): the counts are still those of the words made as strings
    expected = len(_pure.yoast_words(text, "ja"))
    assert C.ja_count_text(text) == expected
    assert C.ja_count(_pure.sanitize(text)) == expected
    assert len(C.ja_words(_pure.sanitize(text))) == expected
