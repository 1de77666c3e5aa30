"""Pages, search documents and the link check in worker processes (``--jobs``): the same
bytes, claims, kept pages, refusals and reports as one process; a failing worker fails the
build whole."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import generate_corpus
from generator import build as build_module
from generator import sitecheck
from generator.catalogue import search as search_documents
from generator import workers as workers_module
from generator.build import BuildFailed, Options, build, check_links, gather, normalize, write_pages
from generator.catalogue import Catalogue
from generator.filecache import FileCache, environment_hash
from generator.opendata import open_data_files
from generator.splice import BLOCKS_SUFFIX
from generator.progress import Progress
from generator.search.document_file import KeptDocuments
from generator.render import parallel, units, urls
from generator.render.parallel import PageUnit, write_units
from generator.sitecheck import broken_links, broken_links_in
from generator.workers import WorkerFailed
from generator.write import INPUTS_SUFFIX, GuardedWriter, OutputPathError
from tests.site.conftest import SMALL_CATALOGUE, build_into
from tests.site.test_build_guarantees import digest

SYNTHETIC_SIZE = 40


@pytest.fixture
def workers_for_few_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start workers however few the pages (the forked workers inherit the patch)."""
    monkeypatch.setattr(parallel, "MIN_UNITS_PER_WORKER", 1)
    monkeypatch.setattr(search_documents, "MIN_DOCUMENTS_PER_WORKER", 1)
    monkeypatch.setattr(sitecheck, "MIN_PAGES_PER_WORKER", 1)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    generate_corpus(SYNTHETIC_SIZE, 1, root)
    return root / "catalogue"


def catalogue_of(directory: Path, cache: Path) -> Catalogue:
    files = FileCache(cache, environment_hash(), reuse=False)
    sources = gather(directory, False, lambda _: None, files)
    return normalize(sources, files, Progress(quiet=True))


def written(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# Pages


def test_two_jobs_build_the_same_content_and_site_as_one(
    synthetic, tmp_path, workers_for_few_pages, monkeypatch
):
    started = tmp_path / "stages-in-workers.txt"
    modules = parallel, search_documents, sitecheck

    def noting(real_run_shares):
        def run_shares(work, jobs, on_message, stage):
            with started.open("a", encoding="utf-8") as note:  # the pages' are in a child
                note.write(f"{stage} {jobs}\n")
            return real_run_shares(work, jobs, on_message, stage)

        return run_shares

    for module in modules:
        monkeypatch.setattr(module, "run_shares", noting(module.run_shares))
    for jobs in (1, 2):
        root = tmp_path / f"jobs{jobs}"
        options = Options(quiet=True, jobs=jobs)
        assert build(synthetic, root / "content", root / "site", options=options) == 0
    assert sorted(started.read_text(encoding="utf-8").splitlines()) == [
        "ページ生成 2",
        "リンク検査 2",
        "検索文書 2",
    ]
    # Nothing differs: no page depends on which process wrote it or when.
    assert digest(tmp_path / "jobs2" / "content") == digest(tmp_path / "jobs1" / "content")
    assert digest(tmp_path / "jobs2" / "site") == digest(tmp_path / "jobs1" / "site")


def write_all(
    catalogue: Catalogue, root: Path, jobs: int, reuse=lambda _: False, previous=None, base=None
):
    writer = GuardedWriter(root, previous or {}, base)
    counts = write_pages(catalogue, writer, reuse, Progress(quiet=True), jobs)
    return writer, counts


def test_workers_claim_and_keep_the_same_paths_as_one_process(
    synthetic, tmp_path, workers_for_few_pages
):
    catalogue = catalogue_of(synthetic, tmp_path / "cache")
    one, one_counts = write_all(catalogue, tmp_path / "one", 1)
    two, two_counts = write_all(catalogue, tmp_path / "two", 2)
    assert two.claimed == one.claimed and two_counts == one_counts
    assert written(tmp_path / "two") == written(tmp_path / "one")
    # An incremental build keeps the unchanged assessments' pages and writes the others.
    kept_ids = {a.id for a in catalogue.assessments[::3]}
    reuse = lambda entry: entry.id in kept_ids  # noqa: E731
    for name in ("one", "two"):
        shutil.copytree(tmp_path / name, tmp_path / f"{name}-again")
    one_again, one_again_counts = write_all(catalogue, tmp_path / "one-again", 1, reuse)
    two_again, two_again_counts = write_all(catalogue, tmp_path / "two-again", 2, reuse)
    assert two_again_counts.kept == len(kept_ids)
    assert len(two_again.kept) == 3 * len(kept_ids)  # the page, its YAML and its JSON
    assert two_again.kept == one_again.kept and two_again.claimed == one_again.claimed
    assert two_again_counts == one_again_counts
    # Pages made from contexts record the same fingerprints in workers; with them as the
    # previous build's, every such page is kept.
    assert two.made_from == one.made_from
    pages = {path for path in one.made_from if not path.endswith((INPUTS_SUFFIX, BLOCKS_SUFFIX))}
    open_data = len(open_data_files(catalogue))  # catalogue-wide files, not pages
    assert len(pages) == len(one.claimed) - 3 * len(catalogue.assessments) - open_data
    for name in ("one", "two"):
        shutil.copytree(tmp_path / name, tmp_path / f"{name}-made-from")
    one_kept, one_kept_counts = write_all(
        catalogue, tmp_path / "one-made-from", 1, reuse, one.made_from
    )
    two_kept, two_kept_counts = write_all(
        catalogue, tmp_path / "two-made-from", 2, reuse, one.made_from
    )
    assert two_kept.kept == one_kept.kept >= frozenset(pages)
    assert two_kept_counts == one_kept_counts
    assert two_kept_counts.kept == len(kept_ids) + len(pages)
    assert written(tmp_path / "two-made-from") == written(tmp_path / "one")
    # Over the published tree (generator/overlay.py), workers keep what one process keeps
    # and write only the rest.
    one_over, one_over_counts = write_all(catalogue, tmp_path / "one-over", 1, reuse, one.made_from, tmp_path / "one")  # fmt: skip
    two_over, two_over_counts = write_all(catalogue, tmp_path / "two-over", 2, reuse, one.made_from, tmp_path / "one")  # fmt: skip
    assert two_over.kept == one_over.kept == one_kept.kept
    assert two_over_counts == one_over_counts == one_kept_counts
    assert written(tmp_path / "two-over") == written(tmp_path / "one-over")
    assert set(written(tmp_path / "two-over")) == set(two_over.claimed - two_over.kept)


def test_the_progress_ticker_counts_every_assessment_page_written_by_the_workers(
    synthetic, tmp_path, workers_for_few_pages
):
    catalogue = catalogue_of(synthetic, tmp_path / "cache")
    ticker = Progress(quiet=True).ticker(
        "評価書ページ 進行中", len(catalogue.assessments), "ページ"
    )
    write_units(units.page_units(catalogue, lambda _: False), GuardedWriter(tmp_path), 2, ticker)
    assert ticker.done == len(catalogue.assessments) == SYNTHETIC_SIZE


def unit_writing(path: str, owner: str) -> PageUnit:
    def write(writer: GuardedWriter) -> None:
        writer.write_text(path, owner, owner)

    return PageUnit(write)


def refusal(units_: list[PageUnit], root: Path, jobs: int) -> str:
    ticker = Progress(quiet=True).ticker("ページ", len(units_), "ページ")
    with pytest.raises(OutputPathError) as refused:
        write_units(units_, GuardedWriter(root), jobs, ticker)
    return str(refused.value)


@pytest.mark.parametrize(
    "bad",
    [
        {5: "p/1/index.md"},
        {2: "p/1/index.md"},
        {4: "../outside.md"},  # leaves the root
        {6: "p/3/index.md", 4: "/etc/pia-test.md"},  # the first in unit order is refused
    ],
)
def test_workers_refuse_the_path_one_process_refuses_with_the_same_message(
    tmp_path, workers_for_few_pages, bad
):
    paths = [bad.get(i, f"p/{i}/index.md") for i in range(10)]
    units_ = [unit_writing(path, f"owner-{i}") for i, path in enumerate(paths)]
    message = refusal(units_, tmp_path / "one" / "root", 1)
    assert refusal(units_, tmp_path / "two" / "root", 2) == message
    assert not (tmp_path / "two" / "outside.md").exists()


def test_a_process_takes_the_next_unit_as_soon_as_it_is_free(tmp_path, workers_for_few_pages):
    # The first unit waits until every other unit is written: the other process must
    # take them all (dealt out in advance, half of them would wait behind it).
    others = [tmp_path / "p" / str(i) / "index.md" for i in range(1, 10)]

    def wait_for_the_others(writer: GuardedWriter) -> None:
        deadline = time.monotonic() + 30
        while not all(path.exists() for path in others) and time.monotonic() < deadline:
            time.sleep(0.01)
        writer.write_text("p/0/index.md", str(os.getpid()), "0")

    def note_process(i: int) -> PageUnit:
        return PageUnit(lambda writer: writer.write_text(f"p/{i}/index.md", str(os.getpid()), str(i)))

    units_ = [PageUnit(wait_for_the_others), *(note_process(i) for i in range(1, 10))]
    writer = GuardedWriter(tmp_path)
    write_units(units_, writer, 2, Progress(quiet=True).ticker("ページ", 0, "ページ"))
    assert sorted(writer.claimed) == sorted(f"p/{i}/index.md" for i in range(10))
    pids = {path.read_text(encoding="utf-8") for path in others}
    assert len(pids) == 1
    assert (tmp_path / "p" / "0" / "index.md").read_text(encoding="utf-8") not in pids


def test_a_worker_that_raises_fails_the_pages_with_a_japanese_message(
    tmp_path, workers_for_few_pages
):
    def fail(_: GuardedWriter) -> None:
        raise RuntimeError("テンプレートの誤り")

    units_ = [unit_writing(f"p/{i}/index.md", str(i)) for i in range(6)] + [PageUnit(fail)]
    ticker = Progress(quiet=True).ticker("ページ", 0, "ページ")
    with pytest.raises(
        WorkerFailed,
        match=r"ページ生成の分担\([12]/2\)でエラーが起きました: RuntimeError: テンプレートの誤り",
    ):
        write_units(units_, GuardedWriter(tmp_path), 2, ticker)


GIB = 1024**3


@pytest.mark.parametrize(
    ("resident_gib", "jobs", "shares"),
    [(0.4, 2, 2), (1.2, 2, 2), (1.2, 4, 3), (1.9, 2, 2), (2.5, 2, 1), (3.5, 2, 1), (0.2, 8, 8)],
)
def test_only_as_many_shares_run_at_once_as_fit_the_memory_budget(
    resident_gib: float, jobs: int, shares: int
) -> None:
    # this process serves one share; each forked worker is counted at COPIED_SHARE of it
    assert workers_module.affordable_workers(jobs, int(resident_gib * GIB)) == shares


def test_pages_are_written_in_one_process_when_workers_would_not_fit(
    tmp_path, monkeypatch, workers_for_few_pages
):
    monkeypatch.setattr(workers_module, "current_resident_bytes", lambda: int(3.5 * GIB))
    monkeypatch.setattr(parallel, "run_shares", lambda *_: pytest.fail("workers were forked"))
    units_ = [unit_writing(f"p/{i}/index.md", str(i)) for i in range(6)]
    writer = GuardedWriter(tmp_path)
    write_units(units_, writer, 2, Progress(quiet=True).ticker("ページ", 0, "ページ"))
    assert writer.count == 6
    assert (tmp_path / "p" / "5" / "index.md").read_text(encoding="utf-8") == "5"


def test_a_build_whose_page_worker_dies_fails_and_leaves_the_published_site(
    tmp_path, capfd, monkeypatch, workers_for_few_pages
):
    first = build_into(SMALL_CATALOGUE, tmp_path)
    assert first.code == 0
    before = digest(first.site), digest(first.content)
    real_take, real_serve = parallel.UnitQueue.take, workers_module._serve

    def unit_or_death(queue):
        if getattr(workers_module, "in_forked_worker", False):
            os._exit(7)  # as if killed (out of memory) while writing pages
        return real_take(queue)

    def serve_marked(*args):
        workers_module.in_forked_worker = True  # only this worker's copy of the module
        return real_serve(*args)

    monkeypatch.setattr(parallel.UnitQueue, "take", unit_or_death)
    monkeypatch.setattr(workers_module, "_serve", serve_marked)
    capfd.readouterr()
    again = build(
        SMALL_CATALOGUE,
        tmp_path / "content",
        tmp_path / "site",
        options=Options(quiet=True, jobs=2),
    )
    assert again == 1
    err = capfd.readouterr().err
    assert re.search(
        r"ページ生成のワーカープロセス\(1/2\)が応答なく終了しました\(終了コード 7\)", err
    )
    assert "公開中のサイトは変更していません" in err and "Traceback" not in err
    assert (digest(first.site), digest(first.content)) == before
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".") and p.name != ".pia-cache"]
    assert not leftovers


def test_the_assessments_fingerprints_are_the_same_made_in_two_processes(
    synthetic, tmp_path, monkeypatch
):
    catalogue = catalogue_of(synthetic, tmp_path / "cache")
    one = build_module.assessment_fingerprints(catalogue, 1)
    monkeypatch.setattr(build_module, "MIN_FINGERPRINTS_PER_WORKER", 1)
    two = build_module.assessment_fingerprints(catalogue, 2)
    assert list(two.items()) == list(one.items())
    assert list(one) == [entry.id for entry in catalogue.assessments]


# Search documents


def _agency_moved(catalogue: Catalogue) -> tuple[Catalogue, set[str]]:
    """One agency's prefecture changes: its documents' facets change."""
    agency = catalogue.assessments[0].agency_slug
    agencies = tuple(
        dataclasses.replace(a, prefecture="沖縄県") if a.slug == agency else a
        for a in catalogue.agencies
    )
    changed = {a.id for a in catalogue.assessments if a.agency_slug == agency}
    return dataclasses.replace(catalogue, agencies=agencies), changed


def _system_renamed(catalogue: Catalogue) -> tuple[Catalogue, set[str]]:
    """The name the catalogue settles on for a system changes (another file may decide it):
    the documents that name it change, though their files do not."""
    slug = catalogue.assessments[0].system_slugs[0]
    systems = tuple(
        dataclasses.replace(s, name=s.name + "(新)") if s.slug == slug else s
        for s in catalogue.systems
    )
    changed = {a.id for a in catalogue.assessments if slug in a.system_slugs}
    return dataclasses.replace(catalogue, systems=systems), changed


@pytest.mark.parametrize("change", [_agency_moved, _system_renamed])
def test_kept_search_documents_are_copied_while_all_they_are_made_of_is_unchanged(
    synthetic, tmp_path, workers_for_few_pages, change
):
    catalogue = catalogue_of(synthetic, tmp_path / "cache")
    url_of = {a.id: urls.assessment(a.id) for a in catalogue.assessments}
    first = search_documents.write_search_documents(catalogue, url_of, tmp_path, 2)
    first.environment = "env"
    first.keep(tmp_path / "kept")
    kept = KeptDocuments.open(tmp_path / "kept", "env")
    changed, made_again = change(catalogue)
    expected = list(search_documents.search_documents(changed, url_of))
    assert [d.ref for d in expected if d not in list(first)] == sorted(made_again)
    for jobs in (1, 2):
        with search_documents.write_search_documents(
            changed, url_of, tmp_path, jobs, kept
        ) as again:
            assert list(again) == expected
            assert sum(again.reused) == len(expected) - len(made_again) > 0
    kept.close()


# The link check


def broken_site(root: Path) -> list[str]:
    """Nine pages; pages 2 and 7 link to missing pages, page 7 twice (once in an image)."""
    pages = []
    for i in range(9):
        links = f'<a href="../p{(i + 1) % 9}/">next</a>'
        if i in (2, 7):
            links += f'<a href="../missing{i}/">x</a><img src="gone{i}.png">'
        (root / f"p{i}").mkdir(parents=True)
        (root / f"p{i}" / "index.html").write_text(links, encoding="utf-8")
        pages.append(f"p{i}/index.html")
    return pages


def test_the_link_check_in_two_workers_reports_the_same_links_in_the_same_order(
    tmp_path, workers_for_few_pages
):
    pages = broken_site(tmp_path)
    found = broken_links_in(tmp_path, pages, 2)
    assert [(b.page, b.href) for b in found] == [
        ("p2/index.html", "../missing2/"),
        ("p2/index.html", "gone2.png"),
        ("p7/index.html", "../missing7/"),
        ("p7/index.html", "gone7.png"),
    ]
    assert found == broken_links(tmp_path, pages)


def test_a_broken_link_fails_the_build_with_two_jobs(tmp_path, capsys, workers_for_few_pages):
    pages = broken_site(tmp_path)
    with pytest.raises(BuildFailed, match="リンク切れが 4 件あります"):
        check_links(tmp_path, pages, 2, Progress(quiet=True))
    assert capsys.readouterr().err.splitlines() == [
        "p2/index.html: リンク先 ../missing2/ がサイトにありません",
        "p2/index.html: リンク先 gone2.png がサイトにありません",
        "p7/index.html: リンク先 ../missing7/ がサイトにありません",
        "p7/index.html: リンク先 gone7.png がサイトにありません",
    ]
