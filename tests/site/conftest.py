"""Sites built once per test module from small catalogues (the real pipeline, no mocks)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build

HERE = Path(__file__).resolve().parent
SMALL_CATALOGUE = HERE / "catalogue"
HOSTILE_CATALOGUE = HERE.parent / "fixtures" / "hostile"


@dataclass(frozen=True)
class Built:
    root: Path
    site: Path
    content: Path
    code: int

    def page(self, url: str) -> BeautifulSoup:
        path = self.site / url / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def html_pages(self) -> dict[str, BeautifulSoup]:
        return {
            p.relative_to(self.site).as_posix(): BeautifulSoup(
                p.read_text(encoding="utf-8"), "html.parser"
            )
            for p in sorted(self.site.rglob("*.html"))
        }


def build_into(catalogue: Path, root: Path) -> Built:
    code = build(catalogue, root / "content", root / "site", quiet=True)
    return Built(root, root / "site", root / "content", code)


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build_into(SMALL_CATALOGUE, tmp_path_factory.mktemp("small"))
    assert built.code == 0
    return built


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build_into(HOSTILE_CATALOGUE, tmp_path_factory.mktemp("hostile"))
    assert built.code == 0
    return built
