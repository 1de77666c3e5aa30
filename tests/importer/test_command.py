"""`pia import`: output targets, --force, atomic writes, --report and bad input."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from generator.importer import command
from generator.model import ASSESSMENT

from .conftest import fixture_path, seed_path


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return command.run(parser.parse_args(list(argv)))


def test_the_yaml_goes_to_stdout_and_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(fixture_path("full_two_files.txt"))) == 0
    out = capsys.readouterr().out
    assert ASSESSMENT.validate_python(yaml.safe_load(out)).cover.number == "7"


def test_stdin_is_read_with_a_dash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = fixture_path("basic.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": __import__("io").BytesIO(data)})())
    assert run("-") == 0
    assert "基礎項目評価書" in capsys.readouterr().out


def test_an_existing_file_is_never_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    out.write_text("keep", encoding="utf-8")
    assert run(str(fixture_path("basic.txt")), "-o", str(out)) == 1
    assert out.read_text(encoding="utf-8") == "keep"
    assert run(str(fixture_path("basic.txt")), "-o", str(out), "--force") == 0
    assert "基礎項目評価書" in out.read_text(encoding="utf-8")


def test_no_partial_or_temporary_file_is_left_behind(tmp_path: Path) -> None:
    assert run(str(fixture_path("basic.txt")), "-o", str(tmp_path / "b.yaml")) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["b.yaml"]


def test_a_catalogue_directory_gets_the_canonical_path(tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue"
    catalogue.mkdir()
    assert run(str(seed_path("002")), "-o", str(catalogue)) == 0
    assert (catalogue / "290009-chiji" / "290009-chiji-30.yaml").is_file()


def test_an_unknown_agency_cannot_go_into_the_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(str(fixture_path("unknown_agency.txt")), "-o", f"{tmp_path}/") == 1
    assert "架空村長" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_report_goes_to_stderr_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(seed_path("003")), "--report") == 0
    err = capsys.readouterr().err
    assert "■ 読み取った項目" in err and "件数が読めない" in err


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "入力が空です"),
        ("blank.txt", "入力が空です"),
        ("binary.bin", "バイナリ"),
        ("shift_jis.txt", "Shift_JIS(CP932)のようです。UTF-8に変換してください"),
        ("not_assessment.txt", "評価書のテキストではない"),
        ("truncated_in_cover.txt", "表紙を読み取れません"),
        ("missing.txt", "入力ファイルが見つかりません"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_a_non_zero_exit(
    name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(str(fixture_path(name))) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_an_unwritable_output_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert run(str(fixture_path("basic.txt")), "-o", str(blocker / "sub" / "a.yaml")) == 1
    assert "書き込めません" in capsys.readouterr().err


def test_the_seed_copy_imports_the_same_as_the_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(seed_path("000"), copy)
    assert run(str(copy)) == 0
    first = capsys.readouterr().out
    assert run(str(seed_path("000"))) == 0
    assert capsys.readouterr().out == first
