"""Real archives (../shared/corpora): Jekyll builds every post and every post_url in them,
so leadlint must read every file without a crash, find no broken reference and no parse
error on a post Jekyll builds.  Skips when the corpora are not beside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
SITES = ["vim-jp", "jekyll/docs", "jekyll/test/source", "jekyll/lib/site_template"]
#: LL rules that say a file could not be read or parsed
PARSE_ERRORS = {"LL001", "LL002", "LL006", "LL007", "LL008"}
RENDERED = {".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".html"}


def files_in_posts_folders(site: Path) -> set[str]:
    """Counted independently of leadlint's discovery: files in _posts/_drafts trees that have a
    rendered extension or a dated name (the rest Jekyll copies or ignores)."""
    found = set()
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames[:] = [d for d in dirnames if not d.startswith((".", "_site"))]
        parts = Path(dirpath).relative_to(site).parts
        if "_posts" not in parts and "_drafts" not in parts:
            continue
        for name in filenames:
            path = Path(dirpath, name)
            if path.suffix.lower() in RENDERED or name[:4].isdigit():
                found.add(path.relative_to(site).as_posix())
    return found


@pytest.mark.parametrize("site_name", SITES)
def test_corpus_is_read_without_crash_or_false_reference(site_name):
    site = CORPORA / site_name
    if not site.is_dir():
        pytest.skip(f"corpus {site} is not available")
    result = subprocess.run([sys.executable, "-m", "leadlint", "check", "--no-cache", "--exit-zero", "--format",
                             "json"], cwd=site, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    findings = document["findings"]
    assert not [f for f in findings if "internal error" in f["message"]]
    expected = files_in_posts_folders(site)
    assert document["summary"]["files"] == len(expected)
    assert {f["path"] for f in findings} <= expected
    assert [f for f in findings if f["code"].startswith("REF")] == []
    assert [(f["path"], f["code"], f["message"]) for f in findings if f["code"] in PARSE_ERRORS] == []
