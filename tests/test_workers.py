"""run_shares: the last share in the calling process, the others in forked workers; every
share's messages passed on; any failure fails the stage and stops the workers."""

from __future__ import annotations

import gc
import os
import time

import pytest

from generator.gcpause import frozen_as_made, paused_then_frozen
from generator.workers import WorkerFailed, run_shares, share_count


def test_the_last_share_runs_in_the_calling_process_and_the_others_in_workers():
    pids = run_shares(lambda k, jobs, send: (k, jobs, os.getpid()), 3, print, "段階")
    assert [(k, jobs) for k, jobs, _ in pids] == [(0, 3), (1, 3), (2, 3)]
    assert pids[2][2] == os.getpid()
    assert len({pid for _, _, pid in pids}) == 3


def test_workers_see_the_heap_frozen_and_the_caller_keeps_what_it_froze():
    def frozen(k, jobs, send):
        return gc.get_freeze_count() > 0

    assert gc.get_freeze_count() == 0
    assert run_shares(frozen, 2, None, "段階") == [True, False]  # the worker's, then ours
    assert gc.get_freeze_count() == 0
    with frozen_as_made() as freeze:
        freeze()
        assert run_shares(frozen, 2, None, "段階") == [True, True]
        assert gc.get_freeze_count() > 0  # still frozen after the workers started
    assert gc.get_freeze_count() == 0


def test_loading_freezes_only_inside_a_scope_that_unfreezes():
    """The file cache's entries and the merged catalogue are frozen as they are loaded in
    the build's catalogue process (inside `frozen_as_made`), never in a test or a tool,
    where nothing would unfreeze them."""
    with paused_then_frozen():
        loaded = [[] for _ in range(1000)]
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    with frozen_as_made():
        with paused_then_frozen():
            assert not gc.isenabled()
            loaded += [[] for _ in range(1000)]
        assert gc.get_freeze_count() >= len(loaded) and gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_every_message_of_every_share_is_passed_on():
    def work(k, jobs, send):
        for i in range(200):
            send((k, i))
        return k

    received = []
    assert run_shares(work, 3, received.append, "段階") == [0, 1, 2]
    assert sorted(received) == [(k, i) for k in range(3) for i in range(200)]
    # each share's messages arrive in the order it sent them
    for k in range(3):
        assert [i for kk, i in received if kk == k] == list(range(200))


def test_a_failing_share_in_the_calling_process_fails_the_stage_and_stops_the_workers(tmp_path):
    done = tmp_path / "worker-finished"

    def work(k, jobs, send):
        if k == jobs - 1:
            raise ValueError("壊れた入力")
        time.sleep(5)
        done.touch()
        return k

    started = time.monotonic()
    with pytest.raises(
        WorkerFailed, match=r"^段階の分担\(2/2\)でエラーが起きました: ValueError: 壊れた入力"
    ):
        run_shares(work, 2, print, "段階")
    assert time.monotonic() - started < 4 and not done.exists()


def test_a_failing_worker_is_reported_while_the_calling_process_still_works():
    def work(k, jobs, send):
        if k == 0:
            raise ValueError("壊れた入力")
        for _ in range(100):  # the calling process's share, sending progress
            time.sleep(0.05)
            send(1)
        return k

    started = time.monotonic()
    with pytest.raises(
        WorkerFailed, match=r"段階の分担\(1/2\)でエラーが起きました: ValueError: 壊れた入力"
    ):
        run_shares(work, 2, lambda _: None, "段階")
    assert time.monotonic() - started < 4  # not after the calling process's 5 s share


def test_a_message_from_a_share_that_should_send_none_fails_the_stage():
    with pytest.raises((WorkerFailed, AssertionError), match="段階: a share sent a message"):
        run_shares(lambda k, jobs, send: send("進捗"), 2, None, "段階")


@pytest.mark.parametrize(
    ("jobs", "items", "shares"), [(2, 199, 1), (2, 200, 2), (4, 300, 3), (1, 10_000, 1)]
)
def test_work_is_cut_into_shares_of_at_least_the_minimum(jobs, items, shares):
    assert share_count(jobs, items, 100) == shares
