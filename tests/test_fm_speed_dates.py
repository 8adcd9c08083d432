"""plain_scalar builds UTC date-times (``2015-12-05T01:36:25.756Z``) without PyYAML's resolver
and constructor (``_utc_date_time``); the value must be exactly what PsychLoader builds: the
same datetime, the same tzinfo, or the text itself for a date or time that does not exist."""

from __future__ import annotations

import yaml
from hypothesis import given, settings, strategies as st

import leadlint.frontmatter as fmod
from leadlint.frontmatter import PsychLoader, plain_scalar



def two(maximum: int):
    return st.integers(0, maximum).map("{:02d}".format)


DATE_TIMES = st.tuples(
    st.integers(0, 9999).map("{:04d}".format), two(19), two(39), two(29), two(69), two(69),
    st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=8).map(".{}".format)),
).map(lambda p: f"{p[0]}-{p[1]}-{p[2]}T{p[3]}:{p[4]}:{p[5]}{p[6]}Z")


def loaded(text: str):
    """What PsychLoader makes of the plain scalar ``text``."""
    return yaml.load(f"x: {text}\n", Loader=PsychLoader)["x"]


@settings(max_examples=2000, deadline=None)
@given(DATE_TIMES)
def test_utc_date_times_build_as_psych_loader_builds_them(text):
    fast = plain_scalar(text)
    expected = loaded(text)
    assert fast == expected and type(fast) is type(expected)
    assert getattr(fast, "tzinfo", None) is getattr(expected, "tzinfo", None)
    # and as the resolver and _scalar build it (the path plain_scalar takes for other values)
    tag = fmod._BUILDER.resolve(fmod._ScalarNode, text, (True, False))
    slow = text if tag == fmod._STR else fmod._scalar(fmod._ScalarNode(tag, text))
    assert fast == slow and type(fast) is type(slow)


def test_only_utc_date_times_take_the_fast_path():
    assert fmod._UTC_DATE_TIME.fullmatch("2015-12-05T01:36:25.756Z")
    for other in ("2015-12-05", "2015-12-05 01:36:25 +09:00", "2015-12-05T01:36:25.1234567Z",
                  "2015-12-05T01:36:25.Z", "2015-12-05t01:36:25Z", "2015-1-05T01:36:25Z"):
        assert fmod._UTC_DATE_TIME.fullmatch(other) is None
        assert plain_scalar(other) == loaded(other)


def test_an_impossible_date_stays_text():
    assert plain_scalar("2025-02-30T10:00:00Z") == "2025-02-30T10:00:00Z"
    assert plain_scalar("2025-01-01T24:00:00Z") == "2025-01-01T24:00:00Z"
