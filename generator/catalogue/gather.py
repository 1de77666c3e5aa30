"""Gather every assessment's contributions into cross-referenced catalogue entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from generator.catalogue.extract import Extracted, extract
from generator.catalogue.history import contractor_events
from generator.catalogue.keys import law_slug
from generator.catalogue.values import (
    AgencyEntry,
    AssessmentEntry,
    Catalogue,
    CitationUse,
    ContractorEntry,
    LawEntry,
    ProvisionEntry,
    Ref,
    RefKind,
    SourceFile,
    SystemEntry,
    SystemUse,
)
from generator.normalize.citations.labels import law_short_name, law_title


def build_catalogue(sources: Sequence[SourceFile]) -> Catalogue:
    """Normalize every assessment, then gather agencies, systems, contractors and laws."""
    return catalogue_of(extract_all(sources))


def extract_all(
    sources: Sequence[SourceFile], known: Mapping[Path, Extracted] = MappingProxyType({})
) -> list[tuple[SourceFile, Extracted]]:
    """What each assessment contributes, in id order; ``known`` holds those already made
    from the same file (``pia build --incremental``, generator/filecache.py)."""
    ordered = sorted(sources, key=lambda s: s.id)
    return [(s, known[s.path] if s.path in known else extract(s)) for s in ordered]


def catalogue_of(extracted: list[tuple[SourceFile, Extracted]]) -> Catalogue:
    """The catalogue-wide merge of every assessment's contributions (in id order)."""
    contractors = _contractors(extracted)
    held = _contractor_slugs_by_assessment(contractors)
    systems = _systems(extracted)
    return Catalogue(
        assessments=tuple(_assessment(s, x, held.get(s.id, ())) for s, x in extracted),
        agencies=_agencies(extracted),
        systems=systems,
        contractors=contractors,
        laws=_laws(extracted),
    )


def _contractor_slugs_by_assessment(
    contractors: tuple[ContractorEntry, ...],
) -> dict[str, tuple[str, ...]]:
    """Assessment id → the slugs of the contractors it holds, sorted (one pass over the
    holdings: asking every contractor for every assessment is quadratic nationally)."""
    held: dict[str, set[str]] = defaultdict(set)
    for contractor in contractors:
        for holding in contractor.holdings:
            held[holding.assessment_id].add(contractor.slug)
    return {assessment_id: tuple(sorted(slugs)) for assessment_id, slugs in held.items()}


def _assessment(
    source: SourceFile, found: Extracted, contractor_slugs: tuple[str, ...]
) -> AssessmentEntry:
    cover = source.packed.cover
    return AssessmentEntry(
        id=source.id,
        source=source,
        agency_slug=found.agency.slug,
        kind=found.kind,
        title=cover.title,
        number=cover.number,
        agency_name=cover.agency,
        published=found.published,
        updated=found.updated,
        changed=found.changed,
        business=found.business,
        refs=found.refs,
        citations=tuple(use for _, use in found.citations),
        system_slugs=tuple(sorted({name.slug for name, _, _ in found.systems})),
        contractor_slugs=contractor_slugs,
        unnamed_contractors=tuple(found.unnamed),
    )


def _agencies(extracted: list[tuple[SourceFile, Extracted]]) -> tuple[AgencyEntry, ...]:
    ids: dict[str, list[str]] = defaultdict(list)
    agencies = {}
    for source, found in extracted:
        agencies.setdefault(found.agency.slug, found.agency)
        ids[found.agency.slug].append(source.id)
    return tuple(
        AgencyEntry(
            slug=slug,
            name=agency.name,
            body=agency.body,
            kind=agency.kind.value,
            prefecture=agency.prefecture,
            code=agency.code,
            known=agency.known,
            assessment_ids=tuple(sorted(ids[slug])),
        )
        for slug, agency in sorted(agencies.items())
    )


def _systems(extracted: list[tuple[SourceFile, Extracted]]) -> tuple[SystemEntry, ...]:
    uses: dict[str, list[SystemUse]] = defaultdict(list)
    names: dict[str, str] = {}
    variants: dict[str, set[str]] = defaultdict(set)
    options: dict[str, set[str]] = defaultdict(set)
    targets: dict[str, dict[str, str]] = defaultdict(dict)
    for source, found in extracted:
        for name, anchor, owner in found.systems:
            names.setdefault(name.slug, name.canonical)
            variants[name.slug].add(name.raw)
            connections = owner.connections.selected if owner and owner.connections else []
            options[name.slug].update(c.value for c in connections if c.value != "その他")
            uses[name.slug].append(
                SystemUse(
                    source.id,
                    found.agency.slug,
                    anchor,
                    name.raw,
                    owner.functions if owner else None,
                    tuple(c.value for c in connections),
                )
            )
        for from_slug, target in found.connections:
            targets[from_slug][target.slug] = target.canonical
    return tuple(
        SystemEntry(
            slug=slug,
            name=names[slug],
            variants=tuple(sorted(variants[slug])),
            uses=tuple(uses[slug]),
            connects_to=tuple(
                Ref(RefKind.SYSTEM, to, label) for to, label in sorted(targets[slug].items())
            ),
            connection_options=tuple(sorted(options[slug])),
        )
        for slug in sorted(names)
    )


def _contractors(extracted: list[tuple[SourceFile, Extracted]]) -> tuple[ContractorEntry, ...]:
    holdings: dict[str, list] = defaultdict(list)
    known: dict[str, list] = defaultdict(list)
    for _source, found in extracted:
        for contractor, holding in found.holdings:
            known[contractor.slug].append(contractor)
            holdings[contractor.slug].append(holding)
    history = contractor_events(change for _, x in extracted for change in x.contractor_changes)
    for slug, (contractor, _events) in history.items():
        known[slug].append(contractor)
    entries = []
    for slug, variants in sorted(known.items()):
        first = min(variants, key=lambda c: (c.raw != c.name, c.raw))
        entries.append(
            ContractorEntry(
                slug=slug,
                name=first.name or first.raw,
                match_key=first.match_key,
                corporate_numbers=tuple(
                    sorted({c.corporate_number for c in variants if c.corporate_number})
                ),
                variants=tuple(sorted({c.raw for c in variants})),
                holdings=tuple(holdings[slug]),
                history=tuple(history[slug][1]) if slug in history else (),
            )
        )
    return tuple(entries)


def _laws(extracted: list[tuple[SourceFile, Extracted]]) -> tuple[LawEntry, ...]:
    uses: dict[str, list[CitationUse]] = defaultdict(list)
    slugs: dict[str, str] = {}  # provision key → the slug of its first citation
    for _source, found in extracted:
        for slug, use in found.citations:
            if use.law is None:
                continue
            uses[use.law].append(use)
            if use.provision is not None and slug is not None:
                slugs.setdefault(use.provision, slug)
    laws = []
    for key in sorted(uses):
        by_provision: dict[str, list[CitationUse]] = defaultdict(list)
        for use in uses[key]:
            if use.provision:
                by_provision[use.provision].append(use)
        provisions = [
            ProvisionEntry(
                key=pkey,
                law=key,
                slug=slugs[pkey],
                label=by_provision[pkey][0].label,
                uses=tuple(by_provision[pkey]),
            )
            for pkey in sorted(by_provision)
        ]
        laws.append(
            LawEntry(
                key,
                law_slug(key),
                law_title(key),
                law_short_name(key),
                tuple(provisions),
                tuple(uses[key]),
            )
        )
    return tuple(laws)
