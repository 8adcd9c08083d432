"""FM: front matter rules — what each must find (code and line) and what it must leave alone."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from helpers import SAMPLE, codes, lint_post, lint_site, run_cli, write_site

FIXTURES = Path(__file__).parent / "fixtures" / "fm_ld"
GOOD = (FIXTURES / "2025-06-02-good-post.md").read_text(encoding="utf-8")
SITE_YML = "title: Test blog\nurl: https://blog.example.com\n"

#: a front matter with every required and recommended key, healthy values
BASE = {
    "layout": "post",
    "title": "AI導入ロードマップ：学習型マーケティングの5ステップ",
    "date": "2025-06-02 09:30:00 +0900",
    "author": "LeadFive",
    "description": "データ基盤づくり、AIの学習、効果測定の3段階で、AI導入を失敗せずに進める方法を解説します。",
    "image": "/assets/images/ai-roadmap.png",
    "categories": "[AIマーケティング]",
    "tags": "[AI導入, マーケティング]",
    "seo_keywords": '["AI導入 ロードマップ"]',
}


def post(body: str = "Text.\n", drop: tuple = (), **keys) -> str:
    """A post with BASE's keys, ``keys`` replacing or adding lines (value written as is),
    ``drop`` removing keys."""
    lines = {k: v for k, v in BASE.items() if k not in drop}
    lines.update(keys)
    front = "\n".join(f"{k}: {v}" if v is not None else f"{k}:" for k, v in lines.items())
    return f"---\n{front}\n---\n\n{body}"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def fm(tmp_path, text, select=("FM",), **kw):
    return lint_post(tmp_path, text, name="2025-06-02-post.md", select=select, **kw)


# -- no finding on a complete, correct post ---------------------------------------------------


def test_complete_post_has_no_fm_or_ld_finding(tmp_path):
    findings = lint_post(tmp_path, GOOD, name="2025-06-02-good-post.md", select=("FM", "LD"))
    assert findings == []


def test_base_post_is_clean(tmp_path):
    assert fm(tmp_path, post()) == []


# -- FM001 ------------------------------------------------------------------------------


def test_fm001_missing_title_at_opening_line(tmp_path):
    findings = fm(tmp_path, post(drop=("title",)), select=("FM001",))
    assert codes(findings) == [("FM001", 1)]
    assert "`title` is missing" in findings[0].message


def test_fm001_empty_value_at_its_line(tmp_path):
    text = post(title='""')
    findings = fm(tmp_path, text, select=("FM001",))
    assert codes(findings) == [("FM001", line_of(text, "title:"))]
    assert "`title` is empty" in findings[0].message


def test_fm001_null_value_is_empty(tmp_path):
    text = post(title=None)
    assert codes(fm(tmp_path, text, select=("FM001",))) == [("FM001", line_of(text, "title:"))]


def test_fm001_defaults_count_as_present(tmp_path):
    config = SITE_YML + "defaults:\n  - scope: {path: ''}\n    values: {layout: post}\n"
    text = post(drop=("layout",))
    assert fm(tmp_path, text, select=("FM001",), files={"_config.yml": config}) == []


def test_fm001_date_from_the_file_name_counts(tmp_path):
    assert fm(tmp_path, post(drop=("date",)), select=("FM001",)) == []


def test_fm001_a_draft_needs_no_date(tmp_path):
    write_site(tmp_path, {"_drafts/idea.md": post(drop=("date",))})
    assert [f for f in lint_site(tmp_path, select=("FM001", "FM008")) if f.path == "_drafts/idea.md"] == []


def test_fm001_layout_null_is_a_choice(tmp_path):
    assert fm(tmp_path, post(layout="null"), select=("FM001",)) == []


def test_fm001_not_on_a_post_without_front_matter(tmp_path):
    assert fm(tmp_path, "Just text.\n", select=("FM001", "FM002")) == []


def test_fm001_missing_layout_says_why(tmp_path):
    findings = fm(tmp_path, post(drop=("layout",)), select=("FM001",))
    assert codes(findings) == [("FM001", 1)]
    assert "page template" in findings[0].message


# -- FM002 ------------------------------------------------------------------------------


def test_fm002_one_note_lists_missing_recommended_keys(tmp_path):
    findings = fm(tmp_path, post(drop=("description", "tags")), select=("FM002",))
    assert codes(findings) == [("FM002", 1)]
    assert findings[0].severity == "note"
    assert "`description`" in findings[0].message and "`tags`" in findings[0].message
    assert "`image`" not in findings[0].message


def test_fm002_an_empty_recommended_key_is_a_choice(tmp_path):
    assert fm(tmp_path, post(tags="[]"), select=("FM002",)) == []
    text = post(description='""')
    assert fm(tmp_path, text, select=("FM002",)) == []
    findings = fm(tmp_path, text, select=("FM006",))
    assert codes(findings) == [("FM006", line_of(text, "description:"))] and "empty" in findings[0].message


def test_fm_leaves_seo_keywords_shape_to_kw001(tmp_path):
    assert fm(tmp_path, post(seo_keywords="AI導入, マーケティング"), select=("FM",)) == []


def test_fm002_alternatives_and_site_author(tmp_path):
    text = post(drop=("categories", "tags", "author"), category="news", tag="ai")
    config = SITE_YML + "author: LeadFive\n"
    assert fm(tmp_path, text, select=("FM002",), files={"_config.yml": config}) == []


def test_fm002_ignore_keys_option(tmp_path):
    text = post(drop=("seo_keywords",))
    toml = '[rules.FM002]\nignore-keys = ["seo_keywords"]\n'
    assert fm(tmp_path, text, select=("FM002",), toml=toml) == []


# -- FM003 ------------------------------------------------------------------------------


# what Jekyll 4.3.1 (Ruby's Time.parse) does with each, checked with Debian's jekyll
@pytest.mark.parametrize("value, words", [
    ('"2025-13-45"', "the build stops"), ("2025-13-45", "the build stops"),
    ('"2025-06-02 25:00:00"', "the build stops"), ("'{{ site.time }}'", "Liquid"),
    ("2025-02-30", "Jekyll reads it as 2025-03-02"), ('"next monday"', "not a date Jekyll reads reliably"),
    ("0000-02-30", "Jekyll reads it as 0000-03-01"),  # Ruby's Time has a year 0 (a leap year)
    ('"2025年6月2日"', "not a date"), ("2025", "not a date"), ("[2025-06-02]", "is a list of 1, not a date")])
def test_fm003_date_jekyll_cannot_read(tmp_path, value, words):
    text = post(date=value)
    findings = fm(tmp_path, text, select=("FM003",))
    assert codes(findings) == [("FM003", line_of(text, "date:"))]
    assert words in findings[0].message


@pytest.mark.parametrize("value", ["2025-06-02", "2025-06-02 09:30:00 +0900", "2026-01-19T01:56:41.465Z",
                                   "2025-06-02 09:30", '"2023-01-29 18:30:22 2023 -0800"', '"Jun 2, 2025"',
                                   '"2 June 2025"', '"2025/06/02"', '"2025.06.02"', '"20250602x"', "20250602",
                                   "0000-02-15"])
def test_fm003_dates_jekyll_reads(tmp_path, value):
    assert fm(tmp_path, post(date=value), select=("FM003",)) == []


def test_fm003_comma_separated_tags_with_fix(tmp_path):
    text = post(tags="AI導入, マーケティング")
    findings = fm(tmp_path, text, select=("FM003",))
    assert codes(findings) == [("FM003", line_of(text, "tags:"))]
    assert "tags: [AI導入, マーケティング]" in findings[0].message
    assert "Jekyll splits it at spaces" in findings[0].message


def test_fm003_space_separated_categories_are_fine(tmp_path):
    assert fm(tmp_path, post(categories="ai marketing"), select=("FM003",)) == []


def test_fm003_quoted_boolean(tmp_path):
    text = post(published='"false"')
    findings = fm(tmp_path, text, select=("FM003",))
    assert codes(findings) == [("FM003", line_of(text, "published:"))]
    assert "Write false without quotes" in findings[0].message


@pytest.mark.parametrize("value, words", [('"8"', "write 8 without quotes"), ("8分", "not the text “8分”"),
                                          ("0", "more than 0"), ("-3", "more than 0"), ("true", "not true")])
def test_fm003_reading_time(tmp_path, value, words):
    text = post(reading_time=value)
    findings = fm(tmp_path, text, select=("FM003",))
    assert codes(findings) == [("FM003", line_of(text, "reading_time:"))]
    assert words in findings[0].message


def test_fm003_list_item_position(tmp_path):
    text = post(tags="\n  - AI導入\n  - [nested]")
    findings = fm(tmp_path, text, select=("FM003",))
    assert codes(findings) == [("FM003", line_of(text, "- [nested]"))]
    assert "tags[1]" in findings[0].message


def test_fm003_liquid_values_are_left_alone(tmp_path):
    assert fm(tmp_path, post(reading_time='"{{ page.minutes }}"'), select=("FM003",)) == []


def test_fm003_value_from_defaults_says_so(tmp_path):
    config = SITE_YML + "defaults:\n  - scope: {path: ''}\n    values: {featured: 'yes'}\n"
    findings = fm(tmp_path, post(), select=("FM003",), files={"_config.yml": config})
    assert codes(findings) == [("FM003", 1)]
    assert "_config.yml defaults" in findings[0].message


def test_fm003_and_fm001_custom_schema_relative_to_config(tmp_path):
    schema = {"type": "object", "required": ["title", "lang"],
              "properties": {"lang": {"enum": ["ja", "en"]}, "title": {"type": "string"}}}
    write_site(tmp_path, {"schemas/fm.json": json.dumps(schema)})
    text = post(lang="fr")
    findings = fm(tmp_path, text, select=("FM001", "FM003"), toml='[rules.FM001]\nschema = "schemas/fm.json"\n')
    assert codes(findings) == [("FM003", line_of(text, "lang:"))]
    assert "must be one of ja, en" in findings[0].message
    findings = fm(tmp_path, post(), select=("FM001",), toml='[rules.FM001]\nschema = "schemas/fm.json"\n')
    assert codes(findings) == [("FM001", 1)] and "`lang`" in findings[0].message


def test_custom_schema_using_keywords_beyond_the_fast_validator(tmp_path):
    schema = {"type": "object", "properties": {"lang": {"type": "string"}},
              "dependentRequired": {"lang": ["locale"]}, "recommended": ["summary"]}
    write_site(tmp_path, {"fm.json": json.dumps(schema)})
    findings = fm(tmp_path, post(lang="ja"), select=("FM001", "FM002", "FM003"),
                  toml='[rules.FM001]\nschema = "fm.json"\n')
    assert sorted(codes(findings)) == [("FM002", 1), ("FM003", 1)]


@pytest.mark.parametrize("schema", [{"type": 5}, {"required": "title"}, {"$ref": "#/$defs/nothing"},
                                    {"properties": {"a": {"minLength": "x"}}}])
def test_invalid_custom_schema_is_one_error(tmp_path, schema):
    write_site(tmp_path, {"fm.json": json.dumps(schema)})
    findings = fm(tmp_path, post(), select=("FM",), toml='[rules.FM001]\nschema = "fm.json"\n')
    assert codes(findings) == [("FM001", 1)]
    assert "not a valid JSON Schema" in findings[0].message


def test_unreadable_custom_schema_is_one_error(tmp_path):
    findings = fm(tmp_path, post(), select=("FM",), toml='[rules.FM001]\nschema = "missing.json"\n')
    assert codes(findings) == [("FM001", 1)]
    assert "cannot be used" in findings[0].message


# -- FM004 ------------------------------------------------------------------------------


@pytest.mark.parametrize("key, meant", [("seo_keyword", "seo_keywords"), ("descripton", "description"),
                                        ("catagories", "categories"), ("Title", "title"), ("auther", "author"),
                                        ("seo-keywords", "seo_keywords")])
def test_fm004_typo_names_the_key_meant(tmp_path, key, meant):
    text = post(**{key: "x"})
    findings = fm(tmp_path, text, select=("FM004",))
    assert codes(findings) == [("FM004", line_of(text, f"{key}:"))]
    assert f"did you mean `{meant}`" in findings[0].message


@pytest.mark.parametrize("key", ["tag", "category", "instinct", "version", "redirect_from", "filters_linked_to",
                                 "toc", "xyz"])
def test_fm004_leaves_real_keys_alone(tmp_path, key):
    assert fm(tmp_path, post(**{key: "x"}), select=("FM004",)) == []


def test_fm004_known_keys_option(tmp_path):
    toml = '[rules.FM004]\nknown-keys = ["seo_keyword"]\n'
    assert fm(tmp_path, post(seo_keyword="x"), select=("FM004",), toml=toml) == []


# -- FM005 / FM006 ------------------------------------------------------------------------


def test_fm005_long_japanese_title_in_display_width(tmp_path):
    text = post(title='"2026年版：AI導入ロードマップ5ステップで実現する学習型マーケティング戦略"')
    findings = fm(tmp_path, text, select=("FM005",))
    assert codes(findings) == [("FM005", line_of(text, "title:"))]
    assert "71 columns wide (39 characters)" in findings[0].message


def test_fm005_same_length_in_latin_is_fine(tmp_path):
    assert fm(tmp_path, post(title="A" * 39), select=("FM005",)) == []


def test_fm005_title_just_past_60_columns_is_not_reported(tmp_path):
    """Column counts only estimate Google's ~600 px: 61-63 columns is usually shown whole."""
    assert fm(tmp_path, post(title="A" * 63), select=("FM005",)) == []
    findings = fm(tmp_path, post(title="A" * 66), select=("FM005",))
    assert codes(findings) and "66 columns wide" in findings[0].message


def test_fm005_short_title_and_option(tmp_path):
    text = post(title="Vimmers")
    assert codes(fm(tmp_path, text, select=("FM005",))) == [("FM005", line_of(text, "title:"))]
    toml = "[rules.FM005]\nmin-width = 5\nmax-width = 80\n"
    assert fm(tmp_path, text, select=("FM005",), toml=toml) == []


def test_fm006_description_length(tmp_path):
    text = post(description="短すぎる説明")
    findings = fm(tmp_path, text, select=("FM006",))
    assert codes(findings) == [("FM006", line_of(text, "description:"))]
    assert "only 12 columns" in findings[0].message
    text = post(description="あ" * 81)
    assert codes(fm(tmp_path, text, select=("FM006",))) == [("FM006", line_of(text, "description:"))]
    assert fm(tmp_path, post(description="a" * 160), select=("FM006",)) == []


# -- FM007 ------------------------------------------------------------------------------


def test_fm007_description_repeats_title(tmp_path):
    text = post(title="AI導入ロードマップ", description='"ＡＩ導入 ロードマップ！"')
    findings = fm(tmp_path, text, select=("FM007",))
    assert codes(findings) == [("FM007", line_of(text, "description:"))]
    assert "word for word" in findings[0].message


def test_fm007_title_plus_tagline(tmp_path):
    text = post(title="AI導入ロードマップ5ステップで実現する学習型マーケティング",
                description="AI導入ロードマップ5ステップで実現する学習型マーケティング - LeadFiveの実践ガイド")
    findings = fm(tmp_path, text, select=("FM007",))
    assert codes(findings) == [("FM007", line_of(text, "description:"))]
    assert "adds only “LeadFiveの実践ガイド”" in findings[0].message


def test_fm007_part_of_title_and_a_real_summary(tmp_path):
    text = post(title="AI導入ロードマップ5ステップ", description="AI導入ロードマップ")
    assert codes(fm(tmp_path, text, select=("FM007",))) == [("FM007", line_of(text, "description:"))]
    assert fm(tmp_path, post(), select=("FM007",)) == []


# -- FM008 ------------------------------------------------------------------------------


def test_fm008_future_date_is_a_note(tmp_path):
    future = (datetime.now(timezone.utc) + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S +0000")
    text = post(date=future)
    findings = fm(tmp_path, text, select=("FM008",))
    assert codes(findings) == [("FM008", line_of(text, "date:"))]
    assert findings[0].severity == "note" and "in the future" in findings[0].message


def test_fm008_future_file_name_date_and_future_true(tmp_path):
    year = datetime.now(timezone.utc).year + 2
    name = f"{year}-01-01-later.md"
    findings = lint_post(tmp_path, post(drop=("date",)), name=name, select=("FM008",))
    assert codes(findings) == [("FM008", 1)] and "file name's date" in findings[0].message
    config = SITE_YML + "future: true\n"
    assert lint_post(tmp_path, post(drop=("date",)), name=name, select=("FM008",),
                     files={"_config.yml": config}) == []


def test_fm008_past_date_is_fine(tmp_path):
    assert fm(tmp_path, post(), select=("FM008",)) == []


# -- FM009 ------------------------------------------------------------------------------


@pytest.mark.parametrize("value, words", [("images/x.png", "relative path"),
                                          ("//cdn.example.com/x.png", "no scheme"),
                                          ('"/assets/my image.png"', "space"), ("data:image/png;base64,AAA",
                                                                                "not a web address")])
def test_fm009_image_not_https_or_site_path(tmp_path, value, words):
    text = post(image=value)
    findings = fm(tmp_path, text, select=("FM009",))
    assert codes(findings) == [("FM009", line_of(text, "image:"))]
    assert words in findings[0].message


@pytest.mark.parametrize("value", ["/assets/x.png", "https://images.unsplash.com/photo-1?w=1080&w=1200",
                                   "http://example.com/x.png",
                                   "'{{ site.logo }}'", "'{{ \"/x.png\" | relative_url }}'"])
def test_fm009_leaves_good_images_alone(tmp_path, value):
    assert fm(tmp_path, post(image=value), select=("FM009",)) == []


def test_fm009_image_path_mapping_and_defaults(tmp_path):
    text = post(image="\n  path: img/x.png\n  alt: x")
    assert codes(fm(tmp_path, text, select=("FM009",))) == [("FM009", line_of(text, "path:"))]
    config = SITE_YML + "defaults:\n  - scope: {path: ''}\n    values: {image: 'img/x.png'}\n"
    findings = fm(tmp_path, post(drop=("image",)), select=("FM009",), files={"_config.yml": config})
    assert codes(findings) == [("FM009", 1)] and "defaults" in findings[0].message


# -- the sample post ----------------------------------------------------------------------


def test_sample_post_fm_findings(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    findings = lint_post(tmp_path, text, name=SAMPLE.name, select=("FM",),
                         files={"_config.yml": "title: LeadFive\nurl: https://leadfive.co.jp\n"})
    assert codes(findings) == [("FM005", 3), ("FM007", 8)]


# -- documentation ----------------------------------------------------------------------


@pytest.mark.parametrize("code", [f"FM00{i}" for i in range(1, 10)])
def test_rule_doc(tmp_path, code):
    result = run_cli(["rule", code], tmp_path)
    assert result.returncode == 0
    for section in ("## What it does", "## Why is this bad?", "## Example"):
        assert section in result.stdout


# -- schema engine --------------------------------------------------------------------------


def test_display_width():
    from leadlint.rules.front_matter import display_width

    assert display_width("abc") == 3
    assert display_width("日本語") == 6
    assert display_width("ＡＩ×心理学") == 2 + 2 + 1 + 6


def test_schema_is_loaded_without_jsonschema(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from leadlint.rules import front_matter, structured_data, _schema;"
            "s = _schema.load(None, 'front-matter.schema.json'); s.errors({'title': 1});"
            "print('jsonschema' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_lint_site_runs_fm_on_several_posts(tmp_path):
    write_site(tmp_path, {"_posts/2025-06-01-a.md": post(), "_posts/2025-06-02-b.md": post(drop=("title",))})
    assert codes(lint_site(tmp_path, select=("FM001",))) == [("FM001", 1)]


# -- the compiled validator agrees with jsonschema ------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXTS = st.sampled_from(["", "x", "AI導入, マーケティング", "2025-06-02", "2025-13-45", "2025-06-02T09:30:00",
                          "2025-06-02T09:30:00+09:00", "https://example.com/a.png", "/a.png", "Person", "Organization",
                          "ImageObject", "true", "8", "a" * 120, "{{ page.title }}"]) | st.text(max_size=8)
_SCALARS = st.none() | st.booleans() | st.integers(-3, 10) | st.floats(-2, 10, allow_nan=False) | _TEXTS


def _values(keys):
    return st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.sampled_from(keys), inner, max_size=4), max_leaves=8)


def _shape(errors):
    return sorted((tuple(map(str, e.path)), e.keyword, json.dumps(e.argument, sort_keys=True, default=str))
                  for e in errors)


def _compare(schema, instance):
    from leadlint.rules._schema import Schema

    fast = Schema(schema.document)
    assert fast.native
    slow = Schema(schema.document)
    slow.native = False
    assert _shape(fast.requirement_errors(instance)) == _shape(slow.requirement_errors(instance))
    assert _shape(fast.advice(instance)) == _shape(slow.advice(instance))


_FM_KEYS = ["layout", "title", "date", "tags", "seo_keywords", "published", "reading_time", "author", "image",
            "category", "x", "name", "path"]
_LD_KEYS = ["@type", "headline", "image", "datePublished", "dateModified", "author", "publisher", "name", "url",
            "logo", "contentUrl", "description"]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_FM_KEYS), _values(_FM_KEYS), max_size=8))
def test_compiled_validator_matches_jsonschema_on_front_matter(instance):
    from leadlint.rules._schema import load

    _compare(load(None, "front-matter.schema.json"), instance)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_LD_KEYS), _values(_LD_KEYS), max_size=8))
def test_compiled_validator_matches_jsonschema_on_articles(instance):
    from leadlint.rules._schema import load

    _compare(load(None, "article.schema.json"), instance)


_MANY_KEYWORDS = {
    "type": "object", "required": ["a"], "additionalProperties": False,
    "patternProperties": {"^x": {"type": "integer", "maximum": 5, "exclusiveMaximum": 4}},
    "properties": {
        "a": {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "string", "minLength": 2}]},
        "b": {"not": {"const": 1}, "enum": [1, 2, True, "x", [1], {"k": 1}]},
        "c": {"type": "array", "uniqueItems": True, "minItems": 1, "maxItems": 2, "items": {"minimum": 0}},
        "d": {"allOf": [{"type": ["number", "null"]}, {"exclusiveMinimum": 0}]},
        "name": {"pattern": "^[a-z]+$"},
    },
}


@settings(max_examples=250, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d", "x1", "name", "y"]), _values(["k", "a"]), max_size=6))
def test_compiled_validator_matches_jsonschema_on_many_keywords(instance):
    from leadlint.rules._schema import Schema

    _compare(Schema(_MANY_KEYWORDS), instance)
