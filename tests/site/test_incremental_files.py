"""`pia build --incremental` reuses each unchanged file's validation and normalization (and
each unchanged document's search analysis), and still builds the same bytes as a full
build, whatever is left in the cache."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from generator import incremental
from generator.build import (
    CACHE_DIR,
    FILES_DIR,
    SEARCH_INDEX_DIR,
    SITE_PAGES,
    TRASH_DIR,
    Options,
    build,
)
from generator.overlay import PUBLISHING_MARKER
from generator.partitions import html_of, nav_sources
from generator.search import delta
from generator.search.delta import DeltaPolicy
from tests.site.conftest import SMALL_CATALOGUE
from tests.site.test_build_guarantees import digest

CHANGED = "130001-chiji/130001-chiji-35.yaml"


def build_into(catalogue: Path, root: Path, **options: object) -> int:
    return build(catalogue, root / "content", root / "site", options=Options(**options))


def retitle(catalogue: Path) -> None:
    changed = catalogue / CHANGED
    text = changed.read_text(encoding="utf-8")
    assert "  title: " in text
    changed.write_text(text.replace("  title: ", "  title: 改題 ", 1), encoding="utf-8")


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": 警告: " in line or ": エラー: " in line]


def assert_same_trees(one: Path, other: Path) -> None:
    for tree in ("site", "content"):
        assert digest(one / tree) == digest(other / tree)


def test_an_incremental_build_reuses_unchanged_files_and_equals_a_full_build(tmp_path, capfd):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    assert build_into(catalogue, tmp_path / "incremental") == 0
    retitle(catalogue)
    capfd.readouterr()
    assert build_into(catalogue, tmp_path / "incremental", incremental=True) == 0
    incremental = capfd.readouterr().out
    assert "前回から流用 1 ファイル" in incremental
    assert "評価書(正規化を流用) 1" in incremental
    assert "検索文書: 2 件を索引用に書き出しました(前回から流用 1 件)" in incremental
    assert "解析を前回から流用 1 件" in incremental  # the search index's, generator/search
    assert build_into(catalogue, tmp_path / "full") == 0
    full = capfd.readouterr().out
    assert problem_lines(incremental) == problem_lines(full) != []
    assert_same_trees(tmp_path / "incremental", tmp_path / "full")


def test_corrupt_cache_entries_are_computed_again_and_change_no_byte(tmp_path, capfd):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    assert build_into(catalogue, tmp_path / "incremental") == 0
    entries = sorted((tmp_path / "incremental" / CACHE_DIR / FILES_DIR).glob("*/*.pickle"))
    assert len(entries) == 2
    entries[0].write_bytes(entries[0].read_bytes()[:100])
    entries[1].write_bytes(b"\x80\x05garbage")
    retitle(catalogue)
    capfd.readouterr()
    assert build_into(catalogue, tmp_path / "incremental", incremental=True) == 0
    assert "前回から流用 0 ファイル" in capfd.readouterr().out
    assert build_into(catalogue, tmp_path / "full") == 0
    assert_same_trees(tmp_path / "incremental", tmp_path / "full")


def test_a_duplicate_id_next_to_cached_files_still_fails_the_build(tmp_path, capfd):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    assert build_into(catalogue, tmp_path / "site", quiet=True) == 0
    shutil.copyfile(catalogue / CHANGED, catalogue / CHANGED.replace("-35.yaml", "-35-r6.yaml"))
    capfd.readouterr()
    assert build_into(catalogue, tmp_path / "site", quiet=True, incremental=True) == 1
    output = capfd.readouterr().out
    assert "ID「130001-chiji-35」が他のファイルでも使われています" in output
    assert f"{catalogue / CHANGED}:" in output


def test_an_incremental_build_replaces_only_the_files_it_wrote(tmp_path, capfd):
    """Its staging trees hold only what it writes (generator/overlay.py): every other
    published file stays where it is, the same inode, and nothing is copied."""
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    root = tmp_path / "incremental"
    assert build_into(catalogue, root, quiet=True) == 0
    before = {tree: _inodes(root / tree) for tree in ("content", "site")}
    site_inode = (root / "site").stat().st_ino
    retitle(catalogue)
    capfd.readouterr()
    assert build_into(catalogue, root, incremental=True) == 0
    rebuilt = {line.split("/", 1)[1] for line in capfd.readouterr().out.splitlines() if "再生成: /" in line}  # fmt: skip
    assert "assessments/130001-chiji-35/" in rebuilt
    assert (root / "site").stat().st_ino == site_inode
    after = {tree: _inodes(root / tree) for tree in ("content", "site")}
    kept = {tree: {p for p, i in after[tree].items() if before[tree].get(p) == i} for tree in after}
    other = "agencies/131016-kucho/index"  # the page of the other assessment's agency
    assert f"{other}.md" in kept["content"] and f"{other}.html" in kept["site"]
    replaced = {
        page.removesuffix("index.html")
        for page in set(after["site"]) - kept["site"]
        if page.endswith("index.html") and not page.startswith(SEARCH_INDEX_DIR)
    }
    nav = {html_of(page).removesuffix("index.html") for page in nav_sources()}
    assert rebuilt <= replaced <= rebuilt | nav  # MkDocs writes the nav pages every run
    assert build_into(catalogue, tmp_path / "full", quiet=True) == 0
    assert_same_trees(root, tmp_path / "full")


def _inodes(tree: Path) -> dict[str, int]:
    return {p.relative_to(tree).as_posix(): p.stat().st_ino for p in tree.rglob("*") if p.is_file()}  # fmt: skip


def test_the_files_of_a_removed_assessment_leave_the_published_trees(tmp_path, capfd):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    root = tmp_path / "incremental"
    assert build_into(catalogue, root, quiet=True) == 0
    (catalogue / "131016-kucho" / "131016-kucho-3.yaml").unlink()  # not the newest: same epoch
    capfd.readouterr()
    assert build_into(catalogue, root, incremental=True) == 0
    assert "削除 0 ファイル" not in capfd.readouterr().out
    assert not (root / "site" / "assessments" / "131016-kucho-3").exists()
    assert build_into(catalogue, tmp_path / "full", quiet=True) == 0
    for tree in ("site", "content"):  # no file and no directory left over
        ours = sorted(p.relative_to(root / tree) for p in (root / tree).rglob("*"))
        full = sorted(p.relative_to(tmp_path / "full" / tree) for p in (tmp_path / "full" / tree).rglob("*"))  # fmt: skip
        assert ours == full
    assert_same_trees(root, tmp_path / "full")


def test_a_build_stopped_while_publishing_makes_the_next_one_build_everything(tmp_path, capfd):
    """Publishing an incremental build is many renames; when a build was killed among
    them (its marker still stands), the next one trusts nothing of the last build."""
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    root = tmp_path / "incremental"
    assert build_into(catalogue, root, quiet=True) == 0
    retitle(catalogue)
    (root / CACHE_DIR / PUBLISHING_MARKER).touch()
    (root / "content" / "assessments" / "130001-chiji-35" / "index.md").write_text(
        "half published", encoding="utf-8"
    )
    capfd.readouterr()
    assert build_into(catalogue, root, incremental=True) == 0
    assert (
        "前回のビルドがサイトの更新の途中で止まったため、すべて生成します" in capfd.readouterr().out
    )
    assert not (root / CACHE_DIR / PUBLISHING_MARKER).exists()
    assert build_into(catalogue, tmp_path / "full", quiet=True) == 0
    assert_same_trees(root, tmp_path / "full")


def test_an_incremental_build_updates_the_published_search_index(tmp_path, capfd, monkeypatch):
    # The delta rules allow any corpus here (the product's need 1,000 assessments).
    monkeypatch.setattr(delta, "DEFAULT_POLICY", DeltaPolicy(min_documents=1, max_share=1.0))
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    root = tmp_path / "incremental"
    assert build_into(catalogue, root) == 0
    first = _index_manifest(root)
    first_files = _index_files(root, first)
    retitle(catalogue)
    capfd.readouterr()
    assert build_into(catalogue, root, incremental=True) == 0
    assert "前回の索引を差分更新(変わった評価書 1 件" in capfd.readouterr().out
    updated = _index_manifest(root)
    assert updated["build"] != first["build"]
    assert {**updated, "build": first["build"]} == first
    # the published build directory was renamed, its unchanged files left where they were
    # (the same inodes), the written ones moved in; nothing was left to remove
    index = root / "site" / SEARCH_INDEX_DIR
    assert sorted(p.name for p in index.iterdir()) == sorted(
        ["manifest.json", str(updated["build"])]
    )
    after = _index_files(root, updated)
    assert after.keys() == first_files.keys()
    kept = {path for path, inode in after.items() if inode == first_files[path]}
    assert len(first_files) / 2 < len(kept) < len(first_files)
    assert not any((root / CACHE_DIR / TRASH_DIR).glob("*"))
    fragments = (root / "site" / SEARCH_INDEX_DIR / updated["build"] / "d").glob("*.json")
    assert "改題" in "".join(p.read_text(encoding="utf-8") for p in fragments)
    assert build_into(catalogue, tmp_path / "full") == 0
    for tree in ("site", "content"):  # all but the search index as a full build writes it
        ours, full = digest(root / tree), digest(tmp_path / "full" / tree)
        assert _outside_index(ours) == _outside_index(full)
    # a build without --incremental writes the index whole again
    capfd.readouterr()
    assert build_into(catalogue, root) == 0
    assert "差分更新" not in capfd.readouterr().out
    assert digest(root / "site") == digest(tmp_path / "full" / "site")


def test_a_build_that_writes_every_page_takes_the_updated_index_into_its_site(
    tmp_path, capfd, monkeypatch
):
    """The last build's record is of other code, so every page is written again and the
    site swapped in whole, but the index is still a delta of the published one: the new
    site takes the published index, updated, not the delta alone."""
    monkeypatch.setattr(delta, "DEFAULT_POLICY", DeltaPolicy(min_documents=1, max_share=1.0))
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    root = tmp_path / "incremental"
    assert build_into(catalogue, root, quiet=True) == 0
    first_files = _index_files(root, _index_manifest(root))
    retitle(catalogue)
    state = root / CACHE_DIR / "state.json"
    recorded = json.loads(state.read_text(encoding="utf-8"))
    state.write_text(json.dumps({**recorded, "environment": "other code"}), encoding="utf-8")
    capfd.readouterr()
    assert build_into(catalogue, root, incremental=True) == 0
    out = capfd.readouterr().out
    assert "すべて生成します" in out and "前回の索引を差分更新(変わった評価書 1 件" in out
    updated = _index_manifest(root)
    assert _index_files(root, updated).keys() == first_files.keys()
    index = root / "site" / SEARCH_INDEX_DIR
    assert sorted(p.name for p in index.iterdir()) == sorted(
        ["manifest.json", str(updated["build"])]
    )
    fragments = (index / str(updated["build"]) / "d").glob("*.json")
    assert "改題" in "".join(p.read_text(encoding="utf-8") for p in fragments)
    assert build_into(catalogue, tmp_path / "full", quiet=True) == 0
    ours, full = digest(root / "site"), digest(tmp_path / "full" / "site")
    assert _outside_index(ours) == _outside_index(full)


def _index_files(root: Path, manifest: dict[str, object]) -> dict[str, int]:
    """Relative path → inode of each file of the index `manifest` names."""
    build = root / "site" / SEARCH_INDEX_DIR / str(manifest["build"])
    return {p.relative_to(build).as_posix(): p.stat().st_ino for p in build.rglob("*") if p.is_file()}  # fmt: skip


def _index_manifest(root: Path) -> dict[str, object]:
    return json.loads((root / "site" / SEARCH_INDEX_DIR / "manifest.json").read_text("utf-8"))


def _outside_index(files: dict[str, str]) -> dict[str, str]:
    return {path: sha for path, sha in files.items() if not path.startswith(SEARCH_INDEX_DIR)}


def test_only_pages_whose_context_changed_are_rendered_again(tmp_path, capfd):
    """Entity, list and home pages are made from contexts every time, but a page whose
    context is the last build's keeps its Markdown file (the same inode) unrendered."""
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    content = tmp_path / "incremental" / "content"
    assert build_into(catalogue, tmp_path / "incremental") == 0
    before = {p.relative_to(content): (p.stat().st_ino, p.read_bytes()) for p in _pages(content)}
    changed = catalogue / CHANGED
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("株式会社NTTデータ", "富士通Japan株式会社"), encoding="utf-8")
    capfd.readouterr()
    assert build_into(catalogue, tmp_path / "incremental", incremental=True) == 0
    after = {p.relative_to(content): (p.stat().st_ino, p.read_bytes()) for p in _pages(content)}
    rendered = {page for page, (inode, _) in after.items() if before.get(page, (0,))[0] != inode}
    differ = {page for page, (_, text) in after.items() if before.get(page, (0, b""))[1] != text}
    assert rendered == differ
    assert {"assessments/130001-chiji-35/index.md", "contractors/index.md"} <= {
        p.as_posix() for p in differ
    }
    assert len(rendered) < len(after) / 4
    assert f"ページ(生成) {len(rendered)}、ページ(流用) {len(after) - len(rendered)}" in (
        capfd.readouterr().out
    )
    assert build_into(catalogue, tmp_path / "full") == 0
    assert_same_trees(tmp_path / "incremental", tmp_path / "full")


def _pages(content: Path) -> list[Path]:
    """The generated pages (the hand-written ones are copied anew by every build)."""
    written = {f"{page.stem}/index.md" for page in SITE_PAGES.glob("*.md")}
    written.add("contributing/index.md")
    return [p for p in content.rglob("*.md") if p.relative_to(content).as_posix() not in written]


def test_replaced_trees_wait_in_the_trash_until_the_next_build(tmp_path):
    """An incremental build moves the search index it replaced into the cache's trash
    instead of removing it (a system call per file); the next build removes it while it
    validates, and a full build removes its old trees at once."""
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    trash = tmp_path / "site" / CACHE_DIR / TRASH_DIR
    assert build_into(catalogue, tmp_path / "site", quiet=True) == 0
    assert not trash.exists()
    retitle(catalogue)
    assert build_into(catalogue, tmp_path / "site", quiet=True, incremental=True) == 0
    assert [tree.name.split(".")[0] for tree in trash.iterdir()] == [SEARCH_INDEX_DIR]
    assert build_into(catalogue, tmp_path / "site", quiet=True, incremental=True) == 0
    assert len(list(trash.iterdir())) == 1  # this build's; the last build's is gone
    assert build_into(catalogue, tmp_path / "site", quiet=True) == 0
    assert list(trash.iterdir()) == []
    assert build_into(catalogue, tmp_path / "full", quiet=True) == 0
    assert_same_trees(tmp_path / "site", tmp_path / "full")


def test_the_trash_is_emptied_at_the_lowest_priority_while_the_build_goes_on(tmp_path, monkeypatch):
    """No stage of the build needs the old trees gone: their removal yields the CPU to
    the stages (os.nice 19) and is done before the build publishes."""
    trash = tmp_path / "trash"
    (trash / "site.x" / "assessments").mkdir(parents=True)
    (trash / "site.x" / "assessments" / "index.html").write_text("old", encoding="utf-8")
    niceness = tmp_path / "niceness"
    remove = incremental.empty_trash

    def noting_niceness(directory: Path) -> None:  # runs in the forked process
        niceness.write_text(str(os.nice(0)), encoding="utf-8")
        remove(directory)

    monkeypatch.setattr(incremental, "empty_trash", noting_niceness)
    with incremental.emptying_trash(trash):
        pass
    assert list(trash.iterdir()) == []
    assert int(niceness.read_text(encoding="utf-8")) == min(19, os.nice(0) + 19)


def test_where_processes_cannot_be_forked_the_trash_is_emptied_at_once_at_the_builds_priority(
    tmp_path, monkeypatch
):
    trash = tmp_path / "trash"
    (trash / "content.x").mkdir(parents=True)
    monkeypatch.setattr(incremental, "can_fork", lambda: False)
    niceness = os.nice(0)
    with incremental.emptying_trash(trash):
        assert list(trash.iterdir()) == []
    assert os.nice(0) == niceness


def test_a_failing_build_stops_emptying_the_trash(tmp_path, monkeypatch):
    finished = tmp_path / "finished"

    def slow(directory: Path) -> None:
        time.sleep(60)
        finished.touch()

    monkeypatch.setattr(incremental, "empty_trash", slow)
    with pytest.raises(RuntimeError), incremental.emptying_trash(tmp_path / "trash"):
        raise RuntimeError("a stage failed")
    assert not finished.exists()  # and never will: its process has ended


def test_an_incremental_build_that_may_not_reuse_the_last_one_equals_a_full_build(tmp_path, capfd):
    """Made with other code, the last build's pages and index are not reused: every file
    is written again, and none of the last build's is left (here: a removed assessment's)."""
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    assert build_into(catalogue, tmp_path / "incremental", quiet=True) == 0
    (catalogue / CHANGED).unlink()
    state = tmp_path / "incremental" / CACHE_DIR / "state.json"
    recorded = json.loads(state.read_text(encoding="utf-8"))
    state.write_text(json.dumps({**recorded, "environment": "other code"}), encoding="utf-8")
    capfd.readouterr()
    assert build_into(catalogue, tmp_path / "incremental", quiet=True, incremental=True) == 0
    assert "すべて生成します" in capfd.readouterr().out
    assert build_into(catalogue, tmp_path / "full", quiet=True) == 0
    for tree in ("site", "content"):
        files = sorted(
            p.relative_to(tmp_path / "incremental" / tree)
            for p in (tmp_path / "incremental" / tree).rglob("*")
        )
        assert files == sorted(
            p.relative_to(tmp_path / "full" / tree) for p in (tmp_path / "full" / tree).rglob("*")
        )
    assert_same_trees(tmp_path / "incremental", tmp_path / "full")
