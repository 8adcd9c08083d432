"""Differential tests for ``{% post_url %}``: the table in ``jekyll_cases.py`` against real Jekyll,
and leadlint's REF findings against the table.

- ``test_table_matches_real_jekyll`` rebuilds every case with ``jekyll build --safe`` (Debian's
  jekyll 4.3.1; ``apt-get install -y jekyll``) and checks the recorded verdict and message, so the
  table cannot drift from what Jekyll does. Skipped, with a reason, only where jekyll is not installed.
- ``test_leadlint_agrees_with_jekyll`` runs ``leadlint check --select REF --format json`` on the same
  site and requires:
  "abort" -> an error-severity REF finding at the tag's line;
  "warn"  -> a warning-severity REF finding at the tag's line and no REF error in that post;
  "ok"    -> no REF warning or error in that post (a note is allowed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jekyll_cases import CASES, Case, build_site, run_jekyll  # noqa: E402


ids = [c.id for c in CASES]


# --------------------------------------------------------------------------------------------
# the table against real Jekyll


@pytest.mark.slow  # the project's marker for tests that need an external tool (here: jekyll)
@pytest.mark.parametrize("case", CASES, ids=ids)
def test_table_matches_real_jekyll(case: Case, tmp_path: Path) -> None:
    if shutil.which("jekyll") is None:
        pytest.skip("jekyll is not installed (apt-get install -y jekyll): cannot check the table against it")
    root = build_site(tmp_path, case)
    result = run_jekyll(root / case.jekyll_root)
    assert result.verdict == case.jekyll_verdict, (
        f"{case.id}: {case.description}\n"
        f"table says {case.jekyll_verdict!r}, jekyll {result.verdict!r} (exit {result.returncode}):\n"
        f"{result.output}"
    )
    if case.message:
        assert case.message in result.output, (
            f"{case.id}: expected Jekyll to say {case.message!r}; it said:\n{result.output}"
        )
    if case.jekyll_verdict == "ok":
        assert "post_url" not in result.output, f"{case.id}: unexpected post_url message:\n{result.output}"


# --------------------------------------------------------------------------------------------
# leadlint against the table


def _leadlint_env() -> dict[str, str]:
    """The environment for running the installed ``python -m leadlint`` from a site directory."""
    return {**os.environ, "NO_COLOR": "1"}


def _run_leadlint(lint_dir: Path) -> list[dict]:
    cmd = [
        sys.executable, "-m", "leadlint", "check", str(lint_dir),
        "--select", "REF", "--format", "json", "--no-cache", "--exit-zero",
    ]
    proc = subprocess.run(
        cmd, cwd=lint_dir, env=_leadlint_env(), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, (
        f"leadlint exited {proc.returncode} with --exit-zero\n$ {' '.join(cmd)}\n"
        f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"leadlint's stdout is not JSON ({exc}):\n{proc.stdout}\nstderr:\n{proc.stderr}")
    findings = report["findings"]
    assert isinstance(findings, list)
    return findings


def _is_file(reported: str, lint_dir: Path, expected: Path) -> bool:
    path = Path(reported)
    if not path.is_absolute():
        path = lint_dir / path
    return os.path.realpath(path) == os.path.realpath(expected)


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_leadlint_agrees_with_jekyll(case: Case, tmp_path: Path) -> None:
    root = build_site(tmp_path, case)
    lint_dir = root / case.lint_root
    ref_path = root / case.ref_post
    line = case.ref_line()

    findings = _run_leadlint(lint_dir)
    in_post = [
        f for f in findings
        if str(f.get("code", "")).startswith("REF") and _is_file(f["path"], lint_dir, ref_path)
    ]
    errors = [f for f in in_post if f["severity"] == "error"]
    warnings = [f for f in in_post if f["severity"] == "warning"]
    context = (
        f"{case.id}: {case.description}\n"
        f"tag {case.tag_text!r} at {case.ref_post}:{line}; Jekyll: {case.jekyll_verdict}"
        + (f" ({case.message})" if case.message else "")
        + f"\nREF findings in that post: {json.dumps(in_post, ensure_ascii=False, indent=1)}"
    )

    if case.jekyll_verdict == "abort":
        assert any(f["line"] == line for f in errors), "expected a REF error at the tag's line\n" + context
    elif case.jekyll_verdict == "warn":
        assert not errors, "the build succeeds: no REF error expected\n" + context
        assert any(f["line"] == line for f in warnings), "expected a REF warning at the tag's line\n" + context
    else:
        assert not errors and not warnings, "the build succeeds cleanly: no REF error or warning\n" + context
