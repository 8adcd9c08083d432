"""REF rules beyond the differential table (tests/jekyll_cases.py): messages a writer can act on,
suggestions, positions, the engine's Liquid and name semantics, the site index, and the cache."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import re

import pytest
from hypothesis import example, given, strategies as st

from helpers import SAMPLE, codes, lint_site, run_cli, run_json, write_site
from leadlint.post_url import _full_token, find_post_urls, parse_name
from leadlint.dates import ruby_date
from leadlint.site import Site

REF = ("REF",)


def post(body: str = "Text.\n", **front_matter) -> str:
    lines = ["---", "title: A post"] + [f"{k}: {v}" for k, v in front_matter.items()] + ["---", "", body]
    return "\n".join(lines)


def link(name: str) -> str:
    return post(f"Intro.\n\nSee [this]({{% post_url {name} %}}).\n")


def ref_findings(root: Path, paths: tuple[str, ...] = ()) -> list:
    return [f for f in lint_site(root, paths=paths, select=REF)]


# -- the sample post -------------------------------------------------------------------------------


def test_sample_post_alone_has_three_broken_references(tmp_path):
    write_site(tmp_path, {f"_posts/{SAMPLE.name}": SAMPLE.read_text(encoding="utf-8")})
    found = ref_findings(tmp_path)
    assert [(f.code, f.severity, f.line) for f in found] == [
        ("REF002", "error", 136), ("REF002", "error", 137), ("REF002", "error", 138)]
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    for f in found:
        name = text[f.line - 1][f.column - 1: f.end_column - 1]
        assert name.startswith("2026-01-1") and f"`{name}`" in f.message  # the span is the name itself
        assert 'the build stops with "Could not find post"' in f.message
        assert f"no post of this site is dated {name[:10]}" in f.message


def test_sample_post_with_its_targets_is_clean(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    names = [t.name for t in find_post_urls(text)]
    assert len(names) == 3
    write_site(tmp_path, {f"_posts/{SAMPLE.name}": text, **{f"_posts/{n}.md": post() for n in names}})
    assert ref_findings(tmp_path) == []


# -- messages and suggestions ------------------------------------------------------------------------


def test_missing_post_suggests_same_date_first(tmp_path):
    write_site(tmp_path, {
        "_posts/2024-05-01-ref.md": link("2024-05-02-lanch-day"),
        "_posts/2024-05-02-launch-day.md": post(),
        "_posts/2023-01-01-lanch-day.md": post(),  # an exact slug, but another date
    })
    [f] = ref_findings(tmp_path)
    assert f.code == "REF002" and f.severity == "error"
    assert "did you mean `2024-05-02-launch-day` (`_posts/2024-05-02-launch-day.md`)?" in f.message


def test_missing_post_of_another_date_suggests_the_nearest_date_and_folder(tmp_path):
    write_site(tmp_path, {
        "_posts/2024-05-01-ref.md": link("ai/2021-03-02-chatbot-guide"),
        "_posts/ai/2021-03-03-chatbot-guide.md": post(),
        "_posts/2024-01-01-chatbot-guide.md": post(),
    })
    [f] = ref_findings(tmp_path)
    assert "did you mean `ai/2021-03-03-chatbot-guide`" in f.message


def test_wrong_case_and_extension_are_explained(tmp_path):
    write_site(tmp_path, {
        "_posts/2024-05-01-a.md": link("2024-05-02-Launch"),
        "_posts/2024-05-01-b.md": link("2024-05-02-launch.md"),
        "_posts/2024-05-02-launch.md": post(),
    })
    by_path = {f.path: f.message for f in ref_findings(tmp_path)}
    assert "names are case-sensitive; did you mean `2024-05-02-launch`" in by_path["_posts/2024-05-01-a.md"]
    assert "must not carry the file's extension; write `2024-05-02-launch`" in by_path["_posts/2024-05-01-b.md"]


def test_a_suggestion_is_never_the_post_itself(tmp_path):
    write_site(tmp_path, {"_posts/2024-05-01-launch.md": link("2024-05-01-lunch")})
    [f] = ref_findings(tmp_path)
    assert "did you mean" not in f.message


@pytest.mark.parametrize("name, expected", [
    ("nodate", "`nodate` is not a post name"),
    ("../../etc/passwd", "`../../etc/passwd` is not a post name"),
    ('"2024-05-02-launch"', "write `{% post_url 2024-05-02-launch %}`"),
    ("{{ page.next }}", "does not expand Liquid"),
    ("//2024-05-02-launch", "drops only one leading `/`"),
    ("(/2024-05-02-launch", "is not a valid one"),
    ("2024-13-45-launch", "`2024-13-45` in `2024-13-45-launch` is not a date"),
])
def test_invalid_names_say_why(tmp_path, name, expected):
    write_site(tmp_path, {"_posts/2024-05-01-ref.md": link(name), "_posts/2024-05-02-launch.md": post()})
    [f] = ref_findings(tmp_path)
    assert (f.code, f.severity) == ("REF001", "error")
    assert expected in f.message


def test_name_without_date_suggests_the_post_with_that_slug(tmp_path):
    write_site(tmp_path, {"_posts/2024-05-01-ref.md": link("launch-day"), "_posts/2024-05-02-launch-day.md": post()})
    [f] = ref_findings(tmp_path)
    assert f.code == "REF001" and "did you mean `2024-05-02-launch-day`" in f.message


def test_fallback_gives_the_exact_name_to_write(tmp_path):
    write_site(tmp_path, {
        "_posts/2024-05-01-a.md": link("2024-05-02-launch"),
        "_posts/2024-05-01-b.md": link("2024-05-02-renamed"),
        "_posts/news/2024-05-02-launch.md": post(),
        "_posts/2024-05-03-old-name.md": post(slug="renamed", date="2024-05-02"),
    })
    by_path = {f.path: f for f in ref_findings(tmp_path)}
    a, b = by_path["_posts/2024-05-01-a.md"], by_path["_posts/2024-05-01-b.md"]
    assert (a.code, a.severity) == (b.code, b.severity) == ("REF005", "warning")
    assert "deprecated date-and-slug fallback" in a.message
    assert a.message.endswith("write `{% post_url news/2024-05-02-launch %}`")
    # found only by reading front matter that sets both slug and date: neither is in the file name
    assert "`renamed` is the `slug:` its front matter gives it" in b.message
    assert b.message.endswith("write `{% post_url 2024-05-03-old-name %}`")


def test_fix_writes_the_exact_name(tmp_path):
    body = "{% post_url /2024-05-02-launch %} and {%post_url other/2024-5-2-launch%}\n"
    write_site(tmp_path, {"_posts/2024-05-01-a.md": post(body), "_posts/news/2024-05-02-launch.md": post()})
    result = run_cli(["check", "--select", "REF", "--fix", "--no-cache"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (tmp_path / "_posts/2024-05-01-a.md").read_text(encoding="utf-8")
    assert "{% post_url news/2024-05-02-launch %} and {%post_url news/2024-05-02-launch%}" in text
    assert ref_findings(tmp_path) == []


def test_category_subfolder_cannot_be_named_exactly(tmp_path):
    write_site(tmp_path, {"_posts/2024-05-01-a.md": link("news/sub/2024-05-02-x"),
                          "news/_posts/sub/2024-05-02-x.md": post()})
    [f] = ref_findings(tmp_path)
    assert f.code == "REF005"
    assert "does not look into subfolders of `news/_posts/`" in f.message


def test_self_reference_is_a_note(tmp_path):
    write_site(tmp_path, {"_posts/2024-05-01-me.md": link("2024-05-01-me")})
    [f] = ref_findings(tmp_path)
    assert (f.code, f.severity) == ("REF006", "note")


def test_ambiguous_name_is_a_note(tmp_path):
    write_site(tmp_path, {"_posts/2024-05-01-a.md": link("2024-05-02-x"),
                          "_posts/2024-05-02-x.md": post(), "_posts/2024-05-02-x.en.md": post()})
    [f] = ref_findings(tmp_path)
    assert (f.code, f.severity) == ("REF008", "note")
    assert "`_posts/2024-05-02-x.en.md` (not `_posts/2024-05-02-x.md`)" in f.message


@pytest.mark.parametrize("target, config, expected", [
    (post(published="false"), "", "`published: false` in its front matter"),
    (post(), "defaults:\n  - scope: {path: _posts/hidden}\n    values: {published: false}\n",
     "`published: false` from `defaults` in _config.yml"),
    (post(date="2999-01-01"), "", "dated 2999-01-01 (by its front matter), after the time of the build"),
])
def test_unpublished_target_says_why(tmp_path, target, config, expected):
    write_site(tmp_path, {"_posts/2024-05-01-a.md": link("hidden/2024-05-02-x"),
                          "_posts/hidden/2024-05-02-x.md": target},
               config_yml="title: t\n" + config)
    [f] = ref_findings(tmp_path)
    assert (f.code, f.severity) == ("REF004", "error")
    assert expected in f.message


@pytest.mark.parametrize("target, expected", [
    ("_drafts/2024-05-02-x.md", "which is a draft"),
    ("_posts/_old/2024-05-02-x.md", "Jekyll skips files and top folders whose names start with `_`"),
    ("_news/_posts/2024-05-02-x.md", "Jekyll never walks into folders whose names start with `_`"),
    ("_posts/2024-05-02-x.yml", "reads `.yml` files in `_posts` as data"),
])
def test_target_jekyll_does_not_read_says_why(tmp_path, target, expected):
    write_site(tmp_path, {"_posts/2024-05-01-a.md": link("2024-05-02-x"), target: post()})
    [f] = ref_findings(tmp_path)
    assert f.code == "REF004" and expected in f.message


def test_excluded_prefix_says_which_pattern(tmp_path):
    write_site(tmp_path, {"_posts/2024-05-01-a.md": link("archive/2024-05-02-x"),
                          "archive/_posts/2024-05-02-x.md": post()}, config_yml="exclude: [arch]\n")
    [f] = ref_findings(tmp_path)
    assert f.code == "REF004" and "`arch` in `exclude` in _config.yml" in f.message


def test_nfd_file_name_is_named_and_must_be_renamed(tmp_path):
    nfc = unicodedata.normalize("NFC", "ブログ")
    nfd = unicodedata.normalize("NFD", nfc)
    write_site(tmp_path, {"_posts/2024-05-01-a.md": link(f"2024-05-02-{nfc}"), f"_posts/2024-05-02-{nfd}.md": post()})
    [f] = ref_findings(tmp_path)
    assert (f.code, f.severity) == ("REF003", "error")
    assert f"`_posts/2024-05-02-{nfd}.md`" in f.message and "rename the file to NFC" in f.message


# -- positions ---------------------------------------------------------------------------------------


def test_positions_are_the_name(tmp_path):
    body = "A\n\n{% post_url\n   2024-05-09-nothere\n%} and {%post_url%}\n"
    write_site(tmp_path, {"_posts/2024-05-01-a.md": post(body)})
    found = sorted(ref_findings(tmp_path), key=lambda f: f.line)
    assert [(f.code, f.line, f.column, f.end_line, f.end_column) for f in found] == [
        ("REF002", 8, 4, 8, 22),  # the name on its own line inside the tag
        ("REF001", 9, 8, 9, 20),  # no name: the whole tag
    ]


def test_crlf_and_full_width_characters_keep_columns(tmp_path):
    body = "日本語の文章 {% post_url 2024-05-09-ない %}\r\n"
    write_site(tmp_path, {"_posts/2024-05-01-a.md": post(body).replace("\n", "\r\n")})
    [f] = ref_findings(tmp_path)
    assert (f.line, f.column, f.end_column) == (5, 20, 33)


# -- which tags count ----------------------------------------------------------------------------------


def test_liquid_contexts(tmp_path):
    body = (
        "{% raw %}{% post_url nodate %}{% endraw %}\n"
        "{% comment %}{% post_url 2024-05-09-a %}{% endcomment %}\n"   # parsed, not rendered: fine
        "{% comment %}{% post_url nodate %}{% endcomment %}\n"         # parsed: an error
        "{% if false %}{% post_url 2024-05-09-b %}{% else %}{% post_url 2024-05-09-c %}{% endif %}\n"
        "{% unless true %}{% post_url 2024-05-09-d %}{% endunless %}\n"
        "{% case x %}{% post_url 2024-05-09-e %}{% when 1 %}{% post_url 2024-05-09-f %}{% endcase %}\n"
        "{% liquid\n  if false\n    post_url 2024-05-09-g\n  endif\n  post_url 2024-05-09-h\n%}\n"
        "{% if page.x %}{% post_url 2024-05-09-i %}{% endif %}\n"
        "{% # post_url 2024-05-09-j %}\n"
        "```\n{% post_url 2024-05-09-k %}\n```\n"
    )
    write_site(tmp_path, {"_posts/2024-05-01-a.md": post(body)})
    found = {f.message.split("`")[1]: f.code for f in ref_findings(tmp_path)}
    assert found == {"nodate": "REF001", "2024-05-09-c": "REF002", "2024-05-09-f": "REF002",
                     "2024-05-09-h": "REF002", "2024-05-09-i": "REF002", "2024-05-09-k": "REF002"}


def test_find_post_urls_follows_ruby_whitespace():
    [before] = find_post_urls("{% post_url\u30002024-01-01-x %}")
    assert before.name == "\u30002024-01-01-x"
    [after] = find_post_urls("{% post_url 2024-01-01-x\u3000%}")
    assert after.name == "2024-01-01-x\u3000"
    assert [t.name for t in find_post_urls("{% raw %}{% post_url a %}{%- endraw %}{% post_url b %}")] == []


def test_unbuilt_referrer_gets_notes_only(tmp_path):
    write_site(tmp_path, {
        "_drafts/idea.md": link("2024-05-09-nothere"),
        "_posts/2024-05-01-wip.md": post("{% post_url nodate %} {% post_url 2024-05-02-later %}\n",
                                         published="false"),
        "_posts/2024-05-02-later.md": post(published="false"),
    })
    found = ref_findings(tmp_path)
    assert {(f.path, f.code, f.severity) for f in found} == {
        ("_drafts/idea.md", "REF002", "note"), ("_posts/2024-05-01-wip.md", "REF001", "note")}
    assert all(f.message.startswith("this post is not built yet (") for f in found)


def test_render_with_liquid_false_and_yml_are_not_checked(tmp_path):
    write_site(tmp_path, {
        "_posts/2024-05-01-a.md": post("{% post_url nodate %}\n", render_with_liquid="false"),
        "_posts/2024-05-01-b.yml": "body: '{% post_url nodate %}'\n",
    })
    assert ref_findings(tmp_path) == []


# -- the site index -----------------------------------------------------------------------------------


def test_one_file_on_the_command_line_resolves_against_the_whole_site(tmp_path):
    write_site(tmp_path, {"_posts/2024-05-01-a.md": link("sub/2024-05-02-x") + link("2024-05-03-none"),
                          "_posts/sub/2024-05-02-x.md": post()})
    found = ref_findings(tmp_path, paths=("_posts/2024-05-01-a.md",))
    assert codes(found) == [("REF002", 14)]


def test_a_post_belongs_to_the_nearest_config(tmp_path):
    write_site(tmp_path, {
        "_posts/2024-05-01-root.md": link("docs/2024-05-02-guide"),
        "docs/_config.yml": "title: docs\n",
        "docs/_posts/2024-05-02-guide.md": link("2024-05-01-root"),
    }, config_yml="title: root\n")
    by_path = {f.path: f for f in ref_findings(tmp_path)}
    root, docs = by_path["_posts/2024-05-01-root.md"], by_path["docs/_posts/2024-05-02-guide.md"]
    assert (root.code, root.severity) == ("REF007", "warning")  # the root build reads docs/ too
    assert "separate site in `docs/`" in root.message
    assert (docs.code, docs.severity) == ("REF002", "error")  # docs/ never sees the root's posts
    assert "`_posts/2024-05-01-root.md` matches it in the enclosing site" in docs.message
    assert "belongs to the site in `docs/`" in docs.message


def test_collections_dir(tmp_path):
    write_site(tmp_path, {"coll/_posts/2024-05-01-a.md": link("2024-05-02-x") + link("coll/2024-05-02-x"),
                          "coll/_posts/2024-05-02-x.md": post()}, config_yml="collections_dir: coll\n")
    [f] = ref_findings(tmp_path)
    assert f.code == "REF005" and "names are relative to `coll/`" in f.message


def test_index_follows_jekylls_reader(tmp_path):
    write_site(tmp_path, {
        "_posts/2024-01-01-a.md": "", "_posts/sub/_deep/2024-01-02-b.md": "", "_posts/_old/2024-01-03-c.md": "",
        "_posts/notes.md": "", "_posts/2024-01-04-d.yml": "", "news/_posts/2024-01-05-e.md": "",
        "_news/_posts/2024-01-06-f.md": "", "archive/_posts/2024-01-07-g.md": "",
        "node_modules/_posts/2024-01-08-h.md": "", "_drafts/i.md": "", "_posts/2024-01-09-j.md~": "",
    }, config_yml="exclude: [arch]\n")
    site = Site(tmp_path)
    assert sorted(site.posts) == ["_posts/2024-01-01-a.md", "_posts/sub/_deep/2024-01-02-b.md",
                                  "news/_posts/2024-01-05-e.md"]
    assert list(site.drafts) == ["_drafts/i.md"] and site.documents == list(site.posts.values())
    assert {e.relpath: e.skipped for e in site.unread} == {
        "_posts/_old/2024-01-03-c.md": "special", "_posts/notes.md": "not-a-post-name",
        "_posts/2024-01-04-d.yml": "data-file", "_news/_posts/2024-01-06-f.md": "special",
        "archive/_posts/2024-01-07-g.md": "excluded", "_posts/2024-01-09-j.md~": "backup"}
    assert site.is_excluded("archive/x.md") and site.is_excluded("Gemfile.lock")
    assert not site.is_excluded("_posts/2024-01-01-a.md")


def test_post_state_reads_defaults_and_front_matter(tmp_path):
    write_site(tmp_path, {
        "_posts/2024-01-01-a.md": post(slug="renamed", date="2024-02-03 23:30:00 +0900"),
        "_posts/hidden/2024-01-02-b.md": post(published=""),
        "_posts/2024-01-03-c.md": "---\ntitle: [broken\n---\n",
    }, config_yml="timezone: Asia/Tokyo\n"
                  "defaults:\n  - scope: {path: _posts/hidden}\n    values: {slug: fromdefaults}\n")
    site = Site(tmp_path)
    a, b, c = (site.post_state(site.posts[p]) for p in
               ("_posts/2024-01-01-a.md", "_posts/hidden/2024-01-02-b.md", "_posts/2024-01-03-c.md"))
    assert (a.slug, a.slug_by, a.ymd, a.date_by) == ("renamed", "front matter", (2024, 2, 3), "front matter")
    assert (b.published, b.slug, b.slug_by) == (False, "fromdefaults", "defaults")  # `published:` null
    assert (c.broken, c.slug, c.date_by) == (True, None, "build time")


# -- names and dates as Ruby reads them ------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2020-01-01", (2020, 1, 1)), ("2020-1-1", (2020, 1, 1)), ("20-01-01", (2020, 1, 1)),
    ("99-1-1", (1999, 1, 1)), ("2020-02-30", (2020, 3, 1)), ("2021-02-29", (2021, 3, 1)),
    ("2020-001-01", (2020, 1, 1)), ("0020-01-01", (20, 1, 1)), ("2020-13-01", None), ("2020-01-00", None),
    ("2020-02-32", None), ("2020-01-001", None),
])
def test_ruby_date(text, expected):
    assert ruby_date(text) == expected


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby is not installed")
def test_ruby_date_agrees_with_ruby():
    parts = ["0", "1", "00", "01", "12", "13", "29", "31", "32", "69", "68", "99", "100", "001", "2020", "0020"]
    inputs = [f"{a}-{b}-{c}" for a in parts for b in parts for c in parts]
    script = ('STDIN.each_line { |l| begin; t = Time.parse(l.chomp).localtime; puts "#{t.year} #{t.month} #{t.day}"; '
              'rescue ArgumentError; puts "-"; end }')
    out = subprocess.run(["ruby", "-rtime", "-e", script], input="\n".join(inputs) + "\n", capture_output=True,
                         text=True, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"}, check=True).stdout.splitlines()
    mine = [" ".join(map(str, ruby_date(s))) if ruby_date(s) else "-" for s in inputs]
    assert mine == out


def test_parse_name_is_postcomparer():
    assert parse_name("/sub/2020-01-01-x").folder == "sub/"
    assert parse_name("//2020-01-01-x").problem == "no-date"
    regex = parse_name("a.b/2020-01-01-x")
    assert regex.matches("_posts/axb/2020-01-01-x.md") and not regex.matches("_posts/axb/2020-01-01-x")
    plain = parse_name("2020-01-01-x")
    assert plain.matches("_posts/2020-01-01-x.en.md") and not plain.matches("_posts/2020-01-01-x-en.md")
    assert not plain.matches("news/_posts/2020-01-01-x.md")  # a category post needs its folder
    news = parse_name("news/2020-01-01-x")
    assert news.matches("news/_posts/2020-01-01-x.md") and not news.matches("news/_posts/sub/2020-01-01-x.md")
    assert parse_name("(/2020-01-01-x").problem == "folder-regex"
    assert parse_name("2020-01-01-x\nmore").slug == "x"  # Ruby's $ is a line end


# -- the result cache --------------------------------------------------------------------------------------


def test_cached_results_follow_the_targets(tmp_path):
    write_site(tmp_path, {"_posts/2024-05-01-a.md": link("2024-05-02-x")})
    first = run_json(["check", "--select", "REF"], tmp_path)
    assert [f["code"] for f in first["findings"]] == ["REF002"]
    (tmp_path / "_posts/2024-05-02-x.md").write_text(post(), encoding="utf-8")
    assert run_json(["check", "--select", "REF"], tmp_path)["findings"] == []
    (tmp_path / "_posts/2024-05-02-x.md").write_text(post(published="false"), encoding="utf-8")
    assert [f["code"] for f in run_json(["check", "--select", "REF"], tmp_path)["findings"]] == ["REF004"]


def test_rule_docs_have_the_sections(tmp_path):
    result = run_cli(["rule", "REF005"], tmp_path)
    assert result.returncode == 0
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"):
        assert section in result.stdout


# -- more of Jekyll's behaviour, recorded from real builds (jekyll 4.3.1) ------------------------------------

_R = "_posts/2020-01-01-ref.md"
_T = post()


def _ref(tag: str, **front_matter) -> str:
    return post(f"Intro.\n\nSee [it]({tag}).\n", **front_matter)


_CONFIG = "title: t\n"
_DEFAULTS_SUB = "defaults:\n  - scope: {path: _posts/sub}\n    values: {date: %s}\n"
#: (id, files, verdict of `jekyll build --safe`, files to name on leadlint's command line)
JEKYLL_EXTRA = [
    ("liquid-tag-missing", {_R: post("{% liquid\n post_url 2020-01-01-nothere\n%}\n")}, "abort"),
    ("liquid-tag-if-false", {_R: post("{% liquid\n if false\n  post_url 2020-01-01-nothere\n endif\n%}\n")}, "ok"),
    ("if-else", {_R: post("{% if false %}{% else %}{% post_url 2020-01-01-nothere %}{% endif %}\n")}, "abort"),
    ("elsif-true",
     {_R: post("{% if false %}x{% elsif true %}y{% else %}{% post_url 2020-01-01-nothere %}{% endif %}\n")}, "ok"),
    ("unless-true", {_R: post("{% unless true %}{% post_url 2020-01-01-nothere %}{% endunless %}\n")}, "ok"),
    ("case-before-when", {_R: post("{% case 1 %}{% post_url 2020-01-01-nothere %}{% when 2 %}x{% endcase %}\n")}, "ok"),
    ("capture", {_R: post("{% capture x %}{% post_url 2020-01-01-nothere %}{% endcapture %}\n")}, "abort"),
    ("raw-in-comment", {_R: post("{% comment %}{% raw %}{% post_url nodate %}{% endraw %}{% endcomment %}\n")}, "ok"),
    ("feb-30-is-march-1", {_R: _ref("{% post_url 2020-03-01-t %}"), "_posts/2020-02-30-t.md": _T}, "warn"),
    ("feb-30-in-front-matter", {_R: _ref("{% post_url 2020-03-01-t %}"),
                                "_posts/2019-01-01-t.md": "---\ntitle: T\ndate: 2020-02-30\n---\nx\n"}, "warn"),
    ("two-digit-year", {_R: _ref("{% post_url 20-1-1-t %}"), "_posts/2020-01-01-t.md": _T}, "warn"),
    ("exclude-is-a-prefix", {"_config.yml": _CONFIG + "exclude: [arch]\n",
                             _R: _ref("{% post_url archive/2020-01-01-t %}"), "archive/_posts/2020-01-01-t.md": _T},
     "abort"),
    ("exclude-glob", {"_config.yml": _CONFIG + "exclude: ['*.bak.md']\n", _R: _ref("{% post_url 2020-01-01-t %}"),
                      "_posts/2020-01-01-t.bak.md": _T}, "abort"),
    ("include-underscore", {"_config.yml": _CONFIG + "include: [_old]\n", _R: _ref("{% post_url _old/2020-01-01-t %}"),
                            "_posts/_old/2020-01-01-t.md": _T}, "ok"),
    ("underscore-below-first-folder", {_R: _ref("{% post_url sub/_deep/2020-01-01-t %}"),
                                       "_posts/sub/_deep/2020-01-01-t.md": _T}, "ok"),
    ("hidden-folder", {_R: _ref("{% post_url .x/2020-01-01-t %}"), "_posts/.x/2020-01-01-t.md": _T}, "abort"),
    ("newline-in-name", {_R: _ref("{% post_url 2020-01-01-t\nfoo %}"), "_posts/2020-01-01-t.md": _T}, "ok"),
    ("published-null", {_R: _ref("{% post_url 2020-01-01-t %}"), "_posts/2020-01-01-t.md": post(published="")},
     "abort"),
    ("slug-and-date-in-front-matter", {_R: _ref("{% post_url 2020-05-05-fresh %}"),
                                       "_posts/2019-01-01-old.md": post(slug="fresh", date="2020-05-05")}, "warn"),
    ("zone-moves-the-day", {_R: _ref("{% post_url 2020-01-02-x %}"),
                            "_posts/2019-12-31-x.md": post(date="2020-01-01 23:30:00 -0500")}, "warn"),
    ("site-timezone", {"_config.yml": _CONFIG + "timezone: America/New_York\n", _R: _ref("{% post_url 2020-01-01-x %}"),
                       "_posts/2019-12-31-x.md": post(date="2020-01-02 03:30:00 +0000")}, "warn"),
    ("regex-folder-cpp", {_R: _ref("{% post_url c++/2020-01-01-x %}"), "_posts/c++/2020-01-01-x.md": _T}, "warn"),
    ("regex-folder-escaped", {_R: _ref("{% post_url c\\+\\+/2020-01-01-x %}"), "_posts/c++/2020-01-01-x.md": _T}, "ok"),
    ("two-exact-matches", {_R: _ref("{% post_url 2020-01-01-t %}"), "_posts/2020-01-01-t.md": _T,
                           "_posts/2020-01-01-t.en.md": _T}, "ok"),
    ("trailing-dots-in-file-name", {_R: _ref("{% post_url 2020-01-01-t %}"), "_posts/2020-01-01-t..md": _T}, "warn"),
    ("empty-slug", {_R: _ref("{% post_url 2020-01-01- %}"), "_posts/2020-01-01-.md": _T}, "ok"),
    ("defaults-date-unquoted-drops-every-post", {"_config.yml": _CONFIG + _DEFAULTS_SUB % "2021-06-06",
                                                 _R: _ref("{% post_url 2020-01-01-nothere %}")}, "ok"),
    ("defaults-date-quoted", {"_config.yml": _CONFIG + _DEFAULTS_SUB % "'2021-06-06'",
                              _R: _ref("{% post_url 2021-06-06-t %}"), "_posts/sub/2020-01-01-t.md": _T}, "warn"),
    ("collections-dir-is-a-prefix", {"_config.yml": _CONFIG + "collections_dir: coll\n",
                                     "coll/_posts/2020-01-01-ref.md": _ref("{% post_url 2020-01-01-t %}"),
                                     "collection/_posts/2020-01-01-t.md": _T}, "warn"),
    ("drafts-shown-render", {"_config.yml": _CONFIG + "show_drafts: true\n",
                             "_drafts/ref.md": _ref("{% post_url 2020-01-01-nothere %}")}, "abort"),
    ("future-draft-shown", {"_config.yml": _CONFIG + "show_drafts: true\n", _R: _ref("{% post_url 2999-01-01-t %}"),
                            "_drafts/2999-01-01-t.md": _T}, "abort"),
    ("unicode-after-tag-name", {_R: post("{% post_url日本 2020-01-01-nothere %}\n")}, "abort"),
    ("page", {"about.md": _ref("{% post_url 2020-01-01-nothere %}")}, "abort"),
]


def _extra_site(tmp_path: Path, files: dict) -> Path:
    return write_site(tmp_path / "site", files, config_yml=None if "_config.yml" in files else _CONFIG)


@pytest.mark.slow
@pytest.mark.parametrize("case_id, files, verdict", JEKYLL_EXTRA, ids=[c[0] for c in JEKYLL_EXTRA])
def test_extra_cases_match_real_jekyll(tmp_path, case_id, files, verdict):
    if shutil.which("jekyll") is None:
        pytest.skip("jekyll is not installed (apt-get install -y jekyll)")
    from jekyll_cases import run_jekyll

    result = run_jekyll(_extra_site(tmp_path, files))
    assert result.verdict == verdict, result.output


@pytest.mark.parametrize("case_id, files, verdict", JEKYLL_EXTRA, ids=[c[0] for c in JEKYLL_EXTRA])
def test_extra_cases_leadlint_agrees(tmp_path, case_id, files, verdict):
    root = _extra_site(tmp_path, files)
    paths = ("about.md",) if "about.md" in files else ()  # a page is linted when named
    severities = {f.severity for f in lint_site(root, paths=paths, select=REF)}
    found = "abort" if "error" in severities else "warn" if "warning" in severities else "ok"
    assert found == verdict


def test_names_never_make_leadlint_read_outside_the_site(tmp_path, monkeypatch):
    import builtins
    import io
    import os

    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "2020-01-01-x.md").write_text(post(), encoding="utf-8")
    root = write_site(tmp_path / "site", {"_posts/2024-05-01-a.md": post(
        "{% post_url ../../etc/passwd %} {% post_url ../../secret/2020-01-01-x %} "
        "{% post_url ../secret/2020-01-01-x %} {% post_url /../../secret/2020-01-01-x %}\n")})
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file, *args, **kwargs):
        opened.append(os.fspath(file) if not isinstance(file, int) else "")
        return real_open(file, *args, **kwargs)

    def spy_os_open(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    found = lint_site(root, select=REF)
    assert [f.code for f in found] == ["REF001", "REF002", "REF002", "REF002"]
    read = {Path(p).resolve() for p in opened if p}
    mine = {p for p in read if p.is_relative_to(tmp_path.resolve())}  # (the rest: Python's own files)
    assert mine and all(p.is_relative_to(root.resolve()) for p in mine), mine
    assert Path("/etc/passwd") not in read


# -- suggestions: the same answer as comparing every candidate in full ------------------------------------


def _suggest_in_full(resolver, name, own=""):
    """Resolver.suggest as first written, the specification of the faster one: every same-day post
    and every trigram candidate compared in full, trigrams counted per document."""
    import difflib

    from leadlint.post_url import _distance

    site = resolver.site
    if name.ymd is not None:
        best, best_ratio = None, 0.5
        for doc in resolver._name_index()[1].get(name.ymd, ()):
            if doc.relpath != own:
                ratio = difflib.SequenceMatcher(None, name.slug.lower(), (doc.slug or "").lower()).ratio()
                if ratio > best_ratio:
                    best, best_ratio = doc, ratio
        if best is not None and site.post_state(best).built:
            return best
    wanted = (name.slug if name.date else name.text.rsplit("/", 1)[-1]).lower()
    candidates = dict(_similar_in_full(site, wanted))
    for doc in resolver._name_index()[0].get(wanted, ()):
        candidates[f"{wanted}\0{doc.relpath}"] = doc
    folder = name.folder.lstrip("/")
    ranked = []
    for key, doc in candidates.items():
        ratio = difflib.SequenceMatcher(None, key.split("\0", 1)[0], wanted).ratio()
        if doc.relpath != own and ratio >= 0.6:
            same_folder = doc.jekyll_path.startswith((f"_posts/{folder}", f"{folder}_posts/"))
            ranked.append((-round(ratio, 3), not same_folder, _distance(doc, name.ymd), doc.relpath, doc))
    for *_, doc in sorted(ranked, key=lambda r: r[:4]):
        if site.post_state(doc).built:
            return doc
    return None


def _similar_in_full(site, wanted, keep=12):
    from collections import Counter

    from leadlint.post_url import _grams

    slugs = [((d.slug if d.slug is not None else d.stem).lower(), d) for d in site.documents]
    index: dict[str, list[int]] = {}
    for i, (slug, _) in enumerate(slugs):
        for gram in _grams(slug):
            index.setdefault(gram, []).append(i)
    common = max(50, len(slugs) // 20)
    postings = [index[g] for g in sorted(_grams(wanted)) if g in index]
    counts: Counter[int] = Counter()
    for posting in [p for p in postings if len(p) <= common] or postings:
        counts.update(posting)
    return [slugs[i] for i, _ in counts.most_common(keep)]


def _crowded_site(root: Path, seed: int, count: int, alphabet: str, repeat: float, days: int) -> None:
    """Posts whose slugs are short words of a few letters: trigram counts and ratios tie often, and
    slugs repeat across dates; some posts are not published."""
    import random

    rng = random.Random(seed)
    files, slugs = {}, []
    for _ in range(count):
        if slugs and rng.random() < repeat:
            slug = rng.choice(slugs)
        else:
            slug = "-".join("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
                            for _ in range(rng.randint(1, 3)))
            slugs.append(slug)
        folder = rng.choice(("", "", "ai/", "seo/"))
        hidden = {"published": "false"} if rng.random() < 0.15 else {}
        files[f"_posts/{folder}2020-01-{rng.randint(1, days):02d}-{slug}.md"] = post(**hidden)
    write_site(root, files)


@pytest.mark.parametrize("seed, count, alphabet, repeat, days", [
    (1, 250, "ab", 0.3, 3),  # every trigram is common: all of them count
    (2, 300, "abcdef", 0.0, 6),
    (3, 120, "ab-", 0.5, 1),  # one day: the same-day choice decides
    (4, 1200, "abcd", 0.4, 28),  # more than 1,000 posts: `common` grows with the site
])
def test_suggestions_are_those_of_a_full_comparison(tmp_path, seed, count, alphabet, repeat, days):
    import random

    from leadlint.post_url import Resolver

    _crowded_site(tmp_path, seed, count, alphabet, repeat, days)
    site = Site(tmp_path)
    resolver, rng = Resolver(site), random.Random(seed)
    docs = site.documents
    for _ in range(300):
        doc = rng.choice(docs)
        slug = list(doc.slug)
        for _ in range(rng.randint(0, 2)):
            slug.insert(rng.randrange(len(slug) + 1), rng.choice(alphabet + "xé"))
        date = doc.date if rng.random() < 0.5 else f"2020-01-{rng.randint(1, 31):02d}"
        text = rng.choice(("", "ai/", "nope/")) + (f"{date}-" if rng.random() < 0.9 else "") + "".join(slug)
        if rng.random() < 0.1:
            text = text.upper()
        own = rng.choice(("", doc.relpath, rng.choice(docs).relpath))
        name = parse_name(text)
        wanted = (name.slug if name.date else name.text.rsplit("/", 1)[-1]).lower()
        assert [(s, d.relpath) for s, d in resolver._similar(wanted)] == \
            [(s, d.relpath) for s, d in _similar_in_full(site, wanted)], text
        if name.problem in (None, "no-date"):
            expected = _suggest_in_full(resolver, name, own)
            found = resolver.suggest(name, own)
            assert (found.relpath if found else None) == (expected.relpath if expected else None), (text, own)


def test_similar_breaks_ties_between_repeated_slugs_by_the_sites_order(tmp_path):
    """Posts that share a slug are counted once per slug, yet ranked as documents: those kept are
    the first in the site's order among those with the most trigrams in common, whatever their slug."""
    from leadlint.post_url import Resolver

    files = {f"_posts/2020-01-{day:02d}-{slug}.md": post() for day in range(1, 8) for slug in ("abc-x", "abc-y")}
    write_site(tmp_path, files)
    site = Site(tmp_path)
    found = [(s, d.relpath) for s, d in Resolver(site)._similar("abc-z", keep=5)]
    assert found == [(s, d.relpath) for s, d in _similar_in_full(site, "abc-z", keep=5)]
    assert len(found) == 5


def test_valid_references_build_no_suggestion_index(tmp_path):
    from leadlint.post_url import Resolver

    write_site(tmp_path, {"_posts/2024-05-01-a.md": link("2024-05-02-launch-day"),
                          "_posts/2024-05-02-launch-day.md": post()})
    site = Site(tmp_path)
    resolver = Resolver(site)
    assert resolver.resolve(parse_name("2024-05-02-launch-day")).kind == "exact"
    assert resolver._trigrams is None and resolver._by_slug is None
    assert resolver.suggest(parse_name("2024-05-02-lanch-day")).relpath == "_posts/2024-05-02-launch-day.md"
    assert resolver._trigrams is None  # found on the same day: no trigram index either
    assert resolver.suggest(parse_name("2023-01-01-launch-dya")).relpath == "_posts/2024-05-02-launch-day.md"
    assert resolver._trigrams is not None


def test_closest_keeps_the_first_of_equal_ratios():
    """`cab` has the higher bound (it holds every letter of `abc`) but the same ratio as `abx`,
    which comes first: `abx` wins, as in a plain scan."""
    import difflib

    from leadlint.post_url import _closest

    entries = ["abx", "cab", "zzz", "abc-"]
    ratios = [difflib.SequenceMatcher(None, "abc", e).ratio() for e in entries[:2]]
    assert ratios[0] == ratios[1]
    assert _closest("abc", entries[:2], lambda e: e, 0.5) == "abx"
    assert _closest("abc", entries, lambda e: e, 0.5) == "abc-"
    assert _closest("abc", ["zzz", "xyz"], lambda e: e, 0.5) is None
    assert _closest("", ["", "a"], lambda e: e, 0.5) == ""  # two empty strings: ratio 1


#: Liquid 5.4's FullToken, as find_post_urls applied it before :func:`_full_token` replaced it
_FULL_TOKEN = re.compile(r"\{%-?([ \t\n\v\f\r]*)(#|[A-Za-z0-9_]+)([ \t\n\v\f\r]*)(.*?)-?%\}\Z", re.S)


_INSIDE = st.text(alphabet="{%}- \t\n#ab_1é", max_size=12)


@given(_INSIDE | _INSIDE.map(lambda inside: "{%" + inside + "%}"), st.text(alphabet="x{", max_size=2),
       st.text(alphabet="x}", max_size=2))
@example("{%- post_url 2024-01-01-a -%}", "", "")
@example("{%-%}", "", "")
@example("{%x--%}", "", "")
@example("{%%}", "", "")
def test_full_token_reads_a_tag_as_the_regex_did(token, before, after):
    text = before + token + after
    start, end = len(before), len(before) + len(token)
    match = _FULL_TOKEN.match(text, start, end)
    expected = None if match is None else (match.group(2), match.start(4), match.end(4))
    assert _full_token(text, start, end) == expected
