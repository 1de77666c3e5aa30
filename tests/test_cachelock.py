"""One build at a time per build cache; a build killed outright leaves nothing that the next
one does not clear."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import CACHE_DIR, Options, build
from generator.cachelock import LOCK, CacheBusy, cache_locked, remove_stale
from generator.search.document_file import DocumentFile
from tests.site.conftest import SMALL_CATALOGUE
from tests.site.test_build_guarantees import digest


def test_a_second_holder_is_refused_at_once_and_the_lock_is_free_after(tmp_path: Path) -> None:
    busy = pytest.raises(CacheBusy, match="別の pia build が同じキャッシュ")
    with cache_locked(tmp_path / "cache"), busy, cache_locked(tmp_path / "cache"):
        pass
    with cache_locked(tmp_path / "cache"):
        pass


def test_the_lock_of_a_killed_build_is_released_by_the_kernel(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from pathlib import Path\n"
         "from generator.cachelock import cache_locked\n"
         "with cache_locked(Path(sys.argv[1])):\n"
         "    print('held', flush=True)\n"
         "    time.sleep(60)\n", str(tmp_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(CacheBusy), cache_locked(tmp_path):
            pass
    finally:
        holder.kill()
        holder.wait()
    with cache_locked(tmp_path):
        pass


def test_a_build_refuses_a_cache_in_use_and_leaves_the_site_untouched(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    assert build(SMALL_CATALOGUE, content, site, quiet=True) == 0
    before = digest(site)
    descriptor = os.open(tmp_path / CACHE_DIR / LOCK, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another build's
        capfd.readouterr()
        options = Options(quiet=True, incremental=True)
        assert build(SMALL_CATALOGUE, content, site, options=options) == 1
    finally:
        os.close(descriptor)
    error = capfd.readouterr().err
    assert (
        "別の pia build が同じキャッシュ" in error and "公開中のサイトは変更していません" in error
    )
    assert digest(site) == before


def test_a_build_removes_the_temporary_documents_a_killed_build_left(tmp_path: Path) -> None:
    cache = tmp_path / CACHE_DIR
    left = cache / "search-documents-k1ll3d_x"
    left.mkdir(parents=True)
    (left / "0.pickle").write_bytes(b"half written")
    own = cache / "search-documents-notours"  # not a name a build makes: kept
    own.mkdir()
    assert build(SMALL_CATALOGUE, tmp_path / "content", tmp_path / "site", quiet=True) == 0
    assert not left.exists() and own.is_dir()
    assert (cache / "search-documents").is_dir()  # the documents this build kept


def test_remove_stale_counts_what_it_removed(tmp_path: Path) -> None:
    for name in ("search-documents-abcd1234", "search-documents-zz_9zz_9", "search-documents"):
        (tmp_path / name).mkdir()
    shutil.copy(__file__, tmp_path / "search-documents-file0000")  # a file, not a directory
    left = DocumentFile(tmp_path)  # as a build killed outright leaves it
    assert remove_stale(tmp_path) == 3 and not left.directory.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "search-documents",
        "search-documents-file0000",
    ]
