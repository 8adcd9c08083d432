"""``--fix`` and ``--diff``: what is changed (only the fixed spans), how it is written (atomically,
keeping the BOM, the line endings and the mode), and what is reported afterwards."""

from __future__ import annotations

import codecs
import json
import os
import stat

from helpers import run_cli, working_directory, write_site

from leadlint.config import apply_cli_overrides, load_config
from leadlint.fix import FileFix, apply_fixes, fix_file
from leadlint.rule import Edit, Finding, Fix
from leadlint.run import Run

POST = "_posts/2025-01-10-a.md"

# A plugin with two fixes that overlap: XFX001 turns "TODO" into "DONE"; XFX002 adds a line
# "(checked)" under a line holding TODO, replacing the whole line (so it overlaps XFX001's edit
# and comes first, being at column 1): the first pass applies XFX002, the second XFX001.
PROBE = '''
from leadlint.rule import Edit, Fix, rule


@rule("XFX001", "todo-marker", severity="warning", summary="TODO left in the post", fix="always")
def todo_marker(post, ctx):
    """## What it does
    Reports TODO."""
    text = post.text
    at = text.find("TODO", post.body_start)
    while at != -1:
        yield ctx.finding("TODO left in the post", at, at + 4, fix=Fix("write DONE", (Edit(at, at + 4, "DONE"),)))
        at = text.find("TODO", at + 4)


@rule("XFX002", "todo-unchecked", severity="note", summary="TODO line not checked", fix="always")
def todo_unchecked(post, ctx):
    """## What it does
    Adds a line under a TODO."""
    text = post.text
    at = text.find("TODO", post.body_start)
    while at != -1:
        start = text.rfind("\\n", 0, at) + 1
        end = text.find("\\n", at)
        end = len(text) if end == -1 else end
        after = text[end + 1:].lstrip("\\r\\n")
        line_end = end - 1 if text[end - 1] == "\\r" else end
        if not after.startswith("(checked)"):
            line = text[start:line_end]
            yield ctx.finding("TODO line not checked", start, line_end,
                              fix=Fix("add (checked)", (Edit(start, line_end, line + "\\n(checked)"),)))
        at = text.find("TODO", end)
'''


def site(tmp_path, text, probe=False, name=POST):
    files = {name: text}
    if probe:
        files["fixprobe.py"] = PROBE
        files[".leadlint.toml"] = 'plugins = ["fixprobe"]\n'
    return write_site(tmp_path, files)


def fix_run(root, select, write=True):
    with working_directory(root):
        config_path = root / ".leadlint.toml"
        config = load_config(config_path if config_path.exists() else None)
        apply_cli_overrides(config, select, (), ())
        run = Run(config, [], jobs=1, use_cache=False)
        fixes = run.fix(write=write)
        return fixes, run.report().findings


def outside_spans_unchanged(before: str, after: str, edits: list[Edit]) -> bool:
    """Every character outside the edits is where the edits' lengths put it."""
    shift = 0
    last = 0
    for edit in sorted(edits, key=lambda e: e.start):
        if before[last:edit.start] != after[last + shift:edit.start + shift]:
            return False
        if after[edit.start + shift:edit.start + shift + len(edit.replacement)] != edit.replacement:
            return False
        shift += len(edit.replacement) - (edit.end - edit.start)
        last = edit.end
    return before[last:] == after[last + shift:]


def test_duplicate_parameter_fix_keeps_the_last_value_and_says_so(tmp_path):
    site(tmp_path, '---\ntitle: A\nimage: "https://cdn.example.com/a.jpg?w=1080&q=80&w=1200"\n---\n\nText.\n')
    fixes, remaining = fix_run(tmp_path, ("IMG001",))
    [fixed] = fixes
    assert [f.code for f in fixed.fixed] == ["IMG001"]
    assert "last value" in fixed.fixed[0].fix.description and "w" in fixed.fixed[0].fix.description
    assert "w=1200" in fixed.fixed[0].message
    assert (tmp_path / POST).read_text() == '---\ntitle: A\nimage: "https://cdn.example.com/a.jpg?q=80&w=1200"\n---\n\nText.\n'
    assert remaining == []


def test_bom_crlf_and_japanese_text_survive_and_only_the_spans_change(tmp_path):
    text = ("---\r\ntitle: 画像の話\r\nimage: \"https://cdn.example.com/猫.jpg?w=1&h=2&w=3\"\r\n---\r\n\r\n"
            "本文です。![猫](https://cdn.example.com/b.jpg?q=1&q=2)\r\n末尾\r\n")
    data = codecs.BOM_UTF8 + text.encode("utf-8")
    site(tmp_path, data)
    fixes, _ = fix_run(tmp_path, ("IMG001",))
    after = (tmp_path / POST).read_bytes()
    assert after.startswith(codecs.BOM_UTF8) and after.count(b"\r\n") == data.count(b"\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert after.decode("utf-8-sig") == text.replace("?w=1&h=2&w=3", "?h=2&w=3").replace("?q=1&q=2", "?q=2")
    assert outside_spans_unchanged(text, after.decode("utf-8-sig"), fixes[0].passes[0])


def test_second_fix_changes_nothing(tmp_path):
    site(tmp_path, "---\ntitle: A\n---\n\n![x](https://e.example/a.png?a=1&a=2&b=1&b=2)\n")
    fix_run(tmp_path, ("IMG001",))
    once = (tmp_path / POST).read_bytes()
    fixes, remaining = fix_run(tmp_path, ("IMG001",))
    assert fixes == [] and remaining == [] and (tmp_path / POST).read_bytes() == once


def test_only_what_remains_is_reported(tmp_path):
    site(tmp_path, "---\ntitle: A\n---\n\n![x](http://e.example/a.png?w=1&w=2)\n")
    fixes, remaining = fix_run(tmp_path, ("IMG",))
    assert [f.code for f in fixes[0].fixed] == ["IMG001"]
    assert [f.code for f in remaining] == ["IMG002"]  # http:// has no single right answer


def test_overlapping_fixes_are_applied_in_later_passes_with_the_files_line_endings(tmp_path):
    site(tmp_path, "---\r\ntitle: A\r\n---\r\n\r\nA TODO here\r\nend\r\n", probe=True)
    fixes, remaining = fix_run(tmp_path, ("XFX",))
    assert (tmp_path / POST).read_bytes() == b"---\r\ntitle: A\r\n---\r\n\r\nA DONE here\r\n(checked)\r\nend\r\n"
    assert [[f.code for f in fixes[0].fixed]] == [["XFX002", "XFX001"]]
    assert len(fixes[0].passes) == 2 and remaining == [] and fixes[0].unapplied == 0


def test_apply_fixes_first_wins():
    def finding(code, *edits):
        return Finding(code, "warning", "m", "p", 1, 1, 1, 1, fix=Fix("d", tuple(edits)))

    text = "abcdefgh"
    first = finding("A", Edit(2, 5, "X"))
    overlapping = finding("B", Edit(4, 6, "Y"))
    same_place_insert = finding("C", Edit(2, 2, "+"))
    elsewhere = finding("D", Edit(6, 8, "Z"), Edit(0, 0, ">"))
    new, taken, left = apply_fixes(text, [first, overlapping, same_place_insert, elsewhere])
    assert new == ">abXfZ" and [f.code for f, _ in taken] == ["A", "D"] and left == 2
    assert apply_fixes(text, [finding("E", Edit(0, 3, "abc"))]) == (text, [], 0)  # changes nothing
    assert apply_fixes(text, [finding("F", Edit(5, 99, ""))]) == (text, [], 0)  # out of range


def test_diff_shows_the_change_and_writes_nothing(tmp_path):
    text = "---\ntitle: A\nimage: /a.jpg?w=1&w=2\n---\n\nText.\n"
    site(tmp_path, text)
    result = run_cli(["check", "--select", "IMG001", "--no-cache", "--diff"], tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ("--- a/_posts/2025-01-10-a.md\n+++ b/_posts/2025-01-10-a.md\n@@ -1,6 +1,6 @@\n"
                             " ---\n title: A\n-image: /a.jpg?w=1&w=2\n+image: /a.jpg?w=2\n ---\n \n Text.\n")
    assert "would fix 1 finding in 1 file" in result.stderr
    assert (tmp_path / POST).read_text() == text
    (tmp_path / POST).write_text(text.replace("w=1&", ""))
    nothing = run_cli(["check", "--select", "IMG001", "--no-cache", "--diff"], tmp_path)
    assert nothing.returncode == 0 and nothing.stdout == ""


def test_fix_from_the_command_line_reports_what_remains_and_how_many_were_fixed(tmp_path):
    site(tmp_path, "---\ntitle: A\nimage: http://e.example/a.jpg?w=1&w=2\n---\n\n![x](/b.png?q=1&q=2)\n")
    result = run_cli(["check", "--select", "IMG", "--fix", "--fail-on", "warning", "--no-cache"], tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split()[1] for line in lines if line.startswith("_posts")] == ["IMG002"]
    assert lines[-1] == "Fixed 2 findings in 1 file."
    as_json = run_cli(["check", "--select", "IMG", "--fix", "--format", "json"], tmp_path)
    assert json.loads(as_json.stdout)["summary"]["findings"] == 1
    assert "leadlint: Fixed 0 findings in 0 files." in as_json.stderr


def test_write_keeps_the_mode_and_leaves_no_temporary_file(tmp_path):
    site(tmp_path, "---\ntitle: A\nimage: /a.jpg?w=1&w=2\n---\n")
    path = tmp_path / POST
    os.chmod(path, 0o640)
    fix_run(tmp_path, ("IMG001",))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_file_changed_meanwhile_is_not_written(tmp_path):
    site(tmp_path, "---\ntitle: A\nimage: /a.jpg?w=1&w=2\n---\n")
    path = tmp_path / POST
    with working_directory(tmp_path):
        config = load_config(None)
        apply_cli_overrides(config, ("IMG001",), (), ())
        run = Run(config, [], jobs=1, use_cache=False)
        fixed = fix_file(run.linter, path, POST)
    assert fixed.changed
    path.write_text("---\ntitle: edited by the writer\n---\n")
    assert fixed.write() is False and "changed while it was being fixed" in fixed.problem
    assert path.read_text() == "---\ntitle: edited by the writer\n---\n"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_symbolic_link_is_not_fixed(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: A\nimage: /a.jpg?w=1&w=2\n---\n")
    site(tmp_path / "site", "---\ntitle: B\n---\n")
    (tmp_path / "site" / "_posts" / "2025-01-11-link.md").symlink_to(outside)
    fixes, _ = fix_run(tmp_path / "site", ("IMG001",))
    assert [f.problem for f in fixes] == ["is a symbolic link; not fixed"]
    assert "w=1&w=2" in outside.read_text()


def test_fixfile_diff_marks_a_missing_final_newline():
    fixed = FileFix(None, "p.md", b"a\nb", b"a\nc")
    assert fixed.diff().endswith("+c\n\\ No newline at end of file\n")


# -- fixes of the FM and LD rules --------------------------------------------------------------


def test_comma_separated_text_becomes_a_list(tmp_path):
    site(tmp_path, "---\nlayout: post\ntitle: タグの話\ntags: AI導入, マーケティング, 2025, yes\n"
                   "categories: \"news、お知らせ\"   # two categories\n---\n\nText.\n")
    fixes, remaining = fix_run(tmp_path, ("FM003",))
    assert (tmp_path / POST).read_text() == (
        "---\nlayout: post\ntitle: タグの話\ntags: [AI導入, マーケティング, \"2025\", \"yes\"]\n"
        "categories: [news, お知らせ]   # two categories\n---\n\nText.\n")
    assert [f.fix.description for f in fixes[0].fixed] == [
        'write `tags` as a list: [AI導入, マーケティング, "2025", "yes"]', "write `categories` as a list: [news, お知らせ]"]
    assert remaining == []


def test_a_list_is_not_guessed_from_defaults_liquid_or_folded_text(tmp_path):
    text = "---\nlayout: post\ntitle: T\ntags: >-\n  a,\n  b\ncategories: \"{{ site.x }}, b\"\n---\n\nText.\n"
    write_site(tmp_path, {POST: text, "_config.yml": "title: t\ndefaults:\n  - scope: {path: ''}\n"
                                                     "    values: {keywords: 'x, y'}\n"})
    fixes, remaining = fix_run(tmp_path, ("FM003",))
    assert fixes == [] and (tmp_path / POST).read_text() == text
    assert {f.message.split("`")[1] for f in remaining} == {"tags", "keywords"}


LD_POST = """---
layout: post
title: AI導入ロードマップ【2026年版】
description: 新しい説明文です。
date: {date}
image: {image}
---

Text.

<script type="application/ld+json">
{{
  "@context": "https://schema.org",
  "@type": "BlogPosting",
  "headline": "AI導入ロードマップ【2025年版】",
  "description": "古い説明",
  "datePublished": "2024-12-01",
  "image": {ld_image}
}}
</script>
"""


def test_json_ld_is_brought_in_line_with_the_front_matter(tmp_path):
    text = LD_POST.format(date="2025-01-02 09:00:00 +0900", image="/assets/cover.jpg",
                          ld_image='"https://blog.example.com/assets/old.jpg"')
    site(tmp_path, text)
    fixes, remaining = fix_run(tmp_path, ("LD007",))
    assert (tmp_path / POST).read_text() == text.replace(
        '"AI導入ロードマップ【2025年版】"', '"AI導入ロードマップ【2026年版】"').replace(
        '"古い説明"', '"新しい説明文です。"').replace('"2024-12-01"', '"2025-01-02T09:00:00+09:00"').replace(
        "/assets/old.jpg", "/assets/cover.jpg")
    assert len(fixes[0].fixed) == 4 and remaining == []


def test_json_ld_fixes_only_what_has_one_answer(tmp_path):
    # a time without a zone, a site path with no site url, and an image given as an @id reference
    text = LD_POST.format(date="2025-01-02 09:00:00", image="/assets/cover.jpg",
                          ld_image='{"@id": "#cover"}').replace(
        "}\n</script>", '}\n</script>\n<script type="application/ld+json">\n'
                        '{"@context": "https://schema.org", "@type": "ImageObject", "@id": "#cover", '
                        '"url": "https://img.example.com/old.jpg"}\n</script>')
    write_site(tmp_path, {POST: text}, config_yml="title: t\n")
    fixes, remaining = fix_run(tmp_path, ("LD007",))
    content = (tmp_path / POST).read_text()
    assert '"headline": "AI導入ロードマップ【2026年版】"' in content and '"datePublished": "2024-12-01"' in content
    assert "https://img.example.com/old.jpg" in content
    assert sorted(f.message.split()[0] for f in remaining) == ["datePublished", "image"]
