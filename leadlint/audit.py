"""`leadlint audit`: a whole archive at a glance, as text and as one self-contained HTML page."""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from . import __version__
from .discovery import readable_path
from .reporters import plural
from .rule import SEVERITIES


@dataclass
class Audit:
    files: int
    posts: int
    clean_posts: int
    findings: int
    elapsed: float
    by_severity: Counter
    by_family: Counter
    #: code -> (count, name, severity, summary)
    by_rule: dict[str, tuple[int, str, str, str]]
    #: (path, findings, errors, warnings, notes), worst first
    top_posts: list[tuple[str, int, int, int, int]]
    #: month "YYYY-MM" -> {"posts", "clean", "findings", "error", "warning", "note"}
    by_month: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def clean_share(self) -> float:
        return self.clean_posts / self.posts if self.posts else 1.0

    @classmethod
    def from_run(cls, run, top: int = 10) -> "Audit":
        files = 0
        rules = {r.code: r for r in run.linter.content_rules + run.linter.suppression_rules}
        by_severity: Counter = Counter()
        by_family: Counter = Counter()
        by_code: Counter = Counter()
        severity_of: dict[str, str] = {}
        posts = clean = 0
        per_post = []
        months: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
            ("posts", "clean", "findings", *SEVERITIES), 0))
        for result in run.stream():  # counted as they come: the findings are not kept
            files += 1
            counts = Counter(f.severity for f in result.findings)
            for finding in result.findings:
                by_code[finding.code] += 1
                by_family[finding.code.rstrip("0123456789")] += 1
                severity_of.setdefault(finding.code, finding.severity)
            by_severity.update(counts)
            if result.is_post:
                posts += 1
                clean += not result.findings
            if result.findings:
                per_post.append((readable_path(result.path), len(result.findings), counts["error"], counts["warning"],
                                 counts["note"]))
            if result.month:
                month = months[result.month]
                month["posts"] += 1
                month["clean"] += not result.findings
                month["findings"] += len(result.findings)
                for severity in SEVERITIES:
                    month[severity] += counts[severity]
        per_post.sort(key=lambda p: (-p[2], -p[1], p[0]))
        by_rule = {
            code: (count, rules[code].name if code in rules else "", severity_of[code],
                   rules[code].summary if code in rules else "")
            for code, count in sorted(by_code.items(), key=lambda item: (-item[1], item[0]))
        }
        return cls(files, posts, clean, sum(by_code.values()), run.elapsed, by_severity, by_family,
                   by_rule, per_post[:top], dict(sorted(months.items())))


def write_text(audit: Audit, stream, color: bool = False) -> None:
    bold, reset = ("\033[1m", "\033[0m") if color else ("", "")
    w = stream.write
    w(f"{bold}leadlint audit{reset}: {plural(audit.files, 'file')}, {plural(audit.posts, 'post')}, "
      f"{plural(audit.findings, 'finding')} in {audit.elapsed:.1f} s\n")
    w(f"Clean posts: {audit.clean_posts:,} of {audit.posts:,} ({audit.clean_share:.0%})\n")
    if audit.findings:
        w("Severity: " + ", ".join(f"{audit.by_severity[s]:,} {s}" for s in SEVERITIES) + "\n")
        w(f"\n{bold}By family{reset}\n")
        for family, count in audit.by_family.most_common():
            w(f"  {family:<5} {count:>8,}  {_bar(count, audit.by_family.most_common(1)[0][1])}\n")
        w(f"\n{bold}By rule{reset}\n")
        for code, (count, name, severity, _summary) in audit.by_rule.items():
            w(f"  {code:<7} {name:<34} {severity:<8} {count:>8,}\n")
        w(f"\n{bold}Posts with the most findings{reset}\n")
        for path, count, errors, warnings, notes in audit.top_posts:
            w(f"  {count:>5,}  ({errors} errors, {warnings} warnings, {notes} notes)  {path}\n")
    if audit.by_month:
        w(f"\n{bold}By month{reset} (posts, clean, findings)\n")
        peak = max(m["findings"] for m in audit.by_month.values()) or 1
        for month, counts in audit.by_month.items():
            w(f"  {month}  {counts['posts']:>5,} {counts['clean']:>5,} {counts['findings']:>7,}  "
              f"{_bar(counts['findings'], peak)}\n")


def _bar(value: int, peak: int, width: int = 30) -> str:
    return "#" * max(1 if value else 0, round(width * value / peak)) if peak else ""


def write_html(audit: Audit, path: Path) -> None:
    """One page, no network needed: the data is embedded and drawn as SVG by inline script."""
    data = {
        "version": __version__,
        "files": audit.files,
        "posts": audit.posts,
        "clean": audit.clean_posts,
        "findings": audit.findings,
        "elapsed": round(audit.elapsed, 2),
        "bySeverity": {s: audit.by_severity[s] for s in SEVERITIES},
        "byFamily": dict(audit.by_family.most_common()),
        "byRule": [{"code": c, "name": n, "severity": s, "summary": m, "count": k}
                   for c, (k, n, s, m) in audit.by_rule.items()],
        "topPosts": [{"path": p, "count": k, "error": e, "warning": w, "note": n}
                     for p, k, e, w, n in audit.top_posts],
        "byMonth": [{"month": m, **counts} for m, counts in audit.by_month.items()],
    }
    template = files("leadlint.reporters").joinpath("audit.html").read_text(encoding="utf-8")
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    page = template.replace("/*DATA*/null", payload).replace("{{title}}", html.escape(
        f"leadlint audit: {audit.posts:,} posts, {audit.findings:,} findings"))
    path.write_text(page, encoding="utf-8")
