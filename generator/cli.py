"""The `pia` command: validate, import, build, new.

Each sub-command lives in the module of its stage; this file only wires them together.
Usage errors exit 2, problems in the data exit 1, and no command ends in a traceback; an
interrupted command cleans up and exits 130 (Ctrl-C) or 143 (SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType

COMMANDS = {
    "validate": ("generator.validate.command", "カタログのYAMLファイルを検証する"),
    "import": ("generator.importer.command", "評価書のテキストからYAMLの下書きを作る"),
    "build": ("generator.build", "catalogue/ からサイトを生成する"),
    "new": ("generator.scaffold", "新しい評価書のYAMLひな形を作る"),
}


# argparse prints these headings in English; everything a user sees is Japanese
HEADINGS = {
    "usage: ": "使い方: ",
    "positional arguments:": "引数:",
    "options:": "オプション:",
    "show this help message and exit": "このヘルプを表示して終了する",
}


class JapaneseArgumentParser(argparse.ArgumentParser):
    def format_usage(self) -> str:
        return _translated(super().format_usage())

    def format_help(self) -> str:
        return _translated(super().format_help())

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 使い方の誤り: {message}\n")


def _translated(text: str) -> str:
    for english, japanese in HEADINGS.items():
        text = text.replace(english, japanese)
    return text


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the chosen command's module is imported (a broken stage cannot break the others)."""
    parser = JapaneseArgumentParser(prog="pia", description="評価書カタログ (pia)")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=JapaneseArgumentParser
    )
    commands.required = True
    for name, (module_name, help_text) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if name == command:
            module = importlib.import_module(module_name)
            module.add_arguments(sub)
            sub.set_defaults(run=module.run)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    return next((arg for arg in argv if not arg.startswith("-")), None)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a cancelled CI job, ``kill``): unwinds the command as Ctrl-C does, so that
    every stage cleans up after itself (a build removes its staging directories)."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises `Terminated` while the command runs (in forked children too, which
    inherit the handler); the previous handler is put back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (and receives signals)
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(chosen_command(argv)).parse_args(argv)
    try:
        with sigterm_unwinds():
            return int(args.run(args))
    except Terminated:
        print("終了の要求(SIGTERM)を受けて中断しました。", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("中断しました。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # the last line of defence: report, never a traceback
        print(f"pia: 予期しないエラーが発生しました: {type(err).__name__}: {err}", file=sys.stderr)
        print("この問題を報告してください(再現手順と入力ファイルを添えて)。", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
