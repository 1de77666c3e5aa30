"""One SearchDocument per assessment, from the normalized catalogue, kept on disk for the
search-index stage (in ``pia build --jobs`` worker processes) and for the next build, which
copies every document whose key did not change (generator/search/document_file.py)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from pydantic import BaseModel

from generator.catalogue.paths import leaves, plain_text
from generator.catalogue.values import AssessmentEntry, Catalogue
from generator.normalize.contractors import contractor_key
from generator.normalize.systems import system_key
from generator.search.document_file import DocumentFile, KeptDocuments, Keyed
from generator.search.documents import SearchDocument
from generator.workers import Send, run_shares, share_count

# Fewer assessments than this per worker are made into documents in one process (a
# document takes about 2 ms; forking costs tens of milliseconds).
MIN_DOCUMENTS_PER_WORKER = 100
STAGE = "検索文書"

NOT_CONTENT = frozenset({"id", "status", "form_type", "provenance"})
# What a document is made with (its key covers what it is made of): kept documents made
# with other code are not reused (generator/build.py hashes these with the libraries).
ENVIRONMENT_INPUTS = (
    "generator/catalogue",
    "generator/load",
    "generator/model",
    "generator/normalize",
    "generator/search/documents.py",
)
BOILERPLATE = frozenset({("cover", "toc")})  # the form's table of contents, the same everywhere


def body_text(assessment: BaseModel) -> str:
    """The assessment's own text; identifiers, provenance hashes and the printed table of
    contents are not content."""
    return "\n".join(
        text
        for leaf in leaves(assessment)
        if leaf.path[0] not in NOT_CONTENT
        and leaf.path not in BOILERPLATE
        and (text := plain_text(leaf.value))
    )


def write_search_documents(
    catalogue: Catalogue,
    url_of: dict[str, str],
    directory: Path,
    jobs: int = 1,
    kept: KeptDocuments | None = None,
) -> DocumentFile:
    """`search_documents` of the whole catalogue in a DocumentFile under ``directory``,
    made in up to ``jobs`` processes (as many as fit the memory budget); those whose key is
    in ``kept`` are copied from there."""
    jobs = share_count(jobs, len(catalogue.assessments), MIN_DOCUMENTS_PER_WORKER)
    documents = DocumentFile(directory, parts=jobs)
    try:
        if jobs == 1:
            documents.write_keyed(keyed_documents(catalogue, url_of, kept=kept))
            return documents
        share = functools.partial(_write_part, catalogue, url_of, documents, kept)
        for part, (count, reused) in enumerate(run_shares(share, jobs, None, STAGE)):
            documents.record(part, count, reused)
        return documents
    except BaseException:
        documents.close()
        raise


def _write_part(
    catalogue: Catalogue,
    url_of: dict[str, str],
    documents: DocumentFile,
    kept: KeptDocuments | None,
    k: int,
    jobs: int,
    _: Send,
) -> tuple[int, int]:
    """Part k of the documents (in a worker): those of assessments k, k + jobs, …; how many,
    and how many of them were kept ones."""
    entries = catalogue.assessments[k::jobs]
    count = documents.write_keyed(keyed_documents(catalogue, url_of, entries, kept), k)
    return count, documents.reused[k]


def search_documents(
    catalogue: Catalogue,
    url_of: dict[str, str],
    entries: Sequence[AssessmentEntry] | None = None,
) -> Iterator[SearchDocument]:
    """The documents of ``entries`` (default: every assessment, sorted by ref), in their
    order; ``url_of`` maps an assessment id to its page URL."""
    for _, document in keyed_documents(catalogue, url_of, entries):
        assert isinstance(document, SearchDocument)  # nothing kept to copy from
        yield document


def keyed_documents(
    catalogue: Catalogue,
    url_of: dict[str, str],
    entries: Sequence[AssessmentEntry] | None = None,
    kept: KeptDocuments | None = None,
) -> Iterator[Keyed]:
    """`search_documents`, each with its key: a hash of the assessment file's bytes and of
    every other field of the document (the body is the file's own text). A document whose
    key is in ``kept`` comes as the pickle kept there, without unpacking the assessment."""
    for entry, document in _bodiless_documents(catalogue, url_of, entries):
        key = hashlib.sha256(f"{entry.source.digest}\0{document!r}".encode()).hexdigest()
        pickled = kept.pickled(key) if kept else None
        yield key, pickled or dataclasses.replace(document, body=body_text(entry.unpack()))


def _bodiless_documents(
    catalogue: Catalogue,
    url_of: dict[str, str],
    entries: Sequence[AssessmentEntry] | None,
) -> Iterator[tuple[AssessmentEntry, SearchDocument]]:
    agencies = {a.slug: a for a in catalogue.agencies}
    systems = {s.slug: s for s in catalogue.systems}
    contractors = {c.slug: c for c in catalogue.contractors}
    laws = {law.key: law.short for law in catalogue.laws}
    # a national catalogue names 1,900 systems and 31 contractors in 60,000 documents
    system_key_of, contractor_key_of = functools.cache(system_key), functools.cache(contractor_key)
    for entry in catalogue.assessments if entries is None else entries:
        agency = agencies[entry.agency_slug]
        system_names = tuple(systems[s].name for s in entry.system_slugs)
        contractor_names = tuple(contractors[c].name for c in entry.contractor_slugs)
        citations = [u for u in entry.citations if u.law is not None]
        yield (
            entry,
            SearchDocument(
                ref=entry.id,
                url=url_of[entry.id],
                title=entry.title,
                agency=entry.agency_name,
                kind=entry.kind,
                business=entry.business,
                systems=system_names,
                system_keys=tuple(dict.fromkeys(system_key_of(n) for n in system_names)),
                contractors=contractor_names,
                contractor_keys=tuple(
                    dict.fromkeys(contractor_key_of(n) for n in contractor_names)
                ),
                citations=tuple(dict.fromkeys(u.label for u in citations)),
                citation_terms=tuple(dict.fromkeys(t for u in citations for t in u.terms)),
                facets={
                    name: values
                    for name, values in {
                        "kind": [entry.kind],
                        "prefecture": [agency.prefecture] if agency.prefecture else [],
                        "body_kind": [agency.kind],
                        "contractor": list(contractor_names),
                        "system": list(system_names),
                        "law": sorted({laws[u.law] for u in citations if u.law in laws}),
                    }.items()
                    if values
                },
                published=entry.published,
            ),
        )
