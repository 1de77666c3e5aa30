"""Contractor history from the 変更箇所 rows: when a contractor was added or replaced, and where."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from generator.catalogue.values import ContractorEvent, SourceFile
from generator.normalize.contractors import Contractor, parse_contractors


def _named(text: str | None) -> dict[str, Contractor]:
    if not text:
        return {}
    return {c.slug: c for c in parse_contractors(text) if c.slug and c.status == "named"}


def _action(slug: str, before: dict[str, Contractor], after: dict[str, Contractor]) -> str:
    if slug in before and slug in after:
        return "記載変更"
    if slug in after:
        return "交代(後任)" if before else "追加"
    return "交代(前任)" if after else "削除"


def contractor_events(
    sources: Sequence[tuple[SourceFile, str]],
) -> dict[str, tuple[Contractor, list[ContractorEvent]]]:
    """Per contractor slug: one contractor value (for its name) and its events, in date order."""
    found: dict[str, tuple[Contractor, list[ContractorEvent]]] = {}
    for source, agency_slug in sources:
        for index, change in enumerate(source.assessment.changes or (), start=1):
            item = unicodedata.normalize("NFKC", change.item or "")
            if "委託先" not in item:
                continue
            before, after = _named(change.before), _named(change.after)
            for slug in sorted(before.keys() | after.keys()):
                event = ContractorEvent(
                    assessment_id=source.assessment.id,
                    agency_slug=agency_slug,
                    anchor=f"changes-{index}",
                    date_raw=change.date.raw if change.date else "",
                    date_iso=change.date.iso if change.date else "",
                    item=change.item or "",
                    before=change.before or "",
                    after=change.after or "",
                    action=_action(slug, before, after),
                )
                contractor = after.get(slug) or before[slug]
                found.setdefault(slug, (contractor, []))[1].append(event)
    for _contractor, events in found.values():
        events.sort(key=lambda e: (e.date_iso, e.assessment_id, e.anchor))
    return found
