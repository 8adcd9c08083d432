"""Finding rules and reporters through entry points, the way flake8 finds its plugins.

A distribution that provides rules declares, in its ``pyproject.toml``::

    [project.entry-points."leadlint.rules"]
    my_rules = "my_package.leadlint_rules"

The value names a module (or a package, whose modules are all loaded); every
:class:`~leadlint.rule.Rule` at module level becomes available.  leadlint's own rules are
registered the same way.  Reporters come from the ``leadlint.reporters`` group.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import entry_points
from types import ModuleType

from .rule import Rule

RULES_GROUP = "leadlint.rules"
REPORTERS_GROUP = "leadlint.reporters"


class RegistryError(Exception):
    pass


class Registry:
    """Every known rule, by code, in code order."""

    def __init__(self, rules: list[Rule]):
        self.rules: dict[str, Rule] = {}
        self.by_name: dict[str, Rule] = {}
        for rule in sorted(rules, key=lambda r: r.code):
            other = self.rules.get(rule.code)
            if other is not None and other is not rule:
                raise RegistryError(f"rule code {rule.code} is declared twice ({other.origin} and {rule.origin})")
            self.rules[rule.code] = rule
            self.by_name[rule.name] = rule

    @property
    def families(self) -> set[str]:
        return {r.family for r in self.rules.values()}

    def lookup(self, selector: str) -> list[Rule]:
        """Rules a selector names: a code, a family or code prefix, a rule name, or ``ALL``.

        ``ALL`` means every rule that is on by default: rules that are off by default (the
        online checks, which reach the network) run only when named by code or family."""
        selector = selector.strip()
        if selector.upper() == "ALL":
            return [r for r in self.rules.values() if r.enabled]
        if selector in self.by_name:
            return [self.by_name[selector]]
        upper = selector.upper()
        return [r for r in self.rules.values() if r.code.startswith(upper)]

    @classmethod
    def load(cls, modules: list[str] | None = None) -> "Registry":
        """Rules from every ``leadlint.rules`` entry point, plus any modules named explicitly."""
        rules: list[Rule] = []
        for ep in entry_points(group=RULES_GROUP):
            rules.extend(rules_in(_import(ep.value, ep.name)))
        for name in modules or ():
            rules.extend(rules_in(_import(name, name)))
        return cls(rules)


def _import(target: str, label: str) -> ModuleType:
    try:
        return importlib.import_module(target.split(":")[0])
    except Exception as error:  # a broken plugin must say which one it is
        raise RegistryError(f"cannot load rule plugin {label!r} ({target}): {error}") from error


def rules_in(module: ModuleType) -> list[Rule]:
    """Rules declared at module level; for a package, in each of its modules too."""
    found = [v for v in vars(module).values() if isinstance(v, Rule)]
    if hasattr(module, "__path__"):
        for info in pkgutil.iter_modules(module.__path__):
            if not info.name.startswith("_"):
                found.extend(rules_in(importlib.import_module(f"{module.__name__}.{info.name}")))
    return list({id(r): r for r in found}.values())


def reporters() -> dict:
    """Output formats by name, from the ``leadlint.reporters`` entry points."""
    return {ep.name: ep for ep in entry_points(group=REPORTERS_GROUP)}
