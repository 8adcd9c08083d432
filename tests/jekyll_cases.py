"""Ground truth for ``{% post_url %}``: what real Jekyll does, as a table of tiny sites.

Every ``jekyll_verdict`` below was recorded by building the case with Debian's jekyll 4.3.1
(liquid 5.4.0) via :func:`run_jekyll` (``jekyll build --safe``), and
``tests/test_jekyll_differential.py`` re-checks each one against the real binary when it is installed.
Do not edit a verdict by reasoning; change the case, rebuild, and copy what Jekyll says.

Verdicts (about the one ``post_url`` tag a case is built around):

- ``"abort"`` the build fails (``jekyll build`` exits non-zero), with ``message`` in its output;
- ``"warn"``  the build succeeds and prints the ``Deprecation: A call to '{% post_url … %}'`` warning
  (the tag matched only through Jekyll's old date+slug fallback);
- ``"ok"``    the build succeeds without that warning (the tag resolved exactly, or Liquid never
  evaluated it).

How Jekyll 4.3.1 matches (``lib/jekyll/tags/post_url.rb``), for reading the table:

- at parse time: ``NAME = markup.strip`` (ASCII whitespace only), one leading ``/`` dropped, then
  ``^(.+/)*(\\d+-\\d+-\\d+)-(.*)$`` or "Could not parse name of post" (raised when Liquid *parses* the
  template, so also inside ``{% comment %}`` and ``{% if false %}``; only ``{% raw %}`` protects);
- at render time, exact: a published post whose ``relative_path`` matches
  ``^_posts/<folder><date>-<slug>\\.[^.]+`` or ``^<folder>_posts/?<date>-<slug>\\.[^.]+`` -- a *prefix*
  match with the folder part unescaped (it is a regex);
- else the deprecated fallback: ``<slug> == post.data["slug"]`` and same year/month/day as
  ``post.date`` (front matter ``date:`` wins over the file name), folder ignored;
- else "Could not find post".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

VERDICTS = ("abort", "warn", "ok")

#: The deprecation line Jekyll prints when only the old date+slug fallback matched.
DEPRECATION_MARK = "Deprecation: A call to '{% post_url"


@dataclass(frozen=True)
class Case:
    id: str
    description: str
    #: files of the case, relative to the case directory; str is written as UTF-8, bytes as is
    files: dict[str, str | bytes]
    #: the post holding the tag, relative to the case directory
    ref_post: str
    #: the reference exactly as written between ``post_url`` and ``%}`` (may hold spaces, quotes, ...)
    ref_name: str
    jekyll_verdict: str
    #: a substring of Jekyll's output that must appear for "abort" and "warn" (checked against real runs)
    message: str = ""
    notes: str = ""
    #: the tag text as it stands in ``ref_post``, used to find its line; default ``{% post_url NAME %}``
    tag: str | None = None
    #: the directory (relative to the case directory) that ``jekyll build`` builds
    jekyll_root: str = "."
    #: the directory (relative to the case directory) that leadlint is run on
    lint_root: str = "."

    @property
    def tag_text(self) -> str:
        return self.tag if self.tag is not None else "{% post_url " + self.ref_name + " %}"

    def ref_line(self) -> int:
        """1-based line of the tag in ``ref_post`` (counting front matter lines)."""
        content = self.files[self.ref_post]
        needle: str | bytes = self.tag_text
        if isinstance(content, bytes):
            needle = self.tag_text.encode("utf-8")
            newline: str | bytes = b"\n"
        else:
            newline = "\n"
        index = content.find(needle)  # type: ignore[arg-type]
        if index < 0:
            raise ValueError(f"{self.id}: tag {self.tag_text!r} not found in {self.ref_post}")
        return content[:index].count(newline) + 1  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# helpers to write cases tersely

CONFIG = "title: differential test\n"
REF = "_posts/2020-01-01-ref.md"
TARGET = "_posts/2020-01-01-target.md"


def post(body: str = "Hello.\n", **front_matter: object) -> str:
    """A post with a small front matter (``title`` unless given) and ``body``."""
    front_matter.setdefault("title", "A post")
    lines = ["---"]
    for key, value in front_matter.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body


def ref_body(tag: str) -> str:
    return f"Intro paragraph.\n\nSee [the other post]({tag}) for more.\n"


def site(
    name: str,
    *,
    target: str | None = TARGET,
    ref: str = REF,
    config: str = CONFIG,
    tag: str | None = None,
    ref_content: str | bytes | None = None,
    target_content: str | bytes | None = None,
) -> dict[str, str | bytes]:
    """Files of a one-site case: ``_config.yml``, the referencing post and the target (if any)."""
    tag = tag if tag is not None else "{% post_url " + name + " %}"
    files: dict[str, str | bytes] = {"_config.yml": config}
    files[ref] = ref_content if ref_content is not None else post(ref_body(tag), title="Referring post")
    if target is not None:
        files[target] = target_content if target_content is not None else post(title="Target post")
    return files


def case(
    id: str,
    description: str,
    name: str,
    verdict: str,
    *,
    message: str = "",
    notes: str = "",
    tag: str | None = None,
    files: dict[str, str | bytes] | None = None,
    ref: str = REF,
    jekyll_root: str = ".",
    lint_root: str = ".",
    **site_kwargs: object,
) -> Case:
    assert verdict in VERDICTS, verdict
    message = _exact_message(message, name)
    if files is None:
        files = site(name, tag=tag, ref=ref, **site_kwargs)  # type: ignore[arg-type]
    else:
        assert not site_kwargs, site_kwargs
    return Case(
        id=id,
        description=description,
        files=files,
        ref_post=ref,
        ref_name=name,
        jekyll_verdict=verdict,
        message=message,
        notes=notes,
        tag=tag,
        jekyll_root=jekyll_root,
        lint_root=lint_root,
    )


NOT_FOUND = "Could not find post"
NOT_PARSED = "Could not parse name of post"
DEPRECATED = DEPRECATION_MARK


def _exact_message(message: str, name: str) -> str:
    """Expand the three usual messages to the exact text Jekyll prints for ``name``."""
    shown = name.strip(" \t\n\v\f\r\0")  # Ruby's String#strip: ASCII whitespace and NUL only
    if message == NOT_FOUND:
        return f'Could not find post "{shown}" in tag \'post_url\'. Make sure the post exists and the name is correct.'
    if message == NOT_PARSED:
        return f'Could not parse name of post "{shown}" in tag \'post_url\'.'
    if message == DEPRECATED:
        return (
            f"Deprecation: A call to '{{% post_url {shown} %}}' did not match a post using the new "
            "matching method of checking name (path-date-slug) equality."
        )
    return message


NFC_JA = unicodedata.normalize("NFC", "ブログ")  # ブ and グ carry a dakuten: NFD splits them
NFD_JA = unicodedata.normalize("NFD", "ブログ")
assert NFC_JA != NFD_JA

FUTURE = "_posts/2999-01-01-target.md"

# --------------------------------------------------------------------------------------------
# the table

CASES: list[Case] = [
    # ---- the name itself ---------------------------------------------------------------------
    case("exact", "exact name of a post in _posts", "2020-01-01-target", "ok"),
    case("leading-slash", "one leading / is stripped", "/2020-01-01-target", "ok"),
    case(
        "double-leading-slash",
        "only one leading / is stripped; '/2020-...' then fails the name regex ((.+/)* needs a character before /)",
        "//2020-01-01-target", "abort", message=NOT_PARSED,
    ),
    case(
        "spaces-around", "spaces around the name are stripped",
        "2020-01-01-target", "ok", tag="{%   post_url    2020-01-01-target    %}",
    ),
    case(
        "no-spaces", "no space before %}",
        "2020-01-01-target", "ok", tag="{%post_url 2020-01-01-target%}",
    ),
    case(
        "whitespace-control", "Liquid whitespace control {%- -%}",
        "2020-01-01-target", "ok", tag="{%- post_url 2020-01-01-target -%}",
    ),
    case(
        "multiline-tag", "the name on its own line inside the tag (newlines are stripped too)",
        "2020-01-01-target", "ok", tag="{% post_url\n   2020-01-01-target\n%}",
    ),
    case(
        "fullwidth-space-before", "U+3000 between post_url and the name: Ruby's strip keeps it",
        "\u30002020-01-01-target", "abort", tag="{% post_url\u30002020-01-01-target %}", message=NOT_PARSED,
    ),
    case(
        "fullwidth-space-after", "U+3000 after the name becomes part of the slug",
        "2020-01-01-target\u3000", "abort", tag="{% post_url 2020-01-01-target\u3000%}", message=NOT_FOUND,
    ),
    case("wrong-case", "case differs from the file name", "2020-01-01-Target", "abort", message=NOT_FOUND),
    case("with-extension", "the name carries the file extension", "2020-01-01-target.md", "abort",
         message=NOT_FOUND),
    case(
        "prefix-of-dotted-name",
        "the exact regex is not anchored at the end: NAME matches the file 2020-01-01-target.en.md",
        "2020-01-01-target", "ok", target="_posts/2020-01-01-target.en.md",
    ),
    case(
        "sibling-with-suffix-only", "only 2020-01-01-target-en.md exists: a hyphen suffix is not a match",
        "2020-01-01-target", "abort", target="_posts/2020-01-01-target-en.md", message=NOT_FOUND,
    ),
    case("missing", "no such post", "2020-01-01-nothere", "abort", message=NOT_FOUND),
    case("empty-name", "{% post_url %} with no name", "", "abort", tag="{% post_url %}", message=NOT_PARSED),
    case("no-date", "a name without a date", "foo", "abort", message=NOT_PARSED),
    case("path-traversal", "../../etc/passwd has no date", "../../etc/passwd", "abort", message=NOT_PARSED),
    case("quoted-name", "quotes are part of the name", '"2020-01-01-target"', "abort", message=NOT_PARSED),
    case(
        "liquid-variable", "a Liquid variable is not expanded inside post_url",
        "{{ page.other }}", "abort", message=NOT_PARSED,
    ),
    case(
        "extra-argument", "a second word becomes part of the slug",
        "2020-01-01-target extra", "abort", message=NOT_FOUND,
    ),
    case(
        "regex-folder", "the folder part is a regex, not escaped: a.b/ matches the folder axb/",
        "a.b/2020-01-01-target", "ok", target="_posts/axb/2020-01-01-target.md",
    ),
    case(
        "invalid-regex-folder", "a folder part that is not a valid regex: Could not parse (RegexpError)",
        "(/2020-01-01-target", "abort", message=NOT_PARSED,
    ),
    case(
        "dotdot-folder", "../ before a valid name is a folder part (never matches exactly); fallback",
        "../2020-01-01-target", "warn", message=DEPRECATED,
    ),
    # ---- Unicode normalisation -----------------------------------------------------------------
    case(
        "nfc-ref-nfd-file", "NFC reference, file name committed in NFD (macOS)",
        f"2020-01-01-{NFC_JA}", "abort", target=f"_posts/2020-01-01-{NFD_JA}.md", message=NOT_FOUND,
    ),
    case(
        "nfd-ref-nfc-file", "NFD reference, NFC file name",
        f"2020-01-01-{NFD_JA}", "abort", target=f"_posts/2020-01-01-{NFC_JA}.md", message=NOT_FOUND,
    ),
    case(
        "nfc-japanese", "NFC Japanese name, NFC file name",
        f"2020-01-01-{NFC_JA}", "ok", target=f"_posts/2020-01-01-{NFC_JA}.md",
    ),
    # ---- folders -------------------------------------------------------------------------------
    case("subfolder", "_posts/sub/ referenced as sub/NAME", "sub/2020-01-01-target", "ok",
         target="_posts/sub/2020-01-01-target.md"),
    case("subfolder-leading-slash", "vim-jp's form /sub/NAME", "/sub/2020-01-01-target", "ok",
         target="_posts/sub/2020-01-01-target.md"),
    case("subfolder-missing-folder", "_posts/sub/ post referenced without its folder",
         "2020-01-01-target", "warn", target="_posts/sub/2020-01-01-target.md", message=DEPRECATED),
    case("subfolder-wrong-folder", "_posts/sub/ post referenced as other/NAME",
         "other/2020-01-01-target", "warn", target="_posts/sub/2020-01-01-target.md", message=DEPRECATED),
    case("folder-not-there", "sub/NAME for a post directly in _posts",
         "sub/2020-01-01-target", "warn", message=DEPRECATED),
    case("category-folder", "news/_posts/ referenced as news/NAME", "news/2020-01-01-target", "ok",
         target="news/_posts/2020-01-01-target.md"),
    case("category-missing-folder", "news/_posts/ post referenced without news/",
         "2020-01-01-target", "warn", target="news/_posts/2020-01-01-target.md", message=DEPRECATED),
    case(
        "category-and-subfolder",
        "news/_posts/sub/: no NAME matches it exactly (news/sub/NAME only through the fallback)",
        "news/sub/2020-01-01-target", "warn", target="news/_posts/sub/2020-01-01-target.md",
        message=DEPRECATED,
    ),
    case(
        "underscore-subfolder", "_posts/_old/ is skipped by Jekyll's entry filter: not a post",
        "_old/2020-01-01-target", "abort", target="_posts/_old/2020-01-01-target.md", message=NOT_FOUND,
    ),
    case(
        "underscore-category", "_news/_posts/ is never read", "_news/2020-01-01-target", "abort",
        target="_news/_posts/2020-01-01-target.md", message=NOT_FOUND,
    ),
    # ---- dates ---------------------------------------------------------------------------------
    case("unpadded-ref", "2020-01-1-target for 2020-01-01-target.md: fallback on the parsed date",
         "2020-01-1-target", "warn", message=DEPRECATED),
    case("unpadded-file", "an unpadded file name is a post and matches its own unpadded name",
         "2020-1-1-target", "ok", target="_posts/2020-1-1-target.md"),
    case("padded-ref-unpadded-file", "padded name for an unpadded file: fallback",
         "2020-01-01-target", "warn", target="_posts/2020-1-1-target.md", message=DEPRECATED),
    case(
        "impossible-date-same-slug",
        "2020-13-45-target: no exact match, and the fallback's date parse raises (a post with slug target exists)",
        "2020-13-45-target", "abort",
        message="Liquid Exception: Invalid date '2020-13-45': '2020-13-45' does not contain valid date and/or title.",
        notes="not a post_url message: Jekyll::Errors::InvalidDateError from Utils.parse_date in the fallback",
    ),
    case("impossible-date-other-slug", "2020-13-45-nothere: no post has the slug, so no date parse",
         "2020-13-45-nothere", "abort", message=NOT_FOUND),
    case(
        "front-matter-date-ref-by-filename", "target has date: 2020-02-02 in front matter; referenced by file name",
        "2020-01-01-target", "ok", target_content=post(title="Target", date="2020-02-02"),
    ),
    case(
        "front-matter-date-ref-by-date", "target has date: 2020-02-02; referenced by that date: fallback",
        "2020-02-02-target", "warn", target_content=post(title="Target", date="2020-02-02"), message=DEPRECATED,
    ),
    # ---- slug ----------------------------------------------------------------------------------
    case("slug-rename-ref-new-slug", "slug: renamed in the target; referenced by the new slug: fallback",
         "2020-01-01-renamed", "warn", target_content=post(title="Target", slug="renamed"), message=DEPRECATED),
    case("slug-rename-ref-filename", "slug: renamed in the target; referenced by its file name",
         "2020-01-01-target", "ok", target_content=post(title="Target", slug="renamed")),
    case(
        "slug-rename-missing-folder", "slug renamed and folder missing: the fallback compares slugs, fails",
        "2020-01-01-target", "abort", target="_posts/sub/2020-01-01-target.md",
        target_content=post(title="Target", slug="renamed"), message=NOT_FOUND,
    ),
    case(
        "slug-from-defaults", "slug set by _config.yml defaults for _posts/sub; referenced by it",
        "2020-01-01-fromdefaults", "warn", target="_posts/sub/2020-01-01-target.md",
        config=CONFIG + "defaults:\n  - scope: {path: _posts/sub}\n    values: {slug: fromdefaults}\n",
        message=DEPRECATED,
    ),
    # ---- what Jekyll publishes ----------------------------------------------------------------
    case("future-target", "target dated 2999", "2999-01-01-target", "abort", target=FUTURE, message=NOT_FOUND),
    case("future-target-future-true", "target dated 2999, future: true", "2999-01-01-target", "ok",
         target=FUTURE, config=CONFIG + "future: true\n"),
    case(
        "future-by-front-matter", "file name 2020 but front matter date 2999: future",
        "2020-01-01-target", "abort", target_content=post(title="Target", date="2999-01-01"), message=NOT_FOUND,
    ),
    case(
        "future-filename-past-front-matter", "file name 2999 but front matter date 2020: published",
        "2999-01-01-target", "ok", target=FUTURE, target_content=post(title="Target", date="2020-01-01"),
    ),
    case("unpublished-target", "published: false", "2020-01-01-target", "abort",
         target_content=post(title="Target", published=False), message=NOT_FOUND),
    case("unpublished-target-unpublished-true", "published: false, unpublished: true in _config.yml",
         "2020-01-01-target", "ok", target_content=post(title="Target", published=False),
         config=CONFIG + "unpublished: true\n"),
    case(
        "unpublished-by-defaults", "published: false from _config.yml defaults for _posts/hidden",
        "hidden/2020-01-01-target", "abort", target="_posts/hidden/2020-01-01-target.md",
        config=CONFIG + "defaults:\n  - scope: {path: _posts/hidden}\n    values: {published: false}\n",
        message=NOT_FOUND,
    ),
    case("draft-target", "the target is in _drafts", "2020-01-01-target", "abort",
         target="_drafts/2020-01-01-target.md", message=NOT_FOUND),
    case(
        "draft-target-show-drafts", "target in _drafts with show_drafts: true in _config.yml: fallback only",
        "2020-01-01-target", "warn", target="_drafts/2020-01-01-target.md",
        config=CONFIG + "show_drafts: true\n", message=DEPRECATED,
    ),
    case(
        "non-utf8-target", "the target file is Latin-1, not UTF-8: skipped, not a post",
        "2020-01-01-target", "abort", target_content=b"---\ntitle: Caf\xe9\n---\n\nCaf\xe9 cr\xe8me.\n",
        message=NOT_FOUND,
        notes="Jekyll first logs 'Error: could not read file <path>: invalid byte sequence in UTF-8' and goes on",
    ),
    case("broken-yaml-target", "the target's front matter does not parse: still a post", "2020-01-01-target",
         "ok", target_content="---\ntitle: [unclosed\n---\n\nBody.\n",
         notes="Jekyll logs 'Error: YAML Exception reading <path>: ...' and the build succeeds (exit 0)"),
    case(
        "broken-yaml-target-fallback",
        "broken front matter: Jekyll stops reading before it sets slug and date, so the fallback cannot match",
        "2020-01-1-target", "abort", target_content="---\ntitle: [unclosed\n---\n\nBody.\n", message=NOT_FOUND,
    ),
    case("no-front-matter-target", "the target has no front matter: still a post", "2020-01-01-target", "ok",
         target_content="Just text, no front matter.\n"),
    case("no-front-matter-target-fallback", "no front matter: slug and date come from the file name; fallback",
         "2020-01-1-target", "warn", target_content="Just text, no front matter.\n", message=DEPRECATED),
    case("unclosed-front-matter-target", "the target's front matter is never closed: still a post",
         "2020-01-01-target", "ok", target_content="---\ntitle: Target\n\nBody.\n"),
    case("extensionless-target", "_posts/2020-01-01-target with no extension is not a post",
         "2020-01-01-target", "abort", target="_posts/2020-01-01-target", message=NOT_FOUND),
    case("yml-target", "_posts/2020-01-01-target.yml is read as data, not a post", "2020-01-01-target",
         "abort", target="_posts/2020-01-01-target.yml", target_content="title: Target\n", message=NOT_FOUND),
    case("markdown-ext-target", "target with .markdown", "2020-01-01-target", "ok",
         target="_posts/2020-01-01-target.markdown"),
    case("mkdn-target", "target with .mkdn", "2020-01-01-target", "ok", target="_posts/2020-01-01-target.mkdn"),
    case("text-target", "target with .text (not a Markdown extension)", "2020-01-01-target", "ok",
         target="_posts/2020-01-01-target.text"),
    case("html-target", "target with .html", "2020-01-01-target", "ok", target="_posts/2020-01-01-target.html"),
    case("self-reference", "a post referring to itself", "2020-01-01-ref", "ok", target=None),
    # ---- is the referring post rendered at all? ------------------------------------------------
    case(
        "ref-post-future", "the referring post is dated 2999: not built, its tag is never rendered",
        "2020-01-01-nothere", "ok", ref="_posts/2999-01-01-ref.md",
    ),
    case(
        "ref-post-unpublished", "the referring post has published: false",
        "2020-01-01-nothere", "ok",
        ref_content=post(ref_body("{% post_url 2020-01-01-nothere %}"), title="Ref", published=False),
    ),
    case(
        "ref-post-unpublished-bad-name",
        "published: false, unparseable name: templates are parsed only when rendered, so no abort",
        "nodate", "ok",
        ref_content=post(ref_body("{% post_url nodate %}"), title="Ref", published=False),
    ),
    case("ref-post-draft", "the referring post is a draft", "2020-01-01-nothere", "ok",
         ref="_drafts/2020-01-01-ref.md"),
    case(
        "ref-post-non-utf8", "the referring post is not UTF-8: skipped",
        "2020-01-01-nothere", "ok",
        ref_content=b"---\ntitle: Caf\xe9\n---\n\nSee {% post_url 2020-01-01-nothere %}.\n",
        notes="Jekyll logs 'Error: could not read file <path>: invalid byte sequence in UTF-8'; exit 0",
    ),
    case("ref-post-yml", "a .yml file in _posts is data: no Liquid", "2020-01-01-nothere", "ok",
         ref="_posts/2020-01-01-ref.yml", ref_content="title: Ref\nbody: '{% post_url 2020-01-01-nothere %}'\n"),
    case("ref-post-text", "a .text post is not Markdown but its Liquid is rendered", "2020-01-01-nothere",
         "abort", ref="_posts/2020-01-01-ref.text", message=NOT_FOUND),
    case("ref-post-html", "an .html post's Liquid is rendered", "2020-01-01-nothere", "abort",
         ref="_posts/2020-01-01-ref.html", message=NOT_FOUND),
    case("ref-post-no-front-matter", "a post without front matter still renders its Liquid",
         "2020-01-01-nothere", "abort", ref_content=ref_body("{% post_url 2020-01-01-nothere %}"),
         message=NOT_FOUND),
    case(
        "ref-post-broken-yaml", "a post whose front matter does not parse still renders its Liquid",
        "2020-01-01-nothere", "abort",
        ref_content="---\ntitle: [unclosed\n---\n\n" + ref_body("{% post_url 2020-01-01-nothere %}"),
        message=NOT_FOUND,
    ),
    case(
        "ref-post-render-with-liquid-false", "render_with_liquid: false in the referring post",
        "2020-01-01-nothere", "ok",
        ref_content=post(ref_body("{% post_url 2020-01-01-nothere %}"), title="Ref", render_with_liquid=False),
    ),
    case(
        "ref-post-render-with-liquid-false-defaults", "render_with_liquid: false from _config.yml defaults",
        "2020-01-01-nothere", "ok",
        config=CONFIG + "defaults:\n  - scope: {path: ''}\n    values: {render_with_liquid: false}\n",
    ),
    case("notes-in-posts", "_posts/notes.md is not a post (no date in its name): never rendered",
         "2020-01-01-nothere", "ok", ref="_posts/notes.md"),
    case(
        "ref-in-front-matter", "a tag inside the front matter is not rendered", "2020-01-01-nothere", "ok",
        ref_content=post("Body.\n", title="Ref", description="'{% post_url 2020-01-01-nothere %}'"),
    ),
    case(
        "ref-post-excluded", "the referring post is under an excluded folder", "2020-01-01-nothere", "ok",
        ref="archive/_posts/2020-01-01-ref.md", config=CONFIG + "exclude: [archive]\n",
    ),
    # ---- Liquid and Markdown contexts ---------------------------------------------------------
    case(
        "code-fence", "inside a Markdown code fence: Liquid runs first", "2020-01-01-nothere", "abort",
        ref_content=post("Text.\n\n```liquid\n{% post_url 2020-01-01-nothere %}\n```\n", title="Ref"),
        message=NOT_FOUND,
    ),
    case(
        "inline-code", "inside inline code", "2020-01-01-nothere", "abort",
        ref_content=post("Write `{% post_url 2020-01-01-nothere %}` to link.\n", title="Ref"), message=NOT_FOUND,
    ),
    case(
        "html-comment", "inside an HTML comment", "2020-01-01-nothere", "abort",
        ref_content=post("Text.\n\n<!-- {% post_url 2020-01-01-nothere %} -->\n", title="Ref"), message=NOT_FOUND,
    ),
    case(
        "highlight-block", "inside {% highlight %}", "2020-01-01-nothere", "abort",
        ref_content=post("{% highlight liquid %}\n{% post_url 2020-01-01-nothere %}\n{% endhighlight %}\n",
                         title="Ref"),
        message=NOT_FOUND,
    ),
    case(
        "comment-valid-missing", "inside {% comment %}, a well-formed name of a missing post: parsed, not rendered",
        "2020-01-01-nothere", "ok",
        ref_content=post("{% comment %}\n{% post_url 2020-01-01-nothere %}\n{% endcomment %}\n", title="Ref"),
    ),
    case(
        "comment-unparseable", "inside {% comment %}, a name without a date: the parse aborts",
        "nodate", "abort",
        ref_content=post("{% comment %}\n{% post_url nodate %}\n{% endcomment %}\n", title="Ref"),
        message=NOT_PARSED,
    ),
    case(
        "raw-missing", "inside {% raw %}: protected", "2020-01-01-nothere", "ok",
        ref_content=post("{% raw %}\n{% post_url 2020-01-01-nothere %}\n{% endraw %}\n", title="Ref"),
    ),
    case(
        "raw-unparseable", "inside {% raw %}, unparseable: protected", "nodate", "ok",
        ref_content=post("{% raw %}{% post_url nodate %}{% endraw %}\n", title="Ref"),
    ),
    case(
        "if-false-missing", "inside {% if false %}: parsed, not rendered", "2020-01-01-nothere", "ok",
        ref_content=post("{% if false %}\n{% post_url 2020-01-01-nothere %}\n{% endif %}\n", title="Ref"),
    ),
    case(
        "if-false-unparseable", "inside {% if false %}, unparseable: the parse aborts", "nodate", "abort",
        ref_content=post("{% if false %}\n{% post_url nodate %}\n{% endif %}\n", title="Ref"), message=NOT_PARSED,
    ),
    case(
        "inline-comment-tag", "Liquid 5.4's inline comment {% # ... %}", "2020-01-01-nothere", "ok",
        tag="{% # post_url 2020-01-01-nothere %}",
        ref_content=post("Text {% # post_url 2020-01-01-nothere %} here.\n", title="Ref"),
    ),
    # ---- site configuration -------------------------------------------------------------------
    case(
        "collections-dir", "collections_dir: coll; both posts in coll/_posts", "2020-01-01-target", "ok",
        ref="coll/_posts/2020-01-01-ref.md", target="coll/_posts/2020-01-01-target.md",
        config=CONFIG + "collections_dir: coll\n",
    ),
    case(
        "collections-dir-root-posts-ignored", "collections_dir: coll; the target is in the root _posts, which is not read",
        "2020-01-01-target", "abort", ref="coll/_posts/2020-01-01-ref.md", config=CONFIG + "collections_dir: coll\n",
        message=NOT_FOUND,
    ),
    case(
        "collections-dir-prefixed-ref", "collections_dir: coll; referenced as coll/NAME: fallback only",
        "coll/2020-01-01-target", "warn", ref="coll/_posts/2020-01-01-ref.md",
        target="coll/_posts/2020-01-01-target.md", config=CONFIG + "collections_dir: coll\n", message=DEPRECATED,
    ),
    case(
        "excluded-category", "the target is in archive/_posts and archive is excluded",
        "archive/2020-01-01-target", "abort", target="archive/_posts/2020-01-01-target.md",
        config=CONFIG + "exclude: [archive]\n", message=NOT_FOUND,
    ),
    case(
        "excluded-subfolder", "the target is in _posts/old and _posts/old is excluded",
        "old/2020-01-01-target", "abort", target="_posts/old/2020-01-01-target.md",
        config=CONFIG + "exclude: [_posts/old]\n", message=NOT_FOUND,
    ),
    case(
        "default-excluded-node-modules", "node_modules is excluded by default", "node_modules/2020-01-01-target",
        "abort", target="node_modules/_posts/2020-01-01-target.md", message=NOT_FOUND,
    ),
    # ---- several sites in one repository -------------------------------------------------------
    case(
        "two-sites-cross-reference", "blog/ and docs/ are separate sites; docs refers to a post only blog has",
        "2020-01-01-target", "abort", ref="docs/_posts/2020-01-01-ref.md", jekyll_root="docs",
        files={
            "blog/_config.yml": CONFIG,
            "blog/_posts/2020-01-01-target.md": post(title="Blog target"),
            "docs/_config.yml": CONFIG,
            "docs/_posts/2020-01-01-ref.md": post(ref_body("{% post_url 2020-01-01-target %}"), title="Ref"),
            "docs/_posts/2020-01-01-other.md": post(title="Docs other"),
        },
        message=NOT_FOUND,
    ),
    case(
        "two-sites-own-fallback",
        "blog has _posts/sub/NAME, docs has _posts/NAME; docs refers to sub/NAME: resolves in docs by fallback",
        "sub/2020-01-01-target", "warn", ref="docs/_posts/2020-01-01-ref.md", jekyll_root="docs",
        files={
            "blog/_config.yml": CONFIG,
            "blog/_posts/sub/2020-01-01-target.md": post(title="Blog target"),
            "docs/_config.yml": CONFIG,
            "docs/_posts/2020-01-01-ref.md": post(ref_body("{% post_url sub/2020-01-01-target %}"), title="Ref"),
            "docs/_posts/2020-01-01-target.md": post(title="Docs target"),
        },
        message=DEPRECATED,
    ),
    case(
        "nested-site-docs-to-root", "root site excludes docs/, which is its own site; docs refers to a root post",
        "2020-01-01-target", "abort", ref="docs/_posts/2020-01-01-ref.md", jekyll_root="docs",
        files={
            "_config.yml": CONFIG + "exclude: [docs]\n",
            "_posts/2020-01-01-target.md": post(title="Root target"),
            "docs/_config.yml": CONFIG,
            "docs/_posts/2020-01-01-ref.md": post(ref_body("{% post_url 2020-01-01-target %}"), title="Ref"),
        },
        message=NOT_FOUND,
    ),
    case(
        "nested-site-root-to-docs", "root site excludes docs/; a root post refers to docs/NAME",
        "docs/2020-01-01-target", "abort", jekyll_root=".",
        files={
            "_config.yml": CONFIG + "exclude: [docs]\n",
            REF: post(ref_body("{% post_url docs/2020-01-01-target %}"), title="Ref"),
            "docs/_config.yml": CONFIG,
            "docs/_posts/2020-01-01-target.md": post(title="Docs target"),
        },
        message=NOT_FOUND,
    ),
]

CASES_BY_ID = {c.id: c for c in CASES}
assert len(CASES_BY_ID) == len(CASES), "duplicate case ids"


# --------------------------------------------------------------------------------------------
# building and running


def build_site(tmp_path: Path, case: Case) -> Path:
    """Write the case's files under ``tmp_path/<id>`` and return that directory (the case root)."""
    root = Path(tmp_path) / case.id
    root.mkdir(parents=True, exist_ok=False)
    for rel, content in case.files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
    return root


@dataclass
class JekyllResult:
    verdict: str
    returncode: int
    output: str = field(repr=False)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_jekyll(site_dir: Path, timeout: float = 120) -> JekyllResult:
    """Build ``site_dir`` with the real ``jekyll`` (no network, no plugins, no cache) and classify it."""
    exe = shutil.which("jekyll")
    if exe is None:
        raise RuntimeError("jekyll is not installed")
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", JEKYLL_ENV="development")
    env.pop("BUNDLE_GEMFILE", None)
    with tempfile.TemporaryDirectory(prefix="leadlint-jekyll-out-") as dest:
        proc = subprocess.run(
            [exe, "build", "--safe", "--disable-disk-cache", "--source", str(site_dir), "--destination", dest],
            cwd=site_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
    output = _ANSI.sub("", (proc.stdout + proc.stderr).decode("utf-8", "replace"))
    if proc.returncode != 0:
        verdict = "abort"
    elif DEPRECATION_MARK in output:
        verdict = "warn"
    else:
        verdict = "ok"
    return JekyllResult(verdict, proc.returncode, output)


def jekyll_verdict(site_dir: Path) -> str:
    """``"abort"``, ``"warn"`` or ``"ok"``: what ``jekyll build`` does with the site at ``site_dir``."""
    return run_jekyll(site_dir).verdict


if __name__ == "__main__":  # record the table: python tests/jekyll_cases.py [ids...]
    import sys

    wanted = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as tmp:
        for c in CASES:
            if wanted and c.id not in wanted:
                continue
            root = build_site(Path(tmp), c)
            result = run_jekyll(root / c.jekyll_root)
            mark = "  " if result.verdict == c.jekyll_verdict else "!!"
            first = next(
                (line.strip() for line in result.output.splitlines()
                 if "Liquid Exception" in line or "Deprecation:" in line or "Error" in line),
                "",
            )
            print(f"{mark} {c.id:45} table={c.jekyll_verdict:5} real={result.verdict:5} {first[:160]}")
