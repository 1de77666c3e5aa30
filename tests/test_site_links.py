"""Every internal link and anchor of the built site resolves.

The checker needs only the standard library, so CI also runs this file as a script on the
site that `make site` built, before anything is published::

    .venv/bin/python tests/test_site_links.py site
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "img": "src", "script": "src"}
# mkdocs writes 404.html with absolute URLs under site_url: the server resolves them.
SERVER_RESOLVED_PAGES = {"404.html"}


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href} — {self.reason}"


class PageScan(HTMLParser):
    """The links of one page and the anchors it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.anchors.add(values["name"])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and attribute in values:
            self.links.append(values[attribute])


def scan(page: Path) -> PageScan:
    parser = PageScan()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def is_external(href: str) -> bool:
    """Links with a scheme (https:, mailto:, tel: …) or a network location leave the site."""
    parts = urlsplit(href.strip())
    return bool(parts.scheme or parts.netloc)


def resolve(site: Path, page: Path, path: str) -> Path:
    """The file a relative or root-relative URL path points at (directories → index.html)."""
    base = site if path.startswith("/") else page.parent
    target = (base / unquote(path).lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def check_link(site: Path, page: Path, href: str, anchors: dict[Path, set[str]]) -> str | None:
    """Why `href` on `page` is broken, or None when it resolves."""
    parts = urlsplit(href.strip())
    target = page if not parts.path else resolve(site, page, parts.path)
    if not target.is_relative_to(site):
        return "サイトの外を指しています"
    if not target.is_file():
        return "リンク先のファイルがありません"
    fragment = unquote(parts.fragment)
    if not fragment or target.suffix != ".html":
        return None
    if target not in anchors:
        anchors[target] = scan(target).anchors
    return None if fragment in anchors[target] else f"アンカー #{fragment} がありません"


def find_broken_links(site: Path) -> list[BrokenLink]:
    """Every broken internal link of every HTML page under `site`, in page order."""
    site = site.resolve()
    anchors: dict[Path, set[str]] = {}
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).as_posix() in SERVER_RESOLVED_PAGES:
            continue
        found = scan(page)
        anchors[page] = found.anchors
        for href in found.links:
            if is_external(href) or not href.strip():
                continue
            reason = check_link(site, page, href, anchors)
            if reason:
                broken.append(BrokenLink(page.relative_to(site).as_posix(), href, reason))
    return broken


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    if not (site / "index.html").is_file():
        print(f"{site}/index.html がありません。先に make site でサイトを生成してください。")
        return 1
    broken = find_broken_links(site)
    for link in broken:
        print(f"リンク切れ: {link}")
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"{pages} ページを検査し、リンク切れが {len(broken)} 件ありました。")
    return 1 if broken else 0


if __name__ == "__main__":  # the CI link check runs with the site's dependencies only
    raise SystemExit(main(sys.argv[1:]))

import shutil  # noqa: E402

import pytest  # noqa: E402  (after the script entry point: not installed by `make site`)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>{html}</body></html>", encoding="utf-8")
    return root


def build_site(catalogue: Path, site: Path) -> None:
    """Build with the real build API (generator.build), from `catalogue` into `site`."""
    from generator.build import build

    assert build(catalogue, site.parent / "content", site, quiet=True) == 0


def import_seeds(catalogue: Path) -> None:
    """Add each seed (../shared/seeds) with `pia import`, unless the catalogue has it."""
    import argparse
    import contextlib
    import io

    from generator.importer import command

    parser = argparse.ArgumentParser(prog="pia import")
    command.add_arguments(parser)
    for seed in sorted(SEEDS.glob("*.txt")):
        with contextlib.redirect_stderr(io.StringIO()) as report:
            code = command.run(parser.parse_args([str(seed), "-o", str(catalogue)]))
        assert code == 0 or "既に存在します" in report.getvalue(), report.getvalue()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of catalogue/ plus the seeds, so that every kind of page has links."""
    work = tmp_path_factory.mktemp("links")
    catalogue = work / "catalogue"
    shutil.copytree(ROOT / "catalogue", catalogue)
    import_seeds(catalogue)
    build_site(catalogue, work / "site")
    return work / "site"


def test_the_built_site_has_no_broken_internal_link_or_anchor(built_site: Path):
    broken = find_broken_links(built_site)
    assert not broken, "リンク切れ:\n" + "\n".join(map(str, broken))


def test_the_built_site_has_pages_to_check(built_site: Path):
    assert (built_site / "index.html").is_file()
    assert sum(1 for _ in built_site.rglob("*.html")) > 1


def test_the_checker_lists_every_missing_file_and_missing_anchor(tmp_path: Path):
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="gone.html">x</a> <a href="a/#nowhere">y</a>'
            '<img src="assets/missing.png">',
            "a/index.html": '<h2 id="here">here</h2>',
        },
    )
    assert [(b.page, b.href, b.reason) for b in find_broken_links(site)] == [
        ("index.html", "gone.html", "リンク先のファイルがありません"),
        ("index.html", "a/#nowhere", "アンカー #nowhere がありません"),
        ("index.html", "assets/missing.png", "リンク先のファイルがありません"),
    ]


def test_the_checker_resolves_directories_encoded_names_and_same_page_anchors(tmp_path: Path):
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="%E6%A9%9F%E9%96%A2/#%E5%A7%94%E8%A8%97">機関</a>'
            '<a href="#top">top</a><a id="top"></a><a href="./">self</a>',
            "機関/index.html": '<section id="委託">委託</section><a href="../index.html#top">up</a>',
        },
    )
    assert find_broken_links(site) == []


def test_the_checker_ignores_external_links_mail_and_search_queries(tmp_path: Path):
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="https://www.ppc.go.jp/">委員会</a><a href="mailto:a@example.jp">m</a>'
            '<a href="//cdn.example/x.js">cdn</a><a href="search/?q=%E5%A7%94%E8%A8%97">検索</a>',
            "search/index.html": "<form></form>",
        },
    )
    assert find_broken_links(site) == []


def test_the_checker_refuses_links_that_leave_the_site(tmp_path: Path):
    site = write_site(tmp_path / "site", {"index.html": '<a href="../secret.html">x</a>'})
    (tmp_path / "secret.html").write_text("secret", encoding="utf-8")
    assert [b.reason for b in find_broken_links(site)] == ["サイトの外を指しています"]


def test_the_script_fails_with_a_japanese_summary_when_a_link_is_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    site = write_site(tmp_path, {"index.html": '<a href="gone.html">x</a>'})
    assert main([str(site)]) == 1
    out = capsys.readouterr().out
    assert "リンク切れ: index.html: gone.html — リンク先のファイルがありません" in out
    assert "1 ページを検査し、リンク切れが 1 件ありました。" in out
