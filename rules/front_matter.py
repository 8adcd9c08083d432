"""FM: front matter — the keys a post needs, their types, their lengths, their spelling.

Which keys are required, recommended and of which type lives in a JSON Schema
(``schemas/front-matter.schema.json``); a content repository can point ``[rules.FM001]
schema`` at its own, and FM001-FM004 all use it.  Values come from the post merged over
``_config.yml`` defaults, so a key a default sets is present (findings about such a value say
so).  A value holding Liquid (``{{ site.logo }}``) is left alone: the layout fills it in; the one
exception is ``date``, which Jekyll parses itself before any Liquid runs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

from leadlint.dates import as_utc, parse_date
from leadlint.rule import Edit, Fix, rule

from ._schema import (SchemaError, SchemaProblem, custom_message, date_problem, describe, dotted, expected, has_liquid,
                      load, quote)

BUILTIN_SCHEMA = "front-matter.schema.json"
SCHEMA_OWNER = "FM001"

#: front-matter keys Jekyll itself, its common plugins (jekyll-seo-tag, jekyll-sitemap,
#: jekyll-redirect-from, jekyll-feed) and popular themes read; with the schema's own
#: properties, the keys FM004 does not call typos
KNOWN_KEYS = frozenset("""
layout title date categories category tags tag permalink published excerpt excerpt_separator slug lang locale
author authors description image images last_modified_at modified updated redirect_from redirect_to sitemap
seo canonical_url canonical comments share toc toc_label toc_sticky toc_icon math mathjax mermaid header
feature featured teaser thumbnail subtitle summary keywords seo_keywords reading_time read_time draft hidden
pin pinned sticky series order weight nav_order parent grand_parent has_children nav_exclude
render_with_liquid sidebar classes type cover banner og_image twitter robots noindex search related
author_profile show_date last_updated tag_names excerpt_image hero video audio source link external_url
""".split())


# -- shared ------------------------------------------------------------------------------


def schema_for(ctx):
    """The front-matter schema FM001-FM004 use: ``[rules.FM001] schema``, else the built-in."""
    path = ctx.options_of(SCHEMA_OWNER).get("schema") or ""
    return load(path, BUILTIN_SCHEMA, ctx.root)


@dataclass
class _Checked:
    errors: list[SchemaError] = field(default_factory=list)
    #: top-level keys the post (or a default) sets to an empty value
    empty: set = field(default_factory=set)
    #: why the schema could not be used, if it could not
    problem: SchemaProblem | None = None


_VIEWS: dict[int, Any] = {}


def _checked(post, schema) -> _Checked:
    """The schema's verdict on a post's front matter, computed once per post and schema."""
    view = _VIEWS.get(id(schema))
    if view is None:
        view = _VIEWS[id(schema)] = lambda p, s=schema: _validate(p, s)
    return post.view(view)


def _validate(post, schema) -> _Checked:
    checked = _Checked()
    instance = _json_instance(post.data, checked.empty)
    try:
        errors = schema.errors(instance)
    except RecursionError:
        return checked
    except SchemaProblem as problem:
        checked.problem = problem
        return checked
    site_config = post.site.config if post.site else {}
    kept = []
    for error in errors:
        if error.keyword == "required" and error.path == () and error.argument == "date" and (
                post.filename_match or _is_draft(post)):
            continue  # Jekyll takes the date from the file name (a draft's from the file's time)
        if error.keyword == "recommended" and error.path == () and _site_gives(site_config, error.argument):
            continue
        if error.keyword not in ("required", "recommended") and _liquid_inside(error.instance) and not (
                error.keyword == "format" and error.argument == "jekyll-date"):
            continue  # the layout fills it in; but Jekyll parses `date` itself, Liquid and all
        kept.append(error)
    checked.errors = kept
    return checked


#: value classes :func:`_as_json` returns as they are, and that are never empty
_AS_THEY_ARE = frozenset({int, float, bool})
_is_text = str.__instancecheck__  # isinstance(value, str), for map()


def _json_instance(data: dict, empty: set) -> dict:
    """The front matter as the schema sees it (keys as text, values through :func:`_as_json`),
    without its empty values, whose keys go to ``empty``.

    Every post's front matter comes through here, so what it is mostly made of -- text, lists
    of text, numbers and booleans, by exact class -- is settled first, as :func:`_settle`
    would settle it: no other test applies to them (`layout: null` is None), and
    :func:`_as_json` returns them as they are."""
    instance: dict = {}
    for key, value in data.items():
        kind = value.__class__
        if kind is str:
            if value.strip():
                instance[str(key)] = value
                continue
            empty.add(str(key))
            continue
        if (kind is list and value and all(map(_is_text, value))) or kind in _AS_THEY_ARE:
            instance[str(key)] = value
            continue
        _settle(instance, empty, key, value)
    return instance


def _settle(instance: dict, empty: set, key, value) -> None:
    """One front-matter value as the schema sees it, into ``instance``; or its key into ``empty``."""
    if value is None and key == "layout":
        value = "none"  # `layout: null` is Jekyll's documented way to have no layout: a choice
    if isinstance(value, str):
        if value.strip():
            instance[str(key)] = value
            return
    elif not _is_empty(value):
        instance[str(key)] = _as_json(value, 0)
        return
    empty.add(str(key))


def _is_draft(post) -> bool:
    return "_drafts" in post.path.parts[:-1]


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, (list, dict)) and not value)


def _as_json(value, depth: int):
    """The value as JSON Schema sees it: YAML dates become ISO text, keys become text."""
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if depth > 64:
        return None
    if isinstance(value, dict):
        return {str(k): _as_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return value
        return [_as_json(v, depth + 1) for v in value]
    return value


def _liquid_inside(value) -> bool:
    if isinstance(value, str):
        return has_liquid(value)
    if isinstance(value, list):
        return any(has_liquid(v) for v in value if isinstance(v, str))
    return False


#: recommended keys a site-wide setting fills in (jekyll-seo-tag and most themes fall back to it)
_SITE_FALLBACK = {"author": "author"}


def _site_gives(config: dict, names) -> bool:
    group = names if isinstance(names, list) else [names]
    return any(n in _SITE_FALLBACK and not _is_empty(config.get(_SITE_FALLBACK[n])) for n in group)


def _span(post, path: tuple) -> tuple[int, int, bool]:
    """Where a finding about ``path`` goes: the key and its value, else the nearest enclosing
    entry, else the opening ``---`` line.  The flag says the value comes from defaults."""
    fm = post.front_matter
    if path and post.from_defaults(path[0]):
        return fm.start, fm.start + 3, True
    probe = tuple(path)
    while probe:
        entry = fm.entries.get(probe)
        if entry is not None:
            start = entry.key.start if entry.key is not None else entry.value.start
            return start, max(entry.value.end, start), False
        probe = probe[:-1]
    return fm.start, fm.start + 3, False


def _from_defaults(flag: bool) -> str:
    return " (the value comes from _config.yml defaults)" if flag else ""


class _Widths(dict):
    """Column width of each character seen (East Asian Wide and Fullwidth count two)."""

    def __missing__(self, char: str) -> int:
        width = self[char] = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        return width


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    """Columns ``text`` takes in a search result: full-width (CJK) characters count two."""
    if text.isascii():
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


def _problem_finding(ctx, problem: SchemaProblem):
    yield ctx.finding(f"front-matter schema cannot be used: {problem}", 0, 0, severity="error")


# -- FM001 ------------------------------------------------------------------------------

_WHY_REQUIRED = {
    "layout": "without it Jekyll renders the post without the site's page template (no <title>, no meta tags); "
              "set it here or in _config.yml defaults",
    "title": "search results and the browser tab show it; Jekyll would make one from the file name",
    "date": "Jekyll orders and dates posts by it",
}


@rule("FM001", "missing-required-key", severity="error", options={"schema": ""},
      summary="Front matter lacks a required key, or it is empty")
def missing_required_key(post, ctx):
    """
    ## What it does
    Reports a key the front-matter schema requires that the post does not set, or sets to
    an empty value (`title:`, `title: ""`, `tags: []`). With the built-in schema the
    required keys are `layout`, `title` and `date`.

    A key set by `defaults:` in `_config.yml` counts as set, and so does `date` when the
    file name gives it (`2025-01-10-slug.md`), as in Jekyll (or for a draft in `_drafts`,
    which Jekyll dates by the file's time). The finding sits on the key
    (or, for a missing key, on the opening `---` line).

    The same schema decides FM002 (recommended keys) and FM003 (types), and its
    `properties` are the known keys of FM004 (typos).

    `description`, `image` and `author` are recommended (FM002 notes), not required: in two
    real, healthy archives Jekyll builds (vim-jp's 349 posts, Jekyll's own 102 news posts)
    almost no post sets `description`, `image` comes from `_config.yml` defaults or not at
    all, and `author` from the site or the layout. Make them required for your blog with
    your own schema.

    ## Why is this bad?
    Without a `layout`, Jekyll writes the post as a bare fragment: no `<title>`, no meta
    description, no canonical link, no structured data. Without a `title`, search results
    and social cards show a title Jekyll made from the file name.

    ## Example
    ```yaml
    ---
    title: ""
    ---
    ```

    ## Use instead
    ```yaml
    ---
    layout: post
    title: AI導入ロードマップ：学習型マーケティングの5ステップ
    ---
    ```

    ## Options
    - `schema` (default `""`, the built-in `schemas/front-matter.schema.json`): a JSON Schema
      file, relative to the configuration file's folder, for FM001-FM004. Use `required` for
      keys every post must have, and leadlint's `recommended` keyword for keys worth a note;
      `errorMessage` replaces a failure's message (`{key}`, `{value}` and `{as_list}` are
      filled in). `date` values should use `"format": "jekyll-date"`.

    ## References
    - [Jekyll: front matter](https://jekyllrb.com/docs/front-matter/) and
      [front matter defaults](https://jekyllrb.com/docs/configuration/front-matter-defaults/)
    - [JSON Schema 2020-12](https://json-schema.org/draft/2020-12/json-schema-core)
    """
    if not post.front_matter.present:
        return  # LL005 says the post has no front matter at all
    try:
        schema = schema_for(ctx)
    except SchemaProblem as problem:
        yield from _problem_finding(ctx, problem)
        return
    checked = _checked(post, schema)
    if checked.problem is not None:
        yield from _problem_finding(ctx, checked.problem)
        return
    for error in checked.errors:
        if error.keyword != "required":
            continue
        path = error.path + (error.argument,)
        name = dotted(path)
        if error.path == () and error.argument in checked.empty or _empty_at(post.data, path):
            start, end, from_defaults = _span(post, path)
            yield ctx.finding(f"required key `{name}` is empty{_from_defaults(from_defaults)}", start, end)
            continue
        start, end, _ = _span(post, error.path)
        if error.path == ():
            start, end = post.front_matter.start, post.front_matter.start + 3
        why = _WHY_REQUIRED.get(name)
        yield ctx.finding(f"required key `{name}` is missing" + (f": {why}" if why else ""), start, end)


def _empty_at(data, path: tuple) -> bool:
    for part in path[:-1]:
        data = data.get(part) if isinstance(data, dict) else None
    return isinstance(data, dict) and path[-1] in data and _is_empty(data[path[-1]])


# -- FM002 ------------------------------------------------------------------------------


@rule("FM002", "missing-recommended-key", severity="note", options={"ignore-keys": []}, enabled=False,
      summary="Front matter lacks recommended keys")
def missing_recommended_key(post, ctx):
    """
    ## What it does
    Reports, in one note per post, the keys the schema recommends (leadlint's `recommended`
    keyword) that the post does not set (a key set to an empty value is a choice, and
    not reported; FM006 reports an empty `description`). With the built-in schema:
    `description`, `image`, `author`, `categories` (or `category`), `tags` (or `tag`) and
    `seo_keywords`. A key set by `_config.yml` defaults counts as set, and `author` also
    counts as set when `_config.yml` has a site-wide `author` (jekyll-seo-tag and most
    themes fall back to it).

    These are notes, not errors, and the rule is **off by default**: on real, healthy
    archives it fires on every post (all 349 of vim-jp's, all 102 of Jekyll's own news),
    because a blog that does not use a key does not use it anywhere, and an `image` or
    `author` often comes from the layout. One note per post that the writer cannot act on
    buries the findings that matter. Turn it on (`extend-select = ["FM002"]`) for a blog
    whose template expects these keys.

    ## Why is this bad?
    Without `description`, search engines and jekyll-seo-tag take the first lines of the
    post (or the site's description) for the snippet; without `image`, social cards and
    the article's structured data have no picture; `tags` and `seo_keywords` drive related
    posts and the KW rules.

    ## Example
    ```yaml
    ---
    layout: post
    title: AI導入ロードマップ
    ---
    ```

    ## Use instead
    ```yaml
    ---
    layout: post
    title: AI導入ロードマップ
    description: AI導入を5つのステップで進める方法を、失敗例と対策とともに解説します。
    image: /assets/images/ai-roadmap.png
    author: LeadFive
    categories: [AIマーケティング]
    tags: [AI導入, ロードマップ]
    seo_keywords: [AI導入 ロードマップ]
    ---
    ```

    ## Options
    - `ignore-keys` (default `[]`): recommended keys this blog does not use, e.g.
      `["seo_keywords", "tags"]`. To change the list itself, use your own schema
      (`[rules.FM001] schema`).

    ## References
    - [Google: control your snippets in search results](https://developers.google.com/search/docs/appearance/snippet)
    - [jekyll-seo-tag usage](https://github.com/jekyll/jekyll-seo-tag/blob/master/docs/usage.md)
    """
    if not post.front_matter.present:
        return
    try:
        schema = schema_for(ctx)
    except SchemaProblem:
        return
    checked = _checked(post, schema)
    ignored = set(ctx.options.get("ignore-keys") or ())
    groups: dict[tuple, list[str]] = {}
    for error in checked.errors:
        if not error.advice:
            continue
        if error.keyword == "recommended":
            names = error.argument if isinstance(error.argument, list) else [error.argument]
            if ignored.intersection(names) or (error.path == () and any(n in checked.empty for n in names)):
                continue  # an empty value is the writer's choice (FM006 reports an empty description)
            groups.setdefault(error.path, []).append(f"`{names[0]}`")
        else:
            start, end, flag = _span(post, error.path)
            yield ctx.finding(_advice_message(error) + _from_defaults(flag), start, end)
    for path, labels in groups.items():
        where = f"`{dotted(path)}` has" if path else "recommended"
        if path:
            start, end, _ = _span(post, path)
            message = f"{where} no {', '.join(labels)} (recommended)"
        else:
            start, end = post.front_matter.start, post.front_matter.start + 3
            noun = "key" if len(labels) == 1 else "keys"
            message = f"recommended {noun} not set: {', '.join(labels)}"
        yield ctx.finding(message, start, end)


def _advice_message(error: SchemaError) -> str:
    key = dotted(error.path)
    if error.keyword == "recommendedMaxLength":
        return f"`{key}` is {len(error.instance)} characters; at most {error.argument} are recommended"
    return f"`{key}` {quote(str(error.instance))} is better written as {error.argument}"


# -- FM003 ------------------------------------------------------------------------------

_TRUE_WORDS = {"true", "yes", "on", "y"}
_FALSE_WORDS = {"false", "no", "off", "n"}


@rule("FM003", "invalid-front-matter-value", severity="error", fix="sometimes",
      summary="Front-matter value has the wrong type or form")
def invalid_front_matter_value(post, ctx):
    """
    ## What it does
    Reports a front-matter value the schema does not allow, at its line, in words: a `date`
    Jekyll cannot read (`2025-13-45`, `next Monday`), text where a list belongs
    (`tags: AI, マーケティング`: Jekyll splits tags and categories at spaces, so the commas
    stay in the names), text where true/false belongs (`published: "false"` is text, and
    any text is true), a `reading_time` that is not a positive number.

    Dates are read as Jekyll reads them (checked against Jekyll 4.3 and Ruby's `Time.parse`):
    a YAML date or date-time with or without a zone (`2025-01-10`,
    `2025-01-10 09:00:00 +0900`, `2026-01-19T01:56:41.465Z`), or text `Time.parse`
    understands (`2025/01/10`, `Jan 10 2025`). `2025-13-45` and `{{ site.time }}` stop the
    build; `2025-02-30` builds, dated 2025-03-02. Other values holding Liquid are skipped:
    the layout fills them in.

    ## Why is this bad?
    A date Jekyll cannot read stops the build ("does not have a valid date in the YAML
    front matter"); a quoted `"false"` publishes a post meant to stay hidden; tags written as
    one comma-separated text make tag pages named `AI,`; a layout that loops over
    `seo_keywords` gets one long keyword.

    ## Example
    ```yaml
    date: 2025-13-45
    tags: AI導入, マーケティング
    published: "false"
    reading_time: 8分
    ```

    ## Use instead
    ```yaml
    date: 2025-12-15 09:00:00 +0900
    tags: [AI導入, マーケティング]
    published: false
    reading_time: 8
    ```

    ## Fix
    Text split by commas (`,` `、` `，`) where the schema takes a list becomes a YAML list
    (`tags: [AI導入, マーケティング]`), an item quoted when it would otherwise read as something
    else (`"2025"`). Not offered for a value from `_config.yml` defaults, over several lines,
    or holding Liquid.

    ## References
    - [Jekyll: front matter](https://jekyllrb.com/docs/front-matter/) (`date`, `published`,
      `categories`, `tags`)
    - [Jekyll: posts](https://jekyllrb.com/docs/posts/) (dates and categories)
    """
    try:
        schema = schema_for(ctx)
    except SchemaProblem:
        return
    for error in _checked(post, schema).errors:
        if error.keyword in ("required",) or error.advice:
            continue
        error = schema.explain(error)
        if error.keyword == "required":
            start, end, flag = _span(post, error.path)
            yield ctx.finding(f"`{dotted(error.path)}` has no `{error.argument}`{_from_defaults(flag)}", start, end)
            continue
        start, end, flag = _span(post, error.path)
        fix = None if flag else _as_list_fix(post, error)
        yield ctx.finding(value_message(error) + _from_defaults(flag), start, end, fix=fix)


_LIST_SEPARATORS = re.compile(r"[,、，]")


def _as_list_fix(post, error: SchemaError) -> Fix | None:
    """Comma-separated text where the schema takes a list (``tags: AI, マーケティング``), written
    as a YAML flow list: when the text is in the post on one line, holds no Liquid, and every
    item reads back as the same text."""
    value = error.instance
    types = error.schema.get("type") if isinstance(error.schema, dict) else None
    if not isinstance(value, str) or not _LIST_SEPARATORS.search(value) or has_liquid(value):
        return None
    if "array" not in (types if isinstance(types, list) else [types]):
        return None
    entry = post.front_matter.entries.get(tuple(error.path))
    if entry is None or "\n" in post.text[entry.value.start:entry.value.end]:
        return None
    items = [item.strip() for item in _LIST_SEPARATORS.split(value) if item.strip()]
    written = "[" + ", ".join(_yaml_item(item) for item in items) + "]"
    if not items or _yaml_value(written) != items:
        return None
    return Fix(f"write `{dotted(error.path)}` as a list: {written}",
               (Edit(entry.value.start, entry.value.end, written),))


def _yaml_item(item: str) -> str:
    """An item of a YAML flow list: as it is when it reads back as the same text, else quoted."""
    return item if _yaml_value(f"[{item}]") == [item] else json.dumps(item, ensure_ascii=False)


def _yaml_value(text: str):
    import yaml

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None


def value_message(error: SchemaError) -> str:
    """A requirement failure of a front-matter value, in a writer's words."""
    key = dotted(error.path)
    custom = custom_message(error, key)
    if custom:
        return custom
    value = error.instance
    keyword = error.keyword
    if keyword == "type":
        names = error.argument if isinstance(error.argument, list) else [error.argument]
        if "boolean" in names and isinstance(value, str) and value.strip().lower() in _TRUE_WORDS | _FALSE_WORDS:
            word = "true" if value.strip().lower() in _TRUE_WORDS else "false"
            return (f"`{key}` is the text {quote(value)}, not true or false: Jekyll and Liquid treat any text as "
                    f"true. Write {word} without quotes")
        if ("number" in names or "integer" in names) and isinstance(value, str):
            number = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", value)
            if number:
                return f"`{key}` is the text {quote(value)}; write {number.group(1)} without quotes (a number)"
            leading = re.match(r"\s*(\d+(?:\.\d+)?)", value)
            hint = f" (write {leading.group(1)})" if leading else ""
            return f"`{key}` should be {expected(error.schema)}, not {describe(value)}{hint}"
        return f"`{key}` should be {expected(error.schema)}, not {describe(value)}"
    if keyword == "format":
        if error.argument == "jekyll-date":
            problem = date_problem(value) or "is not a date"
            return (f"`{key}` {quote(str(value))} {problem}. Write YYYY-MM-DD, optionally with a time and zone "
                    f"(2025-01-10 09:00:00 +0900)")
        return f"`{key}` {quote(str(value))} is not {expected(error.schema)}"
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        relation = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most",
                    "exclusiveMaximum": "less than"}[keyword]
        return f"`{key}` must be {relation} {error.argument:g}, not {value}"
    if keyword in ("enum", "const"):
        allowed = error.argument if keyword == "enum" else [error.argument]
        return f"`{key}` must be one of {', '.join(map(str, allowed))}, not {describe(value)}"
    if keyword in ("minLength", "maxLength"):
        relation = "at least" if keyword == "minLength" else "at most"
        return f"`{key}` must be {relation} {error.argument} characters long (it has {len(value)})"
    if keyword in ("minItems", "maxItems"):
        relation = "at least" if keyword == "minItems" else "at most"
        return f"`{key}` must list {relation} {error.argument} item(s) (it has {len(value)})"
    if keyword == "pattern":
        return f"`{key}` {quote(str(value))} does not have the form the schema asks for"
    if keyword == "additionalProperties":
        return f"`{key}` has keys the schema does not allow"
    if keyword in ("anyOf", "oneOf"):
        return f"`{key}` should be {expected(error.schema)}, not {describe(value)}"
    if keyword == "uniqueItems":
        return f"`{key}` lists the same item twice"
    return f"`{key}` has a value the front-matter schema does not allow ({describe(value)})"


# -- FM004 ------------------------------------------------------------------------------


@rule("FM004", "misspelled-key", severity="warning", options={"known-keys": []},
      summary="Front-matter key looks like a typo of a known key")
def misspelled_key(post, ctx):
    """
    ## What it does
    Reports a front-matter key that is not a known key but is one or two letters away from
    one (`seo_keyword`, `descripton`, `catagories`, `Title`, `tag`), and names the key it
    probably meant. Known keys are the schema's `properties`, its required and recommended
    keys, the keys Jekyll and its common plugins and themes read, and the `known-keys` option.

    ## Why is this bad?
    Jekyll and the layout silently ignore a misspelled key: the post has no description,
    its keywords are not used, and nothing says why.

    ## Example
    ```yaml
    descripton: AI導入を5つのステップで進める方法
    ```

    ## Use instead
    ```yaml
    description: AI導入を5つのステップで進める方法
    ```

    ## Options
    - `known-keys` (default `[]`): keys of your theme that are not typos.
    """
    try:
        schema = schema_for(ctx)
    except SchemaProblem:
        return
    known = _known_keys(schema, tuple(ctx.options.get("known-keys") or ()))
    for key in post.front_matter.data:
        if not isinstance(key, str) or key in known:
            continue
        meant = _suggest(key, known)
        entry = post.front_matter.entry(key)
        if meant is None or entry is None or entry.key is None:
            continue
        also = " (which is also set)" if meant in post.front_matter.data else ""
        yield ctx.finding(f"`{key}` is not a key Jekyll or this blog's layouts read; did you mean "
                          f"`{meant}`{also}?", entry.key.start, entry.key.end)


_KNOWN: dict[tuple, frozenset] = {}


def _known_keys(schema, extra: tuple) -> frozenset:
    key = (id(schema), extra)
    known = _KNOWN.get(key)
    if known is None:
        document = schema.document
        names = set(KNOWN_KEYS) | set(extra)
        for keyword in ("properties", "required", "recommended"):
            value = document.get(keyword)
            if isinstance(value, (dict, list)):
                for item in value:
                    names.update(n for n in (item if isinstance(item, list) else [item]) if isinstance(n, str))
        known = _KNOWN[key] = frozenset(names)
    return known


@lru_cache(maxsize=4096)
def _suggest(key: str, known: frozenset) -> str | None:
    normal = key.strip().lower().replace("-", "_").replace(" ", "_")
    if normal in known:
        return normal
    for variant in (normal + "s", normal[:-1] if normal.endswith("s") else None,
                    normal[:-2] if normal.endswith("es") else None):
        if variant and variant in known:
            return variant
    if len(normal) < 4:
        return None
    limit = 1 if len(normal) < 8 else 2
    best = None
    for name in sorted(known):
        if abs(len(name) - len(normal)) > limit:
            continue
        distance = _distance(normal, name, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, name)
    return best[1] if best else None


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), stopping past ``limit``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# -- FM005 / FM006 ------------------------------------------------------------------------


def _text_value(post, key: str) -> str | None:
    value = post.data.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or has_liquid(value):
        return None
    return " ".join(value.split())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _length_findings(post, ctx, key: str, shown: str):
    text = _text_value(post, key)
    if text is None:
        value = post.data.get(key, 0)
        if key != "title" and (value is None or (isinstance(value, str) and not value.strip())):
            start, end, flag = _span(post, (key,))
            yield ctx.finding(f"{key} is empty: search engines then pick the snippet themselves"
                              f"{_from_defaults(flag)}", start, end)
        return
    width = display_width(text)
    low, high = ctx.options["min-width"], ctx.options["max-width"]
    if width > high or width < low:
        start, end, flag = _span(post, (key,))
        yield ctx.finding(_length_message(key, shown, width, len(text), low, high, flag), start, end)


@lru_cache(maxsize=1024, typed=True)
def _length_message(key: str, shown: str, width: int, length: int, low: int, high: int, flag: bool) -> str:
    """FM005/FM006's message for a value ``width`` columns wide (``length`` characters), outside
    ``low``..``high``; remembered, so the findings of an archive that repeat one share the
    string (a worker pickles it once per batch of results)."""
    size = f"{_count(width, 'column')} wide ({_count(length, 'character')})"
    if width > high:
        return (f"{key} is {size}; search results show about {high} columns ({high // 2} full-width "
                f"characters) of a {shown}, so the rest is cut{_from_defaults(flag)}")
    return (f"{key} is only {size}; a {shown} under {low} columns ({low // 2} full-width "
            f"characters) tells searchers too little{_from_defaults(flag)}")


@rule("FM005", "title-length", severity="warning", options={"min-width": 10, "max-width": 65},
      summary="Title is too long or too short for search results")
def title_length(post, ctx):
    """
    ## What it does
    Measures `title` in display width, the way a search result line fills up: a full-width
    (Japanese, Chinese, Korean) character counts two columns, other characters one. Reports
    a title wider than `max-width` or narrower than `min-width`.

    The default, 65 columns, is about 32 full-width characters or 65 Latin ones: Google cuts
    titles at about 600 pixels, which Japanese SEO guides put at 28-35 characters and English
    ones at 50-65. Column counts only estimate pixels, so the default sits at the top of that
    range: a title a column or three past 60 is usually shown whole, and reporting it would be
    noise (on the vim-jp archive, 6 of 11 titles over 60 columns were 61-63 wide).

    ## Why is this bad?
    Search results cut a long title with "…", so its end (often the point of the post) is
    not seen; a very short title says too little for a searcher to choose the post.

    ## Example
    ```yaml
    title: "2026年版：AI導入ロードマップ5ステップで実現する学習型マーケティング戦略"  # 71 columns
    ```

    ## Use instead
    ```yaml
    title: "AI導入ロードマップ5ステップ：学習型マーケティング"  # 50 columns
    ```

    ## Options
    - `max-width` (default 65): widest title, in columns (60 for a stricter check).
    - `min-width` (default 10): narrowest title, in columns.

    ## References
    - [Google: influencing title links](https://developers.google.com/search/docs/appearance/title-link)
    - [Unicode East Asian Width (UAX #11)](https://www.unicode.org/reports/tr11/)
    """
    yield from _length_findings(post, ctx, "title", "title")


@rule("FM006", "description-length", severity="warning", options={"min-width": 50, "max-width": 160},
      summary="Description is too long or too short for a search snippet")
def description_length(post, ctx):
    """
    ## What it does
    Measures `description` in display width (a full-width character counts two columns)
    and reports one wider than `max-width` or narrower than `min-width`, or set but empty.

    The default, 160 columns, is what an English snippet shows (about 155-160 characters)
    and about 80 full-width characters, the length Japanese guides give for a snippet that
    reads whole on a phone; 50 columns is the least that says something.

    ## Why is this bad?
    Search engines cut a long description mid-sentence and may replace a short one with
    text of their own choosing from the page.

    ## Example
    ```yaml
    description: "AI導入"
    ```

    ## Use instead
    ```yaml
    description: "AI導入を5つのステップで進める方法を、よくある失敗と対策、効果測定の仕組みとともに解説します。"
    ```

    ## Options
    - `max-width` (default 160): widest description, in columns.
    - `min-width` (default 50): narrowest description, in columns.

    ## References
    - [Google: control your snippets in search results](https://developers.google.com/search/docs/appearance/snippet)
    """
    yield from _length_findings(post, ctx, "description", "description")


# -- FM007 ------------------------------------------------------------------------------


_NOT_LETTERS = re.compile(r"[\W_]+")


def _normal(text: str) -> str:
    """Letters and digits only, NFKC-folded and case-folded."""
    text = _NOT_LETTERS.sub("", text)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = _NOT_LETTERS.sub("", unicodedata.normalize("NFKC", text))
    return text.casefold()


@rule("FM007", "description-repeats-title", severity="warning", options={"max-title-share": 0.5},
      summary="Description only repeats the title")
def description_repeats_title(post, ctx):
    """
    ## What it does
    Reports a `description` that is the title again (ignoring case, spaces and
    punctuation), a part of the title, or the whole title with a little added: when the
    title makes up at least `max-title-share` of the description's letters.

    ## Why is this bad?
    The search result already shows the title right above the snippet. A description that
    repeats it wastes the snippet, and search engines tend to replace it with text of their
    own choosing.

    ## Example
    ```yaml
    title: AI導入ロードマップ5ステップ
    description: AI導入ロードマップ5ステップ - LeadFiveの実践ガイド
    ```

    ## Use instead
    ```yaml
    description: データ基盤、AIの学習、効果測定の3段階で、AI導入を失敗せずに進める方法を解説します。
    ```

    ## Options
    - `max-title-share` (default 0.5): the share of the description's letters that may come
      from the title.

    ## References
    - [Google: write good meta descriptions](https://developers.google.com/search/docs/appearance/snippet#meta-descriptions)
    """
    title = _text_value(post, "title")
    description = _text_value(post, "description")
    if title is None or description is None:
        return
    t, d = _normal(title), _normal(description)
    if not t or not d:
        return
    start, end, flag = _span(post, ("description",))
    if d == t:
        message = "description repeats the title word for word"
    elif d in t:
        message = "description only repeats part of the title"
    elif t in d and len(t) / len(d) >= ctx.options["max-title-share"]:
        rest = description.replace(title, " ", 1) if title in description else ""
        rest = rest.strip(" -–—|:：・/　")
        added = f"; it adds only {quote(rest)}" if rest and title in description else ""
        message = f"description is mostly the title ({round(100 * len(t) / len(d))} % of its letters){added}"
    else:
        return
    yield ctx.finding(message + ": say what the reader will learn instead" + _from_defaults(flag), start, end)


# -- FM008 ------------------------------------------------------------------------------


def site_zone(post):
    """The site's time zone (``timezone:`` in _config.yml), or None."""
    name = (post.site.config.get("timezone") if post.site else None)
    if not isinstance(name, str) or not name:
        return None
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # unknown zone name or no tz database
        return None


@rule("FM008", "future-date", severity="note",
      summary="Post is dated in the future and will not be published yet")
def future_date(post, ctx):
    """
    ## What it does
    Notes a post whose date (front matter `date`, else the file name's) is later than the
    moment leadlint runs. Dates without a zone are read in the site's `timezone` (UTC when
    it has none). Nothing is reported when `_config.yml` sets `future: true`.

    ## Why is this bad?
    Jekyll skips posts dated in the future unless `future: true`: the post is missing from
    the site (and its `post_url` links break the build) until a build after that date. That
    may be the plan (a scheduled post), hence a note.

    ## Example
    ```yaml
    date: 2031-04-01 09:00:00 +0900
    ```

    ## Use instead
    The date the post goes live; or `future: true` in `_config.yml` to publish dated-ahead posts.

    ## References
    - [Jekyll: configuration options (`future`)](https://jekyllrb.com/docs/configuration/options/)
    """
    config = post.site.config if post.site else {}
    if config.get("future") is True or _is_draft(post):
        return
    moment = post.date
    if moment is None:
        return
    when = as_utc(moment, site_zone(post))
    now = datetime.now(timezone.utc)
    if when <= now:
        return
    entry = post.front_matter.entry("date")
    if entry is not None and parse_date(post.front_matter.data.get("date")) is not None:
        start, end = entry.key.start, entry.value.end
        source = "date"
    else:
        start, end = post.front_matter.start, post.front_matter.start + 3
        source = "the file name's date"
    shown = moment.isoformat(sep=" ") if isinstance(moment, datetime) else moment.isoformat()
    yield ctx.finding(f"{source} {shown} is in the future: Jekyll does not publish the post until a build after "
                      f"that time (future: true in _config.yml publishes it now)", start, end)


# -- FM009 ------------------------------------------------------------------------------


@rule("FM009", "image-url", severity="warning",
      summary="Front-matter image is not an https URL or a site path")
def image_url(post, ctx):
    """
    ## What it does
    Reports a front-matter `image` (or `image.path` / `image.url`) that is neither an
    absolute `https://` URL nor a path from the site's root (`/assets/images/x.png`): a
    relative path (`images/x.png`), a scheme-less `//cdn…` address, another scheme
    (`data:`, `file:`), or a URL with a space. Values holding Liquid are skipped; `http://`
    images are IMG002's (insecure-image-url).

    ## Why is this bad?
    Layouts and jekyll-seo-tag put `image` in `og:image`, `twitter:image` and the
    article's structured data. Crawlers and social networks need an absolute https address
    there; a relative path resolves against each post's own URL and points nowhere.

    ## Example
    ```yaml
    image: images/ai-roadmap.png
    ```

    ## Use instead
    ```yaml
    image: /assets/images/ai-roadmap.png
    ```

    ## References
    - [The Open Graph protocol (`og:image`)](https://ogp.me/)
    - [jekyll-seo-tag: image](https://github.com/jekyll/jekyll-seo-tag/blob/master/docs/advanced-usage.md#customizing-image-output)
    """
    value = post.data.get("image")
    path: tuple = ("image",)
    if isinstance(value, dict):
        for sub in ("path", "url"):
            if isinstance(value.get(sub), str):
                value, path = value[sub], ("image", sub)
                break
    if not isinstance(value, str) or not value.strip() or has_liquid(value):
        return
    problem = image_problem(value.strip())
    if problem is None:
        return
    start, end, flag = _span(post, path)
    yield ctx.finding(f"`{dotted(path)}` {quote(value)} {problem}{_from_defaults(flag)}", start, end)


_SPACE = re.compile(r"\s")
_HOST = re.compile(r"^https://[^/?#]+", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
_DRIVE = re.compile(r"^[a-z]:[\\/]")


def image_problem(url: str) -> str | None:
    """What is wrong with an image address for crawlers, or None."""
    if _SPACE.search(url):
        return "contains a space; write it as %20"
    lower = url.lower()
    if lower.startswith("https://"):
        return None if _HOST.match(url) else "has no host name"
    if lower.startswith("http://"):
        return None  # IMG002 (insecure-image-url) reports http:// images
    if url.startswith("//"):
        return "has no scheme: crawlers and social cards need a full https:// address"
    if url.startswith("/"):
        return None
    if _SCHEME.match(lower) and not _DRIVE.match(lower):
        return "is not a web address; use an https:// URL or a path from the site's root (/assets/…)"
    return ("is a relative path: each post's page would look for it under its own URL. Start it with / "
            "(a path from the site's root) or use a full https:// URL")
