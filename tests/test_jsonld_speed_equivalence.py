"""The fast paths of JSON-LD checking give what the general paths give.

- positions looked up on demand (``Positions.value``/``key``: one container listed at a
  time, or read off a template made from earlier blocks of the same shape) equal those of
  the full scan (``_locate``), on generated JSON texts with nested objects and lists,
  escapes, non-ASCII text, duplicate keys, odd white space and Liquid inside strings;
- a schema's generated validity functions say "valid" exactly when its compiled checks
  find no error, for every subschema, and its generated advice walk gives what a plain
  walk over ``Schema._plan`` gives, in the same order (article, front-matter and made-up
  schemas, generated values);
- LD007 reads a JSON-LD date (``_ld_date``) as ``parse_date`` does.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadlint.html import ScriptBlock
from leadlint.jsonld import JSON_LD_TYPE, Positions, _locate, parse_json_ld
from leadlint.rules._schema import Schema, SchemaError, _is_type, _type_names, load


class Obj(list):
    """An object as (key, value) pairs: keys may repeat."""


_KEYS = st.sampled_from(["@type", "name", "image", "a", "", "é", "名前", '"q"', "a\\b", "0", "x y", "\u2028"]) \
    | st.text(max_size=3)
_STRINGS = st.text(max_size=12) | st.sampled_from(["{{ page.title }}", "a {{ page.url }} b", "\\", '"', "</script"])
_SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) \
    | st.floats(allow_nan=False, allow_infinity=False) | _STRINGS
_TREES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.lists(st.tuples(_KEYS, inner), max_size=4).map(Obj), max_leaves=20)
_SPACE = st.sampled_from(["", "", " ", "\n  ", "\t", "\r\n", "  \n"])


def _render(value, draw, space=None) -> str:
    """JSON text for ``value``, with drawn white space (or ``space()``'s) and escapes."""
    space = space or (lambda: draw(_SPACE))
    if isinstance(value, Obj):
        members = [f"{space()}{_string(key, draw)}{space()}:{space()}{_render(item, draw, space)}{space()}"
                   for key, item in value]
        return "{" + ",".join(members) + space() + "}"
    if isinstance(value, list):
        return "[" + ",".join(space() + _render(item, draw, space) + space() for item in value) + space() + "]"
    if isinstance(value, str):
        return _string(value, draw)
    return json.dumps(value)


def _string(text: str, draw) -> str:
    return json.dumps(text, ensure_ascii=draw(st.booleans()) and not text.isascii())


def _values_replaced(value, draw):
    """``value`` with other texts in its strings (keys kept)."""
    if isinstance(value, Obj):
        return Obj((key, _values_replaced(item, draw)) for key, item in value)
    if isinstance(value, list):
        return [_values_replaced(item, draw) for item in value]
    return draw(_PLAIN_STRINGS | _STRINGS) if isinstance(value, str) else value


#: texts JSON writes without escapes (with ensure_ascii=False)
_PLAIN_STRINGS = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters='"\\'), max_size=12)


def _paths(text: str) -> list[tuple]:
    """Every path of the text, and some that are not in it."""
    spans: dict = {}
    _locate(text, 0, spans, {})
    extra = [p + (k,) for p in list(spans)[:6] for k in ("a", 0, "@type", "zz")] + [("a", "b", "c"), (3,)]
    return list(spans) + extra


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_positions_looked_up_on_demand_equal_the_full_scan(data):
    tree = data.draw(_TREES)
    text = data.draw(_SPACE) + _render(tree, data.draw) + data.draw(_SPACE)
    json.loads(text)  # valid JSON, as Positions requires
    base = data.draw(st.integers(0, 50))
    full = Positions(text, base).all()
    paths = _paths(text)
    order = data.draw(st.permutations(paths)) if len(paths) < 40 else paths
    lazy = Positions(text, base)
    for path in order:
        assert lazy.value(path) == full[0].get(path), path
        assert lazy.key(path) == full[1].get(path), path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_block_positions_with_liquid_equal_the_full_scan(data):
    """Through parse_json_ld: Liquid masked, outputs placed, spans and property spans."""
    tree = data.draw(_TREES.filter(lambda t: isinstance(t, (Obj, list))))
    text = "\n" + _render(tree, data.draw) + "\n"
    text = text.replace('"{{ page.title }}"', "{{ page.title | jsonify }}", 1)
    prefix = "x" * data.draw(st.integers(0, 9))
    [block] = parse_json_ld([ScriptBlock(JSON_LD_TYPE, text, len(prefix), len(prefix) + len(text))])
    if block.problem is not None:
        return
    spans, keys = Positions(block.positions.text, block.positions.base).all()
    for path in _paths(block.positions.text):
        assert block.value_span(path) == spans.get(path)
        assert block.key_span(path) == keys.get(path)
        expected_value = spans.get(path, (block.start, block.start))
        assert block.span(*path) == expected_value
        nearest = path
        while nearest and nearest not in spans:
            nearest = nearest[:-1]
        if nearest in spans:
            key = keys.get(nearest)
            assert block.property_span(*path) == ((key[0], spans[nearest][1]) if key else spans[nearest])
        else:
            assert block.property_span(*path) == (block.start, block.start)
    assert block.spans == spans and block.keys == keys


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_positions_of_blocks_of_one_template_equal_the_full_scan(data):
    """Blocks with the same text outside their strings and the same keys (a layout filled in
    per post): from the second on, positions are read off a template."""
    tree = data.draw(_TREES.filter(lambda t: isinstance(t, (Obj, list))))
    spaces = data.draw(st.lists(_SPACE, min_size=1, max_size=30))
    for _ in range(4):
        cycle = iter(spaces * 1000)
        text = _render(_values_replaced(tree, data.draw), data.draw, lambda: next(cycle))
        base = data.draw(st.integers(0, 50))
        spans, keys = {}, {}
        _locate(text, base, spans, keys)
        lazy = Positions(text, base)
        for path in _paths(text):
            assert lazy.value(path) == spans.get(path), path
            assert lazy.key(path) == keys.get(path), path
        assert lazy.all() == (spans, keys) and list(lazy.all()[0]) == list(spans)


def test_the_second_block_of_a_layout_reads_its_positions_off_a_template():
    """A layout filled in per post: the values differ, the keys and the text between strings
    do not; the second block of that shape makes a template, the third matches it."""
    from leadlint import jsonld

    layout = '{\n  "@type": "%s",\n  "headline": "%s",\n  "publisher": {"name": "%s"}\n}'
    texts = [layout % values for values in (("BlogPosting", "一つ目", "A"), ("Article", "two", ""),
                                              ("BlogPosting", "三", "LeadFive"))]
    jsonld._SHAPES.clear()
    jsonld._TEMPLATES.clear()
    assert jsonld._template_for(texts[0]) is None  # the shape is remembered
    assert jsonld._template_for(texts[1]) is not None  # the same shape again: a template is made
    template, _ = jsonld._template_for(texts[2])
    assert jsonld._TEMPLATES == [template]
    for text in texts:
        spans, keys = {}, {}
        _locate(text, 7, spans, keys)
        lazy = Positions(text, 7)
        assert lazy.all() == (spans, keys)
    assert jsonld._template_for(layout.replace("headline", "name") % ("a", "b", "c")) is None  # other keys


def test_repeated_keys_keep_the_full_scan_answers():
    text = '{"a": {"b": 1, "c": [1, 2]}, "a": {"c": 3}, "d": 4}'
    lazy = Positions(text, 10)
    spans, keys = Positions(text, 10).all()
    assert lazy.value(("a", "b")) == spans[("a", "b")]  # the earlier value's position stays recorded
    assert lazy.value(("a", "c")) == spans[("a", "c")] == (10 + text.rindex("3"), 10 + text.rindex("3") + 1)
    assert lazy.key(("d",)) == keys[("d",)]


# -- the schema's generated functions ----------------------------------------------------------

_TEXTS = st.sampled_from(["", "x", "AI導入, マーケティング", "2025-06-02", "2025-13-45", "2025-06-02T09:30:00",
                          "2025-06-02T09:30:00+09:00", "2025-06-02T24:00:00Z", "2025-06-02\n", "0000-02-30",
                          "https://example.com/a.png", "/a.png", "Person", "Organization", "ImageObject", "true", "8",
                          "a" * 120, "{{ page.title }}"]) | st.text(max_size=8)
_VALUE_SCALARS = st.none() | st.booleans() | st.integers(-3, 10) | st.floats(-2, 10, allow_nan=False) | _TEXTS
_LD_KEYS = ["@type", "headline", "image", "datePublished", "dateModified", "author", "publisher", "name", "url",
            "logo", "contentUrl", "description"]
_FM_KEYS = ["layout", "title", "date", "tags", "seo_keywords", "published", "reading_time", "author", "image",
            "category", "description", "x", "name", "path", "last_modified_at"]
_MADE_UP = {
    "type": ["object", "array"], "required": ["a"], "additionalProperties": {"type": "integer"},
    "recommended": [["a", "b"], "c"], "items": {"$ref": "#/$defs/node"},
    "patternProperties": {"^x": {"type": "integer", "maximum": 5, "exclusiveMaximum": 4, "recommendedMaxLength": 2}},
    "properties": {
        "a": {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "string", "minLength": 2}],
              "recommendedMaxLength": 2},
        "b": {"not": {"const": 1}, "enum": [1, 2, True, "x", [1], {"k": 1}]},
        "c": {"type": "array", "uniqueItems": True, "minItems": 1, "maxItems": 2, "items": {"minimum": 0}},
        "d": {"allOf": [{"type": ["number", "null"]}, {"exclusiveMinimum": 0}, {"$ref": "#/$defs/node"}]},
        "name": {"pattern": "^[a-z]+$", "const": "ab", "recommendedFormat": "iso8601-zoned"},
        "k": {"anyOf": [{"type": "integer"}, {"type": "object", "recommended": ["k"]}, {"enum": ["a", "b"]}]},
    },
    "$defs": {"node": {"type": ["object", "string", "boolean", "integer"], "recommended": ["name"],
                       "properties": {"name": {"type": "string", "recommendedMaxLength": 1}}}},
}
_CYCLIC = {"$ref": "#/$defs/node", "$defs": {"node": {
    "type": "object", "recommended": ["a"], "properties": {"a": {"$ref": "#/$defs/node"}, "k": {"type": "integer"}}}}}


def _values(keys):
    return st.recursive(_VALUE_SCALARS, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.sampled_from(keys), inner, max_size=4), max_leaves=10)


def _subschemas(document):
    """Every subschema object of a document (dicts and booleans in schema places)."""
    found, stack = [], [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found.append(node)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return found


def _plain_advice(schema: Schema, instance) -> list[SchemaError]:
    """The advice walk as leadlint wrote it before generating it: over ``_plan``, branches
    taken when the compiled checks hold."""
    out: list[SchemaError] = []

    def walk(sub, value, path, depth):
        if depth > 64 or not isinstance(sub, dict) or not schema._gives_advice(sub):
            return
        follow, branches, wanted, properties, items, limit, fmt = schema._plan(sub)
        for target in follow:
            walk(target, value, path, depth + 1)
        for branch in branches:
            names = _type_names(schema, branch)
            if (names is None or any(_is_type(value, n) for n in names)) and schema.is_valid(value, branch):
                walk(branch, value, path, depth + 1)
        if isinstance(value, dict):
            for group in wanted:
                if not any(n in value for n in group):
                    out.append(SchemaError(path, "recommended", group if len(group) > 1 else group[0], value, sub))
            by_name = dict(properties)
            for name, item in value.items():
                if name in by_name:
                    walk(by_name[name], item, path + (name,), depth + 1)
        elif isinstance(value, list):
            if items is not None:
                for index, item in enumerate(value):
                    walk(items, item, path + (index,), depth + 1)
        elif isinstance(value, str):
            if limit is not None and len(value) > limit:
                out.append(SchemaError(path, "recommendedMaxLength", limit, value, sub))
            if fmt is not None and not FORMATS[fmt](value):
                out.append(SchemaError(path, "recommendedFormat", fmt, value, sub))

    walk(schema.document, instance, (), 0)
    out.sort(key=lambda e: (len(e.path), [str(p) for p in e.path]))
    return out


def _outcome(function, *args):
    try:
        return "returns", function(*args)
    except Exception as error:  # noqa: BLE001 - both paths must fail alike too
        return "raises", f"{type(error).__name__}: {error}"


def _agree(schema: Schema, instance) -> None:
    assert schema.native
    for sub in _subschemas(schema.document):
        fast = schema._fast_valid(sub)
        if fast is None:
            assert schema._generated().cyclic
            continue
        kind, valid = _outcome(fast, instance)
        if kind == "returns":
            assert valid == (not schema.subschema_errors(instance, sub)), sub
    general: list = []
    assert _outcome(schema.requirement_errors, instance) == _outcome(
        lambda: schema._root_check(instance, (), general) or general)
    assert _outcome(schema.advice, instance) == _outcome(_plain_advice, schema, instance)


from leadlint.rules._schema import FORMATS  # noqa: E402


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_LD_KEYS), _values(_LD_KEYS), max_size=8))
def test_generated_article_checks_agree_with_the_compiled_ones(instance):
    _agree(load(None, "article.schema.json"), instance)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_FM_KEYS), _values(_FM_KEYS), max_size=8))
def test_generated_front_matter_checks_agree_with_the_compiled_ones(instance):
    _agree(load(None, "front-matter.schema.json"), instance)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d", "x1", "name", "k", "y"]), _values(["k", "a", "name"]),
                       max_size=6) | st.lists(_values(["name", "a"]), max_size=3))
def test_generated_checks_agree_on_every_keyword(instance):
    _agree(Schema(_MADE_UP), instance)


@settings(max_examples=100, deadline=None)
@given(_values(["a", "k"]))
def test_a_cyclic_schema_is_checked_without_generated_validity(instance):
    schema = Schema(_CYCLIC)
    _agree(schema, instance)
    assert schema._fast_valid(_CYCLIC) is None and schema._generated().cyclic


# -- LD007's reading of JSON-LD dates ---------------------------------------------------------

_DIGITS = st.integers(0, 99).map(lambda n: f"{n:02d}")
_ISO_LIKE = st.builds(
    lambda y, mo, d, sep, h, mi, sec, frac, zone, pad: f"{pad}{y:04d}-{mo}-{d}{sep}{h}:{mi}{sec}{frac}{zone}{pad}",
    st.integers(0, 9999), _DIGITS, _DIGITS, st.sampled_from(["T", "t", " "]), _DIGITS, _DIGITS,
    st.sampled_from(["", ":00", ":59", ":60"]) | _DIGITS.map(lambda n: ":" + n),
    st.sampled_from(["", ".7", ".756", ".756123", ".7561234", ",756"]),
    st.sampled_from(["", "Z", "z", "+09:00", "-05:30", "+0900", "+09", "+9", "+24:00", "-00:00", " Z"]),
    st.sampled_from(["", "", " ", "\n"]))


@settings(max_examples=500, deadline=None)
@given(_ISO_LIKE | st.text(max_size=30))
def test_json_ld_dates_are_read_as_parse_date_reads_them(text):
    from leadlint.dates import parse_date
    from leadlint.rules.structured_data import _ld_date

    expected = _outcome(parse_date, text)
    found = _outcome(_ld_date, text)
    assert found == expected
    if expected[0] == "returns" and expected[1] is not None:
        assert type(found[1]) is type(expected[1])
        assert getattr(found[1], "tzinfo", None) == getattr(expected[1], "tzinfo", None)
