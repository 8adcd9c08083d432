"""parse_front_matter's fast path against the reference path.

The fast path (``_Composer`` to compose, ``_build`` to build the data and the positions in
one walk) must give exactly what the reference gives: the stock PyYAML loader to compose,
then ``_load_reference`` -- the hostile-input check, PyYAML's own constructor, and the
separate position walk, as parse_front_matter always did.  Property tests generate front
matter with nested mappings and lists (block and flow), every scalar kind and quoting
style, dates including impossible ones, timestamps with zones, anchors and aliases, merge
keys, explicit tags, Japanese text and CRLF line ends.
"""

from __future__ import annotations

import pickle
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import drawn
import leadlint.frontmatter as fmod
from leadlint.frontmatter import (
    MAX_DEPTH,
    MAX_EXPANDED_NODES,
    Entry,
    FrontMatter,
    FrontMatterProblem,
    Span,
    parse_front_matter,
)

_STOCK = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OLD_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


# -- the reference ------------------------------------------------------------------------


def reference_parse(text: str) -> FrontMatter:
    """parse_front_matter as it was before the fast path: the stock loader composes, and
    ``_load_reference`` builds (hostile check, PyYAML's constructor, positions)."""
    opening = fmod._OPEN.match(text)
    if not opening:
        return FrontMatter(present=False, problem=FrontMatterProblem("missing", "post has no front matter", 0))
    yaml_start = opening.end()
    closing = _OLD_CLOSE.search(text, yaml_start)
    if closing is None:
        return FrontMatter(
            present=True, start=0, yaml_start=yaml_start, yaml_end=len(text), body_start=len(text),
            problem=FrontMatterProblem(
                "unclosed", "front matter opened with `---` on line 1 is never closed by a `---` line", 0),
        )
    fm = FrontMatter(present=True, start=0, yaml_start=yaml_start, yaml_end=closing.start(),
                     body_start=closing.end())
    source = text[yaml_start:closing.start()]
    try:
        loader = _STOCK(source)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        fm.problem = fmod._yaml_problem(error, source, yaml_start)
        return fm
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        fm.problem = FrontMatterProblem("yaml", f"front matter is not valid YAML: {error}", yaml_start)
        return fm
    if node is None:
        return fm
    if not isinstance(node, yaml.MappingNode):
        fm.problem = FrontMatterProblem(
            "not-a-mapping", f"front matter must be a mapping of keys to values, not a {fmod._kind(node)}", yaml_start)
        return fm
    fmod._load_reference(fm, node, source)
    return fm


def outcome(parse, text: str):
    """Everything parse_front_matter says, in comparable form (types included)."""
    try:
        fm = parse(text)
    except Exception as error:  # the reference crashes on `!!timestamp hello`; so must we
        return ("raised", type(error).__name__, str(error))

    def entry(e):
        return (type(e).__name__, e.key and (type(e.key).__name__, e.key.start, e.key.end),
                (type(e.value).__name__, e.value.start, e.value.end), e.style)

    return (fm.present, type(fm.data).__name__, repr(fm.data), fm.start, fm.yaml_start, fm.yaml_end,
            fm.body_start, [(path, entry(e)) for path, e in fm.entries.items()], fm.problem)


def assert_same(text: str) -> None:
    assert outcome(parse_front_matter, text) == outcome(reference_parse, text)


# -- generated front matter ---------------------------------------------------------------

PLAIN = [
    "", "~", "null", "Null", "NULL", "true", "True", "false", "FALSE", "yes", "No", "on", "OFF", "y", "n",
    "0", "-0", "12", "-12", "+12", "012", "09", "0o17", "0x1F", "0b101", "1_000", "190:20:30", "0.0", "-0.0",
    "1.5", "1.", ".5", "1e3", "1.5e+3", "6.8523015e+5", "685.230_15e+03", ".inf", "-.Inf", ".nan", ".NaN",
    "2001-12-14", "2025-02-30", "2025-13-45", "2024-02-29", "2023-02-29", "2001-1-1",
    "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z",
    "2026-01-19T01:56:41.465Z", "2001-12-14 21:59:43.1234567", "2025-02-30 10:00:00",
    "2025-06-01 10:00:00 +09:00", "2025-06-01 25:00:00", "2025-06-01T10:00:00-00:30",
    "=", "<<", "<", "nullx", "truely", "blog-post", "LeadFive AI", "AI×心理学", "日本語のタイトル",
    "https://x.example/p.jpg?w=800&h=600", "a.b", "-x", "+x", ".x", "x:y",
]
words = st.text(alphabet="abcxyzAIあいう日本語マーケ 0123-._", min_size=1, max_size=10).map(str.strip).filter(
    lambda s: s and s[0] not in "-" and not s.endswith((":", "-")))
plain = st.one_of(st.sampled_from(PLAIN), words)
quoted_text = st.text(alphabet="ab 日本'\"\\#:,[]{}&*!|>%@`\t0129-.", max_size=8)
TAGS = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!binary", "!local", "!"]


def single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def double(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


EXOTIC_PLAIN = ["=", "<<"]  # plain scalars that resolve to the value and merge tags


@st.composite
def scalars(draw, exotic: bool):
    """A scalar as written: plain, quoted, or (exotic) with an explicit tag."""
    kind = draw(st.sampled_from(["plain"] * 6 + ["single", "double"] + (["tagged"] if exotic else [])))
    if kind == "plain":
        return draw(st.one_of(plain, plain, plain, plain, st.sampled_from(EXOTIC_PLAIN)) if exotic else plain)
    if kind == "single":
        return single(draw(st.one_of(quoted_text, st.sampled_from(PLAIN))))
    if kind == "double":
        return double(draw(st.one_of(quoted_text, st.sampled_from(PLAIN))))
    return f"{draw(st.sampled_from(TAGS))} {draw(st.sampled_from(['12', '1.5', 'true', '2025-06-01', 'aGk=', 'x', single('12')]))}"


common_keys = st.one_of(
    st.sampled_from(["title", "date", "tags", "image", "author", "name", "seo_keywords", "featured", "a", "b"]),
    st.sampled_from(["1", "true", "null", "~", "2025-01-01", "2025-02-30", "1.5", "'quoted'", '"日本"', "日本語"]),
)
exotic_keys = st.one_of(common_keys, common_keys, common_keys, common_keys,
                        st.sampled_from(["=", "<<", "!!str 12", "!!int '3'", "? [a, b]"]))


def trees(exotic: bool):
    """A tree: ("scalar", text) | ("map", [(key, tree)]) | ("seq", [tree])."""
    keys = exotic_keys if exotic else common_keys
    return st.recursive(
        scalars(exotic).map(lambda s: ("scalar", s)),
        lambda children: st.one_of(
            st.lists(st.tuples(keys, children), max_size=4).map(lambda pairs: ("map", pairs)),
            st.lists(children, max_size=4).map(lambda items: ("seq", items)),
        ),
        max_leaves=12,
    )


class _Writer:
    """Writes a tree as YAML, adding anchors, aliases to earlier anchors, merge keys and
    flow collections as the draws say."""

    def __init__(self, draw, exotic: bool):
        self.draw = draw
        self.exotic = exotic  # aliases and merge keys only then (anchors always)
        self.anchors: list[str] = []  # anchors fully written so far (aliasable)
        self.map_anchors: list[str] = []
        self.count = 0

    def decorate(self, tree) -> tuple[str, str | None]:
        """Maybe an anchor, returned as a prefix; the anchor name when one is set."""
        if self.draw(st.integers(0, 5)) == 0:
            self.count += 1
            name = f"a{self.count}"
            return f"&{name} ", name
        return "", None

    def alias(self) -> str | None:
        if self.exotic and self.anchors and self.draw(st.integers(0, 4)) == 0:
            return "*" + self.draw(st.sampled_from(self.anchors))
        return None

    def finish(self, name, tree) -> None:
        if name:
            self.anchors.append(name)
            if tree[0] == "map":
                self.map_anchors.append(name)

    def flow(self, tree) -> str:
        alias = self.alias()
        if alias:
            return alias
        prefix, name = self.decorate(tree)
        if tree[0] == "scalar":
            text = tree[1]
        elif tree[0] == "seq":
            text = "[" + ", ".join(self.flow(item) for item in tree[1]) + "]"
        else:
            text = "{" + ", ".join(f"{key}: {self.flow(value)}" for key, value in tree[1]) + "}"
        self.finish(name, tree)
        return prefix + text

    def block_value(self, tree, indent: int) -> str:
        """The text after `key:` or `- `: inline for scalars and flow collections, else a
        newline and the collection indented."""
        alias = self.alias()
        if alias:
            return " " + alias
        if tree[0] == "scalar" or not tree[1] or self.draw(st.integers(0, 3)) == 0:
            return " " + self.flow(tree)
        prefix, name = self.decorate(tree)
        body = self.block(tree, indent + 2)
        self.finish(name, tree)
        return (" " + prefix.strip() if prefix else "") + "\n" + body

    def block(self, tree, indent: int) -> str:
        pad = " " * indent
        lines = []
        if tree[0] == "seq":
            for item in tree[1]:
                lines.append(f"{pad}-{self.block_value(item, indent)}")
        else:
            if self.exotic and self.map_anchors and self.draw(st.integers(0, 3)) == 0:
                merged = self.draw(st.lists(st.sampled_from(self.map_anchors), min_size=1, max_size=2))
                lines.append(f"{pad}<<: " + (f"*{merged[0]}" if len(merged) == 1 else
                                             "[" + ", ".join("*" + m for m in merged) + "]"))
            for key, value in tree[1]:
                lines.append(f"{pad}{key}:{self.block_value(value, indent)}")
        return "\n".join(lines)


@st.composite
def front_matter(draw):
    exotic = draw(st.integers(0, 2)) == 0  # aliases, merge keys, tags, `=`, complex keys
    pairs = draw(st.lists(st.tuples(exotic_keys if exotic else common_keys, trees(exotic)), min_size=1, max_size=6))
    writer = _Writer(draw, exotic)
    yaml_text = writer.block(("map", pairs), 0) + "\n"
    text = "---\n" + yaml_text + "---\n本文\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(front_matter())
def test_generated_front_matter_parses_as_the_reference_does(text):
    assert_same(text)


@PROPERTY
@given(front_matter())
def test_fast_walk_builds_what_pyyaml_builds_on_the_same_nodes(text):
    """Node for node: _build's data and entries are those of PyYAML's constructor and the
    position walk, whenever _build takes the document."""
    yaml_start = fmod._OPEN.match(text).end()
    source = text[yaml_start:_OLD_CLOSE.search(text, yaml_start).start()]
    try:
        node = _STOCK(source).get_single_node()
    except yaml.YAMLError:
        return
    if not isinstance(node, yaml.MappingNode) or ("*" in source and fmod._shares_nodes(node)):
        return
    built = fmod._build(node, yaml_start)
    if built is None:
        return
    data, entries = built
    reference = FrontMatter(present=True, yaml_start=yaml_start)
    fmod._load_reference(reference, node, source)
    assert reference.problem is None
    assert repr(data) == repr(reference.data)
    assert list(entries.items()) == list(reference.entries.items())


def test_generated_documents_mostly_take_the_fast_path(monkeypatch):
    """The generator is not all errors and fallbacks: most documents are built by the fast walk."""
    texts = drawn(front_matter(), 200)
    results = [outcome(parse_front_matter, text) for text in texts]
    usable = [r for r in results if r[0] is True and r[-1] is None]
    taken = []
    monkeypatch.setattr(fmod, "_load_reference", lambda *args: taken.append(args))
    for text in texts:
        parse_front_matter(text)
    assert len(usable) > len(texts) // 2
    assert len(texts) // 10 < len(taken) < len(texts) // 2  # both paths are exercised


# -- hand-picked documents ----------------------------------------------------------------

SAMPLE = """---
layout: blog-post
title: "2026年版：AI導入ロードマップ5ステップで実現する学習型マーケティング戦略"
date: 2026-01-19T01:56:41.465Z
categories: [AIマーケティング]
tags: [AI導入 ロードマップ, AI マーケティング 最新トレンド, 生成AI 活用法 マーケティング]
author: "LeadFive AI"
image: "https://images.unsplash.com/photo-1?crop=entropy&cs=tinysrgb&fit=max&w=1080&h=630"
featured: true
instinct: learning
reading_time: 8
seo_keywords: ["AI導入 ロードマップ", "AI マーケティング 最新トレンド"]
---

本文
"""

DOCUMENTS = [
    SAMPLE,
    SAMPLE.replace("\n", "\r\n"),
    "---\ndate: 2025-02-30\nupdated: 2025-13-45 10:00:00\nok: 2025-06-01\n---\n",
    "---\nwhen: 2001-12-14 21:59:43.10 -5\nutc: 2001-12-15T02:59:43.1Z\nlocal: 2001-12-14 21:59:43\n---\n",
    "---\nbase: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n---\n",
    "---\na: &x hello\nb: *x\nc: [*x, *x]\n---\n",
    "---\ninline_merge:\n  <<: {a: 1, b: 2}\n  b: 3\n---\n",
    "---\nbase: &b {x: 1}\nother: 2\n---\n",  # an anchor without an alias
    "---\ns: !!str 123\ni: !!int \"12\"\nf: !!float 1\nb: !!bool yes\nn: !!null x\nt: !!timestamp 2025-02-30\n---\n",
    "---\nbin: !!binary aGVsbG8=\nset: !!set {a, b}\nomap: !!omap [a: 1]\n---\n",
    "---\nbad: !!int abc\n---\n",
    "---\nbad: !!bool maybe\n---\n",
    "---\ncustom: !foo bar\n---\n",
    "---\nv: =\n---\n",
    "---\n=: value key\n---\n",
    "---\n? [a, b]\n: list key\n---\n",
    "---\n1: a\ntrue: b\n1.0: c\nnull: d\n2025-01-01: e\n.nan: f\n.nan: g\n---\n",
    "---\na: 1\nb: 2\na: {x: 1}\n---\n",
    "---\nempty:\nlist: []\nmap: {}\nlit: |\n  one\n  two\nfold: >-\n  folded\n  text\n---\n",
    "---\n- a\n- b\n---\n",
    "---\n---\n",
    "---\na: [1, 2\n---\n",
    "no front matter\n",
    "---\nunclosed: true\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_hand_picked_documents_parse_as_the_reference_does(text):
    assert_same(text)


def test_explicit_timestamp_tag_on_text_stays_text():
    """`!!timestamp hello` made PyYAML's constructor raise AttributeError (a crash of the run's
    rules); like any timestamp that is no real date, it stays text."""
    text = "---\nbad: !!timestamp hello\nok: 1\n---\n"
    fm = parse_front_matter(text)
    assert fm.problem is None and fm.data == {"bad": "hello", "ok": 1}
    assert outcome(parse_front_matter, text) == outcome(reference_parse, text)


def test_values_and_types():
    fm = parse_front_matter(SAMPLE)
    assert fm.problem is None
    assert repr(fm.data["date"]) == "datetime.datetime(2026, 1, 19, 1, 56, 41, 465000, tzinfo=datetime.timezone.utc)"
    assert fm.data["featured"] is True and fm.data["reading_time"] == 8
    assert fm.data["categories"] == ["AIマーケティング"]
    fm = parse_front_matter("---\nd: 2025-02-30\ne: 2025-06-01\n---\n")
    assert fm.data == {"d": "2025-02-30", "e": __import__("datetime").date(2025, 6, 1)}


def test_positions():
    text = "---\ntitle: 'Hi'\ntags:\n  - a\n  - [b, c]\n---\n"
    fm = parse_front_matter(text)
    title = fm.entry("title")
    assert text[title.key.start:title.key.end] == "title"
    assert text[title.value.start:title.value.end] == "'Hi'" and title.style == "'"
    assert fm.entry("tags").style == "block"
    assert fm.entry("tags", 0) == Entry(None, Span(text.index("a\n"), text.index("a\n") + 1), "plain")
    assert fm.entry("tags", 1).style == "flow"
    assert text[fm.entry("tags", 1, 1).value.start] == "c"
    assert list(fm.entries) == [("title",), ("tags",), ("tags", 0), ("tags", 1), ("tags", 1, 0), ("tags", 1, 1)]
    assert fm.key_offset("tags", 0) == text.index("a\n")
    assert fm.key_offset("missing") == 0


# -- hostile input ------------------------------------------------------------------------

LAUGHS = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
          "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
          "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n")


def _block_nesting(levels: int) -> str:
    return "".join(" " * i + "k:\n" for i in range(levels)) + " " * levels + "v\n"


@pytest.mark.parametrize("yaml_text", [
    LAUGHS,
    "deep: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
    "deep: " + "{a: " * (MAX_DEPTH + 5) + "1" + "}" * (MAX_DEPTH + 5) + "\n",
    _block_nesting(MAX_DEPTH + 5),
    "rec: &r [*r]\n",
], ids=["billion-laughs", "flow-lists", "flow-maps", "block-maps", "recursive"])
def test_hostile_front_matter_is_refused(yaml_text):
    for newline in ("\n", "\r\n"):
        text = ("---\n" + yaml_text + "---\nbody\n").replace("\n", newline)
        fm = parse_front_matter(text)
        assert fm.problem is not None and fm.problem.kind == "hostile", fm.problem
        assert fm.data == {} and fm.entries == {}
        assert outcome(parse_front_matter, text) == outcome(reference_parse, text)


@pytest.mark.parametrize("levels", [MAX_DEPTH - 1, MAX_DEPTH])
def test_nesting_up_to_max_depth_is_read(levels):
    # the root mapping is depth 0; `deep:`'s list is depth 1; the innermost scalar is `levels` deep
    text = "---\ndeep: " + "[" * (levels - 1) + "x" + "]" * (levels - 1) + "\n---\n"
    fm = parse_front_matter(text)
    assert fm.problem is None
    assert fm.entry("deep", *([0] * (levels - 1))) is not None
    assert_same(text)


def test_nesting_past_max_depth_keeps_the_reference_verdict():
    """One level too deep is refused only when the cheap pre-check trips (more than MAX_DEPTH
    brackets here), as before; the fast path leaves all of these to the reference path."""
    for levels, hostile in ((MAX_DEPTH + 1, False), (MAX_DEPTH + 2, True)):
        text = "---\ndeep: " + "[" * (levels - 1) + "x" + "]" * (levels - 1) + "\n---\n"
        problem = parse_front_matter(text).problem
        assert (problem is not None and problem.kind == "hostile") == hostile
        assert_same(text)


def test_too_many_nodes_take_the_reference_path_and_keep_its_verdict():
    """A big document without aliases: the reference path decides, as it always did (it is
    refused only when the source also trips the cheap pre-check, here the `&`)."""
    items = ", ".join(str(i) for i in range(MAX_EXPANDED_NODES + 10))
    plain = f"---\nbig: [{items}]\n---\n"
    with_ampersand = f"---\nbig: [{items}]\nurl: x?a=1&b=2\n---\n"
    assert parse_front_matter(plain).problem is None
    assert parse_front_matter(with_ampersand).problem.kind == "hostile"
    assert_same(plain)
    assert_same(with_ampersand)


def test_ampersand_in_a_url_does_not_run_the_expansion_check(monkeypatch):
    calls = {"expanded": 0, "hostile": 0, "reference": 0}
    expanded, hostile, reference = fmod._expanded_size, fmod._may_be_hostile, fmod._load_reference

    def count(name, function):
        def counted(*args):
            calls[name] += 1
            return function(*args)
        return counted

    monkeypatch.setattr(fmod, "_expanded_size", count("expanded", expanded))
    monkeypatch.setattr(fmod, "_may_be_hostile", count("hostile", hostile))
    monkeypatch.setattr(fmod, "_load_reference", count("reference", reference))
    fm = parse_front_matter(SAMPLE)
    assert fm.problem is None and "&cs=tinysrgb&" in fm.data["image"]
    assert calls == {"expanded": 0, "hostile": 0, "reference": 0}
    # an anchor and an alias: the reference path, which does run the check
    fm = parse_front_matter("---\na: &x 1\nb: *x\nurl: x?a=1&b=2\n---\n")
    assert fm.data == {"a": 1, "b": 1, "url": "x?a=1&b=2"}
    assert calls == {"expanded": 1, "hostile": 1, "reference": 1}


def test_a_star_without_an_alias_still_takes_the_fast_path(monkeypatch):
    taken = []
    monkeypatch.setattr(fmod, "_load_reference", lambda fm, node, source: taken.append(source))
    fm = parse_front_matter('---\ntitle: "**重要** 5 * 3"\nnote: a*b\n---\n')
    assert fm.data == {"title": "**重要** 5 * 3", "note": "a*b"}
    assert taken == []


# -- the pieces ---------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.sampled_from(PLAIN), st.text(max_size=12), words),
       st.sampled_from([(True, False), (False, True), (False, False)]))
def test_composer_resolves_tags_as_pyyaml_does(value, implicit):
    composer = fmod._Composer("")
    stock = _STOCK("")
    for _ in range(2):  # the second time from the memo
        assert composer.resolve(yaml.ScalarNode, value, implicit) == stock.resolve(yaml.ScalarNode, value, implicit)
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        assert composer.resolve(kind, None, True) == stock.resolve(kind, None, True)
        assert composer.resolve(kind, None, False) == stock.resolve(kind, None, False)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["---", "...", "--- ", "---\t", "----", " ---", "a", "", "x: 1", "...x", "---\r"]),
                max_size=8),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_closing_line_is_found_as_before(lines, newline, final_newline):
    text = "---" + newline + newline.join(lines) + (newline if final_newline else "")
    yaml_start = fmod._OPEN.match(text).end()
    old = _OLD_CLOSE.search(text, yaml_start)
    new = fmod._CLOSE.search(text, yaml_start - 1)
    assert (old is None) == (new is None)
    if old is not None:
        assert (old.start(), old.end()) == (new.start() + 1, new.end())


def test_span_and_entry_behave_like_the_frozen_dataclasses_they_were():
    span = Span(3, 7)
    entry = Entry(Span(1, 2), span, "plain")
    assert (span.start, span.end) == (3, 7) and Span(start=3, end=7) == span
    assert entry.key == Span(1, 2) and entry.value is span and entry.style == "plain"
    assert Entry(None, span).style is None
    assert repr(entry) == "Entry(key=Span(start=1, end=2), value=Span(start=3, end=7), style='plain')"
    assert hash(span) == hash((3, 7)) and hash(Span(3, 7)) == hash(span)
    assert {span: 1}[Span(3, 7)] == 1
    assert span != (3, 7) and not (span == (3, 7)) and (3, 7) != span
    assert entry != (Span(1, 2), span, "plain")
    assert Span(3, 8) != span and Entry(None, span) != Entry(None, Span(3, 8))
    assert span != object() and span == span
    with pytest.raises(AttributeError):
        span.start = 4
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert (Entry(None, span).key or Entry(None, span).value) is span
