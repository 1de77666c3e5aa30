"""III リスク対策 and IV その他のリスク対策 of the 全項目評価書 (様式4).

Each risk keeps the measures as printed and its evaluation (リスクへの対策は十分か).
"""

from __future__ import annotations

from generator.model.choices import (
    Awareness,
    Defining,
    Doing,
    Keeping,
    Maintenance,
    NiscCompliance,
    Occurrence,
    Practice,
    Recording,
    Restricting,
    SubcontractorAssurance,
    Sufficiency,
)
from generator.model.parts import text
from generator.model.values import Choice, Strict


class Risk(Strict):
    """A risk with one measures text and its evaluation."""

    measures: str | None = text("リスクに対する措置の内容")
    sufficiency: Choice[Sufficiency] | None = text("リスクへの対策は十分か")


class RiskWithOther(Strict):
    """Fields every structured risk ends with."""

    other_measures: str | None = text("その他の措置の内容")
    sufficiency: Choice[Sufficiency] | None = text("リスクへの対策は十分か")


class OutOfPurposeAcquisition(RiskWithOther):
    """リスク1: 目的外の入手が行われるリスク."""

    non_target: str | None = text("対象者以外の情報の入手を防止するための措置の内容")
    unnecessary: str | None = text("必要な情報以外を入手することを防止するための措置の内容")


class InaccurateAcquisition(RiskWithOther):
    """リスク3: 入手した特定個人情報が不正確であるリスク."""

    identity_check: str | None = text("入手の際の本人確認の措置の内容")
    number_authenticity: str | None = text("個人番号の真正性確認の措置の内容")
    accuracy: str | None = text("特定個人情報の正確性確保の措置の内容")


class AcquisitionRisks(Strict):
    """2. 特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)."""

    out_of_purpose: OutOfPurposeAcquisition | None = text("リスク1: 目的外の入手が行われるリスク")
    improper_method: Risk | None = text("リスク2: 不適切な方法で入手が行われるリスク")
    inaccurate: InaccurateAcquisition | None = text(
        "リスク3: 入手した特定個人情報が不正確であるリスク"
    )
    leak: Risk | None = text("リスク4: 入手の際に特定個人情報が漏えい・紛失するリスク")
    other: str | None = text("特定個人情報の入手におけるその他のリスク及びそのリスクに対する措置")


class LinkingRisk(RiskWithOther):
    """リスク1: 目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク."""

    measures: str | None = text("リスクに対する措置の内容")
    address_system: str | None = text("宛名システム等における措置の内容")
    other_systems: str | None = text("事務で使用するその他のシステムにおける措置の内容")


class UnauthorizedUseRisk(RiskWithOther):
    """リスク2: 権限のない者によって不正に使用されるリスク."""

    user_auth: Choice[Doing] | None = text("ユーザ認証の管理")
    user_auth_method: str | None = text("具体的な管理方法")
    rights_lifecycle: Choice[Doing] | None = text("アクセス権限の発効・失効の管理")
    rights_lifecycle_method: str | None = text("具体的な管理方法")
    rights: Choice[Doing] | None = text("アクセス権限の管理")
    rights_method: str | None = text("具体的な管理方法")
    usage_log: Choice[Recording] | None = text("特定個人情報の使用の記録")
    usage_log_method: str | None = text("具体的な方法")


class UseRisks(Strict):
    """3. 特定個人情報の使用."""

    linking: LinkingRisk | None = text(
        "リスク1: 目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク"
    )
    unauthorized: UnauthorizedUseRisk | None = text(
        "リスク2: 権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスク"
    )
    outside_work: Risk | None = text("リスク3: 従業者が事務外で使用するリスク")
    copying: Risk | None = text("リスク4: 特定個人情報ファイルが不正に複製されるリスク")
    other: str | None = text("特定個人情報の使用におけるその他のリスク及びそのリスクに対する措置")


class EntrustmentRisks(RiskWithOther):
    """4. 特定個人情報ファイルの取扱いの委託."""

    not_entrusted: bool | None = text("委託しない")
    management_check: str | None = text("情報保護管理体制の確認")
    access_limit: Choice[Restricting] | None = text("特定個人情報ファイルの閲覧者・更新者の制限")
    access_limit_method: str | None = text("具体的な制限方法")
    handling_log: Choice[Recording] | None = text("特定個人情報ファイルの取扱いの記録")
    handling_log_method: str | None = text("具体的な方法")
    provision_rules: Choice[Defining] | None = text("特定個人情報の提供ルール")
    rules_to_others: str | None = text(
        "委託先から他者への提供に関するルールの内容及びルール遵守の確認方法"
    )
    rules_between: str | None = text(
        "委託元と委託先間の提供に関するルールの内容及びルール遵守の確認方法"
    )
    deletion_rules: Choice[Defining] | None = text("特定個人情報の消去ルール")
    deletion_rules_content: str | None = text("ルールの内容及びルール遵守の確認方法")
    contract_clauses: Choice[Defining] | None = text(
        "委託契約書中の特定個人情報ファイルの取扱いに関する規定"
    )
    contract_clauses_content: str | None = text("規定の内容")
    subcontractor_assurance: Choice[SubcontractorAssurance] | None = text(
        "再委託先による特定個人情報ファイルの適切な取扱いの確保"
    )
    subcontractor_method: str | None = text("具体的な方法")
    other: str | None = text(
        "特定個人情報ファイルの取扱いの委託におけるその他のリスク及びそのリスクに対する措置"
    )


class ImproperProvisionRisk(RiskWithOther):
    """リスク1: 不正な提供・移転が行われるリスク."""

    record: Choice[Recording] | None = text("特定個人情報の提供・移転の記録")
    record_method: str | None = text("具体的な方法")
    rules: Choice[Defining] | None = text("特定個人情報の提供・移転に関するルール")
    rules_content: str | None = text("ルールの内容及びルール遵守の確認方法")


class ProvisionRisks(Strict):
    """5. 特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)."""

    not_provided: bool | None = text("提供・移転しない")
    improper: ImproperProvisionRisk | None = text("リスク1: 不正な提供・移転が行われるリスク")
    improper_method: Risk | None = text("リスク2: 不適切な方法で提供・移転が行われるリスク")
    wrong: Risk | None = text(
        "リスク3: 誤った情報を提供・移転してしまうリスク、誤った相手に提供・移転してしまうリスク"
    )
    other: str | None = text(
        "特定個人情報の提供・移転におけるその他のリスク及びそのリスクに対する措置"
    )


class NetworkRisks(Strict):
    """6. 情報提供ネットワークシステムとの接続."""

    no_acquisition: bool | None = text("接続しない(入手)")
    no_provision: bool | None = text("接続しない(提供)")
    out_of_purpose: Risk | None = text("リスク1: 目的外の入手が行われるリスク")
    unsafe_acquisition: Risk | None = text(
        "リスク2: 安全が保たれない方法によって入手が行われるリスク"
    )
    inaccurate: Risk | None = text("リスク3: 入手した特定個人情報が不正確であるリスク")
    leak: Risk | None = text("リスク4: 入手の際に特定個人情報が漏えい・紛失するリスク")
    improper_provision: Risk | None = text("リスク5: 不正な提供が行われるリスク")
    improper_method: Risk | None = text("リスク6: 不適切な方法で提供されるリスク")
    wrong: Risk | None = text(
        "リスク7: 誤った情報を提供してしまうリスク、誤った相手に提供してしまうリスク"
    )
    other: str | None = text(
        "情報提供ネットワークシステムとの接続に伴うその他のリスク及びそのリスクに対する措置"
    )


class LeakRisk(RiskWithOther):
    """リスク1: 特定個人情報の漏えい・滅失・毀損リスク."""

    nisc: Choice[NiscCompliance] | None = text("①NISC政府機関統一基準群")
    security_system: Choice[Maintenance] | None = text("②安全管理体制")
    security_rules: Choice[Maintenance] | None = text("③安全管理規程")
    staff_awareness: Choice[Awareness] | None = text("④安全管理体制・規程の職員への周知")
    physical: Choice[Practice] | None = text("⑤物理的対策")
    physical_content: str | None = text("具体的な対策の内容")
    technical: Choice[Practice] | None = text("⑥技術的対策")
    technical_content: str | None = text("具体的な対策の内容")
    backup: Choice[Practice] | None = text("⑦バックアップ")
    incident_procedure: Choice[Practice] | None = text("⑧事故発生時手順の策定・周知")
    serious_incident: Choice[Occurrence] | None = text(
        "⑨過去3年以内に、評価実施機関において、個人情報に関する重大事故が発生したか"
    )
    incident_details: str | None = text("その内容")
    recurrence_prevention: str | None = text("再発防止策の内容")
    deceased: Choice[Keeping] | None = text("⑩死者の個人番号")
    deceased_method: str | None = text("具体的な保管方法")


class NotDeletedRisk(RiskWithOther):
    """リスク3: 特定個人情報が消去されずいつまでも存在するリスク."""

    procedure: Choice[Defining] | None = text("消去手順")
    procedure_content: str | None = text("手順の内容")


class StorageRisks(Strict):
    """7. 特定個人情報の保管・消去."""

    leak: LeakRisk | None = text("リスク1: 特定個人情報の漏えい・滅失・毀損リスク")
    stale: Risk | None = text("リスク2: 特定個人情報が古い情報のまま保管され続けるリスク")
    not_deleted: NotDeletedRisk | None = text(
        "リスク3: 特定個人情報が消去されずいつまでも存在するリスク"
    )
    other: str | None = text(
        "特定個人情報の保管・消去におけるその他のリスク及びそのリスクに対する措置"
    )


class FullFileRisks(Strict):
    """III 特定個人情報ファイルの取扱いプロセスにおけるリスク対策 (one file)."""

    acquisition: AcquisitionRisks | None = text("2. 特定個人情報の入手")
    use: UseRisks | None = text("3. 特定個人情報の使用")
    entrustment: EntrustmentRisks | None = text("4. 特定個人情報ファイルの取扱いの委託")
    provision: ProvisionRisks | None = text("5. 特定個人情報の提供・移転")
    network: NetworkRisks | None = text("6. 情報提供ネットワークシステムとの接続")
    storage: StorageRisks | None = text("7. 特定個人情報の保管・消去")


class Audit(Strict):
    """IV-1 監査."""

    self_check: Choice[Practice] | None = text("①自己点検")
    self_check_method: str | None = text("具体的なチェック方法")
    audit: Choice[Practice] | None = text("②監査")
    audit_content: str | None = text("具体的な内容")


class Training(Strict):
    """従業者に対する教育・啓発."""

    status: Choice[Practice] | None = text("従業者に対する教育・啓発")
    method: str | None = text("具体的な方法")


class OtherRiskMeasures(Strict):
    """IV その他のリスク対策."""

    audit: Audit | None = text("1. 監査")
    training: Training | None = text("2. 従業者に対する教育・啓発")
    other: str | None = text("3. その他のリスク対策")
