"""Japanese display text for laws and citations, for pages."""

from __future__ import annotations

from generator.normalize.citations.model import Citation, TableRef
from generator.normalize.citations.registry import Registry, load_registry


def law_title(key: str, registry: Registry | None = None) -> str:
    """The official title (番号法 → 行政手続における…に関する法律); `local:東京都:X` → `東京都 X`."""
    registry = registry or load_registry()
    if key in registry.laws:
        return registry.laws[key].title
    if key.startswith("local:"):
        _, body, short = key.split(":", 2)
        return f"{body} {short}"
    raise KeyError(f"unknown law key: {key}")


def law_short_name(key: str, registry: Registry | None = None) -> str:
    """The short name for labels: 番号法, 住民基本台帳法, 東京都 番号利用条例."""
    registry = registry or load_registry()
    return registry.laws[key].short if key in registry.laws else law_title(key, registry)


def citation_label(citation: Citation, registry: Registry | None = None) -> str:
    """`番号法 第19条第8号`, `住民基本台帳法 第30条の11 別表第三 項番7の13`; raw if unresolved."""
    if citation.law is None:
        return citation.raw.lstrip("・ ").strip()
    parts = [law_short_name(citation.law, registry)]
    if citation.article is not None:
        parts.append(_provision_label(citation))
    if citation.table is not None:
        parts.append(_table_label(citation.table))
    return " ".join(parts)


def _provision_label(citation: Citation) -> str:
    text = "第" + _branched(citation.article or "", "条")
    if citation.paragraph is not None:
        text += f"第{citation.paragraph}項"
    if citation.item is not None:
        text += "第" + _branched(citation.item, "号")
    return text


def _branched(value: str, unit: str) -> str:
    head, *branches = value.split("_")
    return head + unit + "".join(f"の{branch}" for branch in branches)


def _table_label(table: TableRef) -> str:
    rows = [row.replace("_", "の") for row in table.rows]
    rows += [f"{low.replace('_', 'の')}～{high.replace('_', 'の')}" for low, high in table.ranges]
    label = f"{table.label} 項番{'、'.join(rows)}" if rows else table.label
    return label + "".join(f" 第{column}欄" for column in table.columns)
