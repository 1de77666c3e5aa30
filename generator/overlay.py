"""An incremental build's output: the files it writes, laid over the published trees.

A full build writes content/ and site/ whole into staging directories and swaps each in
with a rename (generator/write.py `swap_directory`). An incremental build changes a few
dozen of a national site's 450,000 files, and copying the rest (hard links, then removing
the replaced trees) cost more than everything else it does. So its staging directories
hold only the files it writes: an `Overlay` over the published tree, where every other
file is read (`Overlay.path`, `Overlay.is_file`), except the files this build removes.
`publish` then moves the written files into the published tree and deletes the removed
ones; a directory named ``replaced`` (the search index, whose files live under a build
directory of their own: generator/search/delta.py) is swapped whole instead.

A failing build still leaves the published site untouched: publishing is the last step,
after every check. It is a few hundred renames instead of one, so it runs with SIGINT and
SIGTERM held back (`publishing`), and a marker in the build cache stands while it runs: a
build that finds the marker (the last one was killed while publishing) does not trust the
last build's record and builds everything (generator/build.py `previous_state`).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from generator.write import discard_tree, files_under

PUBLISHING_MARKER = "publishing"
HELD_BACK = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True)
class Overlay:
    """The staging directory ``fresh`` over the published tree ``base`` (None: ``fresh``
    holds the whole tree, as in a full build), less the files in ``removed``."""

    fresh: Path
    base: Path | None = None
    removed: frozenset[str] = frozenset()  # relative POSIX paths of files of ``base``

    def is_file(self, relative: str) -> bool:
        if (self.fresh / relative).is_file():
            return True
        return (
            self.base is not None
            and relative not in self.removed
            and (self.base / relative).is_file()
        )

    def path(self, relative: str) -> Path:
        """Where the file ``relative`` is read: this build's, else the published one."""
        fresh = self.fresh / relative
        if self.base is None or relative in self.removed or fresh.exists():
            return fresh
        return self.base / relative


def publish(overlay: Overlay, replaced: Iterable[str] = (), trash: Path | None = None) -> None:
    """Swap each top-level directory in ``replaced`` whole (the published one goes to
    ``trash``, removed later by generator/write.py `empty_trash`, or is removed now without
    one), move the overlay's other files into its base, and delete the removed files (and
    the directories they leave empty)."""
    assert overlay.base is not None, "a full build's tree is swapped in whole"
    base, fresh = overlay.base, overlay.fresh
    for name in replaced:
        discard_tree(base / name, trash)
        if (fresh / name).exists():
            os.replace(fresh / name, base / name)
    for relative in files_under(fresh):
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(fresh / relative, target)
    for relative in sorted(overlay.removed):
        (base / relative).unlink(missing_ok=True)
        _prune_empty_parents(base, relative)


def _prune_empty_parents(base: Path, relative: str) -> None:
    parent = Path(relative).parent
    while parent != Path("."):
        try:
            (base / parent).rmdir()
        except OSError:  # not empty (or already gone)
            return
        parent = parent.parent


def publish_interrupted(cache: Path) -> bool:
    """Whether the last build was stopped while it published (its marker stands)."""
    return (cache / PUBLISHING_MARKER).exists()


@contextlib.contextmanager
def publishing(cache: Path) -> Iterator[None]:
    """Publish in the body: SIGINT and SIGTERM are held back until it ends (then raised
    again), and the marker stands unless it completes. (Handlers, not a signal mask: a
    signal sent to the process may be delivered to any thread that does not block it.)"""
    cache.mkdir(parents=True, exist_ok=True)
    marker = cache / PUBLISHING_MARKER
    held: list[int] = []
    previous = {number: signal.signal(number, _holder(held)) for number in HELD_BACK}
    try:
        marker.touch()
        yield
        marker.unlink()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(held):
            signal.raise_signal(number)


def _holder(held: list[int]) -> Callable[[int, FrameType | None], None]:
    return lambda number, _: held.append(number)
