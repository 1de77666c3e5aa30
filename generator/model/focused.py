"""III リスク対策 of the 重点項目評価書: a flat list 1–10 with a single risk per area."""

from __future__ import annotations

from generator.model.choices import (
    AuditKind,
    Defining,
    Doing,
    Occurrence,
    Practice,
    SubcontractorAssurance,
)
from generator.model.parts import text
from generator.model.risks import Risk, RiskWithOther, Training
from generator.model.values import Choice, MultiChoice, Strict


class FocusedAcquisitionRisks(Strict):
    """2. 特定個人情報の入手."""

    out_of_purpose: Risk | None = text("リスク: 目的外の入手が行われるリスク")
    other: str | None = text("特定個人情報の入手におけるその他のリスク及びそのリスクに対する措置")


class FocusedUnauthorizedUse(RiskWithOther):
    """リスク2: 権限のない者によって不正に使用されるリスク."""

    user_auth: Choice[Doing] | None = text("ユーザ認証の管理")
    user_auth_method: str | None = text("具体的な管理方法")


class FocusedUseRisks(Strict):
    """3. 特定個人情報の使用."""

    linking: Risk | None = text(
        "リスク1: 目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク"
    )
    unauthorized: FocusedUnauthorizedUse | None = text(
        "リスク2: 権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスク"
    )
    other: str | None = text("特定個人情報の使用におけるその他のリスク及びそのリスクに対する措置")


class FocusedEntrustmentRisks(RiskWithOther):
    """4. 特定個人情報ファイルの取扱いの委託 (リスク: 委託先における不正な使用等のリスク)."""

    not_entrusted: bool | None = text("委託しない")
    contract_clauses: Choice[Defining] | None = text(
        "委託契約書中の特定個人情報ファイルの取扱いに関する規定"
    )
    contract_clauses_content: str | None = text("規定の内容")
    subcontractor_assurance: Choice[SubcontractorAssurance] | None = text(
        "再委託先による特定個人情報ファイルの適切な取扱いの担保"
    )
    subcontractor_method: str | None = text("具体的な方法")
    other: str | None = text(
        "特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置"
    )


class FocusedProvisionRisks(RiskWithOther):
    """5. 特定個人情報の提供・移転 (リスク: 不正な提供・移転が行われるリスク)."""

    not_provided: bool | None = text("提供・移転しない")
    rules: Choice[Defining] | None = text("特定個人情報の提供・移転に関するルール")
    rules_content: str | None = text("ルールの内容及びルール遵守の確認方法")
    other: str | None = text(
        "特定個人情報の提供・移転におけるその他のリスク及びそのリスクに対する措置"
    )


class FocusedNetworkRisks(Strict):
    """6. 情報提供ネットワークシステムとの接続."""

    no_acquisition: bool | None = text("接続しない(入手)")
    no_provision: bool | None = text("接続しない(提供)")
    out_of_purpose: Risk | None = text("リスク1: 目的外の入手が行われるリスク")
    improper_provision: Risk | None = text("リスク2: 不正な提供が行われるリスク")
    other: str | None = text(
        "情報提供ネットワークシステムとの接続に伴うその他のリスク及びそのリスクに対する措置"
    )


class FocusedStorageRisks(RiskWithOther):
    """7. 特定個人情報の保管・消去 (リスク: 特定個人情報の漏えい・滅失・毀損リスク)."""

    incident_procedure: Choice[Practice] | None = text("①事故発生時手順の策定・周知")
    serious_incident: Choice[Occurrence] | None = text(
        "②過去3年以内に、評価実施機関において、個人情報に関する重大事故が発生したか"
    )
    incident_details: str | None = text("その内容")
    recurrence_prevention: str | None = text("再発防止策の内容")
    other: str | None = text(
        "特定個人情報の保管・消去におけるその他のリスク及びそのリスクに対する措置"
    )


class FocusedFileRisks(Strict):
    """III リスク対策 1.–7. (one file)."""

    acquisition: FocusedAcquisitionRisks | None = text("2. 特定個人情報の入手")
    use: FocusedUseRisks | None = text("3. 特定個人情報の使用")
    entrustment: FocusedEntrustmentRisks | None = text("4. 特定個人情報ファイルの取扱いの委託")
    provision: FocusedProvisionRisks | None = text("5. 特定個人情報の提供・移転")
    network: FocusedNetworkRisks | None = text("6. 情報提供ネットワークシステムとの接続")
    storage: FocusedStorageRisks | None = text("7. 特定個人情報の保管・消去")


class FocusedOtherMeasures(Strict):
    """III 8.–10."""

    audit: MultiChoice[AuditKind] | None = text("8. 監査 実施の有無")
    training: Training | None = text("9. 従業者に対する教育・啓発")
    other: str | None = text("10. その他のリスク対策")
