"""Bytes of the facet table (generator/search/facet_table.py) for several range sizes.

    python -m benchmarks.facet_table SITE/search-index [--sizes 256,1024,2048,4096]

Reads a built index's facet values back (format 4: facets.json and f/; format 3: the
display fragments, which carried them) and encodes them again with each range size R:
the labels file, the number of range files, their total and largest size, raw and gzip
-6 (what a static host serves). A query whose results span the corpus fetches every
range file; one with few results fetches one file per result at most.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from generator.search.facet_table import Facets, decode_file, facet_files
from generator.search.shards import FORMAT_VERSION


def gzip_size(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6, mtime=0))


def read_facets(index: Path) -> list[Facets]:
    """Every document's facet values, by document number."""
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    build = index / manifest["build"]
    if manifest["version"] >= 4:
        values = json.loads((build / "facets.json").read_text(encoding="utf-8"))
        files = sorted((build / "f").glob("*.json"), key=lambda p: int(p.stem))
        return [row for path in files for row in decode_file(values, path.read_text("utf-8"))]
    documents: list[Facets] = [{}] * manifest["documents"]
    for path in (build / "d").glob("*.json"):
        part = json.loads(path.read_text(encoding="utf-8"))
        for offset, fragment in enumerate(part["documents"]):
            documents[part["first"] + offset] = fragment["facets"]
    return documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path, help="a built site's search-index/ directory")
    parser.add_argument("--sizes", default="256,1024,2048,4096,16384", help="range sizes R")
    args = parser.parse_args()
    documents = read_facets(args.index)
    print(f"{len(documents):,} documents")
    for per_file in (int(size) for size in args.sizes.split(",")):
        labels, files = facet_files(documents, FORMAT_VERSION, per_file)
        packed = [gzip_size(text) for text in files]
        raw = sum(len(text.encode()) for text in files)
        print(
            f"R={per_file}: facets.json {gzip_size(labels):,} B gzip ({len(labels.encode()):,} raw);"
            f" {len(files)} range files, {sum(packed):,} B gzip ({raw:,} raw),"
            f" largest {max(packed, default=0):,} B gzip"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
