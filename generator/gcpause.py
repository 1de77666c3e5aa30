"""Loading many small objects at once without the cyclic garbage collector's help."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: unpickling or unmarshalling a cache entry makes
    thousands of new objects, and the collections they trigger over a large build's
    growing heap cost more than the loading itself (half the CPU time of a file cache
    entry at 10,000 entries; two thirds of a search analysis's)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_open_freezes = 0  # `frozen_as_made` scopes this process is in


@contextmanager
def paused_then_frozen() -> Iterator[None]:
    """`gc_paused`, then, within `frozen_as_made` (which ends by unfreezing them),
    everything made so far is frozen (gc.freeze), for objects that live until its end:
    left in the youngest generation by the pause, millions of them would otherwise be
    walked by the next collections of every generation in turn (at 60,000 assessments 18
    of the 55 seconds validation took in an incremental rebuild). Elsewhere (a test, a
    tool) nothing is frozen: nothing would unfreeze it."""
    with gc_paused():
        yield
        if _open_freezes:
            gc.freeze()


@contextmanager
def frozen_as_made() -> Iterator[Callable[[], None]]:
    """Within, the function given moves every object made so far out of the cyclic
    collector's sight (gc.freeze), to be called when objects that live until the end have
    been made (the catalogue): each full collection would otherwise walk all of them again,
    and there are millions (at 10,000 assessments an incremental rebuild's catalogue
    process spent 7.9 s of its 45 s collecting). At the end they are collected as before."""
    global _open_freezes
    _open_freezes += 1
    try:
        yield gc.freeze
    finally:
        _open_freezes -= 1
        gc.unfreeze()
