#!/usr/bin/env python3
"""Generate a Jekyll site shaped like shared/samples/2026-01-19-ai-roadmap-learning-marketing.md.

    python benchmarks/generate_archive.py OUT_DIR --posts 10000 [--seed 1] [--force]

Writes OUT_DIR/_config.yml, OUT_DIR/_posts/**/*.md and, last, OUT_DIR/_generator.json (what was
generated, with every broken post_url reference planted, so a benchmark can check its findings).

Deterministic: the same arguments give byte-identical files on any machine, with no network and no
clock (every date is counted back from the sample's date). Each post is about the sample's size (mean
about 23 KB, so 10,000 posts come to roughly 230 MB) and has what the sample has: front matter with the
same keys, Japanese prose recombined from the sample's clauses, H2/H3 headings, lists and bold, four
Markdown images with Unsplash-like URLs (on a share of posts with `w=` and other parameters
duplicated, as in the sample), alt text that is often the sample's template ("…に関連するイメージ"), a
related-posts block of `{% post_url %}` links to other generated posts (about 5 % of them to names
that do not exist), a CTA block and a BlogPosting JSON-LD block. Some posts sit in `_posts/ai/` and
`_posts/marketing/`, about 1 % use CRLF line endings, and small shares carry the defects a linter should
find (missing description, a misspelt key, invalid or disagreeing JSON-LD, empty or generic alt text).
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import archive_vocab as V  # noqa: E402

GENERATOR_VERSION = 1
MANIFEST = "_generator.json"
NEWEST = dt.datetime(2026, 1, 19, 1, 56, 41, 465000, tzinfo=dt.timezone.utc)  # the sample's date
MEAN_GAP_DAYS = 0.37  # 10,000 posts span about ten years
MEAN_BYTES, SD_BYTES, MIN_BYTES, MAX_BYTES = 23500, 2600, 15000, 32000

# shares (per post unless said otherwise)
P_FOLDER = (("ai", 0.15), ("marketing", 0.05))
P_CRLF = 0.01
P_BROKEN_LINK = 0.05  # per related-post link
P_DUP_PARAMS = 0.45
P_ALT_TEMPLATE, P_ALT_BAD = 0.55, 0.10  # the rest: descriptive alt text
P_NO_DESCRIPTION, P_TYPO_KEY, P_LONG_DESCRIPTION = 0.02, 0.01, 0.03
P_JSONLD_INVALID, P_JSONLD_MISMATCH = 0.01, 0.02
P_JAPANESE_SLUG = 0.5

_SLUG_RE = re.compile(r"[^\w]+")


class Plan:
    """What every post is called and where it lives, decided before any post is written."""

    __slots__ = ("index", "when", "date", "folder", "slug", "name", "title", "topic", "instinct",
                 "keyword", "crlf")

    @property
    def ref(self) -> str:  # what a {% post_url %} names
        return f"{self.folder}/{self.name}" if self.folder else self.name

    @property
    def relpath(self) -> str:
        return f"_posts/{self.ref}.md"


def plan_archive(posts: int, seed: int) -> list[Plan]:
    rng = random.Random(seed)
    plans: list[Plan] = []
    taken: set[tuple[str, str]] = set()
    when = NEWEST
    for i in range(posts):
        if i:
            when -= dt.timedelta(seconds=int(rng.expovariate(1 / (MEAN_GAP_DAYS * 86400))) + 60,
                                 milliseconds=rng.randrange(1000))
        p = Plan()
        p.index, p.when = i, when
        p.date = when.strftime("%Y-%m-%d")
        p.topic = rng.randrange(len(V.TOPICS))
        p.instinct = rng.randrange(len(V.INSTINCTS))
        p.keyword = rng.randrange(len(V.MAIN_KEYWORDS))
        p.title = make_title(rng, p)
        r, p.folder = rng.random(), ""
        for folder, share in P_FOLDER:
            if r < share:
                p.folder = folder
                break
            r -= share
        if rng.random() < P_JAPANESE_SLUG:
            slug = _SLUG_RE.sub("-", p.title.lower()).strip("-")
        else:
            words = rng.choice(("marketing", "strategy", "guide", "trends", "case-study", "tips"))
            slug = f"{V.MAIN_KEYWORDS[p.keyword][3]}-{V.INSTINCTS[p.instinct][0]}-{words}"
        base, k = slug, 2
        while (p.date, slug) in taken:  # Jekyll's fallback matches date + slug: keep them unique
            slug, k = f"{base}-{k}", k + 1
        taken.add((p.date, slug))
        p.slug = slug
        p.name = f"{p.date}-{slug}"
        p.crlf = rng.random() < P_CRLF
        plans.append(p)
    return plans


def make_title(rng: random.Random, p: Plan) -> str:
    year = p.when.year + (1 if p.when.month == 12 and rng.random() < 0.5 else 0)
    return rng.choice(V.TITLES).format(
        y=year, k=V.MAIN_KEYWORDS[p.keyword][2], n=rng.randrange(3, 10),
        j=V.INSTINCTS[p.instinct][1], t=V.TOPICS[p.topic][1], i=rng.choice(V.INDUSTRIES))


def sentence(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return rng.choice(V.SENTENCES)
    heads = 1 if r < 0.75 else (2 if r < 0.95 else 3)
    return "、".join([rng.choice(V.HEADS) for _ in range(heads)] + [rng.choice(V.TAILS)]) + "。"


def prose(rng: random.Random, budget: int) -> str:
    out, size = [], 0
    while size < budget or not out:
        s = sentence(rng)
        out.append(s)
        size += len(s.encode())
    return "".join(out)


def image_url(rng: random.Random, when: dt.datetime, dup: bool) -> str:
    photo = f"photo-{rng.randrange(1_400_000_000_000, 1_760_000_000_000)}-{rng.getrandbits(48):012x}"
    term = quote(rng.choice(V.SEARCH_TERMS))
    stamp = int(when.timestamp()) - rng.randrange(1, 120)
    ixid = base64.urlsafe_b64encode(
        f"3|787533|0|1|search|{rng.randrange(1, 200)}||{term}|en|1|0|||{stamp}|0".encode()
    ).decode().rstrip("=")
    query = f"crop=entropy&cs=tinysrgb&fit=max&fm=jpg&ixid={ixid}&ixlib=rb-4.1.0&q=80"
    if dup:
        query += "&w=1080&w=1200&h=630&fit=crop&crop=smart"
    else:
        query += "&w=1200&h=630"
    return f"https://images.unsplash.com/{photo}?{query}"


class Slot:
    """A paragraph to be filled once the rest of the post is built and its size known."""

    __slots__ = ("weight",)

    def __init__(self, weight: float):
        self.weight = weight


def build_post(p: Plan, plans: list[Plan], existing: set, seed: int, stats: dict) -> tuple[str, list]:
    rng = random.Random(seed * 1_000_003 + p.index + 1)
    category, topic, _folder = V.TOPICS[p.topic]
    instinct, jtype = V.INSTINCTS[p.instinct]
    kw, kw_prose, _kw_title, _kw_slug = V.MAIN_KEYWORDS[p.keyword]
    year = p.when.year
    keywords = [kw] + [k.format(y=year - rng.randrange(0, 3)) for k in rng.sample(V.MORE_KEYWORDS, 4)]
    fmt = dict(i=instinct, t=topic, k=kw_prose, y=year)

    dup = rng.random() < P_DUP_PARAMS
    stats["dup_param_posts"] += dup
    cover = image_url(rng, p.when, dup)
    r = rng.random()
    alt_mode = "template" if r < P_ALT_TEMPLATE else ("bad" if r < P_ALT_TEMPLATE + P_ALT_BAD else "descriptive")
    stats[f"alt_{alt_mode}_posts"] += 1
    descriptive = rng.sample(V.DESCRIPTIVE_ALTS, 4)
    bad_image = rng.randrange(4)
    images_done = 0

    def heading_with_image(heading: str) -> str:
        nonlocal images_done
        url = image_url(rng, p.when, dup or rng.random() < 0.05)
        if alt_mode == "template":
            alt = f"{heading}に関連するイメージ"
        elif alt_mode == "bad" and images_done == bad_image:
            alt = rng.choice(("", rng.choice(V.GENERIC_ALTS), url.split("/")[-1].split("?")[0] + ".jpg"))
        else:
            alt = descriptive[images_done]
        images_done += 1
        return f"## {heading}\n![{alt}]({url})"

    blocks: list = [Slot(1.3)]
    blocks += [heading_with_image(rng.choice(V.H2_BACKGROUND).format(**fmt)), Slot(0.8), Slot(1.2)]
    blocks += [heading_with_image(rng.choice(V.H2_TREND).format(**fmt)), Slot(0.6)]
    blocks += [f"### {rng.choice(V.H3_WHY)}", Slot(1.0)]
    steps = rng.sample(V.STEPS, rng.randrange(2, 5))
    for n, step in enumerate(steps, 1):
        blocks += [f"### ステップ{n}: {step}", Slot(0.9)]
    blocks += [f"### {rng.choice(V.H3_FAIL)}", sentence(rng)]
    items = []
    for n, failure in enumerate(rng.sample(V.FAILURES, rng.randrange(3, 6)), 1):
        items.append(f"*   **失敗例{n}：{failure}**\n    {sentence(rng)}{sentence(rng)}\n"
                     f"    **対策：** {sentence(rng)}{sentence(rng)}")
    blocks += ["\n\n".join(items), sentence(rng)]
    blocks += [heading_with_image(rng.choice(V.H2_PRACTICE).format(**fmt)), sentence(rng)]
    for n, step in enumerate(rng.sample(V.STEPS, rng.randrange(2, 5)), 1):
        tasks = rng.sample(V.TASKS, rng.randrange(3, 6))
        blocks += [f"### ステップ{n}: {step}", Slot(0.7),
                   "**実行内容:**\n" + "\n".join(f"*   **{t}:** {sentence(rng)}" for t in tasks),
                   f"**注意点:** {sentence(rng)}{sentence(rng)}"]
    blocks += [f"## {rng.choice(V.H2_CASES).format(**fmt)}"]
    for _ in range(2):
        result = rng.choice(V.RESULTS).format(n=rng.randrange(5, 41))
        blocks += [f"{sentence(rng)}例えば、{rng.choice(V.INDUSTRIES)}のある企業では、{rng.choice(V.HEADS)}、"
                   f"**{result}**しました。{sentence(rng)}"]
    blocks += [Slot(0.8)]
    blocks += [heading_with_image(rng.choice(V.H2_SUMMARY).format(**fmt)), Slot(0.7), sentence(rng)]
    blocks += ["\n".join(f"*   **{t}:** {sentence(rng)}" for t in rng.sample(V.TASKS, 3)), Slot(0.5)]

    # related posts: three other posts, mostly older ones; some names do not exist
    related, broken = [], []
    pool = list(range(p.index + 1, min(len(plans), p.index + 40)))
    pool += list(range(p.index - 1, max(-1, p.index - 1 - (3 - len(pool))), -1))  # the oldest link newer ones
    for j in rng.sample(pool, min(3, len(pool))):
        target = plans[j]
        ref, text = target.ref, target.title
        if rng.random() < P_BROKEN_LINK:
            ref = broken_ref(rng, target, existing)
            broken.append(ref)
        stats["post_url_links"] += 1
        related.append(f'    <li><a href="{{{{ site.baseurl }}}}{{% post_url {ref} %}}">{text}</a></li>')
    blocks += ["## 関連記事"]
    if related:
        blocks += ['<div class="related-posts">\n  <h3>こちらの記事もおすすめです</h3>\n  <ul>\n'
                   + "\n".join(related) + "\n  </ul>\n</div>"]
    blocks += ['<div class="cta-section">\n  <h2>無料相談受付中</h2>\n'
               "  <p>AI×心理学マーケティングで、あなたのビジネスを次のレベルへ。<br>\n"
               "  まずは無料相談で、具体的な活用方法をご提案します。</p>\n"
               '  <a href="https://leadfive.co.jp/contact" class="btn btn-primary btn-lg">無料相談はこちら</a>\n'
               "</div>"]

    date = p.when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{p.when.microsecond // 1000:03d}Z"
    description = f"{p.title} - LeadFiveが提供するAI×心理学マーケティングの実践ガイド"
    if rng.random() < P_LONG_DESCRIPTION:
        description += "。" + sentence(rng) + sentence(rng)
        stats["long_description"] += 1
    ld = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": p.title,
        "image": cover,
        "author": {"@type": "Organization", "name": "LeadFive"},
        "publisher": {"@type": "Organization", "name": "LeadFive",
                      "logo": {"@type": "ImageObject", "url": "https://leadfive.co.jp/assets/images/logo.png"}},
        "datePublished": date,
        "description": description,
    }
    if rng.random() < P_JSONLD_MISMATCH:
        ld["headline"] = plans[rng.randrange(len(plans))].title + "（改訂版）"
        stats["jsonld_headline_mismatch"] += 1
    ld_text = json.dumps(ld, ensure_ascii=False, indent=2)
    if rng.random() < P_JSONLD_INVALID:
        ld_text = ld_text.replace('"\n}', '",\n}')  # a trailing comma: not JSON
        stats["jsonld_invalid"] += 1
    blocks += [f'<script type="application/ld+json">\n{ld_text}\n</script>']

    # fill the paragraphs so the whole post lands near its target size
    target = min(MAX_BYTES, max(MIN_BYTES, int(rng.gauss(MEAN_BYTES, SD_BYTES))))
    fixed = sum(len(b.encode()) + 2 for b in blocks if isinstance(b, str)) + 2500  # + front matter, placeholders
    slots = [b for b in blocks if isinstance(b, Slot)]
    per_weight = max(0, target - fixed) / sum(s.weight for s in slots)
    body = "\n\n".join(b if isinstance(b, str) else prose(rng, int(b.weight * per_weight)) for b in blocks)
    body = (body.replace("⟨T⟩", topic).replace("⟨K⟩", kw_prose)
            .replace("⟨I⟩", instinct).replace("⟨J⟩", jtype))

    fm = ["---", "layout: blog-post", f'title: "{p.title}"', f"date: {date}", f"categories: [{category}]",
          f"tags: [{', '.join(keywords)}]", 'author: "LeadFive AI"']
    if rng.random() < P_NO_DESCRIPTION:
        stats["missing_description"] += 1
    else:
        fm.append(f'description: "{description}"')
    fm += [f'image: "{cover}"', f"featured: {'true' if rng.random() < 0.2 else 'false'}",
           f"instinct: {instinct}", f"reading_time: {max(1, len(body) // 750)}"]
    key = "seo_keywords"
    if rng.random() < P_TYPO_KEY:
        key = "seo_keyword"
        stats["typo_key"] += 1
    fm += [f"{key}: [{', '.join(json.dumps(k, ensure_ascii=False) for k in keywords)}]", "---", ""]
    text = "\n".join(fm) + "\n" + body + "\n"

    found = []
    for ref in broken:
        line = text.count("\n", 0, text.index(f"{{% post_url {ref} %}}")) + 1
        found.append((ref, line))
    return text, found


def broken_ref(rng: random.Random, target: Plan, existing: set) -> str:
    """A well-formed post_url name that matches no post, not even by Jekyll's date + slug fallback."""
    while True:
        how = rng.randrange(3)
        if how == 0:
            date, slug = target.date, target.slug + rng.choice(("-2", "-old", "-draft", "-v2"))
        elif how == 1:
            day = dt.date.fromisoformat(target.date) + dt.timedelta(days=rng.choice((-2, -1, 1, 2)))
            date, slug = day.isoformat(), target.slug
        else:
            date, slug = target.date, target.slug[: max(3, len(target.slug) // 2)].rstrip("-")
        if (date, slug) not in existing:
            name = f"{date}-{slug}"
            return f"{target.folder}/{name}" if target.folder else name


CONFIG = """\
# Generated by leadlint's benchmarks/generate_archive.py: a site shaped like a real LeadFive archive.
title: "LeadFive ブログ"
description: "AI×心理学マーケティングの実践ガイド"
url: "https://leadfive.co.jp"
baseurl: "/blog"
permalink: /blog/:categories/:title/
markdown: kramdown
defaults:
  - scope:
      path: ""
      type: posts
    values:
      layout: blog-post
      author: "LeadFive AI"
"""


def generate(out_dir: str, posts: int, seed: int, force: bool = False, quiet: bool = False) -> dict:
    posts_dir = os.path.join(out_dir, "_posts")
    if os.path.exists(posts_dir):
        if not force:
            raise SystemExit(f"{posts_dir} exists; pass --force to replace it")
        shutil.rmtree(posts_dir)
    for stale in (MANIFEST, "_config.yml"):
        if os.path.exists(os.path.join(out_dir, stale)):
            os.remove(os.path.join(out_dir, stale))
    os.makedirs(posts_dir)
    for folder, _ in P_FOLDER:
        os.makedirs(os.path.join(posts_dir, folder))
    with open(os.path.join(out_dir, "_config.yml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(CONFIG)

    plans = plan_archive(posts, seed)
    existing = {(p.date, p.slug) for p in plans}  # what Jekyll's date + slug fallback could match
    stats = dict.fromkeys(("post_url_links", "dup_param_posts", "alt_template_posts", "alt_bad_posts", "alt_descriptive_posts",
                           "missing_description", "typo_key", "long_description",
                           "jsonld_invalid", "jsonld_headline_mismatch"), 0)
    broken, total, crlf, in_folders = [], 0, 0, 0
    for p in plans:
        text, found = build_post(p, plans, existing, seed, stats)
        if p.crlf:
            text = text.replace("\n", "\r\n")
            crlf += 1
        in_folders += bool(p.folder)
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(out_dir, p.relpath), "wb") as f:
            f.write(data)
        broken += [{"path": p.relpath, "line": line, "target": ref} for ref, line in found]
        if not quiet and (p.index + 1) % 2000 == 0:
            print(f"  {p.index + 1:,} posts", file=sys.stderr)

    newest_root = next((p for p in plans if not p.folder and not p.crlf), plans[0]) if plans else None
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "posts": posts,
        "bytes": total,
        "crlf_posts": crlf,
        "posts_in_subfolders": in_folders,
        **stats,
        "broken_post_url": len(broken),
        "one_post": newest_root.relpath if newest_root else None,
        "newest": plans[0].date if plans else None,
        "oldest": plans[-1].date if plans else None,
        "broken_refs": broken,
    }
    with open(os.path.join(out_dir, MANIFEST), "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return manifest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", metavar="OUT_DIR")
    ap.add_argument("--posts", type=int, default=10000, help="number of posts (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--force", action="store_true", help="replace an existing OUT_DIR/_posts")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.posts < 1:
        ap.error("--posts must be at least 1")
    m = generate(args.out_dir, args.posts, args.seed, args.force, args.quiet)
    if not args.quiet:
        print(f"{m['posts']:,} posts, {m['bytes'] / 1e6:.1f} MB ({m['bytes'] / m['posts'] / 1e3:.1f} KB each) in "
              f"{args.out_dir}; {m['broken_post_url']} broken post_url of {m['post_url_links']}, "
              f"{m['crlf_posts']} CRLF, {m['posts_in_subfolders']} in subfolders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
