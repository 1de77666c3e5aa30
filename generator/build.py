"""``pia build``: catalogue/ → content/ (generated Markdown) → site/ (MkDocs), all or nothing.

The whole build reads top to bottom in `build()`: first gather all data (validate, load,
normalize) and write the pages, open data and search documents into temporary directories
(`write_from_catalogue()`, in a forked child process so that the catalogue's memory goes back
to the system when it ends: generator/forked.py), then run MkDocs partition by partition
(generator/partitions.py), check every link of the merged site, write the search index, and
only then swap the new content/ and site/ into place. A failing build leaves the published
site untouched. With ``--jobs N`` validation, page generation, MkDocs and the link check each
share their work out to up to N worker processes (generator/workers.py,
generator/render/parallel.py; page workers only as many as fit the memory budget); the output
is the same bytes as with one.

With ``--incremental`` unchanged catalogue files are not validated or normalized again
(their results come from the per-file cache, generator/filecache.py, which every build
fills); the temporary trees hold only the files the build writes, laid over the published
ones (generator/overlay.py), and publishing moves them into place; assessment pages whose
fingerprint and other pages whose context did not change are not rendered again, nor
unchanged search documents made again; MkDocs runs only on the Markdown files whose bytes
changed (generator/incremental.py); and the search index is updated for the documents
whose content changed (generator/search/delta.py, with analyses from
generator/search/analysis_cache.py, also filled by every build): only the files it writes
anew are staged, and publishing renames the published index's build directory and moves
them into it (an index written whole replaces the published one, which the next build
removes in another process at the lowest priority).
One build at a time holds the build cache (generator/cachelock.py).
``--partition K/N`` builds one partition's HTML into a parts directory (one CI job each);
``--merge`` combines them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import incremental as inc
from generator import partitions as parts
from generator.cachelock import CacheBusy, cache_locked, remove_stale
from generator.catalogue import AssessmentEntry, Catalogue, SourceFile
from generator.catalogue.gather import catalogue_of, extract_all
from generator.catalogue.search import ENVIRONMENT_INPUTS as DOCUMENT_INPUTS
from generator.catalogue.search import write_search_documents
from generator.filecache import LIBRARIES as FILE_LIBRARIES
from generator.filecache import FileCache, inputs_hash, prune_entries
from generator.filecache import environment_hash as files_environment
from generator.forked import ChildDied, run_forked
from generator.gcpause import frozen_as_made, paused_then_frozen
from generator.overlay import Overlay, publish, publish_interrupted, publishing
from generator.progress import Progress
from generator.render import urls
from generator.render.links import SiteMap
from generator.render.parallel import write_units
from generator.render.units import page_units
from generator.search.delta import publish_delta
from generator.search.document_file import DocumentFile, KeptDocuments
from generator.sitecheck import broken_links_in
from generator.validate.problems import Resolver, shown_paths, summary_of
from generator.workers import Send, WorkerFailed, run_shares, share_count
from generator.write import GuardedWriter, OutputPathError, staging, swap_directory

PROJECT = Path(__file__).resolve().parents[1]
MKDOCS_CONFIG = parts.MKDOCS_CONFIG
SITE_PAGES = PROJECT / "docs" / "site-pages"
CONTRIBUTING = PROJECT / "CONTRIBUTING.md"
CONTRIBUTING_FRONT_MATTER = "---\ntitle: 評価書を追加・更新するには\n---\n\n"
SEARCH_INDEX_DIR = "search-index"
CACHE_DIR = ".pia-cache"
FILES_DIR = "files"  # per-file results of validation and normalization (generator/filecache.py)
SEARCH_DIR = "search"  # per-document search analyses (generator/search/analysis_cache.py)
DOCUMENTS_DIR = "search-documents"  # the last build's search documents (document_file.py)
TRASH_DIR = "trash"  # trees replaced by incremental builds, removed by the next build
PARTS_DIR = ".pia-parts"
SHOWN_PAGES = 20


class BuildFailed(Exception):
    """A stage failed; its message is printed and the build exits 1."""


@dataclass(frozen=True)
class Options:
    """How to build: everything but the three directories."""

    quiet: bool = False
    strict: bool = False
    incremental: bool = False
    partitions: int | None = None  # None: one per PAGES_PER_PARTITION pages
    jobs: int = 1
    partition: tuple[int, int] | None = None  # (K, N): build only partition K of N
    merge: bool = False
    parts_dir: Path | None = None
    cache_dir: Path | None = None
    timings_json: Path | None = None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=Path("catalogue"),
        help="カタログのディレクトリ(既定: catalogue)",
    )
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="生成するMarkdownの出力先(既定: content)",
    )
    parser.add_argument(
        "--site", type=Path, default=Path("site"), help="サイトの出力先(既定: site)"
    )
    parser.add_argument("--quiet", action="store_true", help="段階ごとの進捗を表示しない")
    parser.add_argument("--strict", action="store_true", help="検証の警告も失敗として扱う")
    parser.add_argument(
        "--incremental", action="store_true", help="前回のビルドから変わったページだけを生成する"
    )
    parser.add_argument(
        "--partitions",
        type=int,
        metavar="N",
        help="MkDocs を N 区画に分けて実行する(既定: 2,000ページごと)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="並行して処理するプロセス数: ファイルの検証と正規化、ページの生成、MkDocs の区画、リンク検査(既定: 1)",
    )
    parser.add_argument(
        "--partition",
        type=partition_arg,
        metavar="K/N",
        help="N 区画のうち K 番目だけを生成する(CIの並列ジョブ用)",
    )
    parser.add_argument(
        "--merge", action="store_true", help="--partition で生成した区画を一つのサイトにまとめる"
    )
    parser.add_argument("--parts", type=Path, help=f"区画の出力先(既定: サイトの隣の {PARTS_DIR})")
    parser.add_argument(
        "--cache", type=Path, help=f"差分ビルドの記録の置き場所(既定: サイトの隣の {CACHE_DIR})"
    )
    parser.add_argument(
        "--timings-json", type=Path, metavar="PATH", help="段階ごとの所要時間をJSONで書き出す"
    )


def partition_arg(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f"K/N の形で、1 ≦ K ≦ N としてください: {text}")
    return int(match[1]), int(match[2])


def run(args: argparse.Namespace) -> int:
    options = Options(
        quiet=args.quiet,
        strict=args.strict,
        incremental=args.incremental,
        partitions=args.partitions,
        jobs=args.jobs,
        partition=args.partition,
        merge=args.merge,
        parts_dir=args.parts,
        cache_dir=args.cache,
        timings_json=args.timings_json,
    )
    return build(args.catalogue, args.content, args.site, options=options)


def build(
    catalogue_dir: Path,
    content_dir: Path,
    site_dir: Path,
    *,
    quiet: bool = False,
    strict: bool = False,
    options: Options | None = None,
) -> int:
    options = options or Options(quiet=quiet, strict=strict)
    progress = Progress(quiet=options.quiet)
    paths = Paths.of(catalogue_dir, content_dir, site_dir, options)
    content_dir, site_dir, cache = paths.content, paths.site, paths.cache
    try:
        with (
            cache_locked(cache),  # one build at a time per cache
            staging(content_dir) as content_tmp,
            staging(site_dir) as site_tmp,
        ):
            remove_stale(cache)  # what builds killed outright left there
            # the trees earlier builds replaced are removed while this one works
            with inc.emptying_trash(cache / TRASH_DIR):
                # First gather all data from all files and write what needs the catalogue, in a
                # child process whose memory (the catalogue's) goes back to the system after.
                written = run_forked(write_from_catalogue, paths, content_tmp, site_tmp, options)
                progress.add(written.stages, written.counts)
                if written.documents is None:  # --partition: this job's part is written
                    return 0
                content, site = output_trees(
                    paths, content_tmp, site_tmp, written.previous, written.hashes
                )
                write_site(content, site, written, paths, options, progress)
            state = inc.State(
                written.environment_hash, written.fingerprints, written.hashes, written.pages
            )
            trash = cache / TRASH_DIR if options.incremental else None
            with publishing(cache):
                publish_trees(content, site, paths, trash)
                inc.save_state(cache, state)
            prune_entries(cache / FILES_DIR, written.file_entries)
        progress.say(f"完了: {site_dir} を更新しました")
        finish(progress, options, site_dir if written.previous is None else None)
        return 0
    except (
        BuildFailed,
        CacheBusy,
        ChildDied,
        OutputPathError,
        parts.MkDocsFailed,
        parts.PartitionError,
        WorkerFailed,
    ) as err:
        print(f"pia build: {err}", file=sys.stderr)
        print("ビルドを中止しました。公開中のサイトは変更していません。", file=sys.stderr)
        return 1


def write_site(
    content: Overlay,
    site: Overlay,
    written: Written,
    paths: Paths,
    options: Options,
    progress: Progress,
) -> None:
    """The HTML of the changed pages (MkDocs), checked for broken links, and the search
    index, into ``site.fresh``; the search documents are kept for the next build."""
    assert written.documents is not None, "a --partition job writes no site"
    with written.documents as documents:
        with progress.stage("MkDocs"):
            built = html_site(content, site, written.changed, written.hashes, written.epoch,
                              options, paths.parts, progress)  # fmt: skip
        with progress.stage("リンク検査"):
            check_links(site, built, options.jobs, progress)
        with progress.stage("検索索引"):
            index_dir, published = site.fresh / SEARCH_INDEX_DIR, paths.site / SEARCH_INDEX_DIR
            cache = paths.cache / SEARCH_DIR
            progress.say(write_index(documents, index_dir, cache, options.incremental, published))
        documents.keep(paths.cache / DOCUMENTS_DIR)


def output_trees(
    paths: Paths,
    content_tmp: Path,
    site_tmp: Path,
    previous: inc.State | None,
    hashes: dict[str, str],
) -> tuple[Overlay, Overlay]:
    """The staging trees: whole in a full build; in an incremental one, over the published
    trees (generator/overlay.py), less the files of the pages gone since the last build."""
    if previous is None:
        return Overlay(content_tmp), Overlay(site_tmp)
    gone = gone_files(hashes, previous)
    return (
        Overlay(content_tmp, paths.content, frozenset(gone)),
        Overlay(site_tmp, paths.site, frozenset(map(parts.html_of, gone))),
    )


def publish_trees(content: Overlay, site: Overlay, published: Paths, trash: Path | None) -> None:
    """Put the new trees in place: a full build's by swapping each whole, an incremental
    build's by moving its files in. What they replace goes to ``trash`` (with
    ``--incremental``), which the next build empties in the background
    (inc.emptying_trash).

    A search index staged as a delta (generator/search/delta.py) is applied to the
    published index first; a build that writes every page but updates the index (its
    last build's record was of other code) then takes the updated index into its tree."""
    index = SEARCH_INDEX_DIR
    delta = publish_delta(site.fresh / index, published.site / index)
    if content.base is None or site.base is None:
        if delta:
            os.replace(published.site / index, site.fresh / index)
        swap_directory(content.fresh, published.content, trash)
        swap_directory(site.fresh, published.site, trash)
        return
    publish(content, trash=trash)
    publish(site, replaced=() if delta else (index,), trash=trash)


@dataclass(frozen=True)
class Paths:
    """The directories a build reads and writes, absolute."""

    catalogue: Path
    content: Path
    site: Path
    cache: Path  # .pia-cache: per-file entries, search analyses, the last build's state
    parts: Path  # .pia-parts: partitions built by separate jobs

    @classmethod
    def of(cls, catalogue: Path, content: Path, site: Path, options: Options) -> Paths:
        site = site.absolute()  # MkDocs resolves relative paths from mkdocs.yml
        return cls(
            catalogue,
            content.absolute(),
            site,
            (options.cache_dir or site.parent / CACHE_DIR).absolute(),
            (options.parts_dir or site.parent / PARTS_DIR).absolute(),
        )


@dataclass(frozen=True)
class Written:
    """What the catalogue stages leave for the rest of the build (not the catalogue)."""

    fingerprints: dict[str, str]  # assessment id → fingerprint (generator/incremental.py)
    epoch: int
    environment_hash: str
    previous: inc.State | None
    hashes: dict[str, str]  # content file → SHA-256
    pages: dict[str, str]  # content file → fingerprint of its page's context
    changed: list[str]  # content files whose bytes changed since the last build
    documents: DocumentFile | None  # the search documents; None when building a partition
    file_entries: set[str]  # the per-file cache entries this build used or wrote
    stages: dict[str, float]
    counts: dict[str, int]


def write_from_catalogue(
    paths: Paths, content_tmp: Path, site_tmp: Path, options: Options
) -> Written:
    """Validate, normalize, write the pages and open data into ``content_tmp`` and the
    search documents into the cache; with ``--partition``, this job's part of the site."""
    with frozen_as_made() as freeze:
        return _write_from_catalogue(paths, content_tmp, site_tmp, options, freeze)


def _write_from_catalogue(
    paths: Paths, content_tmp: Path, site_tmp: Path, options: Options, freeze: Callable[[], None]
) -> Written:
    progress = Progress(quiet=options.quiet)
    content_dir, site_dir, cache = paths.content, paths.site, paths.cache
    files = FileCache(cache / FILES_DIR, files_environment(), reuse=options.incremental)
    with progress.stage("検証"):
        sources = gather(paths.catalogue, options.strict, progress.say, files, options.jobs)
        freeze()  # the models and contributions live until the end
    with progress.stage("正規化"):
        catalogue = normalize(sources, files, progress)
        fingerprints = assessment_fingerprints(catalogue, options.jobs)
        freeze()  # and so does the catalogue
    del sources  # the catalogue holds what it needs of them
    progress.say(normalized_line(catalogue))
    epoch = build_epoch(catalogue)
    environment_hash = inc.environment_hash(epoch)
    previous = previous_state(options, cache, environment_hash, content_dir, site_dir)
    content = Overlay(content_tmp, content_dir if previous else None)
    with progress.stage("ページ"):
        writer = write_content(catalogue, content, previous, fingerprints, progress, options.jobs)
    hashes = content_hashes(content, writer, previous)
    changed = changed_files(hashes, previous)
    documents = None
    if options.partition:
        content, _ = output_trees(paths, content_tmp, site_tmp, previous, hashes)
        parts.write_part(paths.parts, options.partition, content, hashes, epoch, progress)
    else:
        with progress.stage("検索文書"):
            documents = keep_search_documents(
                catalogue, cache, progress, options.jobs, reuse=options.incremental
            )
    return Written(fingerprints, epoch, environment_hash, previous, hashes, writer.made_from,
                   changed, documents, files.used, progress.stages, progress.counts)  # fmt: skip


def gather(
    catalogue_dir: Path,
    strict: bool,
    say: Callable[[str], None],
    files: FileCache | None = None,
    jobs: int = 1,
) -> list[SourceFile]:
    """Validate every file (all problems at once) and keep the models of those that loaded.

    Each file is read and validated once, in up to ``jobs`` processes, with its
    contributions to the catalogue made in the same pass (or all of it reused from
    ``files``, with ``--incremental``); the position maps, needed only for the messages,
    are dropped here, and the text is read again only to copy it into the YAML download.
    """
    from generator.validate.validator import check_each, check_report

    if not catalogue_dir.is_dir():
        raise BuildFailed(f"カタログのディレクトリがありません: {catalogue_dir}")
    check_all = functools.partial(files.check_all, jobs=jobs) if files else check_each
    resolver = Resolver()  # the rules and the messages resolve the same paths
    report, loaded = check_report(
        [catalogue_dir], catalogue_root=catalogue_dir, check_all=check_all, resolver=resolver
    )
    # one write (by file and position); a national catalogue's warnings are a hundred
    # thousand lines, most of them kept as lines by the per-file cache
    sys.stdout.write(report.text(shown_paths(resolver=resolver)))
    errors = report.errors
    warnings = len(report) - errors
    counts = summary_of(errors, warnings, len(loaded))
    if errors or (strict and warnings):
        raise BuildFailed(f"カタログに問題があります({counts})。修正してから再実行してください。")
    reused = f"、前回から流用 {files.reused} ファイル" if files and files.reuse else ""
    say(f"検証: {len(loaded)} ファイル、{counts}{reused}")
    return [SourceFile(item.path, item.assessment, item.digest) for item in loaded]


def normalize(sources: list[SourceFile], files: FileCache, progress: Progress) -> Catalogue:
    """The catalogue, merged from each file's contributions (made while it was validated)."""
    extracted = extract_all(sources, files.extracted)
    files.extracted.clear()  # the catalogue holds them now
    progress.count("評価書(正規化を流用)", files.reused)
    with paused_then_frozen():  # it lives as long as the models, frozen before it
        return catalogue_of(extracted)


def normalized_line(catalogue: Catalogue) -> str:
    return (
        f"正規化: 評価書 {len(catalogue.assessments)} 件、評価実施機関 {len(catalogue.agencies)} 件、"
        f"システム {len(catalogue.systems)} 件、委託先 {len(catalogue.contractors)} 件、"
        f"法令 {len(catalogue.laws)} 件(条項 {len(catalogue.provisions)} 件)"
    )


# A fingerprint takes about 60 µs: fewer per worker, and forking it costs more than it saves.
MIN_FINGERPRINTS_PER_WORKER = 1_000


def assessment_fingerprints(catalogue: Catalogue, jobs: int = 1) -> dict[str, str]:
    """Every assessment's fingerprint (generator/incremental.py), in catalogue order, made in
    up to ``jobs`` processes (generator/workers.py)."""
    entries, site = catalogue.assessments, SiteMap.of(catalogue)
    jobs = share_count(jobs, len(entries), MIN_FINGERPRINTS_PER_WORKER)
    made: dict[str, str] = {}
    for share in run_shares(functools.partial(_fingerprints, entries, site), jobs, None, "正規化"):
        made.update(share)
    return {entry.id: made[entry.id] for entry in entries}


def _fingerprints(
    entries: tuple[AssessmentEntry, ...], site: SiteMap, k: int, jobs: int, _: Send
) -> dict[str, str]:
    return {entry.id: inc.assessment_fingerprint(entry, site) for entry in entries[k::jobs]}


def previous_state(
    options: Options, cache: Path, environment_hash: str, content_dir: Path, site_dir: Path
) -> inc.State | None:
    """The last build's record when it can be reused (incremental, same environment)."""
    if not options.incremental:
        return None
    state = inc.load_state(cache)
    if publish_interrupted(cache):
        reason = "前回のビルドがサイトの更新の途中で止まった"
    elif state is None or not (content_dir.is_dir() and site_dir.is_dir()):
        reason = f"前回のビルドの記録({cache})がない"
    elif state.environment != environment_hash:
        reason = "生成処理・テーマ・mkdocs.yml・ビルド日付のいずれかが前回と違う"
    else:
        return state
    print(f"差分ビルド: {reason}ため、すべて生成します", flush=True)
    return None


def write_content(
    catalogue: Catalogue,
    content: Overlay,
    previous: inc.State | None,
    fingerprints: dict[str, str],
    progress: Progress,
    jobs: int = 1,
) -> GuardedWriter:
    """Every page, the open data and the static pages into ``content.fresh``; the files of
    unchanged assessments and pages are kept in ``content.base`` (incremental builds)."""
    writer = GuardedWriter(content.fresh, previous.pages if previous else {}, content.base)
    old = previous.assessments if previous else {}
    reuse = lambda entry: old.get(entry.id) == fingerprints[entry.id]  # noqa: E731
    written = write_pages(catalogue, writer, reuse, progress, jobs)
    progress.say(
        f"ページ: {written.rendered} ページを生成しました(前回から流用 {written.kept} ページ)"
    )
    progress.say(f"オープンデータ: {written.downloads} ファイルを生成しました")
    copy_site_pages(writer)
    progress.count("ページ(生成)", written.rendered)
    progress.count("ページ(流用)", written.kept)
    return writer


@dataclass(frozen=True)
class WrittenPages:
    rendered: int  # pages written
    kept: int  # pages kept from the previous build
    downloads: int  # assessment downloads written (not kept)


def write_pages(
    catalogue: Catalogue,
    writer: GuardedWriter,
    reuse: Callable[[AssessmentEntry], bool],
    progress: Progress,
    jobs: int = 1,
) -> WrittenPages:
    """Render every page and write each assessment's downloads, in up to ``jobs`` processes."""
    ticker = progress.ticker("評価書ページ 進行中", len(catalogue.assessments), "ページ")
    before = _page_counts(writer)
    write_units(page_units(catalogue, reuse), writer, jobs, ticker)
    after = _page_counts(writer)
    return WrittenPages(*(a - b for a, b in zip(after, before, strict=True)))


def _page_counts(writer: GuardedWriter) -> tuple[int, int, int]:
    """(pages written, pages kept, other files written) claimed by ``writer`` so far."""
    pages = sum(1 for path in writer.claimed if path.endswith(".md"))
    kept = sum(1 for path in writer.kept if path.endswith(".md"))
    other_kept = len(writer.kept) - kept
    return pages - kept, kept, writer.count - pages - other_kept


def copy_site_pages(writer: GuardedWriter) -> None:
    """The static pages (about, open data, search) written by hand in docs/site-pages/,
    and the contributors' guide, published as it is in the repository."""
    for path in sorted(SITE_PAGES.glob("*.md")):
        writer.write_text(f"{path.stem}/index.md", path.read_text(encoding="utf-8"), path.name)
    guide = CONTRIBUTING.read_text(encoding="utf-8")
    writer.write_text("contributing/index.md", CONTRIBUTING_FRONT_MATTER + guide, CONTRIBUTING.name)


def content_hashes(
    content: Overlay, writer: GuardedWriter, previous: inc.State | None
) -> dict[str, str]:
    known = {f: previous.files[f] for f in writer.kept if f in previous.files} if previous else {}
    return inc.file_hashes(content.path, sorted(writer.claimed), known)


def changed_files(hashes: dict[str, str], previous: inc.State | None) -> list[str]:
    old = previous.files if previous else {}
    return [f for f, digest in hashes.items() if old.get(f) != digest]


def gone_files(hashes: dict[str, str], previous: inc.State | None) -> list[str]:
    """The content files of the last build that this one does not make."""
    return sorted(set(previous.files) - set(hashes)) if previous else []


def html_site(
    content: Overlay,
    site: Overlay,
    changed: list[str],
    hashes: dict[str, str],
    epoch: int,
    options: Options,
    parts_dir: Path,
    progress: Progress,
) -> list[str]:
    """Run MkDocs over the changed files (all of them in a full build); the HTML rebuilt."""
    if content.base is not None:
        report_changes(changed, sorted(content.removed), progress)
    if options.merge:
        return parts.merge_parts(parts_dir, site.fresh, hashes, progress)
    if not changed:
        return []
    nav = parts.nav_sources()
    pages = sum(1 for f in changed if f.endswith(".md"))
    count = options.partitions or parts.partition_count(pages)
    plan = parts.plan(changed, count, nav)
    return parts.build_site(content, site, plan, nav, epoch, options.jobs, progress)


def report_changes(changed: list[str], gone: list[str], progress: Progress) -> None:
    pages = [urls_of(f) for f in changed if f.endswith(".md")]
    progress.say(
        f"差分ビルド: 変更 {len(changed)} ファイル(ページ {len(pages)} 件)、削除 {len(gone)} ファイル"
    )
    for page in pages[:SHOWN_PAGES]:
        progress.say(f"  再生成: /{page}")
    if len(pages) > SHOWN_PAGES:
        progress.say(f"  ほか {len(pages) - SHOWN_PAGES} ページ")


def urls_of(relative: str) -> str:
    return re.sub(r"index\.md$", "", relative)


def check_links(site: Overlay, pages: list[str], jobs: int, progress: Progress) -> None:
    broken = broken_links_in(site, pages, jobs)
    for link in broken[:100]:
        print(link.message(), file=sys.stderr)
    if broken:
        raise BuildFailed(f"リンク切れが {len(broken)} 件あります(ページの生成処理の誤りです)")
    progress.say(f"リンク検査: {len(pages)} ページ、リンク切れ 0 件")


def build_epoch(catalogue: Catalogue) -> int:
    """SOURCE_DATE_EPOCH when set, else the newest date in the catalogue: never the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    newest = max((a.updated for a in catalogue.assessments if a.updated), default="2000-01-01")
    return int(dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC).timestamp())


def keep_search_documents(
    catalogue: Catalogue, cache: Path, progress: Progress, jobs: int = 1, reuse: bool = False
) -> DocumentFile:
    """The catalogue's search documents (sorted by ref), in a temporary file under ``cache``;
    with ``reuse``, those of the last build's kept documents that did not change are copied."""
    url_of = {a.id: urls.assessment(a.id) for a in catalogue.assessments}
    environment = documents_environment()
    kept = KeptDocuments.open(cache / DOCUMENTS_DIR, environment) if reuse else None
    try:
        documents = write_search_documents(catalogue, url_of, cache, jobs, kept)
    finally:
        if kept:
            kept.close()
    documents.environment = environment  # their keys then name their content (delta.py)
    reused = f"(前回から流用 {sum(documents.reused):,} 件)" if reuse else ""
    progress.say(f"検索文書: {len(documents):,} 件を索引用に書き出しました{reused}")
    return documents


def documents_environment() -> str:
    """What the search documents are made with: kept ones made otherwise are not reused."""
    salt = f"search-documents:{sys.version}"
    return inputs_hash(PROJECT, salt, FILE_LIBRARIES, DOCUMENT_INPUTS)


def write_index(
    documents: DocumentFile,
    out_dir: Path,
    cache_dir: Path,
    reuse: bool = False,
    previous: Path | None = None,
) -> str:
    """The search index; a summary.

    Each document's Sudachi analysis is kept in ``cache_dir`` on every build and, with
    ``reuse`` (``--incremental``), taken from there when the document has not changed.
    With ``reuse`` and ``previous`` (the published index), that index is updated for the
    changed documents, weighed with the statistics of its last full build, when the delta
    rules allow (generator/search/delta.py): ``out_dir`` then holds the delta, staged
    (`publish_trees` applies it); else the index is written whole.
    """
    import shutil

    from generator.search.shards import write_search_index

    if not (reuse and previous) or not len(documents):
        shutil.rmtree(out_dir, ignore_errors=True)  # else the delta may use what is linked there
    if not len(documents):
        return "検索索引: 評価書がないため作成しませんでした"  # lunr cannot index an empty corpus
    stats = write_search_index(documents, out_dir, cache_dir, reuse=reuse, previous=previous)
    summary = (
        f"検索索引: 評価書 {stats.documents:,} 件、索引語 {stats.terms:,} 語"
        f"(索引語ファイル {stats.term_shards}、語彙ファイル {stats.vocabulary_files}、"
        f"表示用ファイル {stats.fragment_files})、合計 {stats.total_bytes:,} バイト"
    )
    if stats.updated is not None:
        return (
            f"{summary}、前回の索引を差分更新(変わった評価書 {stats.updated:,} 件を"
            "前回の全体構築時の統計で重み付け)"
        )
    if not reuse:
        return summary
    because = f"、全体を再構築({stats.whole_because})" if stats.whole_because else ""
    return f"{summary}、解析を前回から流用 {stats.reused:,} 件{because}"


def finish(progress: Progress, options: Options, site: Path | None) -> None:
    """The summary; with the size of ``site`` when given (a full build: an incremental one
    changes a few files of 450,000, and counting them all took longer than its MkDocs)."""
    if site is not None:
        files, size = tree_size(site)
        progress.count("サイトのファイル", files)
        progress.count("サイトのバイト数", size)
    for line in progress.summary():
        progress.say(line)
    if options.timings_json:
        progress.write_json(options.timings_json)


def tree_size(root: Path) -> tuple[int, int]:
    """How many files are under ``root`` and their bytes, with one stat call per file
    (the directory entries tell files from directories): 450,000 files at 60,000
    assessments."""
    files = size = 0
    pending = [root]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_file():
                    files += 1
                    size += entry.stat().st_size
    return files, size
