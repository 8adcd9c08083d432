"""A rule's documentation, from its docstring: for `leadlint rule`, SARIF help and the README."""

from __future__ import annotations

import json
import re

from .rule import Rule

_HEADING = re.compile(r"^#+\s*(.*)$", re.MULTILINE)


def rule_summary_paragraph(rule: Rule) -> str:
    """The first paragraph of "What it does" (or of the doc)."""
    body = rule.doc.split("## What it does", 1)[-1].strip()
    paragraph = body.split("\n\n", 1)[0]
    return " ".join(line.strip() for line in paragraph.splitlines() if not line.startswith("#")) or rule.summary


def rule_plain_text(rule: Rule) -> str:
    """The doc as plain text: headings become lines ending with a colon."""
    return _HEADING.sub(lambda m: f"{m.group(1)}:", rule.doc) + _options_text(rule)


def _options_text(rule: Rule) -> str:
    lines = []
    if rule.options:
        lines.append("\n\nOptions (in .leadlint.toml, [rules." + rule.code + "]):")
        for name, default in rule.options.items():
            lines.append(f"  {name} = {json.dumps(default, ensure_ascii=False)}")
    if rule.fix:
        lines.append(f"\n\nFix is {rule.fix} available (--fix).")
    return "\n".join(lines)


def render_rule(rule: Rule) -> str:
    """What `leadlint rule CODE` prints."""
    header = f"# {rule.code} {rule.name}\n\n{rule.summary}.\n\nDefault severity: {rule.severity}"
    if not rule.enabled:
        header += " (off by default; turn on with --extend-select " + rule.code + ")"
    return f"{header}\n\n{rule.doc}{_options_text(rule)}\n"
