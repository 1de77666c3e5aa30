"""The cover page (表紙) as a label state machine, and recognition of the form type.

Each cover label sits on its own line with its value on later lines. A line equal to a known
cover label, a form-version line or ``項目一覧`` ends the previous field, so an empty value
never swallows the next label.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.importer.labels import key_of, parse_label
from generator.importer.text import InputError, Row
from generator.model.choices import FormType

TITLE_RE = re.compile(r"特定個人情報保護評価書\s*[(（]\s*(基礎項目|重点項目|全項目)評価書\s*[)）]")
VERSION_RE = re.compile(r"^\[?\s*((?:平成|令和)\s*\S+?年\s*\d+月\s*様式\s*(\d))\s*\]?$")
FORM_BY_KIND = {"基礎項目": FormType.BASIC, "重点項目": FormType.FOCUSED, "全項目": FormType.FULL}
FORM_BY_NUMBER = {"2": FormType.BASIC, "3": FormType.FOCUSED, "4": FormType.FULL}
ENDED_RE = re.compile(r"【\s*([^】]*?)\s*終了\s*】")
COVER_LABELS = {
    key_of("個人のプライバシー等の権利利益の保護の宣言"): "declaration",
    key_of("特記事項"): "special_notes",
    key_of("評価実施機関名"): "agency",
    key_of("個人情報保護委員会 承認日【行政機関等のみ】"): "approval_date",
    key_of("個人情報保護委員会承認日"): "approval_date",
    key_of("公表日"): "publication_date",
    key_of("項目一覧"): "toc",
    key_of("評価書番号"): "number",
    key_of("評価書名"): "title",
}
JOINED = ("title", "number")  # wrapped mid-word in some conversions: joined without a break


@dataclass
class Cover:
    form_type: FormType | None = None
    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    toc: list[str] = field(default_factory=list)
    ended: bool = False
    body_start: int = 0  # index of the first body row


def detect_form(rows: list[Row]) -> tuple[FormType | None, int]:
    """The form from the title line (or the version line), and the title row's index."""
    for index, row in enumerate(rows[:40]):
        match = TITLE_RE.search(unicodedata.normalize("NFKC", " ".join(row.cells)))
        if match:
            return FORM_BY_KIND[match.group(1)], index
    for row in rows[:60]:
        version = (
            VERSION_RE.match(unicodedata.normalize("NFKC", row.cells[row.first]).strip())
            if row.first < len(row.cells)
            else None
        )
        if version:
            return FORM_BY_NUMBER.get(version.group(2)), -1
    return None, -1


def parse_cover(rows: list[Row]) -> Cover:
    form, start = detect_form(rows)
    if form is None:
        raise InputError(
            "特定個人情報保護評価書のテキストではないようです"
            "(表題「特定個人情報保護評価書(…評価書)」も様式の表示も見つかりません)。"
        )
    cover = Cover(form_type=form)
    index = _number_and_title(rows, max(start, 0), cover)
    cover.body_start = _labels(rows, index, cover)
    _ended(cover, " ".join(rows[start].cells) if start >= 0 else "")
    _check(cover)
    return cover


def _number_and_title(rows: list[Row], start: int, cover: Cover) -> int:
    """The mini table `評価書番号 | 評価書名` followed by `N | name` (columns in either order)."""
    for index in range(start, min(start + 12, len(rows))):
        keys = [key_of(c) for c in rows[index].cells]
        if "評価書番号" in keys and "評価書名" in keys and index + 1 < len(rows):
            values = rows[index + 1].cells
            number_at, title_at = keys.index("評価書番号"), keys.index("評価書名")
            if number_at < len(values):
                cover.values["number"] = values[number_at]
                cover.lines["number"] = rows[index + 1].line
            if title_at < len(values):
                cover.values["title"] = values[title_at]
                cover.lines["title"] = rows[index + 1].line
            return index + 2
    return start + 1


def _labels(rows: list[Row], index: int, cover: Cover) -> int:
    current: str | None = None
    while index < len(rows):
        row = rows[index]
        text = "\n".join(c for c in row.cells if c)
        key = key_of(text)
        version = VERSION_RE.match(unicodedata.normalize("NFKC", text).strip())
        if version:
            cover.values["form_version"] = version.group(1)
            current = None
        elif key in COVER_LABELS:
            current = COVER_LABELS[key]
            if current == "toc":
                return _toc(rows, index + 1, cover)
            cover.values.setdefault(current, "")
            cover.lines[current] = row.line
        elif _is_part_heading(text) and cover.values:
            return index
        elif current is not None:
            previous = cover.values.get(current, "")
            joiner = "" if current in JOINED else "\n"
            cover.values[current] = f"{previous}{joiner}{text}" if previous else text
        index += 1
    return index


def _is_part_heading(text: str) -> bool:
    return parse_label(text.split("\n", 1)[0]).kind in ("roman", "annex")


def _toc(rows: list[Row], index: int, cover: Cover) -> int:
    """TOC entries until one repeats (the body starts) or a non-heading row appears."""
    seen: set[str] = set()
    while index < len(rows):
        text = "\n".join(c for c in rows[index].cells if c)
        if not _is_part_heading(text) or key_of(text) in seen:
            return index
        seen.add(key_of(text))
        cover.toc.append(text)
        index += 1
    return index


def _ended(cover: Cover, title_line: str) -> None:
    """`【令和N年N月N日 終了】` in the title (or the form's title line): ended, on that date."""
    for text in (cover.values.get("title", ""), title_line):
        match = ENDED_RE.search(text)
        if match:
            cover.ended = True
            if match.group(1):
                cover.values["ended"] = match.group(1)
            return


def _check(cover: Cover) -> None:
    missing = [
        label
        for key, label in (
            ("number", "評価書番号"),
            ("title", "評価書名"),
            ("agency", "評価実施機関名"),
        )
        if not cover.values.get(key, "").strip()
    ]
    if missing:
        raise InputError(
            "表紙を読み取れません(" + "・".join(missing) + "が見つかりません)。"
            "テキストが途中で切れていないか確認してください。"
        )
