"""Scans of a post's text that look for a lone character with ``str.find`` first find what
the plain searches found: the next Liquid token (what a regex of Liquid's tokens finds) and
whether the text holds an HTML comment (``"<!--" in text``)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from leadlint.liquid import _next_token
from leadlint.suppression import _has_comment

#: a Liquid token as ``scan_liquid`` once found it, with this regex's search
_TOKEN = re.compile(r"\{%-?(?P<tag>.*?)-?%\}|\{\{-?(?P<out>.*?)-?\}\}", re.DOTALL)

_LIQUID_PIECES = ["{", "}", "%", "-", "{{", "}}", "{%", "%}", "-%}", "-}}", "{%-", "{{-", " if x ", "a", "語", "\n"]


def _searched(text: str, pos: int):
    match = _TOKEN.search(text, pos)
    if match is None:
        return None
    group = "out" if match.group("out") is not None else "tag"
    return (match.start(), match.end(), group == "out", *match.span(group))


@given(st.lists(st.sampled_from(_LIQUID_PIECES), max_size=14), st.integers(0, 40))
def test_next_token_is_the_regex_search(pieces, pos):
    text = "".join(pieces)
    assert _next_token(text, pos) == _searched(text, pos)


def test_next_token_examples():
    text = "a {%- if x -%} b {{ page.title }} {{-}} {%%}"
    assert _next_token(text, 0) == (2, 14, False, 5, 11)
    assert _next_token(text, 14) == (17, 33, True, 19, 31)
    assert _next_token(text, 33) == (34, 39, True, 37, 37)
    assert _next_token(text, 39) == (40, 44, False, 42, 42)
    assert _next_token(text, 44) is None


@given(st.lists(st.sampled_from(["<", "!", "-", "<!--", "<p>", "a", "語", "\n"]), max_size=10))
def test_has_comment_is_the_substring_test(pieces):
    text = "".join(pieces)
    assert _has_comment(text) == ("<!--" in text)
