"""One run of `leadlint check`: discover, lint (in parallel, through the cache), filter, report."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .discovery import Sites, discover
from .engine import FileResult, Linter, default_jobs
from .reporters import Report


def repository_root(start: Path) -> Path:
    """The git work tree holding ``start`` (SARIF URIs are relative to it), else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


class Run:
    def __init__(self, config: Config, paths: list[Path], site_root: Path | None = None, jobs: int | None = None,
                 cache_dir: Path | None = None, use_cache: bool = True):
        self.config = config
        self.cwd = Path.cwd()
        self.sites = Sites(site_root)
        self.paths = paths
        self.jobs = jobs or default_jobs()
        self.cache_dir = cache_dir
        self.use_cache = use_cache
        self.linter = Linter(config, self.cwd, self.sites)

    def files(self) -> list[Path]:
        return discover(self.paths, self.sites, self.config, self.cwd)

    def results(self) -> list[FileResult]:
        files = self.files()
        return list(self.linter.lint_paths(files, self.jobs))

    def report(self, statistics: bool = False) -> Report:
        results = self.results()
        findings = [f for r in results for f in r.findings]
        return Report(
            findings=findings,
            rules=self.linter.content_rules + self.linter.suppression_rules,
            files_checked=len(results),
            uri_root=repository_root(self.cwd),
            fail_on=self.config.fail_on,
            show_statistics=statistics,
            fixable=sum(1 for f in findings if f.fix is not None),
        )
