"""REF's shortcuts give what they replace: the similarity measures of its "did you mean" are difflib's,
float for float; names are kept per site; a name's leading slash and odd characters are found as before."""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter

from hypothesis import example, given, settings, strategies as st

from leadlint.post_url import (
    _LEADING_SLASH, Resolver, _drop_leading_slash, _length_ratio, _quick_ratio, _ratio, parse_name,
)
from leadlint.rules.post_url import _odd_characters
from leadlint.site import Site

#: few letters, so that blocks repeat and tie; a full-width and a combining character; long
#: enough texts for difflib's "popular" characters (b of 200 characters or more)
_TEXT = st.text(alphabet="ab-日本\u3000\u0301", max_size=40) | st.text(alphabet="abc", min_size=190, max_size=260)


@settings(max_examples=1500)
@given(_TEXT, _TEXT)
@example("", "")
@example("abab", "baba")
@example("2016年最新-導入の実践法8選", "2016年最新-導入の実践法7選-2")
@example("a" * 10, "a" * 250)
def test_ratio_is_difflibs(a, b):
    assert _ratio(a, b) == difflib.SequenceMatcher(None, a, b).ratio()


@given(_TEXT, _TEXT)
@example("", "")
def test_quick_ratios_are_difflibs(a, b):
    matcher = difflib.SequenceMatcher(None, a, b)
    assert _quick_ratio(Counter(a), len(a), Counter(b), len(b)) == matcher.quick_ratio()
    assert _length_ratio(len(a), len(b)) == matcher.real_quick_ratio()


def test_names_are_kept_per_site_and_the_same_as_parsed_afresh(tmp_path):
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    resolver = Resolver(Site(tmp_path))
    for text in ("2020-01-01-x", "sub/2020-01-01-x", "a.b/2020-01-01-x", "(/2020-01-01-x", "nodate", ""):
        assert resolver.name(text) is resolver.name(text)
        assert resolver.name(text) == parse_name(text)


@given(st.text(alphabet="/\n\ra-", max_size=12))
@example("/a\n/b")
@example("a\n/b\n/c")
def test_dropping_the_leading_slash_is_the_regex(text):
    assert _drop_leading_slash(text) == _LEADING_SLASH.sub("", text, count=1)


def test_odd_characters_of_a_name_are_found_whatever_the_shortcut():
    def slow(text):
        return [c for c in text if c.isspace() or unicodedata.category(c) in ("Zs", "Cf")]

    for point in range(0x110000):  # every character, alone and in a name
        char = chr(point)
        assert _odd_characters(char) == slow(char), hex(point)
    for text in ("2020-01-01-x", "2020-01-01-x y", "2020-01-01-x\u200b", "2020-01-01-\u3000x", "a\tb\u00a0"):
        assert _odd_characters(text) == slow(text)
