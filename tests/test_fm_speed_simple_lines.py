"""Front matter made of simple lines is read without libyaml (``_build_simple_lines``); what
parse_front_matter then returns must be exactly what the libyaml path (``_load``: the composer,
then ``_build`` or the reference path) returns: the same data (types, values, key order, the
last of duplicate keys), the same entries (paths, order, spans, styles), no problem, the same
offsets.  Documents are drawn from the grammar itself and from near it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from helpers import drawn
import leadlint.frontmatter as fmod
from leadlint.frontmatter import MAX_EXPANDED_NODES, SIMPLE_VALUE, FrontMatter, parse_front_matter
from test_frontmatter_parse import SAMPLE, outcome
from test_ref_speed_front_matter import ARCHIVE_LIKE, NON_ASCII, simple_lines as near_grammar


def libyaml_parse(text: str) -> FrontMatter:
    """parse_front_matter without the simple-lines path."""
    opening = fmod._OPEN.match(text)
    closing = fmod._CLOSE.search(text, opening.end() - 1) if opening else None
    if closing is None:
        return parse_front_matter(text)  # no front matter, or unclosed: YAML is never read
    fm = FrontMatter(present=True, yaml_start=opening.end(), yaml_end=closing.start() + 1, body_start=closing.end())
    fmod._load(fm, text[fm.yaml_start:fm.yaml_end])
    return fm


def takes_simple_path(text: str) -> bool:
    opening = fmod._OPEN.match(text)
    closing = fmod._CLOSE.search(text, opening.end() - 1)
    return fmod._build_simple_lines(text, opening.end(), closing.start() + 1) is not None


def assert_same(text: str) -> None:
    assert outcome(parse_front_matter, text) == outcome(libyaml_parse, text)


# -- documents of the grammar -----------------------------------------------------------------------

SMALL_VALUE = SIMPLE_VALUE.replace(NON_ASCII, "\xa0日本\u3000\U0001f600")
KEYS = ["title", "tags", "date", "x", "_", "a-b", "k9", "on", "On", "yes", "No", "off", "true", "False", "null",
        "Null", "NULL", "y", "n", "nullx", "t" * 64]
GRAMMAR_LINE = st.one_of(
    st.tuples(st.sampled_from(KEYS), st.sampled_from([": ", ":  "]), st.from_regex(SMALL_VALUE, fullmatch=True),
              st.sampled_from(["", " ", "   "])).map("".join),
    st.tuples(st.sampled_from(KEYS), st.sampled_from([":", ": ", ":   "])).map("".join),  # an empty value: null
    st.from_regex(r" *|#[a-z :#\[\]'\"]*", fullmatch=True),
    st.sampled_from(["date: 2015-12-05T01:36:25.756Z", "n: 12", "f: 1.5e+3", "d: 2025-02-30", "i: 0b_",
                     "i: 1_000", "t: 190:20:30", "tags: [a b, \"c, d\", 'e', true, null, ~x, x~]", "e: []",
                     "e: [ ]", "q: ''", 'q: ""', "s: 日本語 タイトル", "u: http://x.y/z?a=1&b=2"]))


@settings(max_examples=1500, deadline=None)
@given(st.lists(GRAMMAR_LINE, max_size=6), st.sampled_from(["\n", "\r\n"]), st.sampled_from(["---", "..."]))
def test_documents_of_the_grammar_read_as_libyaml_reads_them(lines, newline, closing):
    text = f"---{newline}" + "".join(line + newline for line in lines) + f"{closing}{newline}Text.\n"
    assert_same(text)
    problem = libyaml_parse(text).problem
    # every document of the grammar loads; only a value that cannot be built (`0b_`) is left to libyaml
    assert takes_simple_path(text) == (problem is None), text
    assert problem is None or problem.kind == "yaml"


@settings(max_examples=1500, deadline=None)
@given(near_grammar())
def test_documents_near_the_grammar_read_as_libyaml_reads_them(text):
    assert_same(text)


def test_documents_near_the_grammar_often_take_the_simple_path():
    texts = drawn(near_grammar(), 300)
    taken = sum(takes_simple_path(text) for text in texts)
    assert len(texts) // 10 < taken < len(texts) // 2  # both paths are exercised


# -- hand-picked documents ----------------------------------------------------------------------------

DOCUMENTS = [
    SAMPLE,
    SAMPLE.replace("\n", "\r\n"),
    ARCHIVE_LIKE,
    ARCHIVE_LIKE.replace("\n", "\r\n"),
    "---\n---\n",
    "---\n\n# only a comment\n   \n---\n",
    "---\na:\nb:   \nc: 1\n---\n",
    "---\r\na:   \r\nb:\r\n---\r\n",
    "---\non: 1\nyes: 2\nOff: 3\nnull: x\nNull: y\nn: ~\n---\n",
    "---\na: 1\nb: 2\na: 3\n---\n",
    "---\ntags: [a, b]\ntags: [c]\n---\n",
    "---\nx: [\U0001f600, \"q\", 'r', true, a b ,c]\ny: \U0001f600 z\n---\n",
    "---\nx: ['', \"\"]\ne: []\nf: [ ]\n---\n",
    "---\nd: 2025-02-30\nt: 2025-06-01 10:00:00 +09:00\nu: 2026-01-19T01:56:41.465Z\n---\n",
    "---\nbad: 0b_\n---\n",  # resolved as an int, cannot be built: libyaml's path reports it
    "---\nurl: a#b\nc: C#\nk: a:b\n---\n",
    "---\t\na: 1\n---\n",
    "---\na: 1\n---",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_hand_picked_documents(text):
    assert_same(text)


def test_typical_front_matter_takes_the_simple_path():
    for text in (SAMPLE, SAMPLE.replace("\n", "\r\n"), ARCHIVE_LIKE, "---\n---\n", "---\na:\n---\n"):
        assert takes_simple_path(text), text


def test_an_empty_value_is_a_null_just_after_the_colon():
    text = "---\npublished:   \ntitle: x\n---\n"
    fm = parse_front_matter(text)
    assert fm.data == {"published": None, "title": "x"}
    colon = text.index(":") + 1
    assert fm.entry("published") == fmod.Entry(fmod.Span(4, 13), fmod.Span(colon, colon), "plain")


@pytest.mark.parametrize("items, taken", [(MAX_EXPANDED_NODES - 3, True), (MAX_EXPANDED_NODES - 2, False)])
def test_node_count_is_that_of_the_libyaml_path(items, taken):
    """The root, a key and its value, and the items: at most MAX_EXPANDED_NODES, as _build counts."""
    text = "---\nbig: [" + ", ".join(f"a{i}" for i in range(items)) + "]\n---\n"
    assert takes_simple_path(text) == taken
    assert_same(text)
