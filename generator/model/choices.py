"""The closed choices of the forms, with the option wording exactly as printed.

Each enum is one option list of the form (pia-form.md §7). Member values are the printed
text; the importer matches OCR variants onto them and keeps the original in ``raw``.
"""

from __future__ import annotations

from enum import StrEnum


class FormType(StrEnum):
    """評価書の種類."""

    BASIC = "基礎項目評価書"
    FOCUSED = "重点項目評価書"
    FULL = "全項目評価書"


class TargetPopulation(StrEnum):
    """③対象人数 / しきい値判断項目 対象人数."""

    UNDER_1K = "1,000人未満"
    FROM_1K = "1,000人以上1万人未満"
    FROM_10K = "1万人以上10万人未満"
    FROM_100K = "10万人以上30万人未満"
    FROM_300K = "30万人以上"


class Implementation(StrEnum):
    """①実施の有無 (情報提供ネットワークシステムによる情報連携)."""

    YES = "実施する"
    NO = "実施しない"
    UNDECIDED = "未定"


class FileKind(StrEnum):
    """①ファイルの種類."""

    SYSTEM = "システム用ファイル"
    OTHER = "その他の電子ファイル(表計算ファイル等)"


class SubjectCount(StrEnum):
    """②対象となる本人の数 (also 委託・提供先の本人の数)."""

    UNDER_10K = "1万人未満"
    FROM_10K = "1万人以上10万人未満"
    FROM_100K = "10万人以上100万人未満"
    FROM_1M = "100万人以上1,000万人未満"
    FROM_10M = "1,000万人以上"


class ItemCount(StrEnum):
    """④記録される項目."""

    UNDER_10 = "10項目未満"
    FROM_10 = "10項目以上50項目未満"
    FROM_50 = "50項目以上100項目未満"
    FROM_100 = "100項目以上"


class PeopleCount(StrEnum):
    """使用者数 / 委託先における取扱者数."""

    UNDER_10 = "10人未満"
    FROM_10 = "10人以上50人未満"
    FROM_50 = "50人以上100人未満"
    FROM_100 = "100人以上500人未満"
    FROM_500 = "500人以上1,000人未満"
    FROM_1000 = "1,000人以上"


class Entrusting(StrEnum):
    """委託の有無."""

    YES = "委託する"
    NO = "委託しない"


class EntrustedScope(StrEnum):
    """②取扱いを委託する特定個人情報ファイルの範囲."""

    WHOLE = "特定個人情報ファイルの全体"
    PART = "特定個人情報ファイルの一部"


class Subcontracting(StrEnum):
    """再委託の有無."""

    YES = "再委託する"
    NO = "再委託しない"


class RetentionPeriod(StrEnum):
    """②保管期間 期間."""

    UNDER_1Y = "1年未満"
    Y1 = "1年"
    Y2 = "2年"
    Y3 = "3年"
    Y4 = "4年"
    Y5 = "5年"
    FROM_6Y = "6年以上10年未満"
    FROM_10Y = "10年以上20年未満"
    FROM_20Y = "20年以上"
    UNDEFINED = "定められていない"


class Sufficiency(StrEnum):
    """リスクへの対策は十分か."""

    SPECIAL = "特に力を入れている"
    SUFFICIENT = "十分である"
    REMAINING = "課題が残されている"


class Doing(StrEnum):
    """ユーザ認証の管理 / アクセス権限の管理 など."""

    YES = "行っている"
    NO = "行っていない"


class Recording(StrEnum):
    """使用の記録 / 取扱いの記録 / 提供・移転の記録."""

    YES = "記録を残している"
    NO = "記録を残していない"


class Restricting(StrEnum):
    """閲覧者・更新者の制限."""

    YES = "制限している"
    NO = "制限していない"


class Defining(StrEnum):
    """提供ルール / 消去ルール / 委託契約書中の規定 / 消去手順 など."""

    YES = "定めている"
    NO = "定めていない"


class SubcontractorAssurance(StrEnum):
    """再委託先による特定個人情報ファイルの適切な取扱いの確保 (重点: 担保)."""

    SPECIAL = "特に力を入れて行っている"
    SUFFICIENT = "十分に行っている"
    INSUFFICIENT = "十分に行っていない"
    NOT_SUBCONTRACTED = "再委託していない"


class NiscCompliance(StrEnum):
    """①NISC政府機関統一基準群."""

    SPECIAL = "特に力を入れて遵守している"
    SUFFICIENT = "十分に遵守している"
    INSUFFICIENT = "十分に遵守していない"
    NOT_GOVERNMENT = "政府機関ではない"


class Maintenance(StrEnum):
    """②安全管理体制 / ③安全管理規程."""

    SPECIAL = "特に力を入れて整備している"
    SUFFICIENT = "十分に整備している"
    INSUFFICIENT = "十分に整備していない"


class Awareness(StrEnum):
    """④安全管理体制・規程の職員への周知."""

    SPECIAL = "特に力を入れて周知している"
    SUFFICIENT = "十分に周知している"
    INSUFFICIENT = "十分に周知していない"


class Practice(StrEnum):
    """物理的対策 / 技術的対策 / バックアップ / 事故発生時手順 / 自己点検 / 監査 / 教育・啓発."""

    SPECIAL = "特に力を入れて行っている"
    SUFFICIENT = "十分に行っている"
    INSUFFICIENT = "十分に行っていない"


class Occurrence(StrEnum):
    """過去3年以内の重大事故."""

    YES = "発生あり"
    NO = "発生なし"


class Keeping(StrEnum):
    """⑩死者の個人番号."""

    YES = "保管している"
    NO = "保管していない"


class Fee(StrEnum):
    """③手数料等."""

    PAID = "有料"
    FREE = "無料"


class FullThreshold(StrEnum):
    """②しきい値判断結果 (全項目評価書)."""

    FULL_REQUIRED = "基礎項目評価及び全項目評価の実施が義務付けられる"
    FOCUSED_REQUIRED = "基礎項目評価及び重点項目評価の実施が義務付けられる(任意に全項目評価を実施)"
    BASIC_REQUIRED = "基礎項目評価の実施が義務付けられる(任意に全項目評価を実施)"
    NOT_REQUIRED = "特定個人情報保護評価の実施が義務付けられない(任意に全項目評価を実施)"


class FocusedThreshold(StrEnum):
    """②しきい値判断結果 (重点項目評価書)."""

    FOCUSED_REQUIRED = "基礎項目評価及び重点項目評価の実施が義務付けられる"
    BASIC_REQUIRED = "基礎項目評価の実施が義務付けられる(任意に重点項目評価を実施)"
    NOT_REQUIRED = "特定個人情報保護評価の実施が義務付けられない(任意に重点項目評価を実施)"


class BasicThreshold(StrEnum):
    """III しきい値判断結果 (基礎項目評価書)."""

    FULL = "基礎項目評価及び全項目評価の実施が義務付けられる"
    FOCUSED = "基礎項目評価及び重点項目評価の実施が義務付けられる"
    BASIC = "基礎項目評価の実施が義務付けられる"
    NOT_REQUIRED = "特定個人情報保護評価の実施が義務付けられない"


class SubmittedForm(StrEnum):
    """IV 提出する特定個人情報保護評価書の種類 (基礎項目評価書)."""

    BASIC_ONLY = "基礎項目評価書"
    BASIC_AND_FOCUSED = "基礎項目評価書及び重点項目評価書"
    BASIC_AND_FULL = "基礎項目評価書及び全項目評価書"


class HandlerCount(StrEnum):
    """II 取扱者数 (基礎項目評価書)."""

    FROM_500 = "500人以上"
    UNDER_500 = "500人未満"


class SubmissionTiming(StrEnum):
    """変更箇所 提出時期."""

    BEFORE = "事前"
    AFTER = "事後"


class Connection(StrEnum):
    """③他のシステムとの接続."""

    NETWORK = "情報提供ネットワークシステム"
    INTRANET = "庁内連携システム"
    JUKI_NET = "住民基本台帳ネットワークシステム"
    RESIDENT_REGISTRY = "既存住民基本台帳システム"
    ADDRESS = "宛名システム等"
    TAX = "税務システム"
    OTHER = "その他"


class RecordItem(StrEnum):
    """主な記録項目."""

    NUMBER = "個人番号"
    NUMBER_CODE = "個人番号対応符号"
    OTHER_ID = "その他識別情報(内部番号)"
    FOUR_INFO = "4情報(氏名、性別、生年月日、住所)"
    FIVE_INFO = "5情報(氏名、氏名の振り仮名、性別、生年月日、住所)"
    CONTACT = "連絡先(電話番号等)"
    OTHER_RESIDENT = "その他住民票関係情報"
    NATIONAL_TAX = "国税関係情報"
    LOCAL_TAX = "地方税関係情報"
    HEALTH = "健康・医療関係情報"
    MEDICAL_INSURANCE = "医療保険関係情報"
    CHILD = "児童福祉・子育て関係情報"
    DISABILITY = "障害者福祉関係情報"
    WELFARE = "生活保護・社会福祉関係情報"
    ELDERLY = "介護・高齢者福祉関係情報"
    EMPLOYMENT = "雇用・労働関係情報"
    PENSION = "年金関係情報"
    EDUCATION = "学校・教育関係情報"
    DISASTER = "災害関係情報"
    OTHER = "その他"


class Source(StrEnum):
    """①入手元."""

    PERSON = "本人又は本人の代理人"
    INTERNAL = "評価実施機関内の他部署"
    NATIONAL = "行政機関・独立行政法人等"
    LOCAL = "地方公共団体・地方独立行政法人"
    PRIVATE = "民間事業者"
    OTHER = "その他"


class AcquisitionMethod(StrEnum):
    """②入手方法."""

    PAPER = "紙"
    MEDIA = "電子記録媒体(フラッシュメモリを除く。)"
    FLASH = "フラッシュメモリ"
    EMAIL = "電子メール"
    LEASED_LINE = "専用線"
    INTRANET = "庁内連携システム"
    NETWORK = "情報提供ネットワークシステム"
    OTHER = "その他"


class DeliveryMethod(StrEnum):
    """委託先への提供方法 / 提供方法 / 移転方法."""

    NETWORK = "情報提供ネットワークシステム"
    INTRANET = "庁内連携システム"
    LEASED_LINE = "専用線"
    EMAIL = "電子メール"
    MEDIA = "電子記録媒体(フラッシュメモリを除く。)"
    FLASH = "フラッシュメモリ"
    PAPER = "紙"
    OTHER = "その他"


class ProvisionStatus(StrEnum):
    """提供・移転の有無."""

    PROVIDING = "提供を行っている"
    TRANSFERRING = "移転を行っている"
    NONE = "行っていない"


class AuditKind(StrEnum):
    """監査 実施の有無 (重点項目評価書 / 基礎項目評価書)."""

    SELF = "自己点検"
    INTERNAL = "内部監査"
    EXTERNAL = "外部監査"
