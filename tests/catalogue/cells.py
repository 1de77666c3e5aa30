"""An independent cell splitter for converted texts (it shares no code with the importer).

A physical line is split into cells at markdown pipes or TABs, and each cell again at HTML
block boundaries (``<p>``, ``<td>``, ``<tr>``, ``<li>``, ``<div>``, ``<br>`` …). A cell keeps
its raw text (for reading check boxes) and its normalized text: ASCII tags removed, entities
decoded, whitespace collapsed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|br|tr|td|th|li|ul|ol|table|tbody|thead|span)\b[^>]*>", re.IGNORECASE
)
ASCII_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
SPACE_RE = re.compile(r"\s+")
SEPARATOR_RE = re.compile(r"^[-:|\s]*-{2,}[-:|\s]*$|^[|:\s]*$")
BULLET_RE = re.compile(r"^(?:- (?=\S)|#{1,6}\s+)")
BOLD_RE = re.compile(r"^\*\*(.+)\*\*$")


@dataclass(frozen=True)
class Cell:
    line: int
    raw: str
    text: str


def normalize(text: str) -> str:
    """Tags removed, entities decoded, whitespace collapsed."""
    return SPACE_RE.sub(" ", html.unescape(ASCII_TAG_RE.sub(" ", text))).strip()


def squeeze(text: str) -> str:
    """The matching key: normalized, with no whitespace at all."""
    return SPACE_RE.sub("", normalize(text))


def split_line(line: str) -> list[str]:
    """Raw cells of one physical line (markdown pipes, else TABs, else the whole line)."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return stripped[1:-1].split("|")
    if "\t" in line:
        return line.split("\t")
    bold = BOLD_RE.match(BULLET_RE.sub("", stripped))
    return [bold.group(1) if bold else BULLET_RE.sub("", stripped)]


def cells_of(text: str) -> list[Cell]:
    """Every non-empty, non-separator cell of a text, with its 1-based line number."""
    cells = []
    for number, line in enumerate(text.split("\n"), start=1):
        if SEPARATOR_RE.match(line.strip()):
            continue  # markdown `|---|` rows, TSV `-----\t---` rows, `--` lines
        for raw_cell in split_line(line):
            for fragment in BLOCK_TAG_RE.split(raw_cell):
                clean = normalize(fragment)
                if clean and not SEPARATOR_RE.match(clean):
                    cells.append(Cell(number, fragment.strip(), clean))
    return cells
