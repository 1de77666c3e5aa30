"""What one assessment contributes to the catalogue: its agency, systems, contractors, citations."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.catalogue.history import contractor_changes
from generator.catalogue.keys import provision_key, provision_slug, single_units
from generator.catalogue.paths import Leaf, leaves, plain_text
from generator.catalogue.values import (
    CitationUse,
    ContractorEvent,
    Holding,
    PackedRefs,
    Ref,
    RefKind,
    Role,
    SourceFile,
)
from generator.model import Assessment, FormType
from generator.model.parts import Business, Entrustment, LegalBasis, Linkage, Recipient, System
from generator.normalize.agencies import Agency, AgencyKind, resolve_agency
from generator.normalize.citations import (
    Citation,
    citation_label,
    citation_terms,
    extract_definitions,
    find_citations,
    parse_legal_basis,
)
from generator.normalize.contractors import Contractor, parse_contractors
from generator.normalize.systems import SystemName, parse_system_name, split_system_list
from generator.normalize.text import short_hash

CONTEXT_ARTICLE = {Role.NUMBER_USE: "9", Role.LINKAGE: "19", Role.PROVISION: "19"}


@dataclass
class Extracted:
    """Collected while walking one assessment (private to the catalogue stage), with the
    values of its catalogue entry, so that merging never decodes a packed model."""

    agency: Agency
    kind: str = ""
    published: str = ""  # ISO date of 公表日, "" when unknown
    updated: str = ""  # ISO date of the latest 変更箇所 row, or published
    changed: tuple[str, ...] = ()  # ISO dates of the 変更箇所 rows, sorted, once each
    business: str = ""
    contractor_changes: list[tuple[str, Contractor, ContractorEvent]] = field(default_factory=list)
    systems: list[tuple[SystemName, str, System | None]] = field(default_factory=list)
    connections: list[tuple[str, SystemName]] = field(default_factory=list)  # (from slug, to)
    holdings: list[tuple[Contractor, Holding]] = field(default_factory=list)
    unnamed: list[tuple[str, str]] = field(default_factory=list)
    # each use with its provision's slug (None: no provision), not the parsed citation:
    # the merge needs only the slug, and every reused file's contributions are unpickled
    citations: list[tuple[str | None, CitationUse]] = field(default_factory=list)
    links: dict[str, list[Ref]] = field(default_factory=dict)  # while walking
    refs: PackedRefs = field(default_factory=PackedRefs)  # the links, when walked

    def link(self, leaf: Leaf, ref: Ref) -> None:
        self.links.setdefault(leaf.anchor, [])
        if ref not in self.links[leaf.anchor]:
            self.links[leaf.anchor].append(ref)


def agency_of(name: str) -> Agency:
    """The resolved agency; an unresolvable name still gets a stable page of its own."""
    found = resolve_agency(name)
    if found is not None:
        return found
    return Agency(
        name, name, name, "", AgencyKind.OTHER_ORGAN, None, None, f"x-{short_hash(name)}", False
    )


def extract(source: SourceFile) -> Extracted:
    assessment = source.unpack()
    found = Extracted(agency_of(assessment.cover.agency))
    _entry_values(assessment, found)
    all_leaves = list(leaves(assessment))
    definitions = extract_definitions("\n".join(plain_text(leaf.value) for leaf in all_leaves))
    for leaf in all_leaves:
        _visit(leaf, source, found, definitions)
    found.refs, found.links = PackedRefs.pack(found.links), {}
    return found


def _entry_values(a: Assessment, found: Extracted) -> None:
    found.kind = FormType(a.form_type).value
    found.published = a.cover.publication_date.iso[:10] if a.cover.publication_date else ""
    changed = [c.date.start.isoformat() for c in a.changes or () if c.date and c.date.start]
    found.changed = tuple(sorted(set(changed)))
    found.updated = max([found.published, *changed])
    info = getattr(a, "basic_info", None) or getattr(a, "related", None)
    business = info.business if info else None
    found.business = (business.name or "") if business else ""
    found.contractor_changes = contractor_changes(a, found.agency.slug)


def _visit(leaf: Leaf, source: SourceFile, found: Extracted, definitions: dict[str, str]) -> None:
    owner, value = leaf.owner, leaf.value
    if leaf.path == ("cover", "agency"):
        found.link(leaf, Ref(RefKind.AGENCY, found.agency.slug, found.agency.name))
    elif not isinstance(value, str) or not value.strip():
        _visit_choice(leaf, found)
    elif isinstance(owner, System) and leaf.name == "name":
        _add_system(leaf, parse_system_name(value), owner, found)
    elif isinstance(owner, Business) and leaf.name == "system_names":
        for name in split_system_list(value):
            _add_system(leaf, parse_system_name(name), None, found)
    elif isinstance(owner, Entrustment) and leaf.name == "contractor":
        _add_contractors(leaf, owner, source, found)
    elif leaf.name == "legal_basis" and isinstance(owner, LegalBasis | Linkage | Recipient):
        role = _role(leaf, owner)
        cited = parse_legal_basis(
            value,
            context_law="mynumber_act",
            context_article=CONTEXT_ARTICLE[role],
            body=found.agency.body,
            definitions=definitions,
        )
        _add_citations(leaf, role, cited, source, found)
    elif leaf.path[0] != "changes" or leaf.name == "after":
        # a change's 変更後の記載 is current text (sometimes the only copy of a lost part);
        # 変更前の記載 is history and cites nothing in force
        cited = find_citations(value, body=found.agency.body, definitions=definitions)
        _add_citations(leaf, Role.OTHER, cited, source, found)


def _visit_choice(leaf: Leaf, found: Extracted) -> None:
    """その他 targets of ③他のシステムとの接続 name the systems a system connects to."""
    if not (isinstance(leaf.owner, System) and leaf.name == "connections" and leaf.value):
        return
    if not found.systems or found.systems[-1][2] is not leaf.owner:
        return
    source_slug = found.systems[-1][0].slug
    for text in leaf.value.texts.values():
        for name in split_system_list(text):
            found.connections.append((source_slug, parse_system_name(name)))


def _role(leaf: Leaf, owner: object) -> Role:
    if isinstance(owner, Recipient):
        return Role.PROVISION
    if isinstance(owner, Linkage):
        return Role.LINKAGE
    return Role.NUMBER_USE if "number_use" in leaf.path else Role.OTHER


def _add_system(leaf: Leaf, name: SystemName, owner: System | None, found: Extracted) -> None:
    found.systems.append((name, leaf.anchor, owner))
    found.link(leaf, Ref(RefKind.SYSTEM, name.slug, name.canonical))


def _add_contractors(leaf: Leaf, owner: Entrustment, source: SourceFile, found: Extracted) -> None:
    subcontracting = (
        owner.subcontracting.value.value
        if owner.subcontracting and owner.subcontracting.value
        else None
    )
    for contractor in parse_contractors(leaf.value):
        if contractor.slug is None or contractor.status != "named":
            found.unnamed.append((leaf.anchor, contractor.status))
            continue
        holding = Holding(
            assessment_id=source.id,
            agency_slug=found.agency.slug,
            anchor=leaf.anchor.removesuffix("-contractor"),
            item=owner.name,
            subcontracting=subcontracting,
            subcontract_items=owner.subcontract_items,
            raw=contractor.raw,
        )
        found.holdings.append((contractor, holding))
        found.link(
            leaf, Ref(RefKind.CONTRACTOR, contractor.slug, contractor.name or contractor.raw)
        )


def _add_citations(
    leaf: Leaf, role: Role, cited: list[Citation], source: SourceFile, found: Extracted
) -> None:
    for citation in cited:
        for unit in single_units(citation):
            key = provision_key(unit)
            use = CitationUse(
                assessment_id=source.id,
                agency_slug=found.agency.slug,
                anchor=leaf.anchor,
                role=role,
                raw=citation.raw.strip(),
                label=citation_label(unit),
                law=unit.law,
                provision=key,
                needs_review=unit.needs_review,
                terms=tuple(citation_terms(unit)),
            )
            found.citations.append((provision_slug(unit) if key is not None else None, use))
            if key is not None:
                found.link(leaf, Ref(RefKind.PROVISION, key, use.label))
            elif unit.law is not None:
                found.link(leaf, Ref(RefKind.LAW, unit.law, use.label))
