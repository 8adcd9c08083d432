"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=CODE::message``.

GitHub shows them as annotations on the pull request's changed lines.
"""

from __future__ import annotations

from . import Report, utf8_sink

_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def write(report: Report, stream) -> None:
    write_utf8 = utf8_sink(stream)
    for data in report.rendered(render_file):
        write_utf8(data)


def render_file(findings) -> bytes:
    """One file's findings, a workflow command each (a path that is not UTF-8 in its own bytes)."""
    return "".join(map(_command, findings)).encode("utf-8", "surrogateescape")


def _command(f) -> str:
    properties = ",".join([
        f"file={_property(f.path)}",
        f"line={f.line}",
        f"col={f.column}",
        f"endLine={f.end_line}",
        f"endColumn={f.end_column}",
        f"title={_property(f'{f.code} {f.name}'.strip())}",
    ])
    return f"::{_LEVELS[f.severity]} {properties}::{_data(f.message)}\n"
