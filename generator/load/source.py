"""Reading a catalogue file's bytes into text, before any YAML parsing.

Catalogue files are UTF-8. A UTF-8 byte order mark is tolerated with a warning (editors on
Windows add it) and removed; a file in another encoding (Shift_JIS, EUC-JP, UTF-16) is
refused with a message naming the encoding. Files over ``MAX_BYTES`` are refused before
they are read, and never more than ``MAX_BYTES + 1`` bytes are read, so memory stays
bounded whatever the file. Control characters are refused with their position.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.validate.problems import Problem

MAX_BYTES = 5 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_REPORTED_CONTROLS = 20


@dataclass(frozen=True)
class SourceText:
    """The decoded text of a file, or None when it cannot be parsed, with the problems, and
    the SHA-256 of the file's bytes as read (what changes whenever the file does)."""

    text: str | None
    problems: tuple[Problem, ...]
    digest: str = ""


def read_source(path: Path) -> SourceText:
    size = path.stat().st_size
    if size > MAX_BYTES:
        return SourceText(None, (_too_large(path, size),))
    with path.open("rb") as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # grew while we looked, or a special file
        return SourceText(None, (_too_large(path, len(data)),))
    return decode_source(path, data)


def decode_source(path: Path, data: bytes) -> SourceText:
    digest = hashlib.sha256(data).hexdigest()
    problems: list[Problem] = []
    if data.startswith(UTF16_BOMS):
        return SourceText(None, (_problem(path, 1, 1, "UTF-16", "UTF-16のBOMがあります"),))
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
        problems.append(
            Problem(
                path,
                1,
                1,
                "",
                "ファイルの先頭にBOM(バイトオーダーマーク)があります。読み込みはしますが、BOMなしのUTF-8で保存してください",
                "エディタの保存形式で「UTF-8(BOMなし)」を選んでください",
                "warning",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _byte_position(data, err.start)
        return SourceText(None, (_problem(path, line, column, _guess_encoding(data), ""),))
    controls = control_problems(path, text)
    if controls:
        return SourceText(None, (*problems, *controls))
    return SourceText(text, tuple(problems), digest)


def control_problems(path: Path, text: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in CONTROL_RE.finditer(line):
            code = f"U+{ord(match.group()):04X}"
            problems.append(
                Problem(
                    path,
                    number,
                    match.start() + 1,
                    "",
                    f"制御文字({code})が含まれています。YAMLファイルには使えません",
                    "目に見えない文字です。エディタで該当の位置を削除してください",
                )
            )
            if len(problems) >= MAX_REPORTED_CONTROLS:
                return problems
    return problems


def _too_large(path: Path, size: int) -> Problem:
    return Problem(
        path,
        1,
        1,
        "",
        f"ファイルが大きすぎます({size / 1024 / 1024:.1f} MB。上限は {MAX_BYTES // 1024 // 1024} MB)。読み込みませんでした",
        "評価書1件のYAMLがこの大きさになることはありません。別のファイルを誤って置いていないか、長い別紙をそのまま貼り付けていないか確認してください",
    )


def _problem(path: Path, line: int, column: int, encoding: str, detail: str) -> Problem:
    found = (
        f"{encoding}で保存されているようです"
        if encoding
        else "UTF-8として正しくないバイト列があります"
    )
    extra = f"({detail})" if detail else ""
    return Problem(
        path,
        line,
        column,
        "",
        f"文字コードがUTF-8ではありません{extra}。{found}",
        "エディタで文字コードを「UTF-8(BOMなし)」にして保存し直してください",
    )


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _guess_encoding(data: bytes) -> str:
    for codec, name in (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return name
    return ""
