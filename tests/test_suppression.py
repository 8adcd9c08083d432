"""Inline suppressions, front-matter ignores, and the report of suppressions that do nothing."""

from __future__ import annotations

from pathlib import Path

from helpers import lint_site, write_site

PROBE = Path(__file__).parent / "plugin_example" / "leadlint_position_probe.py"

HEADINGS = """---
title: Suppressions
---

# One

<!-- leadlint-disable-next-line PRB001 -->
# Two

<!-- leadlint-disable PRB -->
# Three

# Four
<!-- leadlint-enable -->

# Five
"""


def probe_headings(tmp_path, text, extra_select=()):
    write_site(tmp_path, {"_posts/2025-01-01-a.md": text})
    (tmp_path / "leadlint_position_probe.py").write_text(PROBE.read_text())
    toml = 'plugins = ["leadlint_position_probe"]\nselect = ["PRB", "LL100"%s]\n' % "".join(
        f', "{c}"' for c in extra_select)
    return lint_site(tmp_path, toml=toml)


def headings(findings):
    return [f.message.split()[-1] for f in findings if f.message.startswith("heading")]


def test_next_line_and_ranges(tmp_path):
    findings = probe_headings(tmp_path, HEADINGS)
    assert headings(findings) == ["One", "Five"]
    assert not [f for f in findings if f.code == "LL100"]


def test_suppression_comments_match_in_any_case(tmp_path):
    """The comment's words are matched in any case, even in a post that nowhere else says
    "leadlint" in lower case (the text was once searched for that word before the comments)."""
    text = HEADINGS.replace("leadlint-disable-next-line", "LeadLint-Disable-Next-Line").replace(
        "leadlint-disable", "LEADLINT-DISABLE").replace("leadlint-enable", "LEADLINT-ENABLE")
    assert "leadlint" not in text
    findings = probe_headings(tmp_path, text)
    assert headings(findings) == ["One", "Five"]


def test_front_matter_ignore_silences_the_whole_post(tmp_path):
    text = "---\ntitle: x\nleadlint: {ignore: [PRB001]}\n---\n# One\n"
    findings = probe_headings(tmp_path, text)
    assert [f.code for f in findings] == []


def test_unused_suppressions_are_reported(tmp_path):
    text = ("---\ntitle: x\n---\n\nText.\n\n<!-- leadlint-disable-next-line PRB001 -->\nNo heading here.\n\n"
            "<!-- leadlint-disable-next-line ALT01 -->\nText.\n")
    findings = [f for f in probe_headings(tmp_path, text) if f.code == "LL100"]
    assert [(f.line, f.column) for f in findings] == [(7, 1), (10, 1)]
    assert "silences nothing (PRB001)" in findings[0].message
    assert "unknown code(s) ALT01" in findings[1].message


def test_suppression_of_a_rule_that_did_not_run_is_not_reported(tmp_path):
    # LL007 is not selected in this run: its suppression cannot be judged
    text = "---\ntitle: x\n---\n<!-- leadlint-disable-next-line LL007 -->\nText.\n"
    assert [f for f in probe_headings(tmp_path, text) if f.code == "LL100"] == []


def test_suppression_comments_inside_code_do_not_count(tmp_path):
    text = "---\ntitle: x\n---\n```\n<!-- leadlint-disable PRB -->\n```\n# One\n"
    assert headings(probe_headings(tmp_path, text)) == ["One"]
