"""The law registry (generator/normalize/laws.json): keys, short names, titles, law numbers.

The same JSON file is shipped to the browser (theme/assets/js/citations.js receives it as an
object), so every alias rule lives in the data, never in code on one side only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.normalize.citations.text import matching_copy

REGISTRY_PATH = Path(__file__).resolve().parents[1] / "laws.json"


@dataclass(frozen=True)
class Delegation:
    """An instrument named by the provision that empowers it (第19条第8号に基づく主務省令)."""

    law: str
    article: str
    item: str | None
    names: tuple[str, ...]


@dataclass(frozen=True)
class Law:
    key: str
    short: str
    title: str
    aliases: tuple[str, ...]
    number: str | None
    egov_id: str | None
    delegated_by: Delegation | None


@dataclass(frozen=True)
class TableAlias:
    law: str
    label: str
    alias_of: str
    era: str


@dataclass(frozen=True)
class Registry:
    default_law: str
    laws: Mapping[str, Law]
    table_aliases: tuple[TableAlias, ...]
    table_eras: Mapping[tuple[str, str], str]
    ordinance_shorts: Mapping[str, str]

    def names(self) -> dict[str, str]:
        """Every printed name (matching copy) → law key: aliases, short names and titles."""
        names: dict[str, str] = {}
        for law in self.laws.values():
            for name in (law.title, law.short, *law.aliases):
                names[matching_copy(name)] = law.key
        return names

    def table_alias(self, law: str, label: str) -> TableAlias | None:
        return next((a for a in self.table_aliases if (a.law, a.label) == (law, label)), None)

    def delegate(self, law: str, article: str | None, item: str | None) -> Law | None:
        """The instrument that the provision law/article/item empowers, if registered."""
        for candidate in self.laws.values():
            via = candidate.delegated_by
            if via and (via.law, via.article, via.item) == (law, article, item):
                return candidate
        return None


def registry_from_json(data: Mapping) -> Registry:
    """Build a Registry from the decoded laws.json object."""
    laws = {key: _law(key, entry) for key, entry in data["laws"].items()}
    aliases = tuple(TableAlias(**entry) for entry in data.get("table_aliases", []))
    eras = {(e["law"], e["label"]): e["era"] for e in data.get("table_eras", [])}
    shorts = {
        matching_copy(title): entry["short"]
        for entry in data.get("ordinances", [])
        for title in entry["titles"]
    }
    return Registry(data["default_law"], laws, aliases, eras, shorts)


@cache
def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    """The registry shipped with the generator (read once; Registry is immutable)."""
    return registry_from_json(json.loads(path.read_text(encoding="utf-8")))


def _law(key: str, entry: Mapping) -> Law:
    via = entry.get("delegated_by")
    delegation = (
        Delegation(via["law"], via["article"], via.get("item"), tuple(via["names"]))
        if via
        else None
    )
    return Law(
        key=key,
        short=entry["short"],
        title=entry["title"],
        aliases=tuple(entry.get("aliases", [])),
        number=entry.get("number"),
        egov_id=entry.get("egov_id"),
        delegated_by=delegation,
    )
