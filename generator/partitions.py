"""MkDocs in partitions: each a separate MkDocs build of a subset of content/, merged into one site.

MkDocs keeps every page of a build in memory, so a national catalogue is built in partitions
of at most ``PAGES_PER_PARTITION`` pages. A file belongs to partition ``hash(its directory) %
N`` (a page and its downloads stay together); the nav pages (mkdocs.yml ``nav``) are part of
every partition so that every page renders the same navigation, and partition 1 owns their
HTML. Each partition runs with the same mkdocs.yml into its own site directory; the merge
moves the pages into one tree, keeps one copy of the theme assets and 404.html (identical in
every partition) and merges sitemap.xml in MkDocs' own file order.

Links between partitions. MkDocs checks a relative link only against the files of its own
build, so a link from a partition to a page of another would be a false "unrecognized
relative link" and fail ``strict``. mkdocs.yml therefore reports unresolved links at ``info``
level, and `generator.sitecheck` checks every relative ``href``/``src`` of the merged HTML
against the merged site instead — a stronger check than MkDocs' (it also covers raw HTML,
which MkDocs does not validate), and a broken link still fails the build. MkDocs leaves a
link it cannot resolve as written, and our generated links are already the canonical
directory URLs MkDocs would write, so a page's HTML is the same whichever partition builds it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import math
import os
import posixpath
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from generator.overlay import Overlay
from generator.progress import Progress
from generator.write import OutputPathError, files_under, staging

PROJECT = Path(__file__).resolve().parents[1]
MKDOCS_CONFIG = PROJECT / "mkdocs.yml"
PAGES_PER_PARTITION = 2000
SHARED_FILES = ("404.html",)
SHARED_DIRS = ("assets/",)
SITEMAP = "sitemap.xml"
_URL_BLOCK = re.compile(r"\s*<url>.*?</url>", re.S)


class MkDocsFailed(Exception):
    """MkDocs reported an error or (strict) a warning."""


@dataclass(frozen=True)
class Partition:
    """Partition ``number`` of ``count``: its own files (nav pages are added to every one)."""

    number: int
    count: int
    files: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.number}-of-{self.count}"


def mkdocs_settings(config: Path = MKDOCS_CONFIG) -> dict:
    """mkdocs.yml as written, read with MkDocs' own loader (it holds a python tag: the toc slugify)."""
    return yaml.load(config.read_text(encoding="utf-8"), Loader=get_yaml_loader())


def nav_sources(config: Path = MKDOCS_CONFIG) -> tuple[str, ...]:
    """The Markdown files named in mkdocs.yml ``nav``, in nav order."""
    nav = mkdocs_settings(config)["nav"]
    return tuple(path for item in nav for path in item.values())


def partition_count(pages: int) -> int:
    return max(1, math.ceil(pages / PAGES_PER_PARTITION))


def partition_of(relative: str, count: int) -> int:
    """1-based partition of a content file, from its directory (stable across builds)."""
    digest = hashlib.sha1(posixpath.dirname(relative).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % count + 1


def plan(files: Iterable[str], count: int, nav: Sequence[str]) -> tuple[Partition, ...]:
    """Every content file but the nav pages, assigned to one of ``count`` partitions."""
    members: list[list[str]] = [[] for _ in range(count)]
    shared = set(nav)
    for relative in sorted(files):
        if relative not in shared:
            members[partition_of(relative, count) - 1].append(relative)
    return tuple(Partition(n + 1, count, tuple(m)) for n, m in enumerate(members))


def stage_docs(content: Overlay, files: Iterable[str], docs: Path) -> None:
    """A docs dir of hard links to ``files`` of ``content`` (a copy where links fail)."""
    for relative in files:
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(content.path(relative), target)
        except OSError:
            shutil.copyfile(content.path(relative), target)


def build_partition(
    content: Overlay, files: Sequence[str], nav: Sequence[str], out: Path, epoch: int
) -> int:
    """Build ``files`` + the nav pages of ``content`` with MkDocs into ``out``; pages built."""
    docs = out.with_name(out.name + ".docs")
    shutil.rmtree(docs, ignore_errors=True)
    try:
        stage_docs(content, [*nav, *files], docs)
        run_mkdocs(docs, out, epoch)
    finally:
        shutil.rmtree(docs, ignore_errors=True)
    return sum(1 for f in files if f.endswith(".md"))


def build_partitions(
    content: Overlay,
    partitions: Sequence[Partition],
    nav: Sequence[str],
    work: Path,
    epoch: int,
    jobs: int = 1,
) -> Iterator[tuple[Partition, Path]]:
    """Build each partition into ``work/<name>``; yields them as they finish (in order)."""
    outs = [work / p.name for p in partitions]
    if jobs <= 1 or len(partitions) == 1:
        for partition, out in zip(partitions, outs, strict=True):
            build_partition(content, partition.files, nav, out, epoch)
            yield partition, out
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        futures = [
            pool.submit(build_partition, content, p.files, nav, out, epoch)
            for p, out in zip(partitions, outs, strict=True)
        ]
        try:
            for partition, out, future in zip(partitions, outs, futures, strict=True):
                future.result()
                yield partition, out
        except BaseException:  # a failure or an interruption: no partition starts after it
            pool.shutdown(cancel_futures=True)
            raise


def run_mkdocs(docs_dir: Path, site_dir: Path, epoch: int) -> None:
    """One MkDocs build (mkdocs.yml, strict) of ``docs_dir`` into ``site_dir``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    counter = _WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        config = load_config(
            config_file=str(MKDOCS_CONFIG),
            docs_dir=str(docs_dir.absolute()),
            site_dir=str(site_dir.absolute()),
            strict=True,
        )
        mkdocs_build(config)
    except MkDocsException as err:
        raise MkDocsFailed(f"MkDocs が失敗しました: {err}; {'; '.join(counter.messages)}") from err
    finally:
        logger.removeHandler(counter)
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def merge_partition(
    part: Path, site: Path, nav_html: frozenset[str], *, skip_shared: bool, overwrite: bool
) -> int:
    """Move the files of one partition's site into ``site``; returns how many were moved.

    ``skip_shared`` skips what every partition writes (theme assets, 404.html, sitemap, the
    nav pages). Otherwise a file that is already there is an error (two partitions made
    it), unless ``overwrite`` (an incremental build replaces the previous build's files).
    """
    moved = 0
    for relative in files_under(part):
        target = site / relative
        if skip_shared and _shared(relative, nav_html):
            continue
        if target.exists() and not overwrite:
            raise OutputPathError(f"出力先 {relative} を二つの区画が生成しました。")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part / relative, target)
        moved += 1
    return moved


def _shared(relative: str, nav_html: frozenset[str]) -> bool:
    return (
        relative in SHARED_FILES
        or relative.startswith(SHARED_DIRS)
        or relative.startswith(SITEMAP)
        or relative in nav_html
    )


def nav_html(nav: Sequence[str]) -> frozenset[str]:
    """The HTML files of the nav pages (directory URLs)."""
    return frozenset(
        "index.html" if p == "index.md" else p.removesuffix("index.md") + "index.html" for p in nav
    )


def merge_sitemaps(sitemaps: Sequence[str]) -> str:
    """One sitemap.xml from the partitions': their <url> entries, deduplicated, in MkDocs order."""
    first = sitemaps[0]
    if all(s == first for s in sitemaps):
        return first
    blocks = {b.strip(): b for s in sitemaps for b in _URL_BLOCK.findall(s)}
    start = first.index(">", first.index("<urlset")) + 1
    end = first.rindex("</urlset>")
    ordered = sorted(blocks.values(), key=lambda b: mkdocs_order(_loc_path(b)))
    return first[:start] + "".join(ordered) + _URL_BLOCK.sub("", first[start:end]) + first[end:]


def _loc_path(block: str) -> str:
    loc = re.search(r"<loc>(.*?)</loc>", block, re.S)
    path = loc.group(1).strip() if loc else ""
    return re.sub(r"^[a-z]+://[^/]+/", "", path).lstrip("/")


def mkdocs_order(url: str) -> tuple[tuple[int, tuple[bool, str]], ...]:
    """The position of a page URL in MkDocs' file order (os.walk, files first, index first)."""
    parts = [p for p in url.split("/") if p]
    dirs = tuple((1, (True, d)) for d in parts)
    return (*dirs, (0, (False, "index")))


def write_sitemap(site: Path, text: str) -> None:
    """sitemap.xml and its .gz, the gzip header time taken from the partition's own .gz."""
    gz = site / f"{SITEMAP}.gz"
    mtime = int.from_bytes(gz.read_bytes()[4:8], "little") if gz.exists() else 0
    for path in (site / SITEMAP, gz):
        path.unlink(missing_ok=True)  # may be a hard link into the previous build
    (site / SITEMAP).write_text(text, encoding="utf-8")
    with (
        gz.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, filename=str(gz), mode="wb", mtime=mtime) as out,
    ):
        out.write(text.encode("utf-8"))


class PartitionError(Exception):
    """The parts to merge are incomplete or were built from another catalogue."""


def build_site(
    content: Overlay,
    site: Overlay,
    partitions: Sequence[Partition],
    nav: Sequence[str],
    epoch: int,
    jobs: int,
    progress: Progress,
) -> list[str]:
    """Build every partition and merge it into ``site.fresh`` (over the published site in an
    incremental build, whose sitemap is merged too); returns the HTML pages built."""
    ticker = progress.ticker("MkDocs 進行中", len(partitions), "区画")
    navs = nav_html(nav)
    incremental = site.base is not None
    sitemaps = [_read(site.path(SITEMAP))] if incremental and site.is_file(SITEMAP) else []
    with staging(site.fresh.with_name(".mkdocs")) as work:
        for partition, out in build_partitions(content, partitions, nav, work, epoch, jobs):
            sitemaps.append(_read(out / SITEMAP))
            first = partition.number == 1
            merge_partition(out, site.fresh, navs, skip_shared=not first, overwrite=incremental)
            shutil.rmtree(out)
            ticker.tick()
    write_sitemap(site.fresh, merge_sitemaps(sitemaps))
    pages = [html_of(f) for p in partitions for f in p.files if f.endswith(".md")]
    progress.say(f"MkDocs: {len(pages) + len(nav)} ページを {len(partitions)} 区画で生成しました")
    progress.count("MkDocs区画", len(partitions))
    progress.count("MkDocsページ", len(pages) + len(nav))
    return sorted({*pages, *navs, *SHARED_FILES})


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def html_of(relative: str) -> str:
    """The site file MkDocs makes of a content file (directory URLs)."""
    if relative == "index.md" or relative.endswith("/index.md"):
        return relative.removesuffix("index.md") + "index.html"
    if relative.endswith(".md"):
        return relative.removesuffix(".md") + "/index.html"
    return relative


def content_digest(hashes: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(hashes, sort_keys=True).encode("utf-8")).hexdigest()


def write_part(
    parts_dir: Path,
    which: tuple[int, int],
    content: Overlay,
    hashes: dict[str, str],
    epoch: int,
    progress: Progress,
) -> None:
    """Build partition K of N into ``parts_dir/K-of-N/site`` (one CI job)."""
    number, count = which
    nav = nav_sources()
    partition = plan(hashes, count, nav)[number - 1]
    out = parts_dir / partition.name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with progress.stage("MkDocs"):
        pages = build_partition(content, partition.files, nav, out / "site", epoch)
    record = {"number": number, "count": count, "content": content_digest(hashes)}
    (out / "part.json").write_text(json.dumps(record, sort_keys=True) + "\n", encoding="utf-8")
    progress.say(f"MkDocs: 区画 {number}/{count} の {pages} ページを {out} に生成しました")


def merge_parts(
    parts_dir: Path, site: Path, hashes: dict[str, str], progress: Progress
) -> list[str]:
    """Merge the parts written by ``write_part``; every part must exist and match content/."""
    records = [json.loads(_read(p)) for p in sorted(parts_dir.glob("*-of-*/part.json"))]
    counts = {r["count"] for r in records}
    if len(counts) != 1 or {r["number"] for r in records} != set(range(1, max(counts) + 1)):
        found = "、".join(sorted(f"{r['number']}/{r['count']}" for r in records)) or "なし"
        raise PartitionError(f"{parts_dir} の区画が揃っていません(あるもの: {found})")
    if any(r["content"] != content_digest(hashes) for r in records):
        raise PartitionError("区画が別のカタログ(または別の版の生成処理)から作られています")
    count, navs, sitemaps = counts.pop(), nav_html(nav_sources()), []
    for number in range(1, count + 1):
        part = parts_dir / f"{number}-of-{count}"
        sitemaps.append(_read(part / "site" / SITEMAP))
        merge_partition(part / "site", site, navs, skip_shared=number > 1, overwrite=False)
        shutil.rmtree(part)
    write_sitemap(site, merge_sitemaps(sitemaps))
    progress.say(f"MkDocs: {count} 区画を {site} にまとめました")
    from generator.sitecheck import html_pages

    return html_pages(site)
