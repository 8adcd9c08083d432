"""Small Jekyll sites written by a test, and leadlint run on them in-process or as a command."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings

from leadlint.config import apply_cli_overrides, load_config
from leadlint.rule import Finding
from leadlint.run import Run

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "samples" / "2026-01-19-ai-roadmap-learning-marketing.md"
DEFAULT_CONFIG_YML = "title: Test blog\nurl: https://blog.example.com\n"


def write_site(root: Path, files: dict[str, str | bytes], config_yml: str | None = DEFAULT_CONFIG_YML) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root`` with a ``_config.yml``."""
    root.mkdir(parents=True, exist_ok=True)
    if config_yml is not None and "_config.yml" not in files:
        (root / "_config.yml").write_text(config_yml, encoding="utf-8")
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


@contextlib.contextmanager
def working_directory(path: Path):
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def lint_site(root: Path, paths: tuple[str, ...] = (), select: tuple[str, ...] = (), toml: str | None = None,
              jobs: int = 1) -> list[Finding]:
    """Findings of `leadlint check` run in ``root`` (in-process, no cache)."""
    config_path = None
    if toml is not None:
        config_path = root / ".leadlint.toml"
        config_path.write_text(toml, encoding="utf-8")
    with working_directory(root):
        config = load_config(config_path)
        apply_cli_overrides(config, select, (), ())
        run = Run(config, [Path(p) for p in paths], jobs=jobs, use_cache=False)
        return run.report().findings


def lint_post(tmp_path: Path, text: str | bytes, name: str = "2025-01-10-post.md", select: tuple[str, ...] = (),
              toml: str | None = None, files: dict | None = None) -> list[Finding]:
    """Findings for one post written to ``_posts/<name>`` of a fresh site."""
    write_site(tmp_path, {f"_posts/{name}": text, **(files or {})})
    return [f for f in lint_site(tmp_path, select=select, toml=toml) if f.path == f"_posts/{name}"]


def codes(findings: list[Finding]) -> list[tuple[str, int]]:
    """(code, line) pairs, the shape most assertions want."""
    return [(f.code, f.line) for f in findings]


def run_cli(args: list[str], cwd: Path, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leadlint", *args], cwd=cwd, capture_output=True, text=True,
                          input=input, timeout=300, env={**os.environ, "NO_COLOR": "1"})


def run_json(args: list[str], cwd: Path) -> dict:
    result = run_cli([*args, "--format", "json"], cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def drawn(strategy, count: int) -> list:
    """``count`` examples of a hypothesis strategy, the same ones on every run (to check what
    share of a generator's output takes a path)."""
    examples: list = []

    @settings(max_examples=count, deadline=None, database=None, derandomize=True)
    @given(strategy)
    def collect(example):
        examples.append(example)

    collect()
    return examples
