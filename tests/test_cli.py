"""The `pia` command itself: Japanese help, usage errors exit 2, one stage cannot break another."""

from __future__ import annotations

import subprocess
import sys

import pytest


def pia(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("args", [(), ("validate",), ("import",), ("build",), ("new",)])
def test_help_is_in_japanese(args: tuple[str, ...]) -> None:
    shown = pia(*args, "--help")
    assert shown.returncode == 0
    assert shown.stdout.startswith("使い方: pia")
    for english in ("usage:", "options:", "positional arguments:", "show this help"):
        assert english not in shown.stdout


def test_an_unknown_command_is_a_usage_error_with_exit_2() -> None:
    failed = pia("publish")
    assert failed.returncode == 2
    assert "使い方の誤り" in failed.stderr
    assert "Traceback" not in failed.stderr
