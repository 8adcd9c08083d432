"""The command line: discovery of the site and its posts, `rules` and `rule CODE`."""

from __future__ import annotations

import json

from helpers import run_cli, write_site

from leadlint.registry import Registry

NO_FM = "# Just text\n"


def test_no_paths_finds_the_site_root_from_a_subfolder(tmp_path):
    write_site(tmp_path, {
        "_posts/2025-01-01-a.md": NO_FM,
        "news/_posts/sub/2025-01-02-b.markdown": NO_FM,
        "_drafts/idea.md": NO_FM,
        "_posts/image.png": b"\x89PNG\x00",
        "about.md": NO_FM,
        "_site/_posts/2025-01-01-a.md": NO_FM,
    })
    (tmp_path / "assets").mkdir()
    result = run_cli(["check", "--format", "json"], tmp_path / "assets")
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths == {"../_posts/2025-01-01-a.md", "../news/_posts/sub/2025-01-02-b.markdown",
                     "../_drafts/idea.md"}


def test_site_root_option(tmp_path):
    write_site(tmp_path / "blog", {"_posts/2025-01-01-a.md": NO_FM})
    result = run_cli(["check", "--site-root", "blog", "--format", "json"], tmp_path)
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["blog/_posts/2025-01-01-a.md"]


def test_explicit_files_and_folders(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-01-a.md": NO_FM, "_posts/2025-01-02-b.md": NO_FM})
    result = run_cli(["check", "_posts/2025-01-02-b.md", "--format", "json"], tmp_path)
    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["_posts/2025-01-02-b.md"]
    result = run_cli(["check", "_posts", "--format", "json"], tmp_path)
    assert len(json.loads(result.stdout)["findings"]) == 2


def test_parallel_output_is_identical_and_ordered(tmp_path):
    files = {f"_posts/2025-01-{day:02d}-p{n}.md": (NO_FM if n % 2 else "---\ntitle: [\n---\n")
             for day in range(1, 29) for n in range(3)}
    write_site(tmp_path, files)
    one = run_cli(["check", "--jobs", "1", "--format", "json"], tmp_path).stdout
    two = run_cli(["check", "--jobs", "2", "--format", "json"], tmp_path).stdout
    assert one == two and len(json.loads(one)["findings"]) == 84


def test_rules_lists_every_rule(tmp_path):
    result = run_cli(["rules", "--all"], tmp_path)
    for code in Registry.load().rules:
        assert code in result.stdout
    default = run_cli(["rules"], tmp_path).stdout
    assert all(rule.code in default for rule in Registry.load().rules.values() if rule.enabled)


def test_rule_prints_documentation(tmp_path):
    for rule in Registry.load().rules.values():
        result = run_cli(["rule", rule.code], tmp_path)
        assert result.returncode == 0
        assert f"# {rule.code} {rule.name}" in result.stdout
        assert "## What it does" in result.stdout and "## Why is this bad?" in result.stdout
    assert run_cli(["rule", "invalid-yaml"], tmp_path).returncode == 0
    missing = run_cli(["rule", "XX999"], tmp_path)
    assert missing.returncode == 2 and "no rule" in missing.stderr
