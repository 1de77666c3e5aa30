"""Frozen values of the normalized catalogue, passed from catalogue to render and open data."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.model import Assessment
from generator.model.packed import PackedAssessment


class RefKind(StrEnum):
    """What a cross-reference points at; each kind has its own page type."""

    AGENCY = "agency"
    SYSTEM = "system"
    CONTRACTOR = "contractor"
    LAW = "law"
    PROVISION = "provision"
    ASSESSMENT = "assessment"


class Role(StrEnum):
    """In which role an assessment cites a provision."""

    NUMBER_USE = "個人番号の利用"
    LINKAGE = "情報連携"
    PROVISION = "提供・移転"
    OTHER = "その他"


@dataclass(frozen=True)
class Ref:
    """A link from a value of an assessment to the page of a catalogue entity."""

    kind: RefKind
    key: str  # slug (agency, system, contractor, assessment) or law / provision key
    label: str


class PackedRefs(Mapping[str, tuple[Ref, ...]]):
    """An assessment's refs (anchor → the refs made from the value there), kept as JSON
    text: only the assessment's own page reads them, and an incremental build reuses
    60,000 files' entries to render a few pages (unpickling their refs took 1.3 s).
    Decoded on every read: `unpack` once per page."""

    __slots__ = ("text",)

    def __init__(self, text: str = "[]") -> None:
        self.text = text

    @classmethod
    def pack(cls, refs: Mapping[str, Iterable[Ref]]) -> PackedRefs:
        """Sorted by anchor, each anchor's refs in their order."""
        rows = [
            [anchor, [[r.kind.value, r.key, r.label] for r in refs[anchor]]]
            for anchor in sorted(refs)
        ]
        return cls(json.dumps(rows, ensure_ascii=False, separators=(",", ":")))

    def unpack(self) -> dict[str, tuple[Ref, ...]]:
        return {
            anchor: tuple(Ref(RefKind(kind), key, label) for kind, key, label in refs)
            for anchor, refs in json.loads(self.text)
        }

    def __getitem__(self, anchor: str) -> tuple[Ref, ...]:
        return self.unpack()[anchor]

    def __iter__(self) -> Iterator[str]:
        return iter(self.unpack())

    def __len__(self) -> int:
        return len(self.unpack())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedRefs):
            return self.text == other.text
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # a mapping

    def __repr__(self) -> str:
        return f"PackedRefs({self.text!r})"

    def __reduce__(self) -> tuple[type[PackedRefs], tuple[str]]:
        return PackedRefs, (self.text,)


@dataclass(frozen=True)
class SourceFile:
    """One loaded catalogue file: its path, the validated model and the SHA-256 of its bytes.

    Neither the text nor the whole model is kept in memory (a national catalogue is
    gigabytes of either): the model is packed (generator/model/packed.py) and `unpack`
    decodes it for a stage that reads the whole form; `read_text` reads the file again
    when the YAML download is written.
    """

    path: Path
    packed: PackedAssessment
    digest: str

    @property
    def id(self) -> str:
        return self.packed.id

    def unpack(self) -> Assessment:
        """The whole model (decoded on every call: once per stage, then pass it on)."""
        return self.packed.unpack()

    def read_text(self) -> str:
        """The file as written (newlines as Python reads text), for the YAML download."""
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class SystemUse:
    assessment_id: str
    agency_slug: str
    anchor: str
    raw: str
    functions: str | None
    connections: tuple[str, ...]


@dataclass(frozen=True)
class SystemEntry:
    slug: str
    name: str
    variants: tuple[str, ...]
    uses: tuple[SystemUse, ...]
    connects_to: tuple[Ref, ...]  # systems named as その他 targets, and form options as labels
    connection_options: tuple[str, ...]


@dataclass(frozen=True)
class Holding:
    """One 委託事項 held by a contractor."""

    assessment_id: str
    agency_slug: str
    anchor: str
    item: str | None
    subcontracting: str | None
    subcontract_items: str | None
    raw: str


@dataclass(frozen=True)
class ContractorEvent:
    """A 変更箇所 row that names the contractor in an item about 委託先."""

    assessment_id: str
    agency_slug: str
    anchor: str
    date_raw: str
    date_iso: str
    item: str
    before: str
    after: str
    action: str  # 追加 / 交代(前任) / 交代(後任) / 記載変更


@dataclass(frozen=True)
class ContractorEntry:
    slug: str
    name: str
    match_key: str
    corporate_numbers: tuple[str, ...]
    variants: tuple[str, ...]
    holdings: tuple[Holding, ...]
    history: tuple[ContractorEvent, ...]


@dataclass(frozen=True)
class CitationUse:
    assessment_id: str
    agency_slug: str
    anchor: str
    role: Role
    raw: str
    label: str
    law: str | None
    provision: str | None  # provision key (the canonical citation) when resolvable
    needs_review: bool
    terms: tuple[str, ...] = ()  # lunr-safe search terms (citation_terms)


@dataclass(frozen=True)
class ProvisionEntry:
    key: str
    law: str
    slug: str
    label: str
    uses: tuple[CitationUse, ...]

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return tuple(sorted({use.raw for use in self.uses}))


@dataclass(frozen=True)
class LawEntry:
    key: str
    slug: str
    title: str
    short: str
    provisions: tuple[ProvisionEntry, ...]
    uses: tuple[CitationUse, ...]  # every citation of this law, with or without provision


@dataclass(frozen=True)
class AgencyEntry:
    slug: str
    name: str
    body: str
    kind: str
    prefecture: str | None
    code: str | None
    known: bool
    assessment_ids: tuple[str, ...]


@dataclass(frozen=True)
class AssessmentEntry:
    id: str
    source: SourceFile
    agency_slug: str
    kind: str
    title: str
    number: str
    agency_name: str
    published: str  # ISO date of 公表日, "" when unknown
    updated: str  # ISO date of the latest 変更箇所 row, or published
    changed: tuple[str, ...]  # ISO dates of the 変更箇所 rows, sorted, once each
    business: str
    refs: PackedRefs = field(default_factory=PackedRefs)
    citations: tuple[CitationUse, ...] = ()
    system_slugs: tuple[str, ...] = ()
    contractor_slugs: tuple[str, ...] = ()
    unnamed_contractors: tuple[tuple[str, str], ...] = ()  # (anchor, status)

    def unpack(self) -> Assessment:
        """The whole model (decoded on every call: once per stage, then pass it on)."""
        return self.source.unpack()


@dataclass(frozen=True)
class Catalogue:
    """The whole normalized catalogue; every tuple is sorted for deterministic output."""

    assessments: tuple[AssessmentEntry, ...]
    agencies: tuple[AgencyEntry, ...]
    systems: tuple[SystemEntry, ...]
    contractors: tuple[ContractorEntry, ...]
    laws: tuple[LawEntry, ...]

    @property
    def provisions(self) -> tuple[ProvisionEntry, ...]:
        return tuple(p for law in self.laws for p in law.provisions)
