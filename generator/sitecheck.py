"""Every relative link of the built site resolves: checked on the merged HTML, not per MkDocs run.

MkDocs only sees the pages of one partition (generator/partitions.py), so this check replaces
its link validation: each ``href``/``src`` of every HTML page that is neither external nor a
pure fragment must name a file of the site, or a directory with an index.html.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK = re.compile(r"""\s(?:href|src)=(?:"([^"]*)"|'([^']*)')""")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


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


def resolves(site: Path, page: str, href: str) -> bool:
    path = unquote(urlsplit(href).path)
    if not path:
        return True
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.startswith("../") or target == "..":
        return False
    full = site / target if target != "." else site
    return full.is_file() or (full / "index.html").is_file()


def broken_links(site: Path, pages: Iterable[str]) -> list[BrokenLink]:
    """The broken links of ``pages`` (HTML files relative to ``site``), each target once."""
    broken: list[BrokenLink] = []
    known: dict[str, bool] = {}
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        base = posixpath.dirname(page)
        for href in dict.fromkeys(relative_targets(html)):
            key = posixpath.join(base, urlsplit(href).path)
            if key not in known:
                known[key] = resolves(site, page, href)
            if not known[key]:
                broken.append(BrokenLink(page, href))
    return broken


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
