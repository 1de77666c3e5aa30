"""The built site for the search tests, the browser tests and the search benchmark.

`build_site(root)` runs the real pipeline (`generator.build.build`) on catalogue/; while
catalogue/ is still empty it first imports the three seeds (`pia import`) into a
temporary catalogue, so the tests always exercise real pages and the real index.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.build import SEARCH_INDEX_DIR, build

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "catalogue"
SEEDS = Path("/work/shared/seeds")


@dataclass(frozen=True)
class BuiltSite:
    """A built site: where it is, its content/ and its search index."""

    site: Path
    content: Path

    @property
    def index(self) -> Path:
        return self.site / SEARCH_INDEX_DIR

    def fragments(self) -> dict[str, dict[str, object]]:
        """ref → display fragment, read from the index files."""
        manifest = json.loads((self.index / "manifest.json").read_text(encoding="utf-8"))
        fragments: dict[str, dict[str, object]] = {}
        for path in sorted((self.index / manifest["build"] / "d").glob("*.json")):
            for fragment in json.loads(path.read_text(encoding="utf-8"))["documents"]:
                fragments[str(fragment["ref"])] = fragment
        return fragments

    def assessment_refs(self) -> dict[str, str]:
        """Page URL (relative to the site root) → assessment ref."""
        return {str(f["url"]): ref for ref, f in self.fragments().items()}


def catalogue_for(root: Path) -> Path:
    """catalogue/ when it holds assessments, else the seeds imported into root/catalogue."""
    if any(CATALOGUE.rglob("*.yaml")):
        return CATALOGUE
    target = root / "catalogue"
    target.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        subprocess.run(
            [sys.executable, "-m", "generator", "import", str(seed), "-o", str(target)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
    return target


def build_site(root: Path) -> BuiltSite:
    site = BuiltSite(root / "site", root / "content")
    status = build(catalogue_for(root), site.content, site.site, quiet=True)
    if status != 0:
        raise RuntimeError(f"pia build failed with status {status}")
    return site


_SESSION_BUILDS: dict[Path, BuiltSite] = {}


def session_site(basetemp: Path) -> BuiltSite:
    """One build per pytest session (keyed by its base temp dir), shared by test modules."""
    if basetemp not in _SESSION_BUILDS:
        root = basetemp / "built-site"
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir()
        _SESSION_BUILDS[basetemp] = build_site(root)
    return _SESSION_BUILDS[basetemp]
