"""Reading every post's state once, ahead, when an archive whose posts link to each other is
linted by several processes (instead of each worker reading the posts it links to)."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadlint.jekyll_front_matter import slug_lines, slug_lines_of_file
from leadlint.site import Site

from helpers import lint_site, write_site

_NAMES = [f"2024-01-{day:02d}-post-{day}" for day in range(1, 21)]


def _archive(root: Path, links_per_post: int = 3) -> Path:
    """Twenty posts linking to each other (one link of three broken), with the states REF cares
    about: unpublished, future, a slug and date set in the front matter, not UTF-8."""
    files: dict[str, str | bytes] = {}
    for day, name in enumerate(_NAMES, start=1):
        head = f"---\nlayout: post\ntitle: Post {day}\n"
        if day == 4:
            head += "published: false\n"
        if day == 5:
            head += "date: 2999-01-01\n"
        if day == 6:
            head += "slug: renamed\ndate: 2024-03-03\n"
        links = [_NAMES[day * 7 % 20], _NAMES[day * 3 % 20], f"2024-02-{day:02d}-nowhere", "2024-03-03-renamed",
                 _NAMES[3], _NAMES[4]][:links_per_post] if links_per_post else []
        body = "".join(f"See [this]({{% post_url {link} %}}).\n\n" for link in links)
        files[f"_posts/{name}.md"] = f"{head}---\n\nPost {day}.\n\n{body}"
    files["_posts/2024-01-30-latin-1.md"] = b"---\nlayout: post\ntitle: Caf\xe9\n---\n\nCaf\xe9.\n"
    return write_site(root, files)


@pytest.fixture
def learned(monkeypatch):
    """The sites that learned states read ahead, in this (the parent) process."""
    sites = []
    original = Site.learn

    def learn(self, shares, reads):
        sites.append(self)
        return original(self, shares, reads)

    monkeypatch.setattr(Site, "learn", learn)
    return sites


def test_a_linked_archive_is_read_ahead_and_gives_the_same_findings(tmp_path, learned):
    root = _archive(tmp_path / "site", links_per_post=6)
    alone = lint_site(root, jobs=1)
    assert not learned
    parallel = lint_site(root, jobs=2)
    [site] = learned
    assert not site.unread_documents() and len(site.documents) == 21
    assert parallel == alone
    assert {"REF002", "REF004", "REF005"} <= {f.code for f in alone}


def test_an_archive_with_few_links_is_not_read_ahead(tmp_path, learned):
    """One link in twenty posts: the workers read the one post it names, not all twenty."""
    root = _archive(tmp_path / "site", links_per_post=0)
    post = root / "_posts" / f"{_NAMES[0]}.md"
    post.write_text(post.read_text() + f"[x]({{% post_url {_NAMES[1]} %}})\n")
    assert lint_site(root, jobs=2) == lint_site(root, jobs=1)
    assert not learned


def test_states_read_ahead_are_the_states_read_on_request(tmp_path):
    root = _archive(tmp_path / "site")
    on_request = Site(root)
    states = {entry.relpath: on_request.post_state(entry) for entry in on_request.documents}
    slug_dates = on_request._slug_date_posts
    assert [entry.relpath for entry, _ in slug_dates] == [f"_posts/{_NAMES[5]}.md"]

    ahead = Site(root)
    unread = ahead.unread_documents()
    shares = [unread[:7], unread[7:15], unread[15:]]  # what three worker processes would read
    ahead.learn(shares, [ahead.read_ahead(share) for share in shares])
    assert ahead._states == states
    assert not ahead.unread_documents()
    assert ahead._slug_date_posts == slug_dates
    assert not ahead._states[f"_posts/{_NAMES[3]}.md"].published
    assert ahead._states[f"_posts/{_NAMES[4]}.md"].future
    assert not ahead._states["_posts/2024-01-30-latin-1.md"].readable


def test_a_state_already_known_is_kept(tmp_path):
    root = _archive(tmp_path / "site")
    site = Site(root)
    first = site.documents[0]
    known = site.post_state(first)
    unread = site.unread_documents()
    assert 0 not in unread and len(unread) == len(site.documents) - 1
    site.learn([[0]], [[(tuple(known._replace(slug="other")), False)]])
    assert site.post_state(first) is known


def test_links_to_posts_counts_post_url_tags(tmp_path):
    root = _archive(tmp_path / "site")
    posts = sorted((root / "_posts").glob("*.md"))
    assert Site(root).links_to_posts(posts[:2]) == 6
    (root / "_posts" / "spaced.md").write_text("{%- post_url\t2024-01-01-post-1 %} {% post_urlx %} post_url\n")
    assert Site(root).links_to_posts([root / "_posts" / "spaced.md", root / "missing.md"]) == 1


@pytest.mark.parametrize("head_size", [0, 10, 4085, 4086, 4087, 4090, 4096, 20470, 20480, 65530, 69700, 90000])
@pytest.mark.parametrize("ending", ["---\n", "---", "...\r\n", ""])
def test_slug_lines_from_bytes_already_read_are_those_read_from_the_file(tmp_path, head_size, ending):
    """The read-ahead takes the slug lines from the bytes it read for the state; they must be
    what reading the head of the file, 4 KB and then 16 KB at a time, finds (a fence cut by
    the end of a read, a front matter past 64 KB)."""
    text = "---\nslug: my-slug\ndate: 2024-01-01\n" + "# " + "x" * head_size + "\n" + ending + "\nbody\n"
    path = tmp_path / "2024-01-01-post.md"
    path.write_bytes(text.encode())
    assert slug_lines(path.read_bytes()) == slug_lines_of_file(str(path))
    assert slug_lines_of_file(str(tmp_path / "missing.md")) is False
