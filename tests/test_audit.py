"""`leadlint audit`: the text summary, `--statistics`, and the HTML page drawn in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile

import pytest

from helpers import run_cli, write_site

BROKEN = "---\ntitle: [oops\n---\n"


@pytest.fixture
def archive(tmp_path):
    return write_site(tmp_path, {
        "_posts/2024-11-02-a.md": BROKEN,
        "_posts/2024-11-20-b.md": "no front matter\n",
        "_posts/2025-01-05-c.md": "---\ntitle: fine\n---\n\nText.\n",
        "_posts/2025-01-09-d.md": BROKEN,
    })


def test_text_summary(archive):
    result = run_cli(["audit", "--select", "LL", "--no-cache"], archive)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "4 files, 4 posts, 3 findings" in out
    assert "Clean posts: 1 of 4 (25%)" in out
    assert re.search(r"LL007\s+invalid-yaml\s+error\s+2", out)
    assert re.search(r"2024-11\s+2\s+0\s+2", out) and re.search(r"2025-01\s+2\s+1\s+1", out)
    assert out.index("_posts/2024-11-02-a.md") < out.index("_posts/2024-11-20-b.md")


def test_statistics_on_check(archive):
    result = run_cli(["check", "--statistics", "--select", "LL", "--no-cache"], archive)
    assert re.search(r"^2\s+LL007\s+invalid-yaml", result.stdout, re.MULTILINE)


@pytest.mark.slow
def test_html_page_draws_its_charts_in_chromium(archive):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    result = run_cli(["audit", "--select", "LL", "--no-cache", "--html", "report.html"], archive)
    assert result.returncode == 0, result.stderr
    page = (archive / "report.html").read_text(encoding="utf-8")
    assert "<script src" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tempfile.mkdtemp()}", "--window-size=1300,1400"]
    dom = subprocess.run([browser, *flags, "--dump-dom", (archive / "report.html").as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    drawn = re.search(r'data-charts-drawn="(\d+)"', dom)
    assert drawn and int(drawn.group(1)) >= 5, dom[:2000]
    assert dom.count('class="mark"') >= 5
    assert "invalid-yaml" in dom and "25 %" in dom
    shot = archive / "report.png"
    subprocess.run([browser, *flags, f"--screenshot={shot}", (archive / "report.html").as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
