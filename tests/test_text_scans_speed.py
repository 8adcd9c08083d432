"""Scans of a post's text that look for a lone character with ``str.find`` first find what
the plain searches found: the next Liquid token (``_TOKEN.search``) and whether the text
holds an HTML comment (``"<!--" in text``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from leadlint.liquid import _TOKEN, _next_token
from leadlint.suppression import _has_comment


def _span(match):
    return None if match is None else (match.span(), match.group("tag"), match.group("out"))


@given(st.lists(st.sampled_from(["{", "}", "%", "-", "{{", "}}", "{%", "%}", " if x ", "a", "語", "\n"]), max_size=14),
       st.integers(0, 40))
def test_next_token_is_the_regex_search(pieces, pos):
    text = "".join(pieces)
    assert _span(_next_token(text, pos)) == _span(_TOKEN.search(text, pos))


@given(st.lists(st.sampled_from(["<", "!", "-", "<!--", "<p>", "a", "語", "\n"]), max_size=10))
def test_has_comment_is_the_substring_test(pieces):
    text = "".join(pieces)
    assert _has_comment(text) == ("<!--" in text)
