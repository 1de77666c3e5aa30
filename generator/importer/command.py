"""`pia import SRC [-o OUT] [--report] [--force]`: converted text → catalogue YAML.

Exit codes: 0 imported; 1 the input cannot be imported or the output cannot be written
(a Japanese message, never a traceback). A document cut short is imported as far as it goes
(the rest is reported as absent); one without a readable cover is refused.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import yaml

from generator.importer.core import Imported, import_bytes
from generator.importer.text import InputError
from generator.model import ASSESSMENT, Assessment


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("src", metavar="SRC", help="評価書のテキスト(UTF-8)。- で標準入力")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="出力先のYAMLファイル、またはカタログのディレクトリ(catalogue/)。省略時は標準出力",
    )
    parser.add_argument("--report", action="store_true", help="読み取り結果を標準エラーに表示する")
    parser.add_argument("--force", action="store_true", help="既存のファイルを上書きする")


def run(args: argparse.Namespace) -> int:
    try:
        data = _read(args.src)
        imported = import_bytes(data)
        text = dump(imported.assessment)
        if args.report:
            sys.stderr.write(imported.report.render())
        if args.output is None:
            sys.stdout.write(text)
        else:
            path = output_path(Path(args.output), imported)
            write_atomic(path, text, force=args.force)
            print(f"書き出しました: {path}", file=sys.stderr)
    except InputError as err:
        print(f"pia import: {err}", file=sys.stderr)
        return 1
    return 0


def _read(src: str) -> bytes:
    if src == "-":
        return sys.stdin.buffer.read()
    path = Path(src)
    if not path.is_file():
        raise InputError(f"入力ファイルが見つかりません: {src}")
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"入力ファイルを読めません: {src} ({err.strerror})") from None


def dump(assessment: Assessment) -> str:
    """YAML text of an assessment (the loader's dump when available)."""
    try:
        from generator.load.files import dump_assessment
    except ImportError:
        data = ASSESSMENT.dump_python(assessment, mode="json", exclude_none=True)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return dump_assessment(assessment)


def output_path(out: Path, imported: Imported) -> Path:
    """A file path as given, or the canonical catalogue/<agency-slug>/<id>.yaml."""
    if not (out.is_dir() or str(out).endswith(("/", os.sep))):
        return out
    if imported.agency_slug is None:
        agency = imported.assessment.cover.agency
        raise InputError(
            f"評価実施機関「{agency}」を特定できないため、カタログ内の保存先を決められません。"
            "-o にファイル名を指定してください。"
        )
    return out / imported.agency_slug / f"{imported.assessment.id}.yaml"


def write_atomic(path: Path, text: str, force: bool) -> None:
    """Write via a temporary file in the same directory; never overwrite unless forced."""
    if path.exists() and not force:
        raise InputError(f"出力先が既に存在します: {path}(上書きするには --force)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise InputError(f"出力先に書き込めません: {path} ({err.strerror})") from None
