"""REF: ``{% post_url %}`` references, resolved exactly as Jekyll 4.3.1 resolves them.

Every ``post_url`` that Liquid parses in a post Jekyll builds is checked against the site index
(the whole site's ``_posts`` tree, whatever files the command line names), with Jekyll's own rules
(:mod:`leadlint.post_url`): a name it cannot parse, a name that matches no published post, or one
that matches only a post Jekyll does not publish, stops the build (errors); a name that works only
through Jekyll's deprecated fallback prints a deprecation warning (a warning).  In a post Jekyll
does not build yet (a draft, ``published: false``, a future date), the problems that will break
the build once it is published are notes.

A tag in a ``{% comment %}`` or in a branch a literal condition switches off (``{% if false %}``)
is parsed but not rendered: only its name is checked.  A tag under a condition only the build can
evaluate (``{% if page.lang == "en" %}``) is checked as if rendered, since it is whenever that
branch is taken.  Each post belongs to the site of the nearest ``_config.yml`` above it.
"""

from __future__ import annotations

import os
import posixpath
import unicodedata
from dataclasses import dataclass

from leadlint.post_url import (
    Blocked, PostName, PostUrlTag, Resolver, content_start, find_post_urls, parse_name, rendering,
)
from leadlint.rule import Edit, Fix, rule
from leadlint.site import SKIP_REASONS, IndexedPost, Site

_STOPS = 'so the build stops with "Could not find post"'
_EXTENSIONS = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".html", ".htm", ".text", ".txt")


@dataclass(frozen=True)
class _Issue:
    code: str
    message: str
    start: int
    end: int
    severity: str | None = None
    fix: Fix | None = None


def _issues(post) -> list[_Issue]:
    """Every REF problem of a post, computed once for all REF rules."""
    site: Site | None = post.site
    if post.source is None or site is None:
        return []
    text = post.text
    tags = find_post_urls(text, content_start(text))  # (which first looks for "post_url" in the text)
    if not tags:
        return []
    mode, why = rendering(site, post.relpath, text, post.front_matter)
    if mode == "never":
        return []
    resolver = Resolver.for_site(site)
    # paths in messages as the user sees them: relative to where leadlint runs, like the finding's own
    shown, own = post.display_path, post.relpath
    prefix = shown[: len(shown) - len(own)] if shown.endswith(own) and shown != own else ""

    def show(relpath: str) -> str:
        return f"`{posixpath.normpath(prefix + relpath)}`"

    issues: list[_Issue] = []
    for tag in tags:
        issues.extend(_check_tag(tag, own, resolver, (why if mode == "later" else None), show))
    return issues


def _check_tag(tag: PostUrlTag, own: str, resolver: Resolver, later: str | None, show) -> list[_Issue]:
    """The problem of one tag, if any.  ``show`` turns a site-relative path into the path users see."""
    start, end = (tag.name_start, tag.name_end) if tag.name else (tag.tag_start, tag.tag_end)

    def issue(code: str, message: str, severity: str | None = None, fix: Fix | None = None) -> list[_Issue]:
        if later is not None:
            if code not in ("REF001", "REF002", "REF003"):
                return []
            return [_Issue(code, f"this post is not built yet ({later}); once it is: {message}", start, end, "note")]
        return [_Issue(code, message, start, end, severity, fix)]

    name = resolver.name(tag.name)
    if name.problem is not None:  # raised when Liquid parses the page: comments and dead branches too
        return issue("REF001", _unparseable(name, resolver, own, show))
    if tag.rendered is False:
        return []  # parsed but never rendered: {% comment %}, {% if false %}
    if name.ymd is None:
        return issue("REF001", f"`{name.date}` in `{name.text}` is not a date, so the build stops "
                               f'("Invalid date" or "Could not find post"): write the post\'s date as YYYY-MM-DD')
    resolution = resolver.resolve(name)
    if resolution.kind == "exact":
        target = resolution.targets[0]
        if target.relpath == own:
            return issue("REF006", f"`{name.text}` links this post to itself")
        if len(resolution.targets) > 1:
            others = ", ".join(show(t.relpath) for t in resolution.targets[1:4])
            return issue("REF008", f"`{name.text}` matches {len(resolution.targets)} posts, and Jekyll links to the "
                                   f"first by date, then path: {show(target.relpath)} (not {others}); write the full "
                                   f"name of the one you mean")
        return []
    if resolution.kind == "fallback":
        target = resolution.targets[0]
        reference = resolver.reference_for(target)
        fix = None
        if reference is not None and tag.name:  # the exact name links the same post: always safe
            fix = Fix(f"write the exact name `{reference}`", (Edit(tag.name_start, tag.name_end, reference),))
        return issue("REF005", _fallback_message(name, target, resolver, own, show), fix=fix)
    if resolution.kind == "other-site":
        return issue("REF007", _other_site_message(name, resolution.targets[0], show))
    blocked = resolver.blocked(name)
    if blocked:
        if later is not None:
            return []  # the target may well be published with this post
        return issue("REF004", _blocked_message(name, blocked[0], resolver, show))
    normalized = resolver.normalization_match(name)
    if normalized is not None:
        return issue("REF003", _normalization_message(name, *normalized, show))
    return issue("REF002", _missing_message(name, resolver, own, show))


# -- messages -----------------------------------------------------------------------------------------------


def _unparseable(name: PostName, resolver: Resolver, own: str, show) -> str:
    text = name.text
    parse_error = '"Could not parse name of post"'
    if name.problem == "folder-regex":
        return (f"the folder part `{name.folder}` of `{text}` is read as a regular expression, and it is not a "
                f"valid one ({name.detail}), so the build stops with {parse_error}")
    if not text:
        return (f"`post_url` names no post, so the build stops with {parse_error}: write the post's name "
                f"(`YYYY-MM-DD-slug`, its file name without the extension)")
    if text[0] in "\"'" and text[-1:] == text[0] and len(text) > 1:
        return (f"`post_url` takes the bare name, not a quoted string, so the build stops with {parse_error}: "
                f"write `{{% post_url {text[1:-1]} %}}`")
    if "{{" in text or "{%" in text:
        return (f"`post_url` does not expand Liquid (`{text}`), so the build stops with {parse_error}: write the "
                f"literal name of the post")
    if not text[0].isascii() and (text[0].isspace() or unicodedata.category(text[0]) in ("Zs", "Cf")):
        return (f"the name starts with {_char(text[0])}, which Jekyll does not strip (it strips ASCII spaces "
                f"only), so the build stops with {parse_error}: use an ASCII space")
    if text.startswith("//"):
        return (f"Jekyll drops only one leading `/`, so `{text}` is not a post name and the build stops with "
                f"{parse_error}: write `{text.lstrip('/')}`")
    message = (f"`{text}` is not a post name (Jekyll needs `YYYY-MM-DD-slug`, optionally after `folder/`), so the "
               f"build stops with {parse_error}")
    guess = resolver.suggest(name, own)
    reference = resolver.reference_for(guess) if guess is not None else None
    if reference:
        message += f"; did you mean `{reference}` ({show(guess.relpath)})?"
    return message


def _missing_message(name: PostName, resolver: Resolver, own: str, show) -> str:
    message = f"no post matches `{name.text}`, {_STOPS}"
    slug = name.slug
    if slug.lower().endswith(_EXTENSIONS):
        stem = slug.rsplit(".", 1)[0]
        resolved = resolver.resolve(parse_name(name.text[: len(name.text) - len(slug) + len(stem)]))
        reference = resolver.reference_for(resolved.targets[0]) if resolved.targets else None
        if reference:
            return f"{message}: the name must not carry the file's extension; write `{reference}`"
    hints = []
    if not resolver.same_day(name):
        hints.append(f"no post of this site is dated {name.date}")
    odd = _odd_characters(name.text)
    if odd:
        if all(c in " \t" for c in odd):
            hints.append("everything between `post_url` and `%}` is the name, spaces included")
        else:
            hints.append(f"the name holds {_char(odd[0])}, which Jekyll keeps as part of it")
    outer = resolver.enclosing_match(name)
    if outer is not None:
        outer_site, target = outer
        where = show(os.path.relpath(outer_site.root / target.relpath, resolver.site.root))
        folder = outer_site.relpath(resolver.site.root)
        hints.append(f"{where} matches it in the enclosing site, but this post belongs to the site in `{folder}/` "
                     f"(the nearest _config.yml), whose build cannot see that post")
        return message + "; " + "; ".join(hints)
    guess = resolver.suggest(name, own)
    if guess is not None:
        reference = resolver.reference_for(guess)
        if reference and reference.lower() == name.text.lstrip("/").lower():
            hints.append("names are case-sensitive")
        hints.append(f"did you mean `{reference}` ({show(guess.relpath)})?" if reference
                     else f"did you mean {show(guess.relpath)}?")
    return message + ("; " + "; ".join(hints) if hints else "")


def _blocked_message(name: PostName, blocked: Blocked, resolver: Resolver, show) -> str:
    entry, reason = blocked.entry, blocked.reason
    site = resolver.site
    lead = (f"`{name.text}` names {show(entry.relpath)}" if blocked.how == "exact"
            else f"`{name.text}` would reach {show(entry.relpath)} (same date and slug)")
    if reason == "unpublished":
        where = "from `defaults` in _config.yml" if site.post_state(entry).published_by == "defaults" \
            else "in its front matter"
        return (f"{lead}, which Jekyll does not publish (`published: false` {where}), {_STOPS}: publish that post "
                f"(or build with `unpublished: true`), or remove the link")
    if reason == "future":
        state = site.post_state(entry)
        when = f" {state.date_text}" if state.date_text else ""
        source = f" (by its {state.date_by})" if state.date_by in ("front matter", "defaults") else ""
        return (f"{lead}, which is dated{when}{source}, after the time of the build: Jekyll skips future posts "
                f"(unless `future: true`), {_STOPS} until that date")
    if reason == "not-utf8":
        return f"{lead}, which is not valid UTF-8: Jekyll skips it, {_STOPS}; save that file as UTF-8"
    if reason == "drafts-hidden":
        return (f"{lead}, which is a draft: Jekyll builds drafts only with `--drafts` (`show_drafts: true`), "
                f"{_STOPS}; publish it by moving it to `_posts/` with a date in its name")
    by = entry.skipped_by
    if reason == "special":
        folder = entry.relpath.split("/_posts/", 1)[0] + "/" if "/_posts/" in entry.relpath else ""
        if folder and (folder.startswith(by + "/") or f"/{by}/" in f"/{folder}"):
            rule_text = "Jekyll never walks into folders whose names start with `_`, `.`, `#` or `~`"
        else:
            rule_text = ("inside `_posts`, Jekyll skips files and top folders whose names start with `_`, `.`, "
                         "`#` or `~`")
        return f"{lead}, but {rule_text} (here `{by}`), {_STOPS}; rename `{by}` or move the post"
    if reason in ("excluded", "default-excluded"):
        source = "`exclude` in _config.yml" if reason == "excluded" else "Jekyll's default `exclude` list"
        nested = "; that folder is a separate site, with its own _config.yml" if _in_nested_site(site, entry.relpath) \
            else ""
        return (f"{lead}, but `{by}` in {source} leaves it out of this site (a pattern excludes every path that "
                f"starts with it), {_STOPS}{nested}")
    if reason == "collections-dir":
        return (f"{lead}, but with `collections_dir: {by}` Jekyll reads posts only from folders under `{by}/`, "
                f"{_STOPS}; move the post under `{by}/` (names are then relative to `{by}/`)")
    if reason == "data-file":
        return f"{lead}, but Jekyll reads `{entry.ext}` files in `_posts` as data, not as posts, {_STOPS}"
    if reason == "not-a-post-name":
        return (f"{lead}, but Jekyll reads only files named `YYYY-MM-DD-slug.ext` as posts (this one has no "
                f"extension or no date), {_STOPS}; rename it")
    return f"{lead}, but Jekyll does not read it ({SKIP_REASONS.get(reason, reason)}), {_STOPS}"


def _fallback_message(name: PostName, target: IndexedPost, resolver: Resolver, own: str, show) -> str:
    path = show(target.relpath)
    itself = " (this post itself)" if target.relpath == own else ""
    lead = f"`{name.text}` matches {path}{itself} only through Jekyll's deprecated date-and-slug fallback"
    warns = "so the build prints a deprecation warning"
    if target.kind == "draft":
        return (f"{lead}, {warns}; it is a draft, which post_url reaches only this way and only while drafts are "
                f"built: publish it by moving it to `_posts/`")
    reference = resolver.reference_for(target)
    if reference is None:
        folder = target.relpath.split("/_posts/", 1)[0]
        return (f"{lead}, {warns}; no name matches it exactly, because Jekyll's exact match does not look into "
                f"subfolders of `{folder}/_posts/`: move it to `{folder}/_posts/` (then write "
                f"`{folder}/{target.stem}`) or to `_posts/{folder}/…`")
    site = resolver.site
    state = site.post_state(target)
    coll = site.collections_dir
    why = ""
    renamed = target.slug is not None and name.slug != target.slug.rstrip(".")
    if renamed and state.slug_by in ("front matter", "defaults"):
        source = "front matter" if state.slug_by == "front matter" else "`defaults` in _config.yml"
        why = f" (`{name.slug}` is the `slug:` its {source} gives it, not its file name's)"
    elif name.date != target.date and state.date_by in ("front matter", "defaults"):
        why = f" (`{name.date}` is the date in its {state.date_by}, not in its file name)"
    elif name.date != target.date:
        why = " (its file name writes the date differently)"
    elif coll and name.folder.startswith(coll.strip("/") + "/"):
        why = f" (names are relative to `{coll}/`, the `collections_dir`)"
    elif name.folder != reference[: len(reference) - len(target.stem)]:
        why = " (the folder part differs)"
    return f"{lead}{why}, {warns}: write `{{% post_url {reference} %}}`"


def _other_site_message(name: PostName, target: IndexedPost, show) -> str:
    nested = target.skipped_by
    return (f"`{name.text}` matches {show(target.relpath)}, which belongs to the separate site in `{nested}/` (it "
            f"has its own _config.yml): it resolves only while this site also reads `{nested}/`; building "
            f"`{nested}/` on its own, or adding it to `exclude`, breaks the link. Link to it by its URL, or move the "
            f"post")


def _normalization_message(name: PostName, target: IndexedPost, side: str, show) -> str:
    if side == "file":
        return (f"`{name.text}` matches {show(target.relpath)} only after Unicode normalisation: the file name is in "
                f"NFD (decomposed, as macOS writes it) and Jekyll compares names exactly, {_STOPS}; rename the file "
                f"to NFC (`git mv` it to the name as typed here)")
    return (f"`{name.text}` matches {show(target.relpath)} only after Unicode normalisation: the name here is "
            f"written in NFD (decomposed) and Jekyll compares names exactly, {_STOPS}; retype the name in NFC")


def _odd_characters(text: str) -> list[str]:
    """The spaces and invisible format characters of a name.  Every such character but the ASCII
    space is one ``str.isprintable`` rejects (a control, separator or format character), so a
    printable name without a space has none, and most names are checked in C."""
    if " " not in text and text.isprintable():
        return []
    return [c for c in text if c.isspace() or unicodedata.category(c) in ("Zs", "Cf")]


def _char(c: str) -> str:
    label = unicodedata.name(c, "").lower()
    return f"U+{ord(c):04X}" + (f" ({label})" if label else "")


def _in_nested_site(site: Site, relpath: str) -> bool:
    parts = relpath.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        folder = site.root.joinpath(*parts[:i])
        if any((folder / n).is_file() for n in ("_config.yml", "_config.yaml", "_config.toml")):
            return True
    return False


def _emit(post, ctx, code: str):
    for found in post.view(_issues):
        if found.code == code:
            yield ctx.finding(found.message, found.start, found.end, severity=found.severity, fix=found.fix)


# -- the rules ------------------------------------------------------------------------------------------------


@rule("REF001", "post-url-invalid-name", severity="error", scope="file", uses_site=True,
      summary="post_url name Jekyll cannot parse")
def post_url_invalid_name(post, ctx):
    """
    ## What it does
    Reports a `{% post_url %}` whose name Jekyll cannot read: not `[folder/]YYYY-MM-DD-slug` (no
    date, an empty name, `../../etc/passwd`, a quoted name, a `{{ variable }}`, two leading
    slashes, a full-width space before the name), a folder part that is not a valid regular
    expression, or a date that does not exist (`2020-13-45`).

    ## Why is this bad?
    Jekyll stops the whole build ("Could not parse name of post", or "Invalid date"). It parses
    every `post_url` when it parses the page, so this happens even inside `{% comment %}` or
    `{% if false %}`; only `{% raw %}` protects.

    ## Example
    ```liquid
    [last week's post]({% post_url "2025-01-02-launch" %})
    ```

    ## Use instead
    ```liquid
    [last week's post]({% post_url 2025-01-02-launch %})
    ```

    ## References
    - Jekyll 4.3 `lib/jekyll/tags/post_url.rb`: `PostComparer::MATCHER` is
      `^(.+/)*(\\d+-\\d+-\\d+)-(.*)$`, applied after `strip` (ASCII whitespace only) and dropping
      one leading `/`; the folder part is interpolated into a regular expression unescaped.
    - [Jekyll: Linking to posts](https://jekyllrb.com/docs/liquid/tags/#linking-to-posts)
    """
    yield from _emit(post, ctx, "REF001")


@rule("REF002", "post-url-not-found", severity="error", scope="file", uses_site=True,
      summary="post_url names no post of the site")
def post_url_not_found(post, ctx):
    """
    ## What it does
    Reports a `{% post_url %}` that matches no post of the site, exactly or through Jekyll's
    fallback, and suggests the nearest existing post (the same date first). The site's whole
    `_posts` tree is searched (`_posts/`, its subfolders, `category/_posts/`), even when only one
    file is linted.

    ## Why is this bad?
    Jekyll stops the build: "Could not find post … in tag 'post_url'". Names are compared as
    written: case, the date's zero padding, an extension, an extra word or a full-width space all
    count.

    ## Example
    ```liquid
    {% post_url 2025-01-02-Launch.md %}
    ```

    ## Use instead
    ```liquid
    {% post_url 2025-01-02-launch %}
    ```

    ## References
    - Jekyll 4.3 `lib/jekyll/tags/post_url.rb` (`PostUrl#render` raises `PostURLError`).
    """
    yield from _emit(post, ctx, "REF002")


@rule("REF003", "post-url-unicode-normalization", severity="error", scope="file", uses_site=True,
      summary="post_url matches a post only after Unicode normalisation")
def post_url_unicode_normalization(post, ctx):
    """
    ## What it does
    Reports a `{% post_url %}` that matches a post only when both names are normalised to NFC:
    typically a Japanese file name committed from macOS, which writes `ブ` as `フ` plus a
    combining mark (NFD), referenced by a name typed in NFC. It names the file and the side to fix.

    ## Why is this bad?
    Jekyll compares the name with the file's path byte for byte, so the two look identical and the
    build still stops with "Could not find post".

    ## Use instead
    Rename the file to NFC (`git mv`, typing the name), or retype the reference.

    ## References
    - Jekyll 4.3 `lib/jekyll/tags/post_url.rb` (a regular-expression match, no normalisation).
    - [Unicode normalization forms (UAX #15)](https://unicode.org/reports/tr15/)
    """
    yield from _emit(post, ctx, "REF003")


@rule("REF004", "post-url-target-not-built", severity="error", scope="file", uses_site=True,
      summary="post_url names a post that Jekyll does not publish")
def post_url_target_not_built(post, ctx):
    """
    ## What it does
    Reports a `{% post_url %}` whose post exists but is not built, and says why: `published:
    false` (in its front matter or from `defaults`), a date after the build (without `future:
    true`), a draft in `_drafts`, a file that is not UTF-8, or a file Jekyll does not read (under a
    `_`-prefixed folder such as `_posts/_old/`, excluded by `exclude` or Jekyll's default excludes,
    outside `collections_dir`, a `.yml` data file, a name that is not a post name).

    ## Why is this bad?
    `post_url` finds only posts Jekyll publishes in this build, so the build stops with "Could not
    find post", even though the file is right there.

    ## Example
    ```yaml
    # _posts/2999-01-01-next.md
    date: 2999-01-01
    ```
    referenced as `{% post_url 2999-01-01-next %}` from a published post.

    ## Use instead
    Publish the target first, or add the link when it is published.

    ## References
    - Jekyll 4.3 `lib/jekyll/publisher.rb`, `readers/post_reader.rb` and `entry_filter.rb`.
    """
    yield from _emit(post, ctx, "REF004")


@rule("REF005", "post-url-deprecated-fallback", severity="warning", scope="file", uses_site=True, fix="sometimes",
      summary="post_url resolves only through Jekyll's deprecated fallback")
def post_url_deprecated_fallback(post, ctx):
    """
    ## What it does
    Reports a `{% post_url %}` that Jekyll resolves only through its old matching method (the
    same year, month and day as the post's date, and the same `slug`, the folder ignored), and
    gives the exact name to write instead. Typical causes: a missing or wrong folder
    (`2025-01-02-x` for `_posts/news/2025-01-02-x.md`), an unpadded date (`2025-1-2-x`), a
    `slug:` or `date:` in the target's front matter, a draft shown with `show_drafts`.

    ## Why is this bad?
    The build succeeds but prints "Deprecation: A call to '{% post_url … %}' did not match a post
    using the new matching method"; the fallback may be removed, and it silently follows a renamed
    `slug:` to whichever post has it.

    ## Example
    ```liquid
    {% post_url 2025-01-02-x %}
    ```
    for `_posts/news/2025-01-02-x.md`.

    ## Use instead
    ```liquid
    {% post_url news/2025-01-02-x %}
    ```

    ## Fix
    Sometimes available: `--fix` writes the exact name, which links the same post. There is
    none for a draft or a post in a subfolder of `category/_posts/`, which no name matches
    exactly.

    ## References
    - Jekyll 4.3 `lib/jekyll/tags/post_url.rb` (`PostComparer#deprecated_equality`).
    """
    yield from _emit(post, ctx, "REF005")


@rule("REF006", "post-url-self-reference", severity="note", scope="file", uses_site=True,
      summary="post_url links the post to itself")
def post_url_self_reference(post, ctx):
    """
    ## What it does
    Notes a `{% post_url %}` that resolves to the post that holds it.

    ## Why is this bad?
    It builds, but a link to the page the reader is on is usually a copy-paste slip: a related
    post meant to be linked is not.

    ## Use instead
    Link the post you meant, or an anchor in this one (`#section`).

    ## References
    - Jekyll 4.3 `lib/jekyll/tags/post_url.rb`.
    """
    yield from _emit(post, ctx, "REF006")


@rule("REF007", "post-url-other-site", severity="warning", scope="file", uses_site=True,
      summary="post_url reaches a post of a separate, nested site")
def post_url_other_site(post, ctx):
    """
    ## What it does
    Reports a `{% post_url %}` that matches only a post of a nested site: a folder below this
    site (`docs/`) that holds its own `_config.yml`, which this site does not exclude.

    ## Why is this bad?
    leadlint treats each post as part of the nearest `_config.yml` above it. Building the outer
    site reads `docs/_posts/` too, so the link works there; building `docs/` on its own, or
    excluding it from the outer site (as such a repository usually should), breaks the build with
    "Could not find post".

    ## Use instead
    Link across sites with the post's URL, or move the post into this site.

    ## References
    - Jekyll 4.3 `lib/jekyll/reader.rb` (every non-excluded folder's `_posts` is read).
    """
    yield from _emit(post, ctx, "REF007")


@rule("REF008", "post-url-ambiguous", severity="note", scope="file", uses_site=True,
      summary="post_url matches several posts")
def post_url_ambiguous(post, ctx):
    """
    ## What it does
    Notes a `{% post_url %}` whose name matches more than one post exactly. Jekyll's match has no
    end anchor, so `2025-01-02-x` matches both `2025-01-02-x.md` and `2025-01-02-x.en.md`; it links
    the first by date, then path.

    ## Why is this bad?
    The link may go to another language's or version's post than the one meant.

    ## Use instead
    Write the full name of the post meant (`2025-01-02-x.en`).

    ## References
    - Jekyll 4.3 `lib/jekyll/tags/post_url.rb` (`PostComparer#==`, `name_regex`).
    """
    yield from _emit(post, ctx, "REF008")
