"""One build at a time per build cache (``.pia-cache/``).

A build reads the last build's state, per-file entries and search documents from the cache
and replaces them when it publishes; two builds at once on one cache would publish each
other's half-written state. The lock is an advisory ``flock`` on ``<cache>/build.lock``,
released by the kernel when the build's processes end, however they end: a build killed
outright leaves no stale lock, only its temporary search documents, which the next build
removes (`remove_stale`).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.search.document_file import TEMPORARY_PREFIX

LOCK = "build.lock"
# the temporary directories a build makes in the cache, as tempfile.mkdtemp names them
TEMPORARY = re.compile(rf"{re.escape(TEMPORARY_PREFIX)}[a-z0-9_]{{8}}")


class CacheBusy(Exception):
    """Another build holds the cache."""


@contextmanager
def cache_locked(cache: Path) -> Iterator[None]:
    """Hold the cache's lock for the block; `CacheBusy` at once if another build holds it."""
    cache.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(cache / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CacheBusy(
                f"別の pia build が同じキャッシュ({cache})を使っています。"
                "そのビルドが終わってから再実行してください"
            ) from None
        yield
    finally:
        os.close(descriptor)


def remove_stale(cache: Path) -> int:
    """Remove the temporary directories builds killed outright left in ``cache`` (call it
    with the lock held: no other build is using them); how many."""
    stale = [p for p in cache.iterdir() if TEMPORARY.fullmatch(p.name) and p.is_dir()]
    for directory in stale:
        shutil.rmtree(directory, ignore_errors=True)
    return len(stale)
