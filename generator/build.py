"""``pia build``: catalogue/ → content/ (generated Markdown) → site/ (MkDocs), all or nothing.

The whole build reads top to bottom in `build()`: first gather all data (validate, load,
normalize), then write everything into temporary directories, run MkDocs, write the search
index, and only then swap the new content/ and site/ into place. A failing build leaves the
published site untouched.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.catalogue import Catalogue, SourceFile, build_catalogue
from generator.catalogue.search import search_documents
from generator.opendata import write_open_data
from generator.render import urls
from generator.render.environment import environment, render_page
from generator.render.pages import iter_pages
from generator.validate.problems import Problem, format_text, summary
from generator.write import GuardedWriter, OutputPathError, swap_directory

PROJECT = Path(__file__).resolve().parents[1]
MKDOCS_CONFIG = PROJECT / "mkdocs.yml"
SITE_PAGES = PROJECT / "docs" / "site-pages"
SEARCH_INDEX_DIR = "search-index"


class BuildFailed(Exception):
    """A stage failed; its message is printed and the build exits 1."""


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


def run(args: argparse.Namespace) -> int:
    return build(args.catalogue, args.content, args.site, quiet=args.quiet, strict=args.strict)


def build(
    catalogue_dir: Path,
    content_dir: Path,
    site_dir: Path,
    *,
    quiet: bool = False,
    strict: bool = False,
) -> int:
    say = (lambda _message: None) if quiet else (lambda message: print(message, flush=True))
    content_dir, site_dir = (
        content_dir.absolute(),
        site_dir.absolute(),
    )  # MkDocs resolves from mkdocs.yml
    try:
        # First gather all data from all files: validate, load and normalize the catalogue.
        sources = gather(catalogue_dir, strict, say)
        catalogue = build_catalogue(sources)
        say(
            f"正規化: 評価書 {len(catalogue.assessments)} 件、評価実施機関 {len(catalogue.agencies)} 件、"
            f"システム {len(catalogue.systems)} 件、委託先 {len(catalogue.contractors)} 件、"
            f"法令 {len(catalogue.laws)} 件(条項 {len(catalogue.provisions)} 件)"
        )
        # Start writing files to temporary directories now that all data is gathered.
        with staging(content_dir) as content_tmp, staging(site_dir) as site_tmp:
            writer = GuardedWriter(content_tmp)
            say(f"ページ: {write_pages(catalogue, writer)} ページを生成しました")
            say(f"オープンデータ: {write_open_data(catalogue, writer)} ファイルを生成しました")
            copy_site_pages(writer)
            run_mkdocs(content_tmp, site_tmp, build_epoch(catalogue))
            say(f"MkDocs: {site_tmp.name} に HTML を生成しました")
            stats = write_index(catalogue, site_tmp / SEARCH_INDEX_DIR)
            say(f"検索索引: {stats}")
            swap_directory(content_tmp, content_dir)
            swap_directory(site_tmp, site_dir)
        say(f"完了: {site_dir} を更新しました")
        return 0
    except (BuildFailed, OutputPathError) as err:
        print(f"pia build: {err}", file=sys.stderr)
        print("ビルドを中止しました。公開中のサイトは変更していません。", file=sys.stderr)
        return 1


def gather(catalogue_dir: Path, strict: bool, say: Callable[[str], None]) -> list[SourceFile]:
    """Validate every file (all problems at once), then load the models."""
    from generator.load import load_catalogue
    from generator.validate import validate_paths

    if not catalogue_dir.is_dir():
        raise BuildFailed(f"カタログのディレクトリがありません: {catalogue_dir}")
    problems: list[Problem] = validate_paths([catalogue_dir], catalogue_root=catalogue_dir)
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line, p.column)):
        print(format_text(problem))
    loaded, load_problems = load_catalogue(catalogue_dir)
    if any(p.is_error or strict for p in [*problems, *load_problems]):
        raise BuildFailed(
            f"カタログに問題があります({summary(problems, len(loaded))})。修正してから再実行してください。"
        )
    say(f"検証: {len(loaded)} ファイル、{summary(problems, len(loaded))}")
    return [
        SourceFile(item.path, item.assessment, item.path.read_text(encoding="utf-8"))
        for item in loaded
    ]


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A fresh directory next to ``target`` (same file system, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def write_pages(catalogue: Catalogue, writer: GuardedWriter) -> int:
    """Render each page as soon as its context is made; nothing holds the whole site."""
    env = environment()
    count = 0
    for page in iter_pages(catalogue):
        writer.write_text(urls.source_path(page.url), render_page(env, page), page.url or "ホーム")
        count += 1
    return count


def copy_site_pages(writer: GuardedWriter) -> None:
    """The static pages (about, open data, search) written by hand in docs/site-pages/."""
    for path in sorted(SITE_PAGES.glob("*.md")):
        writer.write_text(f"{path.stem}/index.md", path.read_text(encoding="utf-8"), path.name)


def build_epoch(catalogue: Catalogue) -> int:
    """SOURCE_DATE_EPOCH when set, else the newest date in the catalogue: never the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    newest = max((a.updated for a in catalogue.assessments if a.updated), default="2000-01-01")
    return int(dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC).timestamp())


@contextlib.contextmanager
def source_date_epoch(epoch: int) -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def run_mkdocs(docs_dir: Path, site_dir: Path, epoch: int) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    counter = _WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        with source_date_epoch(epoch):
            config = load_config(
                config_file=str(MKDOCS_CONFIG),
                docs_dir=str(docs_dir),
                site_dir=str(site_dir),
                strict=True,
            )
            mkdocs_build(config)
    except MkDocsException as err:
        raise BuildFailed(f"MkDocs が失敗しました: {err}; {'; '.join(counter.messages)}") from err
    finally:
        logger.removeHandler(counter)


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_index(catalogue: Catalogue, out_dir: Path) -> object:
    from generator.search.shards import write_search_index

    if not catalogue.assessments:
        return "評価書がないため作成しませんでした"  # lunr cannot index an empty corpus
    url_of = {a.id: urls.assessment(a.id) for a in catalogue.assessments}
    return write_search_index(search_documents(catalogue, url_of), out_dir)
