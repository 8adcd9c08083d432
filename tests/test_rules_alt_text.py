"""ALT: image alt text.  Each rule: what it must find (code and exact line), and what it must leave alone."""

from __future__ import annotations

from helpers import SAMPLE, codes, lint_post, lint_site, write_site


def post(body: str, front: str = "title: A post\n") -> str:
    return f"---\n{front}---\n{body}"


def alt(tmp_path, body, select=("ALT",), **kw):
    return lint_post(tmp_path, post(body), select=select, **kw)


def where(findings):
    return [(f.code, f.line, f.column) for f in findings]


# -- ALT001 missing-alt ---------------------------------------------------------------------


def test_html_image_without_alt(tmp_path):
    findings = alt(tmp_path, "\nText.\n\n<img src=\"/assets/a.png\">\n\nMore <img src='/b.png' width=10> inline.\n")
    assert where(findings) == [("ALT001", 7, 1), ("ALT001", 9, 6)]
    assert "a.png" in findings[0].message and "b.png" in findings[1].message


def test_html_image_with_only_a_title_is_offered_its_title_as_alt(tmp_path):
    """vim-jp writes <img title="編集リンク" src=...>: the description is there, in the wrong attribute."""
    findings = alt(tmp_path, '<img title="編集リンク" src="/assets/images/post-docedit1.png" style="border: 1px">\n')
    assert where(findings) == [("ALT001", 4, 1)]
    assert 'its title "編集リンク" is only a tooltip' in findings[0].message
    assert 'write alt="編集リンク"' in findings[0].message


def test_html_image_with_alt_is_fine(tmp_path):
    assert alt(tmp_path, '<img src="/a.png" alt="Monthly visits, 2024">\n') == []


def test_source_in_picture_is_not_asked_for_alt(tmp_path):
    body = '<picture>\n  <source srcset="/a.webp" type="image/webp">\n  <img src="/a.png" alt="A red kite">\n</picture>\n'
    assert alt(tmp_path, body) == []


def test_html_post_is_checked(tmp_path):
    findings = lint_post(tmp_path, post("<p>Hi</p>\n<img src=\"/a.png\">\n"), name="2025-01-10-page.html",
                         select=("ALT",))
    assert codes(findings) == [("ALT001", 5)]


# -- what is not an image -------------------------------------------------------------------

NOT_IMAGES = """
```html
<img src="/fenced.png">
![](/fenced.png)
```

    <img src="/indented.png">
    ![](/indented.png)

Inline `<img src="/inline.png">` and `![](/inline.png)`.

{% highlight html %}
<img src="/highlight.png">
![](/highlight.png)
{% endhighlight %}

{% raw %}
<img src="/raw.png"> ![](/raw.png)
{% endraw %}

{% comment %}
<img src="/comment.png"> ![](/comment.png)
{% endcomment %}

<!-- <img src="/html-comment.png"> -->
"""


def test_images_in_code_raw_and_comments_are_not_images(tmp_path):
    assert alt(tmp_path, NOT_IMAGES) == []


def test_image_after_code_is_still_checked(tmp_path):
    findings = alt(tmp_path, NOT_IMAGES + "\n![](/real.png)\n")
    assert codes(findings) == [("ALT002", NOT_IMAGES.count("\n") + 5)]


# -- ALT002 empty-alt -----------------------------------------------------------------------


def test_markdown_image_with_empty_alt(tmp_path):
    findings = alt(tmp_path, "\n![](/assets/a.png)\n\nText ![ ](/b.png \"title\").\n")
    assert where(findings) == [("ALT002", 5, 1), ("ALT002", 7, 6)]
    assert "a.png" in findings[0].message


def test_html_empty_alt_needs_the_decorative_role(tmp_path):
    body = ('<img src="/a.png" alt="">\n'
            '<img src="/b.png" alt>\n'
            '<img src="/c.png" alt="" role="presentation">\n'
            '<img src="/d.png" alt="" role="none">\n')
    assert codes(alt(tmp_path, body)) == [("ALT002", 4), ("ALT002", 5)]


def test_decorative_roles_option(tmp_path):
    body = '<img src="/c.png" alt="" role="presentation">\n<img src="/d.png" alt="" role="none">\n'
    toml = '[rules.ALT002]\ndecorative-roles = ["presentation"]\n'
    assert codes(alt(tmp_path, body, toml=toml)) == [("ALT002", 5)]


def test_reference_style_image_with_empty_alt(tmp_path):
    body = "\n![][logo]\n\n[logo]: /assets/logo.png\n"
    assert codes(alt(tmp_path, body)) == [("ALT002", 5)]


# -- ALT003 generic-alt ---------------------------------------------------------------------


def test_generic_words_english_and_japanese(tmp_path):
    words = ["画像", "写真", "イメージ", "Image", "PHOTO", "ｉｍａｇｅ", "画像1", "Image 2", "an image",
             "スクリーンショット", "screenshot."]
    body = "".join(f"![{w}](/assets/pic{i}.png)\n\n" for i, w in enumerate(words))
    findings = alt(tmp_path, body)
    assert codes(findings) == [("ALT003", 4 + 2 * i) for i in range(len(words))]
    assert all("generic word" in f.message for f in findings)
    assert where(findings)[0] == ("ALT003", 4, 3)  # at the alt text


def test_file_name_and_url_as_alt(tmp_path):
    body = ("![IMG_1234.JPG](/img/IMG_1234.jpg)\n\n"
            "![img_1234](/img/IMG_1234.jpg?w=300)\n\n"
            "![hero-banner](/assets/hero-banner.webp)\n\n"
            "![diagram.png](/assets/other.png)\n\n"
            "![https://example.com/a.png](https://example.com/a.png)\n\n"
            '<img src="/x/DSC_0042.jpg" alt="DSC_0042">\n')
    findings = alt(tmp_path, body)
    assert codes(findings) == [("ALT003", 4), ("ALT003", 6), ("ALT003", 8), ("ALT003", 10), ("ALT003", 12),
                               ("ALT003", 14)]
    assert "file name" in findings[0].message and "URL" in findings[4].message
    assert findings[5].column == 33  # the alt attribute's value


def test_descriptive_alt_is_left_alone(tmp_path):
    body = ("![CtrlP](/images/ctrlp.png)\n\n"  # a name, written as words: not a machine file name
            "![tetris.vim](/assets/images/post-tetris-vim.png)\n\n"
            "![Bram Moolenaar](/assets/images/Bram_Moolenaar.jpg)\n\n"
            "![Image of a red kite over a field](/k.png)\n\n"
            "![VimConf 2018発表者の一般的な様子](/assets/images/vimconf2018/vimconf-speaker.png)\n\n"
            "![{{ page.title }}](/assets/a.png)\n\n"
            '<img src="/a.png" alt="{{ include.alt }}">\n')
    assert alt(tmp_path, body) == []


def test_generic_word_options(tmp_path):
    body = "![キャプチャ](/a.png)\n\n![画像](/b.png)\n"
    assert codes(alt(tmp_path / "a", body, toml='[rules.ALT003]\nextend-generic-words = ["キャプチャ"]\n')) == [
        ("ALT003", 4), ("ALT003", 6)]
    assert codes(alt(tmp_path / "b", body, toml='[rules.ALT003]\ngeneric-words = ["キャプチャ"]\n')) == [
        ("ALT003", 4)]


# -- ALT004 templated-alt -------------------------------------------------------------------


def test_sample_post_template_alt(tmp_path):
    write_site(tmp_path, {f"_posts/{SAMPLE.name}": SAMPLE.read_text(encoding="utf-8")})
    findings = lint_site(tmp_path, select=("ALT",))
    assert codes(findings) == [("ALT004", 19), ("ALT004", 26), ("ALT004", 69), ("ALT004", 119)]
    assert all("{heading}に関連するイメージ" in f.message and "4 images" in f.message for f in findings)
    assert findings[0].column == 3


ENGLISH = """
## Getting started
![Image related to Getting started](/a.png)

Text.

## Installing the plugin
![Image related to Installing the plugin](/b.png)

## Configuration
Some text first.

![Image related to Configuration](/c.png)

## Credits
![The author at VimConf 2019](/d.png)
"""


def test_english_template_with_headings(tmp_path):
    findings = alt(tmp_path, ENGLISH)
    assert codes(findings) == [("ALT004", 6), ("ALT004", 11), ("ALT004", 16)]
    assert '"Image related to {heading}"' in findings[0].message


def test_template_without_headings(tmp_path):
    body = "".join(f"{name}に関するイメージ画像です\n\n![{name}に関するイメージ画像](/{i}.png)\n\n"
                   for i, name in enumerate(["東京の夜景", "大阪城", "札幌の雪まつり"]))
    findings = alt(tmp_path / "ja", body)
    assert codes(findings) == [("ALT004", 6), ("ALT004", 10), ("ALT004", 14)]
    assert "…に関するイメージ画像" in findings[0].message
    body = "".join(f"![Image about {name}](/{i}.png)\n\n" for i, name in enumerate(["Tokyo", "Osaka", "Sapporo"]))
    findings = alt(tmp_path / "en", body)
    assert codes(findings) == [("ALT004", 4), ("ALT004", 6), ("ALT004", 8)]
    assert '"Image about …"' in findings[0].message and "one part swapped in" in findings[0].message


def test_alt_texts_that_only_start_alike_are_not_a_template(tmp_path):
    body = ("## Day one\n![Photo of the venue](/a.png)\n\n![Photo of the speakers](/b.png)\n\n"
            "![Photo of the party](/c.png)\n\n"
            "![tetris.vim](/t.png)\n\n![sokoban.vim](/s.png)\n\n![life.vim](/l.png)\n\n"
            "![Powered by vital.vim](/v1.svg)\n\n![Powered by vital.vim](/v2.svg)\n\n![Powered by vital.vim](/v3.svg)\n")
    assert alt(tmp_path, body) == []


def test_alt_equal_to_heading_is_not_a_template(tmp_path):
    body = "".join(f"## Step {i}\n![Step {i}](/{i}.png)\n\n" for i in range(3))
    assert [f for f in alt(tmp_path, body) if f.code == "ALT004"] == []


def test_min_images(tmp_path):
    body = "## A\n![Image related to A](/a.png)\n\n## B\n![Image related to B](/b.png)\n"
    assert alt(tmp_path / "a", body) == []
    assert codes(alt(tmp_path / "b", body, toml="[rules.ALT004]\nmin-images = 2\n")) == [
        ("ALT004", 5), ("ALT004", 8)]


def test_template_in_code_is_not_counted(tmp_path):
    body = ("## A\n![A に関連するイメージ](/a.png)\n\n## B\n![B に関連するイメージ](/b.png)\n\n"
            "## C\n```\n![C に関連するイメージ](/c.png)\n```\n")
    assert alt(tmp_path, body) == []


# -- fast paths against the plain reading ---------------------------------------------------

import unicodedata  # noqa: E402
from collections import Counter  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from leadlint.rules import alt_text as at  # noqa: E402

# full-width forms and what they may meet: combining marks (a full-width letter with an
# accent composes), half-width katakana and voicing marks, ligatures, plain Japanese
_TEXT = st.text(st.sampled_from(list("：？！Ａｚ０　 aA:の画像イメージ") + ["\u0301", "\u0338", "\u3099", "ｶ", "ﾞ", "ﬁ",
                                                                          "＜", "㍿", "\uff1c", "ａ"]), max_size=12)


@settings(max_examples=500, deadline=None)
@given(text=_TEXT)
def test_nfkc_is_unicodedata_nfkc(text):
    assert at._nfkc(text) == unicodedata.normalize("NFKC", text)


def test_wide_characters_decompose_to_one_ascii_character():
    assert all(len(d) == 1 and d.isascii() for d in at._WIDE.values())


@settings(max_examples=300, deadline=None)
@given(items=st.lists(st.sampled_from("abcd"), max_size=9), k=st.integers(2, 5))
def test_k_alike_is_a_count(items, k):
    assert at._k_alike(k, items) == (bool(items) and max(Counter(items).values()) >= k)


def test_generic_words_that_are_not_text(tmp_path):
    # option values are read as their text; 1 and True are equal in Python but not as words
    assert at._generic_words({"generic-words": [1], "extend-generic-words": []}) == {"1"}
    assert at._generic_words({"generic-words": [True], "extend-generic-words": ["画像"]}) == {"true", "画像"}
    body = "![1](/a.png)\n\n![True](/b.png)\n\n![画像](/c.png)\n"
    assert codes(alt(tmp_path, body, toml="[rules.ALT003]\ngeneric-words = [1, true]\n")) == [("ALT003", 4),
                                                                                               ("ALT003", 6)]


def test_template_under_full_width_headings(tmp_path):
    body = "".join(f"## まとめ：その{i}\n\n![まとめ:その{i}に関連するイメージ](/p{i}.png)\n\n" for i in range(3))
    findings = alt(tmp_path, body)
    assert codes(findings) == [("ALT004", 6), ("ALT004", 10), ("ALT004", 14)]
    assert "{heading}に関連するイメージ" in findings[0].message
