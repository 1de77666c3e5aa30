"""Page contexts for the whole site, yielded one at a time (nothing holds the rendered site)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from generator.catalogue import AssessmentEntry, Catalogue, CitationUse, Ref
from generator.model import FormType
from generator.render import urls
from generator.render.collections import collection_pages
from generator.render.context import AssessmentPage, Count, HomePage, UseRow
from generator.render.entities import entity_pages
from generator.render.escape import safe_url
from generator.render.form import FormWalker, Link, Section
from generator.render.links import SiteMap

NEWEST = 10
Page = object


def iter_pages(catalogue: Catalogue) -> Iterator[Page]:
    """Every generated page's context, home first, then each collection."""
    site = SiteMap.of(catalogue)
    yield home_page(catalogue, site)
    for entry in catalogue.assessments:
        yield assessment_page(entry, site)
    yield from entity_pages(catalogue, site)
    yield from collection_pages(catalogue, site)


def home_page(catalogue: Catalogue, site: SiteMap) -> HomePage:
    url = urls.HOME
    kinds = Counter(a.kind for a in catalogue.assessments)
    rel = lambda target: urls.relative(url, target)  # noqa: E731
    newest = sorted(catalogue.assessments, key=lambda a: (a.published, a.id), reverse=True)
    return HomePage(
        url=url,
        title="評価書カタログ",
        kinds=tuple(
            Count(kind.value, kinds[kind.value], rel(urls.ASSESSMENTS)) for kind in FormType
        ),
        entities=(
            Count("評価書", len(catalogue.assessments), rel(urls.ASSESSMENTS)),
            Count("評価実施機関", len(catalogue.agencies), rel(urls.AGENCIES)),
            Count("システム", len(catalogue.systems), rel(urls.SYSTEMS)),
            Count("委託先", len(catalogue.contractors), rel(urls.CONTRACTORS)),
            Count("引用されている条項", len(catalogue.provisions), rel(urls.LAWS)),
        ),
        newest=tuple(
            UseRow(
                site.assessment_link(url, a.id),
                site.agency_link(url, a.agency_slug),
                a.published,
                a.kind,
            )
            for a in newest[:NEWEST]
        ),
        search=rel(urls.SEARCH),
        feed=rel(urls.FEED),
        opendata=rel(urls.OPENDATA),
        about=rel(urls.ABOUT),
        assessments=rel(urls.ASSESSMENTS),
    )


def assessment_page(entry: AssessmentEntry, site: SiteMap) -> AssessmentPage:
    url = urls.assessment(entry.id)
    a = entry.unpack()

    def href(ref: Ref) -> str | None:
        target = site.url_for(ref)
        return None if target is None else urls.relative(url, target)

    parts = FormWalker(entry.refs.unpack(), href).sections(a)
    provenance = a.provenance
    pdf_url = safe_url(provenance.url) if provenance else None
    return AssessmentPage(
        url=url,
        title=f"{entry.title}({entry.agency_name})",
        agency=site.agency_link(url, entry.agency_slug),
        kind=entry.kind,
        number=entry.number,
        status=a.status.value,
        published=entry.published,
        updated=entry.updated,
        pdf=Link("公表されたPDF", pdf_url) if pdf_url else None,
        retrieved=provenance.retrieved.isoformat() if provenance and provenance.retrieved else "",
        downloads=(
            Link(
                "YAML(カタログの原本ファイル)",
                urls.relative(url, urls.assessment_download(entry.id, "yaml")),
            ),
            Link(
                "JSON(展開した値)", urls.relative(url, urls.assessment_download(entry.id, "json"))
            ),
        ),
        toc=tuple(Link(p.title, f"#{p.anchor}") for p in parts if isinstance(p, Section)),
        parts=parts,
        citations=tuple(
            UseRow(
                Link(use.label, href_or_empty(site, url, use)),
                Link(use.role.value, f"#{use.anchor}"),
                use.raw,
                "要確認" if use.needs_review else "",
            )
            for use in entry.citations
        ),
    )


def href_or_empty(site: SiteMap, url: str, use: CitationUse) -> str:
    target = site.provisions.get(use.provision or "") or site.laws.get(use.law or "")
    return urls.relative(url, target) if target else ""
