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

from .. import __version__
from . import Report


def finding_dict(f) -> dict:
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
        "fix": None if fix is None else {
            "description": fix.description,
            "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in fix.edits],
        },
    }


def write(report: Report, stream) -> None:
    counts = report.counts()
    document = {
        "schema": "leadlint-findings/1",
        "leadlint_version": __version__,
        "findings": [finding_dict(f) for f in report.findings],
        "summary": {
            "files": report.files_checked,
            "findings": len(report.findings),
            "error": counts["error"],
            "warning": counts["warning"],
            "note": counts["note"],
            "baseline_matched": len(report.baseline_matched),
        },
    }
    write_document(document, "findings", stream)


def write_document(document: dict, listed: str, stream) -> None:
    """Write ``document`` as JSON with each item of ``document[listed]`` on a line of its own:
    readable and diffable, and written by the C encoder (an indented dump is several times
    slower on a large archive)."""
    items = document[listed]
    head = {k: v for k, v in document.items() if k != listed}
    encode = _item_encoder()
    stream.write("{\n")
    for key, value in head.items():
        stream.write(f"{encode(key)}: {encode(value)},\n")
    stream.write(f"{encode(listed)}: [")
    separator = "\n"
    for item in items:  # item by item: the whole text of a large archive's findings is ~100 MB
        stream.write(separator + encode(item))
        separator = ",\n"
    stream.write("\n]\n}\n" if items else "]\n}\n")


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
