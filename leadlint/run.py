"""One run of `leadlint check` or `leadlint audit`: discover, lint (in parallel, through the
cache), filter by the baseline, and hand a :class:`Report` to a reporter."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from .baseline import read_baseline, split_by_baseline, write_baseline
from .cache import CACHE_DIR_NAME, ResultCache
from .config import Config
from .discovery import Sites, discover
from .engine import FileResult, Linter, default_jobs
from .reporters import Report, render_in_worker


def repository_root(start: Path) -> Path:
    """The git work tree holding ``start`` (SARIF URIs are relative to it), else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


class Run:
    def __init__(self, config: Config, paths: list[Path], site_root: Path | None = None, jobs: int | None = None,
                 cache_dir: Path | None = None, use_cache: bool = True, progress: bool = False):
        self.config = config
        self.cwd = Path.cwd()
        self.sites = Sites(site_root)
        self.paths = paths
        self.jobs = jobs or default_jobs()
        self.progress = progress
        self.linter = Linter(config, self.cwd, self.sites)
        if use_cache:
            folder = cache_dir or self.sites.root_for(self.cwd) / CACHE_DIR_NAME
            self.linter.cache = ResultCache(folder, config.fingerprint())
            if self.linter.online is not None:
                self.linter.online.use_store(folder)
        self.results: list[FileResult] = []
        #: the files linted, in the order of ``results``
        self.files: list[Path] = []
        #: after :meth:`fix`: what fixing each file with fixable findings did
        self.fixes: list | None = None
        self.elapsed = 0.0

    def lint(self) -> list[FileResult]:
        """Lint every file and keep the results (in :attr:`results`)."""
        self.results = list(self.stream())
        return self.results

    def stream(self) -> Iterator[FileResult]:
        """Lint every file, giving each result as soon as it (and those before it) is ready;
        the cache is saved once the last one has been given."""
        started = time.perf_counter()
        self.files = files = discover(self.paths, self.sites, self.config, self.cwd)
        results = self.linter.lint_paths(files, self.jobs)
        if self.progress:
            results = _with_progress(results, len(files))
        linted = set()
        for result in results:
            linted.add(result.path)
            yield result
        cache = self.linter.cache
        if cache is not None:
            full_run = not self.paths
            cache.save(keep=linted if full_run else None)
        self.elapsed = time.perf_counter() - started

    def fix(self, write: bool = True) -> list:
        """Lint, then fix every file that has fixable findings (see :mod:`.fix`).  With
        ``write`` the fixed files are written and linted again, so ``results`` (and a later
        :meth:`report`) hold only what remains; without, nothing is written."""
        from .fix import fix_file

        results = self.lint()
        where = {result.path: i for i, result in enumerate(results)}
        self.fixes = [fix_file(self.linter, path, result.path) for path, result in zip(self.files, results)
                      if any(f.fix is not None for f in result.findings)]
        if write:
            written = [f for f in self.fixes if f.write()]
            for fixed, result in zip(written, self.linter.lint_paths([f.path for f in written], self.jobs)):
                results[where[fixed.display_path]] = result
            if written and self.linter.cache is not None:
                self.linter.cache.save()
        return self.fixes

    def report(self, statistics: bool = False, baseline: Path | None = None,
               write_baseline_to: Path | None = None, stream: bool = True, render=None) -> Report:
        """The report of this run.  With ``stream`` (and no baseline to read or write), the
        files are linted as the report is written: the report goes through the results as they
        come (see :class:`Report`); then ``render``, the format's ``render_file`` if it has one,
        renders each file's findings in the worker process that linted it."""
        if self.fixes is not None:
            results: Iterable[FileResult] = self.results
        elif stream and baseline is None and write_baseline_to is None:
            if render is not None:
                self.linter.finish_in_worker = render_in_worker(render)
            results = self.stream()
        else:
            results = self.lint()
        root = repository_root(self.cwd)
        known: list = []
        if baseline is not None or write_baseline_to is not None:
            findings = [f for r in results for f in r.findings]
            if write_baseline_to is not None:
                write_baseline(write_baseline_to, findings, root)
            if baseline is not None:
                new, known = split_by_baseline(findings, read_baseline(baseline), root)
                kept = {id(f) for f in new}
                results = [replace(r, findings=[f for f in r.findings if id(f) in kept]) for r in results]
        return Report(results, self.linter.content_rules + self.linter.suppression_rules, root,
                      fail_on=self.config.fail_on, show_statistics=statistics, baseline_matched=known)


def progress_wanted() -> bool:
    """Progress only on an interactive terminal, never in CI logs or pipes."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def _with_progress(results: Iterable[FileResult], total: int) -> Iterator[FileResult]:
    last = 0.0
    for done, result in enumerate(results, 1):
        now = time.monotonic()
        if now - last > 0.1 or done == total:
            sys.stderr.write(f"\rleadlint: {done:,}/{total:,} files")
            sys.stderr.flush()
            last = now
        yield result
    if total:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
