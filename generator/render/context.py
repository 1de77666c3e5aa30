"""Typed contexts, one per page template; built by generator.render.pages."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render.form import FieldRow, Link, Section


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    href: str


@dataclass(frozen=True)
class UseRow:
    """One assessment that uses an entity: the assessment, its agency, and what it says."""

    assessment: Link
    agency: Link
    detail: str = ""
    extra: str = ""
    where: str = ""  # href to the anchor of the field in the assessment


@dataclass(frozen=True)
class Pager:
    previous: Link | None
    next: Link | None
    pages: tuple[Link, ...]
    current: int


@dataclass(frozen=True)
class HomePage:
    url: str
    title: str
    kinds: tuple[Count, ...]
    entities: tuple[Count, ...]
    newest: tuple[UseRow, ...]
    search: str
    feed: str
    opendata: str
    about: str
    assessments: str
    template: str = "home.md.j2"


@dataclass(frozen=True)
class AssessmentPage:
    url: str
    title: str
    agency: Link
    kind: str
    number: str
    status: str
    published: str
    updated: str
    pdf: Link | None
    retrieved: str
    downloads: tuple[Link, ...]
    toc: tuple[Link, ...]
    parts: tuple[tuple[FieldRow, ...] | Section, ...]
    citations: tuple[UseRow, ...]
    template: str = "assessment.md.j2"


@dataclass(frozen=True)
class EntityPage:
    """An agency, system, contractor, law or provision: facts, then its uses."""

    url: str
    title: str
    heading: str
    facts: tuple[tuple[str, str], ...]
    sections: tuple[UseSection, ...]
    pager: Pager | None = None
    template: str = "entity.md.j2"


@dataclass(frozen=True)
class UseSection:
    title: str
    anchor: str
    columns: tuple[str, ...]  # header labels for assessment, agency, detail, extra
    rows: tuple[UseRow, ...]
    links: tuple[Link, ...] = ()  # a plain list of links instead of rows
    empty: str = "該当なし"
    total: int = 0  # rows on all pages, when the rows are split over several pages


@dataclass(frozen=True)
class IndexPage:
    """A collection's index: its groups with counts, linking to the grouped listings."""

    url: str
    title: str
    intro: str
    families: tuple[tuple[str, tuple[Count, ...]], ...]
    template: str = "index.md.j2"


@dataclass(frozen=True)
class ListPage:
    """One page (of at most PAGE_SIZE entries) of one group of a collection."""

    url: str
    title: str
    parent: Link
    items: tuple[Count, ...]  # count = assessments per entry (0: not shown)
    pager: Pager
    total: int
    template: str = "list.md.j2"
