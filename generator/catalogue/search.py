"""One SearchDocument per assessment, from the normalized catalogue, kept on disk for the
search-index stage (in ``pia build --jobs`` worker processes) and for the next build, which
copies every document whose key did not change (generator/search/document_file.py)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from generator.catalogue.paths import leaves, plain_text
from generator.catalogue.values import AgencyEntry, AssessmentEntry, Catalogue
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
# a national catalogue names 1,900 systems and 31 contractors in 60,000 documents
_system_key, _contractor_key = functools.cache(system_key), functools.cache(contractor_key)
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
    """`search_documents`, each with its key: a hash of the assessment file's bytes, of
    which every value of its catalogue entry is made (tests/site/test_entity_inputs.py), and
    of what the document takes from elsewhere (`Elsewhere`). A document whose key is in
    ``kept`` comes as the pickle kept there, neither made again nor its assessment unpacked."""
    shared = _Shared.of(catalogue)
    for entry in catalogue.assessments if entries is None else entries:
        elsewhere = shared.elsewhere(entry, url_of[entry.id])
        key = hashlib.sha256(f"{entry.source.digest}\0{elsewhere!r}".encode()).hexdigest()
        pickled = kept.pickled(key) if kept else None
        yield key, pickled or shared.document(entry, elsewhere, body_text(entry.unpack()))


class Elsewhere(NamedTuple):
    """What an assessment's search document holds that its file does not give: the names
    the catalogue settles on for its systems, contractors and laws (those of other files
    may decide them), its agency's facets and its page's URL."""

    url: str
    prefecture: str | None
    body_kind: str
    systems: tuple[str, ...]
    contractors: tuple[str, ...]
    laws: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class _Shared:
    agencies: dict[str, AgencyEntry]
    systems: dict[str, str]  # slug → name
    contractors: dict[str, str]
    laws: dict[str, str]  # key → short title

    @classmethod
    def of(cls, catalogue: Catalogue) -> _Shared:
        return cls(
            {a.slug: a for a in catalogue.agencies},
            {s.slug: s.name for s in catalogue.systems},
            {c.slug: c.name for c in catalogue.contractors},
            {law.key: law.short for law in catalogue.laws},
        )

    def elsewhere(self, entry: AssessmentEntry, url: str) -> Elsewhere:
        agency = self.agencies[entry.agency_slug]
        return Elsewhere(
            url,
            agency.prefecture,
            agency.kind,
            tuple(self.systems[s] for s in entry.system_slugs),
            tuple(self.contractors[c] for c in entry.contractor_slugs),
            tuple(sorted({self.laws[u.law] for u in entry.citations if u.law in self.laws})),
        )

    def document(self, entry: AssessmentEntry, elsewhere: Elsewhere, body: str) -> SearchDocument:
        citations = [u for u in entry.citations if u.law is not None]
        return SearchDocument(
            ref=entry.id,
            url=elsewhere.url,
            title=entry.title,
            agency=entry.agency_name,
            kind=entry.kind,
            business=entry.business,
            systems=elsewhere.systems,
            system_keys=tuple(dict.fromkeys(map(_system_key, elsewhere.systems))),
            contractors=elsewhere.contractors,
            contractor_keys=tuple(dict.fromkeys(map(_contractor_key, elsewhere.contractors))),
            citations=tuple(dict.fromkeys(u.label for u in citations)),
            citation_terms=tuple(dict.fromkeys(t for u in citations for t in u.terms)),
            body=body,
            facets={
                name: values
                for name, values in {
                    "kind": [entry.kind],
                    "prefecture": [elsewhere.prefecture] if elsewhere.prefecture else [],
                    "body_kind": [elsewhere.body_kind],
                    "contractor": list(elsewhere.contractors),
                    "system": list(elsewhere.systems),
                    "law": list(elsewhere.laws),
                }.items()
                if values
            },
            published=entry.published,
        )
