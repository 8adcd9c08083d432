"""The similarity measures behind REF's "did you mean" are difflib's, float for float; names kept per site."""

from __future__ import annotations

import difflib
from collections import Counter

from hypothesis import example, given, settings, strategies as st

from leadlint.post_url import Resolver, _length_ratio, _quick_ratio, _ratio, parse_name
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
