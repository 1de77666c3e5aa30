"""``pia validate``: exit status, output formats, default paths, and never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.validate.command import main

REPO = Path(__file__).resolve().parents[2]
VALID = REPO / "tests" / "fixtures" / "valid"
INVALID = REPO / "tests" / "fixtures" / "invalid"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_valid_files_exit_0_with_a_summary_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run([str(VALID / "full.yaml"), str(VALID / "focused.yaml")], capsys)
    assert status == 0
    assert out.splitlines()[-1] == "エラー 0 件、警告 0 件（2 ファイル）"


def test_a_path_that_does_not_exist_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run([str(REPO / "no-such-file.yaml")], capsys)
    assert status == 2
    assert "パスがありません" in err
    assert out == ""


def test_a_warning_passes_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    basic = str(VALID / "basic.yaml")  # its system name is not in the alias table
    assert run([basic], capsys)[0] == 0
    status, out, _ = run(["--strict", basic], capsys)
    assert status == 1
    assert "警告: related.business.system_names (③システムの名称)" in out


def test_github_format_prints_workflow_commands(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["--format", "github", str(INVALID / "wrong_type.yaml")], capsys)
    assert status == 1
    assert out.splitlines() == [
        "::error file=tests/fixtures/invalid/wrong_type.yaml,line=4,col=11,"
        'title=cover.number (評価書番号)::文字列が必要です（ヒント%3A 引用符で囲んで文字列にしてください%3A "35"）'.replace(
            "ヒント%3A", "ヒント:"
        ).replace("ください%3A", "ください:")
    ]
    assert "エラー 1 件" in err


def test_the_default_is_the_whole_catalogue_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "catalogue" / "130001-chiji"
    folder.mkdir(parents=True)
    shutil.copy(INVALID / "empty.yaml", folder / "130001-chiji-35.yaml")
    (folder / "130001-chiji-36.yml").write_text("id: x\n", encoding="utf-8")
    status, out, _ = run([], capsys)
    assert status == 1
    assert out.splitlines() == [
        "catalogue/130001-chiji/130001-chiji-35.yaml:1:1: エラー: ファイルが空です(YAMLの項目がありません)"
        "（ヒント: 評価書1件分の項目(form_type, id, cover …)を書くか、不要ならファイルを削除してください）",
        "catalogue/130001-chiji/130001-chiji-36.yml:1:1: エラー: 拡張子が .yml のファイルは読み込まれません"
        "（ヒント: 130001-chiji-36.yaml に名前を変えてください）",
        "エラー 2 件、警告 0 件（1 ファイル）",
    ]


def test_an_unreadable_path_is_a_problem_of_that_file_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "dangling.yaml"
    broken.symlink_to(tmp_path / "missing-target.yaml")
    status, out, err = run([str(tmp_path)], capsys)
    assert status == 1
    assert "ファイルを読めません" in out
    assert "Traceback" not in out + err


def test_the_module_runs_as_a_command_in_a_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator.validate.command", str(INVALID / "duplicate_key.yaml")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 1
    assert "キー「agency」が重複しています(最初は 6 行目)" in result.stdout
    assert result.stderr == ""
