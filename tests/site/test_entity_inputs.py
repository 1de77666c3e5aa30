"""An entity's pages are kept without making their contexts when everything they are made
from is what the last build made them from (`incremental.EntityInputs`): the entities a
one-file change reaches are made again, no other, and the pages are the bytes a full
render gives."""

from __future__ import annotations

import dataclasses
import functools
import shutil
import typing
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from benchmarks.national import touch_one
from benchmarks.synthetic import generate_corpus
from generator.build import PROJECT, write_pages
from generator.catalogue import Catalogue
from generator.catalogue.values import Holding, RefKind
from generator.incremental import PER_FILE_USES, SLICE, EntityInputs
from generator.progress import Progress
from generator.render.entities import EntityGroup, entity_page_groups
from generator.render.links import SiteMap
from generator.write import GuardedWriter
from tests.site.test_parallel_builds import catalogue_of, written

SIZE = 40


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    generate_corpus(SIZE, 1, root)
    return root / "catalogue"


def render(catalogue: Catalogue, root: Path, last: GuardedWriter | None = None) -> GuardedWriter:
    """Every page into ``root``; with ``last``, over its pages, as an incremental build."""
    previous = last.made_from if last else {}
    writer = GuardedWriter(root, previous, last.root if last else None)
    write_pages(catalogue, writer, lambda entry: False, Progress(quiet=True))
    return writer


def first_build(synthetic: Path, tmp_path: Path) -> tuple[Path, GuardedWriter]:
    """A copy of the synthetic catalogue to change, and its pages as the last build's."""
    catalogue = tmp_path / "catalogue"
    shutil.copytree(synthetic, catalogue)
    return catalogue, render(catalogue_of(catalogue, tmp_path / "c1"), tmp_path / "first")


def made_groups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the entities whose pages are made from now on."""
    made: list[str] = []
    pages = EntityGroup.pages
    monkeypatch.setattr(EntityGroup, "pages", lambda group: made.append(group.url) or pages(group))
    return made


def reached_by(catalogue: Catalogue, assessment_id: str) -> set[str]:
    """The pages of the entities an assessment names: its agency, systems, contractors,
    provisions and their laws."""
    site = SiteMap.of(catalogue)
    entry = next(a for a in catalogue.assessments if a.id == assessment_id)
    reached = {f"agencies/{entry.agency_slug}/"}
    for refs in entry.refs.values():
        for ref in refs:
            url = site.url_for(ref)
            assert url is not None
            reached.add(url)
            if ref.kind == RefKind.PROVISION:
                reached.add(url.rsplit("/", 2)[0] + "/")  # the law's page lists its provisions
    return reached


def test_only_the_entities_a_changed_file_reaches_are_made_again(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue, first = first_build(synthetic, tmp_path)
    changed = touch_one(catalogue).stem  # retitled: its label is in every row naming it
    second = catalogue_of(catalogue, tmp_path / "c2")
    made = made_groups(monkeypatch)
    again = render(second, tmp_path / "again", first)
    groups = len(entity_page_groups(second, SiteMap.of(second)))
    assert f"agencies/{changed.rsplit('-', 1)[0]}/" in made
    assert set(made) <= reached_by(second, changed) and len(made) < groups / 4
    monkeypatch.undo()
    full = render(second, tmp_path / "full")
    kept = {path: (tmp_path / "first" / path).read_bytes() for path in again.kept}
    assert {**kept, **written(tmp_path / "again")} == written(tmp_path / "full")
    assert again.made_from == full.made_from


def test_an_unchanged_catalogue_makes_no_entity_page(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = catalogue_of(synthetic, tmp_path / "cache")
    first = render(catalogue, tmp_path / "first")
    made = made_groups(monkeypatch)
    again = render(catalogue, tmp_path / "again", first)
    assert made == []
    rendered = [path for path in written(tmp_path / "again") if path.endswith("index.md")]
    assert rendered and all(path.startswith("assessments/") for path in rendered)  # not reused
    assert again.made_from == first.made_from


def test_a_new_system_name_makes_every_agency_and_system_page_again(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Agency and system pages show other systems' names: the whole table is an input."""
    catalogue, first = first_build(synthetic, tmp_path)
    path = sorted(catalogue.rglob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    assert "  system_names: " in text
    path.write_text(text.replace("  system_names: ", "  system_names: 新設システム、", 1), "utf-8")
    second = catalogue_of(catalogue, tmp_path / "c2")
    made = made_groups(monkeypatch)
    render(second, tmp_path / "again", first)
    expected = {f"agencies/{a.slug}/" for a in second.agencies}
    expected |= {f"systems/{s.slug}/" for s in second.systems}
    assert expected <= set(made)


def test_an_argument_of_an_unknown_kind_stops_the_build() -> None:
    inputs = EntityInputs(SiteMap({}, {}, {}, {}))
    with pytest.raises(TypeError):
        inputs.fingerprint(functools.partial(print, object()))


@dataclass(frozen=True)
class Use:
    raw: str


@dataclass(frozen=True)
class Entry:
    name: str
    uses: tuple[Use, ...]


@dataclass(frozen=True)
class Law:
    provisions: tuple[Entry, ...]


def test_every_use_of_a_long_entry_counts_though_it_is_hashed_in_slices() -> None:
    """A law's entry holds every citation of the law: its uses are hashed slice by slice."""
    inputs = EntityInputs(SiteMap({}, {}, {}, {}))
    uses = tuple(Use(f"第{i}条") for i in range(3 * SLICE + 1))

    def fingerprint(entry: Entry) -> str:
        return inputs.fingerprint(functools.partial(print, entry))

    same = fingerprint(Entry("法", uses))
    assert fingerprint(Entry("法", tuple(list(uses)))) == same
    assert fingerprint(Entry("法", (*uses[: SLICE + 7], Use("別の条"), *uses[SLICE + 8 :]))) != same
    assert fingerprint(Entry("法", uses[:-1])) != same
    assert fingerprint(Entry("法律", uses)) != same


def uses_by_file(catalogue: Catalogue) -> dict[tuple[str, str, str], list[object]]:
    """Every use the catalogue's entities hold, by (entity, kind of use, assessment id)."""
    found: dict[tuple[str, str, str], list[object]] = {}
    held = [(f"systems/{s.slug}", s.uses) for s in catalogue.systems]
    held += [(f"contractors/{c.slug}", c.holdings) for c in catalogue.contractors]
    held += [(f"contractors/{c.slug}", c.history) for c in catalogue.contractors]
    held += [(f"laws/{law.key}", law.uses) for law in catalogue.laws]
    held += [(f"provisions/{p.key}", p.uses) for law in catalogue.laws for p in law.provisions]
    for entity, uses in held:
        for use in uses:
            assert isinstance(use, PER_FILE_USES)
            found.setdefault((entity, type(use).__name__, use.assessment_id), []).append(use)
    return found


def test_a_use_is_made_from_its_own_file_alone(synthetic: Path, tmp_path: Path) -> None:
    """What lets `EntityInputs` stand a use for its file's SHA-256 and its agency, and
    `assessment_fingerprint` an entry's values: the uses and entry of a file are the same
    whichever other files the catalogue holds, and a use's agency is its assessment's."""
    every, half = tmp_path / "every", tmp_path / "half"
    shutil.copytree(synthetic, every)
    shutil.copytree(PROJECT / "catalogue", every, dirs_exist_ok=True)  # the real assessments
    for path in sorted(every.rglob("*.yaml"))[::2]:
        (half / path.relative_to(every)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, half / path.relative_to(every))
    whole, part = catalogue_of(every, tmp_path / "c1"), catalogue_of(half, tmp_path / "c2")
    entries = {a.id: dataclasses.replace(a, source=None) for a in whole.assessments}
    assert all(dataclasses.replace(a, source=None) == entries[a.id] for a in part.assessments)
    alone = uses_by_file(part)
    kept = {a.id: a.agency_slug for a in whole.assessments}
    together = uses_by_file(whole)
    assert len(alone) > 50 and {kind for _, kind, _ in alone} == {
        kind.__name__ for kind in typing.get_args(PER_FILE_USES)
    }
    for key, uses in alone.items():
        assert together[key] == uses
        assert all(use.agency_slug == kept[key[2]] for use in uses)  # type: ignore[attr-defined]


def test_a_use_counts_as_its_file_and_its_agency_name() -> None:
    def assessment(digest: str, agency: str) -> object:
        return SimpleNamespace(source=SimpleNamespace(digest=digest), agency_slug=agency)

    def fingerprint(files: dict[str, str], names: dict[str, str], nested: bool = False) -> str:
        site = SiteMap({}, {}, {i: assessment(d, "a") for i, d in files.items()}, names)
        uses = tuple(Holding(i, "a", "s3", "委託事項", None, None, "原文") for i in ("x", "y", "x"))
        entry = Law((Entry("条", ()), Entry("条", uses))) if nested else Entry("社", uses)
        return EntityInputs(site).fingerprint(functools.partial(print, entry))

    files, names = {"x": "1" * 64, "y": "2" * 64, "z": "3" * 64}, {"a": "甲市"}
    same = fingerprint(files, names)
    assert fingerprint({**files, "z": "4" * 64}, names) == same  # a file it does not hold
    assert fingerprint({**files, "y": "4" * 64}, names) != same
    assert fingerprint(files, {"a": "乙市"}) != same
    # a law's provisions, each with its uses
    nested = fingerprint(files, names, nested=True)
    assert fingerprint({**files, "z": "4" * 64}, names, nested=True) == nested
    assert fingerprint({**files, "y": "4" * 64}, names, nested=True) != nested


def test_pages_are_kept_only_when_all_of_them_are_there_and_made_from_the_same(
    tmp_path: Path,
) -> None:
    last = tmp_path / "last"
    (last / "laws" / "a").mkdir(parents=True)
    (last / "laws" / "a--p2").mkdir(parents=True)
    writer = GuardedWriter(last)
    pages = [("laws/a/index.md", "laws/a/"), ("laws/a--p2/index.md", "laws/a--p2/")]
    for path, owner in pages:
        writer.write_text(path, owner, owner)
        writer.keep_if_made_from(path, owner, f"context of {owner}")
    writer.record_pages_made_from("laws/a/", "inputs", pages)

    same = GuardedWriter(tmp_path / "same", writer.made_from, last)
    assert same.keep_pages_made_from("laws/a/", "inputs")
    assert same.kept == {path for path, _ in pages}
    assert same.made_from == writer.made_from

    other = GuardedWriter(tmp_path / "other", writer.made_from, last)
    assert not other.keep_pages_made_from("laws/a/", "other inputs")
    (last / "laws" / "a--p2" / "index.md").unlink()
    missing = GuardedWriter(tmp_path / "missing", writer.made_from, last)
    assert not missing.keep_pages_made_from("laws/a/", "inputs")
    assert other.claimed == missing.claimed == frozenset()
