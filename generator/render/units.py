"""The site's generated pages as units of work, in site order: the home page, each
assessment (its page and its downloads), each entity (with its paginated siblings), the
collections, then each catalogue-wide open-data file.

Each unit makes its page contexts only when it is written, so the units can be listed
cheaply and split between worker processes (generator/render/parallel.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import jinja2

from generator.catalogue import AssessmentEntry, Catalogue
from generator.incremental import EntityInputs, context_fingerprint
from generator.opendata import open_data_files, write_downloads
from generator.render import urls
from generator.render.collections import collection_pages
from generator.render.entities import EntityGroup, entity_page_groups
from generator.render.environment import environment, render_page
from generator.render.links import SiteMap
from generator.render.pages import assessment_page, home_page
from generator.render.parallel import PageUnit
from generator.write import GuardedWriter

Reuse = Callable[[AssessmentEntry], bool]


def page_units(catalogue: Catalogue, reuse: Reuse) -> list[PageUnit]:
    """One unit per page or group of pages; an assessment that ``reuse`` accepts keeps its
    previous page and downloads when they are there."""
    env, site = environment(), SiteMap.of(catalogue)
    inputs = EntityInputs(site)
    return [
        PageUnit(partial(_write_home, env, catalogue, site)),
        *(
            PageUnit(partial(_write_assessment, env, site, entry, reuse), ticks=True)
            for entry in catalogue.assessments
        ),
        *(
            PageUnit(partial(_write_entity, env, group, inputs))
            for group in entity_page_groups(catalogue, site)
        ),
        PageUnit(partial(_write_pages, env, partial(collection_pages, catalogue, site))),
        *(PageUnit(write) for write in open_data_files(catalogue, reuse)),
    ]


def _write_home(
    env: jinja2.Environment, catalogue: Catalogue, site: SiteMap, writer: GuardedWriter
) -> None:
    _write_page(env, home_page(catalogue, site), "ホーム", writer)


def _write_assessment(
    env: jinja2.Environment,
    site: SiteMap,
    entry: AssessmentEntry,
    reuse: Reuse,
    writer: GuardedWriter,
) -> None:
    path = urls.source_path(urls.assessment(entry.id))
    unchanged = reuse(entry)
    if not (unchanged and writer.keep(path, entry.id)):
        writer.write_text(path, render_page(env, assessment_page(entry, site)), entry.id)
    write_downloads(entry, writer, unchanged)


def _write_entity(
    env: jinja2.Environment, group: EntityGroup, inputs: EntityInputs, writer: GuardedWriter
) -> None:
    """An entity's pages: kept whole, without making their contexts, when the last build
    made them from the same inputs (incremental.EntityInputs); else each is rendered
    unless its context is the last build's."""
    made_from = inputs.fingerprint(group.make)
    if writer.keep_pages_made_from(group.url, made_from):
        return
    pages = list(group.pages())
    for page in pages:
        _write_page(env, page, page.url, writer)
    made = [(urls.source_path(page.url), page.url) for page in pages]
    writer.record_pages_made_from(group.url, made_from, made)


def _write_pages(
    env: jinja2.Environment, pages: Callable[[], Iterable[object]], writer: GuardedWriter
) -> None:
    for page in pages():
        _write_page(env, page, page.url, writer)  # type: ignore[attr-defined]


def _write_page(env: jinja2.Environment, page: Any, owner: str, writer: GuardedWriter) -> None:
    """Render the page, or keep its previous Markdown when it was made from the same context
    (a page is a function of its context and the templates, which the build's environment
    hash covers)."""
    path = urls.source_path(page.url)
    if not writer.keep_if_made_from(path, owner, context_fingerprint(page)):
        writer.write_text(path, render_page(env, page), owner)
