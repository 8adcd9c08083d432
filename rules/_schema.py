"""JSON Schemas for the FM and LD rules: loaded and compiled once per process, checked fast,
and explained in words a writer understands.

A schema is standard JSON Schema (draft 2020-12), with three advice keywords of leadlint's
own, which never make a value invalid (they are annotations to a JSON Schema validator):

- ``"recommended": ["description", ["categories", "category"]]`` — properties an object
  should have (an inner list: any one of them);
- ``"recommendedMaxLength": 110`` — text longer than this is worth a note;
- ``"recommendedFormat": "iso8601-zoned"`` — a format the value should also meet.

and ``"errorMessage"`` (as in ajv-errors): the message for a failure of that subschema, with
``{key}``, ``{value}`` and ``{as_list}`` (a comma-separated text written as a YAML list).

Requirements are checked by a small compiled validator when the schema uses only the
keywords it implements (the built-in schemas do; a test holds its errors equal to
jsonschema's on generated values), else by jsonschema itself, imported on first use.
Advice is collected by walking the value along the branches that validate.

Both run for every post, so the common case is generated as Python source once per schema
(:class:`_Generated`): a validity function per subschema, asked first (a value it calls
valid has no requirement error; only the others go through the compiled validator), and
the advice walk itself.  Tests hold them equal to the compiled checks and to a plain walk.
"""

from __future__ import annotations

import json
import math
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from leadlint.dates import days_in_month, parse_date

SCHEMAS = Path(__file__).resolve().parent / "schemas"
ADVICE = ("recommended", "recommendedMaxLength", "recommendedFormat")


class SchemaProblem(Exception):
    """A schema that cannot be read or is not a JSON Schema."""


@dataclass(frozen=True)
class SchemaError:
    """One way a value fails (or could be better for) a schema."""

    path: tuple  # where in the value
    keyword: str  # "required", "type", "pattern", "recommended", ...
    argument: Any  # for required/recommended: the missing name (or names); else the keyword's value
    instance: Any  # the value (for required/recommended: the object missing it)
    schema: dict  # the subschema holding the keyword

    def __init__(self, path: tuple, keyword: str, argument: Any, instance: Any, schema: dict):
        # the fields in one step (a frozen dataclass's own __init__ sets them one call at a
        # time, which shows when every post has a few of these)
        self.__dict__.update(path=path, keyword=keyword, argument=argument, instance=instance, schema=schema)

    @property
    def advice(self) -> bool:
        return self.keyword in ADVICE


# -- formats ------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: a leading year-month-day (the form Ruby's Date._parse tries first), with an optional time; a
#: compact date; a month name with a day and year (compiled on first use: rarely needed)
_LOOSE_DATES = (
    r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?",
    r"^\s*(\d{4})(\d{2})(\d{2})",
    r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b|"
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")[a-z]*\.?,?\s+(\d{4})\b",
)


@lru_cache(maxsize=None)
def _loose_dates() -> tuple:
    return tuple(re.compile(p, re.IGNORECASE if i == 2 else 0) for i, p in enumerate(_LOOSE_DATES))


_STOPS = "the build stops (\"does not have a valid date\")"


def has_liquid(value: Any) -> bool:
    return isinstance(value, str) and ("{{" in value or "{%" in value)


def date_problem(value: Any) -> str | None:
    """What is wrong with a front-matter ``date`` as Jekyll reads it (checked against Ruby's
    ``Time.parse``, which Jekyll uses), or None: a YAML date or date-time, ISO forms with or
    without zone, ``2025/01/02``, ``20250102``, ``Jan 2 2025`` and
    ``2023-01-29 18:30:22 2023 -0800`` are dates; ``2025-13-45`` stops the build and
    ``2025-02-30`` is read as 2025-03-02."""
    if isinstance(value, (date, datetime)):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # Jekyll reads `data["date"].to_s`: 20250102 is a date
    if not isinstance(value, str):
        return f"is {describe(value)}, not a date"
    try:
        datetime.fromisoformat(value)  # the common case, in C: an ISO date or date-time
        return None
    except ValueError:
        pass
    if has_liquid(value):
        return f"holds Liquid, which Jekyll does not fill in front matter: {_STOPS}"
    if parse_date(value) is not None:
        return None
    ymd, compact, month_name = _loose_dates()
    match = ymd.match(value) or compact.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups()[:3])
        clock = [int(g) for g in match.groups()[3:] if g is not None] if len(match.groups()) > 3 else []
        if not (1 <= month <= 12 and 1 <= day <= 31) or (clock and (clock[0] > 24 or max(clock[1:] or [0]) > 60)):
            return f"is not a date: {_STOPS}"
        length = days_in_month(year, month)
        if day > length:  # Ruby's Time rolls over into the next month (year 0 included)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return f"is no real date: Jekyll reads it as {year:04d}-{month:02d}-{day - length:02d}"
        return None
    match = month_name.search(value)
    if match:
        if match.group(1):
            day, year = int(match.group(2)), int(match.group(3))
        else:
            day, year = int(match.group(4)), int(match.group(6))
        return None if 1 <= day <= 31 else f"is not a date: {_STOPS}"
    return "is not a date Jekyll reads reliably"


def jekyll_date(value: Any) -> bool:
    """Whether Jekyll reads ``value`` as the date it says (see :func:`date_problem`)."""
    return date_problem(value) is None


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def iso8601(value: Any) -> bool:
    """An ISO 8601 date (``2025-01-10``) or date-time (``2025-01-10T08:00:00+09:00``)."""
    return not isinstance(value, str) or _iso8601_text(value)[0]


def iso8601_zoned(value: Any) -> bool:
    """An ISO 8601 date-time with a time zone (``Z`` or ``+09:00``)."""
    return not isinstance(value, str) or _iso8601_text(value)[1]


@lru_cache(maxsize=256)
def _iso8601_text(value: str) -> tuple[bool, bool]:
    """(ISO 8601, ISO 8601 with a zone): remembered, as a date is checked for its format and
    then for its recommended format."""
    if _ISO_DATE.match(value):
        return _real_date(*map(int, value.split("-"))), False
    match = _ISO_DATE_TIME.match(value)
    valid = bool(match) and _real_date(*map(int, match.groups()[:3])) and int(match.group(4)) < 24 \
        and int(match.group(5)) < 60 and int(match.group(6) or 0) < 61
    return valid, valid and bool(match.group(7))


_WEB_URL = re.compile(r"^[hH][tT][tT][pP][sS]?://[^\s/?#]+\S*\Z")
_SCHEMA_ORG = re.compile(r"^https?://schema\.org/?\Z")


def web_url(value: Any) -> bool:
    """An absolute http(s) URL with a host, without spaces."""
    return not isinstance(value, str) or _web_url_text(value)


@lru_cache(maxsize=1024)
def _web_url_text(value: str) -> bool:
    """Remembered: most posts of a site share their publisher's logo and author's URL."""
    return _WEB_URL.match(value) is not None


def schema_org_url(value: Any) -> bool:
    return not isinstance(value, str) or _SCHEMA_ORG.match(value) is not None


FORMATS: dict[str, Callable[[Any], bool]] = {
    "jekyll-date": jekyll_date,
    "iso8601": iso8601,
    "iso8601-zoned": iso8601_zoned,
    "web-url": web_url,
    "schema-org": schema_org_url,
}


# -- loading ------------------------------------------------------------------------------

_LOADED: dict[tuple, "Schema"] = {}
_BY_OPTION: dict[tuple, "Schema"] = {}


def load(path: str | Path | None, builtin: str, root: Path | None = None) -> "Schema":
    """The schema at ``path`` (relative to ``root``, the configuration's folder), or the
    built-in ``builtin`` file when ``path`` is empty; read and compiled once per process."""
    option = (str(path or ""), builtin, str(root or ""))
    schema = _BY_OPTION.get(option)
    if schema is None:
        schema = _BY_OPTION[option] = _read(path, builtin, root)
    return schema


def _read(path: str | Path | None, builtin: str, root: Path | None) -> "Schema":
    file = SCHEMAS / builtin if not path else Path(root or Path.cwd()) / Path(path)
    try:
        stat = file.stat()
        key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError as error:
        raise SchemaProblem(f"schema {file} cannot be read: {error.strerror or error}") from None
    schema = _LOADED.get(key)
    if schema is None:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise SchemaProblem(f"schema {file} is not valid JSON: {error}") from None
        if not isinstance(document, dict):
            raise SchemaProblem(f"schema {file} must be a JSON object")
        schema = _LOADED[key] = Schema(document, str(file))
    return schema


class Schema:
    def __init__(self, document: dict, origin: str = "<schema>"):
        self.document = document
        self.origin = origin
        self._compiled: dict[int, Callable] = {}
        self._refs: dict[str, Any] = {}
        self._advising: dict = {}
        self.native = _supported(document, document)
        self._jsonschema = None
        self._code: _Generated | None = None
        if self.native:
            self._root_check = self._compile(document)

    # -- requirements ----------------------------------------------------------------------

    def errors(self, instance: Any) -> list[SchemaError]:
        """Requirement failures, then advice, for ``instance``."""
        found = self.requirement_errors(instance)
        found.extend(self.advice(instance))
        return found

    def requirement_errors(self, instance: Any) -> list[SchemaError]:
        if self.native:
            valid = self._generated().valid_of_document()
            if valid is not None:
                try:
                    if valid(instance):
                        return []
                except Exception:  # the checks below say what goes wrong
                    pass
            out: list[SchemaError] = []
            self._root_check(instance, (), out)
            return out
        return self._jsonschema_errors(instance, self.document)

    def is_valid(self, instance: Any, subschema: Any) -> bool:
        return not self.subschema_errors(instance, subschema)

    def subschema_errors(self, instance: Any, subschema: Any, path: tuple = ()) -> list[SchemaError]:
        """Requirement failures of ``instance`` against one part of this schema."""
        if self.native:
            out: list[SchemaError] = []
            self._compile(subschema)(instance, path, out)
            return out
        return [SchemaError(path + e.path, e.keyword, e.argument, e.instance, e.schema)
                for e in self._jsonschema_errors(instance, subschema)]

    def explain(self, error: SchemaError, depth: int = 0) -> SchemaError:
        """For an ``anyOf``/``oneOf`` failure where only one branch takes a value of this kind
        (the mapping branch for a mapping), that branch's first failure: "author has no
        name" says more than "author is not any of the allowed forms"."""
        if error.keyword not in ("anyOf", "oneOf") or depth > 8:
            return error
        branches = [b for b in error.argument if _takes(self, b, error.instance)]
        if len(branches) != 1:
            return error
        inner = self.subschema_errors(error.instance, branches[0], error.path)
        inner = [e for e in inner if not (e.keyword == "type" and e.path == error.path)]
        return self.explain(inner[0], depth + 1) if inner else error

    # -- the jsonschema path ------------------------------------------------------------

    def jsonschema_validator(self):
        if self._jsonschema is None:
            import jsonschema  # ~90 ms: only when a schema needs it (or a test compares)

            cls = jsonschema.validators.validator_for(self.document, default=jsonschema.Draft202012Validator)
            try:
                cls.check_schema(self.document)
            except jsonschema.SchemaError as error:
                raise SchemaProblem(f"schema {self.origin} is not a valid JSON Schema: {error.message}") from None
            checker = jsonschema.FormatChecker(formats=())
            for name, check in FORMATS.items():
                checker.checks(name)(check)
            self._jsonschema = cls(self.document, format_checker=checker)
        return self._jsonschema

    def _jsonschema_errors(self, instance: Any, subschema: Any) -> list[SchemaError]:
        validator = self.jsonschema_validator()
        if subschema is not self.document:
            validator = validator.evolve(schema=subschema)
        found: list[SchemaError] = []
        try:
            errors = list(validator.iter_errors(instance))
        except RecursionError:
            raise
        except Exception as error:  # an unresolvable $ref, a bad regex: the schema's fault, not the post's
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise SchemaProblem(f"schema {self.origin} is not a valid JSON Schema: {message}") from None
        for error in errors:
            path = tuple(error.absolute_path)
            schema = error.schema if isinstance(error.schema, dict) else {}
            if error.validator == "required":
                found.extend(SchemaError(path, "required", name, error.instance, schema)
                             for name in error.validator_value
                             if isinstance(error.instance, dict) and name not in error.instance)
            else:
                found.append(SchemaError(path, str(error.validator), error.validator_value, error.instance, schema))
        return _dedupe(found)

    # -- the compiled path ------------------------------------------------------------------

    def _resolve(self, ref: str) -> Any:
        try:
            return self._refs[ref]
        except KeyError:
            pass
        node = self._refs[ref] = self._resolve_uncached(ref)
        return node

    def _resolve_uncached(self, ref: str) -> Any:
        return _pointer(self.document, ref)

    def _compile(self, schema: Any) -> Callable[[Any, tuple, list], None]:
        key = id(schema)
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        if schema is True or schema == {}:
            def check(instance, path, out):
                return None
            self._compiled[key] = check
            return check
        if schema is False:
            def check(instance, path, out):
                out.append(SchemaError(path, "false", False, instance, {}))
            self._compiled[key] = check
            return check
        checks: list[Callable] = []
        for keyword, value in schema.items():
            maker = _KEYWORDS.get(keyword)
            if maker is not None:
                checks.append(maker(self, value, schema))
        if len(checks) == 1:
            check = checks[0]
        elif not checks:
            def check(instance, path, out):
                return None
        else:
            def check(instance, path, out):
                for c in checks:
                    c(instance, path, out)
        self._compiled[key] = check
        return check

    # -- advice -------------------------------------------------------------------------

    def _gives_advice(self, schema: Any, depth: int = 0) -> bool:
        """Whether ``schema`` or anything under it (references followed) has an advice keyword."""
        if not isinstance(schema, dict) or depth > 32:
            return False
        key = id(schema)
        known = self._advising.get(key)
        if known is not None:
            return known
        self._advising[key] = False  # a cycle adds nothing
        found = any(k in schema for k in ADVICE)
        if not found:
            subs: list = []
            for keyword in ("properties", "patternProperties"):
                if isinstance(schema.get(keyword), dict):
                    subs.extend(schema[keyword].values())
            for keyword in ("items", "additionalProperties", "not"):
                if keyword in schema:
                    subs.append(schema[keyword])
            for keyword in ("anyOf", "oneOf", "allOf"):
                if isinstance(schema.get(keyword), list):
                    subs.extend(schema[keyword])
            ref = schema.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                try:
                    subs.append(self._resolve(ref))
                except (KeyError, IndexError, ValueError):
                    pass
            found = any(self._gives_advice(sub, depth + 1) for sub in subs)
        self._advising[key] = found
        return found

    def _advising_properties(self, schema: dict) -> list[tuple[str, Any]]:
        key = ("properties", id(schema))
        found = self._advising.get(key)
        if found is None:
            properties = schema.get("properties")
            found = self._advising[key] = [(name, sub) for name, sub in properties.items()
                                           if self._gives_advice(sub)] if isinstance(properties, dict) else []
        return found

    def _plan(self, schema: dict) -> tuple:
        """What the advice walk does at ``schema``, worked out once."""
        key = ("plan", id(schema))
        plan = self._advising.get(key)
        if plan is None:
            follow: list = []
            ref = schema.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                try:
                    follow.append(self._resolve(ref))
                except (KeyError, IndexError, ValueError):
                    pass
            follow.extend(schema.get("allOf", ()) if isinstance(schema.get("allOf"), list) else ())
            follow = [f for f in follow if self._gives_advice(f)]
            branches = [b for k in ("anyOf", "oneOf") if isinstance(schema.get(k), list)
                        for b in schema[k] if self._gives_advice(b)]
            wanted = schema.get("recommended")
            wanted = [n if isinstance(n, list) else [n] for n in wanted] if isinstance(wanted, list) else []
            items = schema.get("items") if self._gives_advice(schema.get("items")) else None
            limit = schema.get("recommendedMaxLength")
            fmt = schema.get("recommendedFormat")
            plan = self._advising[key] = (follow, branches, wanted, self._advising_properties(schema), items,
                                          limit if isinstance(limit, int) else None,
                                          fmt if fmt in FORMATS else None)
        return plan

    def advice(self, instance: Any) -> list[SchemaError]:
        """Advice keywords of every (sub)schema that applies to ``instance`` and its parts,
        following the ``anyOf``/``oneOf`` branches that hold (as annotations are collected)."""
        out: list[SchemaError] = []
        walk = self._generated().advice_of_document()
        if walk is not None:
            walk(instance, (), out, 0)
            if len(out) > 1:
                out.sort(key=lambda e: (len(e.path), list(map(str, e.path))))
        return out

    def _generated(self) -> _Generated:
        if self._code is None:
            self._code = _Generated(self)
        return self._code

    def _fast_valid(self, schema: Any) -> Callable[[Any], bool] | None:
        """The generated validity of a subschema of a native schema, or None (see :class:`_Generated`)."""
        return self._generated().valid(schema) if self.native else None

    def _validity(self, schema: Any) -> Callable[[Any], bool]:
        if not self.native:
            return lambda value: self.is_valid(value, schema)
        check = self._compile(schema)

        def checked(value):
            trial: list = []
            check(value, (), trial)
            return not trial
        fast = self._fast_valid(schema)
        if fast is None:
            return checked

        def valid(value):
            try:
                return fast(value)
            except Exception:  # the checks decide
                return checked(value)
        return valid


def _type_names(schema: Schema, branch: Any) -> list | None:
    """The ``type`` of a branch (references followed), or None when it does not say."""
    seen = 0
    while isinstance(branch, dict) and "$ref" in branch and "type" not in branch and seen < 8:
        try:
            branch = schema._resolve(branch["$ref"])
        except (KeyError, IndexError, ValueError):
            return None
        seen += 1
    names = branch.get("type") if isinstance(branch, dict) else None
    if names is None:
        return None
    return names if isinstance(names, list) else [names]


def _takes(schema: Schema, branch: Any, instance: Any) -> bool:
    """Whether a branch is meant for values of ``instance``'s kind (by its ``type``)."""
    names = _type_names(schema, branch)
    return names is not None and any(_is_type(instance, n) for n in names)


def _pointer(document: Any, ref: str) -> Any:
    """The part of ``document`` a local ``$ref`` (``#/$defs/name``) points at."""
    node: Any = document
    for part in ref[2:].split("/") if ref != "#" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _dedupe(errors: list[SchemaError]) -> list[SchemaError]:
    seen = set()
    unique = []
    for error in errors:
        key = (error.path, error.keyword, repr(error.argument))
        if key not in seen:
            seen.add(key)
            unique.append(error)
    return unique


# -- the compiled validator's keywords --------------------------------------------------------

_ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "examples", "default",
                "deprecated", "readOnly", "writeOnly", "errorMessage", "$anchor", *ADVICE}


def _is_type(instance: Any, name: str) -> bool:
    if name == "string":
        return isinstance(instance, str)
    if name == "object":
        return isinstance(instance, dict)
    if name == "array":
        return isinstance(instance, list)
    if name == "boolean":
        return isinstance(instance, bool)
    if name == "null":
        return instance is None
    if isinstance(instance, bool):
        return False
    if name == "number":
        return isinstance(instance, (int, float))
    if name == "integer":
        return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
    return False


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return False
    return a == b


def _error(keyword: str, value: Any, schema: dict):
    def fail(instance, path, out):
        out.append(SchemaError(path, keyword, value, instance, schema))
    return fail


_PLAIN_TYPES = {"string": str, "object": dict, "array": list, "boolean": bool, "null": type(None)}


def _k_type(s: Schema, value, schema):
    names = value if isinstance(value, list) else [value]
    if all(n in _PLAIN_TYPES for n in names):  # no number/integer: a plain isinstance is exact
        python_types = tuple(_PLAIN_TYPES[n] for n in names)

        def check(instance, path, out):
            if not isinstance(instance, python_types):
                out.append(SchemaError(path, "type", value, instance, schema))
        return check

    plain = tuple(_PLAIN_TYPES[n] for n in names if n in _PLAIN_TYPES)
    number, integer = "number" in names, "integer" in names

    def check(instance, path, out):
        if isinstance(instance, plain):
            return
        if not isinstance(instance, bool):
            if number and isinstance(instance, (int, float)):
                return
            if integer and (isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())):
                return
        out.append(SchemaError(path, "type", value, instance, schema))
    return check


def _k_required(s: Schema, value, schema):
    def check(instance, path, out):
        if isinstance(instance, dict):
            for name in value:
                if name not in instance:
                    out.append(SchemaError(path, "required", name, instance, schema))
    return check


def _k_properties(s: Schema, value, schema):
    compiled = {name: s._compile(sub) for name, sub in value.items()}
    get = compiled.get

    def check(instance, path, out):
        if isinstance(instance, dict):
            for name, item in instance.items():
                sub = get(name)
                if sub is not None:
                    sub(item, path + (name,), out)
    return check


def _k_additional(s: Schema, value, schema):
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    sub = s._compile(value)

    def check(instance, path, out):
        if not isinstance(instance, dict):
            return
        extras = [k for k in instance if k not in known and not any(p.search(k) for p in patterns)]
        if not extras:
            return
        if value is False:
            out.append(SchemaError(path, "additionalProperties", False, instance, schema))
        else:
            for name in extras:
                sub(instance[name], path + (name,), out)
    return check


def _k_pattern_properties(s: Schema, value, schema):
    compiled = [(re.compile(p), s._compile(sub)) for p, sub in value.items()]

    def check(instance, path, out):
        if isinstance(instance, dict):
            for pattern, sub in compiled:
                for name, item in instance.items():
                    if pattern.search(name):
                        sub(item, path + (name,), out)
    return check


def _k_items(s: Schema, value, schema):
    sub = s._compile(value)

    def check(instance, path, out):
        if isinstance(instance, list):
            for index, item in enumerate(instance):
                sub(item, path + (index,), out)
    return check


#: the limit keywords: the kind of value each applies to, and how the value must compare to it
_LIMITS = {"minItems": ("array", ">="), "maxItems": ("array", "<="), "minLength": ("string", ">="),
           "maxLength": ("string", "<="), "minimum": ("number", ">="), "maximum": ("number", "<="),
           "exclusiveMinimum": ("number", ">"), "exclusiveMaximum": ("number", "<")}
_COMPARE = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


def _limit(keyword: str):
    kind, comparison = _LIMITS[keyword]
    test = {"array": lambda x: isinstance(x, list), "string": lambda x: isinstance(x, str)}.get(kind, _is_number)
    measure = _identity if kind == "number" else len
    compare = _COMPARE[comparison]

    def make(s: Schema, value, schema):
        def check(instance, path, out):
            if test(instance) and not compare(measure(instance), value):
                out.append(SchemaError(path, keyword, value, instance, schema))
        return check
    return make


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _identity(x):
    return x


def _k_pattern(s: Schema, value, schema):
    pattern = re.compile(value)

    def check(instance, path, out):
        if isinstance(instance, str) and not pattern.search(instance):
            out.append(SchemaError(path, "pattern", value, instance, schema))
    return check


def _k_enum(s: Schema, value, schema):
    def check(instance, path, out):
        if not any(_equal(instance, v) for v in value):
            out.append(SchemaError(path, "enum", value, instance, schema))
    return check


def _k_const(s: Schema, value, schema):
    def check(instance, path, out):
        if not _equal(instance, value):
            out.append(SchemaError(path, "const", value, instance, schema))
    return check


def _k_format(s: Schema, value, schema):
    test = FORMATS.get(value)
    if test is None:  # an unknown format is an annotation, as in jsonschema
        return lambda instance, path, out: None

    def check(instance, path, out):
        if not test(instance):
            out.append(SchemaError(path, "format", value, instance, schema))
    return check


def _k_any_of(s: Schema, value, schema):
    subs = [s._compile(v) for v in value]

    def check(instance, path, out):
        for sub in subs:
            trial: list = []
            sub(instance, path, trial)
            if not trial:
                return
        out.append(SchemaError(path, "anyOf", value, instance, schema))
    return check


def _k_one_of(s: Schema, value, schema):
    subs = [s._compile(v) for v in value]

    def check(instance, path, out):
        passed = 0
        for sub in subs:
            trial: list = []
            sub(instance, path, trial)
            passed += not trial
        if passed != 1:
            out.append(SchemaError(path, "oneOf", value, instance, schema))
    return check


def _k_all_of(s: Schema, value, schema):
    subs = [s._compile(v) for v in value]

    def check(instance, path, out):
        for sub in subs:
            sub(instance, path, out)
    return check


def _k_not(s: Schema, value, schema):
    sub = s._compile(value)

    def check(instance, path, out):
        trial: list = []
        sub(instance, path, trial)
        if not trial:
            out.append(SchemaError(path, "not", value, instance, schema))
    return check


def _k_ref(s: Schema, value, schema):
    target = s._resolve(value)
    holder: list = []

    def check(instance, path, out):
        if not holder:
            holder.append(s._compile(target))
        holder[0](instance, path, out)
    return check


def _k_unique(s: Schema, value, schema):
    def check(instance, path, out):
        if value and isinstance(instance, list) and not _all_unique(instance):
            out.append(SchemaError(path, "uniqueItems", value, instance, schema))
    return check


def _all_unique(items: list) -> bool:
    return not any(_equal(a, b) for i, a in enumerate(items) for b in items[i + 1:])


_KEYWORDS: dict[str, Callable] = {
    "type": _k_type,
    "required": _k_required,
    "properties": _k_properties,
    "additionalProperties": _k_additional,
    "patternProperties": _k_pattern_properties,
    "items": _k_items,
    **{keyword: _limit(keyword) for keyword in _LIMITS},
    "pattern": _k_pattern,
    "enum": _k_enum,
    "const": _k_const,
    "format": _k_format,
    "anyOf": _k_any_of,
    "oneOf": _k_one_of,
    "allOf": _k_all_of,
    "not": _k_not,
    "$ref": _k_ref,
    "uniqueItems": _k_unique,
}


def _supported(schema: Any, root: dict, depth: int = 0) -> bool:
    """Whether the compiled validator implements every keyword of ``schema`` exactly."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or depth > 64:
        return False
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS:
            if keyword in ("$defs", "definitions"):
                if not isinstance(value, dict) or not all(_supported(v, root, depth + 1) for v in value.values()):
                    return False
            elif keyword == "recommended" and not (isinstance(value, list) and all(
                    isinstance(v, str) or (isinstance(v, list) and all(isinstance(n, str) for n in v))
                    for v in value)):
                return False
            elif keyword == "recommendedMaxLength" and not isinstance(value, int):
                return False
            continue
        if keyword not in _KEYWORDS:
            return False
        if keyword == "$ref":
            if not (isinstance(value, str) and value.startswith("#/")):
                return False
            try:
                _pointer(root, value)
            except (KeyError, IndexError, ValueError, TypeError):
                return False
        if keyword == "required" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return False
        if keyword in ("enum", "anyOf", "oneOf", "allOf") and not (isinstance(value, list) and value):
            return False
        if keyword == "format" and not isinstance(value, str):
            return False
        if keyword == "uniqueItems" and not isinstance(value, bool):
            return False
        if keyword in ("properties", "patternProperties"):
            if not isinstance(value, dict) or not all(_supported(v, root, depth + 1) for v in value.values()):
                return False
        elif keyword in ("items", "additionalProperties", "not"):
            if not _supported(value, root, depth + 1):
                return False
        elif keyword in ("anyOf", "oneOf", "allOf"):
            if not isinstance(value, list) or not all(_supported(v, root, depth + 1) for v in value):
                return False
        elif keyword == "type":
            names = value if isinstance(value, list) else [value]
            if not all(n in ("string", "object", "array", "boolean", "null", "number", "integer") for n in names):
                return False
        elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and not _is_number(value):
            return False
        elif keyword in ("minItems", "maxItems", "minLength", "maxLength") and not isinstance(value, int):
            return False
        elif keyword == "pattern":
            try:
                re.compile(value)
            except (re.error, TypeError):
                return False
    return True


# -- the generated fast path ------------------------------------------------------------------


class _Cycle(Exception):
    """A subschema that refers back to itself."""


_VALUE = "\0"  # stands for the value in an expression being built (see _Generated)
_CALL_OF_VALUE = re.compile("\\(*(valid\\d+)\\(\0\\)\\)*")
#: keywords that look at every member or item: their subschema gets a function of its own
_LOOPING = {"properties", "additionalProperties", "patternProperties", "items"}
#: whether the value (``{0}``) is of a kind, as _is_type says
_PLAIN_TESTS = {"string": "isinstance({0}, str)", "object": "isinstance({0}, dict)", "array": "isinstance({0}, list)",
                "boolean": "isinstance({0}, bool)", "null": "{0} is None",
                "number": "(isinstance({0}, (int, float)) and not isinstance({0}, bool))"}


class _Generated:
    """Python functions generated from one schema and compiled once, for the common case.

    - :meth:`valid` gives, for a subschema, ``f(value) -> bool``: whether the compiled
      checks find no error in the value, answered without error objects, paths or a call
      per keyword.  Most values meet the schema, so :meth:`Schema.requirement_errors` asks
      it first and runs the checks only for a value it rejects (or that makes it raise: the
      checks then say what they say).  Only for schemas without reference cycles: a function
      here recurses less deeply than the checks, so on a cycle it could finish where they
      raise RecursionError.
    - :meth:`advice` gives, for a subschema, ``f(value, path, out, depth)`` appending the
      advice of the subschema for the value and its parts (see :meth:`Schema.advice`).

    Each function stands for one subschema and calls the others by name; the values they
    need (a pattern, a list of names, the subschema itself) are globals of the generated
    module.  ``source`` holds its text, to read.
    """

    def __init__(self, schema: "Schema"):
        self.schema = schema
        self.space: dict[str, Any] = {"SchemaError": SchemaError, "_equal": _equal, "_is_type": _is_type,
                                      "_all_unique": _all_unique, "_true": lambda x: True, "_false": lambda x: False,
                                      "_MISSING": object()}
        self.names: dict[tuple, str] = {}
        self.kept: list = []  # the subschemas named, alive as long as their ids are keys of ``names``
        self.pending: list[str] = []
        self.emitting: set[int] = set()
        self.cyclic = False
        self.expressions: dict[int, tuple[str, bool]] = {}
        self.forwards: dict[str, tuple[str, int]] = {}  # advice walk -> (the walk it hands on to, levels)
        self.variables = 0
        self.source: list[str] = []
        self._document_valid: tuple | None = None
        self._document_advice: tuple | None = None

    def valid_of_document(self) -> Callable[[Any], bool] | None:
        if self._document_valid is None:
            self._document_valid = (self.valid(self.schema.document),)
        return self._document_valid[0]

    def advice_of_document(self) -> Callable | None:
        if self._document_advice is None:
            self._document_advice = (self.advice(self.schema.document),)
        return self._document_advice[0]

    def valid(self, schema: Any) -> Callable[[Any], bool] | None:
        if self.cyclic:
            return None
        done = len(self.pending)
        try:
            name = self._valid_name(schema)
        except _Cycle:
            self.cyclic = True
            del self.pending[done:]
            return None
        self._flush()
        return self.space[name]

    def advice(self, schema: Any) -> Callable | None:
        name = self._advice_name(schema)
        self._flush()
        return self.space[name] if name else None

    def _flush(self) -> None:
        if self.pending:
            code = "\n\n".join(self.pending)
            self.pending = []
            self.source.append(code)
            exec(compile(code, f"<schema {self.schema.origin}>", "exec"), self.space)

    def _global(self, value: Any) -> str:
        """An expression for ``value``: a literal for text, else a global holding it."""
        if type(value) is str:
            return repr(value)
        name = f"g{len(self.space)}"
        self.space[name] = value
        return name

    def _name(self, kind: str, schema: Any) -> str:
        name = self.names[(kind, id(schema))] = f"{kind}{len(self.names)}"
        self.kept.append(schema)
        return name

    # -- validity -----------------------------------------------------------------------
    #
    # A subschema's validity is an expression over the value: the conditions of its keywords
    # joined by ``and``.  A small one (no properties or items) is written out where it is
    # used; a larger one becomes a function.  While an expression is built, its value is
    # called ``_VALUE`` (a character no ``repr`` writes), replaced by the variable it is
    # about when it is placed.

    def _valid_name(self, schema: Any) -> str:
        """The name of the function telling whether a value meets ``schema``."""
        if schema is True or schema == {}:
            return "_true"
        if schema is False:
            return "_false"
        name = self.names.get(("valid", id(schema)))
        if name is None:
            expression, _ = self._valid_expression(schema)
            call = _CALL_OF_VALUE.fullmatch(expression)
            if call:  # another subschema's function says it all
                name = self.names[("valid", id(schema))] = call.group(1)
                return name
            name = self._name("valid", schema)
            self.pending.append(f"def {name}(x):\n    return {expression.replace(_VALUE, 'x')}")
        return name

    def _check(self, schema: Any, var: str) -> str:
        """An expression: whether the value of the variable ``var`` meets ``schema``."""
        if schema is True or schema == {}:
            return "True"
        if schema is False:
            return "False"
        if ("valid", id(schema)) not in self.names:
            expression, small = self._valid_expression(schema)
            if small:
                return expression.replace(_VALUE, var)
        return f"{self._valid_name(schema)}({var})"

    def _valid_expression(self, schema: dict) -> tuple[str, bool]:
        """(The validity of ``schema`` over ``_VALUE``, whether it is small enough to write out)."""
        found = self.expressions.get(id(schema))
        if found is not None:
            return found
        if id(schema) in self.emitting:
            raise _Cycle
        self.emitting.add(id(schema))
        # the type first: then the other keywords need not ask again what kind of value it is
        keywords = sorted((k for k in schema if k in _KEYWORDS), key=lambda k: k != "type")
        kind = schema.get("type") if "type" in keywords else None
        kind = kind[0] if isinstance(kind, list) and len(kind) == 1 else kind
        known = kind if kind in ("string", "object", "array") else None
        tests = [test for keyword in keywords for test in self._passes(keyword, schema[keyword], schema, known)]
        self.emitting.discard(id(schema))
        expression = "(" + (" and ".join(tests) or "True") + ")"
        small = len(expression) <= 240 and not any(k in _LOOPING for k in keywords)
        self.expressions[id(schema)] = found = (expression, small)
        self.kept.append(schema)
        return found

    def _passes(self, keyword: str, value: Any, schema: dict, known: str | None) -> list[str]:
        """Conditions on ``_VALUE`` under which ``keyword`` finds no error, as its compiled
        check decides; ``known`` is the kind of value the subschema's ``type`` made sure of."""
        x = _VALUE

        def unless(kind: str) -> str:  # the keyword applies to values of this kind only
            return "" if kind == known else f"not {_PLAIN_TESTS[kind].format(x)} or "

        if keyword == "type":
            names = value if isinstance(value, list) else [value]
            if len(names) == 1 and names[0] in ("string", "object", "array", "boolean"):
                return [_PLAIN_TESTS[names[0]].format(x)]
            plain = self._global(tuple(_PLAIN_TYPES[n] for n in names if n in _PLAIN_TYPES))
            if all(n in _PLAIN_TYPES for n in names):
                return [f"isinstance({x}, {plain})"]
            number = f"isinstance({x}, (int, float))" if "number" in names else \
                f"(isinstance({x}, int) or (isinstance({x}, float) and {x}.is_integer()))"
            return [f"(isinstance({x}, {plain}) or (not isinstance({x}, bool) and {number}))"]
        if keyword == "required":
            return [f"({unless('object')}({' and '.join(f'{n!r} in {x}' for n in value)}))"] if value else []
        if keyword == "properties":
            tests = []
            for name, sub in value.items():
                self.variables += 1
                var = f"v{self.variables}"
                check = self._check(sub, var)
                if check != "True":
                    tests.append(f"(({var} := {x}.get({name!r}, _MISSING)) is _MISSING or {check})")
            return [f"({unless('object')}({' and '.join(tests)}))"] if tests else []
        if keyword == "additionalProperties":
            names = self._global(set(schema.get("properties", {})))
            patterns = self._global([re.compile(p) for p in schema.get("patternProperties", {})])
            extra = f"k not in {names} and not any(p.search(k) for p in {patterns})"
            if value is False:
                return [f"({unless('object')}not any({extra} for k in {x}))"]
            return [f"({unless('object')}all({self._valid_name(value)}({x}[k]) for k in {x} if {extra}))"]
        if keyword == "patternProperties":
            return [f"({unless('object')}all({self._valid_name(sub)}(v) for k, v in {x}.items() "
                    f"if {self._global(re.compile(p))}.search(k)))" for p, sub in value.items()]
        if keyword == "items":
            return [f"({unless('array')}all(map({self._valid_name(value)}, {x})))"]
        if keyword in _LIMITS:
            kind, comparison = _LIMITS[keyword]
            measured = x if kind == "number" else f"len({x})"
            return [f"({unless(kind)}{measured} {comparison} {self._global(value)})"]
        if keyword == "pattern":
            return [f"({unless('string')}{self._global(re.compile(value))}.search({x}) is not None)"]
        if keyword == "enum":
            if all(isinstance(v, str) for v in value):
                test = f"{x} in {self._global(frozenset(value))}"
                return [test if known == "string" else f"(isinstance({x}, str) and {test})"]
            return [f"any(_equal({x}, v) for v in {self._global(value)})"]
        if keyword == "const":
            if isinstance(value, str):
                return [f"{x} == {value!r}" if known == "string" else f"(isinstance({x}, str) and {x} == {value!r})"]
            return [f"_equal({x}, {self._global(value)})"]
        if keyword == "format":
            test = FORMATS.get(value)
            return [f"{self._global(test)}({x})"] if test is not None else []
        if keyword in ("anyOf", "oneOf", "allOf"):
            checks = [self._check(sub, x) for sub in value]
            return [{"anyOf": f"({' or '.join(checks)})", "oneOf": f"((({') + ('.join(checks)})) == 1)",
                     "allOf": f"({' and '.join(checks)})"}[keyword]]
        if keyword == "not":
            return [f"not {self._check(value, x)}"]
        if keyword == "$ref":
            return [self._check(self.schema._resolve(value), x)]
        if keyword == "uniqueItems":
            return [f"({unless('array')}_all_unique({x}))"] if value else []
        raise AssertionError(keyword)

    # -- advice -------------------------------------------------------------------------

    def _advice_name(self, schema: Any) -> str | None:
        """The advice walk of ``schema`` (None when it gives none), as :meth:`Schema._plan` says."""
        s = self.schema
        if not isinstance(schema, dict) or not s._gives_advice(schema):
            return None
        name = self.names.get(("advise", id(schema)))
        if name is not None:
            return name
        name = self._name("advise", schema)  # named first: a cycle calls it by name
        follow, branches, wanted, properties, items, limit, fmt = s._plan(schema)
        here = self._global(schema)
        steps = [call for call in (self._walk(f, "x", "path") for f in follow) if call]
        if len(steps) == len(follow) == 1 and not (branches or wanted or properties or items or limit or fmt):
            target = self._advice_name(follow[0])  # all this walk does is hand its value on
            target, deeper = self.forwards.get(target, (target, 1))
            self.forwards[name] = (target, deeper + 1)
        for branch in branches:
            walk = self._walk(branch, "x", "path")
            if walk is not None:
                names = _type_names(s, branch)
                if names is None:
                    kind = ""
                elif all(isinstance(n, str) and n in _PLAIN_TESTS for n in names):
                    kind = "(" + " or ".join(_PLAIN_TESTS[n].format("x") for n in names) + ") and "
                else:
                    kind = f"any(_is_type(x, n) for n in {self._global(names)}) and "
                steps.append(f"if {kind}{self._global(s._validity(branch))}(x): {walk}")
        mapping = []
        for group in wanted:
            given = " or ".join(f"{self._global(n)} in x" for n in group) or "False"
            argument = self._global(group[0] if len(group) == 1 else group) + ("[0]" if not group else "")
            mapping.append(f"if not ({given}): out.append(SchemaError(path, 'recommended', {argument}, x, {here}))")
        for key, sub in properties:
            key = self._global(key)
            walk = self._walk(sub, f"x[{key}]", f"path + ({key},)")
            if walk is not None:
                mapping.append(f"if {key} in x: {walk}")
        if mapping:
            steps.append("if isinstance(x, dict):\n" + "\n".join("        " + m for m in mapping))
        each = self._walk(items, "item", "path + (i,)") if items is not None else None
        if each is not None:
            steps.append(f"if isinstance(x, list):\n        for i, item in enumerate(x): {each}")
        text = []
        if limit is not None:
            text.append(f"if len(x) > {self._global(limit)}: out.append(SchemaError(path, 'recommendedMaxLength', "
                        f"{self._global(limit)}, x, {here}))")
        if fmt is not None:
            text.append(f"if not {self._global(FORMATS[fmt])}(x): out.append(SchemaError(path, "
                        f"'recommendedFormat', {self._global(fmt)}, x, {here}))")
        if text:
            steps.append("if isinstance(x, str):\n" + "\n".join("        " + t for t in text))
        self.pending.append(f"def {name}(x, path, out, depth):\n    if depth > 64: return\n"
                            + "".join(f"    {step}\n" for step in steps))
        return name

    def _walk(self, schema: Any, value: str, path: str) -> str | None:
        """A call of ``schema``'s advice walk, one level deeper; None when it gives none.  A
        walk that only hands its value on (a ``$ref``) is skipped: the one it hands it to is
        called, with the depth it would have had there."""
        name = self._advice_name(schema)
        if name is None:
            return None
        target, deeper = self.forwards.get(name, (name, 1))
        return f"{target}({value}, {path}, out, depth + {deeper})"


# -- describing values and expectations in words -------------------------------------------

_TYPE_WORDS = {"string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
               "array": "a list", "object": "a mapping (key: value lines)", "null": "empty"}


def expected(schema: dict) -> str:
    """What a subschema wants, in words: its ``title``, else its types."""
    title = schema.get("title") if isinstance(schema, dict) else None
    if isinstance(title, str):
        return title
    names = schema.get("type") if isinstance(schema, dict) else None
    names = names if isinstance(names, list) else [names] if names else []
    words = [_TYPE_WORDS.get(n, n) for n in names]
    return " or ".join(words) if words else "a different value"


def describe(value: Any, limit: int = 60) -> str:
    """A value as a writer would name it: ``the text "8 min"``, ``the number 8``, ``a list of 3``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty"
    if isinstance(value, (int, float)):
        return f"the number {value:g}" if isinstance(value, float) and math.isfinite(value) else f"the number {value}"
    if isinstance(value, str):
        return f"the text {quote(value, limit)}"
    if isinstance(value, datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def quote(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{text}”"


def dotted(path: tuple) -> str:
    """``("author", "name")`` -> ``author.name``; ``("tags", 2)`` -> ``tags[2]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the whole value)"


def custom_message(error: SchemaError, key: str) -> str | None:
    """The subschema's ``errorMessage``, filled in, if it has one."""
    template = error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
    if not isinstance(template, str):
        return None
    value = error.instance
    as_list = ""
    if isinstance(value, str):
        items = [v.strip() for v in re.split(r"[,、，]", value) if v.strip()]
        as_list = "[" + ", ".join(json.dumps(i, ensure_ascii=False) if _needs_quotes(i) else i for i in items) + "]"
    try:
        return template.format(key=key, value=quote(value) if isinstance(value, str) else describe(value),
                               as_list=as_list)
    except (KeyError, IndexError, ValueError):
        return template


def _needs_quotes(item: str) -> bool:
    return bool(re.search(r"[:#\[\]{},&*!|>'\"%@`]|^\s|\s$|^-", item))
