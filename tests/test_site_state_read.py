"""Reading another post's front matter for its state (published, date, slug) builds only what it
needs; the answer must be the one a full YAML load gives, on any front matter."""

from __future__ import annotations

import yaml
from hypothesis import given, settings, strategies as st

from leadlint.frontmatter import PsychLoader
from leadlint.jekyll_front_matter import _LOAD_ERRORS, JEKYLL_FRONT_MATTER, STATE_KEYS, front_matter_data


def full_load(text: str) -> tuple[dict, bool]:
    """The reference: load everything, keep the state keys."""
    match = JEKYLL_FRONT_MATTER.match(text)
    if match is None:
        return {}, False
    try:
        data = yaml.load(match.group(1), Loader=PsychLoader)
    except _LOAD_ERRORS:
        return {}, True
    if data is None or data is False:
        return {}, False
    if not isinstance(data, dict):
        return {}, True
    return {k: v for k, v in data.items() if isinstance(k, str) and k in STATE_KEYS}, False


KEYS = ["published", "date", "slug", "render_with_liquid", "title", "tags", "1", "true", "null", "<<",
        "'date'", '"slug"', "? [a, b]", "? {k: v}", "!!str date", "!!int published"]
VALUES = ["true", "false", "null", "~", "", "2020-02-30", "2024-01-14", "2024-01-14T01:36:25.756Z",
          "2024-01-14 10:00:00 +09:00", "0000-00-00", "9999-99-99", "!!int abc", "!!int 12", "!!float x",
          "!!timestamp foo", "!!timestamp 2024-01-01", "!!str 12", "!!binary aGk=", "!!binary ???", "!custom x",
          "!!set {a, b}", "!!omap [a: 1]", "&anchor [1, 2]", "*anchor", "*missing", "[a, b]", "{k: v}",
          "{<<: {a: 1}}", "'quoted'", '"dq \\u00e9"', "12", "0x1F", "1.5", ".inf", "yes", "No", "日本語",
          "[2024-01-01, x]", "{date: 2020-01-01}", "[[[[]]]]", "'unclosed", "[unclosed", "- item", "a: b: c"]


@st.composite
def front_matter(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key, value = draw(st.sampled_from(KEYS)), draw(st.sampled_from(VALUES))
        lines.append(f"{key}: {value}")
        if draw(st.booleans()):
            lines.append(f"  - {draw(st.sampled_from(VALUES))}")
    head = draw(st.sampled_from(["", "&anchor ", "!!map ", "- "]))
    body = "\n".join(lines)
    return f"---\n{head}{body}\n---\nText.\n" if head != "- " else f"---\n- {body}\n---\n"


@settings(max_examples=600, deadline=None)
@given(front_matter())
def test_state_read_equals_full_load(text):
    assert front_matter_data(text) == full_load(text)


def test_examples():
    assert front_matter_data("---\ntitle: x\ndate: 2024-01-14\npublished: false\n---\n") == (
        full_load("---\ntitle: x\ndate: 2024-01-14\npublished: false\n---\n"))
    data, broken = front_matter_data("---\ntitle: x\nslug: s\nextra: !!int abc\n---\n")
    assert broken and data == {}  # a value that cannot be built anywhere breaks the whole front matter
    data, broken = front_matter_data("---\n<<: {date: 2020-01-01}\nslug: s\n---\n")
    assert (data, broken) == ({"date": __import__("datetime").date(2020, 1, 1), "slug": "s"}, False)  # merge key
    assert front_matter_data("no front matter") == ({}, False)
    assert front_matter_data("---\n- a\n---\n") == ({}, True)
