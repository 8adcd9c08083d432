"""leadlint's keyword numbers next to yoastseo 3.6.0's, on a few Japanese and English texts.

    python benchmarks/yoast_compare.py [--yoast-dir DIR] [--markdown] [--time]

For every (text, keyphrase) pair it prints leadlint's count, word count, density and verdict
(KW002/KW003/KW004 with their default options), and yoastseo's, from
``benchmarks/yoast/density.js`` (node) on two inputs:

* ``same text``: leadlint's countable text (the blocks of ``leadlint.prose.body_text``) as
  HTML, one ``<p>``/``<hN>``/``<li>`` per block, so that only the counting and matching
  differ;
* ``page``: the whole body rendered to HTML with pyromark (Liquid tags removed), as Yoast
  would see the post: code, JSON-LD and URLs included.

yoastseo is found in ``--yoast-dir`` (a directory holding ``node_modules/yoastseo``; also
``LEADLINT_YOASTSEO_DIR``), else ``benchmarks/yoast/node_modules``: run
``npm install --prefix benchmarks/yoast`` once. ``--time`` also measures what the KW rules
cost per post on the sample, in-process.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from leadlint.post import Post  # noqa: E402
from leadlint.prose import body_text  # noqa: E402
from leadlint.rules import keywords as kw  # noqa: E402

SHARED = Path("/work/shared")
SAMPLE = SHARED / "samples" / "2026-01-19-ai-roadmap-learning-marketing.md"
VIM_JP = SHARED / "corpora" / "vim-jp" / "_posts" / "blog" / "2014-11-29-vim-creator-bram-moolenaar-interview.md"
JEKYLL = SHARED / "corpora" / "jekyll" / "docs" / "_posts" / "2017-10-19-diversity-open-source.markdown"
FIXTURES = HERE.parent / "tests" / "fixtures" / "kw"

RED_PANDA = """---
title: Red pandas
---
The red panda lives in the eastern Himalayas. Red pandas eat bamboo, and a red panda sleeps in trees.
A panda is not always red: the giant panda is black and white.

## Where red pandas live

Red pandas live in forests. The red fox is red too, but it is not a panda.
"""

BAKE = """---
title: Baking
---
Bake a cake in ten minutes. To bake a good cake, you need eggs.

## How to bake a cake

First, how do you bake without an oven? You can bake a cake in a pan.
"""

JA_WIDTH = """---
title: ＡＩ導入
---
ＡＩ導入のロードマップを作ります。AI導入は段階的に進めます。

## ロードマップ

ｱｲﾃﾞｨｱを出し、AI導入の計画とロードマップを決めます。ロードマップは毎月見直します。
"""

CASES = [
    ("sample (ja)", SAMPLE, ["AI導入 ロードマップ", "AI マーケティング 最新トレンド", "生成AI 活用法 マーケティング",
                             "ChatGPT ビジネス活用 事例", "AI ツール 比較 2025", "AI", "マーケティング"]),
    ("vim-jp interview (ja)", VIM_JP, ["Vim", "Bram Moolenaar", "NeoVim", "後方互換性", "Vim プラグイン"]),
    ("jekyll diversity (en)", JEKYLL, ["Code of Conduct", "open source", "pull requests", "newcomers", "Jekyll"]),
    ("clean fixture (ja)", FIXTURES / "2025-11-20-clean-ja.md", ["ブログ 高速化", "画像圧縮", "キャッシュ 設定"]),
    ("clean fixture (en)", FIXTURES / "2025-03-10-clean-en.md", ["static site generator", "Jekyll themes", "hosting"]),
    ("red panda (en)", RED_PANDA, ["red panda", "panda"]),
    ("bake (en)", BAKE, ["how to bake a cake", "bake"]),
    ("full-width (ja)", JA_WIDTH, ["AI導入 ロードマップ", "アイディア"]),
]

_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n---[ \t]*\r?\n", re.DOTALL)


def load(source) -> tuple[str, Post]:
    if isinstance(source, Path):
        data = source.read_bytes()
        name = source.name
    else:
        data = source.encode("utf-8")
        name = "2026-01-01-example.md"
    return data.decode("utf-8"), Post(Path(name), name, data, None)


def same_text_html(post: Post) -> str:
    out = []
    for block in post.view(body_text).blocks:
        tag = {"heading": f"h{block.level or 2}", "item": "li", "cell": "td"}.get(block.kind, "p")
        out.append(f"<{tag}>{html.escape(block.text, quote=False)}</{tag}>")
    return "\n".join(out)


def page_html(text: str) -> str:
    import pyromark

    body = _FRONT_MATTER.sub("", text, count=1)
    return pyromark.html(_LIQUID.sub("", body), options=pyromark.Options.ENABLE_TABLES)


def ours(post: Post, keyphrase: str) -> dict:
    keyword = kw.parse_keyword(keyphrase)
    use = post.view(kw.keyword_use)
    usage = use.usage(keyword)
    length = use.length(keyword)
    options = {**kw.keyword_density_low.options, **kw.keyword_stuffing.options}
    band = kw.band(usage.words, length, options)
    if usage.count == 0:
        verdict = "absent"
    elif usage.count < band.min_count:
        verdict = "low"
    elif usage.count > band.max_count:
        verdict = "high"
    else:
        verdict = "good"
    return {"count": usage.count, "words": usage.words, "density": usage.density, "length": length,
            "verdict": verdict, "band": f"{band.min_count}-{band.max_count}"}


def yoast_band(result: dict) -> str:
    words = result["wordCount"]
    if words < 100:  # Yoast judges short texts by count: 1, or up to 2 over 50 words
        return f"1-{2 if words > 50 else 1}"
    return f"{result['recommended']['min']}-{result['recommended']['max']}"


def yoast_verdict(result: dict) -> str:
    if result["count"] == 0:
        return "absent"
    score = result["assessment"]["score"]
    return {9: "good", 4: "low", -10: "high", -50: "high"}.get(score, f"score {score}")


def run_yoast(cases: list[dict], yoast_dir: str | None) -> list[dict]:
    env = dict(os.environ)
    if yoast_dir:
        env["LEADLINT_YOASTSEO_DIR"] = yoast_dir
    proc = subprocess.run(["node", str(HERE / "yoast" / "density.js")], input=json.dumps({"cases": cases}),
                          capture_output=True, text=True, env=env, timeout=600)
    if proc.returncode != 0:
        sys.exit(f"density.js failed (is yoastseo installed? see --help):\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout)["results"]


def compare(yoast_dir: str | None, markdown: bool) -> None:
    rows, requests = [], []
    for label, source, keyphrases in CASES:
        text, post = load(source)
        language = post.view(body_text).language
        locale = "ja" if language == "ja" else "en_US"
        same, page = same_text_html(post), page_html(text)
        for keyphrase in keyphrases:
            rows.append((label, keyphrase, ours(post, keyphrase)))
            requests.append({"html": same, "keyphrase": keyphrase, "locale": locale})
            requests.append({"html": page, "keyphrase": keyphrase, "locale": locale})
    results = run_yoast(requests, yoast_dir)
    header = ["text", "keyphrase", "leadlint count / words / density / verdict",
              "yoast, same text", "yoast, page", "agree"]
    lines = []
    for i, (label, keyphrase, mine) in enumerate(rows):
        same, page = results[2 * i], results[2 * i + 1]
        cell = lambda r, v: f"{r['count']} / {r['wordCount']:,} / {r['density']:.2f} % / {v}"  # noqa: E731
        theirs = (same["count"], same["wordCount"], yoast_verdict(same))
        agree = (mine["count"], mine["words"], mine["verdict"]) == theirs
        lines.append([label, keyphrase,
                      f"{mine['count']} / {mine['words']:,} / {mine['density']:.2f} % / {mine['verdict']} "
                      f"(len {mine['length']}, band {mine['band']})",
                      cell(same, yoast_verdict(same)) + f" (len {same['keyphraseLength']}, band {yoast_band(same)})",
                      cell(page, yoast_verdict(page)), "yes" if agree else "NO"])
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + " --- |" * len(header))
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(str(r[c])) for r in [header, *lines]) for c in range(len(header))]
        for line in [header, *lines]:
            print("  ".join(str(v).ljust(w) for v, w in zip(line, widths)))


def timing(runs: int = 400) -> None:
    """What the six KW rules cost per sample post, after the engine's shared views."""
    from leadlint.rule import RuleContext
    from leadlint.words import IMPLEMENTATION, count_words, detect_language

    rules = [kw.seo_keywords_invalid, kw.keyword_not_in_body, kw.keyword_density_low, kw.keyword_stuffing,
             kw.keyword_placement, kw.keyword_stale_year]
    data = SAMPLE.read_bytes()
    total, counting, detecting = [], [], []
    for _ in range(runs):
        post = Post(SAMPLE, SAMPLE.name, data, None)
        # views other rule families use as well: parsed before the clock starts
        post.data, post.prose, post.headings, post.html_fragments, post.html, post.date, post.source.line_starts
        start = time.perf_counter()
        for r in rules:
            list(r(post, RuleContext(r, post, r.severity, dict(r.options), None)))
        total.append(time.perf_counter() - start)
        text = post.view(body_text).text
        start = time.perf_counter()
        language = detect_language(text)
        detecting.append(time.perf_counter() - start)
        start = time.perf_counter()
        count_words(text, language)
        counting.append(time.perf_counter() - start)
    ms = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(f"KW rules on the sample, median of {runs} fresh posts (word counter: {IMPLEMENTATION}):")
    print(f"  all six rules            {ms(total):.3f} ms")
    print(f"  of which count_words     {ms(counting):.3f} ms")
    print(f"  of which detect_language {ms(detecting):.3f} ms")
    print(f"  text model + matching + findings {ms(total) - ms(counting) - ms(detecting):.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--yoast-dir", help="directory holding node_modules/yoastseo (3.6.0)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--time", action="store_true", help="also time the KW rules on the sample")
    args = parser.parse_args()
    compare(args.yoast_dir or os.environ.get("LEADLINT_YOASTSEO_DIR"), args.markdown)
    if args.time:
        print()
        timing()


if __name__ == "__main__":
    main()
