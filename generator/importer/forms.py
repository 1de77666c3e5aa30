"""The outline of each form: parts, sections, risks and repeated blocks, keyed by headings.

Field labels come from the model (each Field title is the printed label); this module only
adds the structure the model cannot express (which heading opens which model, generic
labels' aliases, group labels, section toggles, repeated blocks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from generator.model import focused, parts, risks
from generator.model.assessment import (
    BasicAssessmentStep,
    FocusedBasicAssessmentStep,
)

Aliases = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, eq=False)
class Scope:
    """A heading and the model its rows fill.

    ``root`` is "doc" or "file" (the current 特定個人情報ファイル); ``path`` is the dict path
    from the root. ``value`` names the field filled by the text printed on or after the
    heading itself (e.g. `3. 特定個人情報ファイル名`).
    """

    name: str
    headings: tuple[str, ...]
    path: tuple[str, ...] = ()
    model: type[BaseModel] | None = None
    root: str = "doc"
    children: tuple[Scope, ...] = ()
    aliases: Aliases = field(default_factory=dict)
    only: tuple[str, ...] = ()
    value: str | None = None
    toggles: Mapping[str, str] = field(default_factory=dict)
    groups: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    blocks: Mapping[str, tuple[str, type[BaseModel], str | None]] = field(default_factory=dict)
    special: str | None = None  # "record_items" | "changes" | "free_text"


RECIPIENT_ALIASES: Aliases = {
    "purpose": ("提供先における用途", "移転先における用途"),
    "information": ("提供する情報", "移転する情報"),
    "subject_count": ("提供する情報の対象となる本人の数", "移転する情報の対象となる本人の数"),
    "subject_scope": ("提供する情報の対象となる本人の範囲", "移転する情報の対象となる本人の範囲"),
    "methods": ("提供方法", "移転方法"),
    "timing": ("時期・頻度",),
}
BLOCKS_PROVISION = {
    "提供先": ("provisions", parts.Recipient, "name"),
    "移転先": ("transfers", parts.Recipient, "name"),
}
SUFFICIENCY = ("リスクへの対策は十分か",)


def _section(
    name: str, heading: str, path: tuple[str, ...], model: type[BaseModel] | None, **kw
) -> Scope:  # type: ignore[no-untyped-def]
    return Scope(name=name, headings=(heading,), path=path, model=model, **kw)


def _basic_info_sections(prefix: str) -> tuple[Scope, ...]:
    p = (prefix,)
    return (
        _section(
            "I-1",
            "特定個人情報ファイルを取り扱う事務",
            (*p, "business"),
            parts.Business,
            aliases={"description": ("事務の概要",)},
        ),
        _section(
            "I-2",
            "特定個人情報ファイルを取り扱う事務において使用するシステム",
            (*p, "systems"),
            None,
            blocks={"システム": ("", parts.System, None)},
        ),
        _section(
            "I-3",
            "特定個人情報ファイル名",
            p,
            parts.BasicInfo,
            only=("file_names",),
            value="file_names",
        ),
        _section("I-4", "特定個人情報ファイルを取り扱う理由", (*p, "reasons"), parts.Reasons),
        _section("I-5", "個人番号の利用", (*p, "number_use"), parts.LegalBasis),
        _section(
            "I-6", "情報提供ネットワークシステムによる情報連携", (*p, "linkage"), parts.Linkage
        ),
        _section("I-7", "評価実施機関における担当部署", (*p, "department"), parts.Department),
        _section(
            "I-8",
            "他の評価実施機関",
            p,
            parts.BasicInfo,
            only=("other_agencies",),
            value="other_agencies",
        ),
    )


def _overview_sections() -> tuple[Scope, ...]:
    o = ("overview",)
    return (
        Scope("II-1", ("特定個人情報ファイル名",), (), None, root="file", value="name"),
        _section("II-2", "基本情報", (*o, "basics"), parts.FileBasics, root="file"),
        _section(
            "II-3",
            "特定個人情報の入手・使用",
            (*o, "acquisition"),
            parts.AcquisitionAndUse,
            root="file",
            groups=("使用の主体",),
            aliases={"user_department": ("使用部署",)},
        ),
        _section(
            "II-4",
            "特定個人情報ファイルの取扱いの委託",
            (*o, "entrustment"),
            parts.Entrustments,
            root="file",
            groups=("再委託",),
            blocks={"委託事項": ("items", parts.Entrustment, "name")},
        ),
        _section(
            "II-5",
            "特定個人情報の提供・移転(委託に伴うものを除く。)",
            (*o, "provision"),
            parts.ProvisionTransfer,
            root="file",
            blocks=BLOCKS_PROVISION,
            aliases=RECIPIENT_ALIASES,
        ),
        _section(
            "II-6",
            "特定個人情報の保管・消去",
            (*o, "storage"),
            parts.Storage,
            root="file",
            groups=("保管期間",),
            aliases={"period": ("期間",)},
        ),
        _section(
            "II-7", "備考", o, parts.FileOverview, root="file", only=("remarks",), value="remarks"
        ),
    )


ENTRUST_CAPTIONS = (
    "委託先による特定個人情報の不正入手・不正な使用に関するリスク",
    "リスク:委託先における不正な使用等のリスク",
)


@dataclass(frozen=True)
class RiskModels:
    """The model of each part of III for one form (全項目 and 重点 differ in content, not order)."""

    acquisition: type[BaseModel]
    use: type[BaseModel]
    entrustment: type[BaseModel]
    provision: type[BaseModel]
    network: type[BaseModel]
    storage: type[BaseModel]


FULL_RISKS = RiskModels(
    risks.AcquisitionRisks,
    risks.UseRisks,
    risks.EntrustmentRisks,
    risks.ProvisionRisks,
    risks.NetworkRisks,
    risks.StorageRisks,
)
FOCUSED_RISKS = RiskModels(
    focused.FocusedAcquisitionRisks,
    focused.FocusedUseRisks,
    focused.FocusedEntrustmentRisks,
    focused.FocusedProvisionRisks,
    focused.FocusedNetworkRisks,
    focused.FocusedStorageRisks,
)


def _file_risk_sections(models: RiskModels) -> tuple[Scope, ...]:
    """III 1.–7.: the per-file risk parts, in the form's order."""
    r = ("risks",)
    return (
        Scope("III-1", ("特定個人情報ファイル名",), (), None, root="file", value="_file_name"),
        _section(
            "III-2", "特定個人情報の入手", (*r, "acquisition"), models.acquisition, root="file"
        ),
        _section("III-3", "特定個人情報の使用", (*r, "use"), models.use, root="file"),
        _section(
            "III-4",
            "特定個人情報ファイルの取扱いの委託",
            (*r, "entrustment"),
            models.entrustment,
            root="file",
            toggles={"not_entrusted": "委託しない"},
            captions=ENTRUST_CAPTIONS,
        ),
        _section(
            "III-5",
            "特定個人情報の提供・移転",
            (*r, "provision"),
            models.provision,
            root="file",
            toggles={"not_provided": "提供・移転しない"},
        ),
        _section(
            "III-6",
            "情報提供ネットワークシステムとの接続",
            (*r, "network"),
            models.network,
            root="file",
            toggles={"no_acquisition": "接続しない(入手)", "no_provision": "接続しない(提供)"},
        ),
        _section("III-7", "特定個人情報の保管・消去", (*r, "storage"), models.storage, root="file"),
    )


def _focused_risk_sections() -> tuple[Scope, ...]:
    """重点項目評価書 III: the per-file parts, then 8. 監査, 9. 教育・啓発, 10. その他."""
    om = ("other_measures",)
    return (
        *_file_risk_sections(FOCUSED_RISKS),
        _section(
            "III-8",
            "監査",
            om,
            focused.FocusedOtherMeasures,
            only=("audit",),
            aliases={"audit": ("実施の有無",)},
        ),
        _section("III-9", "従業者に対する教育・啓発", (*om, "training"), risks.Training),
        _section(
            "III-10",
            "その他のリスク対策",
            om,
            focused.FocusedOtherMeasures,
            only=("other",),
            value="other",
        ),
    )


def _contacts(name: str) -> Scope:
    c = ("contacts",)
    return Scope(
        name,
        ("開示請求、問合せ",),
        c,
        None,
        children=(
            _section(
                f"{name}-1",
                "特定個人情報の開示・訂正・利用停止請求",
                (*c, "disclosure"),
                parts.Disclosure,
            ),
            _section(
                f"{name}-2",
                "特定個人情報ファイルの取扱いに関する問合せ",
                (*c, "inquiry"),
                parts.Inquiry,
            ),
        ),
    )


def _procedures(name: str, step: type[BaseModel], approval: bool) -> Scope:
    p = ("procedures",)
    children = [
        _section(f"{name}-1", "基礎項目評価", (*p, "basic_assessment"), step),
        Scope(
            f"{name}-2",
            ("国民・住民等からの意見の聴取", "国民・住民等からの意見の聴取【任意】"),
            (*p, "public_comment"),
            parts.PublicComment,
        ),
        Scope(
            f"{name}-3",
            ("第三者点検", "第三者点検【任意】"),
            (*p, "third_party_review"),
            parts.ThirdPartyReview,
        ),
    ]
    if approval:
        children.append(
            _section(
                f"{name}-4",
                "個人情報保護委員会の承認【行政機関等のみ】",
                (*p, "commission_approval"),
                parts.CommissionApproval,
            )
        )
    return Scope(name, ("評価実施手続",), p, None, children=tuple(children))


def _changes(name: str) -> Scope:
    return Scope(name, ("変更箇所",), ("changes",), None, special="changes")


def _record_items(name: str) -> Scope:
    return Scope(
        name, ("特定個人情報ファイル記録項目",), (), None, root="file", special="record_items"
    )


FULL: tuple[Scope, ...] = (
    Scope("I", ("基本情報",), ("basic_info",), None, children=_basic_info_sections("basic_info")),
    Scope(
        "別添1",
        ("事務の内容",),
        ("basic_info",),
        parts.BasicInfo,
        value="business_details",
        only=("business_details",),
        special="free_text",
    ),
    Scope(
        "II", ("特定個人情報ファイルの概要",), (), None, root="file", children=_overview_sections()
    ),
    _record_items("別添2"),
    Scope(
        "III",
        ("特定個人情報ファイルの取扱いプロセスにおけるリスク対策",),
        (),
        None,
        root="file",
        children=_file_risk_sections(FULL_RISKS),
    ),
    Scope(
        "IV",
        ("その他のリスク対策",),
        ("other_measures",),
        None,
        children=(
            _section("IV-1", "監査", ("other_measures", "audit"), risks.Audit),
            _section(
                "IV-2", "従業者に対する教育・啓発", ("other_measures", "training"), risks.Training
            ),
            _section(
                "IV-3",
                "その他のリスク対策",
                ("other_measures",),
                risks.OtherRiskMeasures,
                only=("other",),
                value="other",
            ),
        ),
    ),
    _contacts("V"),
    _procedures("VI", BasicAssessmentStep, approval=True),
    _changes("別添3"),
)

FOCUSED: tuple[Scope, ...] = (
    Scope("I", ("基本情報",), ("basic_info",), None, children=_basic_info_sections("basic_info")),
    Scope(
        "II", ("特定個人情報ファイルの概要",), (), None, root="file", children=_overview_sections()
    ),
    _record_items("別添1"),
    Scope("III", ("リスク対策",), (), None, root="file", children=_focused_risk_sections()),
    _contacts("IV"),
    _procedures("V", FocusedBasicAssessmentStep, approval=False),
    _changes("別添2"),
)
