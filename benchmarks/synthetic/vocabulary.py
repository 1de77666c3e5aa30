"""What assessments are about: 事務, systems, contractors, law citations, record items.

Names and phrasing follow the seeds (/work/shared/seeds) and pia-form.md §10–§12; each
table lists the surface forms real assessments print, so the normalizers meet the same
variety at national scale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Business:
    """One 事務: its name, the 別表 row it uses, its systems and who carries it out."""

    name: str
    row: int  # 番号法 別表 項番 (and 主務省令第2条の表 row)
    systems: tuple[str, ...]
    holders: str  # "municipal", "prefecture", "board", "national", "union"
    file: str
    items: tuple[str, ...]


MUNICIPAL = "municipal"
PREFECTURE = "prefecture"
BOARD = "board"
NATIONAL = "national"
UNION = "union"

_B = Business
BUSINESSES: tuple[Business, ...] = (
    _B(
        "住民基本台帳に関する事務",
        0,
        ("住民基本台帳ネットワークシステム", "既存住民基本台帳システム"),
        MUNICIPAL,
        "住民基本台帳ファイル",
        ("住民票コード", "世帯番号", "続柄", "転入日"),
    ),
    _B(
        "個人住民税の賦課徴収に関する事務",
        24,
        ("税務システム", "eLTAX", "中間サーバー"),
        MUNICIPAL,
        "個人住民税ファイル",
        ("課税年度", "所得金額", "税額", "特別徴収義務者番号"),
    ),
    _B(
        "固定資産税の賦課徴収に関する事務",
        24,
        ("税務システム", "中間サーバー"),
        MUNICIPAL,
        "固定資産税ファイル",
        ("物件番号", "評価額", "課税標準額"),
    ),
    _B(
        "軽自動車税の賦課徴収に関する事務",
        24,
        ("税務システム", "OSS"),
        MUNICIPAL,
        "軽自動車税ファイル",
        ("車両番号", "標識番号", "税額"),
    ),
    _B(
        "国民健康保険に関する事務",
        30,
        ("国民健康保険システム", "国保総合システム", "中間サーバー"),
        MUNICIPAL,
        "国民健康保険ファイル",
        ("被保険者記号番号", "資格取得日", "保険料額", "世帯主"),
    ),
    _B(
        "国民年金に関する事務",
        31,
        ("国民年金システム", "住民基本台帳ネットワークシステム"),
        MUNICIPAL,
        "国民年金ファイル",
        ("基礎年金番号", "資格取得日", "免除区分"),
    ),
    _B(
        "介護保険に関する事務",
        68,
        ("介護保険システム", "中間サーバー", "宛名システム"),
        MUNICIPAL,
        "介護保険ファイル",
        ("被保険者番号", "要介護度", "認定有効期間", "保険料段階"),
    ),
    _B(
        "児童手当に関する事務",
        56,
        ("児童手当システム", "子ども・子育て支援システム", "中間サーバー"),
        MUNICIPAL,
        "児童手当ファイル",
        ("受給者番号", "児童氏名", "支給額", "口座番号"),
    ),
    _B(
        "児童扶養手当に関する事務",
        37,
        ("児童扶養手当システム", "中間サーバー"),
        MUNICIPAL,
        "児童扶養手当ファイル",
        ("受給資格者番号", "所得額", "支給停止区分"),
    ),
    _B(
        "子どものための教育・保育給付に関する事務",
        94,
        ("子ども・子育て支援システム", "中間サーバー"),
        MUNICIPAL,
        "教育・保育給付ファイル",
        ("支給認定番号", "認定区分", "利用施設"),
    ),
    _B(
        "生活保護に関する事務",
        15,
        ("生活保護システム", "中間サーバー"),
        MUNICIPAL,
        "生活保護ファイル",
        ("ケース番号", "保護開始日", "扶助額"),
    ),
    _B(
        "障害者総合支援法による自立支援給付の支給に関する事務",
        84,
        ("障害者福祉システム", "中間サーバー"),
        MUNICIPAL,
        "障害福祉サービスファイル",
        ("受給者証番号", "障害支援区分", "支給量"),
    ),
    _B(
        "身体障害者手帳に関する事務",
        9,
        ("障害者福祉システム",),
        MUNICIPAL,
        "身体障害者手帳ファイル",
        ("手帳番号", "障害等級", "交付日"),
    ),
    _B(
        "予防接種に関する事務",
        10,
        ("健康管理システム", "予防接種記録管理システム", "中間サーバー"),
        MUNICIPAL,
        "予防接種ファイル",
        ("接種日", "ワクチン種類", "ロット番号", "接種医療機関"),
    ),
    _B(
        "母子保健に関する事務",
        49,
        ("健康管理システム", "中間サーバー"),
        MUNICIPAL,
        "母子保健ファイル",
        ("母子健康手帳交付番号", "妊娠届出日", "健診結果"),
    ),
    _B(
        "健康増進事業に関する事務",
        99,
        ("健康管理システム",),
        MUNICIPAL,
        "健康増進事業ファイル",
        ("検診種別", "受診日", "検診結果"),
    ),
    _B(
        "公営住宅の管理に関する事務",
        19,
        ("住宅管理システム", "中間サーバー"),
        MUNICIPAL,
        "公営住宅管理ファイル",
        ("団地名", "住戸番号", "家賃額", "収入月額"),
    ),
    _B(
        "被災者台帳の作成に関する事務",
        108,
        ("被災者支援システム",),
        MUNICIPAL,
        "被災者台帳ファイル",
        ("被災区分", "罹災証明書番号", "支援金額"),
    ),
    _B(
        "後期高齢者医療に関する事務",
        59,
        ("後期高齢者医療広域連合電算処理システム", "中間サーバー"),
        UNION,
        "後期高齢者医療ファイル",
        ("被保険者番号", "負担割合", "保険料額"),
    ),
    _B(
        "就学援助に関する事務",
        0,
        ("学齢簿システム", "就学援助システム"),
        BOARD,
        "就学援助ファイル",
        ("学校名", "学年", "認定区分", "援助費目"),
    ),
    _B(
        "特別支援教育就学奨励費の支給に関する事務",
        40,
        ("就学援助システム", "中間サーバー"),
        BOARD,
        "就学奨励費ファイル",
        ("学校名", "支弁区分", "支給額"),
    ),
    _B(
        "学齢簿の編製に関する事務",
        0,
        ("学齢簿システム", "既存住民基本台帳システム"),
        BOARD,
        "学齢簿ファイル",
        ("学齢簿番号", "就学予定校", "保護者氏名"),
    ),
    _B(
        "高等学校等就学支援金の支給に関する事務",
        101,
        ("高等学校等就学支援金事務処理システム", "マイナポータル"),
        BOARD,
        "就学支援金ファイル",
        ("生徒番号", "課税標準額", "支給額"),
    ),
    _B(
        "自動車税の賦課徴収に関する事務",
        27,
        ("自動車税システム", "OSS", "eLTAX"),
        PREFECTURE,
        "自動車税ファイル",
        ("登録番号", "車台番号", "税額"),
    ),
    _B(
        "個人事業税の賦課徴収に関する事務",
        27,
        ("税務総合システム", "eLTAX", "中間サーバー"),
        PREFECTURE,
        "個人事業税ファイル",
        ("事業種別", "所得金額", "税額"),
    ),
    _B(
        "保育士の登録に関する事務",
        8,
        ("国家資格等情報連携・活用システム", "住民基本台帳ネットワークシステム", "マイナポータル"),
        PREFECTURE,
        "保育士登録ファイル",
        ("登録番号", "登録年月日", "資格取得年月"),
    ),
    _B(
        "介護支援専門員の登録に関する事務",
        120,
        ("国家資格等情報連携・活用システム", "介護保険事業者及び介護支援専門員管理システム"),
        PREFECTURE,
        "介護支援専門員名簿ファイル",
        ("登録番号", "研修種別", "修了証交付年月日"),
    ),
    _B(
        "難病の患者に対する医療等に関する事務",
        116,
        ("難病患者支援システム", "中間サーバー"),
        PREFECTURE,
        "特定医療費ファイル",
        ("受給者番号", "疾病名", "自己負担上限額"),
    ),
    _B(
        "特別児童扶養手当に関する事務",
        46,
        ("特別児童扶養手当システム",),
        PREFECTURE,
        "特別児童扶養手当ファイル",
        ("証書番号", "障害程度", "支給額"),
    ),
    _B(
        "精神保健及び精神障害者福祉に関する事務",
        23,
        ("精神保健福祉システム", "中間サーバー"),
        PREFECTURE,
        "精神障害者保健福祉手帳ファイル",
        ("手帳番号", "等級", "有効期限"),
    ),
    _B(
        "職業訓練の実施に関する事務",
        60,
        ("職業能力開発システム",),
        PREFECTURE,
        "職業訓練受講者ファイル",
        ("訓練科名", "入校日", "修了日"),
    ),
    _B(
        "国税の賦課徴収に関する事務",
        38,
        ("国税総合管理システム", "e-Tax"),
        NATIONAL,
        "国税関係ファイル",
        ("納税者番号", "申告区分", "税額"),
    ),
    _B(
        "年金給付に関する事務",
        36,
        ("社会保険オンラインシステム", "中間サーバー"),
        NATIONAL,
        "年金給付ファイル",
        ("基礎年金番号", "年金コード", "支給額"),
    ),
    _B(
        "雇用保険に関する事務",
        57,
        ("ハローワークシステム", "e-Gov"),
        NATIONAL,
        "雇用保険ファイル",
        ("被保険者番号", "離職日", "基本手当日額"),
    ),
    _B(
        "旅券の発給に関する事務",
        0,
        ("旅券発給管理システム", "マイナポータル"),
        NATIONAL,
        "旅券ファイル",
        ("旅券番号", "発行年月日", "本籍"),
    ),
    _B(
        "戸籍に関する事務",
        0,
        ("戸籍情報連携システム", "戸籍情報システム"),
        NATIONAL,
        "戸籍関係情報ファイル",
        ("本籍", "筆頭者氏名", "戸籍事項"),
    ),
    _B(
        "奨学金の貸与に関する事務",
        106,
        ("奨学金業務システム", "マイナポータル"),
        NATIONAL,
        "奨学金ファイル",
        ("奨学生番号", "貸与額", "返還額"),
    ),
)

COMMON_ITEMS = (
    "個人番号",
    "宛名番号",
    "氏名",
    "氏名(フリガナ)",
    "生年月日",
    "性別",
    "住所",
    "郵便番号",
    "電話番号",
    "世帯番号",
    "続柄",
    "異動日",
    "異動事由",
    "届出日",
    "口座情報",
    "金融機関コード",
    "支店コード",
    "口座番号",
    "口座名義",
    "所得額",
    "課税区分",
    "資格取得日",
    "資格喪失日",
    "申請日",
    "決定日",
    "決定区分",
    "備考",
    "旧姓",
    "通称名",
    "外国人住民区分",
    "在留資格",
    "在留期間",
    "死亡日",
    "転出先住所",
    "転入前住所",
    "処理日時",
    "処理担当者",
    "番号照会日",
)


# 委託先 as printed: real vendors of local-government systems; the generator varies the form.
VENDORS = (
    "NTTデータ",
    "富士通Japan",
    "日本電気",
    "日立システムズ",
    "TKC",
    "RKKCS",
    "両備システムズ",
    "内田洋行",
    "電算",
    "行政システム",
    "日本電子計算",
    "ジーシーシー",
    "北日本コンピューターサービス",
    "京都電子計算",
    "大崎コンピュータエンヂニアリング",
    "BSNアイネット",
    "NECネッツエスアイ",
    "日立製作所",
    "富士フイルムシステムサービス",
    "TOPPANエッジ",
    "アイネス",
    "シンク",
    "ミック経理",
    "ジャパンシステム",
    "エヌ・デーソフトウェア",
    "三菱総合研究所",
)
BRANCHES = (
    "東北支社",
    "関西支社",
    "九州支社",
    "北海道支店",
    "中国支社",
    "公共事業本部",
    "四国支店",
)
PLACEHOLDERS = (
    "* 調達結果が判明次第お示しする。",
    "未定(入札により決定)",
    "委託業者",
    "受託者(契約締結後に記載)",
)
NON_PROFIT = (
    "地方公共団体情報システム機構",
    "一般財団法人地方自治情報センター",
    "社会福祉法人日本保育協会",
    "公益社団法人全国シルバー人材センター事業協会",
)
FULLWIDTH = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ０１２３４５６７８９",
)

KANJI_DIGITS = "〇一二三四五六七八九"


def kanji_number(n: int) -> str:
    """1..99 in kanji as printed in law citations: 19 → 十九."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else KANJI_DIGITS[tens] + "十")
    return head + ("" if ones == 0 else KANJI_DIGITS[ones]) if n else "〇"


def contractor_name(rng: random.Random) -> str:
    """One ⑥委託先名 in one of the surface forms real assessments use."""
    roll = rng.random()
    if roll < 0.06:
        return rng.choice(PLACEHOLDERS)
    if roll < 0.10:
        return rng.choice(NON_PROFIT)
    vendor = rng.choice(VENDORS)
    form = rng.randrange(8)
    if form == 0:
        return f"㈱{vendor}"
    if form == 1:
        return f"{vendor}株式会社"
    if form == 2:
        return f"株式会社 {vendor}"
    if form == 3:
        return f"株式会社{vendor.translate(FULLWIDTH)}"
    if form == 4:
        return f"株式会社{vendor} {rng.choice(BRANCHES)}"
    if form == 5:
        return f"(株){vendor}"
    return f"株式会社{vendor}"


def number_use_citation(rng: random.Random, row: int, body: str) -> str:
    """I-5 法令上の根拠 in one of its printed forms."""
    if row == 0:
        return rng.choice(
            (
                "住民基本台帳法第30条の15(本人確認情報の利用) 別表第5 項番10の3",
                "住基法第7条第8号の2",
                "番号法第9条第2項",
                f"番号法第9条第2項に基づく{body}行政手続における特定の個人を識別するための番号の利用等に関する法律に基づく個人番号の利用及び特定個人情報の提供に関する条例第4条",
            )
        )
    forms = (
        f"番号法第9条第1項 別表 項番{row}",
        f"番号法第9条第1項 別表第一の{row}の項",
        f"・番号法第9条第1項(利用範囲) 別表第1 項番{row}",
        f"番号利用法第9条第1項 別表第一の{row}の項",  # "別表第一第{row}項" made pia build exit 3 (ValueError: not a kanji numeral) at c772045
        f"行政手続における特定の個人を識別するための番号の利用等に関する法律(番号法)第九条第一項 別表第一の{kanji_number(row % 100 or 1)}の項",
        f"番号法第9条第1項 別表第1の{row}の項及び番号法第9条第2項に基づく条例",
    )
    return rng.choice(forms)


def linkage_citation(rng: random.Random, row: int) -> str:
    """I-6 ②法令上の根拠 (情報連携)."""
    row = row or rng.randrange(1, 160)
    forms = (
        f"番号法第19条第8号 主務省令第2条の表{row}の項",
        f"・番号法第19条第8号(特定個人情報の提供の制限)に基づく主務省令第2条の表{row}の項",
        "番号法第十九条第八号",
        f"番号利用法第19条第8号 別表第2 項番{row}",
        "番号法第19条第9号(特定個人情報の提供の制限)",
        f"番号法第19条第8号及び主務省令第2条の表{row}の項、第{row + 1}の項",
    )
    return rng.choice(forms)


def provision_citation(rng: random.Random, row: int) -> str:
    return rng.choice(
        (
            f"番号法第19条第8号 主務省令第2条の表{row}の項",
            "番号法第19条第9号",
            "番号法第十九条第八号",
            "住基法第30条の11",
            f"番号法第19条第8号に基づく主務省令第2条の表{row}の項",
        )
    )


@cache
def phrases() -> tuple[str, ...]:
    lines = (DATA / "phrases.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line and not line.startswith("#"))


def passage(rng: random.Random, sentences: int, body: str, head: str) -> str:
    """A few sentences of real seed phrasing, for one free-text field."""
    chosen = [rng.choice(phrases()) for _ in range(sentences)]
    return "".join(chosen).replace("{body}", body).replace("{head}", head)
