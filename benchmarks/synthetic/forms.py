"""The three forms as plain data in the catalogue's YAML shape (see tests/fixtures/valid/)."""

from __future__ import annotations

from typing import Any

from benchmarks.synthetic.parts import (
    DOING,
    HANDLERS,
    POPULATION,
    SUFFICIENCY,
    Context,
    changes,
    citations,
    cover,
    department,
    overview,
    record_items,
    system_names,
    wareki,
)

BASIC = "基礎項目評価書"
FOCUSED = "重点項目評価書"
FULL = "全項目評価書"


def _head(ctx: Context, kind: str) -> dict[str, Any]:
    return {"id": ctx.ident, "form_type": kind, "status": ctx.status, "cover": cover(ctx, kind)}


def basic(ctx: Context) -> dict[str, Any]:
    number_use, linkage = citations(ctx)
    pick = ctx.pick
    return {
        **_head(ctx, BASIC),
        "related": {
            "business": {
                "name": ctx.business_name,
                "description": ctx.text(2),
                "system_names": "、".join(system_names(ctx)),
            },
            "file_names": ctx.business.file,
            "number_use": {"legal_basis": number_use},
            "linkage": {"implementation": "実施する", "legal_basis": linkage},
            "department": department(ctx),
            "disclosure_request_to": f"{ctx.body.body}総務課 情報公開担当",
            "inquiry_contact": f"{department(ctx)['department']} 電話 0{ctx.rng.randint(10, 99)}-{ctx.rng.randint(100, 999)}-{ctx.rng.randint(1000, 9999)}",
        },
        "threshold_items": {
            "subjects": pick(POPULATION[:4]),
            "subjects_as_of": wareki(ctx.rng, 2019),
            "handlers": "500人未満",
            "handlers_as_of": wareki(ctx.rng, 2019),
            "serious_incident": "発生なし",
        },
        "threshold_result": "基礎項目評価の実施が義務付けられる",
        "risk_measures": {
            "submitted_form": BASIC,
            "acquisition": pick(SUFFICIENCY),
            "use": pick(SUFFICIENCY),
            "entrustment": pick(SUFFICIENCY),
            "provision": pick(SUFFICIENCY),
            "network": pick(SUFFICIENCY),
            "storage": pick(SUFFICIENCY),
            "manual_work": {"sufficiency": pick(SUFFICIENCY), "basis": ctx.text(1)},
            "audit": ["自己点検", "内部監査"] if ctx.rng.random() < 0.7 else ["自己点検"],
            "training": pick(DOING),
            "top_priority": {
                "measure": ctx.text(1),
                "sufficiency": pick(SUFFICIENCY),
                "basis": ctx.text(1),
            },
        },
        "changes": changes(ctx, ctx.rng.randint(0, 3)) or None,
    }


def _basic_info(ctx: Context, sentences: int) -> dict[str, Any]:
    number_use, linkage = citations(ctx)
    systems = [
        {
            "no": no,
            "name": name,
            "functions": ctx.text(sentences),
            "connections": ["庁内連携システム", "その他"]
            if no > 1
            else ["情報提供ネットワークシステム"],
        }
        for no, name in enumerate(system_names(ctx), 1)
    ]
    return {
        "business": {
            "name": ctx.business_name,
            "description": ctx.text(sentences + 2),
            "target_population": ctx.pick(POPULATION[2:]),
        },
        "systems": systems,
        "file_names": ctx.business.file,
        "reasons": {"necessity": ctx.text(sentences), "benefits": ctx.text(sentences)},
        "number_use": {"legal_basis": number_use},
        "linkage": {"implementation": "実施する", "legal_basis": linkage},
        "department": department(ctx),
    }


def _risk(ctx: Context, sentences: int, key: str = "measures") -> dict[str, str]:
    return {key: ctx.text(sentences), "sufficiency": ctx.pick(SUFFICIENCY)}


def _full_risks(ctx: Context) -> dict[str, Any]:
    r = _risk
    return {
        "acquisition": {
            "out_of_purpose": {
                **r(ctx, 2, "other_measures"),
                "non_target": ctx.text(3),
                "unnecessary": ctx.text(2),
            },
            "improper_method": r(ctx, 3),
            "inaccurate": {
                **r(ctx, 2, "other_measures"),
                "identity_check": ctx.text(3),
                "number_authenticity": ctx.text(2),
                "accuracy": ctx.text(3),
            },
            "leak": r(ctx, 3),
        },
        "use": {
            "linking": {**r(ctx, 2), "address_system": ctx.text(3), "other_systems": ctx.text(2)},
            "unauthorized": {
                **r(ctx, 2, "other_measures"),
                "user_auth": "行っている",
                "user_auth_method": ctx.text(3),
                "rights_lifecycle": "行っている",
                "rights_lifecycle_method": ctx.text(2),
                "usage_log": "記録を残している",
                "usage_log_method": ctx.text(2),
            },
            "outside_work": r(ctx, 2),
            "copying": r(ctx, 2),
        },
        "entrustment": {
            **r(ctx, 2, "other_measures"),
            "management_check": ctx.text(3),
            "contract_clauses": "定めている",
            "contract_clauses_content": ctx.text(4),
            "subcontractor_assurance": "十分に行っている",
            "subcontractor_method": ctx.text(3),
        },
        "provision": {
            "improper": {
                **r(ctx, 2, "other_measures"),
                "record": "記録を残している",
                "record_method": ctx.text(2),
            },
            "wrong": r(ctx, 2),
        },
        "network": {
            name: r(ctx, 3)
            for name in (
                "out_of_purpose",
                "unsafe_acquisition",
                "inaccurate",
                "leak",
                "improper_provision",
                "improper_method",
                "wrong",
            )
        },
        "storage": {
            "leak": {
                **r(ctx, 2, "other_measures"),
                "physical": "十分に行っている",
                "physical_content": ctx.text(4),
                "technical": "十分に行っている",
                "technical_content": ctx.text(4),
                "backup": "十分に行っている",
                "serious_incident": "発生なし",
            },
            "stale": r(ctx, 2),
            "not_deleted": {
                **r(ctx, 2, "other_measures"),
                "procedure": "定めている",
                "procedure_content": ctx.text(3),
            },
        },
    }


def _contacts(ctx: Context) -> dict[str, Any]:
    return {
        "disclosure": {
            "request_to": f"{ctx.body.body}総務課 情報公開担当",
            "method": ctx.text(1),
            "fee": "無料",
        },
        "inquiry": {"contact": f"{department(ctx)['department']}", "handling": ctx.text(1)},
    }


def full(ctx: Context) -> dict[str, Any]:
    files = []
    for no in range(1, ctx.pick((1, 1, 1, 2, 2, 3)) + 1):
        files.append(
            {
                "no": no,
                "name": ctx.business.file if no == 1 else f"{ctx.business.file}({no})",
                "overview": overview(ctx, ctx.rng.randint(2, 6), ctx.rng.randint(2, 10), 2),
                "record_items": record_items(ctx, ctx.rng.randint(30, 120)),
                "risks": _full_risks(ctx),
            }
        )
    return {
        **_head(ctx, FULL),
        "basic_info": _basic_info(ctx, 3),
        "files": files,
        "other_measures": {
            "audit": {
                "self_check": "十分に行っている",
                "self_check_method": ctx.text(3),
                "audit": "十分に行っている",
                "audit_content": ctx.text(3),
            },
            "training": {"status": "十分に行っている", "method": ctx.text(3)},
            "other": ctx.text(2),
        },
        "contacts": _contacts(ctx),
        "procedures": {
            "basic_assessment": {
                "date": wareki(ctx.rng, 2019),
                "threshold": "基礎項目評価及び全項目評価の実施が義務付けられる",
            },
            "public_comment": {
                "method": ctx.text(1),
                "period": f"{wareki(ctx.rng, 2019)}から30日間",
                "main_opinions": "意見なし",
            },
            "third_party_review": {
                "date": wareki(ctx.rng, 2019),
                "method": ctx.text(1),
                "result": ctx.text(2),
            },
        },
        "changes": changes(ctx, ctx.rng.randint(3, 15)),
    }


def focused(ctx: Context) -> dict[str, Any]:
    r = _risk
    risks = {
        "acquisition": {"out_of_purpose": r(ctx, 2)},
        "use": {
            "linking": r(ctx, 2),
            "unauthorized": {
                **r(ctx, 1, "other_measures"),
                "user_auth": "行っている",
                "user_auth_method": ctx.text(2),
            },
        },
        "entrustment": {
            **r(ctx, 1, "other_measures"),
            "contract_clauses": "定めている",
            "contract_clauses_content": ctx.text(2),
        },
        "provision": {
            **r(ctx, 1, "other_measures"),
            "rules": "定めている",
            "rules_content": ctx.text(2),
        },
        "network": {"out_of_purpose": r(ctx, 2), "improper_provision": r(ctx, 2)},
        "storage": {**r(ctx, 2, "other_measures"), "serious_incident": "発生なし"},
    }
    file = {
        "no": 1,
        "name": ctx.business.file,
        "overview": overview(ctx, ctx.rng.randint(1, 3), ctx.rng.randint(0, 4), 2),
        "record_items": record_items(ctx, ctx.rng.randint(20, 80)),
        "risks": risks,
    }
    return {
        **_head(ctx, FOCUSED),
        "basic_info": _basic_info(ctx, 2),
        "files": [file],
        "other_measures": {
            "audit": ["自己点検", "内部監査"],
            "training": {"status": ctx.pick(DOING), "method": ctx.text(2)},
        },
        "contacts": _contacts(ctx),
        "procedures": {
            "basic_assessment": {
                "date": wareki(ctx.rng, 2019),
                "threshold": "基礎項目評価及び重点項目評価の実施が義務付けられる",
            }
        },
        "changes": changes(ctx, ctx.rng.randint(1, 6)),
    }


FORMS = {BASIC: basic, FOCUSED: focused, FULL: full}
__all__ = ["BASIC", "FOCUSED", "FORMS", "FULL", "HANDLERS"]
