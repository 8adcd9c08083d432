"""The rule API: what a rule declares, what it receives, and the findings it yields.

A rule is a function decorated with :func:`rule`::

    from leadlint.rule import rule

    @rule("XY001", "title-not-shouting", severity="warning",
          summary="Title is written in capitals", options={"max-ratio": 0.5})
    def title_not_shouting(post, ctx):
        '''What it does / Why is this bad? / Example / Options (the user's documentation).'''
        title = post.data.get("title")
        if isinstance(title, str) and title.isupper():
            yield ctx.finding("title is all capitals", post.front_matter.key_offset("title"))

The function receives the parsed :class:`~leadlint.post.Post` and a :class:`RuleContext`
and yields :class:`Finding` objects made with ``ctx.finding``.  It never opens a file,
parses, prints or knows the output format.  Rules are found through the ``leadlint.rules``
entry-point group (see :mod:`leadlint.registry`).
"""

from __future__ import annotations

import inspect
import re
from bisect import bisect_right
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, NamedTuple

if TYPE_CHECKING:
    from .post import Post
    from .site import Site

SEVERITIES = ("error", "warning", "note")
_CODE = re.compile(r"^([A-Z]{2,4})(\d{3})$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def severity_rank(severity: str) -> int:
    """Higher is more severe: note 0, warning 1, error 2."""
    return 2 - SEVERITIES.index(severity)


#: builds a named tuple from a tuple of its fields in C (the generated ``__new__`` is Python):
#: unpickling findings from worker processes and from the result cache costs a third as much
_new_tuple = tuple.__new__


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement`` (character offsets)."""

    start: int
    end: int
    replacement: str

    def __reduce__(self):
        return _new_tuple, (Edit, tuple(self))


class Fix(NamedTuple):
    """What ``--fix`` does for a finding: a description for ``--diff`` and the edits."""

    description: str
    edits: tuple[Edit, ...]

    def __reduce__(self):
        return _new_tuple, (Fix, tuple(self))


class Finding(NamedTuple):
    """One problem found in one file.  Lines and columns are 1-based code points; the end is exclusive.

    A named tuple rather than a dataclass: a large archive has hundreds of thousands of
    findings, which travel from worker processes and through the result cache; tuples are
    several times cheaper to create, pickle and keep in memory."""

    code: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    #: the text the finding is about (the offending value or line), used by baselines and
    #: fingerprints so they survive edits elsewhere in the post
    snippet: str = ""
    fix: Fix | None = None
    #: the rule's kebab-case name
    name: str = ""

    def sort_key(self) -> tuple:
        return SORT_KEY(self)

    def __reduce__(self):
        return _new_tuple, (Finding, tuple(self))


#: (path, line, column, code, message): the order findings are reported in
SORT_KEY = itemgetter(3, 4, 5, 0, 2)


@dataclass(frozen=True)
class Rule:
    """A rule's declaration: its identity, defaults and documentation, and its check."""

    code: str
    name: str
    severity: str
    summary: str
    doc: str
    check: Callable[..., Iterable[Finding]]
    options: dict[str, Any] = field(default_factory=dict)
    #: "always" or "sometimes" when the rule offers fixes, else None
    fix: str | None = None
    #: False: the rule runs only when selected by its code or family
    enabled: bool = True
    #: "post": runs on files Jekyll publishes as posts; "file": on every file given
    scope: str = "post"
    #: "content": sees the post; "suppression": runs after suppressions are applied and
    #: sees which of them silenced nothing
    phase: str = "content"
    #: True when findings depend on other posts of the site (the site index)
    uses_site: bool = False
    #: the module the rule was declared in (for plugins' documentation)
    origin: str = ""

    @property
    def family(self) -> str:
        return _CODE.match(self.code).group(1)

    def __call__(self, post: Post, ctx: RuleContext) -> Iterable[Finding]:
        return self.check(post, ctx)


def rule(
    code: str,
    name: str,
    *,
    severity: str,
    summary: str,
    options: dict[str, Any] | None = None,
    fix: str | None = None,
    enabled: bool = True,
    scope: str = "post",
    phase: str = "content",
    uses_site: bool = False,
) -> Callable[[Callable], Rule]:
    """Declare a rule; the decorated function's docstring is its documentation."""
    if not _CODE.match(code):
        raise ValueError(f"rule code {code!r} must be a family prefix and three digits, like XY001")
    if not _NAME.match(name):
        raise ValueError(f"rule name {name!r} must be kebab-case")
    if severity not in SEVERITIES:
        raise ValueError(f"severity {severity!r} must be one of {SEVERITIES}")

    def declare(check: Callable) -> Rule:
        doc = inspect.cleandoc(check.__doc__ or "")
        if not doc:
            raise ValueError(f"rule {code} needs a docstring: it is the rule's documentation")
        return Rule(code, name, severity, summary, doc, check, dict(options or {}), fix, enabled, scope, phase,
                    uses_site, check.__module__)

    return declare


@dataclass
class RuleContext:
    """What a rule gets besides the post: its options, the site, and a way to make findings."""

    rule: Rule
    post: Post
    severity: str
    options: dict[str, Any]
    site: Site | None
    #: after suppression only: the suppressions that silenced nothing
    unused_suppressions: list = field(default_factory=list)
    #: the folder relative paths in options start from (the configuration file's folder)
    root: Path | None = None
    #: every registered rule's options by code, so a family can share a setting declared on
    #: one of its rules (like ruff's shared settings); read it with :meth:`options_of`
    all_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def options_of(self, code: str) -> dict[str, Any]:
        """The options of another rule (by code), as configured; this rule's own when it is ``code``."""
        if code == self.rule.code:
            return self.options
        return self.all_options.get(code, {})

    def finding(
        self,
        message: str,
        start: int,
        end: int | None = None,
        *,
        severity: str | None = None,
        fix: Fix | None = None,
        snippet: str | None = None,
    ) -> Finding:
        """A finding at character offsets ``start``..``end`` of the post's text."""
        source = self.post.source
        if source is None:
            return self.finding_at(message, 1, 1, severity=severity, snippet=snippet or "")
        end = start if end is None else max(end, start)
        starts = source.line_starts  # SourceText.position, inlined: an archive makes 100,000s of findings
        line = bisect_right(starts, start)
        end_line = bisect_right(starts, end, line - 1)
        if snippet is None:
            snippet = source.text[start:end] if end > start else source.line_text(line)
        rule = self.rule
        return _new_tuple(Finding, (rule.code, severity or self.severity, message, self.post.display_path,
                                    line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1,
                                    snippet[:200], fix, rule.name))

    def finding_at(self, message: str, line: int, column: int = 1, *, severity: str | None = None,
                   snippet: str = "") -> Finding:
        """A finding at a line and column, for files that have no decoded text."""
        return Finding(self.rule.code, severity or self.severity, message, self.post.display_path, line, column,
                       line, column, snippet, None, self.rule.name)
