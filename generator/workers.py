"""Run the disjoint shares of one build stage in forked worker processes and the caller.

Share ``k`` of ``jobs`` runs ``work(k, jobs, send)``: shares 0 … jobs-2 each in a forked
worker, the last one in the calling process itself (which would otherwise only wait, and
holds its own memory without copying it). ``send`` passes small messages (progress) to the
caller, and each worker's result comes back pickled. The workers are forked, not spawned:
they inherit the caller's memory (the normalized catalogue, the list of pages), so nothing
large is pickled on the way in, and they start in milliseconds instead of importing the
generator again. A share that raises, or a worker that dies, fails the whole stage with a
Japanese message; the workers still running are then stopped.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import re
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

from generator.forked import can_fork

Result = TypeVar("Result")
Send = Callable[[Any], None]
Work = Callable[[int, int, Send], Result]


class WorkerFailed(Exception):
    """A worker process raised an exception or ended without an answer."""


# The whole build's memory target (issue 6: 4 GB on a 2-core machine) and what a forked
# worker ends up copying of the process it was forked from: touching an object writes its
# reference count, so the pages of every object a worker reads become its own. Measured by
# `python -m benchmarks.page_stage` at 60,000 synthetic assessments: page workers forked
# from a 1,902 MB catalogue process peaked at 4,839 MB for two (1,470 MB each, 77%).
MEMORY_BUDGET_BYTES = 4 * 1024**3
COPIED_SHARE = 0.8


def affordable_workers(jobs: int, resident: int | None = None) -> int:
    """How many of ``jobs`` shares can run at once within MEMORY_BUDGET_BYTES: this process
    (``resident`` bytes, its resident memory by default) serves one, and each forked worker
    for another is counted at COPIED_SHARE of it; 1: all the work in this process."""
    resident = current_resident_bytes() if resident is None else resident
    if not resident:
        return jobs
    forked = int((MEMORY_BUDGET_BYTES - resident) // (COPIED_SHARE * resident))
    return max(1, min(jobs, forked + 1))


def share_count(jobs: int, items: int, min_per_share: int) -> int:
    """Into how many shares to cut ``items`` units of work for ``jobs``: 1 where fork is not
    available or a share would hold fewer than ``min_per_share`` units (a worker's start
    would cost more than it saves), and never more than fit the memory budget."""
    shares = min(jobs, items // min_per_share) if can_fork() else 1
    return affordable_workers(shares) if shares > 1 else 1


def current_resident_bytes() -> int:
    """This process's resident memory (0 where /proc is not there)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s*(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


def run_shares(
    work: Work[Result], jobs: int, on_message: Callable[[Any], None] | None, stage: str
) -> list[Result]:
    """``work(k, jobs, send)`` for k = 0 … jobs-1, the last share in this process and the
    others each in a forked worker: the results in k order. Each message a share sends is
    given to ``on_message`` here: the workers' as they arrive, between this process's own
    (None: the shares send none)."""
    context = multiprocessing.get_context("fork")
    workers: list[tuple[BaseProcess, Connection]] = []
    # Frozen objects are left alone by the workers' cyclic collector, which would otherwise
    # write to every inherited object and so copy the whole catalogue into each worker.
    # (What the caller froze stays frozen here: gcpause.frozen_as_made.)
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        for k in range(jobs - 1):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_serve, args=(send, work, k, jobs), daemon=True)
            process.start()
            send.close()
            workers.append((process, receive))
    finally:
        if not frozen_before:
            gc.unfreeze()
    inbox = _Inbox(workers, on_message or functools.partial(_unexpected, stage), stage, jobs)
    try:
        own = _serve_here(work, jobs, inbox, stage)
        return [*inbox.gather(), own]
    finally:
        for process, receive in workers:
            if process.is_alive():
                process.kill()  # only after a failure: the others' work is moot
            process.join()
            receive.close()


def _serve_here(work: Work[Result], jobs: int, inbox: _Inbox, stage: str) -> Result:
    """The last share, in this process; the workers' messages are passed on meanwhile."""

    def send(message: Any) -> None:
        inbox.on_message(message)
        inbox.drain()

    try:
        return work(jobs - 1, jobs, send)
    except WorkerFailed:
        raise  # a worker's, found while draining
    except Exception as error:
        name = _share_name(stage, jobs - 1, jobs)
        failed = WorkerFailed(f"{name}でエラーが起きました: {type(error).__name__}: {error}")
        failed.add_note("".join(traceback.format_exception(error)).rstrip())
        raise failed from None


def _unexpected(stage: str, message: Any) -> None:
    raise AssertionError(f"{stage}: a share sent a message, none was expected: {message!r}")


def _share_name(stage: str, k: int, jobs: int) -> str:
    return f"{stage}の分担({k + 1}/{jobs})"


class _Inbox:
    """What the workers send: messages passed on, results kept, failures raised."""

    def __init__(
        self,
        workers: list[tuple[BaseProcess, Connection]],
        on_message: Callable[[Any], None],
        stage: str,
        jobs: int,
    ) -> None:
        self.workers = workers
        self.on_message = on_message
        self.stage = stage
        self.jobs = jobs
        self.pending = {receive: k for k, (_, receive) in enumerate(workers)}
        self.results: dict[int, Any] = {}

    def drain(self) -> None:
        """Take whatever has arrived, without waiting."""
        for receive in wait(list(self.pending), timeout=0):
            self._take(receive)  # type: ignore[arg-type]

    def gather(self) -> list[Any]:
        """Wait for every worker's result: the results in k order."""
        while self.pending:
            for receive in wait(list(self.pending)):
                self._take(receive)  # type: ignore[arg-type]
        return [self.results[k] for k in range(len(self.workers))]

    def _take(self, receive: Connection) -> None:
        k = self.pending[receive]
        try:
            kind, value = receive.recv()
        except EOFError:
            process = self.workers[k][0]
            process.join()
            raise WorkerFailed(
                f"{self.stage}のワーカープロセス({k + 1}/{self.jobs})が応答なく終了しました"
                f"(終了コード {process.exitcode})"
            ) from None
        if kind == "message":
            self.on_message(value)
        elif kind == "error":
            failed = WorkerFailed(
                f"{_share_name(self.stage, k, self.jobs)}でエラーが起きました: {value[0]}"
            )
            failed.add_note(value[1])  # the worker's traceback, for bugs
            raise failed
        else:
            self.results[k] = value
            del self.pending[receive]


def _serve(send: Connection, work: Work[Any], k: int, jobs: int) -> None:
    try:
        try:
            result = work(k, jobs, lambda message: send.send(("message", message)))
            send.send(("result", result))
        except BaseException as error:  # every outcome goes back to the caller
            text = "".join(traceback.format_exception(error)).rstrip()
            send.send(("error", (f"{type(error).__name__}: {error}", text)))
    finally:
        send.close()
