"""IMG: image URLs.  Each rule: what it must find (code and exact line), what it must leave alone,
and for IMG001 the fix (applied here by hand: `--fix` is not written yet)."""

from __future__ import annotations

from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import SAMPLE, codes, lint_post, lint_site, write_site
from leadlint.post import Post
from leadlint.rules.image_urls import duplicate_image_query_parameter as IMG001
from leadlint.rule import RuleContext


def post(body: str, front: str = "title: A post\n") -> str:
    return f"---\n{front}---\n{body}"


def img(tmp_path, text, select=("IMG",), **kw):
    return lint_post(tmp_path, text, select=select, **kw)


def where(findings):
    return [(f.code, f.line, f.column) for f in findings]


def apply(text: str, finding) -> str:
    for edit in sorted(finding.fix.edits, key=lambda e: -e.start):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


# -- IMG001 duplicate-image-query-parameter -------------------------------------------------


def test_sample_post_every_duplicated_w(tmp_path):
    write_site(tmp_path, {f"_posts/{SAMPLE.name}": SAMPLE.read_text(encoding="utf-8")})
    findings = lint_site(tmp_path, select=("IMG",))
    assert where(findings) == [("IMG001", 9, 9), ("IMG001", 19, 29), ("IMG001", 26, 32), ("IMG001", 69, 20),
                               ("IMG001", 119, 25), ("IMG001", 154, 13)]
    for finding in findings:
        assert "w (1080, 1200)" in finding.message and "fit (max, crop)" in finding.message
        assert "crop (entropy, smart)" in finding.message
        assert "most likely uses the last values" in finding.message and "w=1200" in finding.message
        assert finding.fix is not None
    assert "front matter `image`" in findings[0].message and "JSON-LD `image`" in findings[-1].message


def test_fix_keeps_the_last_value(tmp_path):
    text = post("![A kite](https://cdn.example.com/k.jpg?w=1080&q=80&w=1200&h=630)\n")
    [finding] = img(tmp_path, text)
    assert finding.message.startswith("image URL in a Markdown image gives query parameter w (1080, 1200) twice")
    assert apply(text, finding) == post("![A kite](https://cdn.example.com/k.jpg?q=80&w=1200&h=630)\n")


def test_fix_with_three_values_and_the_first_parameter(tmp_path):
    text = post("![A kite](/k.jpg?a=1&a=2&b=0&a=3#top)\n")
    [finding] = img(tmp_path, text)
    assert "three times" in finding.message and "(a=3)" in finding.message
    assert apply(text, finding) == post("![A kite](/k.jpg?b=0&a=3#top)\n")


def test_front_matter_image_keys(tmp_path):
    front = ("title: t\n"
             "thumbnail: /t.png?w=1&w=2\n"
             "header:\n  overlay_image: '/o.png?h=1&h=2'\n  caption: 'a?x=1&x=2'\n"
             "images:\n  - /i.png?q=1&q=2\n")
    text = post("Text.\n", front)
    findings = img(tmp_path, text)
    assert where(findings) == [("IMG001", 3, 12), ("IMG001", 5, 19), ("IMG001", 8, 5)]
    assert "`header.overlay_image`" in findings[1].message and "`images[0]`" in findings[2].message
    assert apply(text, findings[1]).count("/o.png?h=2'") == 1


def test_html_img_src_with_entities(tmp_path):
    text = post('\n<img src="/a.jpg?w=1&amp;h=5&amp;w=2" alt="A kite">\n')
    [finding] = img(tmp_path, text)
    assert where([finding]) == [("IMG001", 5, 11)]
    assert "w (1, 2)" in finding.message
    assert apply(text, finding) == post('\n<img src="/a.jpg?h=5&amp;w=2" alt="A kite">\n')


def test_every_srcset_candidate(tmp_path):
    text = post('<img src="/a.jpg" alt="A kite"\n     srcset="/a.jpg?w=1&w=2 1x, /a.jpg?crop=faces,edges&amp;dpr=2&amp;dpr=3 2x">\n')
    findings = img(tmp_path, text)
    assert where(findings) == [("IMG001", 5, 14), ("IMG001", 5, 33)]
    assert "<img srcset>" in findings[0].message and "dpr (2, 3)" in findings[1].message
    assert "/a.jpg?crop=faces,edges&amp;dpr=3 2x" in apply(text, findings[1])


def test_source_srcset_in_picture_but_not_in_video(tmp_path):
    text = post('<picture>\n<source srcset="/a.webp?w=1&w=2" type="image/webp">\n<img src="/a.jpg" alt="A kite">\n'
                '</picture>\n\n<video controls>\n<source src="/m.mp4?t=1&t=2">\n</video>\n')
    findings = img(tmp_path, text)
    assert where(findings) == [("IMG001", 5, 17)]
    assert "<source srcset>" in findings[0].message


def test_reference_style_image_is_reported_at_its_definition(tmp_path):
    text = post("![A kite][k] and again ![The same kite][K]\n\n[k]: /k.jpg?w=1&w=2 \"Kite\"\n")
    [finding] = img(tmp_path, text)
    assert where([finding]) == [("IMG001", 6, 6)]
    assert apply(text, finding) == post("![A kite][k] and again ![The same kite][K]\n\n[k]: /k.jpg?w=2 \"Kite\"\n")


JSON_LD = """
<script type="application/ld+json">
{
  "@context": "https://schema.org",
  "@type": "BlogPosting",
  "image": ["https://x.test/a.jpg?w=1&w=2", "https://x.test/ok.jpg?w=1"],
  "thumbnailUrl": "https://x.test/t.jpg?s=1&s=2",
  "publisher": {"@type": "Organization", "logo": {"@type": "ImageObject", "url": "https://x.test/l.png?v=1&v=2"}},
  "associatedMedia": {"@type": "ImageObject", "contentUrl": "https://x.test/m.png?v=1&v=2", "name": "n?x=1&x=2"},
  "author": {"@type": "Person", "url": "https://x.test/me?x=1&x=2"}
}
</script>
"""


def test_json_ld_images(tmp_path):
    findings = img(tmp_path, post(JSON_LD))
    assert codes(findings) == [("IMG001", 9), ("IMG001", 10), ("IMG001", 11), ("IMG001", 12)]
    assert "JSON-LD `image[0]`" in findings[0].message
    assert "`publisher.logo.url`" in findings[2].message and "`associatedMedia.contentUrl`" in findings[3].message


def test_json_ld_image_object_and_escapes(tmp_path):
    text = post('<script type="application/ld+json">\n'
                '{"@type": "BlogPosting", "image": {"@type": "ImageObject",\n'
                '  "url": "https:\\/\\/x.test\\/a.jpg?w=1\\u0026w=2"}}\n</script>\n')
    [finding] = img(tmp_path, text)
    assert codes([finding]) == [("IMG001", 6)] and "w (1, 2)" in finding.message
    assert finding.fix is None  # the text is not the URL: no fix offered


def test_liquid_in_urls(tmp_path):
    text = post('![A kite]({{ site.url }}/k.jpg?w={{ page.w }}&w=2)\n\n'
                '![A hawk]({{ "/h.jpg?s=1&s=2" | relative_url }})\n\n'
                '![A crow](/c.jpg?{% if page.big %}w=2{% else %}w=1{% endif %})\n\n'
                '![An owl](/o.jpg?{{ page.params }}&{{ page.params }})\n')
    findings = img(tmp_path, text)
    assert codes(findings) == [("IMG001", 4), ("IMG001", 6)]
    assert "w ({{ page.w }}, 2)" in findings[0].message


def test_what_is_not_a_duplicate(tmp_path):
    text = post("![A](/a.jpg?tag[]=x&tag[]=y)\n\n![B](/b.jpg?w=1&W=2)\n\n![C](/c.jpg#x?w=1&w=2)\n\n"
                "![D](/d.jpg?w=1&ww=2)\n\n![E](/e.jpg?sig=1&sig=2)\n")
    assert img(tmp_path, text, toml='[rules.IMG001]\nallowed-repeats = ["sig"]\n') == []


def test_percent_encoded_key_is_the_same_key(tmp_path):
    assert codes(img(tmp_path, post("![A](/a.jpg?%77=1&w=2)\n"))) == [("IMG001", 4)]


def test_urls_in_code_and_raw_are_not_images(tmp_path):
    text = post("```\n![A](/a.jpg?w=1&w=2)\n```\n\n`<img src=\"/b.jpg?w=1&w=2\">`\n\n"
                "{% highlight html %}\n<img src=\"/c.jpg?w=1&w=2\" alt=\"c\">\n{% endhighlight %}\n\n"
                "{% raw %}![D](/d.jpg?w=1&w=2){% endraw %}\n\n"
                "```html\n<script type=\"application/ld+json\">{\"image\": \"/e.jpg?w=1&w=2\"}</script>\n```\n")
    assert img(tmp_path, text) == []


# -- IMG002 insecure-image-url --------------------------------------------------------------

INSECURE = ("---\ntitle: t\nimage: http://x.test/cover.jpg\n---\n"
            "![A kite](http://x.test/k.jpg)\n\n"
            '<img src="//x.test/ok.jpg" alt="ok" srcset="http://x.test/k2.jpg 2x">\n\n'
            "![A hawk](https://x.test/h.jpg) ![A crow]({{ site.url }}/c.jpg) ![An owl](/o.jpg)\n\n"
            '<script type="application/ld+json">\n{"@type": "BlogPosting", "image": "HTTP://x.test/cover.jpg"}\n'
            "</script>\n")


def test_http_images_on_an_https_site(tmp_path):
    findings = img(tmp_path, INSECURE)
    assert where(findings) == [("IMG002", 3, 8), ("IMG002", 5, 11), ("IMG002", 7, 45), ("IMG002", 12, 36)]
    assert "http://" in findings[0].message and "https site" in findings[0].message


def test_http_site_is_not_checked(tmp_path):
    write_site(tmp_path, {"_posts/2025-01-10-post.md": INSECURE}, config_yml="url: http://blog.example.com\n")
    assert lint_site(tmp_path, select=("IMG002",)) == []


def test_site_without_url_is_assumed_https(tmp_path):
    write_site(tmp_path / "a", {"_posts/2025-01-10-post.md": INSECURE}, config_yml="title: x\n")
    assert len(lint_site(tmp_path / "a", select=("IMG002",))) == 4
    write_site(tmp_path / "b", {"_posts/2025-01-10-post.md": INSECURE}, config_yml="title: x\n")
    assert lint_site(tmp_path / "b", select=("IMG002",), toml="[rules.IMG002]\nassume-https = false\n") == []


def test_reference_definition_used_twice_is_reported_once(tmp_path):
    text = post("![A][k] ![B][k]\n\n[k]: http://x.test/k.jpg\n")
    assert codes(img(tmp_path, text)) == [("IMG002", 6)]


# -- the fix, on any query ------------------------------------------------------------------

_PLACES = {
    "markdown": lambda url: f"---\ntitle: t\n---\n![A kite]({url})\n",
    "img": lambda url: f'---\ntitle: t\n---\n<img src="{url}" alt="A kite">\n',
    "srcset": lambda url: f'---\ntitle: t\n---\n<img src="/k.png" alt="A kite" srcset="{url} 2x, /k3.png 3x">\n',
    "front matter": lambda url: f'---\ntitle: t\nimage: "{url}"\n---\nText.\n',
    "json-ld": lambda url: f'---\ntitle: t\n---\n<script type="application/ld+json">\n{{"image": "{url}"}}\n</script>\n',
}


def _img001(text: str):
    post = Post(Path("_posts/2025-01-10-post.md"), "_posts/2025-01-10-post.md", text.encode(), None)
    return list(IMG001(post, RuleContext(IMG001, post, "warning", dict(IMG001.options), None)))


@settings(max_examples=150, deadline=None)
@given(pairs=st.lists(st.tuples(st.sampled_from("abw"), st.sampled_from(["", "1", "2", "x%20y"])), min_size=1,
                      max_size=7),
       place=st.sampled_from(sorted(_PLACES)), amp=st.booleans(), fragment=st.booleans())
def test_fix_leaves_each_parameter_once_with_its_last_value(pairs, place, amp, fragment):
    separator = "&amp;" if amp and place in ("img", "srcset") else "&"
    url = "https://x.test/k.jpg?" + separator.join(f"{k}={v}" for k, v in pairs) + ("#top" if fragment else "")
    text = _PLACES[place](url)
    findings = _img001(text)
    keys = [k for k, _ in pairs]
    assert len(findings) == (1 if len(set(keys)) < len(keys) else 0)
    for finding in findings:
        fixed = apply(text, finding)
        assert _img001(fixed) == []
        written = fixed[fixed.index("https://x.test/k.jpg?"):].split()[0].split('"')[0].split(")")[0]
        query = unescape(written.split("?", 1)[1].split("#")[0])
        last = {k: i for i, (k, _) in enumerate(pairs)}
        kept = [(k, v.replace("%20", " ")) for i, (k, v) in enumerate(pairs) if last[k] == i]
        assert parse_qsl(query, keep_blank_values=True) == kept
        assert written.endswith("#top") == fragment


# -- fast paths against the plain reading ---------------------------------------------------
# The views and IMG001 take shortcuts (verdicts cached by a query's keys, a JSON-LD walk that
# keeps the values, front-matter key paths judged once per set of paths).  These readings,
# written the plain way (as leadlint first did), must agree with them on any input.

import re  # noqa: E402
from itertools import accumulate  # noqa: E402
from urllib.parse import unquote_plus  # noqa: E402

import yaml  # noqa: E402

from leadlint.frontmatter import value_at  # noqa: E402
from leadlint.rules import image_urls as iu  # noqa: E402

_PLAIN_SEPARATOR = re.compile(r"(&(?:amp;|#0*38;|#x0*26;)?)", re.IGNORECASE)


def _plain_describe(text, entities, allowed):
    """IMG001's reading of a URL, step by step: (message tail, fix description, dropped spans)."""
    q, end = text.find("?"), text.find("#")
    if q == -1 or -1 < end < q:
        return None
    query = text[q + 1 : len(text) if end == -1 else end]
    separators = None
    if entities and "&" in query and ("&amp;" in query or "&#" in query or "&AMP;" in query):
        parts = _PLAIN_SEPARATOR.split(query)
        segments, separators = parts[0::2], parts[1::2]
    else:
        segments = query.split("&")
    keys = [segment.partition("=")[0] for segment in segments]
    if "%" in query or "+" in query:
        keys = [unquote_plus(k) if "%" in k or "+" in k else k for k in keys]
    index = {}
    for i, key in enumerate(keys):
        index.setdefault(key, []).append(i)
    repeated = {k: v for k, v in index.items() if len(v) > 1 and k and not k.endswith("[]") and k not in allowed
                and "{{" not in k and "{%" not in k}
    if not repeated or "{%" in query:
        return None
    if separators is None:
        lengths = [len(segment) + 1 for segment in segments]
    else:
        lengths = [len(segment) + len(sep) for segment, sep in zip(segments, separators + [""])]
    starts = list(accumulate(lengths, initial=q + 1))
    listed, lasts = [], []
    for key, indexes in repeated.items():
        values = [segments[i].partition("=")[2] for i in indexes]
        listed.append(f"{key} ({', '.join(iu._short(v) or '(empty)' for v in values)})")
        lasts.append(f"{key}={iu._short(values[-1])}")
    if len(repeated) == 1:
        count = len(indexes)
        what = (f"gives query parameter {listed[0]} {iu._TIMES.get(count, f'{count} times')}: an image CDN most "
                f"likely uses the last value ({lasts[0]}), but servers differ; keep one")
    else:
        what = (f"repeats query parameters {', '.join(listed)}: an image CDN most likely uses the last values "
                f"({', '.join(lasts)}), but servers differ; keep one of each")
    dropped = sorted(i for indexes in repeated.values() for i in indexes[:-1])
    return what, f"keep only the last value of {', '.join(repeated)}", [(starts[i], starts[i + 1]) for i in dropped]


_KEYS = st.sampled_from(["w", "W", "%77", "h", "a+b", "a b", "tag[]", "{{ k }}", "", "crop"])
_VALUES = st.sampled_from(["", "1", "1200", "x%20y", "{{ page.w }}", "{% if x %}1{% endif %}", "a=b",
                           "M3w3ODc1MzN8MHwxfHNlYXJjaHwxODV8fGRpZ2l0YWwlMjBtYXJrZXRpbmd8ZW58MXwwfHx8MTQ0OTI3OTM2MHww"])
_SEPARATORS = st.sampled_from(["&", "&", "&amp;", "&#38;", "&#x26;", "&AMP;", "&Amp;"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.tuples(_KEYS, st.booleans(), _VALUES, _SEPARATORS), min_size=1, max_size=8),
       fragment=st.sampled_from(["", "#top", "#x?w=1&w=2"]), entities=st.booleans(),
       allowed=st.sampled_from([frozenset(), frozenset({"w"}), frozenset({"h", "crop"})]))
def test_describe_agrees_with_the_plain_reading(pieces, fragment, entities, allowed):
    query = "".join((sep if i else "") + (f"{k}={v}" if has_value else k)
                    for i, (k, has_value, v, sep) in enumerate(pieces))
    text = f"https://x.test/k.jpg?{query}{fragment}"
    expected = _plain_describe(text, entities, allowed)
    assert iu._describe(text, entities, allowed) == expected
    assert iu._describe(text, entities, allowed) == expected  # the second time from the caches
    other = text.replace("=1200", "=640")  # same keys, other values: the keys' verdict is reused
    assert iu._describe(other, entities, allowed) == _plain_describe(other, entities, allowed)


def _plain_json_images(data):
    """Every JSON-LD image URL as a path, found by visiting every value."""
    found = []
    stack = [(data, (), False)]
    while stack:
        value, path, slot = stack.pop()
        if isinstance(value, str):
            if slot:
                found.append((path, value))
        elif isinstance(value, list):
            stack.extend((item, path + (i,), slot) for i, item in enumerate(value))
        elif isinstance(value, dict):
            kind = value.get("@type")
            image_object = slot or kind == "ImageObject" or (isinstance(kind, list) and "ImageObject" in kind)
            for key, item in value.items():
                stack.append((item, path + (key,), key in iu._JSON_IMAGE_PROPS or
                              (image_object and key in iu._JSON_URL_PROPS)))
    return found


_JSON_KEYS = st.sampled_from(["image", "logo", "url", "contentUrl", "thumbnailUrl", "name", "@type", "author",
                              "publisher", "primaryImageOfPage"])
_JSON = st.recursive(
    st.one_of(st.sampled_from(["/a.png", "ImageObject", "Person"]), st.integers(0, 3), st.none(), st.booleans()),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(_JSON_KEYS, children, max_size=4)),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(data=_JSON)
def test_json_ld_walk_agrees_with_visiting_every_value(data):
    assert sorted(iu._json_images(data), key=repr) == sorted(_plain_json_images(data), key=repr)


def _plain_front_matter_images(post):
    """The front matter's image values, judged entry by entry."""
    found = []
    for path, entry in post.front_matter.entries.items():
        value = value_at(post.front_matter.data, path)
        if not isinstance(value, str) or not value.strip():
            continue
        names = [str(p).lower() for p in path if isinstance(p, str)]
        if any("image" in n or n in {"thumbnail", "cover", "logo", "teaser"} for n in names) \
                and not names[-1].endswith(("alt", "caption")):
            found.append((path, value, entry.value.start, entry.value.end))
    return found


_FM_KEYS = st.sampled_from(["image", "Image", "thumbnail", "header", "overlay_image", "image_alt", "caption",
                            "tags", "title", "cover", "logo", "teaser", "images", "path"])
_FM = st.recursive(st.sampled_from(["/a.png", " ", "text", 3]),
                   lambda children: st.one_of(st.lists(children, max_size=3),
                                              st.dictionaries(_FM_KEYS, children, max_size=4)),
                   max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(_FM_KEYS, _FM, min_size=1, max_size=5), again=_VALUES)
def test_front_matter_images_agree_with_every_entry(data, again):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\nText.\n"
    for source in (text, text.replace("/a.png", f"/{again}.png")):  # the second: the same key paths, cached
        post = Post(Path("_posts/2025-01-10-post.md"), "_posts/2025-01-10-post.md", source.encode(), None)
        assert [tuple(i) for i in post.front_matter_images] == _plain_front_matter_images(post)


def test_front_matter_aliases_and_repeated_keys(tmp_path):
    text = post("![A kite](/k.png)\n", "title: t\nbase: &b\n  image: /a.png?w=1&w=2\nheader: *b\n"
                "teaser: /t.png?x=1&x=2\nteaser: /t.png?y=1&y=2\n")
    findings = img(tmp_path, text, select=("IMG001",))
    assert where(findings) == [("IMG001", 4, 10), ("IMG001", 7, 9)]  # the alias: where its value is written
    assert "y (1, 2)" in findings[1].message
