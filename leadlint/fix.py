"""Autofix: apply the fixes rules attach to their findings, and write the file safely.

A :class:`~leadlint.rule.Fix` is a set of :class:`~leadlint.rule.Edit` s at character offsets
of the decoded text.  For one file:

1. lint the text, take every finding's fix in finding order; a fix whose edits overlap an
   edit already taken is left for the next pass (first wins);
2. apply the taken edits from the end backwards, so earlier offsets stay true;
3. lint the new text and repeat, at most :data:`MAX_PASSES` times, until no fix applies.

Only the edited spans change: the text is decoded strictly as UTF-8, so every other byte
encodes back to itself; a byte-order mark is kept, and a newline inside a replacement is
written as the file's own line ending (CRLF in a CRLF file).  The result is written to a
temporary file in the same folder (same permissions) and renamed over the original, so a
reader never sees half a file, and not at all if the file changed meanwhile.  Fixes are
idempotent when the rules' are: a second ``--fix`` finds nothing to apply.
"""

from __future__ import annotations

import codecs
import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .post import Post
from .rule import Edit, Finding

MAX_PASSES = 5


@dataclass
class FileFix:
    """What fixing one file did (or would do)."""

    path: Path
    display_path: str
    before: bytes
    after: bytes
    #: the findings whose fix was applied, over all passes
    fixed: list[Finding] = field(default_factory=list)
    #: the edits applied in each pass, at offsets of that pass's text
    passes: list[list[Edit]] = field(default_factory=list)
    #: fixes still not applied after the last pass (overlapping others)
    unapplied: int = 0
    #: why the file was not written, when it was not
    problem: str | None = None

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self) -> str:
        """A unified diff of the change, as text."""
        old = _text(self.before).splitlines(keepends=True)
        new = _text(self.after).splitlines(keepends=True)
        lines = difflib.unified_diff(old, new, f"a/{self.display_path}", f"b/{self.display_path}")
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)

    def write(self) -> bool:
        """Replace the file atomically; False (and ``problem`` set) when it was not written."""
        if not self.changed:
            return False
        try:
            write_atomically(self.path, self.after, expected=self.before)
        except (OSError, _Changed) as error:
            self.problem = str(error) if isinstance(error, _Changed) else f"not written: {error.strerror or error}"
            return False
        return True


def fix_file(linter, path: Path, display_path: str, data: bytes | None = None) -> FileFix:
    """Fix one file in memory (``data``: its bytes, read when not given); nothing is written."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as error:
            return FileFix(path, display_path, b"", b"", problem=f"cannot be read: {error.strerror or error}")
    outcome = FileFix(path, display_path, data, data)
    if path.is_symlink():
        outcome.problem = "is a symbolic link; not fixed"
        return outcome
    site = linter.sites.site_for(path)
    for _ in range(MAX_PASSES):
        post = Post(path, display_path, outcome.after, site)
        if post.source is None:
            break
        findings = [f for f in linter.lint_post(post).findings if f.fix is not None]
        text, taken, waiting = apply_fixes(post.source.text, findings, post.source.newline)
        outcome.unapplied = waiting
        if not taken:
            break
        outcome.fixed.extend(f for f, _ in taken)
        outcome.passes.append([e for _, edits in taken for e in edits])
        outcome.after = encode(text, post.source.has_bom)
    else:
        post = Post(path, display_path, outcome.after, site)
        remaining = [f for f in linter.lint_post(post).findings if f.fix is not None]
        outcome.unapplied = len(remaining)
    return outcome


def apply_fixes(text: str, findings: list[Finding], newline: str = "\n"
                ) -> tuple[str, list[tuple[Finding, list[Edit]]], int]:
    """Apply the fixes that do not overlap one taken before them.

    Returns the new text, each applied finding with its edits (replacements in the file's line
    endings) and how many fixes were left for another pass.
    """
    taken: list[tuple[Finding, list[Edit]]] = []
    accepted: list[Edit] = []
    left = 0
    for finding in findings:
        edits = [_in_line_endings(e, newline) for e in finding.fix.edits]
        if not edits or any(not 0 <= e.start <= e.end <= len(text) for e in edits):
            continue
        if any(_overlap(a, b) for i, a in enumerate(edits) for b in [*accepted, *edits[i + 1:]]):
            left += 1
            continue
        if all(text[e.start:e.end] == e.replacement for e in edits):
            continue  # changes nothing
        accepted.extend(edits)
        taken.append((finding, edits))
    for edit in sorted(accepted, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text, taken, left


def _overlap(a: Edit, b: Edit) -> bool:
    """Edits that touch the same characters, or insert at the same place as another edit starts."""
    if a.start < b.end and b.start < a.end:
        return True
    return a.start == b.start and (a.start == a.end or b.start == b.end)


def _in_line_endings(edit: Edit, newline: str) -> Edit:
    replacement = edit.replacement
    if "\n" in replacement or "\r" in replacement:
        replacement = replacement.replace("\r\n", "\n").replace("\r", "\n")
        if newline != "\n":
            replacement = replacement.replace("\n", newline)
        return Edit(edit.start, edit.end, replacement)
    return edit


def encode(text: str, bom: bool) -> bytes:
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


def _text(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


class _Changed(Exception):
    pass


def write_atomically(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path`` with its mode, then rename it over
    ``path``; when ``expected`` is given, only if the file still holds exactly that."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".leadlint-fix", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if expected is not None and path.read_bytes() != expected:
            raise _Changed("changed while it was being fixed; not written")
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
