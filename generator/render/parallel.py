"""Writing page units through a GuardedWriter, in forked worker processes when there are
enough of them (``pia build --jobs``).

A `PageUnit` writes one page or a few (an assessment, an entity with its paginated siblings,
the collections). With ``jobs`` > 1, each process takes the next unit not yet taken
(`UnitQueue`) and writes it under the same root through its own `RecordingWriter`, which
records every claim; the build's writer then replays all the claims in unit order. So it
ends up claiming and keeping exactly the paths of a one-process build, and the first
collision or escaping path in unit order is refused with the same message. A worker never
writes outside the root (its own writer refuses the path first); a collision between two
workers is refused at the replay, and the build fails before the pages are published.

Units are taken one by one, not dealt out in advance: their costs differ by orders of
magnitude (a kept assessment page is one stat call, the open data's tables take seconds),
and at 60,000 assessments dealing every other unit to each of two processes left one of
them working for seconds after the other had finished. The units that are not assessments
are taken first; the many small assessment units then even out the end.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import multiprocessing
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.progress import Ticker
from generator.workers import Send, run_shares, share_count
from generator.write import GuardedWriter, OutputPathError, safe_relative

# Fewer units than this per worker are written in one process. Measured at 1,000 synthetic
# assessments: a unit takes ~8 ms, and two workers cost ~0.15 s of CPU more than one process
# (fork, templates compiled again); 100 units keep that under a tenth of a worker's work.
MIN_UNITS_PER_WORKER = 100
TICKS_PER_MESSAGE = 50  # ticks of the progress ticker sent to the parent at once
STAGE = "ページ生成"


@dataclass(frozen=True)
class PageUnit:
    """Writes its pages through the writer it is given (any process)."""

    write: Callable[[GuardedWriter], None]
    ticks: bool = False  # counted by the progress ticker (the assessment pages)


Claim = tuple[int, str, str, bool]  # unit index, path, owner, kept from the previous build


@dataclass
class RecordingWriter(GuardedWriter):
    """A GuardedWriter that records each claim, with the unit it was made for."""

    unit: int = 0
    records: list[Claim] = field(default_factory=list)

    def _reserve(self, relative: str, owner: str) -> str:
        self.records.append((self.unit, relative, owner, False))
        return super()._reserve(relative, owner)

    def keep(self, relative: str, owner: str) -> bool:
        try:
            safe_relative(relative)
        except OutputPathError:
            self.records.append((self.unit, relative, owner, False))  # refused at the replay
            raise
        kept = super().keep(relative, owner)
        if kept:
            self.records[-1] = (self.unit, relative, owner, True)
        return kept


def write_units(
    units: Sequence[PageUnit], writer: GuardedWriter, jobs: int, ticker: Ticker
) -> None:
    """Write every unit, in up to ``jobs`` processes; ``writer`` claims (and keeps) every
    path as if it had written them all itself, in order."""
    # The workers copy much of the catalogue they inherit: only as many as fit in memory.
    jobs = share_count(jobs, len(units), MIN_UNITS_PER_WORKER)
    if jobs <= 1:
        for unit in units:
            unit.write(writer)
            if unit.ticks:
                ticker.tick()
        return
    queue = UnitQueue(sorted(range(len(units)), key=lambda index: units[index].ticks))
    share = functools.partial(_write_share, units, queue, writer.root, writer.previous, writer.base)
    shares = run_shares(share, jobs, ticker.tick, STAGE)
    records = [records for records, _ in shares]
    for _, relative, owner, kept in heapq.merge(*records, key=operator.itemgetter(0)):
        writer.adopt(relative, owner, kept=kept)
    for _, made_from in shares:
        writer.record_made_from(made_from)


class UnitQueue:
    """Unit indices in the order given, each handed to the one process that asks for it
    next: a counter in shared memory, made before the workers are forked."""

    def __init__(self, order: list[int]) -> None:
        self._order = order
        self._taken = multiprocessing.get_context("fork").Value("q", 0)

    def take(self) -> int | None:
        with self._taken.get_lock():
            taken = self._taken.value
            self._taken.value = taken + 1
        return self._order[taken] if taken < len(self._order) else None


def _write_share(
    units: Sequence[PageUnit],
    queue: UnitQueue,
    root: Path,
    previous: Mapping[str, str],
    base: Path | None,
    k: int,
    jobs: int,
    send: Send,
) -> tuple[list[Claim], dict[str, str]]:
    """The units this process takes from ``queue`` (in a worker): the claims made, in unit
    order, and the fingerprints of the pages made (`GuardedWriter.keep_if_made_from`)."""
    writer = RecordingWriter(root, previous, base)
    ticks = 0
    while (index := queue.take()) is not None:
        writer.unit = index
        # a refused path is recorded: the replay refuses it with the same message
        with contextlib.suppress(OutputPathError):
            units[index].write(writer)
        ticks += units[index].ticks
        if ticks == TICKS_PER_MESSAGE:
            send(ticks)
            ticks = 0
    if ticks:
        send(ticks)
    writer.records.sort(key=operator.itemgetter(0))  # stable: each unit's claims in order
    return writer.records, writer.made_from
