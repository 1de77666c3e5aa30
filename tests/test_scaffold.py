"""`pia new` writes a template with every field of the form, which loads as it is."""

from __future__ import annotations

import argparse
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from generator import scaffold
from generator.model import ASSESSMENT, Choice, DateValue, FormType, MultiChoice
from generator.model.assessment import BasicAssessment, FocusedAssessment, FullAssessment

KINDS = {
    "基礎項目": (FormType.BASIC, BasicAssessment),
    "重点項目": (FormType.FOCUSED, FocusedAssessment),
    "全項目": (FormType.FULL, FullAssessment),
}
LEAF_MODELS = (Choice, MultiChoice, DateValue)


def run_new(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="pia new")
    scaffold.add_arguments(parser)
    return scaffold.run(parser.parse_args(list(argv)))


def model_field_paths(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    """(dotted path, printed label) of every field, lists written `name[]`."""
    paths = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.append((path, field.title or name))
        nested, suffix = _nested_model(field.annotation)
        if nested is not None:
            paths.extend(model_field_paths(nested, f"{path}{suffix}."))
    return paths


def _nested_model(annotation: Any) -> tuple[type[BaseModel] | None, str]:
    suffix = ""
    while True:
        if get_origin(annotation) in (Union, types.UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        elif get_origin(annotation) is list:
            annotation, suffix = get_args(annotation)[0], suffix + "[]"
        else:
            break
    is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    if is_model and not issubclass(annotation, LEAF_MODELS):
        return annotation, suffix
    return None, suffix


def has_path(data: Any, path: str) -> bool:
    node = data
    for part in path.split("."):
        key, lists = part.removesuffix("[]" * part.count("[]")), part.count("[]")
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
        for _ in range(lists):
            if not isinstance(node, list) or not node:
                return False
            node = node[0]
    return True


@pytest.fixture
def in_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("kind", KINDS)
def test_the_template_of_each_kind_loads_with_the_model_as_written(kind: str, tmp_path: Path):
    out = tmp_path / "new.yaml"
    assert run_new("--kind", kind, "--agency", "奈良県知事", "--number", "30", "-o", str(out)) == 0
    loaded = ASSESSMENT.validate_python(yaml.safe_load(out.read_text(encoding="utf-8")))
    form_type, model = KINDS[kind]
    assert type(loaded) is model
    assert loaded.form_type is form_type
    assert loaded.id == "290009-chiji-30"
    assert (loaded.cover.agency, loaded.cover.number) == ("奈良県知事", "30")


@pytest.mark.parametrize("kind", KINDS)
def test_the_template_contains_every_field_path_of_the_form(kind: str, tmp_path: Path):
    out = tmp_path / "new.yaml"
    run_new("--kind", kind, "--agency", "東京都知事", "--number", "35", "-o", str(out))
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    paths = [path for path, _ in model_field_paths(KINDS[kind][1])]
    missing = [path for path in paths if not has_path(data, path)]
    assert not missing, f"missing from the template: {missing}"
    assert len(paths) > 60


@pytest.mark.parametrize("kind", KINDS)
def test_every_key_is_commented_with_its_printed_label(kind: str, tmp_path: Path):
    out = tmp_path / "new.yaml"
    run_new("--kind", kind, "--agency", "東京都知事", "--number", "35", "-o", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    for path, title in model_field_paths(KINDS[kind][1]):
        key = path.rsplit(".", 1)[-1].removesuffix("[]" * path.count("[]"))
        assert any(
            line.lstrip(" -").startswith((f"{key}:", f'"{key}":')) and f"# {title}" in line
            for line in lines
        ), f"{path} has no line commented with 「{title}」"


@pytest.mark.parametrize("kind", KINDS)
def test_the_first_line_is_the_schema_hint_for_editors(kind: str, in_project: Path):
    run_new("--kind", kind, "--agency", "奈良県知事", "--number", "30")
    (written,) = (in_project / "catalogue").rglob("*.yaml")
    first = written.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/assessment.schema.json"


def test_the_default_output_is_the_canonical_path_under_the_catalogue(in_project: Path):
    assert run_new("--kind", "重点項目", "--agency", "奈良県知事", "--number", "30") == 0
    assert (in_project / "catalogue/290009-chiji/290009-chiji-30.yaml").is_file()


def test_closed_choices_list_their_printed_options_in_the_comment(tmp_path: Path):
    out = tmp_path / "new.yaml"
    run_new("--kind", "重点項目", "--agency", "奈良県知事", "--number", "30", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "# 状態 — 選択肢: 現行 / 旧版 / 終了" in text
    assert "選択肢: 1万人未満 / 1万人以上10万人未満 / 10万人以上100万人未満" in text
    assert "# ①入手元 — 複数選択可。選択肢: 本人又は本人の代理人 / " in text
    assert "選択肢: 事前 / 事後" in text


def test_lists_hold_one_blank_example_element(tmp_path: Path):
    out = tmp_path / "new.yaml"
    run_new("--kind", "全項目", "--agency", "東京都知事", "--number", "35", "-o", str(out))
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(data["files"]) == 1
    assert data["files"][0]["no"] == 1
    assert data["changes"] == [
        {"date": "", "item": "", "before": "", "after": "", "timing": "", "reason": ""}
    ]


def test_an_unknown_agency_is_refused_with_suggestions_and_nothing_is_written(
    in_project: Path, capsys: pytest.CaptureFixture[str]
):
    assert run_new("--kind", "全項目", "--agency", "奈良知事", "--number", "1") == 2
    err = capsys.readouterr().err
    assert "評価実施機関名「奈良知事」が見つかりません" in err
    assert "もしかして: 奈良県知事" in err
    assert not (in_project / "catalogue").exists()


def test_a_number_that_cannot_form_an_id_is_refused_in_japanese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / "new.yaml"
    assert (
        run_new("--kind", "全項目", "--agency", "東京都知事", "--number", "第三号", "-o", str(out))
        == 2
    )
    assert "評価書番号「第三号」からIDを作れません" in capsys.readouterr().err
    assert not out.exists()


def test_an_existing_file_is_never_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    out = tmp_path / "existing.yaml"
    out.write_text("手で書いた内容\n", encoding="utf-8")
    assert (
        run_new("--kind", "全項目", "--agency", "東京都知事", "--number", "35", "-o", str(out)) == 1
    )
    assert out.read_text(encoding="utf-8") == "手で書いた内容\n"
    assert "--force" in capsys.readouterr().err
    assert run_new(
        "--kind", "全項目", "--agency", "東京都知事", "--number", "35", "-o", str(out), "--force"
    ) == 0  # fmt: skip
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_the_kind_is_refused_unless_it_is_one_of_the_three_forms():
    with pytest.raises(argparse.ArgumentTypeError, match="基礎項目・重点項目・全項目"):
        scaffold.parse_kind("簡易評価")
    assert scaffold.parse_kind("全項目評価書") is FormType.FULL


def test_pia_new_is_reachable_from_the_command_line(tmp_path: Path):
    from generator.cli import main

    out = tmp_path / "cli.yaml"
    assert (
        main(
            ["new", "--kind", "基礎項目", "--agency", "奈良県知事", "--number", "7", "-o", str(out)]
        )
        == 0
    )
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["id"] == "290009-chiji-7"


@pytest.mark.parametrize("kind", KINDS)
def test_the_template_at_its_canonical_path_passes_pia_validate_without_problems(
    kind: str, in_project: Path, capsys: pytest.CaptureFixture[str]
):
    from generator.validate import command

    run_new("--kind", kind, "--agency", "奈良県知事", "--number", "30")
    capsys.readouterr()
    parser = argparse.ArgumentParser(prog="pia validate")
    command.add_arguments(parser)
    assert command.run(parser.parse_args(["--strict", "catalogue"])) == 0
    assert "エラー 0 件、警告 0 件（1 ファイル）" in capsys.readouterr().out
