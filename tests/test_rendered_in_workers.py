"""Reports whose files are rendered by the worker that linted them, and file names that are not UTF-8.

A streamed report in json, text or github format is rendered file by file in the worker
processes (``reporters.render_in_worker``); the parent receives each file's bytes and counts.
The report must be byte for byte the one the parent would have written from the findings.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from leadlint.config import load_config
from leadlint.engine import FileResult
from leadlint.reporters import Report, github, json as json_reporter, render_in_worker, text, utf8_sink
from leadlint.rule import Edit, Finding, Fix
from leadlint.run import Run

from helpers import SAMPLE, run_cli, working_directory, write_site

FORMATS = {"json": json_reporter, "text": text, "github": github}


def _site(root: Path) -> Path:
    posts = {f"_posts/2025-01-{day:02d}-p{n}.md": f"---\ntitle: 投稿{day}-{n}\nseo_keywords: [画像]\n---\n"
             f"{{% post_url 2025-01-{(day % 28) + 1:02d}-p{n} %}} {{% post_url 2024-01-01-gone %}}\n"
             f"![](/a.png?w=1&w=2)\n<img src='/b.png'>\n" for day in range(1, 29) for n in range(3)}
    posts["_posts/2025-02-01-broken.md"] = "---\ntitle: [\n---\n"
    posts["_posts/2025-02-02-sample.md"] = SAMPLE.read_text(encoding="utf-8")
    return write_site(root, posts)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_report_rendered_in_workers_is_the_one_rendered_here(tmp_path, fmt):
    _site(tmp_path)
    args = ["check", "--no-cache", "--format", fmt, "--statistics", "--select", "ALL"]
    one = run_cli([*args, "--jobs", "1"], tmp_path)
    two = run_cli([*args, "--jobs", "2"], tmp_path)
    assert one.returncode == two.returncode == 1, two.stderr
    assert one.stdout == two.stdout and one.stdout.count("FM0") > 80
    output = tmp_path / f"report.{fmt}"
    run_cli([*args, "--jobs", "2", "--output", str(output)], tmp_path)
    assert output.read_text(encoding="utf-8") == two.stdout


def test_workers_send_rendered_files_not_findings(tmp_path):
    _site(tmp_path)
    with working_directory(tmp_path):
        run = Run(load_config(None), [], jobs=2, use_cache=False)
        run.linter.finish_in_worker = render_in_worker(json_reporter.render_file)
        results = list(run.stream())
    with_findings = [r for r in results if r.rendered is not None]
    assert len(with_findings) == len(results) and all(r.findings == [] for r in results)
    assert all(r.rendered.renderer == "leadlint.reporters.json.render_file" for r in results)


_FINDING = st.builds(
    lambda code, severity, fixed: Finding(code, severity, f"{code} は", "a.md", 1, 1, 1, 2, "x",
                                          Fix("d", (Edit(0, 1, "y"),)) if fixed else None, "n"),
    st.sampled_from(["FM005", "REF002", "IMG001"]), st.sampled_from(["error", "warning", "note"]), st.booleans())


@settings(max_examples=200, deadline=None)
@given(files=st.lists(st.lists(_FINDING, max_size=6), max_size=5))
def test_counts_of_rendered_files_are_those_of_their_findings(files):
    """Codes, severities (the last one seen for a code, as ``--statistics`` shows it), fixable
    findings and files with findings: the same from rendered files as from the findings."""
    results = [FileResult(f"{i}.md", findings) for i, findings in enumerate(files)]
    finish = render_in_worker(json_reporter.render_file)
    here, there = Report(iter(results), [], Path(".")), Report(iter(map(finish, results)), [], Path("."))
    assert list(here.rendered(json_reporter.render_file)) == list(there.rendered(json_reporter.render_file))
    for name in ("by_code", "by_severity", "severity_of", "fixable", "files_checked", "files_with_findings"):
        assert getattr(here, name) == getattr(there, name), name
    assert list(here.severity_of.items()) == list(there.severity_of.items())


def test_a_rendered_file_is_never_read_as_findings_or_by_another_format():
    finding = Finding("FM005", "warning", "m", "a.md", 1, 1, 1, 2, "x", None, "n")
    rendered = render_in_worker(text.render_file)(FileResult("a.md", [finding]))
    with pytest.raises(RuntimeError, match="rendered by the worker"):
        list(Report(iter([rendered]), [], Path(".")).by_file())
    with pytest.raises(RuntimeError, match="not by leadlint.reporters.json.render_file"):
        list(Report(iter([rendered]), [], Path(".")).rendered(json_reporter.render_file))
    assert render_in_worker(text.render_file)(FileResult("b.md", [])).rendered is None  # nothing to send


def test_bytes_and_text_keep_their_order_in_a_utf8_stream():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    stream.write("一")
    write_utf8 = utf8_sink(stream)
    write_utf8("二".encode())
    stream.write("三")
    stream.flush()
    assert raw.getvalue().decode() == "一二三"
    other = io.StringIO()  # no binary buffer: decoded and written as text
    utf8_sink(other)(b"\xe5\x9b\x9b a\xffb")
    assert other.getvalue() == "四 a\udcffb"


# -- a file name that is not UTF-8 ----------------------------------------------------------------

NAME = b"2025-01-10-\x93\xfa\x96\x7b.md"  # "日本" in Shift_JIS


@pytest.fixture
def shift_jis_named_post(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-09-ok.md": "---\ntitle: ok\n---\nbody\n"})
    try:
        with open(os.path.join(os.fsencode(tmp_path / "_posts"), NAME), "wb") as stream:
            stream.write(b"---\ntitle: x\n---\nbody\n")
    except (OSError, UnicodeError):  # pragma: no cover - a file system that wants UTF-8 names
        pytest.skip("this file system does not take a file name that is not UTF-8")
    return tmp_path


def _run_bytes(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leadlint", *args], cwd=cwd, capture_output=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_format_reports_a_post_whose_name_is_not_utf8(shift_jis_named_post, jobs):
    """The post is linted and reported, never a crash: text and github write the name's own
    bytes (as ls does), JSON escapes them so that the path read back names the file, SARIF
    percent-encodes them, and the baseline keeps them."""
    site = shift_jis_named_post
    common = ["check", "--no-cache", "--jobs", jobs]
    plain = _run_bytes([*common, "--format", "text"], site)
    assert plain.returncode == 1 and b"_posts/" + NAME + b":2:1: FM005" in plain.stdout, plain.stderr
    assert b"_posts/" + NAME + b",line=2" in _run_bytes([*common, "--format", "github"], site).stdout
    assert b"_posts/" + NAME + b"\x1b" in _run_bytes([*common, "--color"], site).stdout
    document = json.loads(_run_bytes([*common, "--format", "json"], site).stdout.decode("utf-8"))
    paths = {f["path"] for f in document["findings"]}
    assert (site / "_posts" / os.fsdecode(NAME)).relative_to(site).as_posix() in paths
    assert all((site / path).is_file() for path in paths)
    sarif = json.loads(_run_bytes([*common, "--format", "sarif"], site).stdout.decode("utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert "_posts/2025-01-10-%93%FA%96%7B.md" in uris
    assert _run_bytes([*common, "--write-baseline", "baseline.json"], site).returncode == 1
    again = _run_bytes([*common, "--baseline", "baseline.json"], site)
    assert again.returncode == 0 and b"match the baseline" in again.stdout


def test_the_audit_shows_a_name_that_is_not_utf8_readably(shift_jis_named_post):
    site = shift_jis_named_post
    result = _run_bytes(["audit", "--no-cache", "--html", "audit.html"], site)
    assert result.returncode == 0, result.stderr
    assert "_posts/2025-01-10-\ufffd\ufffd\ufffd{.md" in result.stdout.decode("utf-8")
    assert "2025-01-10-\ufffd\ufffd\ufffd{.md" in (site / "audit.html").read_text(encoding="utf-8")
