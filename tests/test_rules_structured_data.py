"""LD: structured data rules — what each must find (code and line) and what it must leave alone."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from helpers import SAMPLE, codes, lint_post, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "fm_ld"
GOOD = (FIXTURES / "2025-06-02-good-post.md").read_text(encoding="utf-8")
SITE = {"_config.yml": "title: Test blog\nurl: https://blog.example.com\n"}

FRONT = """---
layout: post
title: "AI導入ロードマップ"
date: 2025-06-02 09:30:00 +0900
description: "AI導入を5つのステップで進める方法を解説します。"
image: /assets/images/ai.png
---

Intro.

"""

ARTICLE = {
    "@context": "https://schema.org",
    "@type": "BlogPosting",
    "headline": "AI導入ロードマップ",
    "description": "AI導入を5つのステップで進める方法を解説します。",
    "image": "https://blog.example.com/assets/images/ai.png",
    "datePublished": "2025-06-02T09:30:00+09:00",
    "dateModified": "2025-06-03T09:30:00+09:00",
    "author": {"@type": "Person", "name": "Kana", "url": "https://blog.example.com/about/"},
    "publisher": {"@type": "Organization", "name": "LeadFive",
                  "logo": {"@type": "ImageObject", "url": "https://blog.example.com/logo.png"}},
}


def article(**changes) -> dict:
    data = dict(ARTICLE)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def script(data) -> str:
    body = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
    return f'<script type="application/ld+json">\n{body}\n</script>\n'


def ld(tmp_path, text, select=("LD",), **kw):
    kw.setdefault("files", SITE)
    return lint_post(tmp_path, text, name="2025-06-02-post.md", select=select, **kw)


def line_of(text: str, needle: str, nth: int = 0) -> int:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


# -- no finding on a complete, correct post ---------------------------------------------------


def test_complete_post_no_findings(tmp_path):
    assert ld(tmp_path, GOOD, select=("FM", "LD")) == []


def test_healthy_article_no_findings(tmp_path):
    assert ld(tmp_path, FRONT + script(article())) == []


def test_no_json_ld_no_findings(tmp_path):
    assert ld(tmp_path, FRONT + "Just text.\n") == []


def test_json_ld_in_a_code_block_is_not_checked(tmp_path):
    text = FRONT + "```html\n" + script('{"broken": ,}') + "```\n"
    assert ld(tmp_path, text) == []


# -- LD001 ------------------------------------------------------------------------------


def test_ld001_trailing_comma_exact_line_and_column(tmp_path):
    text = FRONT + script('{\n  "@context": "https://schema.org",\n  "@type": "BlogPosting",\n}')
    findings = ld(tmp_path, text, select=("LD001",))
    assert codes(findings) == [("LD001", line_of(text, '  "@type"') + 1)]
    assert findings[0].column == 1
    assert "trailing comma" in findings[0].message


def test_ld001_missing_comma_column(tmp_path):
    text = FRONT + script('{"@context": "https://schema.org" "@type": "BlogPosting"}')
    findings = ld(tmp_path, text, select=("LD001",))
    line = line_of(text, '{"@context"')
    assert [(f.code, f.line, f.column) for f in findings] == [("LD001", line, 35)]
    assert "comma is missing" in findings[0].message


def test_ld001_in_an_html_post(tmp_path):
    text = "---\ntitle: x\n---\n<p>Hi</p>\n" + script("{'@type': 'BlogPosting'}")
    findings = lint_post(tmp_path, text, name="2025-06-02-post.html", select=("LD001",))
    assert codes(findings) == [("LD001", 6)]
    assert "double quotes" in findings[0].message


def test_ld001_liquid_is_not_invalid_json(tmp_path):
    block = """{
  "@context": "https://schema.org",
  "@type": "BlogPosting",
  "headline": {{ page.title | jsonify }},
  "description": "{{ page.description | strip_html }}",
  {% if page.image %}"image": "{{ page.image | absolute_url }}",{% endif %}
  "keywords": [{% for t in page.tags %}"{{ t }}"{% unless forloop.last %},{% endunless %}{% endfor %}],
  "author": {% if page.author %}{"@type": "Person", "name": {{ page.author | jsonify }}}{% else %}{"@type": "Organization", "name": "X"}{% endif %},
  {% comment %} "publisher": old, {% endcomment %}
  "datePublished": "{{ page.date | date_to_xmlschema }}"
}"""
    assert ld(tmp_path, FRONT + script(block), select=("LD001",)) == []


def test_ld001_include_makes_the_block_unchecked_not_invalid(tmp_path):
    block = '{"@context": "https://schema.org", "@type": "BlogPosting", "author": {% include author.json %}}'
    assert ld(tmp_path, FRONT + script(block)) == []


def test_ld001_bare_liquid_text_where_a_value_belongs(tmp_path):
    text = FRONT + script('{"@context": "https://schema.org", "@type": "BlogPosting",\n "headline": {{ page.title }}}')
    findings = ld(tmp_path, text, select=("LD001",))
    assert codes(findings) == [("LD001", line_of(text, '"headline"'))]
    assert "| jsonify" in findings[0].message and "AI導入ロードマップ" in findings[0].message


def test_ld001_liquid_writing_a_quote_into_a_string(tmp_path):
    front = FRONT.replace('title: "AI導入ロードマップ"', "title: 'The \"best\" roadmap'")
    text = front + script('{"@context": "https://schema.org", "@type": "Thing",\n "name": "{{ page.title }}"}')
    findings = ld(tmp_path, text, select=("LD001",))
    assert codes(findings) == [("LD001", line_of(text, '"name"'))]
    assert "double quote" in findings[0].message


def test_ld001_empty_block_and_nan(tmp_path):
    text = FRONT + script("   ") + script('{"@type": "Thing", "x": NaN}')
    findings = ld(tmp_path, text, select=("LD001",))
    assert codes(findings) == [("LD001", line_of(text, "<script")), ("LD001", line_of(text, "NaN"))]


def test_ld001_deep_nesting_is_a_finding_not_a_crash(tmp_path):
    text = FRONT + script("[" * 100_000 + "]" * 100_000)
    findings = ld(tmp_path, text)
    assert codes(findings) == [("LD001", line_of(text, "[[["))]
    assert "nested too deeply" in findings[0].message


def test_ld001_moderately_deep_json_runs_every_rule(tmp_path):
    deep = {"@context": "https://schema.org", "@type": "Thing", "x": json.loads("[" * 500 + "]" * 500)}
    assert ld(tmp_path, FRONT + script(deep)) == []


def test_huge_json_ld_is_fine(tmp_path):
    big = article(mentions=[{"@type": "Thing", "name": f"item {i}"} for i in range(50_000)])
    started = time.perf_counter()
    assert ld(tmp_path, FRONT + script(big)) == []
    assert time.perf_counter() - started < 30


# -- LD002 / LD003 ------------------------------------------------------------------------


def test_ld002_missing_context(tmp_path):
    text = FRONT + script(article(**{"@context": None}))
    findings = ld(tmp_path, text, select=("LD002",))
    assert codes(findings) == [("LD002", line_of(text, '"@type"'))]


def test_ld002_wrong_context(tmp_path):
    text = FRONT + script(article(**{"@context": "https://example.org/vocab"}))
    assert codes(ld(tmp_path, text, select=("LD002",))) == [("LD002", line_of(text, '"@context"'))]


@pytest.mark.parametrize("context", ["http://schema.org", "https://schema.org/", ["https://schema.org", {"x": "y"}],
                                     {"@vocab": "http://schema.org/"}])
def test_ld002_accepted_contexts(tmp_path, context):
    assert ld(tmp_path, FRONT + script(article(**{"@context": context})), select=("LD002",)) == []


def test_ld002_each_item_of_a_top_level_list(tmp_path):
    text = FRONT + script([article(), {"@type": "Organization", "name": "Orphan org"}])
    assert codes(ld(tmp_path, text, select=("LD002",))) == [("LD002", line_of(text, '"Orphan org"') - 1)]


def test_ld003_missing_type(tmp_path):
    text = FRONT + script(article(**{"@type": None}))
    findings = ld(tmp_path, text, select=("LD003",))
    assert codes(findings) == [("LD003", line_of(text, "{"))]


def test_ld003_graph_member_without_type(tmp_path):
    data = {"@context": "https://schema.org", "@graph": [article(**{"@context": None}), {"name": "orphan"}]}
    text = FRONT + script(data)
    findings = ld(tmp_path, text, select=("LD002", "LD003"))
    assert codes(findings) == [("LD003", line_of(text, '"name": "orphan"') - 1)]
    assert "@graph member" in findings[0].message


# -- LD004 / LD005 / LD006 ------------------------------------------------------------------


def test_ld004_missing_image_at_the_type_line(tmp_path):
    text = FRONT + script(article(image=None))
    findings = ld(tmp_path, text, select=("LD004",))
    assert codes(findings) == [("LD004", line_of(text, '"@type": "BlogPosting"'))]
    assert "BlogPosting has no image" in findings[0].message


def test_ld004_author_without_name(tmp_path):
    text = FRONT + script(article(author={"@type": "Person", "url": "https://x.example/"}))
    findings = ld(tmp_path, text, select=("LD004", "LD005"))
    assert codes(findings) == [("LD004", line_of(text, '"author"'))]
    assert "author has no name" in findings[0].message


@pytest.mark.parametrize("key, value, words", [
    ("datePublished", "2025/06/02", "not an ISO 8601 date"),
    ("author", "Kana", "a Person or Organization with a name"),
    ("image", "/assets/images/ai.png", "absolute URL"),
    ("image", {"@type": "ImageObject", "width": 1200}, "ImageObject with a url"),
    ("headline", "", "headline is empty"),
    ("publisher", {"@type": "Organization"}, None),
])
def test_ld005_wrong_shapes(tmp_path, key, value, words):
    text = FRONT + script(article(**{key: value}))
    findings = ld(tmp_path, text, select=("LD004", "LD005"))
    if words is None:  # a publisher without name: a required property
        assert codes(findings) == [("LD004", line_of(text, f'"{key}"'))]
        return
    assert codes(findings) == [("LD005", line_of(text, f'"{key}"'))]
    assert words in findings[0].message


def test_ld005_liquid_date_without_xmlschema(tmp_path):
    block = '{"@context": "https://schema.org", "@type": "BlogPosting",\n "datePublished": "{{ page.date }}"}'
    text = FRONT + script(block)
    findings = ld(tmp_path, text, select=("LD005",))
    assert codes(findings) == [("LD005", line_of(text, '"datePublished"'))]
    assert "2025-06-02 09:30:00 +0900" in findings[0].message and "date_to_xmlschema" in findings[0].message
    fixed = block.replace("{{ page.date }}", "{{ page.date | date_to_xmlschema }}")
    assert ld(tmp_path, FRONT + script(fixed), select=("LD005",)) == []


def test_ld005_unknown_liquid_values_are_not_judged(tmp_path):
    block = ('{"@context": "https://schema.org", "@type": "BlogPosting", "headline": {{ site.data.h | jsonify }},'
             ' "image": "{{ page.url | absolute_url }}", "datePublished": "{{ site.time | date_to_xmlschema }}",'
             ' "author": {{ site.data.authors.kana | jsonify }}}')
    assert ld(tmp_path, FRONT + script(block), select=("LD004", "LD005", "LD007")) == []


def test_ld006_recommended_properties_are_notes(tmp_path):
    data = article(dateModified=None, author={"@type": "Person", "name": "Kana"},
                   headline="A" * 120, datePublished="2025-06-02T09:30:00")
    text = FRONT.replace("AI導入ロードマップ", "A" * 120) + script(data)
    findings = ld(tmp_path, text, select=("LD006",))
    assert {f.severity for f in findings} == {"note"}
    assert sorted(codes(findings)) == sorted([
        ("LD006", line_of(text, '"@type": "BlogPosting"')),
        ("LD006", line_of(text, '"author"')),
        ("LD006", line_of(text, '"headline"')),
        ("LD006", line_of(text, '"datePublished"')),
    ])
    messages = " | ".join(f.message for f in findings)
    assert "no dateModified" in messages and "author “Kana” has no url" in messages
    assert "120 characters" in messages and "no time zone" in messages


def test_ld_references_between_nodes_are_followed(tmp_path):
    person = {"@type": "Person", "@id": "https://blog.example.com/#kana", "name": "Kana",
              "url": "https://blog.example.com/about/"}
    data = {"@context": "https://schema.org",
            "@graph": [article(**{"@context": None, "author": {"@id": "https://blog.example.com/#kana"}}), person]}
    assert ld(tmp_path, FRONT + script(data)) == []
    external = article(author={"@id": "https://elsewhere.example/#me"})
    assert ld(tmp_path, FRONT + script(external)) == []


def test_ld_only_article_types_meet_the_article_schema(tmp_path):
    data = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": []}
    assert ld(tmp_path, FRONT + script(data)) == []


def test_several_blocks_and_types_in_a_list(tmp_path):
    text = FRONT + script(article()) + script(article(**{"@type": ["NewsArticle"], "image": None}))
    findings = ld(tmp_path, text, select=("LD004",))
    assert codes(findings) == [("LD004", line_of(text, '"@type": [', 0))]
    assert "NewsArticle has no image" in findings[0].message


# -- LD007 ------------------------------------------------------------------------------


def test_ld007_headline_differs_from_title(tmp_path):
    text = FRONT + script(article(headline="AI導入ロードマップ【2024年版】"))
    findings = ld(tmp_path, text, select=("LD007",))
    assert codes(findings) == [("LD007", line_of(text, '"headline"'))]
    assert "【2024年版】" in findings[0].message and "“AI導入ロードマップ”" in findings[0].message


def test_ld007_dates(tmp_path):
    same_instant = article(datePublished="2025-06-02T00:30:00Z")
    assert ld(tmp_path, FRONT + script(same_instant), select=("LD007",)) == []
    text = FRONT + script(article(datePublished="2025-06-03T09:30:00+09:00"))
    findings = ld(tmp_path, text, select=("LD007",))
    assert codes(findings) == [("LD007", line_of(text, '"datePublished"'))]
    assert "2025-06-02 09:30:00+09:00" in findings[0].message


def test_ld007_zone_less_date_is_compared_as_a_date(tmp_path):
    front = FRONT.replace("date: 2025-06-02 09:30:00 +0900", "date: 2025-06-02")
    assert ld(tmp_path, front + script(article(datePublished="2025-06-02T23:00:00+09:00")), select=("LD007",)) == []
    text = front + script(article(datePublished="2025-06-01T23:00:00+09:00"))
    assert codes(ld(tmp_path, text, select=("LD007",))) == [("LD007", line_of(text, '"datePublished"'))]


def test_ld007_date_from_the_file_name(tmp_path):
    front = FRONT.replace("date: 2025-06-02 09:30:00 +0900\n", "")
    text = front + script(article(datePublished="2025-05-01T09:00:00+09:00"))
    findings = ld(tmp_path, text, select=("LD007",))
    assert codes(findings) == [("LD007", line_of(text, '"datePublished"'))]
    assert "file name's date 2025-06-02" in findings[0].message


def test_ld007_image_and_description(tmp_path):
    text = FRONT + script(article(image=["https://cdn.example.com/other.png"], description="Something else."))
    findings = ld(tmp_path, text, select=("LD007",))
    assert codes(findings) == [("LD007", line_of(text, '"description"')), ("LD007", line_of(text, '"image"'))]
    assert "/assets/images/ai.png" in findings[1].message


def test_ld007_site_path_image_matches_absolute_url(tmp_path):
    data = article(image={"@type": "ImageObject", "url": "https://blog.example.com/assets/images/ai.png"})
    assert ld(tmp_path, FRONT + script(data), select=("LD007",)) == []


def test_ld007_liquid_values_agree_by_construction(tmp_path):
    block = ('{"@context": "https://schema.org", "@type": "BlogPosting", "headline": "{{ page.title | escape }}",'
             ' "description": {{ page.description | jsonify }}, "image": "{{ page.image | absolute_url }}",'
             ' "datePublished": "{{ page.date | date_to_xmlschema }}"}')
    assert ld(tmp_path, FRONT + script(block), select=("LD007",)) == []


# -- the sample post ----------------------------------------------------------------------


def test_sample_post_ld_findings(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    findings = lint_post(tmp_path, text, name=SAMPLE.name, select=("LD",),
                         files={"_config.yml": "title: LeadFive\nurl: https://leadfive.co.jp\n"})
    assert codes(findings) == [("LD006", line_of(text, '"@type": "BlogPosting"')),
                               ("LD006", line_of(text, '"author"'))]
    assert "no dateModified" in findings[0].message
    assert "author “LeadFive” has no url" in findings[1].message


# -- documentation ----------------------------------------------------------------------


@pytest.mark.parametrize("code", [f"LD00{i}" for i in range(1, 8)])
def test_rule_doc(tmp_path, code):
    result = run_cli(["rule", code], tmp_path)
    assert result.returncode == 0
    for section in ("## What it does", "## Why is this bad?", "## Example", "## References"):
        assert section in result.stdout


def test_id_that_is_not_text_refers_to_nothing(tmp_path):
    """`{"@id": [...]}` or a numeric `@id` is no reference; the LD rules read on instead of failing."""
    data = article(author={"@id": ["#me"]}, publisher={"@id": 7})
    data["@id"] = ["#post"]
    findings = ld(tmp_path, FRONT + script(data))
    assert not [f for f in findings if "internal error" in f.message]
    assert all(f.code.startswith("LD") for f in findings)
