"""Silencing findings on purpose, in the post itself.

* ``<!-- leadlint-disable XY001,KW -->`` ... ``<!-- leadlint-enable -->`` silences a range of lines
  (without codes: every rule; ``leadlint-enable`` with codes re-enables only those);
* ``<!-- leadlint-disable-next-line XY002 -->`` silences the following line;
* ``leadlint: {ignore: [XY003]}`` in the front matter silences codes for the whole post.

Codes may be full codes or family prefixes.  Each suppression remembers whether it
silenced anything, so a rule can report the ones that silence nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .rule import Finding

_COMMENT = re.compile(
    r"<!--\s*leadlint-(disable-next-line|disable|enable)\b([^>]*?)-->", re.IGNORECASE
)
_CODE_LIST = re.compile(r"[A-Za-z]{2,4}\d{0,3}")


@dataclass
class Suppression:
    """One suppression: the codes it names (empty: all), the lines it covers, where it is written."""

    kind: str  # "range", "next-line" or "front-matter"
    codes: tuple[str, ...]
    first_line: int
    last_line: int
    start: int  # offset of the comment or front-matter key, for reporting
    end: int
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        if not (self.first_line <= finding.line <= self.last_line):
            return False
        if not self.codes:
            return True
        return any(finding.code == c or finding.code.startswith(c) and not c[-1].isdigit() for c in self.codes)

    def unused_codes(self) -> list[str]:
        """Codes (or "all") this suppression names that silenced nothing."""
        if not self.codes:
            return [] if self.used else ["all rules"]
        return [c for c in self.codes if not any(u == c or u.startswith(c) for u in self.used)]


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.upper() for c in _CODE_LIST.findall(text))


def _has_comment(text: str) -> bool:
    """``"<!--" in text`` (where every suppression comment starts, its words in any case),
    sooner: searched from the first "<", which ``str.find`` reaches at memory speed (a
    post's HTML, if any, is mostly near its end)."""
    first_tag = text.find("<")
    return first_tag != -1 and text.find("<!--", first_tag) != -1


def find_suppressions(post) -> list[Suppression]:
    """Suppressions written in a post (comments in the text, and the front matter's ignore list)."""
    found: list[Suppression] = []
    source = post.source
    if source is None:
        return found
    text = source.text
    commented = _has_comment(text)
    ignore = post.front_matter.data.get("leadlint") if post.front_matter.present else None
    ignore = ignore.get("ignore") if isinstance(ignore, dict) else None
    if not commented and not ignore:  # the common case: nothing to find
        return found
    last_line = len(source.line_starts) + 1
    open_ranges: list[Suppression] = []
    for match in _COMMENT.finditer(text) if commented else ():
        if post.in_code_or_raw(match.start()):
            continue
        kind, codes = match.group(1).lower(), _codes(match.group(2))
        line = source.position(match.start())[0]
        end_line = source.position(match.end())[0]
        if kind == "disable-next-line":
            found.append(Suppression("next-line", codes, end_line + 1, end_line + 1, match.start(), match.end()))
        elif kind == "disable":
            suppression = Suppression("range", codes, line, last_line, match.start(), match.end())
            open_ranges.append(suppression)
            found.append(suppression)
        else:
            for suppression in list(open_ranges):
                if not codes or set(suppression.codes) & set(codes) or not suppression.codes:
                    suppression.last_line = line
                    open_ranges.remove(suppression)
    if ignore:
        codes = tuple(str(c).upper() for c in (ignore if isinstance(ignore, list) else [ignore]))
        entry = post.front_matter.entry("leadlint", "ignore") or post.front_matter.entry("leadlint")
        start, end = (entry.value.start, entry.value.end) if entry else (0, 0)
        found.append(Suppression("front-matter", codes, 1, last_line, start, end))
    return found


def apply_suppressions(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """Drop the findings a suppression covers, and record which suppressions were used."""
    if not suppressions:
        return findings
    kept = []
    for finding in findings:
        silenced = False
        for suppression in suppressions:
            if suppression.covers(finding):
                suppression.used.add(finding.code)
                silenced = True
        if not silenced:
            kept.append(finding)
    return kept
