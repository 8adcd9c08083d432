"""Output formats.  Each is a module with ``write(report, stream)``, registered under the
``leadlint.reporters`` entry-point group, so a plugin can add one.

A format that writes each file's findings on their own (one file's text depends on nothing
else) may also define ``render_file(findings) -> bytes``, what ``write`` writes for one file
(in UTF-8), and write them with :meth:`Report.rendered` through :func:`utf8_sink`.  A run given
that function renders each file in the worker process that linted it (see
:func:`render_in_worker`): the parent then receives the file's bytes and a few counts instead
of every finding, which it would only turn back into those bytes.

A path that is not UTF-8 (a file name in Shift_JIS, say) reaches a format as a str with
surrogate escapes (``os.fsdecode``); ``render_file`` decides how it is written: as the name's
own bytes in text, escaped in JSON.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from ..rule import Finding, Rule, severity_rank

_CODE, _SEVERITY, _FIX, _PATH = attrgetter("code"), attrgetter("severity"), attrgetter("fix"), attrgetter("path")


class RenderedFindings(NamedTuple):
    """A file's findings as a format's ``render_file`` wrote them, with what a report counts
    of them (see :meth:`Report.by_file`).  A named tuple: one is made, sent and read for each
    file with findings."""

    #: the function that wrote ``data`` (by name: it crossed a process boundary)
    renderer: str
    #: the text, in UTF-8
    data: bytes
    #: each finding's code and severity, in order
    codes: tuple
    severities: tuple
    fixable: int


def render_in_worker(render):
    """What a worker does to each result before sending it back when the report is written
    with ``render`` (a format's ``render_file``): the findings become their text and counts."""
    renderer = _name(render)

    def finish(result):
        findings = result.findings
        if not findings:
            return result
        rendered = RenderedFindings(renderer, render(findings), tuple(map(_CODE, findings)),
                                    tuple(map(_SEVERITY, findings)), _fixable(findings))
        return replace(result, findings=[], rendered=rendered)

    return finish


def _fixable(findings: list[Finding]) -> int:
    return len(findings) - list(map(_FIX, findings)).count(None)


def _name(render) -> str:
    return f"{render.__module__}.{render.__qualname__}"


class Report:
    """Everything a reporter may show: the findings, the rules that ran, and the counts.

    The findings come from ``results`` (each file's result, in order), which may be a stream:
    the results of a run whose worker processes are still linting.  A reporter goes through
    the findings once with :meth:`each`, writing each as it comes, and reads the counts
    (:meth:`counts`, :attr:`files_checked`, ...) after that; so an archive's findings are
    written while it is linted and never all held at once.  A reporter that needs them
    together reads :attr:`findings` (the whole list, gathered on first use).
    """

    def __init__(self, results: Iterable, rules: list[Rule], uri_root: Path, fail_on: str = "error",
                 show_statistics: bool = False, baseline_matched: list[Finding] | None = None):
        self.rules = rules
        #: the folder URIs in SARIF are relative to (the repository root)
        self.uri_root = uri_root
        self.fail_on = fail_on
        self.color = False
        self.show_statistics = show_statistics
        #: findings matched by the baseline (reported in SARIF as unchanged, hidden elsewhere)
        self.baseline_matched = baseline_matched or []
        self._results = iter(results)
        self._streamed = False
        self._findings: list[Finding] | None = None
        # what has gone by in each(); complete once it has run to the end
        self.files_checked = 0
        self.files_with_findings = 0
        self.fixable = 0
        self.by_severity: Counter = Counter()
        self.by_code: Counter = Counter()
        self.severity_of: dict[str, str] = {}

    def each(self) -> Iterator[Finding]:
        """The findings in report order, counted on the way.  The results are gone through only
        once (a second call goes on where the first stopped); once :attr:`findings` gathered
        them, this goes through that list."""
        for findings in self.by_file():
            yield from findings

    def by_file(self) -> Iterator[list[Finding]]:
        """The same as :meth:`each`, a file's findings at a time (files without any are left out)."""
        if self._findings is not None:
            yield from (list(group) for _, group in groupby(self._findings, _PATH))
            return
        self._streamed = True
        for result in self._results:
            self.files_checked += 1
            if result.rendered is not None:
                raise RuntimeError(f"{result.path}: its findings were rendered by the worker that linted it")
            findings = result.findings
            if findings:
                self._count(list(map(_CODE, findings)), list(map(_SEVERITY, findings)), _fixable(findings))
                yield findings

    def rendered(self, render) -> Iterator[bytes]:
        """Each file's findings as ``render`` (a format's ``render_file``) writes them, in UTF-8,
        files without findings left out, counted on the way like :meth:`by_file`: the text a
        worker rendered for a file, else rendered here."""
        if self._findings is not None:
            yield from map(render, self.by_file())
            return
        self._streamed = True
        renderer = _name(render)
        for result in self._results:
            self.files_checked += 1
            done = result.rendered
            if done is None:
                findings = result.findings
                if findings:
                    self._count(list(map(_CODE, findings)), list(map(_SEVERITY, findings)), _fixable(findings))
                    yield render(findings)
                continue
            if done.renderer != renderer:
                raise RuntimeError(f"{result.path}: rendered by {done.renderer}, not by {renderer}")
            self._count(done.codes, done.severities, done.fixable)
            yield done.data

    def _count(self, codes, severities, fixable: int) -> None:
        """Count a file's findings, given their codes and severities (a file at a time, in C:
        an archive has 100,000s of findings)."""
        self.files_with_findings += 1
        self.by_code.update(codes)
        self.by_severity.update(severities)
        self.severity_of.update(zip(codes, severities))
        self.fixable += fixable

    @property
    def findings(self) -> list[Finding]:
        """Every finding, in report order (gathered from the results on first use)."""
        if self._findings is None:
            if self._streamed:
                raise RuntimeError("this report's findings were already written as they came")
            self._findings = list(self.each())
        return self._findings

    def finish(self) -> None:
        """Go through whatever results are left, so that the counts are complete."""
        for _ in self.each():
            pass

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    def counts(self) -> Counter:
        """Findings by severity (complete once the findings were gone through)."""
        return self.by_severity

    def fails(self) -> bool:
        """Whether some finding is at or above ``fail_on`` (once the findings were gone through)."""
        threshold = severity_rank(self.fail_on)
        return any(count and severity_rank(severity) >= threshold for severity, count in self.by_severity.items())


def utf8_sink(stream) -> Callable[[bytes], object]:
    """A function that writes UTF-8 bytes to the text stream ``stream``: straight into its
    binary buffer when it writes UTF-8 with "\\n" line ends (what was written as text is
    flushed first, and what is written as text later follows), else decoded and written as text."""
    buffer = getattr(stream, "buffer", None)
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if buffer is not None and encoding in ("utf-8", "utf8") and os.linesep == "\n":
        stream.flush()
        return buffer.write
    return lambda data: stream.write(data.decode("utf-8", "surrogateescape"))


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
