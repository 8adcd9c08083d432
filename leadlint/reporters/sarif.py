"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run per log; every rule that ran is described from its docstring (the same text as
``leadlint rule CODE``); URIs are relative to the repository root and percent-encoded
(Japanese file names included); regions count columns in Unicode code points and say so;
``partialFingerprints`` hash the rule, the file and the offending text (not its line), so
results keep their identity when unrelated lines move.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..docs import rule_summary_paragraph, rule_plain_text
from ..rule import Finding
from . import Report, utf8_sink
from .json import json_utf8

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/leadlint/leadlint"


def artifact_uri(path: str, root: Path) -> str:
    """Repo-relative, percent-encoded URI of a finding's file."""
    absolute = Path(path) if os.path.isabs(path) else (Path.cwd() / path)
    try:
        relative = absolute.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return absolute.resolve().as_uri()
    return quote(os.fsencode(relative), safe="/")  # a name that is not UTF-8: its own bytes, %-encoded


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "。")) else text + "."


def fingerprint(finding: Finding, uri: str, occurrence: int) -> str:
    snippet = " ".join(finding.snippet.split())
    material = "\x1f".join([finding.code, uri, snippet, str(occurrence)])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def _descriptor(rule) -> dict:
    return {
        "id": rule.code,
        "name": _pascal(rule.name),
        "shortDescription": {"text": _sentence(rule.summary)},
        "fullDescription": {"text": _sentence(rule_summary_paragraph(rule))},
        "help": {"text": rule_plain_text(rule), "markdown": f"# {rule.code} {rule.name}\n\n{rule.doc}"},
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": [rule.family, "leadlint"]},
    }


def build_log(report: Report) -> dict:
    rules = sorted({r.code: r for r in report.rules}.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    seen: Counter = Counter()
    findings = [(f, "new" if report.baseline_matched else None) for f in report.findings]
    findings += [(f, "unchanged") for f in report.baseline_matched]
    for finding, state in findings:
        uri = artifact_uri(finding.path, report.uri_root)
        key = (finding.code, uri, " ".join(finding.snippet.split()))
        seen[key] += 1
        result = {
            "ruleId": finding.code,
            "level": finding.severity,
            "message": {"text": _sentence(finding.message)},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": finding.line,
                        "startColumn": finding.column,
                        "endLine": finding.end_line,
                        "endColumn": max(finding.end_column, finding.column + 1)
                        if finding.end_line == finding.line else finding.end_column,
                        **({"snippet": {"text": finding.snippet}} if finding.snippet else {}),
                    },
                }
            }],
            "partialFingerprints": {"leadlintFingerprint/v1": fingerprint(finding, uri, seen[key])},
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if state:
            result["baselineState"] = state
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "leadlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(r) for r in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def write(report: Report, stream) -> None:
    # compact: the C encoder; an indented dump of a large archive is several times slower
    json.dump(build_log(report), _Utf8Json(utf8_sink(stream)), ensure_ascii=False)
    stream.write("\n")


class _Utf8Json:
    """What ``json.dump`` writes to: its pieces, in UTF-8 (see ``json_utf8``), to a sink."""

    def __init__(self, write_utf8):
        self.write_utf8 = write_utf8

    def write(self, text: str) -> None:
        self.write_utf8(json_utf8(text))
