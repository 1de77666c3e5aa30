"""Partitioned MkDocs, partial sites merged, and incremental builds: all equal one full build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.build import Options, build
from generator.cli import main
from generator.overlay import Overlay
from generator.partitions import Partition, build_partitions, merge_sitemaps, plan
from generator.sitecheck import broken_links
from tests.site.conftest import SMALL_CATALOGUE
from tests.site.test_build_guarantees import digest
from tests.site.test_incremental_files import retitle

CHANGED = "130001-chiji/130001-chiji-35.yaml"


def build_with(catalogue: Path, root: Path, **options: object) -> int:
    return build(catalogue, root / "content", root / "site", options=Options(quiet=True, **options))


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("single")
    assert build_with(SMALL_CATALOGUE, root, partitions=1) == 0
    return root


def test_three_partitions_in_two_processes_build_the_same_bytes_as_one(single, tmp_path):
    assert build_with(SMALL_CATALOGUE, tmp_path, partitions=3, jobs=2) == 0
    assert digest(tmp_path / "site") == digest(single / "site")
    assert digest(tmp_path / "content") == digest(single / "content")


def test_partial_sites_from_separate_runs_merge_into_the_same_site(single, tmp_path, capfd):
    paths = [f"--{n}={tmp_path / n}" for n in ("catalogue", "content", "site")]
    shutil.copytree(SMALL_CATALOGUE, tmp_path / "catalogue")
    for part in ("2/3", "1/3", "3/3"):
        assert main(["build", "--quiet", *paths, f"--partition={part}"]) == 0
    assert not (tmp_path / "site").exists()
    assert main(["build", "--quiet", *paths, "--merge"]) == 0
    assert digest(tmp_path / "site") == digest(single / "site")


def test_incremental_partition_jobs_read_the_published_content_and_merge_into_a_full_build(
    tmp_path, capfd
):
    """Over the published trees (generator/overlay.py), a partition job reads the pages
    it did not render again from the published content."""
    root = tmp_path / "incremental"
    paths = [f"--{n}={root / n}" for n in ("catalogue", "content", "site")]
    shutil.copytree(SMALL_CATALOGUE, root / "catalogue")
    assert main(["build", "--quiet", *paths]) == 0
    retitle(root / "catalogue")
    for part in ("2/3", "1/3", "3/3"):
        assert main(["build", "--quiet", "--incremental", *paths, f"--partition={part}"]) == 0
    assert main(["build", "--quiet", "--incremental", *paths, "--merge"]) == 0
    assert build_with(root / "catalogue", tmp_path / "full") == 0
    assert digest(root / "site") == digest(tmp_path / "full" / "site")
    assert digest(root / "content") == digest(tmp_path / "full" / "content")


def test_merging_an_incomplete_set_of_parts_fails_with_a_japanese_message(tmp_path, capfd):
    paths = [f"--{n}={tmp_path / n}" for n in ("catalogue", "content", "site")]
    shutil.copytree(SMALL_CATALOGUE, tmp_path / "catalogue")
    assert main(["build", "--quiet", *paths, "--partition=1/2"]) == 0
    assert main(["build", "--quiet", *paths, "--merge"]) == 1
    assert "区画が揃っていません" in capfd.readouterr().err


def test_an_incremental_build_after_renaming_a_contractor_equals_a_full_build(tmp_path, capfd):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    assert build_with(catalogue, tmp_path / "incremental") == 0
    changed = catalogue / CHANGED
    text = changed.read_text(encoding="utf-8")
    assert "contractor: 株式会社NTTデータ" in text
    changed.write_text(text.replace("株式会社NTTデータ", "富士通Japan株式会社"), encoding="utf-8")
    capfd.readouterr()
    options = Options(incremental=True)
    assert (
        build(
            catalogue, *(tmp_path / "incremental" / n for n in ("content", "site")), options=options
        )
        == 0
    )
    report = capfd.readouterr().out
    assert "前回から流用 30 ページ" in report  # the other assessment and unchanged entity pages
    assert "再生成: /assessments/130001-chiji-35/" in report
    assert "再生成: /assessments/131016-kucho-" not in report
    assert build_with(catalogue, tmp_path / "full") == 0
    for tree in ("site", "content"):
        assert digest(tmp_path / "incremental" / tree) == digest(tmp_path / "full" / tree)


def test_an_incremental_build_after_removing_an_assessment_removes_its_pages(tmp_path):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    assert build_with(catalogue, tmp_path / "incremental") == 0
    (catalogue / CHANGED).unlink()
    assert build_with(catalogue, tmp_path / "incremental", incremental=True) == 0
    assert build_with(catalogue, tmp_path / "full") == 0
    for tree in ("site", "content"):
        found = sorted(
            p.relative_to(tmp_path / "incremental" / tree)
            for p in (tmp_path / "incremental" / tree).rglob("*")
        )
        assert found == sorted(
            p.relative_to(tmp_path / "full" / tree) for p in (tmp_path / "full" / tree).rglob("*")
        )
        assert digest(tmp_path / "incremental" / tree) == digest(tmp_path / "full" / tree)


def test_an_incremental_build_without_a_previous_build_builds_everything(tmp_path, capfd):
    assert build_with(SMALL_CATALOGUE, tmp_path, incremental=True) == 0
    assert (tmp_path / "site" / "assessments" / "130001-chiji-35" / "index.html").is_file()


def test_the_stage_timings_are_written_as_json(tmp_path):
    timings = tmp_path / "timings.json"
    assert build_with(SMALL_CATALOGUE, tmp_path, timings_json=timings) == 0
    data = json.loads(timings.read_text(encoding="utf-8"))
    assert {"validate", "normalize", "pages", "mkdocs", "link_check", "search_index"} <= set(
        data["stages"]
    )
    assert data["counts"]["site_files"] > 0 and data["total_seconds"] > 0


def test_the_progress_ends_with_a_summary_of_stages_and_counts(tmp_path, capfd):
    assert build(SMALL_CATALOGUE, tmp_path / "content", tmp_path / "site") == 0
    out = capfd.readouterr().out
    assert "所要時間: 合計" in out and "MkDocs" in out
    files = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert f"サイトのファイル {len(files):,}、" in out
    assert f"サイトのバイト数 {sum(p.stat().st_size for p in files):,}" in out


def test_an_incremental_builds_summary_does_not_count_the_whole_site(tmp_path, capfd):
    catalogue = tmp_path / "catalogue"
    shutil.copytree(SMALL_CATALOGUE, catalogue)
    assert build_with(catalogue, tmp_path) == 0
    capfd.readouterr()
    timings = tmp_path / "timings.json"
    options = Options(incremental=True, timings_json=timings)
    assert build(catalogue, tmp_path / "content", tmp_path / "site", options=options) == 0
    out = capfd.readouterr().out
    assert "所要時間: 合計" in out and "差分ビルド: 変更 0 ファイル" in out
    assert "サイトのファイル" not in out
    assert "site_files" not in json.loads(timings.read_text(encoding="utf-8"))["counts"]


def test_a_page_and_its_downloads_stay_in_one_partition_and_nav_pages_in_none():
    files = ["index.md", "assessments/a/index.md", "assessments/a/a.yaml", "assessments/a/a.json"]
    for count in (1, 2, 5):
        parts = plan(files, count, ["index.md"])
        owners = [p.number for p in parts for f in p.files if f.startswith("assessments/a/")]
        assert len(owners) == 3 and len(set(owners)) == 1
        assert all("index.md" not in p.files for p in parts)


def test_sitemaps_of_partitions_merge_in_mkdocs_file_order():
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="x">'

    def sitemap(*urls: str) -> str:
        blocks = "".join(
            f"\n    <url>\n         <loc>https://e.jp/{u}</loc>\n    </url>" for u in urls
        )
        return f"{head}{blocks}\n</urlset>"

    merged = merge_sitemaps([sitemap("", "b/"), sitemap("", "a/x/", "a/")])
    assert merged == sitemap("", "a/", "a/x/", "b/")


def test_the_link_check_finds_a_link_to_a_missing_page(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="../b/">b</a><a href="./">self</a><a href="https://x.jp/">x</a><a href="#f">f</a>',
        encoding="utf-8",
    )
    [broken] = broken_links(tmp_path, ["a/index.html"])
    assert broken.href == "../b/"
    assert "リンク先 ../b/ がサイトにありません" in broken.message()


def test_after_a_partition_fails_no_other_partition_starts(single, tmp_path):
    """A failure (or Ctrl-C, SIGTERM) during MkDocs ends the stage without building the
    partitions still waiting (a national site has dozens, minutes of work)."""
    missing = Partition(1, 8, ("no-such-page/index.md",))
    pages = [Partition(k, 8, ("index.md",)) for k in range(2, 9)]
    work = tmp_path / "work"
    with pytest.raises(FileNotFoundError):
        for _ in build_partitions(
            Overlay(single / "content"), [missing, *pages], [], work, 0, jobs=2
        ):
            pass
    built = sorted(p.name for p in work.iterdir()) if work.exists() else []
    assert "8-of-8" not in built and "7-of-8" not in built, built
