"""The one-way flow: file -> Post -> every enabled rule -> suppressions -> findings.

The engine knows rules only through the registry; it never names one.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .cache import ResultCache, file_digest, file_stat, pickled
from .config import Config
from .discovery import Sites, display_path
from .online import Session as OnlineSession, network_kind
from .post import Post
from .rule import SORT_KEY, Finding, Rule, RuleContext
from .site import Site
from .source import ReadProblem, read_file
from .suppression import apply_suppressions, find_suppressions

#: front-matter problems after which rules about the post's content do not run
_UNUSABLE_FRONT_MATTER = {"unclosed", "yaml", "not-a-mapping", "hostile"}


@dataclass
class FileResult:
    """What one file produced."""

    path: str
    findings: list[Finding]
    #: "YYYY-MM" of the post's date (from its name or front matter), for reports by month
    month: str | None = None
    is_post: bool = True
    #: how many findings inline suppressions silenced
    suppressed: int = 0
    #: online checks the rules asked for and had no answer to yet (the run checks them and
    #: lints the file again); and when the answers the findings rest on expire
    waiting: tuple = ()
    valid_until: float | None = None
    #: set instead of ``findings`` when the worker that linted the file rendered them for the
    #: report (``reporters.RenderedFindings``)
    rendered: object = None


@dataclass
class UnusedSuppression:
    """A suppression comment or front-matter ignore that silenced nothing in this run."""

    start: int
    end: int
    kind: str
    codes: list[str]
    unknown: list[str]


class Linter:
    """Lints files with a configuration; one instance per run, shared by worker processes."""

    def __init__(self, config: Config, cwd: Path, sites: Sites):
        self.config = config
        self.cwd = cwd
        self.sites = sites
        rules = config.enabled_rules()
        self.content_rules = [r for r in rules if r.phase == "content"]
        self.suppression_rules = [r for r in rules if r.phase == "suppression"]
        self.enabled_codes = {r.code for r in rules}
        self.known_codes = set(config.registry.rules)
        self.severities = {r.code: config.severity_for(r) for r in rules}
        self.options = {r.code: config.options_for(r) for r in rules}
        self.all_options = {code: config.options_for(r) for code, r in config.registry.rules.items()}
        self.uses_site = any(r.uses_site for r in rules)
        self.root = config.root
        #: one context per rule, pointed at each post in turn (rules run one after the other,
        #: and their findings are collected before the next rule runs)
        self._contexts = {r.code: RuleContext(r, None, self.severities[r.code], self.options[r.code], None, [],
                                              self.root, self.all_options) for r in rules}
        #: (rule, its context) for a post whose content rules can run, and for any other file
        self._every_post = [(r, self._contexts[r.code]) for r in self.content_rules]
        self._every_file = [(r, self._contexts[r.code]) for r in self.content_rules if r.scope != "post"]
        self.cache: ResultCache | None = None
        #: what :meth:`_holds` found out in this pass over the files
        self._fact_memo: dict = {}
        #: URL results, when a rule that needs the network is enabled (Run gives it a store)
        self.online: OnlineSession | None = OnlineSession() if any(map(network_kind, rules)) else None
        #: what a worker process does to each result before sending it back (the report may
        #: render it there: see ``reporters.render_in_worker``)
        self.finish_in_worker: Callable[[FileResult], FileResult] | None = None

    def lint_path(self, path: Path) -> FileResult:
        return self._lint_cached(path)[0]

    def _from_cache(self, path: Path, read_unknown: bool = True) -> tuple[bytes | None, tuple]:
        """(a still-good cached result, pickled, or None; what reading the file gave: site, shown path,
        bytes, error, digest, stat, when it was read).  A file whose stat the cache trusts is
        not read at all; nor, without ``read_unknown``, one the cache holds nothing for."""
        site = self.sites.site_for(path)
        shown = display_path(path, self.cwd)
        cache = self.cache
        stat = read_at = None
        if cache is not None:
            read_at = time.time_ns()
            stat = file_stat(path)
            cached = cache.get_unchanged(shown, stat, self._holds(site))
            if cached is not None:
                return cached, (site, shown, b"", None, None, stat, read_at)
            if not read_unknown and not cache.holds(shown):
                return None, (site, shown, None, None, None, stat, read_at)
        try:
            data, error = read_file(os.fspath(path)), None
        except OSError as exc:
            data, error = b"", exc
        digest = file_digest(data) if cache is not None and error is None else None
        cached = cache.get(shown, digest, self._holds(site), stat, read_at) if digest is not None else None
        return cached, (site, shown, data, error, digest, stat, read_at)

    def _lint_cached(self, path: Path) -> tuple[FileResult, CacheUpdate | None]:
        """Lint one file, through the cache when there is one; also say what to store."""
        cached, (site, shown, data, error, digest, stat, read_at) = self._from_cache(path)
        if cached is not None:
            return pickle.loads(cached), None
        post = Post(path, shown, data, site)
        if error is not None:
            post.read_problem = ReadProblem("unreadable", f"file cannot be read: {error.strerror or error}")
        if digest is None:
            result = self.lint_post(post)
            post.release()
            return result, None
        with site.tracking() as facts:
            result = self.lint_post(post)
        post.release()
        facts.add(site.config_fact)
        if result.waiting:  # incomplete: linted again once the URLs are checked
            return result, None
        if result.valid_until is not None:
            facts.add(("until", result.valid_until))
        return result, CacheUpdate(shown, digest, result, tuple(sorted(facts, key=repr)), stat, read_at)

    def _holds(self, site):
        """Whether a fact a cached result rests on still holds (each fact checked once a run):
        the site's facts, and the time until which the online answers it used are fresh."""
        memo = self._fact_memo.get(site)
        if memo is None:
            memo = self._fact_memo[site] = {}

        def holds(fact: tuple) -> bool:
            known = memo.get(fact)
            if known is None:
                known = memo[fact] = time.time() < fact[1] if fact[0] == "until" else site.fact_holds(fact)
            return known

        return holds

    def lint_post(self, post: Post) -> FileResult:
        if self.online is None:
            return self._lint_post(post)
        with self.online.recording() as usage:
            result = self._lint_post(post)
        result.waiting = tuple(sorted(usage.waiting, key=repr))
        result.valid_until = usage.valid_until
        return result

    def _lint_post(self, post: Post) -> FileResult:
        findings: list[Finding] = []
        site = post.site
        for rule, ctx in self._every_file if not _content_ready(post) else self._every_post:
            ctx.post, ctx.site = post, site
            before = len(findings)
            try:
                findings.extend(rule.check(post, ctx) or ())
            except Exception as error:  # a rule must never take the run down with it
                del findings[before:]  # what it found before it raised is not kept
                findings.append(_failure(rule, ctx, error))
        ignored = self.config.ignored_codes(post.relpath)
        if ignored:
            findings = [f for f in findings if not _matches(f.code, ignored)]
        before = len(findings)
        suppressions = find_suppressions(post) if post.source is not None else []
        findings = apply_suppressions(findings, suppressions)
        if self.suppression_rules and suppressions:
            unused = self._unused(suppressions)
            for rule in self.suppression_rules:
                if not _matches(rule.code, ignored):
                    findings.extend(self._run(rule, post, unused))
        findings.sort(key=SORT_KEY)
        return FileResult(post.display_path, findings, _month(post), post.is_post, before - len(findings))

    def _run(self, rule: Rule, post: Post, unused: list | None = None) -> Iterable[Finding]:
        ctx = self._contexts[rule.code]
        ctx.post, ctx.site, ctx.unused_suppressions = post, post.site, unused or []
        try:
            return list(rule.check(post, ctx) or ())
        except Exception as error:  # a rule must never take the run down with it
            return [_failure(rule, ctx, error)]

    def _unused(self, suppressions) -> list[UnusedSuppression]:
        unused = []
        for s in suppressions:
            unknown = [c for c in s.codes if not any(k.startswith(c) for k in self.known_codes)]
            idle = [c for c in s.unused_codes() if c not in unknown
                    and (c == "all rules" or any(k.startswith(c) for k in self.enabled_codes))]
            if idle or unknown:
                unused.append(UnusedSuppression(s.start, s.end, s.kind, idle, unknown))
        return unused

    # -- many files ---------------------------------------------------------------------

    def lint_paths(self, paths: list[Path], jobs: int = 1) -> Iterator[FileResult]:
        """Results in the order of ``paths``, whatever the number of processes.

        With online checks, the files whose rules waited for URLs are linted again after
        this process has checked every waiting URL of the run at once (see :mod:`.online`).
        """
        if self.online is None:
            yield from self._lint_paths(paths, jobs)
            return
        results = list(self._lint_paths(paths, jobs))
        waiting = [i for i, result in enumerate(results) if result.waiting]
        if waiting:
            self.online.check(request for i in waiting for request in results[i].waiting)
            again = self._lint_paths([paths[i] for i in waiting], jobs)
            for i, result in zip(waiting, again):
                result.waiting = ()
                results[i] = result
        yield from results

    def _lint_paths(self, paths: list[Path], jobs: int = 1) -> Iterator[FileResult]:
        """Results in the order of ``paths``, whatever the number of processes.

        With a cache, this process first serves every file whose result is still good (a
        warm run then starts no worker at all); the rest go to forked workers, which share
        the parsed configuration and rules and return their results (and what to cache).
        """
        self._fact_memo = {}  # files may have changed since the last pass (--fix)
        jobs = max(1, min(jobs, len(paths)))
        if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
            outcomes: Iterable = map(self._lint_cached, paths)
            yield from self._store(outcomes)
            return
        served: dict[int, bytes] = {}  # unpickled as they are given (no more than one at a time)
        if self.cache is not None:
            # served here without forking when the cache has them; a file the cache knows
            # nothing of is read (and hashed) only by the worker that lints it
            for index, path in enumerate(paths):
                result = self._from_cache(path, read_unknown=False)[0]
                if result is not None:
                    served[index] = result
        todo = [path for index, path in enumerate(paths) if index not in served]
        if not todo:
            yield from map(pickle.loads, served.values())
            return
        global _WORKER
        _WORKER = self
        jobs = max(1, min(jobs, len(todo)))
        if self.uses_site:
            self._read_sites_ahead(todo, jobs)
        chunk = max(1, min(32, len(todo) // (jobs * 8) or 1))
        gc.freeze()  # workers share this process's objects without touching (and copying) them
        collecting = gc.isenabled()
        try:
            with _fork_pool(jobs, initializer=_start_worker) as pool:
                # this process now only gathers results (no reference cycles): the collector
                # would rescan the growing pile of findings for nothing
                gc.disable()
                linted = self._store(pool.imap(_lint_in_worker, todo, chunksize=chunk))
                for index in range(len(paths)):
                    yield pickle.loads(served[index]) if index in served else next(linted)
        finally:
            if collecting:
                gc.enable()
            gc.unfreeze()
            _WORKER = None

    def _read_sites_ahead(self, todo: list[Path], jobs: int) -> None:
        """Read the state of every post of a site once, a share per process, before the workers
        start, when the posts to lint link to about as many posts as the site has: else each
        worker would read most of the site on its own, as the posts it lints link to them."""
        by_folder: dict[Path, list[Path]] = {}
        for path in todo:
            by_folder.setdefault(path.parent, []).append(path)
        by_site: dict[Site, list[Path]] = {}
        for folder_files in by_folder.values():  # a folder's files belong to one site
            by_site.setdefault(self.sites.site_for(folder_files[0]), []).extend(folder_files)
        for site, files in by_site.items():
            sample = files[:: max(1, len(files) // 16)]
            if site.links_to_posts(sample) * len(files) < len(sample) * len(site.documents):
                continue
            unread = site.unread_documents()
            if not unread:
                continue
            shares = [unread[i : i + _AHEAD_SHARE] for i in range(0, len(unread), _AHEAD_SHARE)]
            global _READING_AHEAD
            _READING_AHEAD = site
            try:
                with _fork_pool(jobs) as pool:
                    site.learn(shares, pool.map(_read_ahead_in_worker, shares, chunksize=1))
            finally:
                _READING_AHEAD = None

    def _store(self, outcomes: Iterable[tuple[FileResult | None, CacheUpdate | None]]) -> Iterator[FileResult]:
        """The results, each stored in the cache when it says so (a worker may send only the
        bytes to store, which then are the result)."""
        for result, update in outcomes:
            if update is not None and self.cache is not None:
                self.cache.put(update.path, update.digest, update.result, update.site_facts, update.stat,
                               update.read_at)
                if result is None:
                    result = pickle.loads(update.result)
            yield result


@dataclass
class CacheUpdate:
    path: str
    digest: str
    #: a FileResult, or (from a worker) the bytes the cache stores of it
    result: FileResult | bytes
    site_facts: tuple
    stat: tuple | None = None
    read_at: int | None = None


class _Pool(multiprocessing.pool.Pool):
    """``multiprocessing.Pool`` without the busy loop of its worker-handler thread.

    That thread replaces workers that exit and notices the pool closing; since CPython 3.8 it
    waits for a worker to exit, for the pool's change notifier, and for the pipe of results
    to be readable.  The last is true whenever results wait there for the result-handler
    thread, and then the thread loops without blocking: in a run over an archive it burnt
    0.7 s of CPU in the parent (a third of a core, taken from the workers), for nothing, as
    closing and the end of the work are signalled through the change notifier anyway.  Its
    sentinels are then those of multiprocessing's own ThreadPool.
    """

    def _get_sentinels(self) -> list:
        return [self._change_notifier._reader]


def _fork_pool(jobs: int, initializer=None) -> _Pool:
    """Worker processes forked from this one (they share its parsed configuration and rules)."""
    return _Pool(jobs, initializer=initializer, context=multiprocessing.get_context("fork"))


_WORKER: Linter | None = None
#: the site whose posts' states worker processes are reading (see Linter._read_sites_ahead)
_READING_AHEAD: Site | None = None
#: how many documents a worker reads ahead in one task
_AHEAD_SHARE = 250


def _start_worker() -> None:
    """A worker collects garbage (rules of plugins may leave reference cycles), but its young
    objects ten times less often than Python's default: a post's views hold no cycles (see
    Post.release) and are freed as soon as its rules ran, so the collector, run every 700
    allocations, mostly found nothing (8.5 us a post on the benchmark archive; 2.5 now)."""
    gc.set_threshold(7000, 10, 10)
    gc.enable()


def _lint_in_worker(path: Path) -> tuple[FileResult | None, CacheUpdate | None]:
    """A file's result as the parent wants it: for the cache, pickled once here (the parent
    stores those bytes as they are, and unpickles them only when it needs the result itself);
    for the report, rendered here when the report is (see ``Linter.finish_in_worker``)."""
    result, update = _WORKER._lint_cached(path)
    finish = _WORKER.finish_in_worker
    if update is not None:
        update.result = pickled(result)
        if finish is None:
            return None, update
    return (result if finish is None else finish(result)), update


def _read_ahead_in_worker(share: list[int]) -> list:
    return _READING_AHEAD.read_ahead(share)


def _failure(rule: Rule, ctx: RuleContext, error: Exception) -> Finding:
    """The finding that stands for a rule that raised."""
    if isinstance(error, RecursionError):
        return ctx.finding_at(f"{rule.code} could not finish: the post is nested too deeply to check", 1)
    return ctx.finding_at(f"internal error in rule {rule.code} ({rule.name}): {type(error).__name__}: {error}; "
                          "please report this with the post", 1, severity="error")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        return os.cpu_count() or 1


def _content_ready(post: Post) -> bool:
    if post.source is None or not post.is_post:
        return False
    problem = post.front_matter.problem
    return problem is None or problem.kind not in _UNUSABLE_FRONT_MATTER


def _matches(code: str, selectors: list[str]) -> bool:
    return any(code == s or code.startswith(s) for s in selectors)


def _month(post: Post) -> str | None:
    match = post.filename_match
    if match:
        parts = match.group(1).split("-")
        if len(parts[0]) == 4:
            return f"{parts[0]}-{int(parts[1]):02d}"
    date = post.front_matter.data.get("date") if post.source is not None else None
    if hasattr(date, "year"):
        return f"{date.year:04d}-{date.month:02d}"
    return None
