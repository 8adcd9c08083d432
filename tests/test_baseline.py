"""Baselines keyed on content: edits above an old finding do not resurrect it."""

from __future__ import annotations

import json

from helpers import run_cli, write_site

OLD = "---\ntitle: old\n---\n\nIntro.\n\n<!-- leadlint-disable-next-line LL003 -->\nText.\n"


def test_baseline_hides_old_findings_and_reports_new_ones(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-01-a.md": OLD, "_posts/2025-01-02-b.md": "no front matter\n"})
    written = run_cli(["check", "--write-baseline", "baseline.json", "--select", "LL"], tmp_path)
    assert written.returncode == 0 and "recorded 2 finding(s)" in written.stderr
    entries = json.loads((tmp_path / "baseline.json").read_text())["entries"]
    assert {(e["path"], e["code"]) for e in entries} == {("_posts/2025-01-01-a.md", "LL100"),
                                                         ("_posts/2025-01-02-b.md", "LL005")}

    # lines added above the old finding: still matched
    (tmp_path / "_posts/2025-01-01-a.md").write_text(OLD.replace("Intro.", "A new intro.\n\nMore text."))
    result = run_cli(["check", "--baseline", "baseline.json", "--select", "LL"], tmp_path)
    assert result.returncode == 0, result.stdout
    assert "2 more match the baseline" in result.stdout

    # a new problem is reported
    (tmp_path / "_posts/2025-01-03-c.md").write_text("---\ntitle: [\n---\n")
    result = run_cli(["check", "--baseline", "baseline.json", "--select", "LL", "--format", "json"], tmp_path)
    document = json.loads(result.stdout)
    assert [f["path"] for f in document["findings"]] == ["_posts/2025-01-03-c.md"]
    assert document["summary"]["baseline_matched"] == 2


def test_fixed_findings_drop_out_when_rewritten(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-02-b.md": "no front matter\n"})
    run_cli(["check", "--write-baseline", "baseline.json"], tmp_path)
    (tmp_path / "_posts/2025-01-02-b.md").write_text("---\ntitle: fixed\n---\n")
    run_cli(["check", "--write-baseline", "baseline.json", "--select", "LL"], tmp_path)
    assert json.loads((tmp_path / "baseline.json").read_text())["entries"] == []


def test_sarif_marks_baseline_state(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-02-b.md": "no front matter\n"})
    run_cli(["check", "--write-baseline", "baseline.json", "--select", "LL"], tmp_path)
    (tmp_path / "_posts/2025-01-03-c.md").write_text("also no front matter\n")
    result = run_cli(["check", "--baseline", "baseline.json", "--select", "LL", "--format", "sarif"], tmp_path)
    states = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["baselineState"]
              for r in json.loads(result.stdout)["runs"][0]["results"]}
    assert states == {"_posts/2025-01-02-b.md": "unchanged", "_posts/2025-01-03-c.md": "new"}


def test_missing_baseline_is_a_usage_error(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-02-b.md": "no front matter\n"})
    result = run_cli(["check", "--baseline", "nope.json"], tmp_path)
    assert result.returncode == 2 and "baseline file not found" in result.stderr
