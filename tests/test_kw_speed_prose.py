"""leadlint.prose's faster forms against the plain ones they stand for."""

from __future__ import annotations

import re

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
