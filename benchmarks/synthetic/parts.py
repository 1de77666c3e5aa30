"""Parts shared by the three forms: cover, business, choices, 変更箇所, file overview."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from benchmarks.synthetic.population import Body
from benchmarks.synthetic.vocabulary import (
    COMMON_ITEMS,
    Business,
    contractor_name,
    linkage_citation,
    number_use_citation,
    passage,
    provision_citation,
)

SUFFICIENCY = ("特に力を入れている", "十分である", "十分である", "十分である", "課題が残されている")
DOING = ("特に力を入れて行っている", "十分に行っている", "十分に行っている")
POPULATION = (
    "1,000人未満",
    "1,000人以上1万人未満",
    "1万人以上10万人未満",
    "10万人以上30万人未満",
    "30万人以上",
)
SUBJECTS = ("1万人未満", "1万人以上10万人未満", "10万人以上100万人未満", "100万人以上1,000万人未満")
HANDLERS = ("10人未満", "10人以上50人未満", "50人以上100人未満", "100人以上500人未満")
DELIVERY = ("専用線", "電子記録媒体(フラッシュメモリを除く。)", "紙", "庁内連携システム", "その他")
QUALIFIERS = ("窓口受付", "電子申請", "証明書交付", "給付", "賦課", "資格管理", "統計", "照会")
SECTIONS = (
    "I 基本情報",
    "II 特定個人情報ファイルの概要",
    "III リスク対策",
    "IV その他のリスク対策",
    "V 開示請求、問合せ",
)


@dataclass(frozen=True)
class Context:
    """Everything one generated assessment is about."""

    rng: random.Random
    body: Body
    number: str
    ident: str
    status: str
    business: Business
    business_name: str

    def text(self, sentences: int) -> str:
        head = self.body.printed.split(" ")[-1]
        return passage(self.rng, sentences, self.body.body, head)

    def pick(self, options: tuple[Any, ...]) -> Any:
        return self.rng.choice(options)


def business_name(business: Business, repeat: int, rng: random.Random) -> str:
    if repeat == 0:
        return business.name
    qualifier = QUALIFIERS[(repeat + rng.randrange(len(QUALIFIERS))) % len(QUALIFIERS)]
    return business.name.replace("に関する事務", f"({qualifier})に関する事務")


def wareki(rng: random.Random, first_year: int = 2016, last_year: int = 2025) -> str:
    """A date as printed: 令和6年3月22日, 平成28年4月1日, 令和元年5月7日."""
    year, month, day = rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28)
    era, number = ("令和", year - 2018) if (year, month) >= (2019, 5) else ("平成", year - 1988)
    return f"{era}{'元' if number == 1 else number}年{month}月{day}日"


def cover(ctx: Context, kind: str) -> dict[str, Any]:
    short = kind.replace("評価書", "")
    return {
        "number": ctx.number,
        "title": f"{ctx.business_name} {short}評価書",
        "declaration": (
            f"{ctx.body.printed.split(' ')[-1]}は、{ctx.business_name}における特定個人情報ファイルの取扱いに当たり、"
            "特定個人情報ファイルの取扱いが個人のプライバシー等の権利利益に影響を及ぼしかねないことを認識し、"
            "特定個人情報の漏えいその他の事態を発生させるリスクを軽減させるために十分な措置を講じ、"
            "もって個人のプライバシー等の権利利益の保護に取り組んでいることを宣言する。"
        ),
        "agency": ctx.body.printed,
        "publication_date": wareki(ctx.rng, 2019),
    }


def system_names(ctx: Context) -> list[str]:
    names = list(ctx.business.systems)
    if ctx.rng.random() < 0.4:
        names.append(f"{ctx.body.body}総合行政情報システム")
    if ctx.rng.random() < 0.3:
        names.append(
            ctx.pick(("宛名システム", "団体内統合宛名システム", "中間サーバー", "住基ネット"))
        )
    return list(dict.fromkeys(names))


def citations(ctx: Context) -> tuple[str, str]:
    row = ctx.business.row
    return number_use_citation(ctx.rng, row, ctx.body.body), linkage_citation(ctx.rng, row)


def department(ctx: Context) -> dict[str, str]:
    section = ctx.business.name.split("に関する")[0][:6]
    return {"department": f"{ctx.body.body}{section}課", "head_title": f"{section}課長"}


def changes(ctx: Context, rows: int) -> list[dict[str, str]]:
    out = []
    for _ in range(rows):
        before = contractor_name(ctx.rng) if ctx.rng.random() < 0.3 else ctx.text(1)[:80]
        out.append(
            {
                "date": wareki(ctx.rng, 2017),
                "item": f"{ctx.pick(SECTIONS)} {ctx.rng.randint(1, 7)}",
                "before": before,
                "after": ctx.text(1)[:120],
                "timing": ctx.pick(("事前", "事後", "事後")),
                "reason": "重要な変更に当たらない変更のため" if ctx.rng.random() < 0.5 else "",
            }
        )
    return out


def record_items(ctx: Context, count: int) -> list[dict[str, Any]]:
    names = [*ctx.business.items, *COMMON_ITEMS]
    items = [
        names[i % len(names)] + ("" if i < len(names) else f"({i // len(names) + 1})")
        for i in range(count)
    ]
    return [{"no": i + 1, "name": name} for i, name in enumerate(items)]


def entrustment_items(ctx: Context, count: int) -> list[dict[str, Any]]:
    items = []
    for no in range(1, count + 1):
        subcontract = ctx.rng.random() < 0.5
        items.append(
            {
                "no": no,
                "name": ctx.pick(
                    (
                        "システムの運用保守業務",
                        "データ入力業務",
                        "帳票の印刷・封入封緘業務",
                        "コールセンター業務",
                        "システムの開発・改修業務",
                        "文書の保管業務",
                    )
                ),
                "content": ctx.text(2),
                "scope": ctx.pick(("特定個人情報ファイルの全体", "特定個人情報ファイルの一部")),
                "subject_count": ctx.pick(SUBJECTS),
                "scope_validity": ctx.text(1),
                "handlers": ctx.pick(HANDLERS),
                "delivery_methods": sorted({ctx.pick(DELIVERY) for _ in range(2)} - {"その他"})
                or ["紙"],
                "contractor_check": "契約締結後、ホームページで公表する。",
                "contractor": contractor_name(ctx.rng),
                "subcontracting": "再委託する" if subcontract else "再委託しない",
                "subcontract_permission": ctx.text(2) if subcontract else "",
                "subcontract_items": "上記「委託事項」に記載する業務の一部を再委託する。"
                if subcontract
                else "",
            }
        )
    return items


def provisions(ctx: Context, count: int) -> list[dict[str, Any]]:
    recipients = (
        "市区町村長",
        "都道府県知事",
        "厚生労働大臣",
        "日本年金機構",
        "地方公共団体情報システム機構",
        "全国健康保険協会",
        "共済組合",
        "国税庁長官",
    )
    return [
        {
            "no": no,
            "name": ctx.pick(recipients),
            "legal_basis": provision_citation(
                ctx.rng, ctx.business.row or ctx.rng.randrange(1, 160)
            ),
            "purpose": ctx.text(1),
            "information": ctx.text(1)[:100],
            "subject_count": ctx.pick(SUBJECTS),
            "subject_scope": "番号法別表に定める事務の対象者",
            "methods": ["情報提供ネットワークシステム"],
            "timing": "照会の都度",
        }
        for no in range(1, count + 1)
    ]


def overview(ctx: Context, entrusted: int, provided: int, sentences: int) -> dict[str, Any]:
    """II 特定個人情報ファイルの概要 (shared by 全項目 and 重点項目)."""
    return {
        "basics": {
            "kind": "システム用ファイル",
            "subject_count": ctx.pick(SUBJECTS),
            "subject_scope": ctx.text(1),
            "scope_necessity": ctx.text(sentences),
            "item_count": ctx.pick(
                ("10項目以上50項目未満", "50項目以上100項目未満", "100項目以上")
            ),
            "main_items": ["個人番号", "4情報(氏名、性別、生年月日、住所)", "連絡先(電話番号等)"],
            "items_validity": ctx.text(sentences),
            "holding_start": wareki(ctx.rng, 2015, 2020),
            "department": department(ctx)["department"],
        },
        "acquisition": {
            "sources": ["本人又は本人の代理人", "評価実施機関内の他部署"],
            "methods": ["紙", "庁内連携システム", "情報提供ネットワークシステム"],
            "timing": ctx.text(1),
            "validity": ctx.text(sentences),
            "notice": ctx.text(1),
            "purpose": ctx.text(1),
            "user_department": department(ctx)["department"],
            "user_count": ctx.pick(HANDLERS),
            "usage": ctx.text(sentences + 1),
            "matching": ctx.text(1),
            "usage_start": wareki(ctx.rng, 2015, 2020),
        },
        "entrustment": {
            "status": "委託する" if entrusted else "委託しない",
            "count": entrusted or None,
            "items": entrustment_items(ctx, entrusted) or None,
        },
        "provision": {
            "status": ["提供を行っている"] if provided else ["行っていない"],
            "provision_count": provided or None,
            "provisions": provisions(ctx, provided) or None,
        },
        "storage": {
            "location": ctx.text(sentences),
            "period": ctx.pick(("5年", "10年以上20年未満", "定められていない", "1年")),
            "period_validity": ctx.text(1),
            "deletion": ctx.text(sentences),
        },
    }
