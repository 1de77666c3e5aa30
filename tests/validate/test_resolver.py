"""`Resolver` resolves paths as `Path.resolve` does, looking at each directory once: the
messages name files by their resolved place, and the catalogue rules compare places."""

from __future__ import annotations

import os
from pathlib import Path

from generator.validate.problems import Resolver


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
        assert [resolve(p) for p in paths] == [p.resolve() for p in paths]
