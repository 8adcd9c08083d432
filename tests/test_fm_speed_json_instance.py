"""``_json_instance`` settles text, lists of text, numbers and booleans by their exact class
before its general branch; what it returns (the instance, key order included, and the keys
of empty values) must be what the general branch alone returns, for any front-matter data."""

from __future__ import annotations

from datetime import date, datetime, timezone

from hypothesis import given, settings, strategies as st

from leadlint.rules.front_matter import _json_instance, _settle


def general_branch(data: dict, empty: set) -> dict:
    """_json_instance without its fast cases: every value through the same tests."""
    instance: dict = {}
    for key, value in data.items():
        _settle(instance, empty, key, value)
    return instance


class Text(str):
    """A str subclass: not taken by the exact-class cases."""


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=6),
    st.sampled_from(["", " ", "\t", "x", " y ", "{{ site.x }}"]), st.builds(Text, st.text(max_size=3)),
    st.dates(), st.datetimes(timezones=st.just(timezone.utc)),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=3), st.integers()), inner, max_size=3)),
    max_leaves=12)
keys = st.one_of(st.sampled_from(["layout", "title", "tags", "date", "author"]), st.text(max_size=4), st.integers(),
                 st.booleans(), st.none(), st.dates())


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, values, max_size=8))
def test_same_as_the_general_branch(data):
    fast_empty, general_empty = set(), set()
    fast = _json_instance(data, fast_empty)
    general = general_branch(data, general_empty)
    assert fast == general and list(fast) == list(general)
    assert fast_empty == general_empty


def test_archive_like_front_matter():
    data = {"layout": None, "title": "AI導入", "date": datetime(2015, 12, 5, 1, 36, tzinfo=timezone.utc),
            "categories": ["SEO"], "tags": [], "description": "  ", "featured": True, "reading_time": 12,
            "image": {"path": "/x.png"}, "updated": date(2020, 1, 2), "seo_keywords": ["a", 1]}
    fast_empty, general_empty = set(), set()
    assert list(_json_instance(data, fast_empty).items()) == list(general_branch(data, general_empty).items())
    assert fast_empty == general_empty == {"tags", "description"}
