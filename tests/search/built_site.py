"""A built site for the search tests, the browser tests and the search benchmark.

`build_site(root)` builds catalogue/ with the site engineer's `generator.build` when it
exists. Until then it assembles a stand-in: the three seed assessments as mkdocs pages
with our theme (the header patched to include partials/search.html, as the real theme
must), the search page rendered from theme/search.html, and the index written by
`write_search_index` into site/search-index/.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.search.documents import SearchDocument
from generator.search.shards import write_search_index

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "theme"
INDEX_DIR = "search-index"
MATERIAL_SEARCH_BLOCK = re.compile(
    r'\{% if "material/search" in config\.plugins %\}.*?\{% endif %\}\s*\{% endif %\}', re.S
)


@dataclass(frozen=True)
class BuiltSite:
    """A built site: where it is, its search index, and its assessments by URL."""

    site: Path
    content: Path
    config: Path
    real: bool

    @property
    def index(self) -> Path:
        return self.site / INDEX_DIR

    def assessment_refs(self) -> dict[str, str]:
        """Page URL (relative to the site root) → assessment ref, from the index fragments."""
        manifest = json.loads((self.index / "manifest.json").read_text(encoding="utf-8"))
        refs: dict[str, str] = {}
        for path in sorted((self.index / manifest["build"] / "d").glob("*.json")):
            documents = json.loads(path.read_text(encoding="utf-8"))["documents"]
            refs.update({fragment["url"]: ref for ref, fragment in documents.items()})
        return refs


def real_build_available() -> bool:
    return importlib.util.find_spec("generator.build") is not None and any(
        (ROOT / "catalogue").rglob("*.yaml")
    )


def build_site(root: Path) -> BuiltSite:
    if real_build_available():
        return _real_build(root)
    return _stand_in_build(root)


def _real_build(root: Path) -> BuiltSite:
    from generator.build import build  # type: ignore[import-not-found]

    build(ROOT / "catalogue", root / "content", root / "site")
    return BuiltSite(root / "site", root / "content", root / "content" / "mkdocs.yml", True)


def stand_in_documents() -> tuple[SearchDocument, ...]:
    """The whole seed documents, with contractor and system facets added."""
    from tests.search.seed_documents import seed_documents

    documents = []
    for document in seed_documents():
        if "-w" in document.ref:
            continue
        facets = dict(document.facets)
        facets["contractor"] = list(dict.fromkeys(document.contractors))[:5]
        facets["system"] = list(dict.fromkeys(document.systems))[:5]
        facets = {name: values for name, values in facets.items() if values}
        documents.append(dataclasses.replace(document, facets=facets))
    return tuple(documents)


def _stand_in_build(root: Path) -> BuiltSite:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    documents = stand_in_documents()
    content = root / "content"
    docs = content / "docs"
    _write_pages(docs, documents)
    theme = _stand_in_theme(content / "theme")
    config = content / "mkdocs.yml"
    config.write_text(yaml.safe_dump(_config(docs, theme, root / "site"), allow_unicode=True))
    build(load_config(config_file=str(config)))
    site = BuiltSite(root / "site", content, config, False)
    write_search_index(documents, site.index)
    return site


def _write_pages(docs: Path, documents: tuple[SearchDocument, ...]) -> None:
    docs.mkdir(parents=True)
    links = "\n".join(f"- [{d.title}]({d.url}index.md)" for d in documents)
    (docs / "index.md").write_text(f"# 評価書カタログ\n\n{links}\n", encoding="utf-8")
    (docs / "search").mkdir()
    (docs / "search" / "index.md").write_text(
        "---\ntemplate: search.html\ntitle: 検索\n---\n", encoding="utf-8"
    )
    for document in documents:
        page = docs / document.url / "index.md"
        page.parent.mkdir(parents=True)
        page.write_text(
            f"# {document.title}\n\n評価実施機関: {document.agency}\n", encoding="utf-8"
        )


def _stand_in_theme(target: Path) -> Path:
    shutil.copytree(THEME, target)
    header = target / "partials" / "header.html"
    if not header.exists():
        import material

        original = Path(material.__file__).parent / "templates" / "partials" / "header.html"
        patched = MATERIAL_SEARCH_BLOCK.sub(
            '{% include "partials/search.html" %}', original.read_text(encoding="utf-8")
        )
        header.write_text(patched, encoding="utf-8")
    return target


def _config(docs: Path, theme: Path, site: Path) -> dict[str, object]:
    return {
        "site_name": "評価書カタログ",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "ja", "custom_dir": str(theme)},
        "plugins": [],
        "nav": [{"ホーム": "index.md"}, {"検索": "search/index.md"}],
    }
