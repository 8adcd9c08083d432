"""Configuration: found by walking up from the working directory, validated strictly.

``.leadlint.toml`` (top-level keys) or ``pyproject.toml`` (under ``[tool.leadlint]``)::

    select = ["ALL"]              # codes, families (FM), rule names; default: every rule on by default
    extend-select = ["LL900"]     # add to the default selection
    ignore = ["XY003"]
    fail-on = "error"             # lowest severity that makes the exit status 1
    exclude = ["_posts/legacy/**"]
    plugins = ["my_rules"]        # extra rule modules importable from the config's folder

    [severity]
    XY001 = "error"

    [per-file-ignores]
    "_posts/2019/**" = ["ALT"]

    [rules.XY002]                 # options, by code or rule name
    min-density = 0.3

Anything unknown (a key, a code, an option) is an error, so a typo never silently
turns a check off.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .registry import Registry
from .rule import SEVERITIES, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = ".leadlint.toml"
_KEYS = {"select", "extend-select", "ignore", "fail-on", "exclude", "per-file-ignores", "severity", "rules", "plugins"}


class ConfigError(Exception):
    """A configuration problem; the CLI exits with status 2."""


@dataclass
class Config:
    registry: Registry
    path: Path | None = None
    select: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The folder the configuration's relative paths start from."""
        return self.path.parent if self.path else Path.cwd()

    def enabled_rules(self) -> list[Rule]:
        registry = self.registry
        if self.select:
            chosen = {r.code: r for s in self.select for r in registry.lookup(s)}
        else:
            chosen = {r.code: r for r in registry.rules.values() if r.enabled}
        for selector in self.extend_select:
            chosen.update({r.code: r for r in registry.lookup(selector)})
        for selector in self.ignore:
            for r in registry.lookup(selector):
                chosen.pop(r.code, None)
        return [chosen[c] for c in sorted(chosen)]

    def severity_for(self, rule: Rule) -> str:
        for key in (rule.code, rule.name):
            if key in self.severity:
                return self.severity[key]
        for key, value in self.severity.items():
            if rule.code.startswith(key):
                return value
        return rule.severity

    def options_for(self, rule: Rule) -> dict[str, Any]:
        options = dict(rule.options)
        options.update(self.rule_options.get(rule.code, {}))
        return options

    def ignored_codes(self, relpath: str) -> list[str]:
        ignored: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if _glob_match(relpath, pattern):
                ignored.extend(codes)
        return ignored

    def is_excluded(self, relpath: str) -> bool:
        return any(_glob_match(relpath, pattern) for pattern in self.exclude)

    def fingerprint(self) -> str:
        """A digest of everything in the configuration that can change a result."""
        state = {
            "rules": [r.code for r in self.enabled_rules()],
            "severity": {r.code: self.severity_for(r) for r in self.enabled_rules()},
            # every rule's options: a family may share a setting declared on a rule not selected
            "options": {code: self.options_for(r) for code, r in self.registry.rules.items()},
            "per-file-ignores": self.per_file_ignores,
            # a file an option names (a custom schema): its contents change results too
            "files": {value: _file_digest(self.root / value) for r in self.registry.rules.values()
                      for value in self.options_for(r).values()
                      if isinstance(value, str) and value.endswith((".json", ".yml", ".yaml", ".toml"))},
        }
        return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _glob_match(relpath: str, pattern: str) -> bool:
    pattern = pattern.lstrip("./") if pattern.startswith("./") else pattern
    if fnmatch.fnmatch(relpath, pattern):
        return True
    if pattern.endswith("/**") and (relpath + "/").startswith(pattern[:-2]):
        return True
    return "/" not in pattern and fnmatch.fnmatch(relpath.rsplit("/", 1)[-1], pattern)


def find_config(start: Path) -> Path | None:
    """The nearest ``.leadlint.toml``, or ``pyproject.toml`` with ``[tool.leadlint]``, at or above ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "leadlint" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}):
                    return pyproject
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
    return None


def load_config(path: Path | None, registry_loader=Registry.load) -> Config:
    """Read and validate a configuration file (or the defaults when ``path`` is None)."""
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: configuration file not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
        raw = document.get("tool", {}).get("leadlint", {}) if path.name == "pyproject.toml" else document
    where = str(path) if path else "configuration"
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(_KEYS))}")
    plugins = _strings(raw, "plugins", where)
    if plugins and path is not None and str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    registry = registry_loader(plugins)
    config = Config(registry=registry, path=path)
    config.select = _selectors(raw, "select", where, registry)
    config.extend_select = _selectors(raw, "extend-select", where, registry)
    config.ignore = _selectors(raw, "ignore", where, registry)
    config.exclude = _strings(raw, "exclude", where)
    fail_on = raw.get("fail-on", "error")
    if fail_on not in SEVERITIES:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    config.fail_on = fail_on
    for key, value in _table(raw, "severity", where).items():
        _check_selector(key, registry, f"{where}: [severity]")
        if value not in SEVERITIES:
            raise ConfigError(f"{where}: [severity] {key} must be one of {', '.join(SEVERITIES)}, not {value!r}")
        config.severity[key] = value
    for pattern, codes in _table(raw, "per-file-ignores", where).items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"{where}: per-file-ignores {pattern!r} must be a list of codes")
        for code in codes:
            _check_selector(code, registry, f"{where}: per-file-ignores")
        config.per_file_ignores[pattern] = codes
    for key, options in _table(raw, "rules", where).items():
        rules = registry.lookup(key) if key in registry.by_name or key.upper() in registry.rules else []
        if len(rules) != 1:
            raise ConfigError(f"{where}: [rules.{key}] names no rule (use a rule's code or name)")
        config.rule_options[rules[0].code] = _rule_options(rules[0], options, where)
    return config


def _table(raw: dict, key: str, where: str) -> dict:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a table")
    return value


def _strings(raw: dict, key: str, where: str) -> list[str]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return value


def _selectors(raw: dict, key: str, where: str, registry: Registry) -> list[str]:
    selectors = _strings(raw, key, where)
    for selector in selectors:
        _check_selector(selector, registry, f"{where}: {key}")
    return selectors


def _check_selector(selector: str, registry: Registry, where: str) -> None:
    if not registry.lookup(selector):
        families = ", ".join(sorted(registry.families))
        raise ConfigError(f"{where}: {selector!r} names no rule (families: {families}; see `leadlint rules`)")


def _rule_options(rule: Rule, options: Any, where: str) -> dict[str, Any]:
    if not isinstance(options, dict):
        raise ConfigError(f"{where}: [rules.{rule.code}] must be a table of options")
    for name, value in options.items():
        if name not in rule.options:
            known = ", ".join(sorted(rule.options)) or "none"
            raise ConfigError(f"{where}: {rule.code} ({rule.name}) has no option {name!r}; its options: {known}")
        default = rule.options[name]
        if default is not None and not _same_kind(default, value):
            raise ConfigError(
                f"{where}: {rule.code} option {name!r} must be {type(default).__name__}, not {type(value).__name__}"
            )
    return dict(options)


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def apply_cli_overrides(config: Config, select: tuple[str, ...], extend_select: tuple[str, ...],
                        ignore: tuple[str, ...]) -> None:
    """``--select`` replaces the configured selection; ``--extend-select``/``--ignore`` add to it."""
    for values, label in ((select, "--select"), (extend_select, "--extend-select"), (ignore, "--ignore")):
        for value in values:
            for selector in value.split(","):
                if selector.strip():
                    _check_selector(selector.strip(), config.registry, label)
    split = lambda values: [s.strip() for v in values for s in v.split(",") if s.strip()]  # noqa: E731
    if select:
        config.select = split(select)
    config.extend_select += split(extend_select)
    config.ignore += split(ignore)
