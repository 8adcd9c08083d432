"""Output formats.  Each is a module with ``write(report, stream)``, registered under the
``leadlint.reporters`` entry-point group, so a plugin can add one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..rule import Finding, Rule, severity_rank


@dataclass
class Report:
    """Everything a reporter may show: the findings, the rules that ran, and the counts."""

    findings: list[Finding]
    rules: list[Rule]
    files_checked: int
    #: the folder URIs in SARIF are relative to (the repository root)
    uri_root: Path
    fail_on: str = "error"
    color: bool = False
    show_statistics: bool = False
    #: findings matched by the baseline (reported in SARIF as unchanged, hidden elsewhere)
    baseline_matched: list[Finding] = field(default_factory=list)
    #: finding id -> "new" / "unchanged" when a baseline is in use
    baseline_state: dict[int, str] = field(default_factory=dict)
    fixable: int = 0

    def counts(self) -> Counter:
        return Counter(f.severity for f in self.findings)

    def failing(self) -> list[Finding]:
        threshold = severity_rank(self.fail_on)
        return [f for f in self.findings if severity_rank(f.severity) >= threshold]


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
