"""The fast ways another post's state is read must give what the slow ways give: the closing
fence without the lazy regex, front matter of simple lines without libyaml, the file without
pathlib."""

from __future__ import annotations

import os

from hypothesis import given, settings, strategies as st

from leadlint.frontmatter import SIMPLE_VALUE as _VALUE, _TYPED_FIRSTS
from leadlint.jekyll_front_matter import (
    JEKYLL_FRONT_MATTER, STATE_KEYS, _simple_front_matter, front_matter_bounds, front_matter_data,
)
from leadlint.source import read_file as _read_file
from test_site_state_read import full_load

# -- the closing fence ------------------------------------------------------------------------------------

PIECES = ["---", "...", "-", ".", "\n", "\r\n", " ", "\t", "\v", "\f", "\r", "a", "a: b", "\n---\n", "\n...",
          "----", "--- x", "\n\n"]


def regex_bounds(text: str) -> tuple[int, int] | None:
    match = JEKYLL_FRONT_MATTER.match(text)
    return (match.end(1), match.end()) if match else None


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_bounds_are_the_regex_match(text):
    assert front_matter_bounds(text) == regex_bounds(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="-.\n \t\r\v\fa", max_size=30))
def test_bounds_on_any_text(text):
    assert front_matter_bounds(text) == regex_bounds(text)
    assert front_matter_bounds("---\n" + text) == regex_bounds("---\n" + text)


def test_bounds_examples():
    for text in ["---\n---\n", "---\na: 1\n---\n\n\nbody", "---\n...", "--- \n \n---  \nx", "---\n\n",
                 "---\na\n----\n---", "---\r\na: 1\r\n---\r\nx", "---x\n---\n", "---\n---\v\f\n\n x"]:
        assert front_matter_bounds(text) == regex_bounds(text), text


# -- front matter of simple lines -------------------------------------------------------------------------

KEYS = sorted(STATE_KEYS) + ["title", "tags", "true", "on", "Null", "y", "_x", "a-b", "dates", "x" * 70,
                             "date ", " date", "'date'", "-x", "1x", "<<", "date_2"]
SEPARATORS = [": ", ":", ":  ", ": \t", ":\t", " : ", ":: "]
WORDS = ["2024-01-14", "2024-01-14T01:36:25.756Z", "2024-01-14 10:00:00 +09:00", "2020-02-30", "12", "0b_", "0x_",
         "0o7", "017", "1_000", "._", ".5", "1.5e+3", "12:30", "190:20:30", "-3", "+3", ".inf", "true", "False",
         "yes", "No", "on", "~", "null", "<<", "=", "!", "&a", "*a", "a", "blog-post", "日本語", "SEO 内部対策",
         "http://x.y/z?a=1&b=2", "a:b", "a: b", "a :b", "a #b", "a#b", "C#", "a,b", "a]", "a[b]", "{a}", "a?",
         "-a", "?a", ":a", "%a", "@a", "`a", "|", ">", "'a'", '"a"', "''", '""', "'a''b'", '"a\\"b"', '"\\u00e9"',
         "'a", '"a', "[]", "[ ]", "[a]", "[a, b]", "[a,b]", "[a , b ]", "[a, ]", "[, a]", "[1, 2]", '["x", \'y\']',
         "[a: b]", "[a:b]", "[a?]", "[[a]]", "[a", "{k: v}", "a\xa0b", "\u3000a", "a\x85b", "a\u2028b",
         "a\ufeffb", "a\x7fb", "a\tb", "a\rb", "\U0001f600", " ", "  a  "]
LINES = ["", "   ", "#", "# a: b", " # c", "  - item", "- item", "  key: v", "    more text", "%YAML 1.1",
         "? a", "&a b: c", "date: &a 2024-01-01", "x: *a", "x: !!str 1", "...x", "--- x"]


ODD = " :#,[]{}\"'\\-?!&*|>%@`~.+<=0123456789aTZe日\xa0\x85\u2028\ufeff\x7f\x00\t\r"
PLAIN = st.text(alphabet="aZ日 :-.,?'\"[]{}#0123456789~\xa0", min_size=1, max_size=8)


@st.composite
def value(draw) -> str:
    """A value near the simple grammar: often in it, often just outside."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.sampled_from(WORDS))
    if kind == 1:
        return draw(st.text(alphabet=ODD, max_size=8))
    if kind == 2:
        quote = draw(st.sampled_from("\"'"))
        return quote + draw(st.text(alphabet=ODD, max_size=6)) + quote
    if kind == 3:
        items = draw(st.lists(st.one_of(st.sampled_from(WORDS), PLAIN), max_size=3))
        return "[" + draw(st.sampled_from([",", ", ", " , "])).join(items) + draw(st.sampled_from(["]", " ]"]))
    return draw(PLAIN)


@st.composite
def simple_lines(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(LINES)))
            continue
        key = draw(st.sampled_from(KEYS)) if draw(st.integers(0, 4)) == 0 else draw(st.sampled_from(KEYS[:6]))
        separator = draw(st.sampled_from(SEPARATORS)) if draw(st.integers(0, 4)) == 0 else ": "
        lines.append(key + separator + draw(value()) + draw(st.sampled_from(["", "", " ", "  ", "\t"])))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return f"---{draw(st.sampled_from(['', ' ', '  ']))}{newline}" + "".join(line + newline for line in lines) \
        + "---\nText.\n"


def same(found: tuple[dict, bool], expected: tuple[dict, bool]) -> bool:
    """Equal data (in any order; by repr, as NaN is not equal to itself) and brokenness."""
    def canonical(result):
        return sorted((key, repr(value)) for key, value in result[0].items()), result[1]
    return canonical(found) == canonical(expected)


@settings(max_examples=2000, deadline=None)
@given(simple_lines())
def test_simple_lines_read_as_libyaml_reads_them(text):
    bounds = front_matter_bounds(text)
    if bounds is None:
        return
    simple = _simple_front_matter(text[:bounds[0]])
    if simple is not None:  # (other documents go to libyaml, as before)
        assert same((simple, False), full_load(text))


#: the characters beyond ASCII that the grammar takes: drawing from all of them is slow, so the
#: values are drawn from the same grammar over a few of them
NON_ASCII = "\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
assert NON_ASCII in _VALUE
SMALL_VALUE = _VALUE.replace(NON_ASCII, "\xa0日本\u3000\U0001f600")
GRAMMAR_LINE = st.one_of(
    st.tuples(st.sampled_from(sorted(STATE_KEYS) + ["x", "tags", "on", "null"]),
              st.from_regex(SMALL_VALUE, fullmatch=True)).map(": ".join),
    st.from_regex(r" *|#[a-z :#]*", fullmatch=True),
    st.sampled_from(["date:", "slug:  ", "x:"]))


@settings(max_examples=1000, deadline=None)
@given(st.lists(GRAMMAR_LINE, max_size=4), st.sampled_from(["\n", "\r\n"]))
def test_every_document_of_the_grammar_reads_as_libyaml_reads_it(lines, newline):
    """Documents drawn from the simple grammar itself: libyaml agrees on each value built."""
    text = f"---{newline}" + "".join(line + newline for line in lines) + "---\n"
    simple = _simple_front_matter(text[:front_matter_bounds(text)[0]])
    if simple is not None:  # (None: a list for a wanted key, a number that cannot be built)
        assert same((simple, False), full_load(text))


ARCHIVE_LIKE = """---
layout: blog-post
title: "なぜAI導入ロードマップは失敗するのか？SEO対策で避けるべき4つの落とし穴"
date: 2015-12-05T01:36:25.756Z
categories: [SEO]
tags: [パーソナライズ 施策, 中小企業 DX 事例, ChatGPT ビジネス活用 事例]
author: 'LeadFive AI'
image: "https://images.unsplash.com/photo-1?crop=entropy&cs=tinysrgb&w=1200"
featured: false
reading_time: 14
seo_keywords: ["パーソナライズ 施策", "中小企業 DX 事例"]
# a comment
permalink: /blog/:title/
slug: ai-roadmap
published:

---
Text.
"""


def test_keys_are_never_typed():
    """Simple keys start with a letter or `_`, which only booleans and nulls may claim."""
    assert not set(_TYPED_FIRSTS) & set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
    assert set("0123456789") <= set(_TYPED_FIRSTS)  # numbers and dates: their values are built


def test_simple_front_matter_is_taken():
    """Typical front matter takes the simple path (LF and CRLF), with the values YAML gives."""
    for text in (ARCHIVE_LIKE, ARCHIVE_LIKE.replace("\n", "\r\n")):
        source = text[:front_matter_bounds(text)[0]]
        data = _simple_front_matter(source)
        assert data is not None
        assert same((data, False), full_load(text))
        assert data["slug"] == "ai-roadmap" and data["published"] is None and data["date"].year == 2015


def test_simple_front_matter_leaves_the_rest_to_libyaml():
    for value in ["[a]", "0b_", "._", "<<", "a: b", "a #b", '"a\\"b"', "a\tb", "-3", "!!str x", "|"]:
        text = f"---\nslug: {value}\n---\n"
        assert _simple_front_matter(text[:front_matter_bounds(text)[0]]) is None, value
        assert same(front_matter_data(text), full_load(text))
    # a number that cannot be built breaks the front matter, under any key
    assert front_matter_data("---\nslug: s\nsize: 0b_\n---\n") == ({}, True)


# -- the file ---------------------------------------------------------------------------------------------


def test_read_file_is_read_bytes(tmp_path):
    for size in (0, 1, 4095, 4096, 65536, 200_001):
        path = tmp_path / f"f{size}"
        path.write_bytes(os.urandom(size))
        assert _read_file(str(path)) == path.read_bytes()


def test_values_are_read_without_the_spaces_and_cr_around_them():
    for newline in ("\n", "\r\n"):
        for line in ("slug:", "slug:  ", "slug: s  ", "slug:   'a b'  ", "slug: a  b", "date:  2024-01-14 ",
                     "date: 2015-12-05T01:36:25.756Z", "size:  12  ", "size: 2024-02-30  "):
            text = f"---{newline}title: x{newline}{line}{newline}---{newline}"
            simple = _simple_front_matter(text[:front_matter_bounds(text)[0]])
            assert simple is not None and same((simple, False), full_load(text)), (line, newline)
