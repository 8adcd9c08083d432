"""NET: online checks of the post's external URLs (off unless asked for: `--online`).

The rules collect the post's absolute http(s) URLs with their positions and ask the engine
(`leadlint.online`) what checking them found; the engine owns every connection, the limits,
the address checks and the result store.  Image URLs are found where IMG finds them (front
matter, Markdown, `<img src/srcset>`, `<source srcset>`, JSON-LD); links are Markdown links
and `<a href>`.  A URL holding Liquid is left alone: Jekyll writes it.

Every option is set on NET001 and applies to the whole family.
"""

from __future__ import annotations

from leadlint import online
from leadlint.rule import rule

from .image_urls import image_urls

_OPTIONS_OF = "NET001"


def _absolute(url: str) -> str | None:
    """The URL to request, or None: only absolute http(s) URLs without Liquid are external."""
    url = url.strip()
    if "{{" in url or "{%" in url:
        return None
    if url.startswith("//"):
        url = "https:" + url
    scheme = url.split(":", 1)[0].lower()
    if scheme not in ("http", "https") or "://" not in url[:8] or " " in url:
        return None
    return url


def _images(post) -> list[tuple[str, str, int, int]]:
    """(url, where, start, end) of every external image URL, each position once."""
    found, seen = [], set()
    for ref in post.view(image_urls):
        url = _absolute(ref.url)
        if url is not None and (ref.start, ref.end) not in seen:
            seen.add((ref.start, ref.end))
            found.append((url, f"image URL in {ref.where}", ref.start, ref.end))
    return found


def _links(post) -> list[tuple[str, str, int, int]]:
    """(url, where, start, end) of every external link: Markdown links and ``<a href>``."""
    text, found = post.text, []
    for link in post.markdown.links:
        url = _absolute(link.url)
        if url is None or post.liquid.region_at(link.start) is not None:
            continue
        at = text.rfind(link.url, link.start, link.end) if link.url else -1
        start, end = (at, at + len(link.url)) if at != -1 else (link.start, link.end)
        found.append((url, "link", start, end))
    for element in post.html.elements:
        if element.tag != "a" or not element.attrs.get("href") or "href" not in element.value_spans:
            continue
        url = _absolute(element.attrs["href"])
        if url is not None and post.liquid.region_at(element.start) is None:
            start, end = element.value_spans["href"]
            found.append((url, "link in <a href>", start, end))
    return found


def _broken(refs, ctx):
    known = online.results((url for url, *_ in refs), ctx.options_of(_OPTIONS_OF))
    for url, where, start, end in refs:
        result = known.get(url)
        if result is not None and not result.ok:
            yield ctx.finding(f"{where} {result.message} ({url})", start, end)


def _redirected(refs, ctx):
    known = online.results((url for url, *_ in refs), ctx.options_of(_OPTIONS_OF))
    for url, where, start, end in refs:
        result = known.get(url)
        if result is not None and result.outcome == "redirect":
            yield ctx.finding(f"{where} {result.message}; name the target instead ({url})", start, end)


@rule("NET001", "image-url-unreachable", severity="error", enabled=False,
      summary="External image URL does not load (online check)", options=online.DEFAULT_OPTIONS)
@online.network("images")
def image_url_unreachable(post, ctx):
    """
    ## What it does
    With `--online`, requests every external image URL of the post (front matter,
    Markdown images, `<img src>`, each `srcset` candidate, `<source srcset>`, JSON-LD
    `image`) and reports one that does not load: an HTTP error status (4xx, 5xx), no answer
    within the timeout, a TLS error, a name that does not resolve, a refused connection, a
    redirect loop, or an address leadlint does not request (loopback, private, link-local,
    metadata), at the URL's position, with the status.

    ## Why is this bad?
    A broken image shows readers an empty box, and a broken `image` in the front matter or
    JSON-LD leaves social previews and Google's rich results without a picture: often the
    first thing a reader sees of the post. Image hosts move and expire files silently.

    ## Example
    ```yaml
    image: https://images.example-cdn.com/2019/old-cover.jpg   # answers 404 Not Found
    ```

    ## Use instead
    The image's current URL, or a copy under the site's own `/assets/`.

    ## How it checks
    HEAD first, GET when the server refuses HEAD (reading at most `max-bytes`); 429 and
    503 are retried after `Retry-After`; redirects are followed one hop at a time. Only
    http and https; before every connection, for every redirect too, the host is resolved
    and refused if any address is loopback, private, link-local, reserved, multicast or a
    cloud metadata address, unless `allow-hosts` names it; the connection then goes to
    the address that was checked. Results are kept in `.leadlint_cache/online.sqlite3`.
    Nothing is requested without `--online` (or selecting the rule).

    ## Options (for the whole NET family, set them here)
    - `timeout` (default 10.0): seconds one request may take, connection to last byte read.
    - `max-bytes` (default 65536): the most of a body a GET reads.
    - `retries` (default 2): retries after 429 Too Many Requests or 503 Service Unavailable.
    - `max-retry-wait` (default 30.0): the longest `Retry-After` honoured, in seconds; a
      longer one is reported as the status.
    - `max-redirects` (default 10).
    - `per-host` (default 2): requests at once to one host; `concurrency` (default 16): in all.
    - `allow-hosts` (default `[]`): hosts requested whatever they resolve to (`intranet.example`,
      `*.corp.example`, `127.0.0.1`).
    - `ttl` (default 86400): seconds a good answer is reused; `failure-ttl` (default 3600):
      seconds a failure is reused before it is checked again.
    - `user-agent` (default: `leadlint/<version> (link checker; +https://github.com/leadlint/leadlint)`).

    ## References
    - [RFC 9110: HTTP Semantics, status codes and Retry-After](https://www.rfc-editor.org/rfc/rfc9110)
    - [Google Search Central: image SEO best practices](https://developers.google.com/search/docs/appearance/google-images)
    """
    return _broken(_images(post), ctx)


@rule("NET002", "image-url-redirects", severity="note", enabled=False,
      summary="External image URL redirects elsewhere (online check)")
@online.network("images")
def image_url_redirects(post, ctx):
    """
    ## What it does
    With `--online`, reports an external image URL that answers with a redirect (301,
    302, 303, 307, 308) that ends at a working URL, and names that target.

    ## Why is this bad?
    Every reader's browser makes an extra round trip before the image loads, and crawlers
    index the target, not the URL in the post. A redirect is often the first sign of a
    host moving its files; the old URL may stop working later.

    ## Example
    ```markdown
    ![ロゴ](http://example.com/logo.png)   <!-- redirects (301) to https://cdn.example.com/logo.png -->
    ```

    ## Use instead
    ```markdown
    ![ロゴ](https://cdn.example.com/logo.png)
    ```

    ## Options
    Those of NET001.
    """
    return _redirected(_images(post), ctx)


@rule("NET003", "link-unreachable", severity="error", enabled=False,
      summary="External link does not load (online check)")
@online.network("links")
def link_unreachable(post, ctx):
    """
    ## What it does
    With `--online=links`, requests every external link of the post (Markdown links and
    `<a href>`, absolute http and https URLs) and reports one that does not load, as
    NET001 does for images: an HTTP error status, a timeout, a TLS error, a name that does
    not resolve, a redirect loop, or an address leadlint does not request.

    ## Why is this bad?
    Readers who follow a dead link leave, and search engines read many dead links as a
    sign of an unmaintained page.

    ## Example
    ```markdown
    詳しくは[公式ドキュメント](https://docs.example.com/v1/guide)を参照。   <!-- 404 Not Found -->
    ```

    ## Use instead
    The page's current URL, or an archived copy (`https://web.archive.org/...`).

    ## Options
    Those of NET001.
    """
    return _broken(_links(post), ctx)


@rule("NET004", "link-redirects", severity="note", enabled=False,
      summary="External link redirects elsewhere (online check)")
@online.network("links")
def link_redirects(post, ctx):
    """
    ## What it does
    With `--online=links`, reports an external link that redirects to another working URL,
    and names the target.

    ## Why is this bad?
    A redirect costs the reader a round trip; a page that moved may later disappear from
    its old address, and linking the target keeps the post's links honest.

    ## Example
    ```markdown
    [Jekyll](http://jekyllrb.com)   <!-- redirects (301) to https://jekyllrb.com/ -->
    ```

    ## Use instead
    ```markdown
    [Jekyll](https://jekyllrb.com/)
    ```

    ## Options
    Those of NET001.
    """
    return _redirected(_links(post), ctx)
