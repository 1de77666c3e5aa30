"""Peak memory and CPU of the build's first two stages (validate, normalize) on a catalogue.

    .venv/bin/python -m benchmarks.stage_memory CATALOGUE_DIR

Run it from the checkout to measure (``-m`` imports that checkout's generator); compare two
checkouts on the same catalogue in the same run of the machine. The whole build's figures
per stage are measured by benchmarks/national.py.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from generator import build
from generator.catalogue.gather import build_catalogue


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogue", type=Path)
    args = parser.parse_args()
    started = time.process_time()
    sources = build.gather(args.catalogue, False, lambda _: None)
    validated = time.process_time()
    print(f"validate: {validated - started:.1f} s CPU, peak RSS {peak_mb():.0f} MB")
    catalogue = build_catalogue(sources)
    normalized = time.process_time()
    print(f"normalize: {normalized - validated:.1f} s CPU, peak RSS {peak_mb():.0f} MB")
    print(f"{len(catalogue.assessments):,} assessments")


if __name__ == "__main__":
    main()
