"""Run part of the build in a forked child process, so that its memory goes back to the
system when it ends.

The catalogue stages (validate, normalize, pages, search documents) build millions of
small objects. Freed in the build's own process they would stay counted in its memory
(Python's and glibc's allocators keep freed pages for reuse: at 60,000 assessments the
process still held 1.9 GB after the catalogue was deleted), next to the MkDocs and Sudachi
worker processes that come after. A child process that ends returns all of it.
"""

from __future__ import annotations

import io
import multiprocessing
import signal
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

Result = TypeVar("Result")


class ChildDied(Exception):
    """The child process ended without an answer (killed, out of memory)."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_forked(function: Callable[..., Result], *args: Any) -> Result:
    """``function(*args)`` in a forked child: its result, or its exception raised here.

    The child inherits this process's memory (nothing is pickled on the way in); the
    result or exception is pickled on the way back. What the child prints reaches this
    process's sys.stdout and sys.stderr: directly when they are files, else (a caller's
    io.StringIO, say) collected in the child and written here when it ends. Where fork is
    not available the function runs in this process.
    """
    if not can_fork():
        return function(*args)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_answer, args=(send, function, args))
    child.start()
    send.close()
    try:
        (succeeded, value), printed = receive.recv()
    except EOFError:
        child.join()
        raise ChildDied(f"子プロセスが応答なく終了しました(終了コード {child.exitcode})") from None
    except BaseException:  # interrupted here (Ctrl-C, SIGTERM): the child stops first
        _stop(child)
        raise
    finally:
        receive.close()
    child.join()
    for name, text in printed.items():
        getattr(sys, name).write(text)
    if succeeded:
        return value
    raise value


STOP_SECONDS = 30  # for an interrupted child to clean up before it is killed


def _stop(child: BaseProcess) -> None:
    """Ask the child to stop (SIGTERM, which `pia` turns into an interruption that cleans
    up, generator/cli.py) so that it no longer writes where the caller cleans up; kill it
    if it does not end in time."""
    child.terminate()
    child.join(STOP_SECONDS)
    if child.is_alive():
        child.kill()
        child.join()


def _answer(send: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    collected = _collect_unless_files()
    try:
        try:
            answer: tuple[bool, Any] = (True, function(*args))
        except BaseException as error:  # every outcome goes back to the parent
            error.add_note("".join(traceback.format_exception(error)).rstrip())  # the child's
            answer = (False, error)
        # the work is done: a stop from now on (the parent interrupted, `_stop`) just ends
        # this process, without a Python exception and its traceback
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        printed = {name: buffer.getvalue() for name, buffer in collected.items()}
        try:
            send.send((answer, printed))
        except Exception as error:  # the answer does not pickle: send what it was
            what = error if answer[0] else answer[1]
            send.send(((False, RuntimeError(f"{type(what).__name__}: {what}")), printed))
    except KeyboardInterrupt:
        # the stop came as the work ended, before the line above: the parent no longer
        # waits for an answer, and the interruption is not an error to print
        pass
    finally:
        send.close()


def _collect_unless_files() -> dict[str, io.StringIO]:
    """Replace sys.stdout and sys.stderr by buffers where they are not files (whose
    descriptors the child shares with its parent)."""
    collected = {}
    for name in ("stdout", "stderr"):
        try:
            getattr(sys, name).fileno()
        except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
            collected[name] = io.StringIO()
            setattr(sys, name, collected[name])
    return collected
