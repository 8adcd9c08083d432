"""LL: reading and parsing the post itself.

These rules report what stops a file from being read as a post at all: its bytes,
its front matter's syntax, and suppressions that silence nothing.  When one of them
fires, the content rules (FM, KW, ...) do not run on that file: fix this first.
"""

from __future__ import annotations

from leadlint.rule import rule
from leadlint.site import SKIP_REASONS


def _read_problem(post, ctx, kinds):
    problem = post.read_problem
    if problem is not None and problem.kind in kinds:
        yield ctx.finding_at(problem.message, problem.line, problem.column)


@rule("LL001", "not-utf8", severity="error", scope="file",
      summary="File is not valid UTF-8 text")
def not_utf8(post, ctx):
    """
    ## What it does
    Reports a file that cannot be decoded as UTF-8 (with or without a byte-order mark),
    says where the first bad byte is, and names the encoding the file most likely uses
    (Shift_JIS, EUC-JP, ISO-2022-JP, UTF-16, Windows-1252).

    ## Why is this bad?
    Jekyll reads posts as UTF-8. A Shift_JIS post either fails the build ("invalid byte
    sequence in UTF-8") or is published as mojibake, and search engines index the garbage.

    ## Example
    A post saved by an old Windows editor in Shift_JIS.

    ## Use instead
    Re-save the file as UTF-8 (`iconv -f SHIFT_JIS -t UTF-8`).
    """
    yield from _read_problem(post, ctx, {"encoding", "unreadable"})


@rule("LL002", "binary-file", severity="error", scope="file",
      summary="File in a posts folder is binary, not text")
def binary_file(post, ctx):
    """
    ## What it does
    Reports a file in `_posts` that holds NUL bytes: an image, an archive or an office
    document saved where posts belong.

    ## Why is this bad?
    Jekyll does not render it as a post; it is either copied as a stray file into the site
    or, with a post-like name, breaks the build.

    ## Use instead
    Move assets to `assets/` and link them from the post.
    """
    yield from _read_problem(post, ctx, {"binary"})


@rule("LL003", "empty-file", severity="warning", scope="file",
      summary="File is empty")
def empty_file(post, ctx):
    """
    ## What it does
    Reports a post that is empty or holds only whitespace.

    ## Why is this bad?
    Jekyll publishes an empty page at the post's URL: a thin page that search engines
    rank poorly and that readers bounce from.

    ## Use instead
    Write the post, or delete the file.
    """
    yield from _read_problem(post, ctx, {"empty"})


@rule("LL004", "file-too-large", severity="warning", scope="file",
      summary="File is too large to lint")
def file_too_large(post, ctx):
    """
    ## What it does
    Reports a file over 5 MB; it is not linted further.

    ## Why is this bad?
    No real post is that large: it is usually generated output or a pasted data dump, and
    a page of that size is slow for readers and crawlers alike.
    """
    yield from _read_problem(post, ctx, {"too-large"})


def _front_matter_problem(post, ctx, kinds):
    if post.source is None or not post.is_post:
        return
    problem = post.front_matter.problem
    if problem is not None and problem.kind in kinds:
        yield ctx.finding(problem.message, problem.offset)


@rule("LL005", "missing-front-matter", severity="warning",
      summary="Post has no front matter")
def missing_front_matter(post, ctx):
    """
    ## What it does
    Reports a post that does not start with a `---` line opening YAML front matter.

    ## Why is this bad?
    Without front matter the post has no title, description or layout of its own: Jekyll
    still publishes it, but the page falls back to the site's defaults, and its title
    and meta description are empty or duplicated across pages.

    ## Example
    ```markdown
    # My post
    Text...
    ```

    ## Use instead
    ```markdown
    ---
    title: My post
    description: What the reader learns.
    ---
    Text...
    ```
    """
    yield from _front_matter_problem(post, ctx, {"missing"})


@rule("LL006", "unclosed-front-matter", severity="error", scope="file",
      summary="Front matter is never closed")
def unclosed_front_matter(post, ctx):
    """
    ## What it does
    Reports front matter opened with `---` on the first line that has no closing `---`
    (or `...`) line.

    ## Why is this bad?
    Jekyll then reads no front matter at all and publishes the YAML as the text of the
    page, without title or layout.

    ## Use instead
    Add the closing `---` line after the last key.
    """
    yield from _front_matter_problem(post, ctx, {"unclosed"})


@rule("LL007", "invalid-yaml", severity="error", scope="file",
      summary="Front matter is not valid YAML")
def invalid_yaml(post, ctx):
    """
    ## What it does
    Reports front matter that YAML cannot parse, at the line and column libyaml gives
    (the same parser Jekyll's loader accepts), or that is not a mapping of keys.

    ## Why is this bad?
    Jekyll stops with "YAML Exception reading …" and publishes the post without its front
    matter: no title, no layout, no description.

    ## Example
    ```yaml
    title: "Unclosed quote
    ```

    ## Use instead
    Quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `%`, `@` or a backtick.
    """
    yield from _front_matter_problem(post, ctx, {"yaml", "not-a-mapping"})


@rule("LL008", "hostile-yaml", severity="error", scope="file",
      summary="Front matter expands to a huge document")
def hostile_yaml(post, ctx):
    """
    ## What it does
    Reports front matter whose aliases expand to more than 20,000 values, or whose nesting
    is deeper than 64 levels (a "billion laughs" document). leadlint does not use it.

    ## Why is this bad?
    Such front matter makes Jekyll (and any tool reading the site) allocate without bound;
    no real post needs it.
    """
    yield from _front_matter_problem(post, ctx, {"hostile"})


@rule("LL100", "unused-suppression", severity="warning", phase="suppression", scope="file",
      summary="Suppression silences nothing")
def unused_suppression(post, ctx):
    """
    ## What it does
    Reports a `<!-- leadlint-disable … -->` comment, a `leadlint-disable-next-line`
    comment or a front-matter `leadlint: {ignore: […]}` entry that silenced no finding in
    this run, and codes in them that name no rule. Codes of rules that did not run
    (not selected) are not reported.

    ## Why is this bad?
    A stale suppression hides the next real problem at that place, and an unknown code
    means the suppression never worked (a typo such as `ALT01`).

    ## Example
    ```markdown
    <!-- leadlint-disable-next-line ALT001 -->
    ![A chart of monthly visits](visits.png)
    ```

    ## Use instead
    Remove the comment once the finding it silenced is fixed.
    """
    for unused in ctx.unused_suppressions:
        parts = []
        if unused.codes:
            parts.append(f"silences nothing ({', '.join(unused.codes)})")
        if unused.unknown:
            parts.append(f"names unknown code(s) {', '.join(unused.unknown)}")
        yield ctx.finding(f"suppression {' and '.join(parts)}", unused.start, unused.end)


@rule("LL009", "not-a-post", severity="note", scope="file",
      summary="File in a posts folder is not a post Jekyll publishes")
def not_a_post(post, ctx):
    """
    ## What it does
    Reports a file in `_posts` that Jekyll does not read as a post, and says why: its name
    is not `YYYY-MM-DD-title.EXT`, it is a `.yml` data file, it sits in a folder Jekyll skips
    (`_old/`, `exclude` in `_config.yml`, Jekyll's default excludes, outside
    `collections_dir`, a nested site). No other rule runs on such a file.

    ## Why is this bad?
    It is usually a stale copy, a partial or a misnamed post that the writer believes is
    live. Jekyll silently skips it, so the post never appears on the site.

    ## Example
    `_posts/my-first-post.md` (no date), `_posts/2024-01-05-notes.txt`.

    ## Use instead
    `_posts/2024-01-05-my-first-post.md`, or move the file out of `_posts`.
    """
    if post.is_post or post.read_problem is not None:
        return
    entry = post.index_entry
    if entry is not None and entry.skipped:
        reason = f"skipped because of {SKIP_REASONS.get(entry.skipped, entry.skipped)}"
        if entry.skipped_by and entry.skipped_by != entry.filename:
            reason += f": {entry.skipped_by}"
    elif post.filename_match is None:
        reason = "its name is not YYYY-MM-DD-title.EXT"
    else:
        reason = f"Jekyll does not render the extension {post.path.suffix!r} (see markdown_ext)"
    yield ctx.finding_at(f"Jekyll does not read this file as a post: {reason}", 1)
