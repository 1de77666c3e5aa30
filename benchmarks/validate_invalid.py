"""Time and peak memory of validating the whole invalid set plus a generated 50 MB file.

    .venv/bin/python benchmarks/validate_invalid.py

The 50 MB file is written to a temporary directory and removed afterwards.
"""

from __future__ import annotations

import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from generator.validate.validator import validate_paths

REPO = Path(__file__).resolve().parents[1]
INVALID = REPO / "tests" / "fixtures" / "invalid"
HUGE_BYTES = 50 * 1024 * 1024


def write_huge(path: Path) -> None:
    line = "note: " + "あ" * 1000 + "\n"
    with path.open("w", encoding="utf-8") as stream:
        while stream.tell() < HUGE_BYTES:
            stream.write(line)


def measure(label: str, paths: list[Path], catalogue_root: Path) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    problems = validate_paths(paths, catalogue_root=catalogue_root)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label}: {elapsed * 1000:.1f} ms, {len(problems)} problems, "
        f"peak Python allocations {peak / 1024 / 1024:.2f} MB"
    )


def main() -> None:
    validate_paths([], catalogue_root=INVALID / "catalogue")  # import and warm up once
    with tempfile.TemporaryDirectory() as folder:
        huge = Path(folder) / "huge.yaml"
        write_huge(huge)
        measure("invalid set", [INVALID], INVALID / "catalogue")
        measure("50 MB file", [huge], INVALID / "catalogue")
        measure("both", [INVALID, huge], INVALID / "catalogue")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.1f} MB")


if __name__ == "__main__":
    main()
