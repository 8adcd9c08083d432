"""The image views build their named tuples with ``tuple.__new__`` (no Python frame): they
are the tuples their classes make, field for field, defaults included."""

from __future__ import annotations

from pathlib import Path

from leadlint.post import Image, Post
from leadlint.rules.image_urls import ImageUrl, image_urls

TEXT = """---
title: A post
image: "https://example.com/a.png?w=1&w=2"
---

![a chart](https://example.com/b.png "title")

<picture><source srcset="/c.webp 1x, /c2.webp 2x"><img src="/c.png" alt="図" role="presentation"></picture>
"""


def _post() -> Post:
    return Post(Path("_posts/2025-01-10-post.md"), "_posts/2025-01-10-post.md", TEXT.encode(), None)


def test_images_are_what_their_class_makes():
    images = _post().images
    assert [image.origin for image in images] == ["markdown", "html", "html"]
    markdown = images[0]
    assert markdown == Image("markdown", markdown.url, markdown.alt, markdown.start, markdown.end,
                             markdown.url_start, markdown.url_end)
    assert markdown.attrs == {} and markdown.srcset == () and markdown.tag == "img" and markdown.value_spans == {}
    for image in images:
        assert type(image) is Image and Image(*image) == image and len(image) == len(Image._fields)
    assert images[1].tag == "source" and [url for url, _, _ in images[1].srcset] == ["/c.webp", "/c2.webp"]


def test_image_urls_are_what_their_class_makes():
    refs = image_urls(_post())
    assert [ref.url for ref in refs][:2] == ["https://example.com/a.png?w=1&w=2", "https://example.com/b.png"]
    for ref in refs:
        assert type(ref) is ImageUrl and ImageUrl(*ref) == ref and len(ref) == len(ImageUrl._fields)
