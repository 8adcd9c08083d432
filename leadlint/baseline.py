"""Baselines: adopt the gate on a legacy archive without fixing every old post first.

``--write-baseline FILE`` records the current findings; ``--baseline FILE`` then reports only
findings that are not in it.  An entry is keyed on content, not position: the file, the
rule, and the offending text (the value or line the finding is about), with a count for
repeats.  Editing a post above an old finding therefore does not bring it back, and a fixed
finding drops out when the baseline is written again.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from .reporters.json import json_utf8
from .rule import Finding

FORMAT = "leadlint-baseline/1"


class BaselineError(Exception):
    pass


def _key(finding: Finding, root: Path) -> tuple[str, str, str]:
    """Path relative to ``root`` (the repository), so the baseline works from any folder."""
    location = Path(os.path.relpath(Path.cwd() / finding.path, root)).as_posix()
    return (location, finding.code, " ".join(finding.snippet.split()))


def write_baseline(path: Path, findings: list[Finding], root: Path) -> int:
    counts = Counter(_key(f, root) for f in findings)
    entries = [
        {"path": p, "code": c, "text": t, "count": n}
        for (p, c, t), n in sorted(counts.items())
    ]
    document = {"format": FORMAT, "entries": entries}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=".baseline-", dir=path.parent)
    with os.fdopen(fd, "wb") as stream:
        stream.write(json_utf8(json.dumps(document, ensure_ascii=False, indent=1) + "\n"))
    os.replace(temporary, path)
    return len(findings)


def read_baseline(path: Path) -> Counter:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: not a leadlint baseline: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(f"{path}: not a leadlint baseline (expected format {FORMAT!r})")
    counts: Counter = Counter()
    for entry in document.get("entries", []):
        counts[(entry["path"], entry["code"], entry["text"])] += int(entry.get("count", 1))
    return counts


def split_by_baseline(findings: list[Finding], baseline: Counter, root: Path) -> tuple[list[Finding], list[Finding]]:
    """(new findings, findings the baseline already holds)."""
    remaining = Counter(baseline)
    new, known = [], []
    for finding in findings:
        key = _key(finding, root)
        if remaining[key] > 0:
            remaining[key] -= 1
            known.append(finding)
        else:
            new.append(finding)
    return new, known
