"""Parts shared by the three forms: cover, I 基本情報, II ファイルの概要, 開示請求, 評価実施手続, 変更箇所.

Field titles are the labels as printed in the form; the page renderer shows them in this
order and the importer matches the printed labels against them.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from generator.model.choices import (
    AcquisitionMethod,
    Connection,
    DeliveryMethod,
    Doing,
    EntrustedScope,
    Entrusting,
    Fee,
    FileKind,
    Implementation,
    ItemCount,
    PeopleCount,
    ProvisionStatus,
    RecordItem,
    RetentionPeriod,
    Source,
    Subcontracting,
    SubjectCount,
    SubmissionTiming,
    TargetPopulation,
)
from generator.model.item_paths import item_path
from generator.model.values import Choice, DateValue, MultiChoice, Strict


def text(title: str, **extra: Any) -> Any:
    """A free-text field: omitted/null = absent from the source, "" = printed but blank."""
    return Field(None, title=title, **extra)


class Cover(Strict):
    """表紙."""

    number: str = Field(title="評価書番号", min_length=1, max_length=20)
    title: str = Field(title="評価書名", min_length=1)
    declaration: str | None = text("個人のプライバシー等の権利利益の保護の宣言")
    special_notes: str | None = text("特記事項")
    agency: str = Field(title="評価実施機関名", min_length=1)
    approval_date: DateValue | None = text("個人情報保護委員会 承認日【行政機関等のみ】")
    publication_date: DateValue | None = text("公表日")
    form_version: str | None = text("様式(例: 令和7年5月 様式4)")
    ended: DateValue | None = text("終了日(表題の【…終了】)")
    toc: list[str] | None = text("項目一覧")


class Business(Strict):
    """I-1 特定個人情報ファイルを取り扱う事務."""

    name: str | None = text("①事務の名称")
    description: str | None = text("②事務の内容")
    target_population: Choice[TargetPopulation] | None = text("③対象人数")
    system_names: str | None = text("③システムの名称")  # 基礎項目評価書 only


class System(Strict):
    """I-2 システムN."""

    no: int = Field(title="番号", ge=1)
    name: str | None = text("①システムの名称")
    functions: str | None = text("②システムの機能")
    connections: MultiChoice[Connection] | None = text("③他のシステムとの接続")


class LegalBasis(Strict):
    """個人番号の利用 / 情報連携の法令上の根拠."""

    legal_basis: str | None = text("法令上の根拠")


class Linkage(Strict):
    """情報提供ネットワークシステムによる情報連携."""

    implementation: Choice[Implementation] | None = text("①実施の有無")
    legal_basis: str | None = text("②法令上の根拠")


class Reasons(Strict):
    """I-4 特定個人情報ファイルを取り扱う理由 (全項目評価書)."""

    necessity: str | None = text("①事務実施上の必要性")
    benefits: str | None = text("②実現が期待されるメリット")


class Department(Strict):
    """評価実施機関における担当部署."""

    department: str | None = text("①部署")
    head_title: str | None = text("②所属長の役職名")


class BasicInfo(Strict):
    """I 基本情報 (全項目評価書・重点項目評価書)."""

    business: Business | None = text("1. 特定個人情報ファイルを取り扱う事務")
    systems: list[System] | None = text(
        "2. 特定個人情報ファイルを取り扱う事務において使用するシステム"
    )
    file_names: str | None = text("3. 特定個人情報ファイル名")
    reasons: Reasons | None = text("4. 特定個人情報ファイルを取り扱う理由")
    number_use: LegalBasis | None = text("5. 個人番号の利用")
    linkage: Linkage | None = text("6. 情報提供ネットワークシステムによる情報連携")
    department: Department | None = text("7. 評価実施機関における担当部署")
    other_agencies: str | None = text("8. 他の評価実施機関")
    business_details: str | None = text("(別添1) 事務の内容")


class FileBasics(Strict):
    """II-2 基本情報."""

    kind: Choice[FileKind] | None = text("①ファイルの種類")
    subject_count: Choice[SubjectCount] | None = text("②対象となる本人の数")
    subject_scope: str | None = text("③対象となる本人の範囲")
    scope_necessity: str | None = text("その必要性")
    item_count: Choice[ItemCount] | None = text("④記録される項目")
    main_items: MultiChoice[RecordItem] | None = text("主な記録項目")
    items_validity: str | None = text("その妥当性")
    all_items: str | None = text("全ての記録項目")
    holding_start: DateValue | None = text("⑤保有開始日")
    department: str | None = text("⑥事務担当部署")


class AcquisitionAndUse(Strict):
    """II-3 特定個人情報の入手・使用."""

    sources: MultiChoice[Source] | None = text("①入手元")
    methods: MultiChoice[AcquisitionMethod] | None = text("②入手方法")
    timing: str | None = text("③入手の時期・頻度")
    validity: str | None = text("④入手に係る妥当性")
    notice: str | None = text("⑤本人への明示")
    purpose: str | None = text("⑥使用目的")
    purpose_change_validity: str | None = text("変更の妥当性")
    user_department: str | None = text("⑦使用の主体 使用部署")
    user_count: Choice[PeopleCount] | None = text("使用者数")
    usage: str | None = text("⑧使用方法")
    matching: str | None = text("情報の突合")
    statistics: str | None = text("情報の統計分析")
    decisions: str | None = text("権利利益に影響を与え得る決定")
    usage_start: DateValue | None = text("⑨使用開始日")


class Entrustment(Strict):
    """委託事項N."""

    no: int = Field(title="番号", ge=1)
    name: str | None = text("委託事項")
    content: str | None = text("①委託内容")
    scope: Choice[EntrustedScope] | None = text("②取扱いを委託する特定個人情報ファイルの範囲")
    subject_count: Choice[SubjectCount] | None = text("対象となる本人の数")
    subject_scope: str | None = text("対象となる本人の範囲")
    scope_validity: str | None = text("その妥当性")
    handlers: Choice[PeopleCount] | None = text("③委託先における取扱者数")
    delivery_methods: MultiChoice[DeliveryMethod] | None = text(
        "④委託先への特定個人情報ファイルの提供方法"
    )
    contractor_check: str | None = text("⑤委託先名の確認方法")
    contractor: str | None = text("⑥委託先名")
    corporate_number: str | None = text("法人番号", pattern=r"^\d{13}$")
    subcontracting: Choice[Subcontracting] | None = text("⑦再委託の有無")
    subcontract_permission: str | None = text("⑧再委託の許諾方法")
    subcontract_items: str | None = text("⑨再委託事項")


class Entrustments(Strict):
    """II-4 特定個人情報ファイルの取扱いの委託."""

    status: Choice[Entrusting] | None = text("委託の有無")
    count: int | None = Field(None, title="件数", ge=0)
    items: list[Entrustment] | None = text("委託事項")


class Recipient(Strict):
    """提供先N / 移転先N."""

    no: int = Field(title="番号", ge=1)
    name: str | None = text("提供先・移転先")
    legal_basis: str | None = text("①法令上の根拠")
    purpose: str | None = text("②用途")
    information: str | None = text("③提供・移転する情報")
    subject_count: Choice[SubjectCount] | None = text("④対象となる本人の数")
    subject_scope: str | None = text("⑤対象となる本人の範囲")
    methods: MultiChoice[DeliveryMethod] | None = text("⑥提供・移転方法")
    timing: str | None = text("⑦時期・頻度")
    ref: str | None = text("別紙の参照(例: 別紙1)")


class ProvisionTransfer(Strict):
    """II-5 特定個人情報の提供・移転(委託に伴うものを除く。)."""

    status: MultiChoice[ProvisionStatus] | None = text("提供・移転の有無")
    provision_count: int | None = Field(None, title="提供の件数", ge=0)
    transfer_count: int | None = Field(None, title="移転の件数", ge=0)
    provisions: list[Recipient] | None = text("提供先")
    transfers: list[Recipient] | None = text("移転先")


class Storage(Strict):
    """II-6 特定個人情報の保管・消去."""

    location: str | None = text("①保管場所")
    period: Choice[RetentionPeriod] | None = text("②保管期間 期間")
    period_validity: str | None = text("その妥当性")
    deletion: str | None = text("③消去方法")


class RecordItemRow(Strict):
    """特定個人情報ファイル記録項目の一行; a row with only ``group`` is a group heading printed
    with no item under it."""

    no: int | None = Field(None, title="番号")
    name: str | None = text("項目名")
    group: str | None = text("区分")

    @model_validator(mode="after")
    def _named_or_grouped(self) -> RecordItemRow:
        if self.name is None and self.group is None:
            raise ValueError("項目名(name)か区分(group)のどちらかを書いてください")
        return self


class FileOverview(Strict):
    """II 特定個人情報ファイルの概要 (one 特定個人情報ファイル)."""

    basics: FileBasics | None = text("2. 基本情報")
    acquisition: AcquisitionAndUse | None = text("3. 特定個人情報の入手・使用")
    entrustment: Entrustments | None = text("4. 特定個人情報ファイルの取扱いの委託")
    provision: ProvisionTransfer | None = text(
        "5. 特定個人情報の提供・移転(委託に伴うものを除く。)"
    )
    storage: Storage | None = text("6. 特定個人情報の保管・消去")
    remarks: str | None = text("7. 備考")


class Disclosure(Strict):
    """特定個人情報の開示・訂正・利用停止請求."""

    request_to: str | None = text("①請求先")
    method: str | None = text("②請求方法")
    notes: str | None = text("特記事項")
    fee: Choice[Fee] | None = text("③手数料等")
    fee_details: str | None = text("手数料額、納付方法")
    file_register: Choice[Doing] | None = text("④個人情報ファイル簿の公表")
    file_register_names: str | None = text("個人情報ファイル名")
    file_register_place: str | None = text("公表場所")
    special_procedures: str | None = text("⑤法令による特別の手続")
    register_omission: str | None = text("⑥個人情報ファイル簿への不記載等")


class Inquiry(Strict):
    """特定個人情報ファイルの取扱いに関する問合せ."""

    contact: str | None = text("①連絡先")
    handling: str | None = text("②対応方法")


class Contacts(Strict):
    """開示請求、問合せ."""

    disclosure: Disclosure | None = text("1. 特定個人情報の開示・訂正・利用停止請求")
    inquiry: Inquiry | None = text("2. 特定個人情報ファイルの取扱いに関する問合せ")


class PublicComment(Strict):
    """国民・住民等からの意見の聴取."""

    method: str | None = text("①方法")
    period: DateValue | None = text("②実施日・期間")
    shortening_reason: str | None = text("③期間を短縮する特段の理由")
    main_opinions: str | None = text("④主な意見の内容")
    reflection: str | None = text("⑤評価書への反映")


class ThirdPartyReview(Strict):
    """第三者点検."""

    date: DateValue | None = text("①実施日")
    method: str | None = text("②方法")
    result: str | None = text("③結果")


class CommissionApproval(Strict):
    """個人情報保護委員会の承認【行政機関等のみ】."""

    submitted: DateValue | None = text("①提出日")
    review: str | None = text("②個人情報保護委員会による審査")


class Change(Strict):
    """変更箇所の一行."""

    date: DateValue | None = text("変更日")
    item: str | None = text("項目")
    before: str | None = text("変更前の記載")
    after: str | None = text("変更後の記載")
    timing: Choice[SubmissionTiming] | None = text("提出時期")
    reason: str | None = text("提出時期に係る説明")

    @property
    def item_path(self) -> str | None:
        """Where the changed item sits (``I-5``, ``II-4-委託事項1-6``), derived from ``item``;
        None when the item names no part."""
        return item_path(self.item) if self.item else None


__all__ = [
    "AcquisitionAndUse",
    "BasicInfo",
    "Business",
    "Change",
    "CommissionApproval",
    "Contacts",
    "Cover",
    "Department",
    "Disclosure",
    "Entrustment",
    "Entrustments",
    "FileBasics",
    "FileOverview",
    "Inquiry",
    "LegalBasis",
    "Linkage",
    "ProvisionTransfer",
    "PublicComment",
    "Reasons",
    "Recipient",
    "RecordItemRow",
    "Storage",
    "System",
    "ThirdPartyReview",
]
