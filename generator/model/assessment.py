"""The root of one catalogue file: an assessment of one of the three forms.

``form_type`` selects the form; each form has its own sections, and a key that belongs to
another form is an error, not silently kept.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from generator.model.basic import BasicRiskMeasures, RelatedInfo, ThresholdItems
from generator.model.choices import BasicThreshold, FocusedThreshold, FormType, FullThreshold
from generator.model.focused import FocusedFileRisks, FocusedOtherMeasures
from generator.model.parts import (
    BasicInfo,
    Change,
    CommissionApproval,
    Contacts,
    FileOverview,
    PublicComment,
    RecordItemRow,
    ThirdPartyReview,
    text,
)
from generator.model.risks import FullFileRisks, OtherRiskMeasures
from generator.model.values import Choice, DateValue, Strict

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Status(StrEnum):
    """Whether this file is the assessment in force."""

    CURRENT = "現行"
    SUPERSEDED = "旧版"
    ENDED = "終了"


class Provenance(Strict):
    """Where the text came from."""

    url: str | None = Field(None, title="公表されたPDFのURL", pattern=r"^https?://[^\s<>\"']+$")
    retrieved: dt.date | None = Field(None, title="取得日")
    sha256: str | None = Field(None, title="原本のSHA-256", pattern=r"^[0-9a-f]{64}$")
    text_sha256: str | None = Field(
        None, title="取り込んだテキストのSHA-256", pattern=r"^[0-9a-f]{64}$"
    )
    note: str | None = text("備考")


class FullFile(Strict):
    """One 特定個人情報ファイル of a 全項目評価書: II 概要, 別添2 記録項目, III リスク対策."""

    no: int = Field(1, title="番号", ge=1)
    name: str | None = text("1. 特定個人情報ファイル名")
    overview: FileOverview | None = text("II 特定個人情報ファイルの概要")
    record_items: list[RecordItemRow] | None = text("(別添2) 特定個人情報ファイル記録項目")
    record_items_ref: str | None = text("記録項目の参照先(別紙等)")
    risks: FullFileRisks | None = text("III 特定個人情報ファイルの取扱いプロセスにおけるリスク対策")


class FocusedFile(Strict):
    """One 特定個人情報ファイル of a 重点項目評価書."""

    no: int = Field(1, title="番号", ge=1)
    name: str | None = text("1. 特定個人情報ファイル名")
    overview: FileOverview | None = text("II 特定個人情報ファイルの概要")
    record_items: list[RecordItemRow] | None = text("(別添1) 特定個人情報ファイル記録項目")
    record_items_ref: str | None = text("記録項目の参照先(別紙等)")
    risks: FocusedFileRisks | None = text("III リスク対策")


class BasicAssessmentStep(Strict):
    """基礎項目評価 (評価実施手続 1.)."""

    date: DateValue | None = text("①実施日")
    threshold: Choice[FullThreshold] | None = text("②しきい値判断結果")


class FocusedBasicAssessmentStep(Strict):
    date: DateValue | None = text("①実施日")
    threshold: Choice[FocusedThreshold] | None = text("②しきい値判断結果")


class FullProcedures(Strict):
    """VI 評価実施手続."""

    basic_assessment: BasicAssessmentStep | None = text("1. 基礎項目評価")
    public_comment: PublicComment | None = text("2. 国民・住民等からの意見の聴取")
    third_party_review: ThirdPartyReview | None = text("3. 第三者点検")
    commission_approval: CommissionApproval | None = text(
        "4. 個人情報保護委員会の承認【行政機関等のみ】"
    )


class FocusedProcedures(Strict):
    """V 評価実施手続."""

    basic_assessment: FocusedBasicAssessmentStep | None = text("1. 基礎項目評価")
    public_comment: PublicComment | None = text("2. 国民・住民等からの意見の聴取【任意】")
    third_party_review: ThirdPartyReview | None = text("3. 第三者点検【任意】")


class AssessmentBase(Strict):
    id: str = Field(
        title="ID(評価実施機関のスラッグ-評価書番号)", pattern=ID_PATTERN, max_length=80
    )
    status: Status = Field(Status.CURRENT, title="状態")
    provenance: Provenance | None = text("出典")


class FullAssessment(AssessmentBase):
    """全項目評価書 (様式4)."""

    form_type: Literal[FormType.FULL] = Field(title="評価書の種類")
    cover: Cover = Field(title="表紙")
    basic_info: BasicInfo | None = text("I 基本情報")
    files: list[FullFile] = Field(default_factory=list, title="特定個人情報ファイル")
    other_measures: OtherRiskMeasures | None = text("IV その他のリスク対策")
    contacts: Contacts | None = text("V 開示請求、問合せ")
    procedures: FullProcedures | None = text("VI 評価実施手続")
    changes: list[Change] | None = text("(別添3) 変更箇所")


class FocusedAssessment(AssessmentBase):
    """重点項目評価書."""

    form_type: Literal[FormType.FOCUSED] = Field(title="評価書の種類")
    cover: Cover = Field(title="表紙")
    basic_info: BasicInfo | None = text("I 基本情報")
    files: list[FocusedFile] = Field(default_factory=list, title="特定個人情報ファイル")
    other_measures: FocusedOtherMeasures | None = text("III 8.–10. その他のリスク対策")
    contacts: Contacts | None = text("IV 開示請求、問合せ")
    procedures: FocusedProcedures | None = text("V 評価実施手続")
    changes: list[Change] | None = text("(別添2) 変更箇所")


class BasicAssessment(AssessmentBase):
    """基礎項目評価書 (様式2)."""

    form_type: Literal[FormType.BASIC] = Field(title="評価書の種類")
    cover: Cover = Field(title="表紙")
    related: RelatedInfo | None = text("I 関連情報")
    threshold_items: ThresholdItems | None = text("II しきい値判断項目")
    threshold_result: Choice[BasicThreshold] | None = text("III しきい値判断結果")
    risk_measures: BasicRiskMeasures | None = text("IV リスク対策")
    changes: list[Change] | None = text("(別添) 変更箇所")


from generator.model.parts import Cover  # noqa: E402  (forward reference above)

for _model in (FullAssessment, FocusedAssessment, BasicAssessment):
    _model.model_rebuild()

Assessment = Annotated[
    FullAssessment | FocusedAssessment | BasicAssessment, Field(discriminator="form_type")
]
ASSESSMENT = TypeAdapter(Assessment)
