"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=CODE::message``.

GitHub shows them as annotations on the pull request's changed lines.
"""

from __future__ import annotations

from . import Report

_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def write(report: Report, stream) -> None:
    for f in report.each():
        properties = ",".join([
            f"file={_property(f.path)}",
            f"line={f.line}",
            f"col={f.column}",
            f"endLine={f.end_line}",
            f"endColumn={f.end_column}",
            f"title={_property(f'{f.code} {f.name}'.strip())}",
        ])
        stream.write(f"::{_LEVELS[f.severity]} {properties}::{_data(f.message)}\n")
