"""Law citations → canonical records and lunr-safe search terms (pia-form.md §10)."""

from generator.normalize.citations.definitions import extract_definitions
from generator.normalize.citations.labels import citation_label, law_title
from generator.normalize.citations.model import Citation, TableRef
from generator.normalize.citations.parse import (
    find_citations,
    parse_legal_basis,
    split_legal_basis,
)
from generator.normalize.citations.registry import REGISTRY_PATH, Registry, load_registry
from generator.normalize.citations.terms import citation_terms, query_citation_terms

__all__ = [
    "REGISTRY_PATH",
    "Citation",
    "Registry",
    "TableRef",
    "citation_label",
    "citation_terms",
    "extract_definitions",
    "find_citations",
    "law_title",
    "load_registry",
    "parse_legal_basis",
    "query_citation_terms",
    "split_legal_basis",
]
