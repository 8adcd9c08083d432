"""LL: files that cannot be read as posts get one exact finding, and the run goes on."""

from __future__ import annotations

import time

from helpers import codes, lint_post, lint_site, write_site

GOOD = "---\ntitle: Fine\n---\n\nText.\n"


def only(findings, family="LL"):
    return [(f.code, f.line, f.column) for f in findings if f.code.startswith(family)]


def test_shift_jis_post_names_its_encoding(tmp_path):
    data = "---\ntitle: 古い記事\n---\n\n本文です。\n".encode("cp932")
    [finding] = lint_post(tmp_path, data, select=("LL",))
    assert (finding.code, finding.line, finding.column) == ("LL001", 2, 8)
    assert "Shift_JIS" in finding.message and "UTF-8" in finding.message


def test_euc_jp_post_names_its_encoding(tmp_path):
    data = "---\ntitle: 古い記事です\n---\n".encode("euc_jp")
    [finding] = lint_post(tmp_path, data, select=("LL",))
    assert finding.code == "LL001" and "EUC-JP" in finding.message


def test_utf16_post(tmp_path):
    data = "---\ntitle: x\n---\n".encode("utf-16")
    [finding] = lint_post(tmp_path, data, select=("LL",))
    assert finding.code == "LL001" and "UTF-16" in finding.message


def test_binary_file(tmp_path):
    [finding] = lint_post(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", select=("LL",))
    assert (finding.code, finding.line, finding.column) == ("LL002", 1, 1)


def test_empty_and_blank_files(tmp_path):
    assert only(lint_post(tmp_path / "a", b"")) == [("LL003", 1, 1)]
    assert only(lint_post(tmp_path / "b", "  \n\n")) == [("LL003", 1, 1)]


def test_too_large_file(tmp_path):
    data = ("---\ntitle: x\n---\n" + "word " * 1_100_000).encode()
    assert only(lint_post(tmp_path, data)) == [("LL004", 1, 1)]


def test_missing_front_matter(tmp_path):
    assert only(lint_post(tmp_path, "# Title\n\nText.\n")) == [("LL005", 1, 1)]


def test_unclosed_front_matter(tmp_path):
    assert only(lint_post(tmp_path, "---\ntitle: x\n\nText.\n")) == [("LL006", 1, 1)]


def test_yaml_error_position_is_where_libyaml_says(tmp_path):
    findings = lint_post(tmp_path, "---\ntitle: ok\nauthor: a: b\n---\nText.\n")
    assert only(findings) == [("LL007", 3, 10)]
    assert "mapping values are not allowed" in findings[0].message


def test_unclosed_quote_points_at_the_quote(tmp_path):
    findings = lint_post(tmp_path, '---\ntitle: "Broken\ndate: 2025-06-01\n---\nText.\n')
    assert only(findings) == [("LL007", 2, 8)]
    assert "quoted scalar" in findings[0].message


def test_front_matter_that_is_a_list(tmp_path):
    assert only(lint_post(tmp_path, "---\n- a\n- b\n---\n")) == [("LL007", 2, 1)]


def test_tab_after_key_is_accepted_like_jekyll(tmp_path):
    assert only(lint_post(tmp_path, "---\ntitle:\tTabbed\n---\nText.\n")) == []


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    findings = lint_post(tmp_path, "---\n" + "\n".join(lines) + "\n---\nText.\n")
    assert time.perf_counter() - started < 10
    assert only(findings) == [("LL008", 2, 1)]


def test_deep_nesting_is_a_finding_not_a_crash(tmp_path):
    deep_flow = "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n"
    assert [c for c, *_ in only(lint_post(tmp_path / "flow", deep_flow))] == ["LL007"]
    deep_block = "---\n" + "".join(" " * i + f"k{i}:\n" for i in range(200)) + "---\n"
    assert [c for c, *_ in only(lint_post(tmp_path / "block", deep_block))] == ["LL008"]


def test_hostile_json_ld_does_not_crash(tmp_path):
    text = GOOD + '<script type="application/ld+json">\n' + "[" * 100_000 + "]" * 100_000 + "\n</script>\n"
    findings = lint_post(tmp_path, text)
    assert all("internal error" not in f.message for f in findings)


def test_one_broken_post_does_not_stop_the_run(tmp_path):
    write_site(tmp_path, {
        "_posts/2025-01-01-a.md": "---\ntitle: [\n---\n",
        "_posts/2025-01-02-b.md": b"\xff\xfe\x00\x00garbage",
        "_posts/2025-01-03-c.md": "# no front matter\n",
        "_posts/2025-01-04-d.md": GOOD,
    })
    findings = lint_site(tmp_path, select=("LL",))
    assert {(f.path, f.code) for f in findings} == {
        ("_posts/2025-01-01-a.md", "LL007"),
        ("_posts/2025-01-02-b.md", "LL001"),
        ("_posts/2025-01-03-c.md", "LL005"),
    }


def test_not_a_post_gets_one_note_and_nothing_else(tmp_path):
    write_site(tmp_path, {"_posts/notes.md": "no front matter\n![](x.png)\n"})
    findings = lint_site(tmp_path)
    assert codes(findings) == [("LL009", 1)]
    assert "YYYY-MM-DD" in findings[0].message


def test_broken_yaml_stops_content_rules_on_that_post(tmp_path):
    findings = lint_post(tmp_path, "---\ntitle: [\n---\n![](x.png)\n")
    assert [f.code for f in findings] == ["LL007"]
