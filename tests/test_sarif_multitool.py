"""SARIF checked by Microsoft's SARIF Multitool with GitHub's ingestion rules (`Gh`) and the
SARIF best-practice rules (`Sarif`): stricter than the schema.  Optional: skips when the
multitool is not installed (`npm install` in tests/tools, which .ci/run does)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import run_cli, write_site

TOOLS = Path(__file__).parent / "tools" / "node_modules" / "@microsoft" / "sarif-multitool-linux"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "site"


def multitool() -> str:
    candidates = [os.environ.get("LEADLINT_SARIF_MULTITOOL"), str(TOOLS / "Sarif.Multitool"),
                  shutil.which("sarif")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.skip("Sarif.Multitool is not installed (npm install in tests/tools, or set LEADLINT_SARIF_MULTITOOL)")


def validate(tool: str, log_path: Path, tmp_path: Path) -> list[dict]:
    os.chmod(tool, 0o755)
    out = tmp_path / "validation.sarif"
    result = subprocess.run([tool, "validate", "--rule-kind", "Gh;Sarif", "--output", str(out), str(log_path)],
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"})
    assert out.exists(), result.stdout + result.stderr
    return json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]


@pytest.mark.slow
def test_example_site_sarif_passes_github_and_sarif_rules(tmp_path):
    tool = multitool()
    log = tmp_path / "example.sarif"
    result = run_cli(["check", "--no-cache", "--format", "sarif", "--output", str(log)], EXAMPLE)
    assert result.returncode == 1, result.stderr
    problems = validate(tool, log, tmp_path)
    assert problems == [], [(p["ruleId"], p["message"]) for p in problems]


@pytest.mark.slow
def test_japanese_file_names_and_baseline_states_pass(tmp_path):
    tool = multitool()
    site = write_site(tmp_path / "site", {"_posts/2025-01-01-日本語.md": "no front matter\n"})
    run_cli(["check", "--write-baseline", "b.json", "--no-cache"], site)
    (site / "_posts/2025-01-02-新しい記事.md").write_text("also none\n", encoding="utf-8")
    log = tmp_path / "baseline.sarif"
    run_cli(["check", "--baseline", "b.json", "--no-cache", "--format", "sarif", "--output", str(log)], site)
    assert validate(tool, log, tmp_path) == []
