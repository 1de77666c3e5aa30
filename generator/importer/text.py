"""Converted text → logical rows of cells, with source line numbers.

Markdown pipe rows, TAB rows and free lines all become ``Row``s. Each cell keeps its raw
text (HTML intact, for reading check boxes) and a clean text (ASCII tags stripped, ``<p>``
paragraphs joined with newlines, entities decoded). Debris lines are dropped, and the
flattened copies of option lists that follow an HTML table are removed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


class InputError(Exception):
    """Input that cannot be imported; the message is Japanese and shown to the user."""


@dataclass(frozen=True)
class Row:
    """One logical row: cells as printed (raw) and cleaned, and its 1-based source line."""

    raw: tuple[str, ...]
    cells: tuple[str, ...]
    line: int

    @property
    def first(self) -> int:
        """Index of the first non-empty cell (or len(cells) when all are empty)."""
        return next((i for i, c in enumerate(self.cells) if c), len(self.cells))

    def rest(self, index: int) -> str:
        """The clean cells after ``index`` joined with newlines (the value part of a row)."""
        return "\n".join(c for c in self.cells[index + 1 :] if c)

    def raw_rest(self, index: int) -> str:
        return " ".join(c for c in self.raw[index + 1 :] if c.strip())


ASCII_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
BREAK_RE = re.compile(r"</p\s*>|<br\s*/?>|</tr\s*>|</li\s*>|</div\s*>|<p(?:\s[^>]*)?>", re.I)
CELL_BREAK_RE = re.compile(r"</td\s*>|</th\s*>", re.I)
SEPARATOR_RE = re.compile(r"^\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*\|?$")
DASHES_RE = re.compile(r"^-+$")
BULLET_RE = re.compile(r"^- (?=\S)")
HEADING_RE = re.compile(r"^#{1,6}\s+")
BOLD_RE = re.compile(r"^\*\*(.+)\*\*$")
TABLE_LINE_RE = re.compile(r"^\s*<table\b", re.I)
TR_RE = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr\s*>|(?=<tr\b)|$)", re.I | re.S)
TD_RE = re.compile(r"<t[dh]\b[^>]*>(.*?)(?:</t[dh]\s*>|(?=<t[dh]\b)|(?=</tr)|$)", re.I | re.S)
OPTION_FRAGMENT_RE = re.compile(r"^(?:\d{1,2}\)\s*\S.*|[<＜【]選択肢[>＞】])$")
JAPANESE_RE = re.compile("[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef\u2460-\u24ff]")
SPACES_RE = re.compile(r"[ \t\u00a0\u3000]+")


def decode(data: bytes) -> str:
    """Decode UTF-8 input; anything else is refused with a Japanese message."""
    if not data.strip():
        raise InputError("入力が空です。評価書のテキストを指定してください。")
    if b"\x00" in data:
        raise InputError("入力がテキストではありません(バイナリデータのようです)。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if not _looks_like_cp932(data):
            raise InputError(
                "入力がUTF-8ではなく、文字コードを判別できません。UTF-8に変換してください。"
            ) from None
        raise InputError(
            "入力がUTF-8ではありません。Shift_JIS(CP932)のようです。UTF-8に変換してください。"
        ) from None
    if _control_ratio(text) > 0.01:
        raise InputError("入力がテキストではありません(制御文字が多すぎます)。")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_cp932(data: bytes) -> bool:
    """Decodes as CP932 and most non-ASCII characters are Japanese."""
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        return False
    wide = [ch for ch in text if ord(ch) > 0x7F]
    japanese = [ch for ch in wide if JAPANESE_RE.match(ch)]
    return bool(wide) and len(japanese) >= 0.8 * len(wide)


def _control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / max(len(text), 1)


def clean(raw: str) -> str:
    """Strip ASCII tags, keep Japanese pseudo-tags, join paragraphs with newlines."""
    text = BREAK_RE.sub("\n", raw)
    text = CELL_BREAK_RE.sub(" ", text)
    text = html.unescape(ASCII_TAG_RE.sub(" ", text))
    lines = (SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def split_cells(line: str) -> tuple[str, ...] | None:
    """Cells of one physical line, or None for debris."""
    stripped = line.strip()
    if not stripped:
        return None
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        cells = tuple(c.strip() for c in stripped[1:-1].split("|"))
        if SEPARATOR_RE.match(stripped) and cells != ("-",):
            return None  # `| - |` alone is the value "nothing", not a separator
    elif "\t" in line:
        cells = tuple(c.strip() for c in line.rstrip("\t \n").split("\t"))
    else:
        cells = (_unmark(stripped),)
    return None if _is_debris(cells) else cells


def _unmark(line: str) -> str:
    """Markdown syntax around a free line: `- ` bullets, `#` headings, `**bold**`."""
    line = HEADING_RE.sub("", BULLET_RE.sub("", line))
    bold = BOLD_RE.match(line)
    return bold.group(1).strip() if bold else line


def _is_debris(cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c]
    if not filled:
        return True
    if all(DASHES_RE.match(c) for c in filled):
        return len(filled) > 1 or len(filled[0]) > 1
    return False


def _is_option_copy(cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(OPTION_FRAGMENT_RE.match(c) for c in filled)


def to_rows(text: str) -> list[Row]:
    """Every logical row of the text, de-duplicated."""
    rows: list[Row] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for raw in _physical_rows(line):
            cells = tuple(clean(c) for c in raw)
            if not any(cells) or _is_option_copy(cells):
                continue  # blank, or a flattened copy of the previous row's option list
            row = Row(raw=raw, cells=cells, line=number)
            if rows and _same(rows[-1], row):
                continue
            rows.append(row)
    return rows


def _physical_rows(line: str) -> list[tuple[str, ...]]:
    """A line is usually one row; a line holding a whole HTML table gives one row per <tr>."""
    if TABLE_LINE_RE.match(line):
        rows = [tuple(c.strip() for c in TD_RE.findall(tr)) for tr in TR_RE.findall(line)]
        rows = [r for r in rows if r and not _is_debris(r)]
        if rows:
            return rows
    cells = split_cells(line)
    return [] if cells is None else [cells]


def _same(a: Row, b: Row) -> bool:
    return [c for c in a.cells if c] == [c for c in b.cells if c]
