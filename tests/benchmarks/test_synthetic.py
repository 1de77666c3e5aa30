"""The synthetic national corpus is deterministic for a seed and passes the validator."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.synthetic import generate_corpus
from generator.validate.validator import validate_paths

SIZE = 50


def digest(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*.yaml"))
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(SIZE, seed=1, out=out)
    return out / "catalogue"


def test_the_same_seed_writes_byte_identical_files(corpus: Path, tmp_path: Path) -> None:
    generate_corpus(SIZE, seed=1, out=tmp_path)
    assert digest(tmp_path / "catalogue") == digest(corpus)


def test_another_seed_writes_another_corpus(corpus: Path, tmp_path: Path) -> None:
    generate_corpus(SIZE, seed=2, out=tmp_path)
    assert digest(tmp_path / "catalogue") != digest(corpus)


def test_the_corpus_has_the_requested_size_and_mix_of_forms(corpus: Path) -> None:
    kinds = Counter(
        line.split(": ", 1)[1].strip('"')
        for path in corpus.rglob("*.yaml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("form_type: ")
    )
    assert sum(kinds.values()) == SIZE
    assert kinds["全項目評価書"] >= 2 and kinds["重点項目評価書"] >= 2
    assert kinds["基礎項目評価書"] == SIZE - kinds["全項目評価書"] - kinds["重点項目評価書"]


def test_the_validator_finds_no_error(corpus: Path) -> None:
    problems = validate_paths([corpus], catalogue_root=corpus)
    errors = [f"{p.path}:{p.line}: {p.field}: {p.message}" for p in problems if p.is_error]
    assert errors == []
