#!/usr/bin/env python3
"""Where a worker's time goes: the exclusive CPU cost of every view and every rule, in ms per post.

    python benchmarks/profile_views.py [--posts 10000] [--share 2] [--limit 40]

Lints the generated archive (benchmarks/.archive-N/, made by ``run.py`` or ``generate_archive.py``)
in one process, the way one of ``--share`` workers gets it (every other chunk of 32 files for 2),
twice: the first pass builds what a run builds once (the site index, other posts' states); the second
is timed. Each view (a cached property of ``Post`` or a ``post.view`` function) and each rule's check
is timed without the views it asks for in turn, so the figures add up to the time of a post, less
the engine's own work (reading, decoding, suppressions). A view is charged to the rule that first
asks for it: "RULE KW002" includes nothing of ``keyword_use``, but ``keyword_use`` counts the
keywords the first time KW002 asks for them.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from leadlint.config import load_config
from leadlint.discovery import Sites, discover
from leadlint.engine import Linter
from leadlint.post import Post

HERE = Path(__file__).resolve().parent
CHUNK = 32  # as the engine deals files to its workers


class ExclusiveTimer:
    """Times functions, each without the timed functions it calls."""

    def __init__(self):
        self.cost: dict[str, float] = defaultdict(float)
        self._inner: list[float] = []

    def wrap(self, name: str, function):
        clock, inner, cost = time.process_time, self._inner, self.cost

        def timed(*args):
            inner.append(0.0)
            started = clock()
            try:
                return function(*args)
            finally:
                spent = clock() - started
                cost[name] += spent - inner.pop()
                if inner:
                    inner[-1] += spent

        return timed


def instrument(linter: Linter, timer: ExclusiveTimer) -> None:
    for name, attribute in list(vars(Post).items()):
        if isinstance(attribute, functools.cached_property):
            attribute.func = timer.wrap(name, attribute.func)
    computed = Post.view

    def view(post, compute):
        if compute in post._views:
            return post._views[compute]
        name = f"{compute.__module__.rsplit('.', 1)[-1]}.{compute.__name__}"
        return timer.wrap(name, computed)(post, compute)

    Post.view = view
    for rule in linter.content_rules:  # a rule's check is a generator: time it to the end
        check = rule.check
        object.__setattr__(rule, "check", timer.wrap(f"RULE {rule.code}", lambda p, c, check=check: list(check(p, c) or ())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10000, help="the archive's size (benchmarks/.archive-N)")
    parser.add_argument("--share", type=int, default=2, help="profile one of this many workers' share")
    parser.add_argument("--limit", type=int, default=40, help="how many of the costliest to list")
    args = parser.parse_args()
    root = HERE / f".archive-{args.posts}"
    if not (root / "_posts").is_dir():
        print(f"no archive at {root}: run benchmarks/run.py --posts {args.posts} first", file=sys.stderr)
        return 2
    os.chdir(root)
    config, sites = load_config(None), Sites(None)
    files = [f for i, f in enumerate(discover([], sites, config, root)) if (i // CHUNK) % args.share == 0]
    linter = Linter(config, root, sites)
    for path in files:
        linter.lint_path(path)
    timer = ExclusiveTimer()
    instrument(linter, timer)
    started = time.process_time()
    for path in files:
        linter.lint_path(path)
    per_post = 1e3 / len(files)
    total = (time.process_time() - started) * per_post
    print(f"{len(files):,} posts, {total:.3f} ms of CPU per post; of it, ms per post:")
    for name, spent in sorted(timer.cost.items(), key=lambda item: -item[1])[: args.limit]:
        print(f"  {spent * per_post:7.3f}  {name}")
    print(f"  {total - sum(timer.cost.values()) * per_post:7.3f}  the engine (reading, decoding, suppressions, ...)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
