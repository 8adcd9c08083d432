"""The C event walk (leadlint._markdown_scan) and the pure-Python one (leadlint.markdown.
_scan_python) give identical views: on the real sample post, on every fixture and corpus file,
on generated Markdown, and on hostile input.  The comparison tests skip when the C module is
not built; the pure path is checked on its own either way."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import SAMPLE

from leadlint import markdown
from leadlint.frontmatter import parse_front_matter
from leadlint.html import HtmlFragment
from leadlint.markdown import Heading, MarkdownDoc, MarkdownImage, MarkdownLink, ProseBlock, parse_markdown

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

needs_c = pytest.mark.skipif(
    markdown._c is None,
    reason="leadlint._markdown_scan is not built (no C compiler at install time, or LEADLINT_MARKDOWN_PURE "
    "is set): only the pure-Python walk can be tested",
)


def python_walk(text: str, body_start: int) -> MarkdownDoc:
    body, masked = markdown._hide_liquid_spaces_in_destinations(text[body_start:])
    return markdown._scan_python(markdown._PARSER.events_with_range(body), body, text, body_start, masked)


def c_walk(text: str, body_start: int) -> MarkdownDoc:
    body, masked = markdown._hide_liquid_spaces_in_destinations(text[body_start:])
    return MarkdownDoc(*markdown._c.scan(markdown._PARSER.events_with_range(body), body, text, body_start, masked))


def assert_same(text: str, body_start: int = 0) -> MarkdownDoc:
    expected = python_walk(text, body_start)
    got = c_walk(text, body_start)
    assert got == expected
    assert repr(got) == repr(expected)
    for name in ("images", "links", "headings", "prose", "html", "code"):
        assert [type(x) for x in getattr(got, name)] == [type(x) for x in getattr(expected, name)], name
    return got


def body_start_of(text: str) -> int:
    fm = parse_front_matter(text)
    unclosed = fm.problem is not None and fm.problem.kind == "unclosed"
    return fm.body_start if fm.present and not unclosed else 0


def files_to_compare() -> list[Path]:
    roots = [REPO / "tests" / "fixtures", REPO / "examples", SHARED / "samples", SHARED / "corpora"]
    found = []
    for root in roots:
        if root.is_dir():
            found += sorted(p for p in root.rglob("*") if p.suffix in (".md", ".markdown", ".html") and p.is_file())
    return found


# -- the implementation in use --------------------------------------------------------


def test_implementation_is_named():
    assert markdown.IMPLEMENTATION in ("c", "python")
    assert (markdown.IMPLEMENTATION == "c") == (markdown._c is not None)


@needs_c
def test_parse_markdown_uses_the_c_walk():
    assert markdown.IMPLEMENTATION == "c"
    text = "# T\n\n![a](b.png)\n"
    assert parse_markdown(text, 0) == python_walk(text, 0)


def test_pure_python_walk_is_used_when_forced():
    code = (
        "import json, leadlint.markdown as m\n"
        "d = m.parse_markdown('# 見出し\\n\\n本文 ![画像](a.png \"t\") `c` <b>x</b>\\n', 0)\n"
        "print(json.dumps([m.IMPLEMENTATION, m._c is None, repr(d)]))\n"
    )
    env = dict(os.environ, LEADLINT_MARKDOWN_PURE="1", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    implementation, no_c, doc = json.loads(out.stdout)
    assert implementation == "python" and no_c
    assert doc == repr(python_walk('# 見出し\n\n本文 ![画像](a.png "t") `c` <b>x</b>\n', 0))


def test_pure_python_walk_on_its_own():
    """The fallback, called directly, gives the expected views with character offsets."""
    text = '---\nt: 1\n---\n# 見出し\n\n日本語 ![代替](/a.png "題") [リンク](/b) `x`\n\n<div>\nhi\n</div>\n'
    start = text.index("# ")
    doc = python_walk(text, start)
    assert doc.headings == [Heading(1, "見出し", start, start + 6)]
    image = doc.images[0]
    assert (image.url, image.alt, image.title, image.reference) == ("/a.png", "代替", "題", "")
    assert text[image.start : image.end] == '![代替](/a.png "題")'
    link = doc.links[0]
    assert text[link.start : link.end] == "[リンク](/b)" and link.url == "/b"
    assert [text[a:b] for a, b in doc.code] == ["`x`"]
    assert doc.html == [HtmlFragment("<div>\nhi\n</div>\n", text.index("<div>"))]
    assert [p.kind for p in doc.prose] == ["heading", "paragraph"]
    assert doc.prose[1].text == "日本語   リンク"


# -- identical results ----------------------------------------------------------------


@needs_c
def test_sample_post():
    text = SAMPLE.read_text(encoding="utf-8")
    doc = assert_same(text, body_start_of(text))
    assert doc.headings and doc.prose and doc.images


@needs_c
def test_every_fixture_and_corpus_file():
    files = files_to_compare()
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for start in {0, body_start_of(text)}:
            assert_same(text, start)


@needs_c
def test_items_are_the_dataclasses_python_builds():
    text = "# H\n\n![a](u 't') [l](v) <i>x</i>\n"
    doc = c_walk(text, 0)
    for item, cls in ((doc.images[0], MarkdownImage), (doc.links[0], MarkdownLink), (doc.headings[0], Heading),
                      (doc.prose[0], ProseBlock), (doc.html[0], HtmlFragment)):
        assert type(item) is cls
        assert hash(item) == hash(cls(*dataclasses.astuple(item)))
        assert item == cls(*dataclasses.astuple(item))
        with pytest.raises(dataclasses.FrozenInstanceError):
            item.start = 0


EDGE_CASES = [
    "",
    "\n",
    "plain",
    "# a\r\n\r\ntext\r\nmore  \r\nhard\\\r\n",
    "\ufeff# bom\n",
    "😀 ![😀](😀.png \"😀\") [😀](/😀) `😀`\n\n# 😀😀\n",
    "![a ![b ![c](x)](y)](z)\n",
    "[![img](a.png)](b)\n\n![outer [link](l) `code` **b**](o.png)\n",
    "![ref][r] ![col][] ![short]\n\n[r]: /r.png 'T'\n[col]: /c.png\n[short]: /s.png\n",
    "![missing][nope] [also][nope]\n",
    '![a]({{ "/x.png" | relative_url }}) [b]({{ site.url }}/p {{ page.x | y }})\n\n[d]: {{ "/d" | absolute_url }}\n',
    "| a | b |\n|---|:-:|\n| ![i](c.png) | `x` |\n| 日本 | <br> |\n",
    "- [ ] task\n- [x] done\n  - nested ![n](n.png)\n    1. deep\n",
    "```python\n![no](x.png)\n```\n\n    indented ![no](y.png)\n\n~~~\n<div>\n~~~\n",
    "<div>\n![not](x.png)\n</div>\n\ntext <span>in</span> line <!-- c -->\n",
    "<script type=\"application/ld+json\">\n{\"a\": \"日本\"}\n</script>\n",
    "Footnote[^1] and ~~strike~~ *em* **strong** ***both***\n\n[^1]: note ![f](f.png)\n",
    "> quote ![q](q.png)\n> > deeper\n\nsetext\n===\n\nsub\n---\n",
    "<https://auto.link> <mail@example.com> [wiki]\n",
    "# \n\n##\n\n###### six\n\n####### seven\n",
    "a\u3000\u2003\n\n\u3000全角空白\u3000\n",
    "\t\u00a0x\u00a0\t\n",
]


@needs_c
@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text):
    assert_same(text, 0)
    assert_same("---\ntitle: x\n---\n" + text, len("---\ntitle: x\n---\n"))


@needs_c
def test_hostile_nesting_and_size():
    cases = [
        "> " * 5000 + "deep",
        "".join("  " * i + "- item\n" for i in range(300)),
        "![" * 5000 + "x" + "](a)" * 5000,
        "[" * 5000 + "x" + "](a)" * 5000,
        "*" * 20000 + "x" + "*" * 20000,
        "`" * 10000 + "x",
        "<div>" * 5000,
        ("日本語の段落 ![画像](a.png) [リンク](b) `c` " * 2000 + "\n\n") * 10,
    ]
    for text in cases:
        assert_same(text, 0)


@needs_c
def test_offsets_asked_out_of_order():
    """A link's end is converted at its start, before the code spans and images inside it: the
    C walk's character count then goes back.  Non-ASCII text of 1 to 4 UTF-8 bytes a character
    around them, long enough (beyond 255 bytes) to need several counting blocks."""
    filler = "日本語é😀a" * 40
    text = (f"# {filler}\n\n{filler} [{filler} `コード` ![画像]({filler}.png) `x`]({filler}) {filler}\n\n"
            f"[`a`![b](c) `d`](e) 終わり\n\n<div>\n{filler}\n</div>\n\n- {filler}\n  [`z`](y)\n")
    doc = assert_same(text, 0)
    assert [text[a:b] for a, b in doc.code] == ["`コード`", "`x`", "`a`", "`d`", "`z`"]
    assert [text[link.start : link.end][:2] for link in doc.links] == [f"[{filler[0]}", "[`", "[`"]
    assert_same("---\nt: 日本\n---\n" + text, len("---\nt: 日本\n---\n"))


@needs_c
def test_blocks_of_one_and_of_many_pieces():
    for text in ("one\n", "one **two** three\n", "**x**\n", "a\nb\n", "![a](b)\n", "![a `b` c](d) e\n",
                 "- item\n- **many** pieces\n", "# h `c`\n", "| a | **b** c |\n|---|---|\n| 1 | 2 |\n"):
        assert_same(text, 0)


@needs_c
def test_body_start_beyond_the_text():
    assert_same("abc", 10)


@needs_c
def test_bad_events_raise_instead_of_crashing():
    scan = markdown._c.scan
    good_span = {"start": 0, "end": 1}
    for events in (
        [1],
        [("Text",)],
        [(5, good_span)],
        [({}, good_span)],
        [({"Start": "Paragraph"}, {})],
        [({"Start": "Paragraph"}, {"start": "x"})],
        [({"Start": "Paragraph"}, {"start": -1})],
        [({"Start": {}}, good_span)],
        [({"Start": {"Heading": {}}}, good_span)],
        [({"Start": {"Image": {"dest_url": "u"}}}, good_span), ({"End": "Image"}, good_span)],
        [({"Start": {"Link": {}}}, good_span)],
        [({"Start": "Paragraph"}, good_span), ({"Text": 5}, good_span), ({"End": "Paragraph"}, good_span)],
        None,
    ):
        with pytest.raises((TypeError, KeyError, ValueError, StopIteration)):
            scan(events, "a", "a", 0, False)
    with pytest.raises(ValueError):
        scan([], "a", "a", -1, False)
    with pytest.raises(TypeError):
        scan([], b"a", "a", 0, False)
    # tolerated like the Python walk: unknown events, ends without starts, offsets past the end
    events = [("Rule", good_span), ({"End": "Paragraph"}, good_span), ({"End": "Image"}, good_span),
              ({"Unknown": 1}, good_span), ({"Start": "Paragraph"}, {"start": 0}),
              ({"End": "Paragraph"}, {"end": 99})]
    images, links, headings, prose, html, code = scan(events, "aé", "aé", 0, False)
    assert (images, links, headings, prose, html, code) == ([], [], [], [], [], [])


def test_hostile_input_through_the_public_function():
    """Whichever walk is in use, deep or broken input gives views and no crash."""
    for text in ("> " * 3000 + "x", "![" * 3000, "<" * 10000, "\x00\x01\x7f\ud7ff\ue000\uffff"):
        parse_markdown(text, 0)


# -- generated Markdown -----------------------------------------------------------------

WORDS = st.sampled_from(["word", "日本語", "テキスト", "AI導入", "😀", "é", "a_b", "*", "_", "~", "\\", "&amp;",
                         "&#x1F600;", "\u3000", "x  ", "{{ page.title }}", "{% raw %}", "{% endraw %}"])
URLS = st.sampled_from(["/a.png", "https://example.com/画像.png?x=1&y=2", "", "<with space.png>", "a(b).png",
                        '{{ "/x.png" | relative_url }}', "{{ site.url }}/{{ page.slug }}.png", "{% link a.md %}",
                        "%E6%97%A5.png", "/😀.png"])
TITLES = st.sampled_from(["", ' "title"', " 'タイトル'", " (paren)", ' "with \\"quote\\""'])


@st.composite
def inline(draw):
    words = " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))
    url, title = draw(URLS), draw(TITLES)
    return draw(st.sampled_from([
        words,
        f"![{words}]({url}{title})",
        f"![{words}][ref]",
        f"![{words}][]",
        "![ref]",
        f"[{words}]({url}{title})",
        f"[![{words}]({url})]({url})",
        f"![{words} [{words}]({url}) `{words}`]({url})",
        f"`{words}`",
        f"``{words} ` {words}``",
        f"**{words}**",
        f"*{words}*",
        f"~~{words}~~",
        f"<span class=\"x\">{words}</span>",
        f"<img src=\"{url}\" alt=\"{words}\">",
        "<!-- comment -->",
        "<https://example.com/auto>",
        f"{words}[^n]",
        "  \n",
        "\\\n",
    ]))


@st.composite
def block(draw):
    line = "".join(draw(st.lists(inline(), min_size=1, max_size=5)))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    return draw(st.sampled_from([
        line,
        "#" * draw(st.integers(1, 7)) + " " + line,
        f"{line}{nl}==={nl}",
        f"- {line}{nl}- [ ] {line}{nl}  1. {line}",
        f"> {line}{nl}> > {line}",
        f"| a | {line} |{nl}|---|---|{nl}| {line} | b |",
        f"```{nl}{line}{nl}```",
        f"~~~ruby{nl}{line}",
        f"    {line}",
        f"<div>{nl}{line}{nl}</div>",
        f"<script>{nl}{line}{nl}</script>",
        f"[ref]: {draw(URLS)}{draw(TITLES)}",
        f"[^n]: {line}",
        "---",
        "{% highlight ruby %}" + nl + line + nl + "{% endhighlight %}",
    ]))


@st.composite
def documents(draw):
    blocks = draw(st.lists(block(), max_size=8))
    seps = draw(st.lists(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n", "\n  "]), min_size=len(blocks),
                         max_size=len(blocks)))
    body = "".join(b + s for b, s in zip(blocks, seps))
    prefix = draw(st.sampled_from(["", "---\ntitle: 日本語\n---\n", "---\r\ntitle: x\r\n---\r\n"]))
    return prefix + body, len(prefix)


@needs_c
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_markdown(doc):
    text, body_start = doc
    assert_same(text, body_start)


@needs_c
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab あ漢😀\u3000*_`[]()!<>#|-\\\n\r\t{}%\"'~:^=&;/")), max_size=300),
       st.integers(0, 20))
def test_generated_markdown_characters(text, body_start):
    assert_same(text, body_start)


@needs_c
@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_arbitrary_text(text):
    assert_same(text, 0)


# -- hiding spaces of Liquid in destinations ------------------------------------------------


def hide_by_searching_every_token(body: str) -> tuple[str, bool]:
    """The reference: every Liquid token of the body, each checked against the text before it
    on its line (what _hide_liquid_spaces_in_destinations did before it looked only at lines
    with a destination opener)."""
    pieces: list[str] = []
    last = 0
    for match in markdown._LIQUID_WITH_SPACE.finditer(body):
        line_start = body.rfind("\n", 0, match.start()) + 1
        if not markdown._DESTINATION_SO_FAR.search(body, line_start, match.start()):
            continue
        pieces.append(body[last : match.start()])
        pieces.append(match.group().replace(" ", markdown._HIDDEN_SPACE).replace("\t", markdown._HIDDEN_SPACE))
        last = match.end()
    if not pieces:
        return body, False
    pieces.append(body[last:])
    return "".join(pieces), True


def test_hiding_liquid_spaces_examples():
    body = ('{{ a b }} ![x]({{ "/x.png" | relative_url }}) {% y z %}\n'
            '<a href="{{ site.baseurl }}{% post_url 2015-x %}">t</a>\n'
            '[d]: {{ "/d" | absolute_url }}\n  [e]:\t{%x y%}\n{{ p ](q }} {{ r s }}\n')
    hidden, masked = markdown._hide_liquid_spaces_in_destinations(body)
    assert masked and (hidden, masked) == hide_by_searching_every_token(body)
    assert '({{\ue000"/x.png"\ue000|\ue000relative_url\ue000}})' in hidden
    assert "{% y z %}" in hidden and "{{ site.baseurl }}" in hidden
    assert markdown._hide_liquid_spaces_in_destinations("日本語 {{ a b }}\n![x](y)\n") == ("日本語 {{ a b }}\n![x](y)\n", False)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("ab あ \t\n{}%[]():<>|\"") + [
    "{{ ", " }}", "{% ", " %}", "](", "]: ", "\n[r]: ", "![i](", "\n   [", "{{x y}}"]), max_size=60).map("".join))
def test_hiding_liquid_spaces_only_on_destination_lines_changes_nothing(body):
    assert markdown._hide_liquid_spaces_in_destinations(body) == hide_by_searching_every_token(body)


def test_hiding_liquid_spaces_on_every_corpus_file():
    for path in files_to_compare():
        body = path.read_bytes().decode("utf-8", errors="replace")
        assert markdown._hide_liquid_spaces_in_destinations(body) == hide_by_searching_every_token(body), path
