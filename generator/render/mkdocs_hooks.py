"""MkDocs hooks (mkdocs.yml ``hooks:``): the generated HTML blocks bypass Python-Markdown.

Most of a generated page is raw HTML (the tables of the form), built from escaped data by the
page templates (generator/render/escape.py). Python-Markdown would pass those blocks through
unchanged, but finding where each one ends runs an HTML parser over every tag, twice (its
raw-HTML preprocessor and MkDocs' anchor collector): most of the MkDocs stage's CPU time.

So the templates wrap each HTML block in markers (``wrap_html_block``). ``on_page_markdown``
swaps every marked block for a one-line placeholder comment, which Markdown emits as a raw
block in the same place, and ``on_page_content`` puts the block back: the page's HTML is what
Markdown itself would have produced from the unmarked block.

Data cannot forge a marker or a placeholder: both are HTML comments, and every value is
HTML-escaped wherever a template prints it, so ``<!--`` never comes from data. A page whose
markers do not pair up, or whose placeholders do not all come back, fails the build.

The module imports nothing from ``generator``: MkDocs loads it by path.
"""

from __future__ import annotations

import re
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


# MkDocs calls the hooks page by page (read, convert, then the next page), so the blocks of
# the page being converted are kept here between its two events, keyed by its source path.
_hidden_blocks: dict[str, list[str]] = {}


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    hidden, blocks = hide_html_blocks(markdown)
    _hidden_blocks[page.file.src_uri] = blocks
    return hidden


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return restore_html_blocks(html, _hidden_blocks.pop(page.file.src_uri, []))
