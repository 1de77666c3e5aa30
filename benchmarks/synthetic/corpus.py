"""Generate a corpus: for each planned body, its assessments, each written as soon as made."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.synthetic.emit import to_yaml
from benchmarks.synthetic.forms import BASIC, FOCUSED, FORMS, FULL
from benchmarks.synthetic.parts import Context, business_name
from benchmarks.synthetic.population import Allocation, allocate
from benchmarks.synthetic.vocabulary import BUSINESSES, MUNICIPAL, PREFECTURE, Business

SUPERSEDED_SHARE = 0.04
COMMENT = "Synthetic assessment (benchmarks/synthetic); not a real 評価書."


@dataclass
class CorpusStats:
    files: int = 0
    bytes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    bodies: int = 0


@dataclass(frozen=True)
class Slot:
    """One assessment to generate: which body, which number, which form."""

    index: int
    allocation: Allocation
    position: int  # 0-based among the body's assessments


def kind_of(index: int) -> str:
    """Exactly 5% 全項目, 5% 重点項目, 90% 基礎項目 over any 20 consecutive slots."""
    return {7: FULL, 13: FOCUSED}.get(index % 20, BASIC)


def businesses_for(holder: str) -> tuple[Business, ...]:
    own = tuple(b for b in BUSINESSES if b.holders == holder)
    if holder == PREFECTURE:  # prefectures also run some municipal-type 事務
        own += tuple(b for b in BUSINESSES if b.holders == MUNICIPAL)[:6]
    return own


def slots(plan: list[Allocation]) -> Iterator[Slot]:
    index = 0
    for allocation in plan:
        for position in range(allocation.count):
            yield Slot(index, allocation, position)
            index += 1


def context(slot: Slot, seed: int) -> Context:
    body = slot.allocation.body
    rng = random.Random(f"{seed}:{body.slug}:{slot.position}")
    own = businesses_for(body.holder)
    order = list(own)
    random.Random(f"{seed}:{body.slug}").shuffle(order)
    business = order[slot.position % len(order)]
    repeat = slot.position // len(order)
    superseded = slot.position > 0 and rng.random() < SUPERSEDED_SHARE
    number = "1" if superseded else str(slot.position + 1)
    version = f"r{slot.position}"
    ident = f"{body.slug}-{number}" + (f"-{version}" if superseded else "")
    return Context(
        rng=rng,
        body=body,
        number=number,
        ident=ident,
        status="旧版" if superseded else "現行",
        business=business,
        business_name=business_name(business, repeat, rng),
    )


def generate_corpus(size: int, seed: int, out: Path) -> CorpusStats:
    """Write ``size`` assessments under ``out``/catalogue/<slug>/<id>.yaml, streaming."""
    root = out / "catalogue"
    stats = CorpusStats()
    plan = allocate(size, seed)
    stats.bodies = len(plan)
    made: set[Path] = set()
    for slot in slots(plan):
        ctx = context(slot, seed)
        kind = kind_of(slot.index)
        text = to_yaml(FORMS[kind](ctx), COMMENT)
        folder = root / ctx.body.slug
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        stats.bytes += (folder / f"{ctx.ident}.yaml").write_bytes(text.encode())
        stats.files += 1
        stats.kinds[kind] += 1
    return stats
