"""Open data: the catalogue as JSON and CSV, the JSON Schema, and an Atom feed.

All output is deterministic: sorted keys, sorted rows, dates from the catalogue only.
data/catalogue.json is a summary index (one small record per assessment, with the URL of
its own expanded JSON), so it stays small at national scale; the CSVs are streamed row by
row. A CSV cell that a spreadsheet would read as a formula (= + - @, tab, carriage return
first) is prefixed with a single quote, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
import functools
import heapq
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO
from xml.sax.saxutils import escape

from generator.catalogue import AssessmentEntry, Catalogue
from generator.catalogue.values import ContractorEntry, Holding, SystemEntry, SystemUse
from generator.model import ASSESSMENT
from generator.model.schema import schema_text
from generator.render import urls
from generator.render.escape import safe_url
from generator.splice import Block, Frame, write_blocks
from generator.write import GuardedWriter

FEED_ENTRIES = 200
FEED_ID = "tag:pia-catalogue.example,2025:feed"
CSV_BOM = "\ufeff"  # so that spreadsheet software reads the UTF-8 Japanese text correctly
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CATALOGUE_VERSION = 2


def expanded(entry: AssessmentEntry) -> dict[str, Any]:
    return ASSESSMENT.dump_python(entry.unpack(), mode="json", context={"expanded": True})


def provenance_url(entry: AssessmentEntry) -> str | None:
    provenance = entry.source.packed.provenance
    return provenance.url if provenance else None


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def open_data_files(
    catalogue: Catalogue, unchanged: Callable[[AssessmentEntry], bool] = lambda _: False
) -> list[Callable[[GuardedWriter], None]]:
    """The catalogue-wide open-data files, each a function that writes it into the content
    tree: the page stage's processes share them with the pages (generator/render/units.py).
    The rows and records of an assessment that ``unchanged`` accepts (its fingerprint is
    the last build's) are copied from the last build's files when they can be
    (generator/splice.py).

    Each assessment's own downloads (`write_downloads`) are written with its page.
    """
    texts = [functools.partial(_write_text, path, make, catalogue) for path, make in TEXTS.items()]
    tables = [
        functools.partial(_write_entity_table, f"{urls.DATA}{name}", table, catalogue, unchanged)
        for name, table in ENTITY_TABLES.items()
    ]
    per_assessment = [
        functools.partial(_write_catalogue_json, catalogue, unchanged),
        *(
            functools.partial(
                _write_csv_blocks, f"{urls.DATA}{name}", header, rows, catalogue, unchanged
            )
            for name, (header, rows) in ASSESSMENT_TABLES.items()
        ),
    ]
    return [*texts, *per_assessment, *tables]


def _write_text(
    path: str, make: Callable[[Catalogue], str], catalogue: Catalogue, writer: GuardedWriter
) -> None:
    writer.write_text(path, make(catalogue), "オープンデータ")


def _write_entity_table(
    path: str,
    table: EntityTable,
    catalogue: Catalogue,
    unchanged: Callable[[AssessmentEntry], bool],
    writer: GuardedWriter,
) -> None:
    """A table of a row per use of each entity, sorted: a block per entity (by slug) and
    assessment (by id), named by both and the entity's name, its rows sorted."""
    entries = {a.id: a for a in catalogue.assessments}

    def blocks() -> Iterator[Block]:
        for entity in sorted(table.entities(catalogue), key=lambda e: (e.slug, e.name)):
            by_assessment: dict[str, list[Any]] = defaultdict(list)
            for use in table.uses(entity):
                by_assessment[use.assessment_id].append(use)
            for assessment_id, uses in sorted(by_assessment.items()):
                name = f"{entity.slug}\x1f{entity.name}\x1f{assessment_id}"
                make = functools.partial(_entity_rows_bytes, table.row, entity, uses)
                yield Block(name, unchanged(entries[assessment_id]), make)

    frame = Frame(head=to_csv(table.header, ()).encode("utf-8"))
    write_blocks(writer, path, "オープンデータ", blocks(), frame)


def _entity_rows_bytes(
    row: Callable[[Any, Any], tuple[Any, ...]], entity: Any, uses: list[Any]
) -> bytes:
    return _rows_bytes(sorted(row(entity, use) for use in uses))


def _write_csv_blocks(
    path: str,
    header: tuple[str, ...],
    rows: Callable[[AssessmentEntry], Iterable[tuple[Any, ...]]],
    catalogue: Catalogue,
    unchanged: Callable[[AssessmentEntry], bool],
    writer: GuardedWriter,
) -> None:
    """A table of a block of rows per assessment, in catalogue order."""
    blocks = (
        Block(entry.id, unchanged(entry), functools.partial(_csv_bytes, rows, entry))
        for entry in catalogue.assessments
    )
    frame = Frame(head=to_csv(header, ()).encode("utf-8"))
    write_blocks(writer, path, "オープンデータ", blocks, frame)


def _write_catalogue_json(
    catalogue: Catalogue, unchanged: Callable[[AssessmentEntry], bool], writer: GuardedWriter
) -> None:
    """data/catalogue.json: its "assessments" a block per assessment (`assessment_record`),
    the rest made whole; the same bytes as `dumps` of the whole."""
    summary = catalogue_summary(catalogue)
    members = [f"{_compact(key)}:{_compact(value)}" for key, value in sorted(summary.items())]
    at = sum(1 for key in summary if key < "assessments")
    head = "{" + "".join(f"{member}," for member in members[:at]) + '"assessments":['
    tail = "]" + "".join(f",{member}" for member in members[at:]) + "}\n"
    blocks = (
        Block(a.id, unchanged(a), functools.partial(_record_bytes, a))
        for a in catalogue.assessments
    )
    frame = Frame(head.encode("utf-8"), b",", tail.encode("utf-8"))
    write_blocks(writer, CATALOGUE_JSON, "オープンデータ", blocks, frame)


def _compact(data: Any) -> str:
    return dumps(data).removesuffix("\n")


def _record_bytes(entry: AssessmentEntry) -> bytes:
    return _compact(assessment_record(entry)).encode("utf-8")


def _csv_bytes(
    rows: Callable[[AssessmentEntry], Iterable[tuple[Any, ...]]], entry: AssessmentEntry
) -> bytes:
    return _rows_bytes(rows(entry))


def _rows_bytes(rows: Iterable[tuple[Any, ...]]) -> bytes:
    """CSV rows (no header), UTF-8: a block of a table written by generator/splice.py."""
    buffer = io.StringIO()
    _write_rows(buffer, rows)
    return buffer.getvalue().encode("utf-8")


def write_downloads(entry: AssessmentEntry, writer: GuardedWriter, reuse: bool) -> int:
    """The assessment's YAML (its source file) and expanded JSON; 0 if both were kept."""
    yaml_path = urls.assessment_download(entry.id, "yaml")
    json_path = urls.assessment_download(entry.id, "json")
    if reuse and writer.keep(yaml_path, entry.id) and writer.keep(json_path, entry.id):
        return 0
    if not writer.is_claimed(yaml_path):
        writer.write_text(yaml_path, entry.source.read_text(), entry.id)  # a copy of the file
    if not writer.is_claimed(json_path):
        writer.write_text(json_path, dumps(expanded(entry)), entry.id)
    return 2


def assessment_record(a: AssessmentEntry) -> dict[str, Any]:
    """An assessment's record in data/catalogue.json."""
    return {
        "id": a.id,
        "title": a.title,
        "agency": a.agency_slug,
        "kind": a.kind,
        "number": a.number,
        "published": a.published,
        "updated": a.updated,
        "page": urls.assessment(a.id),
        "json": urls.assessment_download(a.id, "json"),
        "yaml": urls.assessment_download(a.id, "yaml"),
    }


def catalogue_summary(catalogue: Catalogue) -> dict[str, Any]:
    """data/catalogue.json but its "assessments" (`assessment_record` each)."""
    return {
        "format": "pia-catalogue",
        "version": CATALOGUE_VERSION,
        "license": "CC BY 4.0",
        "agencies": [
            {
                "slug": a.slug,
                "name": a.name,
                "body": a.body,
                "kind": a.kind,
                "prefecture": a.prefecture,
                "code": a.code,
                "assessments": list(a.assessment_ids),
            }
            for a in catalogue.agencies
        ],
        "systems": [
            {
                "slug": s.slug,
                "name": s.name,
                "variants": list(s.variants),
                "assessments": sorted({u.assessment_id for u in s.uses}),
            }
            for s in catalogue.systems
        ],
        "contractors": [
            {
                "slug": c.slug,
                "name": c.name,
                "corporate_numbers": list(c.corporate_numbers),
                "variants": list(c.variants),
                "assessments": sorted({h.assessment_id for h in c.holdings}),
            }
            for c in catalogue.contractors
        ],
        "laws": [
            {
                "key": law.key,
                "title": law.title,
                "short": law.short,
                "provisions": [
                    {"key": p.key, "label": p.label, "uses": len(p.uses)} for p in law.provisions
                ],
            }
            for law in catalogue.laws
        ],
    }


ASSESSMENT_HEADER = (
    "id",
    "評価書名",
    "評価実施機関",
    "評価実施機関スラッグ",
    "種類",
    "評価書番号",
    "状態",
    "公表日",
    "最終変更日",
    "ページ",
    "原本PDF",
)


def assessment_row(a: AssessmentEntry) -> tuple[tuple[Any, ...]]:
    return (
        (
            a.id,
            a.title,
            a.agency_name,
            a.agency_slug,
            a.kind,
            a.number,
            a.source.packed.status.value,
            a.published,
            a.updated,
            urls.assessment(a.id),
            safe_url(provenance_url(a)) or "",
        ),
    )


CONTRACTOR_HEADER = (
    "委託先スラッグ",
    "委託先",
    "評価書id",
    "評価実施機関スラッグ",
    "委託事項",
    "再委託の有無",
    "原文",
)


def contractor_row(c: ContractorEntry, h: Holding) -> tuple[Any, ...]:
    return (
        c.slug,
        c.name,
        h.assessment_id,
        h.agency_slug,
        h.item or "",
        h.subcontracting or "",
        h.raw,
    )


SYSTEM_HEADER = (
    "システムスラッグ",
    "システム",
    "評価書id",
    "評価実施機関スラッグ",
    "原文",
    "機能",
    "接続",
)


def system_row(s: SystemEntry, u: SystemUse) -> tuple[Any, ...]:
    return (
        s.slug,
        s.name,
        u.assessment_id,
        u.agency_slug,
        u.raw,
        u.functions or "",
        "、".join(u.connections),
    )


CITATION_HEADER = (
    "評価書id",
    "評価実施機関スラッグ",
    "役割",
    "法令キー",
    "条項キー",
    "条項",
    "原文",
    "要確認",
    "記載箇所",
)


def citation_rows(a: AssessmentEntry) -> list[tuple[Any, ...]]:
    return [
        (
            u.assessment_id,
            u.agency_slug,
            u.role.value,
            u.law or "",
            u.provision or "",
            u.label,
            u.raw,
            "1" if u.needs_review else "0",
            u.anchor,
        )
        for u in a.citations
    ]


def neutralize(cell: Any) -> Any:
    """A text cell that starts like a formula gets a leading single quote (OWASP)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_csv(stream: TextIO, header: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """Stream a CSV table (BOM, CRLF) row by row; every cell neutralized."""
    stream.write(CSV_BOM)
    csv.writer(stream, lineterminator="\r\n").writerow(header)
    _write_rows(stream, rows)


def _write_rows(stream: TextIO, rows: Iterable[tuple[Any, ...]]) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])


def to_csv(header: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue()


def feed_events(catalogue: Catalogue) -> Iterator[tuple[str, str, AssessmentEntry]]:
    """(ISO date, 公表 or 変更, assessment) for every dated publication and change."""
    for entry in catalogue.assessments:
        if entry.published:
            yield entry.published, "公表", entry
        for date in sorted(set(entry.changed) - {entry.published}):
            yield date, "変更", entry


def atom_feed(catalogue: Catalogue) -> str:
    # the newest, as sorting every event newest first would give them
    events = heapq.nlargest(
        FEED_ENTRIES, feed_events(catalogue), key=lambda e: (e[0], e[2].id, e[1])
    )
    updated = f"{events[0][0]}T00:00:00+09:00" if events else "2000-01-01T00:00:00+09:00"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">',
        "<title>評価書カタログ 新着・更新</title>",
        f"<id>{FEED_ID}</id>",
        f"<updated>{updated}</updated>",
        '<link rel="self" href="feed.xml"/>',
        '<link rel="alternate" type="text/html" href="./"/>',
        "<author><name>評価書カタログ</name></author>",
    ]
    for date, action, entry in events:
        lines += [
            "<entry>",
            f"<title>{escape(f'【{action}】{entry.title}({entry.agency_name})')}</title>",
            f"<id>{FEED_ID}:{entry.id}:{date}:{'published' if action == '公表' else 'changed'}</id>",
            f"<updated>{date}T00:00:00+09:00</updated>",
            f'<link rel="alternate" type="text/html" href="{urls.assessment(entry.id)}"/>',
            f"<summary>{escape(f'{entry.agency_name}の{entry.kind}(評価書番号{entry.number})が{date}に{action}されました。')}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _schema(_: Catalogue) -> str:
    return schema_text()


CATALOGUE_JSON = f"{urls.DATA}catalogue.json"
TEXTS: dict[str, Callable[[Catalogue], str]] = {
    urls.SCHEMA: _schema,
    urls.FEED: atom_feed,
}


@dataclass(frozen=True)
class EntityTable:
    """A table of a row per use of each entity (contractor, system)."""

    header: tuple[str, ...]
    entities: Callable[[Catalogue], Iterable[Any]]
    uses: Callable[[Any], Iterable[Any]]  # each made from one assessment's file
    row: Callable[[Any, Any], tuple[Any, ...]]


ENTITY_TABLES: dict[str, EntityTable] = {
    "contractors.csv": EntityTable(
        CONTRACTOR_HEADER, lambda c: c.contractors, lambda c: c.holdings, contractor_row
    ),
    "systems.csv": EntityTable(SYSTEM_HEADER, lambda c: c.systems, lambda s: s.uses, system_row),
}
# Tables of a block of rows per assessment, in catalogue order (generator/splice.py)
ASSESSMENT_TABLES: dict[
    str, tuple[tuple[str, ...], Callable[[AssessmentEntry], Iterable[tuple[Any, ...]]]]
] = {
    "assessments.csv": (ASSESSMENT_HEADER, assessment_row),
    "citations.csv": (CITATION_HEADER, citation_rows),
}
