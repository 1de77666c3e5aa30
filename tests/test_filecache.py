"""Per-file results reused by `pia build --incremental`: the same problems, models and
catalogue as computing every file, and never an entry that does not match the file."""

from __future__ import annotations

import functools
import json
import os
import shutil
from pathlib import Path

import pytest

from generator import filecache
from generator.catalogue import SourceFile, build_catalogue
from generator.catalogue.gather import catalogue_of, extract_all
from generator.filecache import FileCache, environment_hash
from generator.validate.problems import Resolver, format_text, shown_paths
from generator.validate.report import FileProblems
from generator.validate.validator import check_paths, check_report
from tests.validate.test_rules import assessment, write

VALID = Path(__file__).resolve().parent / "fixtures" / "valid" / "focused.yaml"
BASIS = "basic_info:\n  number_use:\n    legal_basis: ・別表の項\n"


def catalogue(root: Path) -> Path:
    """Files that load, with a warning and with problems of every catalogue-wide rule."""
    write(root, "130001-chiji/130001-chiji-35.yaml", assessment("130001-chiji-35"))
    write(root, "130001-chiji/130001-chiji-35b.yaml", assessment("130001-chiji-35"))  # same id
    misplaced = assessment("130001-chiji-36", "36") + BASIS  # with a warning of its own
    write(root, "tokyo/130001-chiji-36.yaml", misplaced)
    write(root, "130001-chiji/130001-chiji-41.yaml", assessment("130001-chiji-41", "41") + BASIS)
    write(root, "130001-chiji/broken.yaml", "- 1\n")
    shutil.copyfile(VALID, root / "focused.yaml")
    return root


def checked(root: Path, cache: FileCache, jobs: int = 1) -> tuple[list, list[SourceFile]]:
    check_all = functools.partial(cache.check_all, jobs=jobs)
    problems, loaded = check_paths([root], catalogue_root=root, check_all=check_all)
    return problems, [SourceFile(i.path, i.assessment, i.digest) for i in loaded]


def stored(root: Path, entries: Path) -> FileCache:
    """A first build: every file computed, and its entry written."""
    cache = FileCache(entries, "environment")
    _problems, sources = checked(root, cache)
    assert len(sources) == len(cache.extracted) == len(list(entries.glob("*/*.pickle"))) == 5
    assert cache.reused == 0
    return cache


def test_a_reused_catalogue_prints_every_problem_as_sorting_and_formatting_them_would(
    tmp_path: Path,
) -> None:
    """A reused file's own problems are printed from the lines its entry keeps, merged
    with the catalogue-wide problems that name the same file."""
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    again = FileCache(tmp_path / "files", "environment")
    report, _ = check_report([root], catalogue_root=root, check_all=again.check_all)
    fresh = check_paths([root], catalogue_root=root)[0]
    shown = shown_paths()
    assert report.text(shown) == "".join(f"{format_text(p, shown=shown)}\n" for p in fresh)
    assert report.problems() == fresh
    assert (report.errors, len(report)) == (sum(p.is_error for p in fresh), len(fresh))
    stored_lines = {path for path, own in report.own if isinstance(own, FileProblems) and own}
    assert len(stored_lines) == 2
    assert stored_lines & {p.path for p in report.others}  # merged with a catalogue-wide one


def test_the_messages_show_paths_resolved_once_by_the_rules(tmp_path: Path, monkeypatch) -> None:
    root = catalogue(tmp_path / "catalogue")
    looked_at: list[str] = []  # the directories listed and the paths lstat'ed
    real_islink, real_scandir = os.path.islink, os.scandir
    monkeypatch.setattr(os.path, "islink", lambda path: looked_at.append(path) or real_islink(path))
    monkeypatch.setattr(os, "scandir", lambda path: looked_at.append(path) or real_scandir(path))
    resolver = Resolver()
    report, _ = check_report([root], catalogue_root=root, resolver=resolver)
    before = len(looked_at)
    text = report.text(shown_paths(root.parent, resolver=resolver))
    # the file that did not load, which the rules do not place, is in a directory they listed
    assert "130001-chiji/broken.yaml:" in text
    assert looked_at[before:] == []
    assert "catalogue/tokyo/130001-chiji-36.yaml:" in text
    assert report.text(shown_paths(root.parent)) == text
    assert len(looked_at) > before  # a resolver of its own looks at every directory again


def test_cached_files_give_the_same_problems_models_and_catalogue(tmp_path: Path) -> None:
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    fresh_problems, fresh = check_paths([root], catalogue_root=root)
    again = FileCache(tmp_path / "files", "environment")
    problems, sources = checked(root, again)
    assert len(again.extracted) == again.reused == 5
    rules = ("ファイルの置き場所", "ID「130001-chiji-35」が他の", "ファイルの最上位", "法令の引用")
    assert all(any(p.message.startswith(rule) for p in problems) for rule in rules)
    assert problems == fresh_problems
    assert [s.unpack() for s in sources] == [item.assessment.unpack() for item in fresh]
    fresh_sources = [SourceFile(i.path, i.assessment, i.digest) for i in fresh]
    assert catalogue_of(extract_all(sources, again.extracted)) == build_catalogue(fresh_sources)


def test_a_changed_file_is_computed_again_and_the_others_reused(tmp_path: Path) -> None:
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    changed = root / "130001-chiji" / "130001-chiji-41.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("別表の項", "別表第二"), "utf-8")
    again = FileCache(tmp_path / "files", "environment")
    problems, _sources = checked(root, again)
    assert again.reused == 4 and len(again.extracted) == 5
    assert problems == check_paths([root], catalogue_root=root)[0]


def test_corrupt_truncated_or_misplaced_entries_are_computed_again(tmp_path: Path) -> None:
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    entries = sorted((tmp_path / "files").glob("*/*.pickle"))
    contents = [p.read_bytes() for p in entries]
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(contents[1][: len(contents[1]) // 2])
    entries[2].write_bytes(contents[3])  # another file's entry under this key
    again = FileCache(tmp_path / "files", "environment")
    problems, sources = checked(root, again)
    assert again.reused == 2
    fresh_problems, fresh = check_paths([root], catalogue_root=root)
    assert problems == fresh_problems
    assert [s.unpack() for s in sources] == [item.assessment.unpack() for item in fresh]


def test_entries_of_another_environment_are_not_used(tmp_path: Path) -> None:
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    other = FileCache(tmp_path / "files", "changed code")
    checked(root, other)
    assert other.reused == 0


def test_a_full_build_computes_every_file_even_with_entries(tmp_path: Path) -> None:
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    full = FileCache(tmp_path / "files", "environment", reuse=False)
    checked(root, full)
    assert full.reused == 0 and len(full.extracted) == 5


def test_entries_not_used_by_the_last_build_are_pruned(tmp_path: Path) -> None:
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    (root / "focused.yaml").unlink()
    again = FileCache(tmp_path / "files", "environment")
    checked(root, again)
    assert again.prune() == 1
    assert len(list((tmp_path / "files").glob("*/*.pickle"))) == 4


def test_the_environment_hash_covers_the_normalizers_data(tmp_path: Path) -> None:
    project = Path(__file__).resolve().parents[1]
    copy = tmp_path / "project"
    for name in ("generator/normalize", "generator/validate"):
        shutil.copytree(project / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    before = environment_hash(copy)
    systems = copy / "generator" / "normalize" / "data" / "systems.yaml"
    systems.write_text(systems.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert environment_hash(copy) != before


def test_worker_processes_give_the_same_problems_models_and_contributions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = catalogue(tmp_path / "catalogue")
    alone = FileCache(tmp_path / "alone", "environment")
    expected = checked(root, alone)
    monkeypatch.setattr(filecache, "MIN_FILES_PER_WORKER", 1)
    workers = FileCache(tmp_path / "workers", "environment")
    problems, sources = checked(root, workers, jobs=2)
    assert problems == expected[0]
    assert [s.unpack() for s in sources] == [s.unpack() for s in expected[1]]
    assert workers.extracted == alone.extracted and workers.used == alone.used
    again = FileCache(tmp_path / "workers", "environment")
    checked(root, again, jobs=2)
    assert again.reused == 5 and again.extracted == alone.extracted


def test_reused_entries_are_read_here_and_only_changed_files_go_to_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    changed = root / "130001-chiji" / "130001-chiji-41.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("別表の項", "別表第二"), "utf-8")
    monkeypatch.setattr(filecache, "MIN_FILES_PER_WORKER", 1)
    sent: list[list[Path]] = []
    real_computed = filecache._computed

    def computed(cache, paths, jobs):
        sent.append(list(paths))
        return real_computed(cache, paths, jobs)

    monkeypatch.setattr(filecache, "_computed", computed)
    again = FileCache(tmp_path / "files", "environment")
    problems, _sources = checked(root, again, jobs=2)
    # the changed file and the one that does not load (it has no entry) are computed
    assert sent == [[changed, root / "130001-chiji" / "broken.yaml"]]
    assert again.reused == 4 and len(again.extracted) == 5
    assert problems == check_paths([root], catalogue_root=root)[0]


def hashed_files(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files whose bytes the cache hashes from now on."""
    hashed: list[Path] = []
    digest = filecache.file_digest
    monkeypatch.setattr(filecache, "file_digest", lambda path: hashed.append(path) or digest(path))
    return hashed


def test_a_file_whose_stat_signature_is_unchanged_is_not_hashed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filecache, "SETTLED_SECONDS", 0)
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    hashed = hashed_files(monkeypatch)
    again = FileCache(tmp_path / "files", "environment")
    problems, _sources = checked(root, again)
    assert again.reused == 5 and hashed == []
    assert problems == check_paths([root], catalogue_root=root)[0]


def test_a_file_rewritten_with_the_same_size_and_modification_time_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filecache, "SETTLED_SECONDS", 0)
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    changed = root / "130001-chiji" / "130001-chiji-41.yaml"
    before = changed.stat()
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("別表の項", "別表第二"), encoding="utf-8")  # same length
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (changed.stat().st_size, changed.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    hashed = hashed_files(monkeypatch)
    again = FileCache(tmp_path / "files", "environment")
    problems, _sources = checked(root, again)
    assert hashed == [changed] and again.reused == 4
    assert problems == check_paths([root], catalogue_root=root)[0]


def test_digests_of_files_changed_just_before_the_build_are_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")  # written a moment ago
    assert json.loads((tmp_path / "files" / filecache.DIGESTS).read_text()) == {}
    hashed = hashed_files(monkeypatch)
    again = FileCache(tmp_path / "files", "environment")
    checked(root, again)
    assert again.reused == 5 and sorted(hashed) == sorted(root.rglob("*.yaml"))


@pytest.mark.parametrize("recorded", [b"not json", b"[1, 2]", b'{"a": 3}'])
def test_a_corrupt_record_of_digests_only_costs_hashing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recorded: bytes
) -> None:
    monkeypatch.setattr(filecache, "SETTLED_SECONDS", 0)
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    digests = tmp_path / "files" / filecache.DIGESTS
    if recorded == b'{"a": 3}':  # every path recorded with a value that is no record
        recorded = json.dumps(dict.fromkeys(json.loads(digests.read_text()), 3)).encode()
    digests.write_bytes(recorded)
    again = FileCache(tmp_path / "files", "environment")
    problems, _sources = checked(root, again)
    assert again.reused == 5
    assert problems == check_paths([root], catalogue_root=root)[0]


def test_entries_read_ahead_in_many_batches_come_in_the_files_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = catalogue(tmp_path / "catalogue")
    stored(root, tmp_path / "files")
    expected = check_paths([root], catalogue_root=root)
    monkeypatch.setattr(filecache, "READ_AHEAD_FILES", 1)  # six batches, four read ahead
    again = FileCache(tmp_path / "files", "environment")
    problems, sources = checked(root, again)
    assert again.reused == 5 and problems == expected[0]
    assert [s.path for s in sources] == [item.path for item in expected[1]]
