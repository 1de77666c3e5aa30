"""Query strings drawn from the seeds: sentence windows, names, citations, odd spellings."""

from __future__ import annotations

import random
import re

from tests.search.seed_documents import seed_documents, seed_texts

HAND_WRITTEN = [
    "番号法19条8号",
    "第十九条第八号",
    "番号利用法第19条第8号",
    "番号法 19条 8号",
    "番号法19条8号 保育士",
    "NTTデータ",
    "㈱NTTデータ",
    "株式会社 NTTデータ",
    "ＮＴＴデータ",
    "富士通Japan株式会社",
    "住基ネット",
    "中間サーバー",
    "中間サーバ",
    "漏えい",
    "漏洩 防止",
    "個人情報 漏えい",
    "保育士　登録",
    "都営住宅の管理",
    "介護支援専門員",
    "マイナポータル 情報提供等記録開示システム",
    "ＬｏＧｏフォーム",
    "xyz",
    "未知語ほげ",
    "保育士x",
    "Ｘ保育士",
    "東京都知事",
    "京都",
    "、。",
    "",
]


def seed_queries(count: int = 400, seed: int = 20_24) -> list[str]:
    """Hand-written queries, document names, then random windows of seed sentences."""
    rng = random.Random(seed)
    names = sorted(
        {n for d in seed_documents() for n in (*d.systems, *d.contractors, d.business, d.agency)}
    )
    lines = [
        line.strip()
        for text in seed_texts().values()
        for line in re.split(r"[\n。]", text)
        if len(line.strip()) >= 4
    ]
    queries = [*HAND_WRITTEN, *names]
    while len(queries) < count:
        line = rng.choice(lines)
        start = rng.randrange(len(line))
        window = line[start : start + rng.randint(1, 16)]
        if rng.random() < 0.3:
            window = window.replace(window[: rng.randint(0, len(window))], " ", 1)
        queries.append(window)
    return queries
