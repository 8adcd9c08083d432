"""The pre-commit hook, for real: a throwaway content repo runs this checkout's hook."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import write_site

CHECKOUT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def content_repo(tmp_path):
    if shutil.which("pre-commit") is None and not (Path(os.sys.executable).parent / "pre-commit").exists():
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    repo = write_site(tmp_path / "blog", {
        "_posts/2025-01-01-target.md": "---\ntitle: Target\n---\n\nText.\n",
        "_posts/2025-01-02-new.md": "---\ntitle: [broken\n---\n\nSee {% post_url 2025-01-01-target %}.\n",
    })
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "t")
    git(repo, "add", "_config.yml", "_posts/2025-01-01-target.md")
    git(repo, "commit", "-qm", "initial")
    git(repo, "add", "_posts/2025-01-02-new.md")
    return repo


def test_hook_reports_the_staged_post(content_repo):
    pre_commit = shutil.which("pre-commit") or str(Path(os.sys.executable).parent / "pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(content_repo.parent / "pre-commit-home")}
    result = subprocess.run([pre_commit, "try-repo", str(CHECKOUT), "leadlint", "--verbose"],
                            cwd=content_repo, capture_output=True, text=True, env=env, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "_posts/2025-01-02-new.md:2:8: LL007 [error]" in output
    assert "2025-01-01-target.md" not in output.split("leadlint")[-1].split("Found")[0].replace(
        "post_url 2025-01-01-target", "")
