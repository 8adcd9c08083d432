"""IMG: the URLs of the post's images, wherever the post names one.

An image URL is found in the front matter (`image`, and any key that holds an image:
`thumbnail`, `header.image`, ...), in Markdown images (reference-style: at the URL of the
`[label]: url` definition), in `<img src>`, in every candidate of `<img srcset>` and of
`<source srcset>` inside `<picture>`, and in JSON-LD (`image` as a string, a list or an
`ImageObject`'s `url`/`contentUrl`; `logo` and `thumbnailUrl` too).  Images in code,
`{% highlight %}`, `{% raw %}` and `{% comment %}` are not images.

Liquid (`{{ site.url }}`) is filled in by Jekyll: what it produces is not judged, only
the literal text around it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate
from html import unescape
from operator import itemgetter
from typing import NamedTuple
from urllib.parse import unquote_plus

from leadlint.rule import Edit, Fix, rule

_JSON_IMAGE_PROPS = {"image", "logo", "thumbnailUrl", "thumbnail", "photo", "primaryImageOfPage"}
_JSON_URL_PROPS = {"url", "contentUrl", "thumbnailUrl"}
_SEPARATOR = re.compile(r"(&(?:amp;|#0*38;|#x0*26;)?)", re.IGNORECASE)


class ImageUrl(NamedTuple):
    """One image URL of the post.

    ``start``/``end`` locate it as written.  ``raw`` is that text when it maps onto the
    URL character for character (so query parameters can be located and edited), else
    None (a YAML or JSON escape, a folded line).  ``entities``: an HTML context, where
    ``&amp;`` separates parameters like ``&``.
    """

    where: str
    url: str
    start: int
    end: int
    raw: str | None
    entities: bool


def _image_url(where: str, url: str, start: int, end: int, raw: str, entities: bool) -> ImageUrl:
    exact = raw == url or (entities and "&" in raw and unescape(raw) == url)
    return _new_tuple(ImageUrl, (where, url, start, end, raw if exact else None, entities))


_new_tuple = tuple.__new__  # a named tuple made in C, without its generated __new__ (a third of the cost)


@lru_cache(maxsize=1024)
def _where(place: str, path: tuple) -> str:
    """``front matter `header.image```, ``JSON-LD `image[0]```: cached, the posts of an
    archive name their images at the same few paths."""
    name = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
    return f"{place} `{name}`"


def _json_images(data) -> list[tuple[tuple, str]]:
    """``(path, value)`` of the JSON-LD values that are image URLs (one walk: the values are
    kept, not looked up again by path)."""
    found: list[tuple[tuple, str]] = []
    # the containers left to read, each with its path and whether a string in it is an image URL
    stack = [(data, (), False)] if isinstance(data, (dict, list)) else []
    while stack:
        value, path, slot = stack.pop()
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    if slot:
                        found.append((path + (i,), item))
                elif isinstance(item, (dict, list)):
                    stack.append((item, path + (i,), slot))
            continue
        of = value.get("@type")
        image_object = slot or of == "ImageObject" or (isinstance(of, list) and "ImageObject" in of)
        for key, item in value.items():
            if isinstance(item, str):
                if key in _JSON_IMAGE_PROPS or (image_object and key in _JSON_URL_PROPS):
                    found.append((path + (key,), item))
            elif isinstance(item, (dict, list)):
                image = key in _JSON_IMAGE_PROPS or (image_object and key in _JSON_URL_PROPS)
                stack.append((item, path + (key,), image))
    return found


def image_urls(post) -> list[ImageUrl]:
    """Every image URL of the post, in the order the post names them."""
    text = post.text
    found: list[ImageUrl] = []
    for image in post.front_matter_images:
        start, end = image.start, image.end
        if end - start >= 2 and text[start] in "\"'" and text[end - 1] == text[start]:
            start, end = start + 1, end - 1
        found.append(_image_url(_where("front matter", image.path), image.url, start, end, text[start:end], True))
    seen: set[tuple[int, int]] = set()
    for image in post.images:
        url_start, url_end = image.url_start, image.url_end
        if image.url and url_end > url_start and (url_start, url_end) not in seen:
            seen.add((url_start, url_end))
            where = "a Markdown image" if image.origin == "markdown" else f"<{image.tag} src>"
            found.append(_image_url(where, image.url, url_start, url_end, text[url_start:url_end], True))
        for url, start, end in image.srcset:
            found.append(_image_url(f"<{image.tag} srcset>", url, start, end, text[start:end], True))
    for block in post.json_ld:
        if block.data is None or block.problem is not None:
            continue
        located = [(*block.span(*path), path, value) for path, value in _json_images(block.data)]
        located.sort(key=itemgetter(0))
        for start, end, path, value in located:
            if end - start < 2:
                continue
            raw = text[start + 1 : end - 1]
            url = raw if path in block.liquid else value
            found.append(_image_url(_where("JSON-LD", path), url, start + 1, end - 1, raw, False))
    return found


def _has_liquid(text: str) -> bool:
    return "{{" in text or "{%" in text


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# -- IMG001 ---------------------------------------------------------------------------------


@rule("IMG001", "duplicate-image-query-parameter", severity="warning", fix="sometimes",
      summary="Image URL gives a query parameter more than once",
      options={"allowed-repeats": []})
def duplicate_image_query_parameter(post, ctx):
    """
    ## What it does
    Reports an image URL whose query string gives the same parameter more than once
    (`…&w=1080&w=1200`), with every value, at the URL: in the front matter, Markdown
    images, `<img src>`, each `srcset` candidate, `<source srcset>` and JSON-LD images.
    Parameters named with `[]` (`tag[]=a&tag[]=b`) are lists by intent and not reported;
    Liquid parts are not judged, and a query holding a Liquid tag (`{% if %}`) is skipped.

    ## Why is this bad?
    Servers disagree on which value counts: PHP, Rails and Django take the last one; Go,
    Java servlets and the browser's `URLSearchParams` the first; ASP.NET joins them
    (`1080,1200`). What an image CDN does is its own choice, rarely documented; the last
    value is the likely one. So the image a reader, a social preview and Google Images get
    depends on the server, and can change with the next CDN migration. Such URLs are
    usually produced by a script that appends `&w=1200` without looking, so the same
    mistake is then in every post of the archive.

    ## Example
    ```yaml
    image: "https://images.unsplash.com/photo-1522327646852?q=80&w=1080&w=1200&h=630"
    ```

    ## Use instead
    ```yaml
    image: "https://images.unsplash.com/photo-1522327646852?q=80&w=1200&h=630"
    ```

    ## Fix
    Keeps the last value of each repeated parameter (the one the image was most likely
    served with) and drops the earlier ones. Not offered when the URL is written
    with escapes (`\\u0026`, `\\/`) or folded over lines, where the text is not the URL.

    ## Options
    - `allowed-repeats` (default `[]`): parameter names that may repeat (a server that
      reads repeats as a list).

    ## References
    - [WHATWG URL standard: application/x-www-form-urlencoded parsing](https://url.spec.whatwg.org/#urlencoded-parsing)
      (keeps every pair; which one a server uses is its own choice)
    - [RFC 3986, 3.4 Query](https://www.rfc-editor.org/rfc/rfc3986#section-3.4)
    """
    allowed = frozenset(str(a) for a in ctx.options["allowed-repeats"])
    known: dict[tuple[str, bool], tuple | None] = {}  # the same URL is often in front matter and JSON-LD
    for ref in post.view(image_urls):
        if "?" not in ref.url:
            continue
        text = ref.raw if ref.raw is not None else ref.url
        key = (text, ref.entities and _entity_separated(text))
        if key not in known:
            known[key] = _describe(text, ref.entities, allowed)
        described = known[key]
        if described is None:
            continue
        what, action, drops = described
        fix = None
        if ref.raw is not None:
            at = ref.start  # the Edits and the Fix made in C (see _new_tuple)
            fix = _new_tuple(Fix, (action, tuple([_new_tuple(Edit, (at + a, at + b, "")) for a, b in drops])))
        yield ctx.finding(_message(ref.where, what), ref.start, ref.end, fix=fix)


@lru_cache(maxsize=1024)
def _message(where: str, what: str) -> str:
    """IMG001's message; cached, so the findings of an archive that repeat one share one
    string, which the worker pickles once per batch of results instead of once per finding."""
    return f"image URL in {where} {what}"


def _describe(text: str, entities: bool, allowed: frozenset[str]) -> tuple[str, str, list] | None:
    """What a URL's repeated query parameters are, as written: the message's tail, the fix's
    description, and the spans (in ``text``) of the pieces the fix drops; None when nothing
    repeats.  ``entities``: HTML text that may separate parameters with ``&amp;``.

    Which keys repeat depends on the keys alone, not on their values: that verdict is
    cached (`_repeated`), and so is the wording (`_wording`), so the many URLs of an archive
    that differ only in other values (`?ixid=…&w=1080&w=1200`) cost a split of the query."""
    q = text.find("?")
    end = text.find("#")
    if q == -1 or -1 < end < q:  # no query, or a "?" inside the fragment
        return None
    query = text[q + 1 : end] if end != -1 else text[q + 1 :]
    if entities and _entity_separated(query):
        parts = _SEPARATOR.split(query)
        segments, separators = parts[0::2], parts[1::2]
    else:
        segments, separators = query.split("&"), None
    found = _repeated(tuple([segment.partition("=")[0] for segment in segments]), allowed)
    if found is None or "{%" in query:  # a Liquid tag may render any of these parameters, or none
        return None
    repeated, dropped = found
    what, action = _wording(repeated, tuple([segments[i] for _, indexes in repeated for i in indexes]))
    # each dropped piece with the separator after it (one "&" unless entities separate)
    widths = [len(segment) + 1 for segment in segments] if separators is None else \
        [len(segment) + len(separator) for segment, separator in zip(segments, separators)]
    starts = list(accumulate(widths[: dropped[-1]], initial=q + 1))
    return what, action, [(starts[i], starts[i] + widths[i]) for i in dropped]


def _entity_separated(text: str) -> bool:
    """Whether HTML text may separate parameters with ``&amp;`` (or ``&#38;``): else ``&``
    alone separates them, read as HTML or not."""
    return ";" in text and ("&amp;" in text or "&#" in text or "&AMP;" in text)


@lru_cache(maxsize=1024)
def _repeated(keys: tuple[str, ...], allowed: frozenset[str]) -> tuple[tuple, tuple[int, ...]] | None:
    """The keys of a query (as written) that repeat: ``(repeated, dropped)``, ``repeated``
    pairing each repeated key (percent-decoded: `w` and `%77` are one key) with the indexes
    of its pieces, in the order the keys first appear; ``dropped`` the indexes of the pieces
    the fix drops (each earlier piece of a repeated key).  None when no key repeats that
    may be judged."""
    if any("%" in k or "+" in k for k in keys):
        keys = tuple(unquote_plus(k) if "%" in k or "+" in k else k for k in keys)
    if len(set(keys)) == len(keys):
        return None
    index: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key in index:
            index[key].append(i)
        else:
            index[key] = [i]
    repeated = tuple((k, tuple(v)) for k, v in index.items()
                     if len(v) > 1 and k and not k.endswith("[]") and k not in allowed and not _has_liquid(k))
    if not repeated:
        return None
    # the fix drops each earlier piece with the separator after it (never the last piece: the
    # last value of its key comes after it), so its edits never overlap
    return repeated, tuple(sorted(i for _, indexes in repeated for i in indexes[:-1]))


_TIMES = {2: "twice", 3: "three times"}


@lru_cache(maxsize=1024)
def _wording(repeated: tuple, pieces: tuple[str, ...]) -> tuple[str, str]:
    """The message's tail and the fix's description for the repeated keys and their pieces
    (``key=value``, in ``repeated``'s order); cached: an archive repeats the same few."""
    listed, lasts = [], []
    at = 0
    for key, indexes in repeated:
        given = [piece.partition("=")[2] for piece in pieces[at : at + len(indexes)]]
        at += len(indexes)
        listed.append(f"{key} ({', '.join(_short(v) or '(empty)' for v in given)})")
        lasts.append(f"{key}={_short(given[-1])}")
    if len(repeated) == 1:
        count = len(repeated[0][1])
        what = (f"gives query parameter {listed[0]} {_TIMES.get(count, f'{count} times')}: an image CDN most "
                f"likely uses the last value ({lasts[0]}), but servers differ; keep one")
    else:
        what = (f"repeats query parameters {', '.join(listed)}: an image CDN most likely uses the last values "
                f"({', '.join(lasts)}), but servers differ; keep one of each")
    return what, f"keep only the last value of {', '.join(key for key, _ in repeated)}"


# -- IMG002 ---------------------------------------------------------------------------------


def _https_site(post, assume: bool) -> bool:
    config = post.site.config if post.site is not None else {}
    url = str(config.get("url") or "").strip().lower()
    if url.startswith("https://"):
        return True
    if url.startswith("http://"):
        return False
    return assume


@rule("IMG002", "insecure-image-url", severity="warning",
      summary="Image is loaded over http:// on an https site",
      options={"assume-https": True})
def insecure_image_url(post, ctx):
    """
    ## What it does
    Reports an image URL that starts with `http://` on a site served over https: the
    site's `url` in `_config.yml` starts with `https://`, or, when `_config.yml` has no
    `url` (or one without a scheme), the site is assumed to be https (nearly every host
    is today; turn this off with `assume-https = false`). A site whose `url` is
    `http://` is not checked. Every
    place the post names an image is checked (front matter, Markdown, `<img src/srcset>`,
    `<source srcset>`, JSON-LD); Liquid (`{{ site.url }}/x.png`) is not judged.

    ## Why is this bad?
    An http image on an https page is mixed content: browsers upgrade it to https and
    show nothing when the host cannot serve that, or block it outright, and mark the page
    "not fully secure". Social previews (`og:image`, usually from the front matter) and
    structured data should name the same https URL the page shows: an http one is fetched
    insecurely and breaks when the host stops serving http.

    ## Example
    ```markdown
    ![Vim のロゴ](http://vim-jp.org/assets/images/vim.png)
    ```

    ## Use instead
    ```markdown
    ![Vim のロゴ](https://vim-jp.org/assets/images/vim.png)
    ```
    or a site-relative path (`/assets/images/vim.png`) for the site's own images.

    ## Options
    - `assume-https` (default `true`): treat a site whose `_config.yml` has no `url` as
      served over https.

    ## References
    - [MDN: mixed content](https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content)
    - [W3C: Mixed Content Level 2, autoupgrading images](https://www.w3.org/TR/mixed-content/)
    """
    if not _https_site(post, bool(ctx.options["assume-https"])):
        return
    seen: set[tuple[int, int]] = set()
    for ref in post.view(image_urls):
        if ref.url[:7].lower() != "http://" or (ref.start, ref.end) in seen:
            continue
        seen.add((ref.start, ref.end))
        yield ctx.finding(
            f"image URL in {ref.where} uses http:// on an https site ({_short(ref.url, 60)}): browsers treat it "
            "as mixed content (upgraded to https or blocked); use https://", ref.start, ref.end)
