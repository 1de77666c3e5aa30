"""One SearchDocument per assessment, from the normalized catalogue, kept on disk for the
search-index stage (in ``pia build --jobs`` worker processes)."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from pathlib import Path

from pydantic import BaseModel

from generator.catalogue.paths import leaves, plain_text
from generator.catalogue.values import AssessmentEntry, Catalogue
from generator.normalize.contractors import contractor_key
from generator.normalize.systems import system_key
from generator.search.document_file import DocumentFile
from generator.search.documents import SearchDocument
from generator.workers import Send, run_shares, share_count

# Fewer assessments than this per worker are made into documents in one process (a
# document takes about 2 ms; forking costs tens of milliseconds).
MIN_DOCUMENTS_PER_WORKER = 100
STAGE = "検索文書"

NOT_CONTENT = frozenset({"id", "status", "form_type", "provenance"})
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
    catalogue: Catalogue, url_of: dict[str, str], directory: Path, jobs: int = 1
) -> DocumentFile:
    """`search_documents` of the whole catalogue in a DocumentFile under ``directory``,
    made in up to ``jobs`` processes (as many as fit the memory budget)."""
    jobs = share_count(jobs, len(catalogue.assessments), MIN_DOCUMENTS_PER_WORKER)
    documents = DocumentFile(directory, parts=jobs)
    try:
        if jobs == 1:
            documents.write(search_documents(catalogue, url_of))
            return documents
        share = functools.partial(_write_part, catalogue, url_of, documents)
        for part, count in enumerate(run_shares(share, jobs, None, STAGE)):
            documents.record(part, count)
        return documents
    except BaseException:
        documents.close()
        raise


def _write_part(
    catalogue: Catalogue,
    url_of: dict[str, str],
    documents: DocumentFile,
    k: int,
    jobs: int,
    _: Send,
) -> int:
    """Part k of the documents (in a worker): those of assessments k, k + jobs, …"""
    return documents.write(search_documents(catalogue, url_of, catalogue.assessments[k::jobs]), k)


def search_documents(
    catalogue: Catalogue,
    url_of: dict[str, str],
    entries: Sequence[AssessmentEntry] | None = None,
) -> Iterator[SearchDocument]:
    """The documents of ``entries`` (default: every assessment, sorted by ref), in their
    order; ``url_of`` maps an assessment id to its page URL."""
    agencies = {a.slug: a for a in catalogue.agencies}
    systems = {s.slug: s for s in catalogue.systems}
    contractors = {c.slug: c for c in catalogue.contractors}
    laws = {law.key: law.short for law in catalogue.laws}
    for entry in catalogue.assessments if entries is None else entries:
        agency = agencies[entry.agency_slug]
        system_names = tuple(systems[s].name for s in entry.system_slugs)
        contractor_names = tuple(contractors[c].name for c in entry.contractor_slugs)
        citations = [u for u in entry.citations if u.law is not None]
        yield SearchDocument(
            ref=entry.id,
            url=url_of[entry.id],
            title=entry.title,
            agency=entry.agency_name,
            kind=entry.kind,
            business=entry.business,
            systems=system_names,
            system_keys=tuple(dict.fromkeys(system_key(n) for n in system_names)),
            contractors=contractor_names,
            contractor_keys=tuple(dict.fromkeys(contractor_key(n) for n in contractor_names)),
            citations=tuple(dict.fromkeys(u.label for u in citations)),
            citation_terms=tuple(dict.fromkeys(t for u in citations for t in u.terms)),
            body=body_text(entry.unpack()),
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
        )
