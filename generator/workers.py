"""Run the disjoint shares of one build stage in forked worker processes.

Share ``k`` of ``jobs`` runs ``work(k, jobs, send)`` in its own process; ``send`` passes small
messages (progress) to the caller while the workers run, and each share's result comes back
pickled. The workers are forked, not spawned: they inherit the caller's memory (the
normalized catalogue, the list of pages), so nothing large is pickled on the way in, and
they start in milliseconds instead of importing the generator again. A worker that raises
or dies fails the whole stage with a Japanese message; the other workers are then stopped.
"""

from __future__ import annotations

import gc
import multiprocessing
import re
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

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
    """How many of ``jobs`` forked workers fit MEMORY_BUDGET_BYTES next to this process
    (``resident`` bytes, this process's resident memory by default); 1: work in-process."""
    resident = current_resident_bytes() if resident is None else resident
    if not resident:
        return jobs
    fitting = int((MEMORY_BUDGET_BYTES - resident) // (COPIED_SHARE * resident))
    return min(jobs, fitting) if fitting >= 2 else 1


def current_resident_bytes() -> int:
    """This process's resident memory (0 where /proc is not there)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="utf-8")
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s*(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


def run_shares(
    work: Work[Result], jobs: int, on_message: Callable[[Any], None], stage: str
) -> list[Result]:
    """``work(k, jobs, send)`` for k = 0 … jobs-1, each in a forked process: the results in
    k order. Each message a worker sends is given to ``on_message`` here, as it arrives."""
    context = multiprocessing.get_context("fork")
    workers: list[tuple[BaseProcess, Connection]] = []
    # Frozen objects are left alone by the workers' cyclic collector, which would otherwise
    # write to every inherited object and so copy the whole catalogue into each worker.
    gc.freeze()
    try:
        for k in range(jobs):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_serve, args=(send, work, k, jobs), daemon=True)
            process.start()
            send.close()
            workers.append((process, receive))
    finally:
        gc.unfreeze()
    try:
        return _gather(workers, on_message, stage)
    finally:
        for process, receive in workers:
            if process.is_alive():
                process.kill()  # only after a failure: the others' work is moot
            process.join()
            receive.close()


def _gather(
    workers: list[tuple[BaseProcess, Connection]], on_message: Callable[[Any], None], stage: str
) -> list[Any]:
    jobs = len(workers)
    pending = {receive: k for k, (_, receive) in enumerate(workers)}
    results: dict[int, Any] = {}
    while pending:
        for receive in wait(list(pending)):
            k = pending[receive]  # type: ignore[index]
            name = f"{stage}のワーカープロセス({k + 1}/{jobs})"
            try:
                kind, value = receive.recv()  # type: ignore[union-attr]
            except EOFError:
                process = workers[k][0]
                process.join()
                raise WorkerFailed(
                    f"{name}が応答なく終了しました(終了コード {process.exitcode})"
                ) from None
            if kind == "message":
                on_message(value)
                continue
            if kind == "error":
                failed = WorkerFailed(f"{name}でエラーが起きました: {value[0]}")
                failed.add_note(value[1])  # the worker's traceback, for bugs
                raise failed
            results[k] = value
            del pending[receive]  # type: ignore[arg-type]
    return [results[k] for k in range(jobs)]


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
