"""A stable, documented JSON shape (``"schema": "leadlint-findings/1"``)::

    {
      "schema": "leadlint-findings/1",
      "leadlint_version": "0.1.0",
      "findings": [
        {"code": "XY001", "name": "some-rule", "severity": "error",
         "message": "...", "path": "_posts/2024-01-01-x.md",
         "line": 2, "column": 1, "end_line": 2, "end_column": 6,
         "fix": {"description": "...", "edits": [...]} or null}
      ],
      "summary": {"files": 12, "findings": 3, "error": 1, "warning": 2, "note": 0,
                  "baseline_matched": 0}
    }

Fields are only ever added; a field's meaning never changes within ``leadlint-findings/1``.
"""

from __future__ import annotations

import json
import re

from .. import __version__
from . import Report, utf8_sink

try:
    from . import _json_findings as _c
except ImportError:  # built without a C compiler
    _c = None


def finding_dict(f) -> dict:
    """One finding as the document holds it (what :class:`_FindingWriter` writes, as a dict)."""
    code, severity, message, path, line, column, end_line, end_column, _snippet, fix, name = f
    return {
        "code": code,
        "name": name,
        "severity": severity,
        "message": message,
        "path": path,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "fix": None if fix is None else fix_dict(fix),
    }


def fix_dict(fix) -> dict:
    return {
        "description": fix.description,
        "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in fix.edits],
    }


def write(report: Report, stream) -> None:
    encode = _ENCODE
    stream.write(f'{{\n"schema": "leadlint-findings/1",\n"leadlint_version": {encode(__version__)},\n"findings": [')
    # finding by finding, each on a line of its own (readable and diffable), as they come: the
    # findings of a large archive (~100 MB of text) are never held at once
    write_utf8 = utf8_sink(stream)
    separator = b"\n"
    for data in report.rendered(render_file):  # a write a file: one a finding cost a third of the time
        write_utf8(separator + data)
        separator = b",\n"
    counts = report.counts()
    summary = {
        "files": report.files_checked,
        "findings": report.total,
        "error": counts["error"],
        "warning": counts["warning"],
        "note": counts["note"],
        "baseline_matched": len(report.baseline_matched),
    }
    closing = "\n]" if report.total else "]"
    stream.write(f'{closing},\n"summary": {encode(summary)}\n}}\n')


def render_file(findings) -> bytes:
    """One file's findings as the document's ``findings`` array holds them, a line each: in C
    (``_json_findings``, 10 times faster) unless a finding holds what only Python writes."""
    if _c is not None:
        data = _c.findings_json(findings)
        if data is not None:
            return data
    return render_file_python(findings)


def render_file_python(findings) -> bytes:
    """:func:`render_file` in Python: the reference the C writer is tested against."""
    return json_utf8(",\n".join(map(_FINDING_JSON, findings)))


def json_utf8(text: str) -> bytes:
    """JSON text in UTF-8.  A path that is not UTF-8 holds surrogate escapes (``os.fsdecode``),
    which UTF-8 cannot encode: they are written as JSON escapes (``"\\udcff"``), which a JSON
    reader turns back into the same str, and ``os.fsencode`` into the file's real name."""
    try:
        return text.encode()
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode()


class _FindingWriter:
    """``encode(finding_dict(f))`` for one finding after another, in less than half the time:
    the fields are put in a template, the start (code, name and severity: few distinct ones)
    is made once for each, and the path once for each file (a file's findings come together)."""

    def __init__(self, encode):
        self.encode = encode
        self.quote = json.encoder.encode_basestring  # as the C encoder quotes with ensure_ascii=False
        self.starts: dict[tuple[str, str, str], str] = {}
        self.path, self.quoted_path = None, ""

    def __call__(self, f) -> str:
        code, severity, message, path, line, column, end_line, end_column, _snippet, fix, name = f
        if path is not self.path:
            self.path, self.quoted_path = path, self.quote(path)
        start = self.starts.get((code, name, severity))
        if start is None:
            quote = self.quote
            start = self.starts[code, name, severity] = (f'{{"code": {quote(code)}, "name": {quote(name)}, '
                                                         f'"severity": {quote(severity)}, "message": ')
        fix_json = "null" if fix is None else self.encode(fix_dict(fix))
        return (f'{start}{self.quote(message)}, "path": {self.quoted_path}, "line": {line}, "column": {column}, '
                f'"end_line": {end_line}, "end_column": {end_column}, "fix": {fix_json}}}')


def _item_encoder():
    """``json.dumps(value, ensure_ascii=False)`` for many small values: one C encoder made once
    (``JSONEncoder.encode`` makes a new one for every call, which dominates for small items)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return json.JSONEncoder(ensure_ascii=False).encode
    c_encode = make(None, json.JSONEncoder().default, json.encoder.encode_basestring, None, ": ", ", ",
                    False, False, True)

    def encode(value) -> str:
        return "".join(c_encode(value, 0))

    return encode


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ENCODE = _item_encoder()
_FINDING_JSON = _FindingWriter(_ENCODE)
