"""The outline of the 基礎項目評価書 (様式2), from pia-form.md §14.2 (no sample available).

Items are keyed by their headings, never by their numbers: the numbering of IV shifts
between versions of the form.
"""

from __future__ import annotations

from generator.importer.forms import SUFFICIENCY, Scope, _changes, _section
from generator.model import basic, parts
from generator.model.assessment import BasicAssessment


def _basic_related() -> tuple[Scope, ...]:
    r = ("related",)
    rel = basic.RelatedInfo
    return (
        _section(
            "I-1",
            "特定個人情報ファイルを取り扱う事務",
            (*r, "business"),
            parts.Business,
            aliases={"description": ("事務の概要",)},
        ),
        _section("I-2", "特定個人情報ファイル名", r, rel, only=("file_names",), value="file_names"),
        _section("I-3", "個人番号の利用", (*r, "number_use"), parts.LegalBasis),
        _section(
            "I-4", "情報提供ネットワークシステムによる情報連携", (*r, "linkage"), parts.Linkage
        ),
        _section("I-5", "評価実施機関における担当部署", (*r, "department"), parts.Department),
        _section(
            "I-6", "他の評価実施機関", r, rel, only=("other_agencies",), value="other_agencies"
        ),
        _section(
            "I-7",
            "特定個人情報の開示・訂正・利用停止請求",
            r,
            rel,
            only=("disclosure_request_to",),
            aliases={"disclosure_request_to": ("請求先",)},
            value="disclosure_request_to",
        ),
        _section(
            "I-8",
            "特定個人情報ファイルの取扱いに関する問合せ",
            r,
            rel,
            only=("inquiry_contact",),
            aliases={"inquiry_contact": ("連絡先",)},
            value="inquiry_contact",
        ),
    )


def _basic_area(name: str, heading: str, key: str, *risks: str, **kw) -> Scope:  # type: ignore[no-untyped-def]
    """An area of IV: its heading carries the answer, or a `…リスクへの対策は十分か` row does."""
    labels = (*SUFFICIENCY, *(f"{risk}への対策は十分か" for risk in risks))
    return Scope(
        name,
        (heading,),
        ("risk_measures",),
        basic.BasicRiskMeasures,
        only=(key,),
        value=key,
        aliases={key: labels},
        **kw,
    )


def _basic_risks() -> tuple[Scope, ...]:
    rm = ("risk_measures",)
    return (
        _basic_area("IV-1", "提出する特定個人情報保護評価書の種類", "submitted_form"),
        _basic_area("IV-2", "特定個人情報の入手", "acquisition", "目的外の入手が行われるリスク"),
        _basic_area(
            "IV-3",
            "特定個人情報の使用",
            "use",
            "目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク",
            "権限のない者によって不正に使用されるリスク",
        ),
        _basic_area(
            "IV-4",
            "特定個人情報ファイルの取扱いの委託",
            "entrustment",
            "委託先における不正な使用等のリスク",
            toggles={"not_entrusted": "委託しない"},
        ),
        _basic_area(
            "IV-5",
            "特定個人情報の提供・移転",
            "provision",
            "不正な提供・移転が行われるリスク",
            toggles={"not_provided": "提供・移転しない"},
        ),
        _basic_area(
            "IV-6",
            "情報提供ネットワークシステムとの接続",
            "network",
            "目的外の入手が行われるリスク",
            "不正な提供が行われるリスク",
            toggles={"no_acquisition": "接続しない(入手)", "no_provision": "接続しない(提供)"},
        ),
        _basic_area(
            "IV-7", "特定個人情報の保管・消去", "storage", "特定個人情報の漏えい・滅失・毀損リスク"
        ),
        _section(
            "IV-8",
            "人手を介在させる作業",
            (*rm, "manual_work"),
            basic.ManualWork,
            toggles={"none": "人手を介在させる作業はない"},
        ),
        Scope(
            "IV-9",
            ("監査",),
            rm,
            basic.BasicRiskMeasures,
            only=("audit",),
            aliases={"audit": ("実施の有無",)},
        ),
        _basic_area("IV-10", "従業者に対する教育・啓発", "training"),
        _section(
            "IV-11", "最も優先度が高いと考えられる対策", (*rm, "top_priority"), basic.TopPriority
        ),
    )


BASIC: tuple[Scope, ...] = (
    Scope("I", ("関連情報",), ("related",), None, children=_basic_related()),
    Scope(
        "II",
        ("しきい値判断項目",),
        ("threshold_items",),
        basic.ThresholdItems,
        aliases={
            "subjects": ("対象人数", "評価対象の事務の対象人数は何人か"),
            "handlers": ("取扱者数", "特定個人情報ファイル取扱者数は500人以上か"),
            "serious_incident": (
                "重大事故",
                "過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか",
            ),
        },
    ),
    Scope(
        "III",
        ("しきい値判断結果",),
        (),
        BasicAssessment,
        only=("threshold_result",),
        value="threshold_result",
    ),
    Scope("IV", ("リスク対策",), ("risk_measures",), None, children=_basic_risks()),
    _changes("別添"),
)
