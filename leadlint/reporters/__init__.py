"""Output formats.  Each is a module with ``write(report, stream)``, registered under the
``leadlint.reporters`` entry-point group, so a plugin can add one."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Iterable, Iterator

from ..rule import Finding, Rule, severity_rank

_CODE, _SEVERITY, _FIX, _PATH = attrgetter("code"), attrgetter("severity"), attrgetter("fix"), attrgetter("path")


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
            findings = result.findings
            if findings:  # counted a file at a time, in C: an archive has 100,000s of findings
                self.files_with_findings += 1
                codes, severities = list(map(_CODE, findings)), list(map(_SEVERITY, findings))
                self.by_code.update(codes)
                self.by_severity.update(severities)
                self.severity_of.update(zip(codes, severities))
                self.fixable += len(findings) - list(map(_FIX, findings)).count(None)
                yield findings

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


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
