"""MkDocs hooks (mkdocs.yml ``hooks:``): less work per page in the MkDocs stage.

HTML blocks bypass Python-Markdown. Most of a generated page is raw HTML (the tables of the
form), built from escaped data by the page templates (generator/render/escape.py).
Python-Markdown would pass those blocks through unchanged, but finding where each one ends
runs an HTML parser over every tag, twice (its raw-HTML preprocessor and MkDocs' anchor
collector): most of the MkDocs stage's CPU time.

So the templates wrap each HTML block in markers (``wrap_html_block``). ``on_page_markdown``
swaps every marked block for a one-line placeholder comment, which Markdown emits as a raw
block in the same place, and ``on_page_content`` puts the block back: the page's HTML is what
Markdown itself would have produced from the unmarked block.

Data cannot forge a marker or a placeholder: both are HTML comments, and every value is
HTML-escaped wherever a template prints it, so ``<!--`` never comes from data. A page whose
markers do not pair up, or whose placeholders do not all come back, fails the build.

Theme blocks shared by a directory are rendered once. mkdocs-material renders the tabs, the
primary navigation and the footer for every page, but on a page that is not in the nav
(assessments, entity pages: nearly every page) nothing in them depends on the page except
the relative URLs, which are the same for every page of a directory. ``on_env`` gives the
theme ``pia_render_once`` (used in theme/main.html), which renders such a block once per
directory and build, and every time on the nav pages.

The module imports nothing from ``generator``: MkDocs loads it by path.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

BLOCK_START = "<!-- pia:html -->"
BLOCK_END = "<!-- /pia:html -->"
_MARKED_BLOCK = re.compile(re.escape(BLOCK_START) + r"\n(.*?)" + re.escape(BLOCK_END) + r"\n", re.S)
_PLACEHOLDER = re.compile(r"<!-- pia:html (\d+) -->")


class HtmlBlockError(Exception):
    """The markers of a page's HTML blocks are broken (a template bug, never data)."""


def wrap_html_block(html: str) -> Markup:
    """A Jinja filter: ``html`` (one or more complete HTML blocks) between the markers."""
    body = html if html.endswith("\n") else html + "\n"
    return Markup(f"{BLOCK_START}\n") + Markup(body) + Markup(f"{BLOCK_END}\n")


def hide_html_blocks(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each marked block replaced by a placeholder; the blocks, in order."""
    blocks: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        block = match.group(1)
        if BLOCK_START in block:
            raise HtmlBlockError("HTMLブロックの目印が入れ子になっています")
        blocks.append(block.removesuffix("\n"))
        return f"<!-- pia:html {len(blocks) - 1} -->\n"

    hidden = _MARKED_BLOCK.sub(placeholder, markdown)
    if BLOCK_START in hidden or BLOCK_END in hidden:
        raise HtmlBlockError("HTMLブロックの目印が対になっていません")
    return hidden, blocks


def restore_html_blocks(html: str, blocks: list[str]) -> str:
    """The converted page with every placeholder replaced by its block, each exactly once."""
    restored: set[int] = set()

    def block(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(blocks) or number in restored:
            raise HtmlBlockError(f"HTMLブロック {number} の置き場所が不正です")
        restored.add(number)
        return blocks[number]

    result = _PLACEHOLDER.sub(block, html)
    if len(restored) != len(blocks):
        raise HtmlBlockError("Markdown の変換でHTMLブロックの置き場所が失われました")
    return result


class RenderOnce:
    """A Jinja global for ``{% call pia_render_once(name, page, nav) %}…{% endcall %}``.

    The block is rendered once per ``name`` and directory for pages outside the nav, and
    every time for the nav pages (their own entry is highlighted), theme templates without a
    page (404.html) and a page with a nav page below it (relative URLs would differ).
    """

    def __init__(self) -> None:
        self._rendered: dict[tuple[str, str], str] = {}

    def __call__(self, name: str, page: Any, nav: Any, caller: Callable[[], str]) -> str:
        directory = shared_directory(page, nav)
        if directory is None:
            return caller()
        key = (name, directory)
        if key not in self._rendered:
            self._rendered[key] = caller()
        return self._rendered[key]


def shared_directory(page: Any, nav: Any) -> str | None:
    """The directory whose pages share ``page``'s navigation HTML; None if it has its own."""
    if page is None or any(item is page or item.url.startswith(page.url) for item in nav.pages):
        return None
    return posixpath.dirname(page.url.rstrip("/"))


def on_env(env: Any, **_: Any) -> Any:
    env.globals["pia_render_once"] = RenderOnce()  # a new cache for every build
    return env


# MkDocs calls the hooks page by page (read, convert, then the next page), so the blocks of
# the page being converted are kept here between its two events, keyed by its source path.
_hidden_blocks: dict[str, list[str]] = {}


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    hidden, blocks = hide_html_blocks(markdown)
    _hidden_blocks[page.file.src_uri] = blocks
    return hidden


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return restore_html_blocks(html, _hidden_blocks.pop(page.file.src_uri, []))
