"""Positions are 1-based lines and code-point columns of the original file: the same for a
post saved with CRLF line endings or a byte-order mark as for its LF twin, and exact for
Japanese text.  An outside plugin (tests/plugin_example) reports where the engine puts
every view item."""

from __future__ import annotations

from pathlib import Path

from helpers import SAMPLE, lint_site, write_site

PROBE = Path(__file__).parent / "plugin_example"
TOML = 'plugins = ["leadlint_position_probe"]\nselect = ["PRB"]\n'

POST = """---
title: "日本語のタイトル"
tags: [AI導入, マーケティング]
image: https://example.com/a.png?w=1&w=2
---

# 見出し（Heading）

本文の![説明的な代替テキスト](https://example.com/b.png)です。 {{ page.title }}

<img src="https://example.com/c.png" alt="図">

{% raw %}![not an image](x.png){% endraw %}

```
![not an image either](y.png)
```

<script type="application/ld+json">
{"@context": "https://schema.org", "headline": "日本語", "image": ["https://example.com/a.png"]}
</script>
"""


def probe(tmp_path: Path, text: str | bytes, name: str = "2025-01-10-記事.md"):
    root = write_site(tmp_path, {f"_posts/{name}": text})
    (root / "leadlint_position_probe.py").write_text((PROBE / "leadlint_position_probe.py").read_text())
    return [(f.message, f.line, f.column, f.end_line, f.end_column) for f in lint_site(root, toml=TOML)]


def test_exact_positions_in_japanese_text(tmp_path):
    found = {m: (line, col, end_line, end_col) for m, line, col, end_line, end_col in probe(tmp_path, POST)}
    assert found["key ('title',)"] == (2, 1, 2, 18)
    assert found["key ('tags', 1)"] == (3, 14, 3, 21)
    assert found["heading 見出し（Heading）"][:2] == (7, 1)
    assert found["image 説明的な代替テキスト"] == (9, 4, 9, 44)
    assert found["image url https://example.com/b.png"] == (9, 18, 9, 43)
    assert found["image 図"][:2] == (11, 1)
    assert found["image url https://example.com/c.png"] == (11, 11, 11, 36)
    assert found["liquid  page.title"][:2] == (9, 48)
    assert found["json ('headline',)"] == (20, 48, 20, 53)
    assert not any("not an image" in m for m in found)


def test_crlf_and_bom_twins_report_the_same_positions(tmp_path):
    lf = probe(tmp_path / "lf", POST)
    crlf = probe(tmp_path / "crlf", POST.replace("\n", "\r\n"))
    bom = probe(tmp_path / "bom", "\ufeff" + POST)
    both = probe(tmp_path / "both", ("\ufeff" + POST.replace("\n", "\r\n")).encode("utf-8"))
    assert lf and lf == crlf == bom == both


def test_sample_post_positions(tmp_path):
    found = {m: (line, col) for m, line, col, *_ in probe(tmp_path, SAMPLE.read_text(encoding="utf-8"),
                                                             SAMPLE.name)}
    assert found["key ('image',)"] == (9, 1)
    assert found["key ('seo_keywords', 4)"][0] == 13
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    expected = [(n, lines[n - 1].index("(https") + 2) for n in (19, 26, 69, 119)]
    assert [pos for m, pos in found.items() if m.startswith("image url")] == expected
    assert found["json ('headline',)"] == (153, 15)
    assert [pos for m, pos in found.items() if m.startswith("liquid post_url")] == [(136, 36), (137, 36), (138, 36)]


def test_positions_are_the_same_with_the_pure_python_markdown_walk(tmp_path, monkeypatch):
    """leadlint.markdown walks pyromark's events in C when it is built; its pure-Python twin must put
    every view item at the same place (CRLF, a BOM and 4-byte characters included)."""
    from leadlint import markdown

    text = "\ufeff" + (POST + "\n絵文字😀 ![😀の画像](https://example.com/e.png) `code`\n").replace("\n", "\r\n")
    with_default = probe(tmp_path / "default", text.encode("utf-8"))
    monkeypatch.setattr(markdown, "_c", None)
    with_python = probe(tmp_path / "python", text.encode("utf-8"))
    assert with_default and with_default == with_python
    assert any(m == "image 😀の画像" for m, *_ in with_python)
