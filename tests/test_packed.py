"""A packed assessment decodes back to the model it was made from, for every real and
fixture assessment; what stays decoded is what the catalogue-wide rules and lists read."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator.load.files import catalogue_files, load_file
from generator.model.packed import PackedAssessment

ROOT = Path(__file__).resolve().parents[1]
MODEL_FILES = [
    *catalogue_files(ROOT / "catalogue"),
    *sorted((ROOT / "tests" / "fixtures" / "valid").rglob("*.yaml")),
]


def model_of(path: Path):
    loaded = load_file(path).loaded
    assert loaded is not None, path
    return loaded.assessment


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: p.name)
def test_unpacking_gives_back_an_equal_model(path: Path) -> None:
    model = model_of(path)
    packed = PackedAssessment.pack(model)
    assert packed.unpack() == model
    assert type(packed.unpack()) is type(model) is packed.form


def test_the_values_read_catalogue_wide_stay_decoded() -> None:
    model = model_of(MODEL_FILES[0])
    packed = PackedAssessment.pack(model)
    assert (packed.id, packed.status, packed.cover, packed.provenance) == (
        model.id,
        model.status,
        model.cover,
        model.provenance,
    )


def test_a_packed_model_is_a_fraction_of_its_text() -> None:
    path = MODEL_FILES[0]
    packed = PackedAssessment.pack(model_of(path))
    assert len(packed.data) < path.stat().st_size / 2


def test_packing_is_deterministic_and_survives_pickling() -> None:
    """The file cache pickles packed models; equal models pack to equal bytes."""
    model = model_of(MODEL_FILES[0])
    packed = PackedAssessment.pack(model)
    assert PackedAssessment.pack(model) == packed
    assert pickle.loads(pickle.dumps(packed)) == packed
