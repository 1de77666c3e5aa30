"""Every broken file in tests/fixtures/invalid/ gets exactly the lines of its .expected file.

The .expected files are reviewed by hand: a change in a message shows up as a diff there.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.validate.command import main
from generator.validate.problems import format_text
from generator.validate.validator import validate_paths

REPO = Path(__file__).resolve().parents[2]
INVALID = REPO / "tests" / "fixtures" / "invalid"
FIXTURES = sorted(INVALID.glob("*.yaml"))
# Tolerated with a warning: they pass, and fail only under --strict.
WARNING_ONLY = {"bom.yaml", "bidi_override.yaml", "script_in_value.yaml"}


def expected_lines(name: str) -> list[str]:
    return (INVALID / name).read_text(encoding="utf-8").splitlines()


def test_the_invalid_set_covers_every_kind_of_broken_file() -> None:
    names = {path.name for path in FIXTURES}
    required = {
        "syntax_error.yaml", "tab_indentation.yaml", "duplicate_key.yaml", "unknown_key.yaml",
        "misspelled_key.yaml", "wrong_type.yaml", "option_not_in_form.yaml",
        "impossible_date.yaml", "id_with_slash.yaml", "id_with_dotdot.yaml", "shift_jis.yaml",
        "bom.yaml", "alias_bomb.yaml", "control_characters.yaml", "empty.yaml", "list_root.yaml",
    }  # fmt: skip
    assert required <= names
    assert all(path.with_suffix(".expected").exists() for path in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_each_broken_file_is_reported_with_its_expected_lines_in_well_under_a_second(
    fixture: Path,
) -> None:
    started = time.perf_counter()
    problems = validate_paths([fixture], catalogue_root=REPO / "catalogue")
    elapsed = time.perf_counter() - started
    assert [format_text(p, REPO) for p in problems] == expected_lines(
        fixture.with_suffix(".expected").name
    )
    assert elapsed < 0.5


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_each_broken_file_fails_the_command_and_warnings_fail_only_when_strict(
    fixture: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main([str(fixture)])
    strict_status = main(["--strict", str(fixture)])
    capsys.readouterr()
    assert status == (0 if fixture.name in WARNING_ONLY else 1)
    assert strict_status == 1


def test_the_catalogue_rules_report_another_agencys_id_two_current_files_and_stray_files() -> None:
    root = INVALID / "catalogue"
    problems = validate_paths([root], catalogue_root=root)
    assert [format_text(p, REPO) for p in problems] == expected_lines("catalogue.expected")
    messages = " ".join(p.message for p in problems)
    assert "他の評価実施機関のIDです" in messages
    assert "現行の評価書が他にもあります" in messages
    assert "YAML(.yaml)以外のファイル" in messages


def test_a_50_mb_file_is_refused_before_parsing_quickly(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("w", encoding="utf-8") as stream:
        line = "note: " + "あ" * 1000 + "\n"
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(line)
    started = time.perf_counter()
    problems = validate_paths([huge], catalogue_root=tmp_path / "catalogue")
    assert time.perf_counter() - started < 0.5
    assert len(problems) == 1
    assert problems[0].message.startswith("ファイルが大きすぎます(50.0 MB。上限は 5 MB)")
