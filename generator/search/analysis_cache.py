"""Pass-1 results of the search index, kept for ``pia build --incremental``.

Analyzing a document with Sudachi is most of the search-index stage, and one changed
assessment changes no other document's analysis (only the corpus-wide weights, which
pass 2 computes afresh anyway). So every build stores each document's `AnalyzedDocument`
(display fragment, per-field lengths and term frequencies, vocabulary observations), and
an incremental build sends only the documents whose content changed to the Sudachi
workers. The index written is the same bytes either way.

The policy is the per-file cache's (generator/filecache.py): entries are written on every
build and read only with ``--incremental``; entries the last index did not use (changed
or removed documents, older code) are deleted (`AnalysisCache.prune`).

Layout: ``<cache>/search/<k[:2]>/<k>.zlib``, one file per document, where ``k`` hashes the
environment (`analysis_environment`: the code of the analysis (`analysis_modules`),
Python, SudachiPy and its dictionary) and the document's content (every field of its
`SearchDocument`). An entry is `AnalyzedDocument.encode(k)`, a zlib-compressed marshal
record naming its key, written by the analysis worker that made it; one that does not
decode or names another key is a miss, so a bad cache costs time, never a wrong index.
Measured on the synthetic corpus: 13.6 KB per document (2,000 documents), so about 0.8 GB
at 60,000 documents; reading and decoding an entry takes about 1 ms.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import sudachidict_core

from generator.filecache import PROJECT, inputs_hash, prune_unused
from generator.search.compact_json import dumps
from generator.search.documents import SearchDocument
from generator.search.parallel import AnalyzedDocument

FORMAT_VERSION = 2
# The modules that analyze a document and encode an entry: with every generator.search
# module they import, they are all that shapes an entry. The index writer (shards.py,
# weights.py, facet_table.py, …) is not among them: changing how the index is written
# keeps the 60,000 analyses of a national build (half an hour of Sudachi on 2 cores).
ANALYSIS_ROOTS = ("generator.search.parallel", "generator.search.analysis_cache")
PACKAGE = "generator.search."
LIBRARIES = ("SudachiPy", "SudachiDict-core")
SUFFIX = ".zlib"


def analysis_environment(root: Path = PROJECT) -> str:
    """What every entry was computed with; the dictionary is named by its package version
    (in LIBRARIES), path and size, since hashing its bytes would cost seconds."""
    dictionary = sudachi_dictionary()
    salt = f"{FORMAT_VERSION}:{sys.version}:{dictionary}:{dictionary.stat().st_size}"
    return inputs_hash(root, salt, LIBRARIES, analysis_modules(root))


def analysis_modules(root: Path = PROJECT) -> list[str]:
    """ANALYSIS_ROOTS and the generator.search modules they import, directly or not, as
    paths relative to `root`, sorted."""
    seen: set[str] = set()
    pending = list(ANALYSIS_ROOTS)
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        seen.add(module)
        tree = ast.parse((root / module_path(module)).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == PACKAGE.rstrip("."):
                pending += [PACKAGE + alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                pending += [node.module] if node.module.startswith(PACKAGE) else []
            elif isinstance(node, ast.Import):
                pending += [a.name for a in node.names if a.name.startswith(PACKAGE)]
    return sorted(module_path(module) for module in seen)


def module_path(module: str) -> str:
    return module.replace(".", "/") + ".py"


def sudachi_dictionary() -> Path:
    """The system dictionary `Dictionary(dict="core")` loads (analyzer.py)."""
    return Path(sudachidict_core.__file__).parent / "resources" / "system.dic"


def content_digest(document: SearchDocument) -> str:
    """SHA-256 of every field of the document: all its analysis depends on. (Not
    dataclasses.asdict, whose deep copies took a third of the time of a warm pass 1.)"""
    fields = {name.name: getattr(document, name.name) for name in dataclasses.fields(document)}
    return hashlib.sha256(dumps(fields).encode()).hexdigest()


@dataclass
class AnalysisCache:
    """The entries under ``root`` for one index: looked up (when ``reuse``), then stored."""

    root: Path
    environment: str
    reuse: bool = True
    hits: int = 0
    used: set[str] = field(default_factory=set)

    def key(self, document: SearchDocument) -> str:
        return hashlib.sha256(
            f"{self.environment}\0{content_digest(document)}".encode()
        ).hexdigest()

    def entry_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}{SUFFIX}"

    def lookup(self, key: str) -> AnalyzedDocument | None:
        """The stored analysis under `key` when reusing and there is a good one."""
        if not self.reuse:
            return None
        try:
            analyzed = AnalyzedDocument.decode(self.entry_path(key).read_bytes(), key)
        except Exception:  # none yet, or a truncated, corrupt or foreign one: analyze again
            return None
        self.hits += 1
        self.used.add(key)
        return analyzed

    def stored(self, key: str) -> None:
        """Note one analysis computed and stored at its entry_path in this build."""
        self.used.add(key)

    def prune(self) -> int:
        """Delete the entries this index did not use; how many were deleted."""
        return prune_unused(self.root, SUFFIX, self.used)

    def stored_bytes(self) -> int:
        """Bytes of all entries (for measurements)."""
        return sum(p.stat().st_size for p in self.root.glob(f"*/*{SUFFIX}"))
