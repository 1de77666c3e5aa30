"""An incremental build's staging trees hold only what it writes, over the published trees
(generator/overlay.py): reading sees through to the published files it keeps, and
publishing moves its files into place."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from generator.overlay import (
    PUBLISHING_MARKER,
    Overlay,
    publish,
    publish_interrupted,
    publishing,
)
from generator.sitecheck import broken_links


def tree(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def contents(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file()
    }


def test_a_file_is_read_from_this_build_else_from_the_published_tree(tmp_path):
    published = tree(tmp_path / "site", {"a.html": "old a", "b.html": "old b", "c.html": "c"})
    fresh = tree(tmp_path / "fresh", {"a.html": "new a", "d.html": "new d"})
    overlay = Overlay(fresh, published, frozenset({"b.html"}))
    assert overlay.path("a.html").read_text(encoding="utf-8") == "new a"
    assert overlay.path("c.html").read_text(encoding="utf-8") == "c"
    assert [
        overlay.is_file(name) for name in ("a.html", "b.html", "c.html", "d.html", "e.html")
    ] == [
        True,
        False,  # removed by this build
        True,
        True,
        False,
    ]
    whole = Overlay(fresh)  # a full build's staging tree is the whole tree
    assert not whole.is_file("c.html") and whole.path("c.html") == fresh / "c.html"


def test_publishing_moves_the_new_files_in_and_deletes_the_removed_ones(tmp_path):
    published = tree(
        tmp_path / "site",
        {
            "index.html": "old home",
            "a/index.html": "a",
            "gone/index.html": "gone",
            "gone-too/x/index.html": "gone too",
            "shared/keep.html": "kept",
            "shared/drop.html": "dropped",
        },
    )
    fresh = tree(tmp_path / "fresh", {"index.html": "new home", "new/deep/index.html": "new"})
    removed = {"gone/index.html", "gone-too/x/index.html", "shared/drop.html"}
    publish(Overlay(fresh, published, frozenset(removed)))
    assert contents(published) == {
        "index.html": "new home",
        "a/index.html": "a",
        "new/deep/index.html": "new",
        "shared/keep.html": "kept",
    }
    directories = sorted(p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_dir())  # fmt: skip
    assert directories == ["a", "new", "new/deep", "shared"]  # emptied ones pruned
    assert contents(fresh) == {}


def test_a_replaced_directory_is_swapped_whole_and_the_old_one_goes_to_the_trash(tmp_path):
    published = tree(
        tmp_path / "site",
        {"search-index/manifest.json": "old", "search-index/aaaa/t/0.json": "old shard"},
    )
    fresh = tree(tmp_path / "fresh", {"search-index/manifest.json": "new", "search-index/bbbb/t/0.json": "new shard"})  # fmt: skip
    trash = tmp_path / "trash"
    publish(Overlay(fresh, published), replaced=("search-index",), trash=trash)
    assert contents(published) == {
        "search-index/manifest.json": "new",
        "search-index/bbbb/t/0.json": "new shard",
    }
    [old] = trash.iterdir()
    assert contents(old) == {"manifest.json": "old", "aaaa/t/0.json": "old shard"}
    # a build without an index (no assessments) leaves none published
    publish(Overlay(tree(tmp_path / "empty", {}), published), replaced=("search-index",))
    assert contents(published) == {}


def test_a_link_to_a_page_this_build_removes_is_broken(tmp_path):
    published = tree(tmp_path / "site", {"kept/index.html": "", "gone/index.html": ""})
    fresh = tree(
        tmp_path / "fresh",
        {
            "page/index.html": '<a href="../kept/">k</a> <a href="../gone/">g</a> <a href="../page/">p</a>'
        },
    )
    overlay = Overlay(fresh, published, frozenset({"gone/index.html"}))
    assert [link.href for link in broken_links(overlay, ["page/index.html"])] == ["../gone/"]


def test_the_marker_stands_while_publishing_and_after_a_failure(tmp_path):
    with publishing(tmp_path):
        assert publish_interrupted(tmp_path)
        assert (tmp_path / PUBLISHING_MARKER).exists()
    assert not publish_interrupted(tmp_path)
    with pytest.raises(OSError), publishing(tmp_path):
        raise OSError(28, "No space left on device")
    assert publish_interrupted(tmp_path)


def test_sigterm_waits_until_publishing_ends(tmp_path):
    """Even with another thread running, to which the kernel may deliver the signal."""
    received: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: received.append(number))
    done = threading.Event()
    other = threading.Thread(target=done.wait)
    other.start()
    try:
        with publishing(tmp_path):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            assert received == []
        assert received == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)
        done.set()
        other.join()
