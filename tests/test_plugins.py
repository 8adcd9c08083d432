"""The rule API works for outsiders: a plugin distribution with a ``leadlint.rules`` entry
point is found and run, listed and documented, exactly like the built-in families."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import write_site

from leadlint.registry import Registry

PROBE = Path(__file__).parent / "plugin_example"


def run_with_plugin(args, cwd):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROBE), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "leadlint", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def test_installed_plugin_rule_runs_through_its_entry_point(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-01-a.md": "---\ntitle: Hello\n---\n\n# Heading\n"})
    result = run_with_plugin(["check", "--select", "PRB", "--format", "json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"code": "PRB001"' in result.stdout
    assert "heading Heading" in result.stdout


def test_installed_plugin_is_listed_and_documented(tmp_path):
    listing = run_with_plugin(["rules"], tmp_path)
    assert "PRB001" in listing.stdout and "position-probe" in listing.stdout
    doc = run_with_plugin(["rule", "PRB001"], tmp_path)
    assert doc.returncode == 0 and "What it does" in doc.stdout


def test_builtin_rules_come_through_the_same_entry_point_group():
    from importlib.metadata import entry_points

    assert "leadlint.rules" in {ep.value for ep in entry_points(group="leadlint.rules")}
    registry = Registry.load()
    assert {"LL"} <= registry.families
    assert all(rule.origin.startswith("leadlint.rules.") for rule in registry.rules.values())


def test_engine_names_no_rule():
    engine = Path(__file__).resolve().parents[1] / "leadlint"
    codes = set(Registry.load().rules)
    for path in engine.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named = [code for code in codes if code in text]
        assert not named, f"{path} names rule(s) {named}"


def test_broken_plugin_is_a_configuration_error(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-01-a.md": "---\ntitle: Hello\n---\n"})
    (tmp_path / "broken_plugin.py").write_text("raise ImportError('oops')\n")
    (tmp_path / ".leadlint.toml").write_text('plugins = ["broken_plugin"]\n')
    result = run_with_plugin(["check"], tmp_path)
    assert result.returncode == 2
    assert "broken_plugin" in result.stderr and "oops" in result.stderr


def test_a_rule_that_raises_half_way_leaves_one_internal_error_finding(tmp_path):
    """What a rule yielded before it raised is dropped: its findings would be incomplete."""
    write_site(tmp_path, {"_posts/2025-01-01-a.md": "---\ntitle: Hello\n---\n\nText.\n"})
    (tmp_path / "raising_plugin.py").write_text('''
from leadlint.rule import rule


@rule("RSE001", "raises-half-way", severity="warning", summary="Yields a finding, then raises")
def raises_half_way(post, ctx):
    """
    ## What it does
    Yields a finding, then raises.
    """
    yield ctx.finding("found before the error", 0, 3)
    raise ValueError("broken rule")
''')
    (tmp_path / ".leadlint.toml").write_text('plugins = ["raising_plugin"]\n')
    result = run_with_plugin(["check", "--select", "RSE", "--format", "json", "--exit-zero"], tmp_path)
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("RSE001", "error")]
    assert "internal error in rule RSE001" in findings[0]["message"] and "broken rule" in findings[0]["message"]
