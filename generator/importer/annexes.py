"""The attachments that are tables rather than labelled fields: 記録項目 and 変更箇所."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from generator.importer.labels import key_of
from generator.importer.text import Row

ITEM_RE = re.compile(r"^(\d{1,4})\s*[.．、)]?\s+(?P<name>\S.*)$|^(\d{1,4})[.．、)](?P<name2>\S.*)$")
JOINED_SPLIT_RE = re.compile(r"、(?=\s*\d{1,4}\s*[.．]\s?)")
REF_RE = re.compile(r"別紙|参照")
CHANGE_HEADER = ("変更日", "項目", "変更前の記載", "変更後の記載")
TIMINGS = {"事前": "事前", "事後": "事後"}


def read_record_item(row: Row) -> list[tuple[str, Any]]:
    """A row of 記録項目: numbered items, a group heading, or a pointer to a 別紙."""
    cells = [c for c in row.cells if c]
    if not cells:
        return []
    if len(cells) >= 2 and cells[0].isdigit():
        return [("item", {"no": int(cells[0]), "name": " ".join(cells[1:])})]
    text = " ".join(cells)
    parts = JOINED_SPLIT_RE.split(text)
    items = [_numbered(p) for p in parts]
    if all(items):
        return [("item", i) for i in items if i]
    if REF_RE.search(text):
        return [("ref", text)]
    return [("group", text)]


def _numbered(text: str) -> dict[str, Any] | None:
    match = ITEM_RE.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    number = match.group(1) or match.group(3)
    raw = text.strip()
    name = raw[len(raw) - len(match.group("name") or match.group("name2")) :]
    return {"no": int(number), "name": name.strip()}


def read_change(row: Row) -> dict[str, Any] | str | None:
    """A 変更箇所 row as a Change; None for a header row; text for other material."""
    cells = list(row.cells)
    if [key_of(c) for c in cells[:4]] == [key_of(h) for h in CHANGE_HEADER]:
        return None
    if len(cells) < 4:
        return "\n".join(c for c in cells if c)
    cells += [""] * (6 - len(cells))
    width = len(row.cells)
    change: dict[str, Any] = dict(zip(("date", "item", "before", "after"), cells, strict=False))
    if width > 4:  # an empty cell is a printed blank (""), a missing column is absent
        timing = TIMINGS.get(key_of(cells[4]))
        change["timing"] = timing or ({"value": None, "raw": cells[4]} if cells[4] else "")
    if width > 5:
        change["reason"] = "\n".join(c for c in cells[5:] if c)
    return change
