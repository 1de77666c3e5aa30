"""Text → validated assessment: decode, rows, cover, walk, assemble, validate, dump."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from generator.importer.checks import absent_fields, check
from generator.importer.cover import parse_cover
from generator.importer.outlines import OUTLINES
from generator.importer.report import Report
from generator.importer.text import InputError, decode, to_rows
from generator.importer.walker import Walker
from generator.model import ASSESSMENT, Assessment
from generator.model.choices import FormType

TITLE_SUFFIX = ("全項目評価書", "重点項目評価書", "基礎項目評価書")
MAX_REPAIRS = 50


@dataclass(frozen=True)
class Imported:
    assessment: Assessment
    agency_slug: str | None
    report: Report


def import_bytes(data: bytes) -> Imported:
    """Import one converted assessment; raises InputError with a Japanese message."""
    text = decode(data)
    rows = to_rows(text)
    report = Report()
    cover = parse_cover(rows)
    assert cover.form_type is not None
    walker = Walker(OUTLINES[cover.form_type], report)
    walker.walk(rows[cover.body_start :])
    if not report.found_paths and not report.empty_paths:
        report.notice(
            "本文の項目が見つかりません。表紙だけを取り込みました(途中で切れている可能性があります)。"
        )
    slug = agency_slug(cover.values["agency"], report)
    doc = _assemble(cover, walker, slug, hashlib.sha256(data).hexdigest())
    report.absent_paths.extend(absent_fields(OUTLINES[cover.form_type], doc, cover.form_type))
    check(doc, report)
    return Imported(_validate(doc, report), slug, report)


def agency_slug(agency: str, report: Report) -> str | None:
    try:
        from generator.normalize.agencies import resolve_agency
    except ImportError:
        report.notice("評価実施機関の正規化(generator.normalize.agencies)が使えません。")
        return None
    resolved = resolve_agency(agency)
    if resolved is None:
        report.notice(f"評価実施機関「{agency}」を特定できません。IDは仮のものです。")
        return None
    return resolved.slug


def assessment_id(slug: str | None, number: str) -> str:
    digits = unicodedata.normalize("NFKC", number).strip().lower()
    digits = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in digits).strip("-")
    return f"{slug or 'unknown'}-{digits or 'x'}"


def _assemble(cover: Any, walker: Walker, slug: str | None, sha: str) -> dict[str, Any]:
    values = cover.values
    cover_out: dict[str, Any] = {
        "number": values["number"].strip(),
        "title": values["title"].strip(),
        "agency": values["agency"].strip(),
    }
    for key in (
        "declaration",
        "special_notes",
        "approval_date",
        "publication_date",
        "form_version",
        "ended",
    ):
        if key in values and not (key == "approval_date" and cover.form_type != FormType.FULL):
            cover_out[key] = values[key]
    if cover.toc:
        cover_out["toc"] = cover.toc
    doc: dict[str, Any] = {
        "id": assessment_id(slug, cover_out["number"]),
        "form_type": cover.form_type.value,
    }
    if cover.ended:
        doc["status"] = "終了"
    doc["provenance"] = {"text_sha256": sha}
    doc["cover"] = cover_out
    doc.update(walker.doc)
    if cover.form_type != FormType.BASIC:
        doc["files"] = walker.files
    return doc


def _validate(doc: dict[str, Any], report: Report) -> Assessment:
    """Validate; a value the model refuses is dropped and reported, never rewritten."""
    for _ in range(MAX_REPAIRS):
        try:
            return ASSESSMENT.validate_python(doc)
        except ValidationError as err:
            errors = err.errors()
            if not _drop(doc, errors[0]["loc"], report, errors[0]["msg"]):
                break
    raise InputError(
        "取り込んだ内容がカタログの形式に合いません(取り込み処理の不具合の可能性があります)。"
    )


def _drop(doc: dict[str, Any], loc: tuple[Any, ...], report: Report, message: str) -> bool:
    """Delete the value at a validation error's location (union tags in loc are skipped)."""
    node: Any = doc
    path: list[Any] = []
    parent: Any = None
    for key in loc:
        if (isinstance(node, dict) and key in node) or _indexable(node, key):
            parent, node = node, node[key]
            path.append(key)
    if parent is None:
        return False
    if isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent.pop(path[-1])
    report.damaged("/".join(str(p) for p in path), None, f"形式に合わないため除外: {message}")
    return True


def _indexable(node: Any, key: Any) -> bool:
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
