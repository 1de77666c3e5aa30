"""What the form itself prints: labels (the model's field titles), headings and options.

Keys are normalized for matching: NFKC, ``※`` and numbering (circled digits, ``1.``,
roman numerals, ``(別添N)``, ``リスクN:``) removed, spaces removed.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from enum import StrEnum
from functools import cache
from types import UnionType

from pydantic import BaseModel

from generator.model import BasicAssessment, FocusedAssessment, FullAssessment
from generator.model import choices as choice_enums

CIRCLED_RE = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]")
NUMBERING_RE = re.compile(
    r"^(?:\(別添\d*\)|(?:IV|IX|VI{0,3}|I{1,3}|X)(?=[\s.(]|$)\.?|\d{1,2}\s*\.(?!\d)|"
    r"\(\d{1,2}\)|リスク\d{0,2}\s*:)\s*"
)

# Headings and captions the form prints that are no field of the model (each one is a
# group of fields, a table header, or the form's title).
HEADINGS = (
    "特定個人情報保護評価書(全項目評価書)",
    "特定個人情報保護評価書(重点項目評価書)",
    "特定個人情報保護評価書(基礎項目評価書)",
    "評価書番号",
    "評価書名",
    # the unit of the count `( N ) 件`, left alone when the conversion garbles the count
    # (`() 2) 件`, 003:209)
    "件",
    # grouping rows of II (their fields follow on the next rows)
    "使用の主体",
    "再委託",
    "保管期間",
    "期間",
    # the 変更箇所 table header
    "変更日",
    "項目",
    "変更前の記載",
    "変更後の記載",
    "提出時期",
    "提出時期に係る説明",
    # the caption row of III-4 (全項目): the risks its fields answer, as one row
    "委託先による特定個人情報の不正入手・不正な使用に関するリスク",
    "委託先による特定個人情報の不正な提供に関するリスク",
    "委託先による特定個人情報の保管・消去に関するリスク",
    "委託契約終了後の不正な使用等のリスク",
    "再委託に関するリスク",
    # the single risk of 重点 III-4 (its fields are the model's FocusedEntrustmentRisks)
    "委託先における不正な使用等のリスク",
    # the group headings of the 主な記録項目 check boxes
    "識別情報",
    "連絡先等情報",
    "業務関係情報",
    # 提供先N and 移転先N share the model's Recipient, whose titles merge the two wordings
    "提供先における用途",
    "提供する情報",
    "提供する情報の対象となる本人の数",
    "提供する情報の対象となる本人の範囲",
    "提供方法",
    "移転先における用途",
    "移転する情報",
    "移転する情報の対象となる本人の数",
    "移転する情報の対象となる本人の範囲",
    "移転方法",
)
# Repeated blocks are printed with their number (stored as the list position) and with
# group rows for the blocks not used (`システム2～5`).
BLOCK_HEADING_RE = re.compile(r"^(?:システム|委託事項|提供先|移転先)\d{1,2}(?:[~～〜]\d{1,2})?$")
# Printed spellings of labels that differ from the form's wording (pia-form.md §3).
LABEL_VARIANTS = (
    "目的を超えた紐付け、事務に必要なない情報との紐付けが行われるリスク",  # 002, 003
    "目的を超えた紐付け、事務に必要な情報との紐付けが行われるリスク",  # 000
    "特定個人情報古い情報のまま保管され続けるリスク",  # 000
    "ユーザー認証の管理",  # long-vowel variant
    "入手した特定個人情報ที่ไม่正確であるリスク",  # Thai OCR debris (000, 003)
    "ルール内容及びルール遵守の確認方法",  # 000:492
    # the printed headings carry a parenthetical the model's title leaves out
    "特定個人情報ファイルの取扱いプロセスにおけるリスク対策 ※(7. リスク1⑨を除く。)",
    "特定個人情報の入手(情報提供ネットワークシステムを通じた入手を除く。)"
    "におけるその他のリスク及びそのリスクに対する措置",
    "特定個人情報の提供・移転(委託や情報提供ネットワークシステムを通じた提供を除く。)"
    "におけるその他のリスク及びそのリスクに対する措置",
)
# Printed spellings of options that differ from the form's wording (pia-form.md §3).
OPTION_VARIANTS = ("特に入力をしている", "特に入力している", "特に入力を行っている")


def label_key(text: str) -> str:
    """The matching key of a printed label."""
    text = CIRCLED_RE.sub("", text)
    text = unicodedata.normalize("NFKC", text).replace("※", "").lstrip("・")
    previous = None
    while previous != text:
        previous, text = text, NUMBERING_RE.sub("", text.strip())
    return re.sub(r"\s+", "", text).rstrip(":")


@cache
def label_keys() -> frozenset[str]:
    """Every printed label and heading, as matching keys."""
    titles: set[str] = set()
    for model in (FullAssessment, FocusedAssessment, BasicAssessment):
        _collect_titles(model, titles, set())
    parts = {part for title in titles for part in title.split(" ")}  # split over two cells
    printed = (*titles, *parts, *HEADINGS, *LABEL_VARIANTS)
    return frozenset(label_key(t) for t in printed if label_key(t))


def is_label(text: str) -> bool:
    """A printed label or heading (several captions may share one cell)."""
    key = label_key(text)
    if key in label_keys() or BLOCK_HEADING_RE.match(key):
        return True
    parts = text.split()
    return len(parts) > 1 and all(label_key(p) in label_keys() for p in parts)


def _collect_titles(model: type[BaseModel], titles: set[str], seen: set[type]) -> None:
    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        if field.title:
            titles.add(field.title)
        for inner in _models_in(field.annotation):
            _collect_titles(inner, titles, seen)


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    args = typing.get_args(annotation)
    if isinstance(annotation, UnionType) or args:
        return [m for arg in args for m in _models_in(arg)]
    return []


@cache
def option_keys() -> frozenset[str]:
    """Every option of every closed choice of the form, as matching keys."""
    options = {
        member.value
        for enum in vars(choice_enums).values()
        if isinstance(enum, type) and issubclass(enum, StrEnum)
        for member in enum
    }
    return frozenset(label_key(o) for o in (*options, *OPTION_VARIANTS))
