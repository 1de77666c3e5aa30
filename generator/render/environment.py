"""The Jinja2 environment of the page templates: autoescape on, strict undefined."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from generator.render.escape import front_matter, html_text, markdown_text
from generator.render.mkdocs_hooks import wrap_html_block

TEMPLATES = Path(__file__).parent / "templates"


def heading(level: int, title: str, anchor: str) -> Markup:
    """A Markdown heading with a stable id; below level 6 an ARIA heading paragraph."""
    if level <= 6:
        suffix = f" {{#{anchor}}}" if anchor else ""
        return Markup("#" * level + " ") + markdown_text(title) + Markup(suffix)
    return wrap_html_block(
        Markup(
            f'<p class="pia-deep-heading" id="{escape(anchor)}" role="heading" aria-level="{level}">'
        )
        + escape(title)
        + Markup("</p>")
    )


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["t"] = html_text
    env.filters["html_block"] = wrap_html_block
    env.globals["heading"] = heading
    env.globals["front_matter"] = lambda title: Markup(front_matter(title))
    return env


def render_page(env: jinja2.Environment, page: object) -> str:
    template = env.get_template(page.template)  # type: ignore[attr-defined]
    return template.render(page=page)
