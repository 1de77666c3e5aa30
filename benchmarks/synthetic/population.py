"""Who assesses what, and how much: the national plan of 評価実施機関 and their counts.

Every prefecture, every 市区町村 of data/local_governments.csv and their 教育委員会,
one 後期高齢者医療広域連合 per prefecture, and the national bodies of
national_agencies.yaml. Each body gets a weight in proportion to its size (政令指定都市 >
特別区 > 市 > 町 > 村); the weights are scaled to the requested corpus size by largest
remainder, so 60,000 assessments give about 10–40 per municipality and small corpora are
a representative sample.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from benchmarks.synthetic.vocabulary import BOARD, MUNICIPAL, NATIONAL, PREFECTURE, UNION
from generator.normalize.agencies import all_local_governments, resolve_agency
from generator.normalize.text import load_yaml

DESIGNATED_CITIES = frozenset(
    [
        "札幌市",
        "仙台市",
        "さいたま市",
        "千葉市",
        "横浜市",
        "川崎市",
        "相模原市",
        "新潟市",
        "静岡市",
        "浜松市",
        "名古屋市",
        "京都市",
        "大阪市",
        "堺市",
        "神戸市",
        "岡山市",
        "広島市",
        "北九州市",
        "福岡市",
        "熊本市",
    ]
)
# Assessments per body before scaling (the plan totals about 45,000).
BASE_WEIGHTS = {
    "designated": 60.0,
    "ward": 35.0,
    "city": 26.0,
    "town": 14.0,
    "village": 10.0,
    "prefecture": 90.0,
    "board": 3.0,
    "prefecture_board": 6.0,
    "union": 8.0,
    "national": 15.0,
}


@dataclass(frozen=True)
class Body:
    """One 評価実施機関 as printed on the cover, with what it is called in text."""

    printed: str  # 評価実施機関名: 八王子市長, 東京都 府中市長, 東京都教育委員会 …
    body: str  # the organisation: 八王子市, 東京都 …
    holder: str  # which businesses it carries out (vocabulary.MUNICIPAL …)
    slug: str
    size: str  # key of BASE_WEIGHTS


@dataclass(frozen=True)
class Allocation:
    body: Body
    count: int


def _size_of(name: str, prefecture: str) -> str:
    if name in DESIGNATED_CITIES:
        return "designated"
    if prefecture == "東京都" and name.endswith("区"):
        return "ward"
    return {"市": "city", "町": "town", "村": "village"}[name[-1]]


def _body(printed: str, body: str, holder: str, size: str) -> Body:
    agency = resolve_agency(printed)
    if agency is None:
        raise ValueError(f"the agency resolver does not read {printed!r}")
    return Body(printed, body, holder, agency.slug, size)


def _local_bodies() -> Iterator[Body]:
    rows = all_local_governments()
    counts = Counter(row.municipality for row in rows if row.municipality)
    shared = {name for name, n in counts.items() if n > 1}
    for row in rows:
        if row.municipality is None:
            yield _body(row.head_name, row.prefecture, PREFECTURE, "prefecture")
            yield _body(f"{row.prefecture}教育委員会", row.prefecture, BOARD, "prefecture_board")
            union = f"{row.prefecture}後期高齢者医療広域連合"
            yield _body(union, union, UNION, "union")
            continue
        prefix = f"{row.prefecture} " if row.municipality in shared else ""
        size = _size_of(row.municipality, row.prefecture)
        yield _body(prefix + row.head_name, row.municipality, MUNICIPAL, size)
        yield _body(f"{prefix}{row.municipality}教育委員会", row.municipality, BOARD, "board")


def _national_bodies() -> Iterator[Body]:
    for entry in load_yaml("national_agencies.yaml")["agencies"]:
        yield _body(entry["name"], entry["body"], NATIONAL, "national")


def all_bodies() -> list[Body]:
    return [*_local_bodies(), *_national_bodies()]


def allocate(size: int, seed: int) -> list[Allocation]:
    """Counts per body summing to ``size``, in the order of all_bodies().

    Systematic sampling in proportion to the weights, over the bodies in a seeded order:
    a body of weight w gets w·size/total assessments, rounded up or down, so a small
    corpus still holds 教育委員会 and 広域連合 in their share.
    """
    rng = random.Random(f"plan:{seed}")
    bodies = all_bodies()
    weights = [BASE_WEIGHTS[b.size] * rng.uniform(0.7, 1.3) for b in bodies]
    step = sum(weights) / size
    order = list(range(len(bodies)))
    rng.shuffle(order)
    counts = [0] * len(bodies)
    point, edge, placed = rng.uniform(0, step), 0.0, 0
    for i in order:
        edge += weights[i]
        while point < edge and placed < size:
            counts[i] += 1
            placed += 1
            point += step
    counts[order[-1]] += size - placed  # floating-point slack, if any
    return [Allocation(b, c) for b, c in zip(bodies, counts, strict=True) if c]
