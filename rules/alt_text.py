"""ALT: the alt text of the post's images.

Every Markdown image (`![alt](url)`, reference-style too) and HTML `<img>` of the body is
checked; images in code (fenced, indented, inline, `{% highlight %}`), `{% raw %}` and
`{% comment %}` are not images (the engine's ``post.images`` leaves them out).  A
`<source>` of a `<picture>` takes its alt text from the `<img>` beside it and is skipped.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from operator import eq
from urllib.parse import unquote

from leadlint.rule import rule

_DECORATIVE_ROLES = ["presentation", "none"]

GENERIC_WORDS = [
    # English: words that name the medium and nothing else
    "image", "img", "photo", "photograph", "picture", "pic", "screenshot", "screen shot", "graphic",
    "icon", "thumbnail", "placeholder", "untitled", "alt", "alt text",
    # Japanese
    "画像", "写真", "イメージ", "イメージ画像", "イメージ図", "図", "スクリーンショット", "スクショ",
    "サムネイル", "サムネ", "アイキャッチ", "アイキャッチ画像", "アイコン",
]

# words a template's fixed part may hold without saying anything about the image
_FILLER = re.compile(
    r"\b(?:a|an|the|of|for|to|in|on|at|with|from|by|and|or|this|that|image|images|img|photo|photos|"
    r"photograph|picture|pictures|pic|graphic|illustration|screenshot|screen|shot)\b"
    r"|イメージ画像|イメージ図|イメージ|画像|写真|図|イラスト|スクリーンショット|の|な|を|に|は|と|が|する|した|用"
)
_MEDIUM = re.compile(r"\b(?:image|img|photo|picture|pic|graphic|illustration|screenshot)s?\b|イメージ|画像|写真|イラスト")
_PUNCT = " \t\r\n.,:;!?-_()[]{}<>\"'`*#|/\\~=+「」『』【】（）。、・…‥"
_ARTICLE = re.compile(r"^(?:an?|the)\s+")
_IMAGE_EXT = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg|bmp|ico|tiff?|heic)$")
_URLISH = ("http:", "https:", "ftp:", "data:", "//", "www.")
_FILE_NAME = re.compile(r"[^\"'\s|{}]+")
# a stem that reads as a file name rather than words: `IMG_1234`, `hero-banner`, `screen.2`
_MACHINE_NAME = re.compile(r"[\d_.\-]")


# Full-width ASCII (`：`, `？`, `Ａ`) and the ideographic space, each mapped to what it
# decomposes to (NFKD): one ASCII character.
_WIDE = {c: unicodedata.normalize("NFKD", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, sooner for Japanese text.

    Normalising a string that needs it is slow (a full decomposition and recomposition,
    tens of times the cost of the check), and what Japanese alt texts and headings need is
    mostly a full-width `：` or `？`.  Replacing such a character by its decomposition
    leaves the string's NFKD, so its NFKC, unchanged; when nothing else needs normalising,
    that is the result."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = text.translate(_WIDE)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _norm(text: str) -> str:
    """NFKC, case-folded, without surrounding whitespace and punctuation."""
    return _nfkc(text).casefold().strip(_PUNCT)


#: ``_norm`` of an alt text, remembered: the images of a generated archive repeat a few
#: hundred alt texts (its URLs and file names are not remembered: they rarely repeat)
_norm_alt = lru_cache(maxsize=4096)(_norm)


def _has_liquid(text: str) -> bool:
    return "{{" in text or "{%" in text


def _alt_images(post):
    """The images whose alt text is theirs to carry: Markdown images and `<img>` (a view:
    each of the four rules asks)."""
    return post.view(_img_tags)


def _img_tags(post):
    return [image for image in post.images if image.tag == "img"]


def _alt_value(image) -> str | None:
    """The alt text; "" for a valueless `alt` attribute; None when there is none."""
    if image.alt is None and "alt" in image.attrs:
        return ""
    return image.alt


def _alt_span(post, image) -> tuple[int, int]:
    """Where the alt text is written: inside `![…]`, or the `alt` attribute's value."""
    if image.origin == "html":
        return image.value_span("alt") or (image.start, image.end)
    text = post.text
    close = text.find("]", image.start + 2, image.end)
    if close != -1 and "[" not in text[image.start + 2 : close] and "\\" not in text[image.start + 2 : close]:
        return image.start + 2, close
    depth, i = 0, image.start + 2
    while i < image.end:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            if depth == 0:
                return image.start + 2, i
            depth -= 1
        i += 1
    return image.start, image.end


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _role(image) -> str:
    return (image.attrs.get("role") or "").strip().lower()


# -- ALT001 ---------------------------------------------------------------------------------


@rule("ALT001", "missing-alt", severity="warning",
      summary="HTML image has no alt attribute")
def missing_alt(post, ctx):
    """
    ## What it does
    Reports an HTML `<img>` in the post's body that has no `alt` attribute at all.
    Images in code, `{% highlight %}`, `{% raw %}` and `{% comment %}` are not images and
    are not checked.

    ## Why is this bad?
    Without `alt`, screen readers read the file name or URL aloud, search engines have no
    text to understand the image by (Google Images ranks on alt text), and a reader whose
    image fails to load sees nothing in its place.

    ## Example
    ```html
    <img src="/assets/images/vimconf2017/fatih.png" />
    ```

    ## Use instead
    ```html
    <img src="/assets/images/vimconf2017/fatih.png" alt="Fatih Arslan speaking at VimConf 2017" />
    ```
    A purely decorative image takes `alt=""` and `role="presentation"`. An image with a
    `title` but no `alt` is reported too (a title is a tooltip, not a text alternative), and
    the message offers the title as the alt text to start from.

    ## References
    - [WCAG 2.2, 1.1.1 Non-text Content](https://www.w3.org/WAI/WCAG22/Understanding/non-text-content)
    - [Google: image SEO best practices, alt text](https://developers.google.com/search/docs/appearance/google-images#use-descriptive-alt-text)
    - [HTML standard: requirements for providing text to act as an alternative for images](https://html.spec.whatwg.org/multipage/images.html#alt)
    """
    for image in _alt_images(post):
        if _alt_value(image) is None and image.origin == "html":
            name = _file_name(image.url)
            what = f" `{_short(name, 40)}`" if name else ""
            title = " ".join((image.attrs.get("title") or "").split())
            if title:  # the editor already wrote a description, in the attribute that is not read as one
                advice = (f"its title \"{_short(title)}\" is only a tooltip (search engines and many screen "
                          f"readers do not take it as alt text): write alt=\"{_short(title)}\" or a fuller description")
            else:
                advice = ("describe what it shows in alt=\"…\" (or mark a decorative image alt=\"\" "
                          "role=\"presentation\")")
            yield ctx.finding(f"image{what} has no alt attribute: {advice}", image.start, image.end)


# -- ALT002 ---------------------------------------------------------------------------------


@rule("ALT002", "empty-alt", severity="warning",
      summary="Image has empty alt text",
      options={"decorative-roles": _DECORATIVE_ROLES})
def empty_alt(post, ctx):
    """
    ## What it does
    Reports a Markdown image with empty alt text (`![](photo.png)`), and an HTML `<img>`
    with `alt=""` (or only spaces) that is not marked decorative with
    `role="presentation"` (or its ARIA 1.1 synonym `role="none"`).

    ## Why is this bad?
    Empty alt tells screen readers and search engines that the image carries no
    information. That is right for an ornament, which the explicit role documents, and
    wrong for nearly every image in a blog post: a chart, a screenshot, a photo. Markdown
    has no way to say "decorative", so an empty Markdown alt is almost always an omission.

    ## Example
    ```markdown
    ![](/assets/images/post-vac2012-98-gvim1.png)
    ```

    ## Use instead
    ```markdown
    ![gVim with the colour scheme from this post](/assets/images/post-vac2012-98-gvim1.png)
    ```
    or, for an ornament, `<img src="divider.svg" alt="" role="presentation">`.

    ## Options
    - `decorative-roles` (default `["presentation", "none"]`): `role` values that mark an
      HTML image with `alt=""` as decorative.

    ## References
    - [WAI images tutorial: decorative images](https://www.w3.org/WAI/tutorials/images/decorative/)
    - [WCAG 2.2, 1.1.1 Non-text Content](https://www.w3.org/WAI/WCAG22/Understanding/non-text-content)
    """
    roles = {str(r).strip().lower() for r in ctx.options["decorative-roles"]}
    for image in _alt_images(post):
        alt = _alt_value(image)
        if alt is None or alt.strip():
            continue
        if image.origin == "markdown":
            message = "image has empty alt text `![]`: describe what it shows"
        elif _role(image) in roles:
            continue
        else:
            message = ("image has alt=\"\" but is not marked decorative: describe what it shows, or add "
                       "role=\"presentation\" if it is an ornament")
        name = _file_name(image.url)
        if name:
            message += f" ({_short(name, 40)})"
        yield ctx.finding(message, image.start, image.end)


# -- ALT003 ---------------------------------------------------------------------------------


def _file_name(url: str) -> str:
    """The last path segment of an image URL, Liquid around it left out."""
    path = re.split(r"[?#]", url, maxsplit=1)[0].rstrip("/")
    last = path.rsplit("/", 1)[-1]
    match = _FILE_NAME.search(last)
    return match.group() if match else ""


def _generic_words(options) -> frozenset[str]:
    """The generic words the options name, normalised (cached by the words: the same for
    every post of a run)."""
    words = (*options["generic-words"], *options["extend-generic-words"])
    if not {str}.issuperset(map(type, words)):  # a number or a table in the list: its text
        words = tuple(map(str, words))
    return _word_set(words)


@lru_cache(maxsize=8)
def _word_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_norm(w) for w in words)


def _generic_reason(alt: str, url: str, words: set[str]) -> str | None:
    """Why an alt text describes nothing, or None when it may describe something."""
    norm = _norm_alt(alt)
    if not norm or _has_liquid(alt):
        return None
    if norm in words:
        return "is a generic word that describes nothing"
    if norm.startswith(_URLISH) or ("/" in norm and norm == _norm(url)):
        return "is a URL"
    if _MACHINE_NAME.search(norm):  # only such a text can be a file name (see below)
        name = _file_name(url)
        if name:
            name = _norm(unquote(name))
            stem = name.rsplit(".", 1)[0] if "." in name else name
            if norm == name or (norm == stem and _MACHINE_NAME.search(stem)):
                return "is the image's file name"
        if _IMAGE_EXT.search(norm) and " " not in norm:
            return "is a file name"
    bare = _ARTICLE.sub("", norm) if norm[0] in "at" else norm
    if bare[-1].isdigit():  # numbered: "画像1", "image-02"
        bare = bare.rstrip("0123456789").rstrip(" _-#")
    if bare in words:
        return "is a generic word that describes nothing"
    return None


@rule("ALT003", "generic-alt", severity="warning",
      summary="Alt text is a generic word, a file name or a URL",
      options={"generic-words": GENERIC_WORDS, "extend-generic-words": []})
def generic_alt(post, ctx):
    """
    ## What it does
    Reports alt text that names the medium and nothing else ("image", "photo",
    "screenshot", "画像", "写真", "イメージ", also numbered or with an article: "画像1",
    "Image 2", "an image"), that is a file name (the image's own, with its extension, or
    without it when the name does not read as words: `IMG_1234`, `hero-banner`), or that
    is a URL. Texts are compared after NFKC normalisation and case folding, without
    surrounding punctuation. A name written as words is left alone even when the file is
    named the same (`![CtrlP](ctrlp.png)`), and alt text written with Liquid
    (`{{ page.title }}`) is filled in by Jekyll and not judged.

    ## Why is this bad?
    A screen-reader user hears "image, image" and learns nothing; a search engine gets no
    words to rank the image by. Alt text should say what the image shows or why it is in
    the post. A file name or URL is what the reader hears when the alt is missing, so it is
    no better than none.

    ## Example
    ```markdown
    ![画像](/assets/images/dashboard.png)
    ![IMG_0042](/assets/images/IMG_0042.jpg)
    ```

    ## Use instead
    ```markdown
    ![キーワード別の流入数を示すダッシュボード](/assets/images/dashboard.png)
    ![VimConf 2019 の会場入口](/assets/images/IMG_0042.jpg)
    ```

    ## Options
    - `generic-words`: alt texts that describe nothing; setting it replaces the defaults:
      image, img, photo, photograph, picture, pic, screenshot, screen shot, graphic, icon,
      thumbnail, placeholder, untitled, alt, alt text, 画像, 写真, イメージ, イメージ画像,
      イメージ図, 図, スクリーンショット, スクショ, サムネイル, サムネ, アイキャッチ,
      アイキャッチ画像, アイコン.
    - `extend-generic-words` (default `[]`): more such words, added to `generic-words`.

    ## References
    - [WAI images tutorial: informative images](https://www.w3.org/WAI/tutorials/images/informative/)
    - [Google: image SEO best practices, alt text](https://developers.google.com/search/docs/appearance/google-images#use-descriptive-alt-text)
    """
    images = _alt_images(post)
    if not images:
        return
    words = _generic_words(ctx.options)
    for image in images:
        alt = _alt_value(image)
        if not alt or alt.isspace():
            continue
        reason = _generic_reason(alt, image.url, words)
        if reason:
            start, end = _alt_span(post, image)
            yield ctx.finding(f"alt text \"{_short(alt)}\" {reason}: say what the image shows", start, end)


# -- ALT004 ---------------------------------------------------------------------------------


@dataclass
class _Template:
    prefix: str
    suffix: str
    members: list  # (image, alt as written)
    from_headings: bool

    @property
    def pattern(self) -> str:
        return f"{self.prefix}{'{heading}' if self.from_headings else '…'}{self.suffix}".strip()


def _lcp(a: str, b: str) -> int:
    n, limit = 0, min(len(a), len(b))
    while n < limit and a[n] == b[n]:
        n += 1
    return n


def _common_prefix(strings: list[str]) -> str:
    first, last = min(strings), max(strings)
    return first[: _lcp(first, last)]


def _common_suffix(strings: list[str]) -> str:
    return _common_prefix([s[::-1] for s in strings])[::-1]


def _image_phrase(fixed: str) -> bool:
    """Whether a template's fixed part is a phrase about "an image" that says more than
    "an image of": `Image related to`, `に関連するイメージ`, `Featured image for`."""
    folded = fixed.casefold()
    if not _MEDIUM.search(folded):
        return False
    rest = _FILLER.sub(" ", folded)
    return any(ch.isalnum() for ch in rest)


@lru_cache(maxsize=4096)
def _squeeze(text: str) -> str:
    """NFKC, whitespace runs made one space, stripped: how two alt texts are compared.
    Remembered: a generated archive repeats a few hundred alt texts and headings."""
    return " ".join(_nfkc(text).split())


@lru_cache(maxsize=4096)
def _heading_affix(alt: str, heading_text: str) -> tuple[str, str] | None:
    """The text around the heading in an alt text (both squeezed), when the alt text is the
    heading with something more around it; remembered, as their pairs repeat."""
    heading = _squeeze(heading_text)
    lowered, heading_lowered = alt.lower(), heading.lower()
    if not heading or len(lowered) != len(alt):
        return None
    at = lowered.find(heading_lowered)
    if at == -1:
        return None
    prefix, suffix = alt[:at], alt[at + len(heading):]
    return (prefix, suffix) if (prefix + suffix).strip(_PUNCT) else None


def _heading_templates(post, entries, k: int) -> list[_Template]:
    """Alt texts that are the nearest preceding heading with the same text around it."""
    headings = post.headings
    if not headings:
        return []
    by_affix: dict[tuple[str, str], list[int]] = {}
    starts = [heading.start for heading in headings]
    for j, (image, _, alt) in enumerate(entries):
        h = bisect_left(starts, image.start) - 1  # the last heading before the image
        if h < 0:
            continue
        affix = _heading_affix(alt, headings[h].text)
        if affix is not None:
            by_affix.setdefault(affix, []).append(j)
    return [_Template(prefix, suffix, [entries[j][:2] for j in group], True)
            for (prefix, suffix), group in by_affix.items() if len(group) >= k]


def _phrase_templates(entries, indexes: list[int], k: int) -> list[_Template]:
    """Alt texts sharing a prefix or suffix that is a phrase about "an image", with a
    different text in the rest of each: the largest such group, first by prefix then by suffix."""
    found = []
    for reverse in (False, True):
        if len(indexes) < k:
            break
        keyed = sorted((entries[j][2][::-1] if reverse else entries[j][2], j) for j in indexes)
        lcps = [_lcp(keyed[i][0], keyed[i + 1][0]) for i in range(len(keyed) - 1)]
        group = None
        for length in sorted(set(lcps)):  # shortest shared affix first: the largest group
            if length == 0:
                continue
            run = [0]
            for i, shared in enumerate(lcps):
                if shared >= length:
                    run.append(i + 1)
                    continue
                if len(run) >= k:
                    break
                run = [i + 1]
            affix = keyed[run[0]][0][:length]
            if len(run) >= k and _image_phrase(affix[::-1] if reverse else affix):
                group = [keyed[i][1] for i in run]
                break
        if group is None:
            continue
        members = [entries[j][2] for j in group]
        prefix, suffix = _common_prefix(members), _common_suffix(members)
        if len(prefix) + len(suffix) >= min(len(m) for m in members):
            continue
        varying = {_norm(m[len(prefix): len(m) - len(suffix)]) for m in members}
        if "" in varying or len(varying) < len(members):
            continue  # one alt is the bare fixed part, or the varying part repeats
        found.append(_Template(prefix, suffix, [entries[j][:2] for j in group], False))
        indexes = [j for j in indexes if j not in group]
    return found


def _k_alike(k: int, items: list[str]) -> bool:
    """Whether at least ``k`` of ``items`` are equal: once sorted, one equals the item k-1 places on."""
    items = sorted(items)
    return any(map(eq, items, items[k - 1 :]))


def _find_templates(post, k: int) -> list[_Template]:
    entries = []  # (image, alt as written, alt squeezed)
    for image in _alt_images(post):
        alt = _alt_value(image)
        if alt and not alt.isspace():
            entries.append((image, alt, _squeeze(alt)))
    if len(entries) < k:
        return []
    # a template's fixed part is a prefix or a suffix: at least k alt texts share their
    # first or their last character (a cheap test that settles most posts)
    if not _k_alike(k, [alt[0] for _, _, alt in entries]) and not _k_alike(k, [alt[-1] for _, _, alt in entries]):
        return []
    found = _heading_templates(post, entries, k)
    taken = sum(len(template.members) for template in found)
    if len(entries) - taken >= k:  # enough images left for another template
        taken_ids = {id(image) for template in found for image, _ in template.members}
        rest = [j for j, entry in enumerate(entries) if id(entry[0]) not in taken_ids]
        found.extend(_phrase_templates(entries, rest, k))
    return found


@rule("ALT004", "templated-alt", severity="warning",
      summary="Alt text follows a template repeated across the post's images",
      options={"min-images": 3})
def templated_alt(post, ctx):
    """
    ## What it does
    Reports images whose alt texts are one pattern with a single part swapped in: a fixed
    prefix and/or suffix shared by at least three images of the post, where the part that
    varies is the section heading above each image (`{見出し}に関連するイメージ`,
    `Image related to {heading}`), or differs per image while the fixed part says more
    than "an image of". One warning per image, naming the pattern.

    Alt texts that merely start alike ("Photo of the venue", "Photo of the speakers") are
    not reported: their fixed part only names the medium.

    ## Why is this bad?
    Generated alt text repeats the heading the reader has just heard and says nothing
    about the picture. Search engines see the same boilerplate on every image (and across
    every generated post of the archive), a sign of low-effort content.

    ## Example
    ```markdown
    ## learningの心理学的背景
    ![learningの心理学的背景に関連するイメージ](https://images.unsplash.com/photo-1569396116180)

    ## AIマーケティングの最新トレンド分析
    ![AIマーケティングの最新トレンド分析に関連するイメージ](https://images.unsplash.com/photo-1694903110330)

    ## 実践ステップ
    ![実践ステップに関連するイメージ](https://images.unsplash.com/photo-1646583288948)
    ```

    ## Use instead
    Alt text that says what each picture shows:
    ```markdown
    ## AIマーケティングの最新トレンド分析
    ![ノートパソコンでアクセス解析のグラフを見るマーケター](https://images.unsplash.com/photo-1694903110330)
    ```

    ## Options
    - `min-images` (default `3`): how many images must share the pattern.

    ## References
    - [WAI images tutorial: informative images](https://www.w3.org/WAI/tutorials/images/informative/)
    - [Google: image SEO best practices, alt text](https://developers.google.com/search/docs/appearance/google-images#use-descriptive-alt-text)
    """
    k = max(2, int(ctx.options["min-images"]))
    for template in _find_templates(post, k):
        count = len(template.members)
        how = "with the section heading swapped in" if template.from_headings else "with one part swapped in"
        tail = (f"\" follows the template \"{template.pattern}\" used on {count} images {how}: "
                "describe what this image shows")
        for image, alt in template.members:
            start, end = _alt_span(post, image)
            yield ctx.finding(_templated_message(alt, tail), start, end)


@lru_cache(maxsize=4096)
def _templated_message(alt: str, tail: str) -> str:
    """ALT004's message; remembered, as a generated archive repeats its alt texts and templates
    (and findings that share one string are pickled once per batch of results)."""
    return f"alt text \"{_short(alt)}{tail}"
