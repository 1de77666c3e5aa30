"""Finding and placing catalogue files at 60,000 files: `Resolver` resolves paths as
`Path.resolve` does, looking at each directory once (the messages name files by their
resolved place, and the catalogue rules compare places), and the catalogue walk finds
what `Path.rglob` finds."""

from __future__ import annotations

import os
from pathlib import Path

from generator.load.files import CATALOGUE_SUFFIX, catalogue_files
from generator.validate.problems import Resolver, relative_text
from generator.validate.rules import IGNORED_NAMES, stray_file_problems


def test_every_kind_of_path_resolves_as_path_resolve_does(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "catalogue" / "agency").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "catalogue" / "agency" / "a.yaml").write_text("", encoding="utf-8")
    (tmp_path / "elsewhere" / "b.yaml").write_text("", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", tmp_path / "catalogue" / "linked-directory")
    os.symlink(tmp_path / "elsewhere" / "b.yaml", tmp_path / "catalogue" / "agency" / "c.yaml")
    monkeypatch.chdir(tmp_path)
    paths = [
        Path("catalogue/agency/a.yaml"),
        Path("catalogue/agency/c.yaml"),  # a link to a file elsewhere
        Path("catalogue/linked-directory/b.yaml"),  # through a linked directory
        Path("catalogue/agency/../agency/a.yaml"),
        Path("catalogue/./agency/a.yaml"),
        Path("catalogue/agency/missing.yaml"),
        Path("catalogue/missing-directory/x.yaml"),
        Path("."),
        Path("catalogue"),
        tmp_path / "catalogue" / "agency" / "a.yaml",
        Path("/"),
    ]
    resolve = Resolver()
    for _ in range(2):  # the second time from what it remembers
        assert [resolve.text(str(p)) for p in paths] == [str(p.resolve()) for p in paths]


def test_a_place_relative_to_a_base_is_what_path_relative_to_gives() -> None:
    places = ["/a/b/c.yaml", "/a/b", "/a/bc/d.yaml", "/x/y.yaml", "/a"]
    for base in ("/a/b", "/"):
        for place in places:
            try:
                expected: str | None = Path(place).relative_to(base).as_posix()
            except ValueError:
                expected = None
            assert relative_text(place, base) == expected, (place, base)


def test_the_catalogue_walk_finds_what_path_rglob_finds(tmp_path: Path) -> None:
    """Catalogue files and stray files are found with os.walk (one stat per entry less than
    rglob); what they find is what rglob found."""
    root = tmp_path / "catalogue"
    # "agency-b" sorts after "agency/…" as Paths do, before it as strings ("-" < "/")
    for directory in ("agency", "agency-b", ".hidden", "agency/deeper", "outside"):
        (root / directory).mkdir(parents=True)
    for name in (
        "agency/a.yaml",
        "agency/notes.txt",
        "agency/b.yml",
        "agency/deeper/c.yaml",
        "agency-b/h.yaml",
        ".hidden/d.yaml",
        ".hidden/e.txt",
        "agency/.f.txt",
        "README.md",
        "outside/g.yaml",
    ):
        (root / name).write_text("", encoding="utf-8")
    (root / "agency" / "directory.yaml").mkdir()
    os.symlink(root / "outside", root / "agency" / "linked")
    os.symlink(root / "outside", root / "agency" / "linked-directory.yaml")
    os.symlink(root / "missing.yaml", root / "agency" / "broken.yaml")
    os.symlink(root / "missing.txt", root / "agency" / "broken.txt")

    rglob_files = sorted(
        p for p in root.rglob(f"*{CATALOGUE_SUFFIX}") if p.is_file() or p.is_symlink()
    )
    assert catalogue_files(root) == rglob_files
    rglob_stray = [
        p
        for p in sorted(root.rglob("*"))
        if not (p.is_dir() or p.suffix == CATALOGUE_SUFFIX or p.name in IGNORED_NAMES)
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    assert [p.path for p in stray_file_problems(root)] == rglob_stray
    assert {p.name for p in rglob_stray} == {"notes.txt", "b.yml", "broken.txt"}
