"""Slugs and keys of catalogue entities that the normalizers do not provide."""

from __future__ import annotations

import re
from dataclasses import replace

from generator.normalize.citations import Citation
from generator.normalize.citations.terms import table_code
from generator.normalize.text import short_hash

ASCII_KEY_RE = re.compile(r"^[a-z0-9_]+$")


def law_slug(key: str) -> str:
    """`mynumber_act` → `mynumber-act`; a local ordinance key → `local-<hash>`."""
    if ASCII_KEY_RE.match(key):
        return key.replace("_", "-")
    return f"local-{short_hash(key)}"


def provision_slug(citation: Citation) -> str:
    """`a9-p1-beppyo-r8`, `a19-i8`, `a2-hyo-r53`; a range is `r11-15`."""
    parts: list[str] = []
    if citation.provision:
        parts.append(citation.provision.replace(".", "-").replace("_", "x"))
    table = citation.table
    if table is not None:
        parts.append(table_code(table.label))
        parts.extend(f"r{row}".replace("_", "x") for row in table.rows)
        parts.extend(f"r{low}-{high}".replace("_", "x") for low, high in table.ranges)
    slug = "-".join(parts)
    return slug if re.fullmatch(r"[a-z0-9-]+", slug) else f"p-{short_hash(slug)}"


def single_units(citation: Citation) -> list[Citation]:
    """One citation per cited table row or range, so each provision page is one unit."""
    table = citation.table
    if table is None or len(table.rows) + len(table.ranges) <= 1:
        return [citation]
    rows = [replace(table, rows=(row,), ranges=()) for row in table.rows]
    ranges = [replace(table, rows=(), ranges=(pair,)) for pair in table.ranges]
    return [replace(citation, table=t) for t in rows + ranges]


def provision_key(citation: Citation) -> str | None:
    """The canonical key of a citation that names an article or a table; None otherwise."""
    if citation.law is None or (citation.article is None and citation.table is None):
        return None
    return citation.canonical
