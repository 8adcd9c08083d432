"""The process pool the engine forks (``engine._Pool``): multiprocessing's Pool whose
worker-handler thread waits only for workers to exit and for the pool's changes, as
multiprocessing's ThreadPool does, not for results to be readable (it spun on them).
Its duties must still be done: replacing workers that exit, and ending when closed."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from leadlint import engine

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _square(n: int) -> int:
    return n * n


def test_results_come_in_order_while_workers_are_replaced():
    """With one task per worker, every task needs a new worker: the handler must wake each time
    one exits.  (A worker killed from outside is not a case: it may die holding the task
    queue's lock, and multiprocessing's Pool then hangs with or without this change.)"""
    pool = engine._Pool(2, maxtasksperchild=1, context=multiprocessing.get_context("fork"))
    with pool:
        assert list(pool.imap(_square, range(40), chunksize=1)) == [n * n for n in range(40)]
        assert len(set(pool.map(_pid_after, [0.01] * 6, chunksize=1))) == 6


def test_a_closed_pool_ends():
    pool = engine._fork_pool(2)
    assert pool.map(_square, range(5)) == [0, 1, 4, 9, 16]
    pool.close()
    pool.join()  # returns only once the handler threads ended
    assert not pool._worker_handler.is_alive()
