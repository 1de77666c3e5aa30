"""``pia validate [PATH…]``: report every problem of the catalogue files, then fail once.

Exit status: 0 when there is no error (warnings allowed unless ``--strict``), 1 when there
is one, 2 for a usage error (a path that does not exist). The output format is described
in generator/validate/problems.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.validate.problems import format_github, format_text, summary
from generator.validate.validator import collect_files, validate_files

DEFAULT_ROOT = Path("catalogue")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="検証するファイルまたはディレクトリ(省略時は catalogue/ 全体)",
    )
    parser.add_argument(
        "--catalogue-root",
        type=Path,
        default=DEFAULT_ROOT,
        help="カタログのルート。この下のファイルには置き場所とIDの規則も適用する(既定: catalogue)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="出力形式: text(1行1件)か github(GitHub Actions の注釈)",
    )
    parser.add_argument("--strict", action="store_true", help="警告もエラーとして扱い、失敗にする")


def run(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths or [args.catalogue_root]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"pia validate: 使い方の誤り: パスがありません: {path}", file=sys.stderr)
        return 2
    files, stray = collect_files(paths, args.catalogue_root)
    problems = sorted(
        [*stray, *validate_files(files, args.catalogue_root)],
        key=lambda p: (str(p.path), p.line, p.column),
    )
    formatter = format_github if args.format == "github" else format_text
    for problem in problems:
        print(formatter(problem))
    print(summary(problems, len(files)), file=sys.stderr if args.format == "github" else sys.stdout)
    failed = any(p.is_error or args.strict for p in problems)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m generator.validate.command``: the same command without the other stages."""
    parser = argparse.ArgumentParser(
        prog="pia validate", description="カタログのYAMLファイルを検証する"
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
