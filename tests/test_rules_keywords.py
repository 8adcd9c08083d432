"""KW: keywords of `seo_keywords` against the post's text.

Numbers marked "(yoast)" were checked with yoastseo 3.6.0 under node
(benchmarks/yoast/density.js, run by benchmarks/yoast_compare.py); the optional test at the
end re-runs that comparison when node and yoastseo are installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from bisect import bisect_left
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SAMPLE, codes, lint_post
from leadlint.post import Post
from leadlint.prose import _NFKC_CHANGEABLE, Block, _clean, _html_blocks, body_text, fold, nfkc, unify_quotes
from leadlint.rules import keywords as kw

FIXTURES = Path(__file__).parent / "fixtures" / "kw"
REPO = Path(__file__).resolve().parent.parent
KW = ("KW",)


def post_of(text: str, name: str = "2025-01-10-post.md") -> Post:
    return Post(Path(name), name, text.encode("utf-8"), None)


def usage(text: str, keyword: str) -> kw.Usage:
    post = post_of(text)
    return post.view(kw.keyword_use).usage(kw.parse_keyword(keyword))


def page(keywords: str, body: str, front: str = "title: A post\n", date: str = "2025-01-10") -> str:
    return f"---\n{front}date: {date}\nseo_keywords: {keywords}\n---\n{body}"


# -- the sample post ------------------------------------------------------------------------


def test_sample_post(tmp_path):
    findings = lint_post(tmp_path, SAMPLE.read_text(encoding="utf-8"), SAMPLE.name, select=KW)
    got = [(f.code, f.line, f.column, f.message) for f in findings]
    assert got == [
        ("KW003", 13, 16, 'keyword "AI導入 ロードマップ" is rare: 6 occurrences, 0.21 % of 2,912 words; '
                          "recommended 9–51 occurrences here (0.29–1.76 % for a 3-word keyphrase)"),
        ("KW005", 13, 16, 'focus keyword "AI導入 ロードマップ" is missing from every H2 (7 headings); '
                          "it is in the title, the description and the first paragraph"),
        ("KW003", 13, 31, 'keyword "AI マーケティング 最新トレンド" is rare: 1 occurrence, 0.03 % of 2,912 words; '
                          "recommended 8–42 occurrences here (0.25–1.48 % for a 4-word keyphrase)"),
        ("KW002", 13, 52, 'keyword "生成AI 活用法 マーケティング" is not in the body '
                          '(0 occurrences, 0.00 % of 2,912 words): "生成AI", "活用法" occur nowhere'),
        ("KW002", 13, 72, 'keyword "ChatGPT ビジネス活用 事例" is not in the body '
                          '(0 occurrences, 0.00 % of 2,912 words): "ChatGPT", "ビジネス活用" occur nowhere'),
        ("KW002", 13, 93, 'keyword "AI ツール 比較 2025" is not in the body '
                          '(0 occurrences, 0.00 % of 2,912 words): "2025" occurs nowhere'),
        ("KW006", 13, 93, 'keyword "AI ツール 比較 2025" names 2025, a year before the post\'s date (2026-01-19)'),
    ]
    # each finding covers its keyword's value, quotes included
    text = SAMPLE.read_text(encoding="utf-8").splitlines()[12]
    assert text[52 - 1 : findings[3].end_column - 1] == '"生成AI 活用法 マーケティング"'


def test_sample_counts_agree_with_yoast():
    """Yoast counts 2,912 words in the sample's body without its JSON-LD block, and finds
    `AI導入 ロードマップ` 6 times and `AI マーケティング 最新トレンド` once (yoast)."""
    post = Post(SAMPLE, SAMPLE.name, SAMPLE.read_bytes(), None)
    body = post.view(body_text)
    assert body.language == "ja"
    assert body.words == 2912
    assert body.sentence_count == 129  # yoastseo's getSentences on the same text: 129
    use = post.view(kw.keyword_use)
    counts = [use.usage(k).count for k in post.view(kw.keyword_list).keywords]
    assert counts == [6, 1, 0, 0, 0]


# -- clean posts: nothing to say --------------------------------------------------------------


@pytest.mark.parametrize("name", ["2025-03-10-clean-en.md", "2025-11-20-clean-ja.md"])
def test_clean_posts_have_no_findings(tmp_path, name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert lint_post(tmp_path, text, name, select=KW) == []


def test_clean_posts_are_in_the_band():
    """The clean posts are clean for the right reasons: every keyword inside its band."""
    for name in ("2025-03-10-clean-en.md", "2025-11-20-clean-ja.md"):
        post = Post(FIXTURES / name, name, (FIXTURES / name).read_bytes(), None)
        use = post.view(kw.keyword_use)
        for keyword in post.view(kw.keyword_list).keywords:
            found = use.usage(keyword)
            b = kw.band(found.words, use.length(keyword), {})
            assert b.min_count <= found.count <= b.max_count, (name, keyword.text, found)


def test_code_in_the_clean_posts_is_not_counted():
    post = Post(FIXTURES / "2025-03-10-clean-en.md", "x.md", (FIXTURES / "2025-03-10-clean-en.md").read_bytes(), None)
    assert "gem" not in post.view(body_text).text
    assert post.view(kw.keyword_use).usage(kw.parse_keyword("static site generator")).count == 3


def test_posts_without_seo_keywords_get_nothing(tmp_path):
    text = "---\ntitle: AI 2020\ndate: 2026-01-01\nkeywords: [AI, AI]\n---\nAI AI AI AI AI AI AI AI AI.\n"
    assert lint_post(tmp_path, text, "2026-01-01-a.md", select=KW) == []
    assert lint_post(tmp_path, "No front matter at all, AI AI AI.\n", "2026-01-02-b.md", select=KW) == []


# -- KW001 seo-keywords-invalid ---------------------------------------------------------------


@pytest.mark.parametrize("value, message", [
    ("[]", "seo_keywords is empty: list the post's keyphrases, or remove the key"),
    ("", "seo_keywords is empty: list the post's keyphrases, or remove the key"),
    ('"AI, SEO"', 'seo_keywords must be a list of strings, not a string (split the commas into list items): '
                  'write seo_keywords: ["AI", ...]'),
    ("{a: 1}", "seo_keywords must be a list of strings, not a mapping"),
    ("42", "seo_keywords must be a list of strings, not a number"),
])
def test_kw001_the_list_itself(tmp_path, value, message):
    findings = lint_post(tmp_path, page(value, "AI text.\n"), select=KW)
    assert [(f.code, f.line, f.message) for f in findings] == [("KW001", 4, message)]


def test_kw001_items(tmp_path):
    text = page('\n  - "AI導入"\n  - 2025\n  - ""\n  - ＡＩ導入\n  - ai導入\n  - null\n  - "SEO 対策"\n  - 対策 SEO\n',
                "AI導入とSEO対策の話。AI導入。SEO対策。\n")
    findings = [f for f in lint_post(tmp_path, text, select=KW) if f.code == "KW001"]
    assert [(f.line, f.message) for f in findings] == [
        (6, "seo_keywords item 2 is a number (2025), not a string; quote it"),
        (7, "seo_keywords item 3 is empty"),
        (8, 'keyword "ＡＩ導入" repeats item 1 "AI導入"'),
        (9, 'keyword "ai導入" repeats item 1 "AI導入"'),
        (10, "seo_keywords item 6 is null, not a string"),
        (12, 'keyword "対策 SEO" has the same terms as item 7 "SEO 対策"'),
    ]


def test_kw001_other_rules_check_the_usable_items(tmp_path):
    text = page('[2025, "AI導入"]', "AI導入の話。\n", front="title: AI導入\n", date="2026-02-01")
    assert codes(lint_post(tmp_path, text, select=KW)) == [("KW001", 4)]


# -- KW002 keyword-not-in-body ----------------------------------------------------------------


def test_kw002_absent_keyword_with_its_missing_terms(tmp_path):
    text = page('["red panda", "giant panda", "bamboo forest"]',
                "The red panda eats bamboo. The giant one sleeps.\n\nA panda in a forest. Red pandas are red.\n")
    findings = [f for f in lint_post(tmp_path, text, select=KW) if f.code == "KW002"]
    assert [(f.line, f.column, f.message) for f in findings] == [
        (4, 29, 'keyword "giant panda" is not in the body (0 occurrences, 0.00 % of 18 words): '
                '"giant", "panda" never occur in the same sentence'),
        (4, 44, 'keyword "bamboo forest" is not in the body (0 occurrences, 0.00 % of 18 words): '
                '"bamboo", "forest" never occur in the same sentence'),
    ]


@pytest.mark.parametrize("body", [
    "```\nAI導入\n```\n",                                     # fenced code
    "    AI導入 in indented code\n",                        # indented code
    "Use `AI導入` here.\n",                                 # inline code
    "{% highlight text %}\nAI導入\n{% endhighlight %}\n",    # Liquid highlight block
    "{% raw %}AI導入{% endraw %}\n",                          # raw
    "{% comment %}AI導入{% endcomment %}\n",                  # comment
    "{{ page.AI導入 }} and {% include AI導入.html %}\n",       # Liquid tags
    "See https://example.com/AI導入/ now.\n",                 # a URL
    "![AI導入](x.png)\n",                                    # alt text
    "<pre>AI導入</pre>\n\n<!-- AI導入 -->\n",                   # HTML code and comments
    '<script type="application/ld+json">{"headline": "AI導入"}</script>\n',
])
def test_kw002_text_that_is_not_prose_does_not_count(tmp_path, body):
    findings = lint_post(tmp_path, page('["AI導入"]', "Some words here.\n\n" + body), select=("KW002",))
    assert codes(findings) == [("KW002", 4)]


def test_kw002_html_blocks_and_links_count(tmp_path):
    body = '<div class="x">\n  <h2>AI導入</h2>\n  <p>AI導入の<a href="https://example.com">AI導入</a></p>\n</div>\n'
    assert lint_post(tmp_path, page('["AI導入"]', "Intro.\n\n" + body), select=("KW002",)) == []


def test_kw002_empty_body(tmp_path):
    findings = lint_post(tmp_path, page('["AI"]', "\n"), select=KW)
    assert [(f.code, f.message) for f in findings] == [
        ("KW002", 'keyword "AI" is not in the body (0 occurrences, 0.00 % of 0 words): the body has no text')]


# -- counting ---------------------------------------------------------------------------------


def test_nfkc_and_case_folding():
    text = page('["AI導入"]', "ＡＩ導入を始める。ai導入は続く。Ai導入。ｱｲﾃﾞｨｱ。\n")
    assert usage(text, "AI導入").count == 3
    assert usage(text, "ａｉ導入").count == 3
    assert usage(text, "アイディア").count == 1  # half-width katakana


def test_japanese_terms_match_inside_text_latin_ones_do_not():
    text = page("[]", "AI導入のロードマップ。生成AIの活用。He said it. AIツールとAIモデル。NeoVimとVim。15%と5%。\n")
    assert usage(text, "導入").count == 1
    assert usage(text, "AI").count == 4  # not inside "said"
    assert usage(text, "vim").count == 1  # not inside "NeoVim"
    assert usage(text, "5%").count == 1  # not inside "15%"


def test_a_phrase_counts_per_sentence_with_the_smallest_term_count():
    text = page("[]", "The red panda eats red apples. Pandas are red. A red panda and a red panda! Panda.\n")
    assert usage(text, "red panda").count == 1 + 2  # 0 in "Pandas are red" (no term "panda")
    assert usage(text, "panda red").count == 3  # any order
    assert usage(text, "red").count == 5


def test_sentences_end_at_japanese_stops_line_breaks_and_blocks():
    body = ("AI導入は重要です。ロードマップを作ります！\n"
            "AI導入の\nロードマップ\n\n"
            "- AI導入\n- ロードマップ\n\n"
            "# AI導入\n\nロードマップ。AI導入とロードマップ？ version 1.5 AI導入 ロードマップ. Done\n")
    assert usage(page("[]", body), "AI導入 ロードマップ").count == 2


def test_exact_match_in_double_quotes():
    text = page("[]", "AI導入のロードマップ。AI導入 ロードマップ。ロードマップとAI導入。\n")
    assert usage(text, "AI導入 ロードマップ").count == 3
    assert usage(text, '"AI導入 ロードマップ"').count == 1


def test_function_words_are_not_required():
    text = page("[]", "Bake a cake in ten minutes. How do you bake without an oven? Bake a cake in a pan.\n")
    assert kw.parse_keyword("how to bake a cake").terms == (kw.Term("bake", "bake"), kw.Term("cake", "cake"))
    assert usage(text, "how to bake a cake").count == 2
    assert [t.folded for t in kw.parse_keyword("AI の 活用").terms] == ["ai", "活用"]
    assert [t.folded for t in kw.parse_keyword("the a").terms] == ["the", "a"]  # nothing else left
    assert [t.folded for t in kw.parse_keyword("IT 導入").terms] == ["it", "導入"]  # capitals: a name


def test_curly_quotes_match_straight_ones():
    text = page("[]", "Don’t panic. Don't worry.\n")
    assert usage(text, "don't").count == 2
    assert usage(text, "don’t").count == 2


def test_keyword_length_in_words_as_yoast_counts_it():
    body = "日本語の文章です。" * 20 + "\n"
    post = post_of(page("[]", body))
    use = post.view(kw.keyword_use)
    length = lambda k: use.length(kw.parse_keyword(k))  # noqa: E731
    assert length("AI導入 ロードマップ") == 3  # ai|導入|ロードマップ (yoast: 3)
    assert length("AI マーケティング 最新トレンド") == 4  # (yoast: 4)
    assert length("Bram Moolenaar") == 2
    assert length('"AI導入 ロードマップ"') == 1
    english = post_of(page("[]", "Plain English words only here.\n")).view(kw.keyword_use)
    assert english.length(kw.parse_keyword("how to bake a cake")) == 2  # (yoast: 2)
    # lengths are kept from post to post by terms and language: the same terms in another
    # language are measured again
    assert english.length(kw.parse_keyword("AI ツール")) == 2 and length("AI ツール") == 1  # aiツール
    assert length("AI ツール") == kw._measure(kw.parse_keyword("AI ツール").terms, "ja") == 1


@pytest.mark.parametrize("words, length, low, high", [
    (2912, 3, 9, 51),   # the sample's focus keyword (yoast: 9 and 51)
    (2912, 4, 8, 42),   # (yoast: 8 and 42)
    (2912, 1, 15, 84),  # (yoast: 15 and 84)
    (835, 2, 4, 18),    # (yoast: 4 and 18)
    (150, 1, 2, 4),     # at least 2, always
    (99, 1, 1, 2),      # short text: 1, or 2 over 50 words
    (50, 1, 1, 1),
])
def test_band(words, length, low, high):
    b = kw.band(words, length, {})
    assert (b.min_count, b.max_count) == (low, high)


def test_band_without_length_adjustment():
    b = kw.band(1000, 3, {"length-adjusted": False})
    assert (b.min_count, b.max_count, b.min_density, b.max_density) == (5, 30, 0.5, 3.0)


# -- KW003 keyword-density-low and KW004 keyword-stuffing ---------------------------------------


def _filler(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))


def test_kw003_rare_keyword(tmp_path):
    body = f"Pandas live here. {_filler(300)}.\n\nOne panda sleeps. {_filler(200)}.\n"
    findings = lint_post(tmp_path, page('["panda"]', body), select=("KW003",))
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("KW003", 4, 'keyword "panda" is rare: 1 occurrence, 0.20 % of 506 words; '
                     "recommended 3–14 occurrences here (0.48–2.90 % for a 1-word keyphrase)")]


def test_kw003_one_occurrence_is_rare_even_at_a_good_density(tmp_path):
    body = f"A panda. {_filler(120)}.\n"
    assert codes(lint_post(tmp_path, page('["panda"]', body), select=("KW003",))) == [("KW003", 4)]


def test_kw003_two_occurrences_are_always_enough(tmp_path):
    body = f"A panda. {_filler(300)}. Another panda.\n"
    assert lint_post(tmp_path, page('["panda"]', body), select=("KW003", "KW004")) == []


def test_kw003_threshold_is_configurable(tmp_path):
    body = f"A panda. {_filler(700)}. Another panda. One more panda.\n"  # 3 in 708 words: 0.42 %
    assert codes(lint_post(tmp_path, page('["panda"]', body), select=("KW003",))) == [("KW003", 4)]
    toml = '[rules.KW003]\nmin-density = 0.25\n'
    assert lint_post(tmp_path, page('["panda"]', body), select=("KW003",), toml=toml) == []


def test_kw004_stuffing(tmp_path):
    body = f"{'Panda. ' * 12}{_filler(200)}.\n"
    findings = lint_post(tmp_path, page('["panda"]', body), select=("KW004",))
    assert [(f.code, f.line, f.message) for f in findings] == [
        ("KW004", 4, 'keyword "panda" is overused: 12 occurrences, 5.66 % of 212 words; '
                     "recommended 2–6 occurrences here (0.48–2.90 % for a 1-word keyphrase)")]
    toml = '[rules.KW004]\nmax-density = 6.0\n'
    assert lint_post(tmp_path, page('["panda"]', body), select=("KW004",), toml=toml) == []


def test_kw004_longer_keyphrases_have_a_lower_ceiling(tmp_path):
    body = f"{'A red panda. ' * 5}{_filler(200)}.\n"  # 5 in 215 words: 2.33 %
    assert codes(lint_post(tmp_path, page('["panda"]', body), select=("KW004",))) == []
    assert codes(lint_post(tmp_path, page('["red panda"]', body), select=("KW004",))) == [("KW004", 4)]
    toml = '[rules.KW004]\nlength-adjusted = false\n'
    assert lint_post(tmp_path, page('["red panda"]', body), select=("KW004",), toml=toml) == []


def test_kw004_short_text(tmp_path):
    findings = lint_post(tmp_path, page('["panda"]', "A panda. Another panda. Pandas and a panda.\n"),
                         select=("KW004",))
    assert [f.message for f in findings] == [
        'keyword "panda" is overused: 3 occurrences, 37.50 % of 8 words; '
        "recommended 1 occurrence in a text under 100 words"]


def test_kw003_kw004_japanese(tmp_path):
    body = "ブログ高速化の話です。" + "画像を小さくします。" * 60 + "\n"
    findings = lint_post(tmp_path, page('["ブログ 高速化"]', body), select=("KW003", "KW004"))
    assert [(f.code, f.message) for f in findings] == [
        ("KW003", 'keyword "ブログ 高速化" is rare: 1 occurrence, 0.33 % of 306 words; '
                  "recommended 2–5 occurrences here (0.29–1.76 % for a 3-word keyphrase)")]


# -- KW005 keyword-placement ------------------------------------------------------------------

_PLACED = """---
title: "{title}"
date: 2025-01-10
description: "{description}"
seo_keywords: {keywords}
---
{first}

## {h2}

The red panda and the snow leopard share the mountains. The red panda sleeps.

## Snow leopard facts

The snow leopard hunts.
"""


def placed(title="Red panda facts", description="All about the red panda.", first="The red panda is small.",
           h2="Where the red panda lives", keywords='["red panda", "snow leopard"]') -> str:
    return _PLACED.format(title=title, description=description, first=first, h2=h2, keywords=keywords)


def test_kw005_well_placed(tmp_path):
    assert lint_post(tmp_path, placed(), select=("KW005",)) == []


def test_kw005_focus_keyword_lists_where_it_is_missing(tmp_path):
    findings = lint_post(tmp_path, placed(title="Mountain animals", h2="Habitat"), select=("KW005",))
    assert [(f.line, f.column, f.message) for f in findings] == [
        (5, 16, 'focus keyword "red panda" is missing from the title and every H2 (2 headings); '
                "it is in the description and the first paragraph")]


def test_kw005_secondary_keyword_needs_one_place(tmp_path):
    text = placed(keywords='["red panda", "snow leopard", "mountains"]')
    findings = lint_post(tmp_path, text, select=("KW005",))
    assert [(f.line, f.message) for f in findings] == [
        (5, 'keyword "mountains" is in none of the title, the description, the first paragraph or any H2 '
            "(2 headings)")]
    assert lint_post(tmp_path, text, select=("KW005",), toml='[rules.KW005]\nsecondary = "off"\n') == []
    findings = lint_post(tmp_path, text, select=("KW005",), toml='[rules.KW005]\nsecondary = "all"\n')
    assert [f.message for f in findings] == [
        'keyword "snow leopard" is missing from the title, the description and the first paragraph; '
        "it is in an H2",
        'keyword "mountains" is missing from the title, the description, the first paragraph and every H2 '
        "(2 headings)"]


def test_kw005_places_are_configurable(tmp_path):
    text = placed(title="Mountain animals")
    toml = '[rules.KW005]\nplaces = ["description", "first-paragraph", "h2"]\n'
    assert lint_post(tmp_path, text, select=("KW005",), toml=toml) == []


def test_kw005_places_the_post_does_not_have_are_not_required(tmp_path):
    text = page('["red panda"]', "The red panda is small.\n\nIt sleeps.\n", front="title: The red panda\n")
    assert lint_post(tmp_path, text, select=("KW005",)) == []


def test_kw005_html_h2_counts(tmp_path):
    text = placed(h2="Habitat") + '\n<div class="box">\n  <h2>Red panda near you</h2>\n</div>\n'
    assert lint_post(tmp_path, text, select=("KW005",)) == []


def test_kw005_keywords_absent_from_the_body_are_left_to_kw002(tmp_path):
    text = placed(keywords='["giant panda", "red panda"]')
    assert codes(lint_post(tmp_path, text, select=("KW002", "KW005"))) == [("KW002", 5)]


# -- KW006 keyword-stale-year -----------------------------------------------------------------


@pytest.mark.parametrize("keyword, date, stale", [
    ("AI ツール 比較 2025", "2026-01-19", "2025"),
    ("AI ツール 比較 2026", "2026-01-19", None),
    ("AI ツール 比較 2027", "2026-01-19", None),
    ("ＡＩ ツール ２０２５年", "2026-01-19", "2025"),
    ("予算 2025年度", "2026-03-31", None),      # fiscal 2025 runs until March 2026
    ("予算 2025年度", "2026-04-01", "2025年度"),
    ("budget FY2025", "2026-02-01", None),
    ("trends 2024-2025", "2026-01-01", "2025"),
    ("trends 2024-2026", "2026-01-01", None),
    ("Windows 95", "2026-01-01", None),
    ("ID 12025", "2026-01-01", None),
])
def test_kw006(tmp_path, keyword, date, stale):
    text = page(json.dumps([keyword], ensure_ascii=False), f"{keyword}\n", date=date)
    findings = lint_post(tmp_path, text, select=("KW006",))
    if stale is None:
        assert findings == []
    else:
        assert [(f.line, f.message) for f in findings] == [
            (4, f'keyword "{keyword}" names {stale}, a year before the post\'s date ({date})')]


def test_kw006_date_from_the_file_name(tmp_path):
    text = "---\ntitle: x\nseo_keywords: [SEO 2024]\n---\nSEO 2024\n"
    assert codes(lint_post(tmp_path, text, "2025-06-01-x.md", select=("KW006",))) == [("KW006", 3)]


# -- the text model ---------------------------------------------------------------------------


def test_body_text_blocks_and_language():
    text = page("[]", "# Title\n\nParagraph with [a link](https://x.y) and `code`.\n\n"
                      "<div>\n<h2>HTML heading</h2>\n<p>HTML &amp; text<br>next line</p>\n</div>\n\n- item\n")
    body = post_of(text).view(body_text)
    assert [(b.kind, b.level, b.text) for b in body.blocks] == [
        ("heading", 1, "Title"), ("paragraph", 0, "Paragraph with a link and  ."),
        ("heading", 2, "HTML heading"), ("paragraph", 0, "HTML & text"), ("paragraph", 0, "next line"),
        ("item", 0, "item")]
    assert body.language == "en"
    ja = post_of("---\nlang: ja\n---\nEnglish words but a Japanese post.\n").view(body_text)
    assert ja.language == "ja"


def test_fold():
    assert fold("ＡＩ導入 “Quote” ’s ＳＥＯ") == "ai導入 \"quote\" 's seo"
    assert fold("ｶﾞｲﾄﾞ ①") == "ガイド 1"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_nfkc_is_unicodedata_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["ｶ", "ﾞ", "\u3099", "か", "Ａ", "e", "\u0301", "\u0327", "\u1100", "\u1161",
                                  "\u11a8", "한", "\n", "。", "①", "㈱", "ﬁ", " ", "漢"]), max_size=30))
def test_nfkc_with_composing_characters(chars):
    text = "".join(chars)
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_on_the_sample():
    text = SAMPLE.read_text(encoding="utf-8")
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_table_matches_this_python():
    """_NFKC_CHANGEABLE lists the BMP characters NFKC may change alone or after another
    character. If this fails after a Python upgrade (a new Unicode version), regenerate the
    table with the loop below and paste it into leadlint/prose.py."""
    changeable = set()
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if unicodedata.normalize("NFKC", ch) != ch or unicodedata.combining(ch):
            changeable.add(cp)
        decomposition = unicodedata.decomposition(ch).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            second = int(decomposition[1], 16)
            if second < 0x10000:
                changeable.add(second)  # may compose with the character before it
    changeable.update(range(0x1161, 0x1176))  # Hangul vowels and trailing consonants compose
    changeable.update(range(0x11A8, 0x11C3))
    listed = set()
    for item in _NFKC_CHANGEABLE.split():
        low, _, high = item.partition("-")
        listed.update(range(int(low, 16), int(high or low, 16) + 1))
    assert listed == changeable, f"Unicode {unicodedata.unidata_version}: table differs"


# -- the fast paths agree with the plain definitions ---------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_fold_is_nfkc_then_casefold(text):
    folded = unicodedata.normalize("NFKC", text).casefold()
    assert fold(text, quotes=False) == folded
    assert fold(text) == unify_quotes(folded)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ｶ", "ﾞ", "\u3099", "か", "Ａ", "A", "e", "E", "\u0301", "\u1100", "\u1161", "한",
                                  "\n", "。", "①", "㈱", "ﬁ", " ", "漢", "ß", "ẞ", "Σ", "ς", "İ", "Ω", "Ж", "ǅ",
                                  "\u0345", "µ", "😀", "𝐀", "㍿", "：", "（", "Ⅻ", "Ⓐ", "`", "‘", "’", "ʼ", "“", "„",
                                  "＂", "＇", "é"]), max_size=30))
def test_fold_with_composing_cased_and_quote_characters(chars):
    text = "".join(chars)
    folded = unicodedata.normalize("NFKC", text).casefold()
    assert fold(text, quotes=False) == folded
    assert fold(text) == unify_quotes(folded)


def test_fold_every_character():
    """Each character alone: those the C folder copies (or lowers) must need nothing more."""
    for cp in [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97)]:
        ch = chr(cp)
        assert fold(ch, quotes=False) == unicodedata.normalize("NFKC", ch).casefold(), hex(cp)


def test_fold_long_greek_and_cyrillic_text():
    # many pieces for the C folder: it hands the text back, folded as a whole instead
    text = "Η ΓΡΉΓΟΡΗ ΑΛΕΠΟΎ Съешь же ещё ЭТИХ мягких ＦＲＡＮＣＵＺСКИХ булок ß ﬁ. " * 50
    assert fold(text) == unify_quotes(unicodedata.normalize("NFKC", text).casefold())


def _reference_count(use: kw.KeywordUse, keyword: kw.Keyword) -> int:
    """The count as first written: every term's offsets, then each sentence (found from the
    offset's line) of the rarest term's occurrences, counted by its least frequent term."""
    body = use.body
    found = [kw.occurrences(body.folded_quotes if ("'" in t.folded or '"' in t.folded) else body.folded, t.folded)
             for t in keyword.terms]
    if not all(found):
        return 0
    if len(found) == 1:
        return len(found[0])
    count, done = 0, -1
    for offset in min(found, key=len):
        if offset < done:
            continue
        start, done = body.sentence_span(offset)
        count += min(bisect_left(f, done) - bisect_left(f, start) for f in found)
    return count


_BODY_PIECES = ["AI導入", "ロードマップ", "ai", "said", "AI", "Ａｉ", "red", "panda", "pandas", "1.5", "v2.0",
                "example.com", " ", " ", "。", "！", "?", "...", ".", "\n", "\n\n", "- ", "## ", "the", "ｒｅｄ",
                "don’t", "don't", "“quote”", "導入", "の", "5%", "15%", "ＡＩ"]
_KEYWORD_PIECES = ["AI導入", "ロードマップ", "ai", "AI", "red", "panda", "導入", "the", "don't", "don’t", "5%",
                   "1.5", "pandas", "ＲＥＤ", '"', "。", "!", "ai.", "。ai"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BODY_PIECES), max_size=60).map("".join),
       st.lists(st.lists(st.sampled_from(_KEYWORD_PIECES), min_size=1, max_size=4).map(" ".join),
                min_size=1, max_size=6))
def test_counts_agree_with_the_first_definition(body, keywords):
    text = page(json.dumps(keywords, ensure_ascii=False), body)
    post = post_of(text)
    use = post.view(kw.keyword_use)
    listed = post.view(kw.keyword_list).keywords
    for keyword, usage in use.counted():  # all the post's keywords at once
        assert usage.count == _reference_count(use, keyword), (body, keyword.text)
        missing = tuple(t for t in keyword.terms if not kw.occurrences(
            use.body.folded_quotes if ("'" in t.folded or '"' in t.folded) else use.body.folded, t.folded))
        assert usage.missing == missing
    assert [k for k, _ in use.counted()] == listed
    fresh = post_of(text).view(kw.keyword_use)
    for keyword in listed:  # one keyword at a time
        assert fresh.usage(keyword) == use.usage(keyword)
    for words in keywords:
        keyword = kw.parse_keyword(words)
        if keyword is not None:
            assert post_of(text).view(kw.keyword_use).usage(keyword).count == _reference_count(use, keyword)


_BLOCKY = """---
title: Blocks
seo_keywords: [x]
---
Intro paragraph.

<div class="cta">
  <h2>HTML heading</h2>
  <p>HTML paragraph</p>
</div>

- item one
- item two

  loose paragraph in an item

  - nested item
  text after the nested list

## Markdown heading

<p>Inline <b>HTML</b> paragraph</p>

### Third level

| a | b |
| - | - |
| cell | cell |

Setext heading
with two lines
==============

<h2>Last</h2>
"""


@pytest.mark.parametrize("text", [
    _BLOCKY,
    _BLOCKY.replace("Intro paragraph.", "<p>First, in HTML</p>\n\nIntro paragraph."),
    _BLOCKY.replace("{", ""),
    "---\ntitle: x\n---\n- a\n\n  b\n\n  - c\n  d\n",
    "---\ntitle: x\n---\nNo HTML at all.\n\n## One\n\nText {{ liquid }} here.\n",
    "---\ntitle: x\n---\n<div><p>only HTML</p></div>\n",
    "---\ntitle: x\n---\n",
])
def test_body_text_made_lazily_is_the_same(text):
    post = post_of(text)
    body = post.view(body_text)
    first = body.first("paragraph")
    headings = {level: body.headings(level) for level in range(1, 7)}
    text_first = body.text
    blocks = body.blocks  # made now
    assert text_first == "\n".join(b.text for b in blocks)
    assert first == next((b for b in blocks if b.kind == "paragraph"), None)
    for level, found in headings.items():
        assert found == [b for b in blocks if b.kind == "heading" and b.level == level]
    assert blocks == sorted(blocks, key=lambda b: b.start) or not post.html_fragments
    # and the same once the blocks are made
    assert body.first("paragraph") == first and body.headings(2) == headings[2]


_PROSE_PIECES = ["Text", "テキスト。", " ", "\n", "\n\n", "## ", "- ", "1. ", "{{ page.title }}", "{% if x %}", "{% endif %}",
                 "{: .note}", "{", "}", "https://example.com/a", "www.example.com", "a/b", "1.5", "e.g.", "://",
                 "www", "<p>HTML {x}</p>", "<div>\n<h2>見出し</h2>\n</div>", "<!-- c -->", "`code`", "[link](/x)",
                 "<br>", "&amp;", "> quote "]


def _reference_blocks(post):
    """The body's blocks by the definition: every Markdown block cleaned (and dropped when
    nothing is left) and the HTML blocks, in the order of offsets when there is HTML."""
    levels = {h.start: h.level for h in post.headings}
    blocks = [Block(b.kind, levels.get(b.start, 0), _clean(b.text), b.start) for b in post.prose]
    blocks = [b for b in blocks if b.text]
    for fragment in post.html_fragments:
        if "<" in fragment.text and ">" in fragment.text:
            blocks.extend(_html_blocks(fragment.text, fragment.start))
    if post.html_fragments:
        blocks.sort(key=lambda b: b.start)
    return blocks


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PROSE_PIECES), max_size=40).map("".join))
def test_body_text_fast_path_is_the_definition(body):
    # body_text joins the text without cleaning or making blocks when no block needs it
    # (checked on the joined text, with single characters first): the same as the definition
    post = post_of(page('["x"]', body))
    text = post.view(body_text)
    blocks = _reference_blocks(post)
    assert text.text == "\n".join(b.text for b in blocks)
    assert text.first("paragraph") == next((b for b in blocks if b.kind == "paragraph"), None)
    for level in (1, 2):
        assert text.headings(level) == [b for b in blocks if b.kind == "heading" and b.level == level]
    assert text.blocks == blocks


def test_html_blocks_are_read_once_per_text():
    html = '<div class="cta">\n  <h2>Free consultation</h2>\n  <p>Talk to us &amp; see.</p>\n</div>\n'
    one, two = _html_blocks(html, 100), _html_blocks(html, 5000)
    assert [(b.kind, b.level, b.text, b.start - 100) for b in one] == [
        (b.kind, b.level, b.text, b.start - 5000) for b in two]
    assert [(b.kind, b.level, b.text) for b in one] == [
        ("heading", 2, "Free consultation"), ("paragraph", 0, "Talk to us & see.")]


def test_html_block_tags_in_any_case():
    # what follows a tag is read by the tag's name, lowercased: <br> keeps the block, a closing
    # tag or <hr> ends it, and a name matched only case-insensitively beyond ASCII ("ſ" for "s")
    # is no known block
    html = "<H2 id=x>Title</H2><P>one<BR>two</P><ſection>three</ſection><LI>item<hr>after<h7>seven</h7>"
    assert [(b.kind, b.level, b.text) for b in _html_blocks(html, 0)] == [
        ("heading", 2, "Title"), ("paragraph", 0, "one"), ("paragraph", 0, "two"), ("html", 0, "three"),
        ("item", 0, "item"), ("html", 0, "afterseven")]


def test_places_fold_texts_with_line_breaks():
    text = page('["red panda"]', "The red panda.\n\nRed\npanda\n-----\n\n## Other\n",
                front='title: |\n  Red\n  panda facts\ndescription: "A red panda"\n')
    post = post_of(text)
    places = kw._places(post, post.view(kw.keyword_use), ["title", "description", "first-paragraph", "h2"])
    assert places == [("the title", [fold("Red\npanda facts\n")]), ("the description", ["a red panda"]),
                      ("the first paragraph", ["the red panda."]), ("H2", ["red\npanda", "other"])]


def test_keyword_list_read_twice_is_the_same():
    text = page('["AI導入 ロードマップ", "ＡＩ導入　ロードマップ", 2025, "", "IT 導入", "\\"AI 導入\\""]', "AI導入。\n")
    first = post_of(text).view(kw.keyword_list)
    second = post_of(text).view(kw.keyword_list)  # from the cache of items already read
    assert first == second
    assert [k.text for k in first.keywords] == ["AI導入 ロードマップ", "IT 導入", '"AI 導入"']
    assert first.searched == [("ai導入", "ロードマップ"), ("it", "導入"), ("ai 導入",)]


# -- the rules' documentation ---------------------------------------------------------------


def test_every_rule_documents_itself():
    rules = [kw.seo_keywords_invalid, kw.keyword_not_in_body, kw.keyword_density_low, kw.keyword_stuffing,
             kw.keyword_placement, kw.keyword_stale_year]
    assert [r.code for r in rules] == [f"KW00{i}" for i in range(1, 7)]
    for r in rules:
        for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert section in r.doc, (r.code, section)
        for option, default in r.options.items():
            assert f"`{option}` (default `{json.dumps(default, ensure_ascii=False).replace(', ', ', ')}`" in r.doc \
                or f"`{option}` (default `{default}`" in r.doc, (r.code, option)


# -- live cross-check with yoastseo (optional) -----------------------------------------------


def _yoast_dir() -> str | None:
    for candidate in (os.environ.get("LEADLINT_YOASTSEO_DIR"), str(REPO / "benchmarks" / "yoast")):
        if candidate and (Path(candidate) / "node_modules" / "yoastseo").is_dir():
            return candidate
    return None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("node") is None or _yoast_dir() is None,
                    reason="needs node and yoastseo 3.6.0 (npm install --prefix benchmarks/yoast)")
def test_counts_agree_with_yoastseo_live():
    cases = [
        ("ja", SAMPLE.read_text(encoding="utf-8"), "AI導入 ロードマップ"),
        ("ja", SAMPLE.read_text(encoding="utf-8"), "AI マーケティング 最新トレンド"),
        ("ja", (FIXTURES / "2025-11-20-clean-ja.md").read_text(encoding="utf-8"), "ブログ 高速化"),
        ("ja", (FIXTURES / "2025-11-20-clean-ja.md").read_text(encoding="utf-8"), "キャッシュ 設定"),
        ("en_US", (FIXTURES / "2025-03-10-clean-en.md").read_text(encoding="utf-8"), "static site generator"),
        ("en_US", page("[]", "The red panda eats red apples. Pandas are red. A red panda and a red panda!\n"),
         "red panda"),
    ]
    requests, expected = [], []
    for locale, text, keyphrase in cases:
        post = post_of(text)
        blocks = post.view(body_text).blocks
        html = "\n".join(f"<p>{b.text.replace('&', '&amp;').replace('<', '&lt;')}</p>" for b in blocks)
        requests.append({"html": html, "keyphrase": keyphrase, "locale": locale})
        use = post.view(kw.keyword_use)
        keyword = kw.parse_keyword(keyphrase)
        expected.append((use.usage(keyword).count, post.view(body_text).words, use.length(keyword)))
    proc = subprocess.run(["node", str(REPO / "benchmarks" / "yoast" / "density.js")],
                          input=json.dumps({"cases": requests}), capture_output=True, text=True, timeout=300,
                          env={**os.environ, "LEADLINT_YOASTSEO_DIR": _yoast_dir()})
    assert proc.returncode == 0, proc.stderr
    got = [(r["count"], r["wordCount"], r["keyphraseLength"]) for r in json.loads(proc.stdout)["results"]]
    assert got == expected
