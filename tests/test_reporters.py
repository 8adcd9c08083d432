"""Reports: text lines, a stable JSON shape, GitHub annotations, and SARIF that validates
against the official 2.1.0 schema and meets code scanning's ingestion rules."""

from __future__ import annotations

import io
import json
import os
import pickle
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

from leadlint.cli import _write_atomically
from leadlint.engine import FileResult
from leadlint.reporters import Report, json as json_reporter, text as text_reporter
from leadlint.rule import Edit, Finding, Fix

from helpers import run_cli, write_site

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "sarif-schema-2.1.0.json"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "site"

BROKEN = "---\ntitle: [oops\n---\n"
NO_FM = "# Just text\n"


def japanese_site(tmp_path):
    return write_site(tmp_path, {
        "_posts/2025-01-01-日本語の記事.md": NO_FM,
        "_posts/2025-01-02-broken.md": BROKEN,
    })


def sarif(cwd: Path, *args) -> dict:
    result = run_cli(["check", *args, "--format", "sarif"], cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def validate(log: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_of_the_example_site_validates_against_the_official_schema():
    log = sarif(EXAMPLE)
    validate(log)
    assert len(log["runs"]) == 1
    assert log["runs"][0]["results"], "the example site has problems to report"


def test_sarif_rules_are_fully_described(tmp_path):
    log = sarif(japanese_site(tmp_path))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "leadlint" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and "LL007" in ids
    for rule in driver["rules"]:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"# {rule['id']}")
    for result in log["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_uris_are_repo_relative_and_percent_encoded(tmp_path):
    (tmp_path / ".git").mkdir()
    site = japanese_site(tmp_path / "blog")
    log = sarif(site)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "blog/_posts/2025-01-01-%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE%E8%A8%98%E4%BA%8B.md" in uris
    assert all(not uri.startswith(("/", "file:")) and uri.isascii() for uri in uris)
    assert {unquote(u) for u in uris} >= {"blog/_posts/2025-01-01-日本語の記事.md"}
    for result in run["results"]:
        assert "uriBaseId" not in result["locations"][0]["physicalLocation"]["artifactLocation"]


def test_fingerprints_survive_lines_added_above(tmp_path):
    text = "---\ntitle: x\n---\n<!-- leadlint-disable-next-line LL005 -->\nText.\n"
    write_site(tmp_path, {"_posts/2025-01-01-a.md": text})
    before = sarif(tmp_path, "--select", "LL")["runs"][0]["results"]
    (tmp_path / "_posts/2025-01-01-a.md").write_text(text.replace("---\n<!--", "---\n\nNew paragraph.\n\n<!--"))
    after = sarif(tmp_path, "--select", "LL")["runs"][0]["results"]
    assert len(before) == len(after) == 1
    assert before[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert after[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 7
    assert before[0]["partialFingerprints"] == after[0]["partialFingerprints"]


def test_sarif_with_no_findings_is_valid(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-01-a.md": "---\ntitle: x\n---\n"})
    log = sarif(tmp_path, "--select", "LL")
    validate(log)
    assert log["runs"][0]["results"] == []


def test_text_format(tmp_path):
    result = run_cli(["check", "--select", "LL"], japanese_site(tmp_path))
    lines = result.stdout.splitlines()
    assert "_posts/2025-01-02-broken.md:2:8: LL007 [error] front matter is not valid YAML" in lines[1]
    assert lines[0].startswith("_posts/2025-01-01-日本語の記事.md:1:1: LL005 [warning]")
    assert "\x1b[" not in result.stdout
    assert lines[-1] == "Found 2 findings (1 error, 1 warning) in 2 files of 2 files."


def test_text_statistics(tmp_path):
    result = run_cli(["check", "--statistics"], japanese_site(tmp_path))
    assert "1  LL005   missing-front-matter" in result.stdout


def test_json_format_is_stable(tmp_path):
    result = run_cli(["check", "--format", "json"], japanese_site(tmp_path))
    document = json.loads(result.stdout)
    assert document["schema"] == "leadlint-findings/1"
    finding = document["findings"][1]
    assert finding == {
        "code": "LL007", "name": "invalid-yaml", "severity": "error",
        "message": finding["message"], "path": "_posts/2025-01-02-broken.md",
        "line": 2, "column": 8, "end_line": 2, "end_column": 8, "fix": None,
    }
    assert document["summary"] == {"files": 2, "findings": 2, "error": 1, "warning": 1, "note": 0,
                                   "baseline_matched": 0}


def test_github_annotations(tmp_path):
    result = run_cli(["check", "--format", "github"], japanese_site(tmp_path))
    lines = result.stdout.splitlines()
    assert lines[1].startswith("::error file=_posts/2025-01-02-broken.md,line=2,col=8,endLine=2,endColumn=8,"
                               "title=LL007 invalid-yaml::front matter is not valid YAML")
    assert lines[0].startswith("::warning file=_posts/2025-01-01-日本語の記事.md,line=1,col=1")


def test_output_file(tmp_path):
    site = japanese_site(tmp_path)
    result = run_cli(["check", "--format", "sarif", "--output", "report.sarif"], site)
    assert result.stdout == ""
    validate(json.loads((site / "report.sarif").read_text(encoding="utf-8")))


@pytest.mark.parametrize("args, status", [
    ([], 1),
    (["--exit-zero"], 0),
    (["--ignore", "LL007"], 0),
    (["--ignore", "LL007", "--fail-on", "warning"], 1),
    (["--format", "yaml"], 2),
    (["missing-folder"], 2),
])
def test_exit_status(tmp_path, args, status):
    result = run_cli(["check", *args], japanese_site(tmp_path))
    assert result.returncode == status, result.stderr


_TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(['"', "\\", "\n", "\x00", "\u2028", "𝒜"]))


@settings(max_examples=300, deadline=None)
@given(code=st.sampled_from(["FM005", "IMG001"]), message=_TEXT, paths=st.lists(_TEXT, min_size=1, max_size=3),
       numbers=st.tuples(*[st.integers(0, 10**9)] * 4),
       fix=st.none() | st.builds(Fix, _TEXT, st.lists(st.builds(Edit, st.integers(0, 99), st.integers(0, 99), _TEXT),
                                                        max_size=2).map(tuple)))
def test_json_findings_are_written_as_the_json_module_writes_them(code, message, paths, numbers, fix):
    """The JSON reporter writes findings from a template (for speed); it must give exactly what
    ``json.dumps`` gives for the same dict, the quoting of any text included."""
    write = json_reporter._FindingWriter(json_reporter._item_encoder())
    for path in paths * 2:  # the same path again, and a different one between
        finding = Finding(code, "warning", message, path, *numbers, "snippet", fix, "some-name")
        assert write(finding) == json.dumps(json_reporter.finding_dict(finding), ensure_ascii=False)
        assert json.loads(write(finding))["path"] == path


def test_findings_survive_pickling_as_findings():
    """Findings cross from worker processes and into the cache pickled."""
    finding = Finding("IMG001", "warning", "m", "p.md", 1, 2, 3, 4, "s", Fix("d", (Edit(1, 2, "x"),)), "n")
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(finding, protocol))
        assert again == finding and type(again) is Finding
        assert type(again.fix) is Fix and type(again.fix.edits[0]) is Edit and again.fix.edits[0].replacement == "x"
        assert again.name == "n" and again.fix.description == "d"


def _result(path: str, *codes_severities) -> FileResult:
    return FileResult(path, [Finding(code, severity, f"{code} here", path, 1, 1, 1, 2, "x", None, "n")
                             for code, severity in codes_severities])


def test_the_json_report_is_written_as_the_results_come(tmp_path):
    """A streamed report writes each file's findings before the next file's result exists, and
    counts everything for the summary at the end."""
    written = io.StringIO()
    seen_before_second = []

    def results():
        yield _result("a.md", ("FM005", "warning"), ("REF002", "error"))
        seen_before_second.append(written.getvalue())
        yield _result("b.md")
        yield _result("c.md", ("LD006", "note"))

    report = Report(results(), [], tmp_path)
    json_reporter.write(report, written)
    assert '"path": "a.md"' in seen_before_second[0]
    document = json.loads(written.getvalue())
    assert [f["path"] for f in document["findings"]] == ["a.md", "a.md", "c.md"]
    assert document["summary"] == {"files": 3, "findings": 3, "error": 1, "warning": 1, "note": 1,
                                   "baseline_matched": 0}
    assert report.fails()
    with pytest.raises(RuntimeError):
        report.findings  # gone by: a streamed report's findings are not kept


def test_a_report_gathered_first_counts_the_same(tmp_path):
    report = Report(iter([_result("a.md", ("FM005", "warning")), _result("b.md")]), [], tmp_path, fail_on="error")
    assert len(report.findings) == 1 and report.files_checked == 2 and report.files_with_findings == 1
    assert not report.fails()
    written = io.StringIO()
    text_reporter.write(report, written)  # goes through the gathered list
    assert written.getvalue().endswith("Found 1 finding (1 warning) in 1 file of 2 files.\n")


def test_a_run_that_fails_half_way_leaves_the_previous_report(tmp_path):
    output = tmp_path / "report.json"
    output.write_text("previous", encoding="utf-8")

    def results():
        yield _result("a.md", ("FM005", "warning"))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _write_atomically(output, lambda stream: json_reporter.write(Report(results(), [], tmp_path), stream))
    assert output.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left


def test_a_report_to_a_device_is_written_in_place():
    """``--output /dev/null`` must write to the device, never replace it with a file."""
    _write_atomically(Path(os.devnull), lambda stream: stream.write("{}\n"))
    assert not Path(os.devnull).is_file()


def test_the_report_file_gets_the_permissions_of_a_new_file(tmp_path):
    output = tmp_path / "report.json"
    _write_atomically(output, lambda stream: stream.write("{}\n"))
    mask = os.umask(0)
    os.umask(mask)
    assert output.stat().st_mode & 0o777 == 0o666 & ~mask


_FINDINGS = st.lists(st.builds(
    Finding, st.sampled_from(["FM005", "IMG001"]), st.sampled_from(["error", "note"]), _TEXT, _TEXT,
    *[st.integers(-2**63, 2**63 - 1)] * 4, _TEXT,
    st.none() | st.builds(Fix, _TEXT, st.lists(st.builds(Edit, st.integers(0, 2**40), st.integers(0, 99), _TEXT),
                                               max_size=3).map(tuple)),
    _TEXT), min_size=1, max_size=4)


@pytest.mark.skipif(json_reporter._c is None, reason="the C writer was not built (no C compiler)")
@settings(max_examples=400, deadline=None)
@given(findings=_FINDINGS)
def test_the_c_json_writer_writes_what_the_python_writer_writes(findings):
    assert json_reporter._c.findings_json(findings) == json_reporter.render_file_python(findings)


@pytest.mark.skipif(json_reporter._c is None, reason="the C writer was not built (no C compiler)")
@pytest.mark.parametrize("odd", [{"message": "a\udcffb"}, {"path": "_posts/\udc93.md"}, {"line": True},
                                 {"column": 2**64}, {"code": type("Code", (str,), {})("FM005")},
                                 {"fix": Fix("d", (Edit(1, 2, "\udcff"),))}])
def test_what_only_python_writes_falls_back_to_it(odd):
    """A surrogate escape (a file name that is not UTF-8), a bool or an integer over 64 bits, a
    str subclass: the C writer declines, and the report is the Python writer's."""
    fields = {**Finding("FM005", "warning", "m", "p.md", 1, 2, 3, 4, "s", None, "n")._asdict(), **odd}
    finding = Finding(**fields)
    assert json_reporter._c.findings_json([finding]) is None
    assert json_reporter.render_file([finding]) == json_reporter.render_file_python([finding])
