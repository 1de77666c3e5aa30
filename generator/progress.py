"""Progress of a build: per-stage lines with counts, rate and ETA, a summary, and timings as JSON.

Each stage ends with one line ``<stage>: …`` (benchmarks/national.py times the stages by
these lines). Lines within a stage start with two spaces. ``quiet`` prints nothing; the
timings are recorded either way and can be written with ``write_json``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

REPORT_EVERY_SECONDS = 5.0
# Stage labels → keys of the JSON timings (stable names for benchmarks).
STAGE_KEYS = {
    "検証": "validate",
    "正規化": "normalize",
    "ページ": "pages",
    "検索文書": "search_documents",
    "MkDocs": "mkdocs",
    "リンク検査": "link_check",
    "検索索引": "search_index",
}
COUNT_KEYS = {
    "ページ(生成)": "pages_rendered",
    "ページ(流用)": "pages_reused",
    "MkDocs区画": "mkdocs_partitions",
    "MkDocsページ": "mkdocs_pages",
    "サイトのファイル": "site_files",
    "サイトのバイト数": "site_bytes",
}


@dataclass
class Progress:
    """Records stage timings and counts; prints progress unless quiet."""

    quiet: bool = False
    stream: TextIO = field(default_factory=lambda: sys.stdout)
    clock: Callable[[], float] = time.perf_counter
    stages: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def say(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.stream, flush=True)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        begin = self.clock()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + self.clock() - begin

    def count(self, name: str, value: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + value

    def add(self, stages: dict[str, float], counts: dict[str, int]) -> None:
        """Take in the timings and counts recorded by another process's Progress."""
        for name, seconds in stages.items():
            self.stages[name] = self.stages.get(name, 0.0) + seconds
        for name, value in counts.items():
            self.count(name, value)

    def ticker(self, label: str, total: int, unit: str) -> Ticker:
        return Ticker(self, label, total, unit, self.clock(), self.clock())

    def summary(self) -> list[str]:
        total = self.clock() - self.started
        stages = "、".join(f"{name} {seconds:.1f}秒" for name, seconds in self.stages.items())
        counts = "、".join(f"{name} {value:,}" for name, value in self.counts.items())
        return [f"所要時間: 合計 {total:.1f}秒({stages})", f"集計: {counts}"]

    def as_json(self) -> dict[str, Any]:
        return {
            "total_seconds": round(self.clock() - self.started, 3),
            "stages": {
                STAGE_KEYS.get(name, name): round(seconds, 3)
                for name, seconds in self.stages.items()
            },
            "counts": {COUNT_KEYS.get(name, name): value for name, value in self.counts.items()},
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.as_json(), ensure_ascii=False, indent=2, sort_keys=True)
        path.write_text(text + "\n", encoding="utf-8")


@dataclass
class Ticker:
    """Counts done items of a stage; at most every few seconds prints rate and ETA."""

    progress: Progress
    label: str
    total: int
    unit: str
    begin: float
    last: float
    done: int = 0

    def tick(self, n: int = 1) -> None:
        self.done += n
        now = self.progress.clock()
        if now - self.last >= REPORT_EVERY_SECONDS and self.done < self.total:
            self.last = now
            self.progress.say("  " + self.line(now))

    def line(self, now: float) -> str:
        elapsed = max(now - self.begin, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0.0
        return (
            f"{self.label}: {self.done:,}/{self.total:,} {self.unit}"
            f"({rate:,.1f} {self.unit}/秒、残り約 {eta:,.0f}秒)"
        )
