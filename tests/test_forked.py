"""Part of the build runs in a forked child: its answer, or its failure, comes back whole."""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import signal
import time

import pytest

from generator import forked
from generator.build import BuildFailed
from generator.cli import Terminated
from generator.forked import ChildDied, run_forked


def test_the_child_returns_its_result_and_this_process_keeps_its_own_state() -> None:
    seen: list[int] = []

    def work(value: int) -> tuple[int, int]:
        seen.append(value)  # the child's copy
        return value * 2, os.getpid()

    doubled, pid = run_forked(work, 21)
    assert doubled == 42 and pid != os.getpid()
    assert seen == []


def test_a_build_failure_in_the_child_is_raised_here_with_its_message() -> None:
    def fail() -> None:
        raise BuildFailed("カタログに問題があります")

    with pytest.raises(BuildFailed, match="カタログに問題があります") as raised:
        run_forked(fail)
    assert "Traceback" in raised.value.__notes__[0]  # the child's traceback, for bugs


def test_a_child_that_dies_without_answering_is_a_failure_not_a_hang() -> None:
    with pytest.raises(ChildDied, match="終了コード 3"):
        run_forked(os._exit, 3)


def test_an_answer_that_does_not_pickle_is_reported() -> None:
    with pytest.raises(RuntimeError, match="pickle"):
        run_forked(lambda: lambda: None)


def test_what_the_child_prints_reaches_a_redirected_stdout_in_order() -> None:
    def talk() -> None:
        print("子の出力")
        raise BuildFailed("失敗")

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), pytest.raises(BuildFailed):
        run_forked(talk)
    assert buffer.getvalue() == "子の出力\n"


def test_an_interrupted_parent_stops_the_child_before_it_goes_on() -> None:
    """Ctrl-C or SIGTERM while the child works: the caller cleans up (the build removes
    the staging trees the child writes into) only once the child is gone."""
    read, write = os.pipe()

    def work() -> None:
        os.write(write, str(os.getpid()).encode())
        time.sleep(60)

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(KeyboardInterrupt):
            run_forked(work)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    child = int(os.read(read, 32))
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def test_a_stop_that_comes_as_the_work_ends_ends_the_child_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The parent's SIGTERM (`_stop`) can arrive after the work returned but before the
    child gave the signal back its default action; the child then just ends."""

    def stopped_now(signum: int, handler: object) -> None:
        raise Terminated  # what generator/cli.py's handler raises at that moment

    monkeypatch.setattr(forked.signal, "signal", stopped_now)
    receive, send = multiprocessing.Pipe(duplex=False)
    forked._answer(send, lambda: "done", ())  # as the child runs it
    assert "Traceback" not in capfd.readouterr().err
    with pytest.raises(EOFError):  # no answer, and the pipe is closed
        receive.recv()
