"""Contractor history from the 変更箇所 rows: when a contractor was added or replaced, and where."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from generator.catalogue.values import ContractorEvent
from generator.model import Assessment
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


def contractor_changes(
    assessment: Assessment, agency_slug: str
) -> list[tuple[str, Contractor, ContractorEvent]]:
    """(contractor slug, contractor, event) of one assessment's 委託先 rows of 変更箇所."""
    changes: list[tuple[str, Contractor, ContractorEvent]] = []
    for index, change in enumerate(assessment.changes or (), start=1):
        item = unicodedata.normalize("NFKC", change.item or "")
        if "委託先" not in item:
            continue
        before, after = _named(change.before), _named(change.after)
        for slug in sorted(before.keys() | after.keys()):
            event = ContractorEvent(
                assessment_id=assessment.id,
                agency_slug=agency_slug,
                anchor=f"changes-{index}",
                date_raw=change.date.raw if change.date else "",
                date_iso=change.date.iso if change.date else "",
                item=change.item or "",
                before=change.before or "",
                after=change.after or "",
                action=_action(slug, before, after),
            )
            changes.append((slug, after.get(slug) or before[slug], event))
    return changes


def contractor_events(
    changes: Iterable[tuple[str, Contractor, ContractorEvent]],
) -> dict[str, tuple[Contractor, list[ContractorEvent]]]:
    """Per contractor slug: its first contractor value (for its name) and its events, in
    date order."""
    found: dict[str, tuple[Contractor, list[ContractorEvent]]] = {}
    for slug, contractor, event in changes:
        found.setdefault(slug, (contractor, []))[1].append(event)
    for _contractor, events in found.values():
        events.sort(key=lambda e: (e.date_iso, e.assessment_id, e.anchor))
    return found
