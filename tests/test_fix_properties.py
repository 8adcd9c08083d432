"""Property: for generated posts (image URLs with repeated query parameters in the front
matter, Markdown, HTML and JSON-LD; tags written as comma-separated text; JSON-LD that
disagrees with the front matter; LF or CRLF; with or without a BOM; Japanese text), fixing
changes no byte outside the fixed spans, and a second fix changes nothing.  With IMG001
alone, the result is also exactly the expected text."""

from __future__ import annotations

import codecs
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import working_directory, write_site

from leadlint.config import apply_cli_overrides, load_config
from leadlint.fix import fix_file
from leadlint.run import Run

NAME = "_posts/2025-01-10-generated.md"

keys = st.sampled_from(["w", "h", "q", "fit", "auto", "crop"])
values = st.text(alphabet="abcxyz0123456789", min_size=0, max_size=5)
params = st.lists(st.tuples(keys, values), min_size=1, max_size=7)
prose = st.text(alphabet="あいうえおかきくけこ漢字日本語の文章。、ABCabc 123", min_size=1, max_size=40).map(str.strip).filter(bool)
names = st.text(alphabet="abcdef猫犬-_", min_size=1, max_size=8)


@st.composite
def urls(draw, html: bool):
    pairs = draw(params)
    separators = [draw(st.sampled_from(["&", "&amp;"])) if html else "&" for _ in pairs[1:]]
    query = pairs[0][0] + "=" + pairs[0][1]
    for (key, value), separator in zip(pairs[1:], separators):
        query += f"{separator}{key}={value}"
    return f"https://cdn.example.com/{draw(names)}.jpg?{query}", html


def keep_last(url: str, html: bool) -> str:
    """The expected fix, computed independently: each repeated key keeps only its last
    occurrence; an earlier one goes with the separator after it."""
    base, query = url.split("?", 1)
    pieces = re.split(r"(&amp;|&)" if html else r"(&)", query)  # parameter, separator, parameter, ...
    keys = [p.split("=")[0] for p in pieces[0::2]]
    last = {key: i for i, key in enumerate(keys)}
    kept = [pieces[2 * i] + (pieces[2 * i + 1] if 2 * i + 1 < len(pieces) else "")
            for i, key in enumerate(keys) if last[key] == i]
    return base + "?" + "".join(kept)


@st.composite
def posts(draw):
    """(pieces, newline, bom): pieces are strings or (url, html) pairs, in order."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    pieces: list = [f"---{newline}title: {draw(prose)}{newline}"]
    if draw(st.booleans()):
        quote = draw(st.sampled_from(['"', "'", ""]))
        pieces += [f"image: {quote}", draw(urls(False)), f"{quote}{newline}"]
    if draw(st.booleans()):  # text where a list belongs (FM003 fixes it)
        separator = draw(st.sampled_from([", ", ",", "、", "，"]))
        pieces.append(f"tags: {separator.join(draw(st.lists(prose, min_size=1, max_size=4)))}{newline}")
    pieces.append(f"---{newline}{newline}")
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["text", "markdown", "html"]))
        if kind == "text":
            pieces.append(draw(prose) + newline + newline)
        elif kind == "markdown":
            pieces += [f"{draw(prose)} ![{draw(names)}](", draw(urls(False)), f"){newline}{newline}"]
        else:
            pieces += ['<img src="', draw(urls(True)), f'" alt="{draw(names)}">{newline}{newline}']
    if draw(st.booleans()):  # JSON-LD that may disagree with the front matter (LD007 fixes it)
        pieces += [f'<script type="application/ld+json">{newline}{{"@context": "https://schema.org", '
                   f'"@type": "BlogPosting",{newline}  "headline": "{draw(prose)}", "image": "', draw(urls(False)),
                   f'"}}{newline}</script>{newline}{newline}']
    pieces.append(draw(prose) + draw(st.sampled_from(["", newline])))
    return pieces, newline, draw(st.booleans())


def render(pieces, bom: bool, fixed: bool = False) -> bytes:
    text = "".join(p if isinstance(p, str) else (keep_last(*p) if fixed else p[0]) for p in pieces)
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


@pytest.fixture(scope="module")
def linters(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("site"), {NAME: "---\ntitle: x\n---\n"})
    made = {}
    with working_directory(root):
        for label in ("IMG001", "fixable"):
            config = load_config(None)
            select = ("IMG001",) if label == "IMG001" else tuple(
                code for code, r in config.registry.rules.items() if r.fix and r.enabled)
            apply_cli_overrides(config, (",".join(select),), (), ())
            made[label] = Run(config, [], jobs=1, use_cache=False).linter
    return root / NAME, made


def byte_spans_unchanged(before: bytes, after: bytes, text: str, bom: bool, edits) -> bool:
    """Every byte outside the edits (converted to byte offsets of the file) is kept, in order."""
    prefix = len(codecs.BOM_UTF8) if bom else 0
    to_byte = lambda offset: prefix + len(text[:offset].encode("utf-8"))  # noqa: E731
    shift, last = 0, 0
    for edit in sorted(edits, key=lambda e: e.start):
        start, end = to_byte(edit.start), to_byte(edit.end)
        if before[last:start] != after[last + shift:start + shift]:
            return False
        shift += len(edit.replacement.encode("utf-8")) - (end - start)
        last = end
    return before[last:] == after[last + shift:]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(posts())
def test_fixing_changes_only_the_fixed_spans(linters, generated):
    path, linter = linters
    pieces, newline, bom = generated
    before = render(pieces, bom)
    fixed = fix_file(linter["IMG001"], path, NAME, data=before)
    assert fixed.after == render(pieces, bom, fixed=True)
    if fixed.passes:
        assert len(fixed.passes) == 1
        text = before.decode("utf-8-sig")
        assert byte_spans_unchanged(before, fixed.after, text, bom, fixed.passes[0])
    assert fixed.after.startswith(codecs.BOM_UTF8) == bom
    assert fixed.after.count(b"\r\n") == before.count(b"\r\n")
    again = fix_file(linter["IMG001"], path, NAME, data=fixed.after)
    assert not again.changed and again.fixed == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(posts())
def test_every_fixable_rule_keeps_the_rest_of_the_file(linters, generated):
    path, linter = linters
    pieces, newline, bom = generated
    data = render(pieces, bom)
    fixed = fix_file(linter["fixable"], path, NAME, data=data)
    for edits in fixed.passes:
        text = data.decode("utf-8-sig")
        nxt = (codecs.BOM_UTF8 if bom else b"") + _apply(text, edits).encode("utf-8")
        assert byte_spans_unchanged(data, nxt, text, bom, edits)
        data = nxt
    assert data == fixed.after
    assert not fix_file(linter["fixable"], path, NAME, data=fixed.after).changed


def _apply(text, edits):
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text
