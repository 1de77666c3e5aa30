"""Escaping data for the generated Markdown: every value from YAML renders as text.

Values go into HTML blocks (escaped by Jinja's autoescape), which Markdown leaves alone (the
templates mark them, and generator/render/mkdocs_hooks.py keeps them out of Markdown).
The few values in Markdown headings are backslash-escaped first, then HTML-escaped.
Titles in front matter (which the theme prints unescaped) lose their HTML-significant
characters to full-width twins.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup, escape

# Python-Markdown's escapable characters (ESCAPED_CHARS); others would keep their backslash.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
TITLE_TWINS = str.maketrans(
    {"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "{": "｛", "}": "｝"}
)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SAFE_URL = re.compile(
    r"^https?://[A-Za-z0-9.\-]+(?::\d+)?(?:/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*)?(?:\?[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*)?$"
)


def markdown_text(value: str) -> Markup:
    """Text for a Markdown heading or paragraph: no Markdown syntax, no HTML survives."""
    flat = " ".join(CONTROL.sub(" ", value).split())
    return Markup(escape(MARKDOWN_SPECIALS.sub(r"\\\1", flat)))


def html_text(value: str) -> Markup:
    """Escaped text for an HTML block; line breaks become <br>, nothing else is markup."""
    lines = CONTROL.sub(" ", value.replace("\r\n", "\n")).split("\n") if value else [""]
    return Markup("<br>").join(escape(line) for line in lines)


def plain_title(value: str) -> str:
    """A one-line title that is harmless even where the theme prints it unescaped."""
    return " ".join(CONTROL.sub(" ", value).split()).translate(TITLE_TWINS)


def front_matter(title: str) -> str:
    return "---\n" + yaml.safe_dump({"title": plain_title(title)}, allow_unicode=True) + "---\n"


def safe_url(value: str | None) -> str | None:
    """The URL when it is a plain http(s) URL to a named host; None otherwise."""
    if not value or not SAFE_URL.match(value):
        return None
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.hostname else None
