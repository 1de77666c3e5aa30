"""SearchDocuments built from the three real seeds (extracted assessment text).

Each seed gives one whole-assessment document plus one document per window of
paragraphs, so ranking and sharding are exercised on more than three documents.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from generator.normalize.citations import citation_label, citation_terms, find_citations
from generator.normalize.contractors import contractor_key
from generator.normalize.systems import system_key
from generator.search.documents import SearchDocument

SEEDS = Path("/work/shared/seeds")
TAG = re.compile(r"<[^>]+>")
WINDOW_LINES = 40


@cache
def seed_texts() -> dict[str, str]:
    return {path.stem: TAG.sub(" ", path.read_text()) for path in sorted(SEEDS.glob("*.txt"))}


def row_values(text: str, label: str) -> list[str]:
    """The cell after every table cell that ends with `label`."""
    pattern = re.compile(re.escape(label) + r"\s*[|\t]\s*([^|\t\n]+)")
    values = [m.group(1).strip() for m in pattern.finditer(text)]
    return list(dict.fromkeys(v for v in values if v))


def after_heading(text: str, heading: str) -> str:
    lines = text.splitlines()
    index = lines.index(heading)
    return next(line.strip() for line in lines[index + 1 :] if line.strip())


def published(text: str) -> str:
    found = re.search(r"公表日\s*\n\s*(令和\S+日)", text)
    return found.group(1) if found else ""


def kind_of(text: str) -> str:
    return re.search(r"\((\S+項目評価書)\)", text).group(1)  # type: ignore[union-attr]


def seed_document(stem: str, text: str, body: str, ref: str) -> SearchDocument:
    systems = tuple(
        name for value in row_values(text, "システムの名称") for name in value.split("、")
    )
    contractors = tuple(v for v in row_values(text, "委託先名") if "株式会社" in v or "(株)" in v)
    business = row_values(text, "事務の名称")[0]
    agency = after_heading(text, "評価実施機関名")
    citations = find_citations(body)
    return SearchDocument(
        ref=ref,
        url=f"assessments/{ref}/",
        title=f"{business} {kind_of(text)}",
        agency=agency,
        kind=kind_of(text),
        business=business,
        systems=systems,
        system_keys=tuple(system_key(s) for s in systems),
        contractors=contractors,
        contractor_keys=tuple(contractor_key(c) for c in contractors),
        citations=tuple(dict.fromkeys(citation_label(c) for c in citations)),
        citation_terms=tuple(dict.fromkeys(t for c in citations for t in citation_terms(c))),
        body=body,
        facets={"kind": [kind_of(text)], "prefecture": [agency[:3]]},
        published=published(text),
    )


@cache
def seed_documents() -> tuple[SearchDocument, ...]:
    """Whole seeds (refs like 000_c86f…) and their windows (refs like 000_c86f…-w03)."""
    documents = []
    for stem, text in seed_texts().items():
        documents.append(seed_document(stem, text, text, stem))
        lines = [line for line in text.splitlines() if line.strip()]
        for number, start in enumerate(range(0, len(lines), WINDOW_LINES)):
            window = "\n".join(lines[start : start + WINDOW_LINES])
            documents.append(seed_document(stem, text, window, f"{stem}-w{number:02d}"))
    return tuple(sorted(documents, key=lambda d: d.ref))
