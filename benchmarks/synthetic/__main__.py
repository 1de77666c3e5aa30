"""``python -m benchmarks.synthetic --size N --seed S --out DIR``."""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from benchmarks.synthetic.corpus import generate_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic", description="合成の評価書カタログを生成する"
    )
    parser.add_argument("--size", type=int, default=1000, help="評価書の件数")
    parser.add_argument("--seed", type=int, default=1, help="乱数の種(同じ種なら同じ出力)")
    parser.add_argument(
        "--out", type=Path, required=True, help="出力先(この下に catalogue/ を作る)"
    )
    args = parser.parse_args(argv)
    shutil.rmtree(args.out / "catalogue", ignore_errors=True)
    started = time.perf_counter()
    stats = generate_corpus(args.size, args.seed, args.out)
    seconds = time.perf_counter() - started
    kinds = "、".join(f"{k} {n}件" for k, n in sorted(stats.kinds.items()))
    print(
        f"{stats.files}件({kinds})、{stats.bodies}機関、{stats.bytes:,}バイトを {seconds:.1f}秒で {args.out / 'catalogue'} に書きました"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
