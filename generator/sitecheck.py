"""Every relative link of the built site resolves: checked on the merged HTML, not per MkDocs run.

MkDocs only sees the pages of one partition (generator/partitions.py), so this check replaces
its link validation: each ``href``/``src`` of every HTML page that is neither external nor a
pure fragment must name a file of the site, or a directory with an index.html (in an
incremental build, a file this build wrote or one of the published site it keeps:
generator/overlay.py). With ``pia build --jobs`` the pages are shared out between forked
worker processes (generator/workers.py) and their reports put back in page order.
"""

from __future__ import annotations

import functools
import heapq
import operator
import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.overlay import Overlay
from generator.workers import Send, run_shares, share_count

_LINK = re.compile(r"""\s(?:href|src)=(?:"([^"]*)"|'([^']*)')""")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Fewer pages than this per worker are checked in one process. Measured on the 1,000
# synthetic assessments' site: a page takes ~1 ms of CPU, and two workers cost ~0.02 s more
# than one process; 200 pages keep that under a tenth of a worker's work.
MIN_PAGES_PER_WORKER = 200
STAGE = "リンク検査"


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str

    def message(self) -> str:
        return f"{self.page}: リンク先 {self.href} がサイトにありません"


def relative_targets(html: str) -> Iterator[str]:
    """The relative link targets of a page (no scheme, no //host, not only a fragment)."""
    for match in _LINK.finditer(html):
        href = match.group(1) if match.group(1) is not None else match.group(2)
        if href and not href.startswith(("#", "//", "/")) and not _SCHEME.match(href):
            yield href


def resolves(site: Overlay, page: str, href: str) -> bool:
    path = unquote(urlsplit(href).path)
    if not path:
        return True
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.startswith("../") or target == "..":
        return False
    index = "index.html" if target == "." else f"{target}/index.html"
    return (target != "." and site.is_file(target)) or site.is_file(index)


def broken_links(site: Path | Overlay, pages: Iterable[str]) -> list[BrokenLink]:
    """The broken links of ``pages`` (HTML files relative to ``site``), page by page."""
    return [link for _, link in _broken_links(_tree(site), enumerate(pages))]


def broken_links_in(site: Path | Overlay, pages: Sequence[str], jobs: int) -> list[BrokenLink]:
    """`broken_links`, in up to ``jobs`` forked processes; the same list, in the same order."""
    jobs = share_count(jobs, len(pages), MIN_PAGES_PER_WORKER)
    site = _tree(site)
    if jobs <= 1:
        return broken_links(site, pages)
    shares = run_shares(functools.partial(_check_share, site, pages), jobs, None, STAGE)
    return [link for _, link in heapq.merge(*shares, key=operator.itemgetter(0))]


def _tree(site: Path | Overlay) -> Overlay:
    return site if isinstance(site, Overlay) else Overlay(site)


def _check_share(
    site: Overlay, pages: Sequence[str], k: int, jobs: int, _: Send
) -> list[tuple[int, BrokenLink]]:
    """The broken links of pages k, k + jobs, … (in a worker), with their page's index."""
    return list(_broken_links(site, ((i, pages[i]) for i in range(k, len(pages), jobs))))


def _broken_links(
    site: Overlay, pages: Iterable[tuple[int, str]]
) -> Iterator[tuple[int, BrokenLink]]:
    known: dict[str, bool] = {}  # each target is resolved once
    for index, page in pages:
        html = site.path(page).read_text(encoding="utf-8")
        base = posixpath.dirname(page)
        for href in dict.fromkeys(relative_targets(html)):
            key = posixpath.join(base, urlsplit(href).path)
            if key not in known:
                known[key] = resolves(site, page, href)
            if not known[key]:
                yield index, BrokenLink(page, href)


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
