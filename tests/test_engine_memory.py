"""A linted post is freed as soon as its rules ran: nothing it built is left for the cycle collector.

In an archive run the collector otherwise rescans every post's parse (front matter entries,
prose blocks, HTML elements...) until it finds the cycle that holds it: that was an eighth of
the run's time, and memory grew with the archive when collection was off.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from helpers import SAMPLE, working_directory, write_site
from leadlint.config import apply_cli_overrides, load_config
from leadlint.discovery import Sites, discover
from leadlint.engine import Linter

EXAMPLE_SITE = Path(__file__).resolve().parents[1] / "examples" / "site"


def _cycles_left_by_linting(root: Path) -> int:
    """Garbage in reference cycles after linting every file of the site with every rule."""
    with working_directory(root):
        config = load_config(None)
        apply_cli_overrides(config, ("ALL",), (), ())
        sites = Sites(None)
        linter = Linter(config, root, sites)
        files = discover([], sites, config, root)
        assert files
        for path in files:  # first: imports, the site index, the states of other posts
            linter.lint_path(path)
        gc.collect()
        gc.disable()
        try:
            for path in files:
                assert linter.lint_path(path).path
            return gc.collect()
        finally:
            gc.enable()


def test_linting_the_sample_post_leaves_no_reference_cycles(tmp_path):
    write_site(tmp_path, {f"_posts/{SAMPLE.name}": SAMPLE.read_bytes(), "_posts/2026-01-20-b.md": SAMPLE.read_bytes()})
    assert _cycles_left_by_linting(tmp_path) == 0


def test_linting_the_example_site_leaves_no_reference_cycles(tmp_path):
    """Broken front matter, Shift-JIS, HTML pages, drafts: the failure paths too."""
    assert _cycles_left_by_linting(shutil.copytree(EXAMPLE_SITE, tmp_path / "site")) == 0
