"""pydantic validation errors → Japanese `Problem`s at the line where the value was written.

A pydantic location such as ``("全項目評価書", "files", 0, "overview", "basics", "kind",
"value")`` loses its form tag, and the steps the short YAML forms hide (a choice written as
its option, a check-box group written as a list) are skipped, giving the path as written:
``files[0].overview.basics.kind``. Missing keys point at their parent's key; unknown keys
at themselves; everything else at the value.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.load.sourcemap import Loc, Position, SourceMap
from generator.model.assessment import FullAssessment
from generator.model.choices import FormType
from generator.model.values import Choice, DateValue, MultiChoice
from generator.validate.fields import FORMS, allowed_keys, enum_at, field_info, label
from generator.validate.problems import Problem
from generator.validate.suggestions import closest, suggest_key

SHORT_FORM_STEPS = ("value", "selected")
TYPE_MESSAGES = {
    "string_type": "文字列が必要です",
    "int_type": "整数が必要です",
    "int_parsing": "整数が必要です",
    "int_from_float": "整数が必要です(小数は書けません)",
    "bool_type": "true か false が必要です",
    "bool_parsing": "true か false が必要です",
    "list_type": "リスト(「- 」で始まる項目の並び)が必要です",
    "dict_type": "マッピング(「キー: 値」の並び)が必要です",
    "date_type": "日付(例: 2025-04-01)が必要です",
    "date_parsing": "日付(例: 2025-04-01)が必要です",
    "date_from_datetime_parsing": "日付(例: 2025-04-01)が必要です",
    "string_too_short": "空にはできません",
}
PATTERN_MESSAGES = {
    "id": (
        "IDに使える文字は半角の英小文字・数字・ハイフンだけです(「/」「\\」「..」や大文字、先頭・末尾・連続のハイフンは使えません)",
        "例: 130001-chiji-35 (評価実施機関のスラッグ-評価書番号)",
    ),
    "url": ("http:// または https:// で始まるURLが必要です", "公表されたPDFのURLを書いてください"),
    "corporate_number": ("法人番号は13桁の数字です", "ハイフンや空白を除いて書いてください"),
    "sha256": ("SHA-256は64桁の16進数(0-9, a-f)です", ""),
    "text_sha256": ("SHA-256は64桁の16進数(0-9, a-f)です", ""),
}


@dataclass(frozen=True)
class _Located:
    """One pydantic error, with the path as written in the file."""

    error: ErrorDetails
    model: type[BaseModel]
    loc: Loc  # pydantic's location without the form tag
    source: Loc  # the part of it that exists in the file
    shown: Loc  # the path shown to the user (short-form steps removed)
    titles: dict[int, str | None]  # index in `shown` → printed label


def schema_problems(
    path: Path, data: Any, source_map: SourceMap, error: ValidationError
) -> list[Problem]:
    problems = []
    for details in error.errors(include_url=False):
        located = _locate(details, data)
        problems.append(_problem(path, source_map, located))
    return problems


def _locate(details: ErrorDetails, data: Any) -> _Located:
    loc = tuple(details["loc"])
    model: type[BaseModel] = FullAssessment
    if loc and isinstance(loc[0], str) and loc[0] in FORMS:
        model, loc = FORMS[loc[0]], loc[1:]
    titles = field_info(model, loc).titles
    source: list[str | int] = []
    shown: list[str | int] = []
    shown_titles: dict[int, str | None] = {}
    node, found = data, True
    for index, step in enumerate(loc):
        if found and step in SHORT_FORM_STEPS and not isinstance(node, dict):
            continue
        if found and _has(node, step):
            node = node[step]
            source.append(step)
        else:
            found = False
        shown_titles[len(shown)] = titles[index] if index < len(titles) else None
        shown.append(step)
    return _Located(details, model, loc, tuple(source), tuple(shown), shown_titles)


def _has(node: Any, step: str | int) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)


def _problem(path: Path, source_map: SourceMap, located: _Located) -> Problem:
    kind = located.error["type"]
    handler = HANDLERS.get(kind, _other)
    message, hint, position = handler(located, source_map)
    return Problem(
        path,
        position.line,
        position.column,
        label(located.shown, located.titles),
        message,
        hint,
    )


Handled = tuple[str, str, Position]


def _missing(located: _Located, source_map: SourceMap) -> Handled:
    name = located.shown[-1] if located.shown else ""
    title = located.titles.get(len(located.shown) - 1)
    label = f"「{name}」({title})" if title else f"「{name}」"
    position = source_map.keys.get(located.source) or source_map.value_at(located.source)
    return f"必須の項目{label}がありません", f"{name}: を追加してください", position


def _extra(located: _Located, source_map: SourceMap) -> Handled:
    parent = field_info(located.model, located.loc[:-1]).annotation
    keys = (
        allowed_keys(parent) if isinstance(parent, type) and issubclass(parent, BaseModel) else {}
    )
    written = str(located.loc[-1])
    guess = suggest_key(written, keys)
    hint = (
        f"もしかして: {guess}" + (f" ({keys[guess]})" if keys.get(guess) else "") if guess else ""
    )
    if not hint and keys:
        hint = "使えるキー: " + ", ".join(keys)
    return "不明なキーです", hint, source_map.key_at(located.source)


def _enum(located: _Located, source_map: SourceMap) -> Handled:
    options = enum_at(located.model, located.loc)
    written = str(located.error["input"])
    values = [str(o.value) for o in options] if options else []
    listed = " / ".join(values)
    guess = closest(unicodedata.normalize("NFKC", written), values, cutoff=0.5) if values else None
    hint = f"もしかして: {guess}" if guess else "選択肢の文言を様式のとおりに書いてください"
    message = f"「{written}」はこの項目の選択肢にありません。選択肢: {listed}"
    return message, hint, source_map.value_at(located.source)


def _form_type(located: _Located, source_map: SourceMap) -> Handled:
    forms = " / ".join(FORMS)
    written = str(located.error.get("ctx", {}).get("tag", ""))
    guess = closest(written, FORMS)
    hint = (
        f"もしかして: {guess}"
        if guess
        else f"form_type: {FormType.FULL.value} のように書いてください"
    )
    message = f"評価書の種類「{written}」は不明です。{forms} のいずれかを書いてください"
    return message, hint, source_map.value_at(("form_type",))


def _no_form_type(located: _Located, source_map: SourceMap) -> Handled:
    forms = " / ".join(FORMS)
    return (
        f"必須の項目「form_type」(評価書の種類)がありません。{forms} のいずれかを書いてください",
        f"form_type: {FormType.FULL.value} のように書いてください",
        source_map.value_at(()),
    )


def _model_type(located: _Located, source_map: SourceMap) -> Handled:
    target = field_info(located.model, located.loc).annotation
    position = source_map.value_at(located.source)
    if not located.loc:
        kind = "リスト" if isinstance(located.error["input"], list) else "単独の値"
        return (
            f"ファイルの最上位はマッピング(「キー: 値」の並び)でなければなりません({kind}になっています)",
            "form_type: などの項目を行頭から書いてください",
            position,
        )
    if isinstance(target, type) and issubclass(target, Choice):
        return (
            "選択肢の文言(文字列)が必要です",
            "様式に印刷された選択肢をそのまま書いてください",
            position,
        )
    if isinstance(target, type) and issubclass(target, MultiChoice):
        return "選択された選択肢のリストが必要です", "例: [紙, 電子メール]", position
    if isinstance(target, type) and issubclass(target, DateValue):
        return "日付(文字列)が必要です", "例: 令和7年4月1日", position
    return TYPE_MESSAGES["dict_type"], "", position


def _pattern(located: _Located, source_map: SourceMap) -> Handled:
    name = located.loc[-1] if located.loc else ""
    message, hint = PATTERN_MESSAGES.get(
        str(name),
        ("形式が正しくありません", f"パターン: {located.error.get('ctx', {}).get('pattern', '')}"),
    )
    return message, hint, source_map.value_at(located.source)


def _value_error(located: _Located, source_map: SourceMap) -> Handled:
    message = located.error["msg"].removeprefix("Value error, ")
    return message, "", source_map.value_at(located.source)


def _type(located: _Located, source_map: SourceMap) -> Handled:
    message = TYPE_MESSAGES[located.error["type"]]
    hint = ""
    written = located.error["input"]
    if located.error["type"] == "string_type" and isinstance(written, int | float | bool):
        hint = f'引用符で囲んで文字列にしてください: "{written}"'
    return message, hint, source_map.value_at(located.source)


def _other(located: _Located, source_map: SourceMap) -> Handled:
    ctx = located.error.get("ctx") or {}
    limits = {
        "string_too_long": f"{ctx.get('max_length')}文字以内で書いてください",
        "greater_than_equal": f"{ctx.get('ge')}以上の数が必要です",
        "greater_than": f"{ctx.get('gt')}より大きい数が必要です",
    }
    message = limits.get(located.error["type"], "値が正しくありません")
    hint = f"原文: {located.error['msg']}"
    return message, hint, source_map.value_at(located.source)


HANDLERS: dict[str, Callable[[_Located, SourceMap], Handled]] = {
    "missing": _missing,
    "extra_forbidden": _extra,
    "enum": _enum,
    "union_tag_invalid": _form_type,
    "union_tag_not_found": _no_form_type,
    "model_type": _model_type,
    "model_attributes_type": _model_type,
    "string_pattern_mismatch": _pattern,
    "value_error": _value_error,
    **dict.fromkeys(TYPE_MESSAGES, _type),
}
