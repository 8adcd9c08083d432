"""Paths are shown relative to the working directory, exactly as os.path.relpath gives them
(the common case, a file inside the working directory, is taken without relpath's work)."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings, strategies as st

from leadlint.discovery import display_path

_PART = st.sampled_from(["a", "b", ".", "..", "", ".x", "x.md", "_posts", "日本語"])


@settings(max_examples=500)
@given(parts=st.lists(_PART, max_size=5), cwd_parts=st.lists(_PART, max_size=5), absolute=st.booleans(),
       trailing=st.booleans())
def test_display_path_is_relpath(parts, cwd_parts, absolute, trailing):
    path = ("/" if absolute else "") + "/".join(parts) + ("/" if trailing else "")
    cwd = "/" + "/".join(cwd_parts)
    if path:
        expected = os.path.relpath(os.path.abspath(path), os.path.abspath(cwd))
        assert display_path(Path(path), Path(cwd)) == expected
        assert display_path(path, cwd) == expected


def test_a_relative_working_directory_follows_the_process(tmp_path, monkeypatch):
    (tmp_path / "one").mkdir()
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "one" / "a.md", Path("one")) == "a.md"
    monkeypatch.chdir(tmp_path / "one")
    assert display_path(tmp_path / "one" / "a.md", Path("one")) == "../a.md"
