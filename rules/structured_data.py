"""LD: structured data — the post's JSON-LD blocks, as search engines will read them.

Every ``<script type="application/ld+json">`` of the post (in the Markdown body or an HTML
post) is parsed with its positions (``leadlint.jsonld``).  Liquid in a block is what Jekyll
fills in at build time: a value Liquid makes from the front matter (``{{ page.title |
jsonify }}``) is filled in from it, anything else is an unknown value of the right kind; a
block is never called invalid JSON for its Liquid alone.  ``@graph`` arrays, lists of
nodes, ``@id`` references between nodes and several blocks per post are followed.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from leadlint.dates import parse_date
from leadlint.frontmatter import value_at
from leadlint.jsonld import UNKNOWN, JsonLdBlock, liquid_text, render_liquid, rendered_json_value
from leadlint.rule import Edit, Fix, rule

from ._schema import SchemaError, describe, dotted, expected, has_liquid, load, quote, schema_org_url

ARTICLE_SCHEMA = "article.schema.json"
ARTICLE_TYPES = ("Article", "BlogPosting", "NewsArticle")
_ARTICLE_TYPES = frozenset(ARTICLE_TYPES)
_MAX_NODES = 10_000


# -- the shared view: blocks, Liquid filled in, nodes -----------------------------------------


@dataclass
class Node:
    """A JSON-LD node worth checking: a top-level object, an item of a top-level list, or a
    member of ``@graph``.  ``value`` has its Liquid filled in and its ``@id`` references followed."""

    block: JsonLdBlock
    path: tuple
    value: dict
    types: list[str]
    #: paths (relative to the node) whose value cannot be known before the build
    unknown: set = field(default_factory=set)


@dataclass
class LiquidIssue:
    start: int
    end: int
    message: str


@dataclass
class Analysis:
    nodes: list[Node] = field(default_factory=list)
    #: top-level objects (that must carry @context), with their block and path
    roots: list[tuple[JsonLdBlock, tuple, Any]] = field(default_factory=list)
    liquid_issues: list[LiquidIssue] = field(default_factory=list)
    #: the nodes that are a BlogPosting, Article or NewsArticle
    articles: list[Node] = field(default_factory=list)


def _variables(post) -> dict:
    page = dict(post.data)
    moment = post.date
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        page["date"] = moment
    else:
        zone = _site_zone(post)
        if moment is not None and zone is not None:
            base = moment if isinstance(moment, datetime) else datetime(moment.year, moment.month, moment.day)
            page["date"] = base.replace(tzinfo=zone)
        else:
            page["date"] = UNKNOWN  # Jekyll uses the build machine's zone
    return {"page": page, "site": post.site.config if post.site else {}}


def _site_zone(post):
    from .front_matter import site_zone

    return site_zone(post)


def analyse(post) -> Analysis:
    return post.view(_analyse)


def _analyse(post) -> Analysis:
    analysis = Analysis()
    blocks = [b for b in post.json_ld if b.problem is None and b.data is not None]
    if not blocks:
        return analysis
    variables = None
    filled: list[tuple[JsonLdBlock, Any, set]] = []
    for block in blocks:
        data, unknown = block.data, set()
        if block.outputs:
            variables = variables or _variables(post)
            data, unknown = _fill_liquid(post, block, variables, analysis.liquid_issues)
        filled.append((block, data, unknown))
    ids = _LazyIds(filled)
    for block, data, unknown in filled:
        tops: list[tuple[tuple, Any]] = [((i,), item) for i, item in enumerate(data)] if isinstance(data, list) \
            else [((), data)]
        for path, top in tops:
            if not isinstance(top, dict):
                continue
            analysis.roots.append((block, path, top))
            members = [(path, top)]
            graph = top.get("@graph")
            if isinstance(graph, list):
                members = [(path, top)] if "@type" in top else []
                members += [(path + ("@graph", i), m) for i, m in enumerate(graph) if isinstance(m, dict)]
            for node_path, node in members:
                if len(analysis.nodes) >= _MAX_NODES:
                    break
                local_unknown = {p[len(node_path):] for p in unknown if p[: len(node_path)] == node_path} \
                    if unknown else set()
                value = _follow_references(node, ids, local_unknown)
                analysis.nodes.append(Node(block, node_path, value, _types(node.get("@type")), local_unknown))
                if not _ARTICLE_TYPES.isdisjoint(analysis.nodes[-1].types):
                    analysis.articles.append(analysis.nodes[-1])
    return analysis


_SCHEMA_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:)")


def _types(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = []
    for v in values:
        if isinstance(v, str) and v.strip():
            v = v.strip()
            names.append(_SCHEMA_PREFIX.sub("", v) if ":" in v else v)
    return names


def _fill_liquid(post, block: JsonLdBlock, variables: dict, issues: list) -> tuple[Any, set]:
    """The block's data with each Liquid-made value filled in where the front matter tells
    it; the paths of values that stay unknown.  Liquid that breaks the JSON is an issue."""
    data = block.data
    unknown: set = set()
    by_path: dict[tuple, list] = {}
    for output in block.outputs:
        if output.path is not None:
            by_path.setdefault(output.path, []).append(output)
    text = post.text
    for path, outputs in by_path.items():
        whole = [o for o in outputs if not o.in_string]
        if whole:
            output = whole[0]
            ok, value = rendered_json_value(render_liquid(output.expression, variables))
            if not ok:
                issues.append(LiquidIssue(output.start, output.end, (
                    f"Liquid `{_short(text[output.start:output.end])}` writes the bare text {quote(value)} where a "
                    f"JSON value belongs, so the page's JSON-LD is invalid: add `| jsonify`")))
                unknown.add(path)
            elif value is UNKNOWN:
                unknown.add(path)
            else:
                data = _set(data, path, value)
            continue
        start, end = block.value_span(path) or (None, None)
        if start is None or text[start : start + 1] != '"':
            unknown.add(path)
            continue
        pieces, last, known = [], start + 1, True
        for output in sorted(outputs, key=lambda o: o.start):
            pieces.append(text[last : output.start])
            rendered = liquid_text(render_liquid(output.expression, variables))
            if rendered is UNKNOWN:
                known = False
            else:
                bad = re.search(r'["\\\x00-\x1f]', rendered)
                if bad:
                    what = {'"': "a double quote", "\\": "a backslash"}.get(bad.group(), "a line break or tab")
                    issues.append(LiquidIssue(output.start, output.end, (
                        f"Liquid `{_short(text[output.start:output.end])}` writes {what} inside a JSON text "
                        f"({quote(rendered)}), so the page's JSON-LD breaks: write the value as "
                        f"`{{{{ {output.expression} | jsonify }}}}` without the surrounding quotes")))
                    known = False
                pieces.append(rendered.replace("\\", "\\\\").replace('"', '\\"'))
            last = output.end
        pieces.append(text[last : end - 1])
        if not known:
            unknown.add(path)
            continue
        try:
            data = _set(data, path, json.loads('"' + "".join(pieces) + '"'))
        except ValueError:
            unknown.add(path)
    return data, unknown


def _set(root: Any, path: tuple, value: Any) -> Any:
    """A copy of ``root`` with ``value`` at ``path``; only the containers on the path are copied."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(root, dict):
        copy = dict(root)
    elif isinstance(root, list):
        copy = list(root)
    else:
        return root
    try:
        copy[head] = _set(copy[head], rest, value)
    except (KeyError, IndexError, TypeError):
        return root
    return copy


def _index_ids(filled) -> dict[str, dict]:
    """Nodes by ``@id`` across every block of the post (those that say more than their id)."""
    ids: dict[str, dict] = {}
    stack = [(data, 0) for _, data, _ in filled]
    seen = 0
    while stack and seen < _MAX_NODES:
        value, depth = stack.pop()
        seen += 1
        if depth > 32:
            continue
        if isinstance(value, dict):
            ident = value.get("@id")
            if isinstance(ident, str) and len(value) > 1:
                ids.setdefault(ident, value)
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return ids


class _LazyIds:
    """The ``@id`` index, built on the first reference that needs it (most posts have none)."""

    def __init__(self, filled):
        self.filled = filled
        self.index: dict | None = None

    def get(self, ident):
        if self.index is None:
            self.index = _index_ids(self.filled)
        return self.index.get(ident)


def _is_reference(value) -> bool:
    """``{"@id": "…"}``; an ``@id`` that is not text (a list, a number) refers to nothing."""
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str)


def _follow_references(node: dict, ids: dict, unknown: set) -> dict:
    """``node`` with ``{"@id": …}`` references (in its properties, their items and one
    level below) replaced by the nodes they name; an unresolved one becomes unknown.
    Containers are copied only where something is replaced (most nodes have no reference)."""
    result = node
    for key, value in node.items():
        if isinstance(value, list):
            followed = value
            for i, item in enumerate(value):
                if _is_reference(item):
                    target = ids.get(item["@id"])
                    if target is None:
                        unknown.add((key, i))
                    else:
                        followed = list(followed) if followed is value else followed
                        followed[i] = _follow_one_level(target, ids, unknown, (key, i))
        elif not isinstance(value, dict):
            continue
        elif _is_reference(value):
            target = ids.get(value["@id"])
            if target is None:
                unknown.add((key,))
                continue
            followed = _follow_one_level(target, ids, unknown, (key,))
        else:
            followed = _follow_one_level(value, ids, unknown, (key,))
        if followed is not value:
            result = dict(node) if result is node else result
            result[key] = followed
    return result


def _follow_one_level(node: dict, ids: dict, unknown: set, path: tuple) -> dict:
    result = node
    for key, value in node.items():
        if isinstance(value, dict) and _is_reference(value):
            target = ids.get(value["@id"])
            if target is None:
                unknown.add(path + (key,))
            else:
                result = dict(node) if result is node else result
                result[key] = target
    return result


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node_anchor(node: Node) -> tuple[int, int]:
    """Where a finding about a whole node goes: its ``@type`` line, else its opening brace."""
    if node.block.value_span(node.path + ("@type",)) is not None:
        return node.block.property_span(*node.path, "@type")
    start, _ = node.block.span(*node.path)
    return start, start + 1


def _kind(node: Node) -> str:
    return next((t for t in node.types if t in ARTICLE_TYPES), node.types[0] if node.types else "node")


def _articles(post) -> list[Node]:
    return analyse(post).articles


# -- LD001 ------------------------------------------------------------------------------


@rule("LD001", "invalid-json-ld", severity="error",
      summary="JSON-LD block is not valid JSON")
def invalid_json_ld(post, ctx):
    """
    ## What it does
    Finds every `<script type="application/ld+json">` of the post (in the Markdown body or
    an HTML post; not in code blocks) and reports one that is not valid JSON, at the exact
    line and column in the post, with the reason in plain words (a trailing comma, single
    quotes, a missing comma, an unclosed text). Also reports an empty block, one nested too
    deeply to read, and Liquid that breaks the JSON when Jekyll fills it in: an output that
    writes bare text where a value belongs (`"headline": {{ page.title }}`) or a double quote
    inside a quoted text (`"headline": "{{ page.title }}"` with a title holding `"`).

    Liquid is judged as Jekyll renders it: an output counts as a value (filled in from the
    front matter when it names `page.*` or `site.*`), `{% if %}`/`{% for %}` are followed
    along their first branch, and a comma only Liquid makes redundant is not an error. A
    block whose JSON an `{% include %}` builds is not checked rather than reported.

    ## Why is this bad?
    Search engines ignore a block that does not parse: the post loses its rich result
    (headline, image, date) without any error on the page.

    ## Example
    ```html
    <script type="application/ld+json">
    {
      "@context": "https://schema.org",
      "@type": "BlogPosting",
      "headline": "AI導入ロードマップ",
    }
    </script>
    ```

    ## Use instead
    ```html
    <script type="application/ld+json">
    {
      "@context": "https://schema.org",
      "@type": "BlogPosting",
      "headline": {{ page.title | jsonify }}
    }
    </script>
    ```

    ## References
    - [RFC 8259: JSON](https://www.rfc-editor.org/rfc/rfc8259)
    - [Google: structured data general guidelines](https://developers.google.com/search/docs/appearance/structured-data/sd-policies)
    """
    for block in post.json_ld:
        problem = block.problem
        if problem is None or problem.kind == "liquid":
            continue
        start = problem.offset
        end = start + 1 if start < len(post.text) and not post.text[start].isspace() else start
        yield ctx.finding(problem.message, start, end)
    for issue in analyse(post).liquid_issues:
        yield ctx.finding(issue.message, issue.start, issue.end)


# -- LD002 / LD003 ------------------------------------------------------------------------


def _is_schema_org(context) -> bool:
    if isinstance(context, str):
        return schema_org_url(context.strip())
    if isinstance(context, list):
        return any(_is_schema_org(c) for c in context)
    if isinstance(context, dict):
        return _is_schema_org(context.get("@vocab"))
    return False


@rule("LD002", "json-ld-context", severity="error",
      summary="JSON-LD has no schema.org @context")
def json_ld_context(post, ctx):
    """
    ## What it does
    Reports a top-level JSON-LD object (the block itself, or each object of a top-level
    list) without `@context`, or whose `@context` is not schema.org (`https://schema.org`
    or `http://schema.org`, with or without a final slash, alone, in a list, or as `@vocab`).
    Objects inside `@graph` share the block's context.

    ## Why is this bad?
    Without the schema.org context, `@type: BlogPosting` names nothing search engines know,
    and the whole block is ignored.

    ## Example
    ```json
    {"@type": "BlogPosting", "headline": "AI導入ロードマップ"}
    ```

    ## Use instead
    ```json
    {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "AI導入ロードマップ"}
    ```

    ## References
    - [JSON-LD 1.1: the context](https://www.w3.org/TR/json-ld11/#the-context)
    - [schema.org: getting started](https://schema.org/docs/gs.html)
    """
    for block, path, top in analyse(post).roots:
        if "@context" not in top:
            start, _ = block.span(*path)
            anchor = block.property_span(*path, "@type") if block.value_span(path + ("@type",)) is not None \
                else (start, start + 1)
            yield ctx.finding('JSON-LD has no @context: add "@context": "https://schema.org"', *anchor)
        elif path + ("@context",) not in block.liquid and not _is_schema_org(top["@context"]):
            start, end = block.property_span(*path, "@context")
            shown = top["@context"] if isinstance(top["@context"], str) else describe(top["@context"])
            yield ctx.finding(f"@context {quote(str(shown))} is not schema.org: search engines read "
                              f"\"@context\": \"https://schema.org\"", start, end)


@rule("LD003", "json-ld-type", severity="error",
      summary="JSON-LD node has no @type")
def json_ld_type(post, ctx):
    """
    ## What it does
    Reports a JSON-LD node without `@type` (or with an empty one): the block's top-level
    object, each object of a top-level list, and each member of `@graph`. A `@graph` holder
    without `@type` of its own is fine.

    ## Why is this bad?
    The type says what the node describes (`BlogPosting`, `Organization`,
    `BreadcrumbList`); without it, search engines cannot use any of its properties.

    ## Example
    ```json
    {"@context": "https://schema.org", "headline": "AI導入ロードマップ"}
    ```

    ## Use instead
    ```json
    {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "AI導入ロードマップ"}
    ```

    ## References
    - [JSON-LD 1.1: specifying the type](https://www.w3.org/TR/json-ld11/#specifying-the-type)
    """
    for node in analyse(post).nodes:
        if node.types or ("@type",) in node.unknown:
            continue
        start, _ = node.block.span(*node.path)
        what = "@graph member" if "@graph" in node.path else "JSON-LD object"
        yield ctx.finding(f"{what} has no @type: say what it describes (\"@type\": \"BlogPosting\")",
                          start, start + 1)


# -- LD004 / LD005 / LD006: the article schema -----------------------------------------------


def _schema_errors(node: Node) -> list[SchemaError]:
    schema = load(None, ARTICLE_SCHEMA)
    try:
        errors = schema.errors(node.value)
    except RecursionError:
        return []
    kept = []
    for error in errors:
        if error.keyword in ("anyOf", "oneOf"):
            error = schema.explain(error)
        if node.unknown and _touches_unknown(error.path, node.unknown):
            continue
        kept.append(error)
    return kept


def _touches_unknown(path: tuple, unknown: set) -> bool:
    """Whether the value at ``path`` is, holds, or lies inside a value unknown before the build."""
    return any(path[: len(u)] == u or u[: len(path)] == path for u in unknown)


def _article_errors(post) -> list[tuple[Node, SchemaError]]:
    return post.view(_compute_article_errors)


def _compute_article_errors(post) -> list[tuple[Node, SchemaError]]:
    return [(node, error) for node in _articles(post) for error in _schema_errors(node)]


def _place(node: Node, error: SchemaError) -> tuple[int, int]:
    if error.keyword in ("required", "recommended"):
        if not error.path:
            return _node_anchor(node)
        return node.block.property_span(*node.path, *error.path)
    return node.block.property_span(*node.path, *error.path)


_WHY_REQUIRED = {
    "headline": "search engines then pick a title for the article themselves",
    "image": "the article's search result and Discover card have no picture (Google wants at least one "
             "image, ideally 1200 pixels wide)",
    "datePublished": "search results cannot show when it was published",
    "author": "search engines cannot tell who wrote it (no byline)",
    "name": "search engines cannot show who it is",
    "@type": "say Person or Organization",
}

_WHY_RECOMMENDED = {
    "dateModified": "search results show the later date when a post is updated",
    "description": "a summary search engines can use",
    "publisher": "names the site behind the article",
    "logo": "search engines show the publisher's logo with the article",
    "url": "a page about the author helps search engines tell who wrote it",
}


def _label(node: Node, path: tuple) -> str:
    if not path:
        return _kind(node)
    value: Any = node.value
    for part in path:
        value = value[part] if isinstance(value, (dict, list)) else None
    name = value.get("name") if isinstance(value, dict) else None
    return f"{dotted(path)} {quote(name)}" if isinstance(name, str) and name else dotted(path)


@rule("LD004", "article-missing-property", severity="warning",
      summary="Article structured data lacks a property search results use")
def article_missing_property(post, ctx):
    """
    ## What it does
    For each `BlogPosting`, `Article` or `NewsArticle` node of the post's JSON-LD (a
    top-level object, a list item or a `@graph` member; `@id` references followed),
    reports a property leadlint's article schema (`schemas/article.schema.json`) requires:

    | property | why leadlint requires it |
    | --- | --- |
    | `headline` | the title of the article's search result |
    | `image` (URL, `ImageObject` with `url`, or a list) | its picture |
    | `datePublished` | its date |
    | `author` (`Person` or `Organization` with `@type` and `name`) | its byline |

    Google lists no property as strictly required for articles and recommends these; they
    are what the article's result shows, so without them the markup adds little. Properties
    worth having besides are notes (LD006); values of the wrong shape are LD005.

    ## Why is this bad?
    Search engines fill the gaps with their own guesses (a title from the page, a random
    picture, no date) or show a plain result.

    ## Example
    ```json
    {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "AI導入ロードマップ"}
    ```

    ## Use instead
    ```json
    {
      "@context": "https://schema.org",
      "@type": "BlogPosting",
      "headline": "AI導入ロードマップ",
      "image": "https://example.com/assets/ai-roadmap.png",
      "datePublished": "2026-01-19T10:56:41+09:00",
      "author": {"@type": "Organization", "name": "LeadFive", "url": "https://leadfive.co.jp"}
    }
    ```

    ## References
    - [Google: Article structured data](https://developers.google.com/search/docs/appearance/structured-data/article)
    - [schema.org/BlogPosting](https://schema.org/BlogPosting)
    """
    for node, error in _article_errors(post):
        if error.keyword != "required":
            continue
        start, end = _place(node, error)
        name = error.argument
        owner = _label(node, error.path)
        why = _WHY_REQUIRED.get(name)
        yield ctx.finding(f"{owner} has no {name}" + (f": {why}" if why else ""), start, end)


@rule("LD005", "article-invalid-property", severity="error",
      summary="Article structured data has a property of the wrong shape")
def article_invalid_property(post, ctx):
    """
    ## What it does
    For each `BlogPosting`, `Article` or `NewsArticle` node, reports a property whose value
    does not have the shape search engines read (leadlint's article schema):

    - `headline`, `description`: text;
    - `image`: an absolute URL, an `ImageObject` with `url` (or `contentUrl`), or a list of them;
    - `datePublished`, `dateModified`: ISO 8601 (`2026-01-19T10:56:41+09:00`);
    - `author`: a `Person` or `Organization` object with a `name` (text alone is not enough),
      or a list of them;
    - `publisher`: an `Organization` with a `name`; its `logo` a URL or `ImageObject`.

    Values Liquid makes are filled in from the front matter first, so
    `"datePublished": "{{ page.date }}"` (which Jekyll writes as `2026-01-19 10:56:41 +0900`,
    not ISO 8601) is reported, and `{{ page.date | date_to_xmlschema }}` is not.

    ## Why is this bad?
    Search engines drop a property they cannot read (or the whole item, in the Rich Results
    Test): a date that is not ISO 8601 is no date, an author given as text gets no byline.

    ## Example
    ```json
    "datePublished": "2026/01/19",
    "author": "LeadFive"
    ```

    ## Use instead
    ```json
    "datePublished": "2026-01-19T10:56:41+09:00",
    "author": {"@type": "Organization", "name": "LeadFive"}
    ```

    ## References
    - [Google: Article structured data](https://developers.google.com/search/docs/appearance/structured-data/article)
    - [ISO 8601 in schema.org: Date, DateTime](https://schema.org/DateTime)
    """
    for node, error in _article_errors(post):
        if error.keyword == "required" or error.advice:
            continue
        start, end = _place(node, error)
        full = node.path + error.path
        liquid = node.block.liquid.get(full)
        message = _invalid_message(error)
        if liquid:
            message += f" (Liquid `{_short(liquid)}` writes it)"
            if "date" in dotted(error.path).lower() and "date_to_xmlschema" not in liquid:
                message += "; use `| date_to_xmlschema`"
        yield ctx.finding(message, start, end)


def _invalid_message(error: SchemaError) -> str:
    key = dotted(error.path)
    value = error.instance
    if error.keyword == "format":
        if error.argument == "iso8601":
            return f"{key} {quote(str(value))} is not an ISO 8601 date (write 2026-01-19T10:56:41+09:00)"
        return f"{key} {quote(str(value))} is not {expected(error.schema)}"
    if error.keyword in ("enum", "const"):
        allowed = error.argument if error.keyword == "enum" else [error.argument]
        return f"{key} {describe(value)} is not {' or '.join(map(str, allowed[:2]))}"
    if error.keyword == "minLength":
        return f"{key} is empty"
    if error.keyword == "minItems":
        return f"{key} is an empty list"
    return f"{key} should be {expected(error.schema)}, not {describe(value)}"


@rule("LD006", "article-recommended-property", severity="note",
      summary="Article structured data could say more")
def article_recommended_property(post, ctx):
    """
    ## What it does
    For each `BlogPosting`, `Article` or `NewsArticle` node, notes what Google recommends
    and leadlint's article schema marks with its `recommended…` keywords:

    - `dateModified` (search results show the later date when a post is updated),
      `description`, and `publisher` (an `Organization` with `name` and `logo`);
    - `url` of each `author` (a profile page helps search engines tell who wrote it);
    - a `headline` of at most 110 characters (longer ones are cut);
    - `datePublished` and `dateModified` with a time zone (`Z` or `+09:00`): without one,
      Google assumes its own, and the date shown may be a day off.

    ## Why is this bad?
    Nothing breaks, hence notes; but each of these makes the article's search result more
    complete and more accurate.

    ## Example
    ```json
    "datePublished": "2026-01-19T10:56:41",
    "author": {"@type": "Organization", "name": "LeadFive"}
    ```

    ## Use instead
    ```json
    "datePublished": "2026-01-19T10:56:41+09:00",
    "dateModified": "2026-02-01T09:00:00+09:00",
    "author": {"@type": "Organization", "name": "LeadFive", "url": "https://leadfive.co.jp/"}
    ```

    ## References
    - [Google: Article structured data](https://developers.google.com/search/docs/appearance/structured-data/article)
    - [Google: author markup best practices](https://developers.google.com/search/docs/appearance/structured-data/article#author-bp)
    """
    for node, error in _article_errors(post):
        if not error.advice:
            continue
        start, end = _place(node, error)
        if error.keyword == "recommended":
            name = error.argument if isinstance(error.argument, str) else " or ".join(error.argument)
            yield ctx.finding(_recommended_message(_label(node, error.path), name), start, end)
        elif error.keyword == "recommendedMaxLength":
            yield ctx.finding(f"{dotted(error.path)} is {len(error.instance)} characters; search engines may cut "
                              f"one longer than {error.argument}", start, end)
        elif error.keyword == "recommendedFormat":
            yield ctx.finding(f"{dotted(error.path)} {quote(str(error.instance))} has no time zone: search engines "
                              f"then assume their own, and the date shown may be off by a day (add Z or +09:00)",
                              start, end)


@lru_cache(maxsize=1024)
def _recommended_message(label: str, name: str) -> str:
    """LD006's message for a missing property; remembered, so the findings of an archive that
    repeat one share the string (a worker pickles it once per batch of results)."""
    why = _WHY_RECOMMENDED.get(name)
    return f"{label} has no {name} (recommended" + (f": {why})" if why else ")")


# -- LD007 ------------------------------------------------------------------------------


def _same_text(a: str, b: str) -> bool:
    if a == b:
        return True
    norm = lambda s: " ".join(unicodedata.normalize("NFKC", html.unescape(s)).casefold().split())  # noqa: E731
    return norm(a) == norm(b)


def _front_text(post, key: str) -> str | None:
    value = post.data.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) and value.strip() and not has_liquid(value) else None


def _image_urls(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    urls = []
    for item in items:
        if isinstance(item, str):
            urls.append(item)
        elif isinstance(item, dict):
            urls.extend(v for v in (item.get("url"), item.get("contentUrl")) if isinstance(v, str))
    return urls


def _same_image(front: str, ld: str, site: dict) -> bool:
    """Whether the front-matter image (a URL, or a site path the layout makes absolute with
    ``url`` and ``baseurl``) is the JSON-LD image ``ld``."""
    front, ld = front.strip(), ld.strip()
    if front == ld:
        return True
    if not front.startswith("/") or front.startswith("//"):
        return False
    parts = urlsplit(ld)
    ld_path = parts.path + ("?" + parts.query if parts.query else "")
    baseurl = str(site.get("baseurl") or "").rstrip("/")
    if ld_path not in (front, baseurl + front):
        return False
    url = site.get("url")
    return not (isinstance(url, str) and url and parts.netloc) or urlsplit(url).netloc == parts.netloc


_SECOND = timedelta(seconds=1)


def _same_moment(front: date | datetime, ld: date | datetime) -> bool:
    if isinstance(front, datetime) and isinstance(ld, datetime) and front.tzinfo and ld.tzinfo:
        return abs(front - ld) < _SECOND
    day = lambda d: d.date() if isinstance(d, datetime) else d  # noqa: E731
    return day(front) == day(ld)


#: the form JSON-LD dates nearly always take, which ``datetime.fromisoformat`` reads as
#: ``parse_date`` does (and six times faster)
_ISO_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)?\Z",
                            re.ASCII)


def _ld_date(text: str) -> date | datetime | None:
    """``parse_date(text)``, quicker for ``2026-01-19T10:56:41+09:00`` and ``…41.756Z``."""
    if _ISO_DATE_TIME.match(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:  # no such day or time: parse_date says what it says
            pass
    return parse_date(text)


def _show_date(moment) -> str:
    return moment.isoformat(sep=" ") if isinstance(moment, datetime) else moment.isoformat()


@rule("LD007", "json-ld-front-matter-mismatch", severity="warning", fix="sometimes",
      summary="Article structured data disagrees with the front matter")
def json_ld_front_matter_mismatch(post, ctx):
    """
    ## What it does
    Compares each top-level (or `@graph`) `BlogPosting`, `Article` or `NewsArticle` node with
    the post's front matter and reports each disagreement at the JSON property, naming both
    values:

    - `headline` and `title`, and `description` and `description` (ignoring case, spacing,
      full-width/half-width forms and HTML entities);
    - `datePublished` and `date` (the file name's date when the front matter has none):
      the same instant when both have a time zone, else the same calendar date;
    - `image` and `image`: the front-matter image (a site path is resolved with `url` and
      `baseurl` of `_config.yml`) must be the JSON-LD image or one of its images.

    Values Liquid fills in from the front matter agree by construction and are not compared.

    ## Why is this bad?
    Search engines compare structured data with the visible page; when they disagree, they
    trust neither, and a post edited in one place only shows its old title, date or picture
    in results.

    ## Example
    ```yaml
    title: AI導入ロードマップ【2026年版】
    ```
    ```json
    "headline": "AI導入ロードマップ【2025年版】"
    ```

    ## Use instead
    ```json
    "headline": {{ page.title | jsonify }}
    ```

    ## Fix
    A `headline`, `description`, `datePublished` or `image` written as a JSON string takes the
    front matter's value: the date in ISO 8601, a site-path image made absolute with `url` and
    `baseurl`. Not offered for a time without a zone (its zone is the site's), a site path when
    `_config.yml` has no `url`, several images, or a value reached through an `@id` reference.

    ## References
    - [Google: structured data general guidelines (relevance, accuracy)](https://developers.google.com/search/docs/appearance/structured-data/sd-policies)
    """
    site = post.site.config if post.site else {}
    for node in _articles(post):
        for ld_key, fm_key in (("headline", "title"), ("description", "description")):
            ld = _literal(node, ld_key)
            front = _front_text(post, fm_key) if isinstance(ld, str) else None
            if front is not None and not _same_text(ld, front):
                yield ctx.finding(f"{ld_key} {quote(ld)} is not the front matter {fm_key} {quote(front)}",
                                  *node.block.property_span(*node.path, ld_key),
                                  fix=_fix(node, (ld_key,), ld, front, ld_key))
        ld = _literal(node, "datePublished")
        ld_date = _ld_date(ld) if isinstance(ld, str) else None
        front_date = post.date
        if ld_date is not None and front_date is not None and not _same_moment(front_date, ld_date):
            source = "date" if "date" in post.data and parse_date(post.data.get("date")) else "file name's date"
            yield ctx.finding(f"datePublished {quote(ld)} is not the front matter {source} "
                              f"{_show_date(front_date)}", *node.block.property_span(*node.path, "datePublished"),
                              fix=_fix(node, ("datePublished",), ld, _iso_date(front_date), "datePublished"))
        ld = _literal(node, "image")
        front_image = post.data.get("image")
        if isinstance(front_image, dict):
            front_image = front_image.get("path") or front_image.get("url")
        if ld is not None and isinstance(front_image, str) and front_image.strip() and not has_liquid(front_image):
            urls = _image_urls(ld)
            if urls and not any(_same_image(front_image, u, site) for u in urls):
                new = _absolute_image(front_image, site)
                where = ("image",) if isinstance(ld, str) else ("image", "url") if isinstance(ld, dict) and \
                    isinstance(ld.get("url"), str) else None
                yield ctx.finding(f"image {quote(urls[0])} is not the front matter image {quote(front_image)}",
                                  *node.block.property_span(*node.path, "image"),
                                  fix=_fix(node, where, urls[0], new, "image") if where and len(urls) == 1
                                  and new and _same_image(front_image, new, site) else None)


def _literal(node: Node, key: str):
    """The node's own value of ``key``; None when absent or made by Liquid."""
    value, block = node.value, node.block
    if key not in value or (node.unknown and _touches_unknown((key,), node.unknown)):
        return None
    if block.liquid:
        prefix = node.path + (key,)
        if any(p[: len(prefix)] == prefix for p in block.liquid):
            return None
    return value[key]


def _fix(node: Node, path: tuple, ld_value: str, new: str | None, what: str) -> Fix | None:
    """Write ``new`` over the JSON text at ``path`` (of the node) when that text is the
    value compared: a string literal in the post, not an ``@id`` reference followed."""
    block = node.block
    path = node.path + path
    if new is None or value_at(block.data, path) != ld_value or block.value_span(path) is None:
        return None
    start, end = block.span(*path)
    return Fix(f"set {what} to the front matter's", (Edit(start, end, _json_text(new)),))


def _json_text(value: str) -> str:
    """``value`` as a JSON string that is safe inside ``<script>``."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def _iso_date(moment) -> str | None:
    """The front matter's date as JSON-LD writes it: a date, or a date-time with its zone (a
    time without a zone is left alone: which zone Jekyll gives it is the site's business)."""
    if isinstance(moment, datetime):
        return moment.isoformat() if moment.tzinfo is not None else None
    return moment.isoformat() if isinstance(moment, date) else None


def _absolute_image(front: str, site: dict) -> str | None:
    """The front-matter image as an absolute URL: itself, or a site path made absolute with
    ``url`` and ``baseurl``; None when that needs a ``url`` the site does not give."""
    front = front.strip()
    if re.match(r"https?://", front, re.IGNORECASE):
        return front
    url = site.get("url")
    if not front.startswith("/") or front.startswith("//") or not isinstance(url, str) or \
            not re.match(r"https?://[^/]", url.strip(), re.IGNORECASE):
        return None
    baseurl = str(site.get("baseurl") or "").strip().rstrip("/")
    if baseurl and not baseurl.startswith("/"):
        baseurl = "/" + baseurl
    return url.strip().rstrip("/") + baseurl + front
