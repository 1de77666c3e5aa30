"""The value the site pipeline hands to the search index: one per assessment."""

from __future__ import annotations

from dataclasses import dataclass, field

FACET_NAMES: tuple[str, ...] = ("kind", "prefecture", "body_kind", "contractor", "system", "law")


@dataclass(frozen=True)
class SearchDocument:
    """Everything the index needs to know about one assessment.

    `*_keys` and `citation_terms` are canonical match keys computed by the normalizers
    (contractor_key, system_key, citation terms); the display lists are analyzed as words.
    """

    ref: str
    url: str
    title: str
    agency: str
    kind: str
    business: str
    systems: tuple[str, ...] = ()
    system_keys: tuple[str, ...] = ()
    contractors: tuple[str, ...] = ()
    contractor_keys: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    citation_terms: tuple[str, ...] = ()
    body: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    published: str = ""

    def __post_init__(self) -> None:
        if not self.ref:
            raise ValueError("SearchDocument.ref must not be empty")
        unknown = set(self.facets) - set(FACET_NAMES)
        if unknown:
            raise ValueError(f"unknown facet names {sorted(unknown)}; expected {FACET_NAMES}")
