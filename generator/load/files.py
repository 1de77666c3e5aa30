"""Loading catalogue files into the model, keeping where every value was written.

``load_assessment_file`` never raises: whatever is wrong with a file (its bytes, its YAML,
its fields) comes back as `Problem`s, and the assessment is None when it cannot be built.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.load.source import read_source
from generator.load.sourcemap import SourceMap
from generator.load.yaml_reader import parse_yaml
from generator.model import ASSESSMENT, Assessment
from generator.validate.content import content_problems
from generator.validate.problems import Problem
from generator.validate.schema_errors import schema_problems

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/assessment.schema.json\n"
CATALOGUE_SUFFIX = ".yaml"
LEADING_KEYS = ("form_type", "id", "status")  # what a reader looks for first


@dataclass(frozen=True)
class LoadedAssessment:
    """An assessment with its source file, the position of each of its values (for
    messages) and the SHA-256 of the file's bytes."""

    path: Path
    assessment: Assessment
    lines: SourceMap
    digest: str


@dataclass(frozen=True)
class LoadResult:
    loaded: LoadedAssessment | None
    problems: tuple[Problem, ...]


def load_file(path: Path) -> LoadResult:
    """Read, parse and validate one file; every problem is reported, nothing is raised."""
    try:
        return _load(path)
    except OSError as err:
        return LoadResult(
            None, (_whole_file(path, f"ファイルを読めません: {err.strerror or err}"),)
        )
    except Exception as err:  # one broken file must not stop the others
        return LoadResult(
            None,
            (
                _whole_file(
                    path,
                    f"検証中に予期しないエラーが発生しました: {type(err).__name__}: {err}",
                    "この問題を報告してください(このファイルを添えて)",
                ),
            ),
        )


def load_assessment_file(path: Path) -> tuple[Assessment | None, list[Problem]]:
    result = load_file(path)
    return (result.loaded.assessment if result.loaded else None), list(result.problems)


def load_catalogue(root: Path) -> tuple[list[LoadedAssessment], list[Problem]]:
    """Every ``*.yaml`` under ``root`` (sorted), with the problems of each file."""
    loaded: list[LoadedAssessment] = []
    problems: list[Problem] = []
    for path in catalogue_files(root):
        result = load_file(path)
        problems.extend(result.problems)
        if result.loaded:
            loaded.append(result.loaded)
    return loaded, problems


def catalogue_files(root: Path) -> list[Path]:
    """Every catalogue file under ``root``; broken symlinks too, so they get reported.

    Symlinked directories are not entered (as Path.rglob does); a symlink named like a
    catalogue file is one, whatever it points at."""
    found = []
    for directory, dirs, names in os.walk(root):
        links = [name for name in dirs if os.path.islink(os.path.join(directory, name))]
        found += [
            Path(directory, name) for name in names + links if name.endswith(CATALOGUE_SUFFIX)
        ]
    return sorted(found)


def dump_assessment(assessment: Assessment) -> str:
    """YAML text of an assessment in the short forms, keys in model order."""
    data = ASSESSMENT.dump_python(assessment, mode="json", exclude_none=True)
    data = {**{k: data[k] for k in LEADING_KEYS if k in data}, **data}
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return SCHEMA_COMMENT + body


def _load(path: Path) -> LoadResult:
    source = read_source(path)
    if source.text is None:
        return LoadResult(None, source.problems)
    parsed = parse_yaml(path, source.text)
    problems = [*source.problems, *parsed.problems]
    if any(p.is_error for p in parsed.problems):
        return LoadResult(None, tuple(problems))
    shape = _shape_problem(path, parsed.data)
    if shape:
        return LoadResult(None, (*problems, shape))
    problems.extend(content_problems(path, parsed.data, parsed.source_map))
    assessment = _validate(path, parsed.data, parsed.source_map, problems)
    if assessment is None:
        return LoadResult(None, tuple(problems))
    loaded = LoadedAssessment(path, assessment, parsed.source_map, source.digest)
    return LoadResult(loaded, tuple(problems))


def _validate(
    path: Path, data: Any, source_map: SourceMap, problems: list[Problem]
) -> Assessment | None:
    try:
        return ASSESSMENT.validate_python(data)
    except ValidationError as err:
        problems.extend(schema_problems(path, data, source_map, err))
        return None


def _shape_problem(path: Path, data: Any) -> Problem | None:
    if data is None:
        return _whole_file(
            path,
            "ファイルが空です(YAMLの項目がありません)",
            "評価書1件分の項目(form_type, id, cover …)を書くか、不要ならファイルを削除してください",
        )
    if isinstance(data, dict):
        return None
    kind = "リスト" if isinstance(data, list) else "単独の値"
    return _whole_file(
        path,
        f"ファイルの最上位はマッピング(「キー: 値」の並び)でなければなりません({kind}になっています)",
        "form_type: などの項目を行頭から書いてください(先頭の「- 」を外してください)",
    )


def _whole_file(path: Path, message: str, hint: str = "") -> Problem:
    return Problem(path, 1, 1, "", message, hint)
