"""The canonical citation record (pia-form.md §10.4) and its key grammar.

    <law_key>[:a<article>[.p<paragraph>][.i<item>]][:<table_label>#<row>[,<row>…]]

Rows of a range are written from-to (別表第一#11-15).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TableRef:
    """A table (別表, 別表第三, 主務省令第2条の表) and the rows cited from it."""

    of: str | None  # key of the instrument that owns the table
    label_raw: str  # as printed: 別表第3, 別表第1, 表
    label: str  # canonical: 別表, 別表第一…別表第六, 表
    rows: tuple[str, ...] = ()  # "27", "7_13"
    ranges: tuple[tuple[str, str], ...] = ()  # ("11", "15") for 11から15
    columns: tuple[str, ...] = ()  # 第N欄
    alias_of: str | None = None  # 別表 for 番号法 別表第一 (renamed in 2024)

    @property
    def key(self) -> str:
        """`別表第三#7_13`, `表#53,76,124`, `別表第一#11-15`, or just the label."""
        cited = [*self.rows, *(f"{low}-{high}" for low, high in self.ranges)]
        return f"{self.label}#{','.join(cited)}" if cited else self.label


@dataclass(frozen=True)
class Citation:
    """One cited unit: a law, an article path inside it, and optionally a table's rows."""

    raw: str
    law: str | None
    article: str | None = None  # "30_11"
    paragraph: str | None = None  # "1"
    item: str | None = None  # "8", "5_2"
    caption: str | None = None  # 利用範囲
    table: TableRef | None = None
    qualifiers: tuple[str, ...] = ()  # 予定, 等
    refs: tuple[str, ...] = ()  # 別紙1
    needs_review: bool = False
    era: str | None = None  # pre_2024 | post_2024 for 番号法 tables
    law_raw: str | None = None  # the instrument's name as printed
    as_of: date | None = None  # 公表日 or latest change: which revision is cited; not in the key

    @property
    def provision(self) -> str | None:
        """`a19.i8`, `a9.p1`, `a30_11`, or None when no article is cited."""
        if self.article is None:
            return None
        path = f"a{self.article}"
        if self.paragraph is not None:
            path += f".p{self.paragraph}"
        if self.item is not None:
            path += f".i{self.item}"
        return path

    @property
    def canonical(self) -> str | None:
        """The key of §10.4 (`juki_act:a30_11:別表第三#7_13`); None when the law is unknown."""
        if self.law is None:
            return None
        parts = [self.law]
        if self.provision:
            parts.append(self.provision)
        if self.table:
            parts.append(self.table.key)
        return ":".join(parts)
