"""SearchDocuments of a small synthetic national corpus (benchmarks.synthetic), made by
the build's own steps (validate, normalize, search_documents) without rendering pages."""

from __future__ import annotations

from pathlib import Path

from benchmarks.synthetic import generate_corpus
from generator.build import gather
from generator.catalogue.gather import catalogue_of, extract_all
from generator.catalogue.search import search_documents
from generator.render import urls
from generator.search.documents import SearchDocument


def synthetic_documents(size: int, out: Path, seed: int = 1) -> tuple[SearchDocument, ...]:
    """The documents of `size` generated assessments (corpus written under out), by ref."""
    generate_corpus(size, seed, out)
    catalogue = catalogue_of(extract_all(gather(out / "catalogue", False, lambda _: None)))
    url_of = {a.id: urls.assessment(a.id) for a in catalogue.assessments}
    return tuple(search_documents(catalogue, url_of))
