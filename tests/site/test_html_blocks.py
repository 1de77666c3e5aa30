"""The MkDocs hooks make the stage cheaper, and the site stays the same.

generator/render/mkdocs_hooks.py swaps each marked HTML block for a placeholder before
Markdown and puts it back after. These tests state what that must preserve: the page's HTML
is exactly what Markdown makes of the unmarked page, and data can neither forge a marker nor
a placeholder. The hooks also render the theme's navigation once per directory for pages
outside the nav; the last tests state which pages share it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from bs4 import Comment

from generator.render.environment import environment
from generator.render.mkdocs_hooks import (
    BLOCK_END,
    BLOCK_START,
    HtmlBlockError,
    RenderOnce,
    hide_html_blocks,
    restore_html_blocks,
    shared_directory,
    wrap_html_block,
)
from tests.site.conftest import HOSTILE_CATALOGUE, Built, build_into

MARKER_TEXTS = (BLOCK_START, BLOCK_END, "<!-- pia:html 0 -->")
HOSTILE_TITLE = f"表題 {BLOCK_END} {BLOCK_START} <!-- pia:html 0 -->"
HOSTILE_DESCRIPTION = f"{BLOCK_END}\n<script>alert('marker')</script>\n{BLOCK_START}"
HOSTILE_SYSTEM = "<!-- pia:html 0 -->システム<!-- /pia:html -->"


def convert(text: str) -> str:
    """Markdown as mkdocs.yml configures it (the parts that matter to raw HTML)."""
    return markdown.Markdown(extensions=["toc", "attr_list"]).convert(text)


def unmarked(text: str) -> str:
    """The page as it was before the markers: the marker lines removed."""
    return text.replace(BLOCK_START + "\n", "").replace(BLOCK_END + "\n", "")


def body(page: Path) -> str:
    """A generated Markdown page without its front matter (MkDocs strips it first)."""
    return page.read_text(encoding="utf-8").split("---\n", 2)[2]


# --- the swap itself ---------------------------------------------------------------------


def test_each_marked_block_becomes_one_placeholder_and_comes_back_whole():
    page = (
        "# 表題\n\n"
        + wrap_html_block('<table class="pia-fields">\n<tr><td>a</td></tr>\n</table>\n')
        + "\n## 節\n\n"
        + wrap_html_block("<ul>\n<li>b</li>\n</ul>\n")
    )
    hidden, blocks = hide_html_blocks(page)
    assert hidden == "# 表題\n\n<!-- pia:html 0 -->\n\n## 節\n\n<!-- pia:html 1 -->\n"
    assert blocks == [
        '<table class="pia-fields">\n<tr><td>a</td></tr>\n</table>',
        "<ul>\n<li>b</li>\n</ul>",
    ]
    assert restore_html_blocks(convert(hidden), blocks) == convert(unmarked(page))


def test_a_page_without_blocks_is_left_alone():
    assert hide_html_blocks("# 表題\n\n本文\n") == ("# 表題\n\n本文\n", [])
    assert restore_html_blocks("<h1>表題</h1>", []) == "<h1>表題</h1>"


def test_an_unpaired_or_nested_marker_fails_instead_of_guessing():
    with pytest.raises(HtmlBlockError):
        hide_html_blocks(f"{BLOCK_START}\n<p>a</p>\n")
    with pytest.raises(HtmlBlockError):
        hide_html_blocks(f"{BLOCK_START}\n{BLOCK_START}\n<p>a</p>\n{BLOCK_END}\n{BLOCK_END}\n")


def test_a_placeholder_that_was_not_handed_out_or_comes_twice_fails():
    with pytest.raises(HtmlBlockError):
        restore_html_blocks("<!-- pia:html 1 -->", ["<p>a</p>"])
    with pytest.raises(HtmlBlockError):
        restore_html_blocks("<!-- pia:html 0 -->\n<!-- pia:html 0 -->", ["<p>a</p>"])
    with pytest.raises(HtmlBlockError):
        restore_html_blocks("<p>placeholder lost</p>", ["<p>a</p>"])


def test_marker_text_in_data_is_escaped_by_the_templates_so_it_cannot_close_a_block():
    template = environment().from_string(
        "{% filter html_block %}\n<p>{{ value|t }}</p>\n{% endfilter %}\n# {{ value|md }}\n"
    )
    page = template.render(value=HOSTILE_DESCRIPTION)
    hidden, blocks = hide_html_blocks(page)
    assert len(blocks) == 1
    assert not any(marker in hidden or marker in blocks[0] for marker in MARKER_TEXTS[:2])
    assert "&lt;script&gt;" in blocks[0]


# --- the generated pages: same HTML as Markdown's own -----------------------------------


def test_every_generated_page_converts_to_the_html_markdown_makes_of_it_unmarked(
    small_site: Built,
):
    pages = sorted(small_site.content.rglob("*.md"))
    marked = [page for page in pages if BLOCK_START in page.read_text(encoding="utf-8")]
    assert len(marked) > 10, "the templates no longer mark their HTML blocks"
    for page in marked:
        text = body(page)
        hidden, blocks = hide_html_blocks(text)
        assert restore_html_blocks(convert(hidden), blocks) == convert(unmarked(text)), page


def test_no_marker_or_placeholder_reaches_the_site(small_site: Built):
    leftovers = [
        name
        for name, soup in small_site.html_pages().items()
        if soup.find_all(string=lambda s: isinstance(s, Comment) and "pia:html" in s)
    ]
    assert not leftovers


# --- hostile data carrying the marker texts ----------------------------------------------


def replace_value(text: str, line_start: str, value: str) -> str:
    """The YAML text with the value of the line starting ``line_start`` replaced by ``value``."""
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith(line_start))
    key = lines[index].split(":", 1)[0]
    lines[index] = f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
    return "".join(lines)


@pytest.fixture(scope="module")
def marker_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The hostile fixture with marker and placeholder texts in a heading, a table and a name."""
    root = tmp_path_factory.mktemp("markers")
    source = next(HOSTILE_CATALOGUE.rglob("*.yaml"))
    text = source.read_text(encoding="utf-8")
    for old, new in (
        ("title: \"<script>alert('pia-title')", HOSTILE_TITLE),
        ('description: "<iframe', HOSTILE_DESCRIPTION),
        ("name: \"<script>alert('pia-system')", HOSTILE_SYSTEM),
    ):
        text = replace_value(text, old, new)
    target = root / "catalogue" / source.relative_to(HOSTILE_CATALOGUE)
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    built = build_into(root / "catalogue", root)
    assert built.code == 0
    return built


def flat(text: str) -> str:
    """Text with every run of white space as one space (the catalogue folds line breaks)."""
    return " ".join(text.split())


def test_marker_texts_in_data_are_shown_as_text(marker_site: Built):
    text = flat(" ".join(soup.get_text(" ") for soup in marker_site.html_pages().values()))
    assert flat(HOSTILE_DESCRIPTION) in text
    assert HOSTILE_SYSTEM in text
    assessment = marker_site.page("assessments/130001-chiji-66")
    assert HOSTILE_TITLE in flat(assessment.select_one("article h1").get_text())


def test_marker_texts_in_data_neither_inject_markup_nor_move_a_block(marker_site: Built):
    pages = marker_site.html_pages()
    scripts = [
        name
        for name, soup in pages.items()
        for script in soup.find_all("script")
        if "marker" in (script.string or "")
    ]
    assert not scripts
    comments = [
        name
        for name, soup in pages.items()
        if soup.find_all(string=lambda s: isinstance(s, Comment) and "pia:html" in s)
    ]
    assert not comments
    tables = marker_site.page("assessments/130001-chiji-66").select("article table")
    assert len(tables) > 5


# --- theme blocks rendered once per directory --------------------------------------------


@dataclass
class StubPage:
    """The two things pia_render_once reads of an MkDocs page."""

    url: str


def stub_nav(*urls: str) -> SimpleNamespace:
    return SimpleNamespace(pages=[StubPage(url) for url in urls])


NAV = stub_nav("", "assessments/", "agencies/", "search/")


def test_pages_outside_the_nav_share_their_directorys_navigation():
    assert shared_directory(StubPage("assessments/130001-chiji-66/"), NAV) == "assessments"
    assert shared_directory(StubPage("agencies/list/2/"), NAV) == "agencies/list"


def test_nav_pages_404_and_pages_above_a_nav_page_render_their_own_navigation():
    assert shared_directory(NAV.pages[1], NAV) is None
    assert shared_directory(None, NAV) is None
    assert shared_directory(StubPage("search/"), stub_nav("search/results/")) is None


def test_a_shared_block_is_rendered_once_per_name_and_directory():
    render_once = RenderOnce()
    calls: list[str] = []

    def block(html: str) -> Callable[[], str]:
        def render() -> str:
            calls.append(html)
            return html

        return render

    for page in ("assessments/a/", "assessments/b/", "agencies/c/"):
        assert render_once("tabs", StubPage(page), NAV, block(f"tabs {page}")) == (
            "tabs agencies/c/" if page == "agencies/c/" else "tabs assessments/a/"
        )
    assert render_once("nav", StubPage("assessments/b/"), NAV, block("nav")) == "nav"
    assert render_once("tabs", NAV.pages[1], NAV, block("own")) == "own"
    assert render_once("tabs", NAV.pages[1], NAV, block("own")) == "own"
    assert calls == ["tabs assessments/a/", "tabs agencies/c/", "nav", "own", "own"]
