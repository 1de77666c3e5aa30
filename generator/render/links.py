"""Resolving catalogue references to page URLs, and the labels of links."""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalogue import AssessmentEntry, Catalogue, Ref
from generator.catalogue.values import RefKind
from generator.render import urls
from generator.render.form import Link


@dataclass(frozen=True)
class SiteMap:
    """Lookups from catalogue keys to page URLs (built once, read-only)."""

    provisions: dict[str, str]
    laws: dict[str, str]
    assessments: dict[str, AssessmentEntry]
    agency_names: dict[str, str]

    @classmethod
    def of(cls, catalogue: Catalogue) -> SiteMap:
        return cls(
            provisions={
                p.key: urls.provision(law.slug, p.slug)
                for law in catalogue.laws
                for p in law.provisions
            },
            laws={law.key: urls.law(law.slug) for law in catalogue.laws},
            assessments={a.id: a for a in catalogue.assessments},
            agency_names={a.slug: a.name for a in catalogue.agencies},
        )

    def url_for(self, ref: Ref) -> str | None:
        match ref.kind:
            case RefKind.AGENCY:
                return urls.agency(ref.key)
            case RefKind.SYSTEM:
                return urls.system(ref.key)
            case RefKind.CONTRACTOR:
                return urls.contractor(ref.key)
            case RefKind.LAW:
                return self.laws.get(ref.key)
            case RefKind.PROVISION:
                return self.provisions.get(ref.key)
            case RefKind.ASSESSMENT:
                return urls.assessment(ref.key)
        return None

    def assessment_link(self, from_url: str, assessment_id: str, anchor: str = "") -> Link:
        entry = self.assessments[assessment_id]
        href = urls.relative(from_url, urls.assessment(assessment_id))
        return Link(assessment_label(entry), href + (f"#{anchor}" if anchor else ""))

    def agency_link(self, from_url: str, slug: str) -> Link:
        return Link(self.agency_names[slug], urls.relative(from_url, urls.agency(slug)))


def assessment_label(entry: AssessmentEntry) -> str:
    return f"{entry.title}(評価書番号{entry.number})"
