"""The search documents of a synthetic corpus, made by the build's own steps (validate,
normalize, search_documents) without rendering pages: for search benchmarks and tests."""

from __future__ import annotations

from pathlib import Path

from benchmarks.synthetic.corpus import generate_corpus
from generator.catalogue import SourceFile, build_catalogue
from generator.catalogue.search import search_documents
from generator.render import urls
from generator.search.documents import SearchDocument
from generator.validate.validator import check_paths


def synthetic_documents(size: int, out: Path, seed: int = 1) -> tuple[SearchDocument, ...]:
    """The documents of `size` generated assessments (corpus written under `out`), by ref."""
    generate_corpus(size, seed, out)
    catalogue_dir = out / "catalogue"
    problems, loaded = check_paths([catalogue_dir], catalogue_root=catalogue_dir)
    if any(p.is_error for p in problems):
        raise ValueError(f"the synthetic corpus under {out} does not validate")
    catalogue = build_catalogue([SourceFile(i.path, i.assessment, i.digest) for i in loaded])
    url_of = {a.id: urls.assessment(a.id) for a in catalogue.assessments}
    return tuple(search_documents(catalogue, url_of))
