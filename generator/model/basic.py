"""The parts proper to the 基礎項目評価書 (様式2): I 関連情報, II–III しきい値判断, IV リスク対策."""

from __future__ import annotations

from generator.model.choices import (
    AuditKind,
    HandlerCount,
    Occurrence,
    Practice,
    SubmittedForm,
    Sufficiency,
    TargetPopulation,
)
from generator.model.parts import Business, Department, LegalBasis, Linkage, text
from generator.model.values import Choice, DateValue, MultiChoice, Strict


class RelatedInfo(Strict):
    """I 関連情報."""

    business: Business | None = text("1. 特定個人情報ファイルを取り扱う事務")
    file_names: str | None = text("2. 特定個人情報ファイル名")
    number_use: LegalBasis | None = text("3. 個人番号の利用")
    linkage: Linkage | None = text("4. 情報提供ネットワークシステムによる情報連携")
    department: Department | None = text("5. 評価実施機関における担当部署")
    other_agencies: str | None = text("6. 他の評価実施機関")
    disclosure_request_to: str | None = text("7. 特定個人情報の開示・訂正・利用停止請求 請求先")
    inquiry_contact: str | None = text("8. 特定個人情報ファイルの取扱いに関する問合せ 連絡先")


class ThresholdItems(Strict):
    """II しきい値判断項目."""

    subjects: Choice[TargetPopulation] | None = text("1. 対象人数")
    subjects_as_of: DateValue | None = text("いつ時点の計数か")
    handlers: Choice[HandlerCount] | None = text("2. 取扱者数")
    handlers_as_of: DateValue | None = text("いつ時点の計数か")
    serious_incident: Choice[Occurrence] | None = text(
        "3. 重大事故 過去1年以内に、評価実施機関において特定個人情報に関する重大事故が発生したか"
    )


class ManualWork(Strict):
    """人手を介在させる作業 (newer versions of 様式2)."""

    none: bool | None = text("人手を介在させる作業はない")
    sufficiency: Choice[Sufficiency] | None = text("人為的ミスが発生するリスクへの対策は十分か")
    basis: str | None = text("判断の根拠")


class TopPriority(Strict):
    """最も優先度が高いと考えられる対策 (newer versions of 様式2)."""

    measure: str | None = text("最も優先度が高いと考えられる対策")
    sufficiency: Choice[Sufficiency] | None = text("当該対策は十分か【再掲】")
    basis: str | None = text("判断の根拠")


class BasicRiskMeasures(Strict):
    """IV リスク対策."""

    submitted_form: Choice[SubmittedForm] | None = text("1. 提出する特定個人情報保護評価書の種類")
    acquisition: Choice[Sufficiency] | None = text(
        "2. 特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)"
    )
    use: Choice[Sufficiency] | None = text("3. 特定個人情報の使用")
    not_entrusted: bool | None = text("委託しない")
    entrustment: Choice[Sufficiency] | None = text("4. 特定個人情報ファイルの取扱いの委託")
    not_provided: bool | None = text("提供・移転しない")
    provision: Choice[Sufficiency] | None = text(
        "5. 特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)"
    )
    no_acquisition: bool | None = text("接続しない(入手)")
    no_provision: bool | None = text("接続しない(提供)")
    network: Choice[Sufficiency] | None = text("6. 情報提供ネットワークシステムとの接続")
    storage: Choice[Sufficiency] | None = text("7. 特定個人情報の保管・消去")
    manual_work: ManualWork | None = text("8. 人手を介在させる作業")
    audit: MultiChoice[AuditKind] | None = text("9. 監査 実施の有無")
    training: Choice[Practice] | None = text("10. 従業者に対する教育・啓発")
    top_priority: TopPriority | None = text("11. 最も優先度が高いと考えられる対策")
