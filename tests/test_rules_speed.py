"""The fast paths of the FM and ALT rules give what the code they replace gave.

- FM: the schema's instance (``_json_instance``) takes text, flags, numbers and lists of
  texts by their exact class; the general conversion it skips for them is kept here as the
  reference, and both must give the same instance and the same empty keys for any front
  matter YAML can produce (and some it cannot: text subclasses, odd keys);
- ALT004: the text around a heading in an alt text (``_heading_affix``, remembered) is what
  the inline code it replaced found.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from leadlint.rules.alt_text import _PUNCT, _heading_affix, _squeeze
from leadlint.rules.front_matter import _as_json, _is_empty, _json_instance


class Text(str):
    """A text subclass: not the exact class the fast path takes."""


def _reference_instance(data: dict) -> tuple[dict, set]:
    """The instance as ``_validate`` built it before the fast path."""
    instance: dict = {}
    empty: set = set()
    for key, value in data.items():
        if value is None and key == "layout":
            value = "none"
        if isinstance(value, str):
            if value.strip():
                instance[str(key)] = value
                continue
        elif not _is_empty(value):
            instance[str(key)] = _as_json(value, 0)
            continue
        empty.add(str(key))
    return instance, empty


_TEXTS = st.sampled_from(["", " ", "\n", "x", "AI導入", "{{ site.title }}"]) | st.text(max_size=5)
_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXTS
            | _TEXTS.map(Text) | st.just(date(2025, 1, 2))
            | st.just(datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(_TEXTS | st.integers(), inner, max_size=3), max_leaves=12)
_KEYS = st.sampled_from(["layout", "title", "date", "tags", "image"]) | _TEXTS | st.integers() | st.booleans() \
    | st.none() | st.just(date(2025, 1, 2))


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=8))
def test_the_schema_instance_is_the_general_conversion(data):
    empty: set = set()
    instance = _json_instance(data, empty)
    expected, expected_empty = _reference_instance(data)
    assert instance == expected
    assert list(instance) == list(expected)
    assert [type(v) for v in instance.values()] == [type(v) for v in expected.values()]
    assert empty == expected_empty


_HEADINGS = st.sampled_from(["実践ステップ", "AI  導入", "Ｑ＆Ａ", "İstanbul", "ß", ""]) | st.text(max_size=6)


@settings(max_examples=300, deadline=None)
@given(_HEADINGS, st.sampled_from(["", "に関連するイメージ", "Image of ", " - 図"]) | st.text(max_size=3),
       st.sampled_from(["", "の画像", " screenshot"]) | st.text(max_size=3))
def test_the_heading_affix_is_what_surrounds_the_heading(heading, prefix, suffix):
    alt = _squeeze(prefix + heading + suffix)
    found = _heading_affix(alt, heading)
    assert _heading_affix(alt, heading) == found  # remembered: the same answer
    squeezed = _squeeze(heading)
    if not squeezed:
        assert found is None
    if found is not None:
        before, after = found
        assert alt.startswith(before) and alt.endswith(after)
        assert alt[len(before):len(alt) - len(after)].lower() == squeezed.lower()
        assert (before + after).strip(_PUNCT)


def test_remembered_length_messages_keep_the_type_of_the_options():
    """FM005/FM006 remember their messages by their arguments: a width limit given as 65.0
    is written 65.0, even after the same limit given as 65."""
    from leadlint.rules.front_matter import _length_message

    assert "about 65 columns (32 full-width" in _length_message("title", "title", 70, 38, 10, 65, False)
    assert "about 65.0 columns (32.0 full-width" in _length_message("title", "title", 70, 38, 10, 65.0, False)
    assert _length_message("title", "title", 70, 38, 10, 65, True).endswith("(the value comes from _config.yml defaults)")
