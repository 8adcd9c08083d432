"""``path:line:col: CODE [severity] message`` lines, then a summary.

Coloured and grouped by file on a terminal; plain lines (one per finding) otherwise, for
editors and CI logs that parse them.
"""

from __future__ import annotations

from . import Report, plural, utf8_sink

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def write(report: Report, stream) -> None:
    write_utf8 = utf8_sink(stream)
    if report.color:  # grouped by file, a blank line between files
        first = True
        for findings in report.by_file():
            write_utf8((b"" if first else b"\n") + _colored(findings))
            first = False
    else:
        for data in report.rendered(render_file):
            write_utf8(data)
    if report.show_statistics:
        write_statistics(report, stream)
    write_summary(report, stream)


def render_file(findings) -> bytes:
    """One file's findings, a plain line each (what editors and CI logs parse).  A path that is
    not UTF-8 is written as the file name's own bytes, as ``ls`` and ``grep`` write it."""
    return "".join([f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}\n"
                    for f in findings]).encode("utf-8", "surrogateescape")


def _colored(findings) -> bytes:
    return "".join([f"{_BOLD}{f.path}{_RESET}{_DIM}:{f.line}:{f.column}:{_RESET} {_COLORS[f.severity]}{_BOLD}"
                    f"{f.code}{_RESET} {_COLORS[f.severity]}[{f.severity}]{_RESET} {f.message}\n"
                    for f in findings]).encode("utf-8", "surrogateescape")


def write_statistics(report: Report, stream) -> None:
    """Counts per rule, most frequent first, like ``ruff --statistics``."""
    counts = report.by_code
    names = {r.code: r.name for r in report.rules}
    severities = report.severity_of
    if not counts:
        return
    stream.write("\n")
    width = len(f"{max(counts.values()):,}")
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        stream.write(f"{count:>{width},}  {code:<7} {names.get(code, ''):<32} [{severities[code]}]\n")


def write_summary(report: Report, stream) -> None:
    counts = report.counts()
    total = report.total
    checked = plural(report.files_checked, "file")
    if total == 0:
        line = f"All clear: no findings in {checked}."
    else:
        parts = [plural(counts[s], s) for s in ("error", "warning", "note") if counts[s]]
        line = (f"Found {plural(total, 'finding')} ({', '.join(parts)}) in {plural(report.files_with_findings, 'file')} "
                f"of {checked}.")
    if report.baseline_matched:
        line += f" {len(report.baseline_matched):,} more match the baseline."
    if report.fixable:
        line += f" {report.fixable:,} fixable with --fix."
    if report.color:
        line = f"{_BOLD}{line}{_RESET}"
    stream.write(("\n" if total else "") + line + "\n")
