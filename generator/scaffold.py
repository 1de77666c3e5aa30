"""`pia new`: a YAML template with every field of one form, for people writing by hand.

The template is derived from the model, never written by hand: the form's classes are
walked in declaration order, each key is commented with its printed label (the Field
title) and each closed choice with its options. Every value is blank, so the file loads
with the model as it is; lists hold one example element.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import types
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.model import ASSESSMENT, FormType
from generator.model.assessment import (
    ID_PATTERN,
    BasicAssessment,
    FocusedAssessment,
    FullAssessment,
)
from generator.model.schema import SCHEMA_PATH
from generator.model.values import Choice, DateValue, MultiChoice

CATALOGUE_DIR = Path("catalogue")
NOT_ID_CHARS_RE = re.compile(r"[^a-z0-9]+")  # as generator.validate.rules.number_key
LEADING_KEYS = ("form_type", "id", "status")  # first, as generator.load writes catalogue files
TITLE_PLACEHOLDER = "(評価書名を記入してください)"
KINDS: dict[str, FormType] = {
    "基礎項目": FormType.BASIC,
    "重点項目": FormType.FOCUSED,
    "全項目": FormType.FULL,
}
FORMS: dict[FormType, type[BaseModel]] = {
    FormType.BASIC: BasicAssessment,
    FormType.FOCUSED: FocusedAssessment,
    FormType.FULL: FullAssessment,
}
HEADER = """\
# 特定個人情報保護評価書({form})のひな形(pia new で作成)
# 書き方:
#   ・各項目の右のコメントは、評価書に印字されている項目名です。
#   ・原本の項目が空欄なら "" のままにします(空欄)。
#   ・原本にその項目がなければ、行ごと削除するか null と書きます(原本に記載なし)。
#   ・選択肢は、コメントにある文言をそのまま書きます(複数選択は [a, b] の形)。
#   ・一覧(- で始まる行)は記入例として1件だけあります。件数に合わせて増減してください。
#   ・書き終えたら pia validate でこのファイルを検証してください。
"""


class ScaffoldError(Exception):
    """An argument that cannot produce a template; the message is for the user."""


@dataclass(frozen=True)
class Leaf:
    value: str  # YAML text of the blank value
    options: tuple[str, ...] = ()
    multiple: bool = False


@dataclass(frozen=True)
class Entry:
    key: str
    title: str
    node: Node


@dataclass(frozen=True)
class Mapping:
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Sequence:
    item: Node


Node = Leaf | Mapping | Sequence


# --- the model, walked -------------------------------------------------------------------


def describe_model(model: type[BaseModel], filled: dict[str, str], prefix: str = "") -> Mapping:
    """The template of one model class; `filled` maps dotted paths to YAML values."""
    entries = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        node = describe_field(field, filled, path)
        entries.append(Entry(name, field.title or name, node))
    return Mapping(tuple(entries))


def describe_field(field: FieldInfo, filled: dict[str, str], path: str) -> Node:
    if path in filled:
        return Leaf(filled[path], _options(_unwrap_optional(field.annotation)))
    return describe_type(_unwrap_optional(field.annotation), field, filled, path)


def describe_type(tp: Any, field: FieldInfo, filled: dict[str, str], path: str) -> Node:
    origin = get_origin(tp)
    if origin is list:
        (item_type,) = get_args(tp)
        return Sequence(describe_type(_unwrap_optional(item_type), field, filled, f"{path}[]"))
    if origin is Literal:
        return Leaf(_quote(str(get_args(tp)[0])))
    if isinstance(tp, type) and issubclass(tp, Choice):
        return Leaf('""', _options(tp))
    if isinstance(tp, type) and issubclass(tp, MultiChoice):
        return Leaf("[]", _options(tp), multiple=True)
    if isinstance(tp, type) and issubclass(tp, DateValue):
        return Leaf('""')
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return describe_model(tp, filled, f"{path}.")
    if isinstance(tp, type) and issubclass(tp, Enum):
        default = field.default if isinstance(field.default, Enum) else ""
        return Leaf(_quote(str(getattr(default, "value", default))), _options(tp))
    return _scalar(tp, field)


def _scalar(tp: Any, field: FieldInfo) -> Leaf:
    """A blank str is ""; other scalars (and patterned strings) take their default or null."""
    if tp is str and not _has_pattern(field):
        return Leaf('""')
    if tp is int and field.is_required():
        return Leaf("1")  # the numbering of repeated blocks starts at 1
    if field.default is not None and not field.is_required():
        return Leaf(json.dumps(field.default))
    return Leaf("null")


def _has_pattern(field: FieldInfo) -> bool:
    return any(getattr(constraint, "pattern", None) for constraint in field.metadata)


def _unwrap_optional(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [arg for arg in get_args(tp) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _options(tp: Any) -> tuple[str, ...]:
    """The printed options of a choice (Choice[E], MultiChoice[E] or an enum)."""
    if isinstance(tp, type) and issubclass(tp, Choice | MultiChoice):
        tp = tp.__pydantic_generic_metadata__["args"][0]
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tuple(str(member.value) for member in tp)
    return ()


# --- YAML text with comments -------------------------------------------------------------


def render_mapping(mapping: Mapping, indent: int) -> list[str]:
    lines: list[str] = []
    for entry in mapping.entries:
        lines.extend(render_entry(entry, indent))
    return lines


def render_entry(entry: Entry, indent: int) -> list[str]:
    pad = " " * indent
    key = _yaml_key(entry.key)
    node = entry.node
    comment = _comment(entry.title, node)
    if isinstance(node, Leaf):
        return [f"{pad}{key}: {node.value}  # {comment}"]
    head = f"{pad}{key}:  # {comment}"
    if isinstance(node, Mapping):
        return [head, *render_mapping(node, indent + 2)]
    return [head, *render_item(node.item, indent + 2)]


def render_item(item: Node, indent: int) -> list[str]:
    """One example element of a list, as a block sequence entry."""
    pad = " " * indent
    if isinstance(item, Leaf):
        return [f"{pad}- {item.value}"]
    if isinstance(item, Sequence):
        inner = render_item(item.item, indent + 2)
        return [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
    lines = render_mapping(item, indent + 2)
    return [f"{pad}- {lines[0][indent + 2 :]}", *lines[1:]]


def _comment(title: str, node: Node) -> str:
    if not isinstance(node, Leaf) or not node.options:
        return title
    kind = "複数選択可。選択肢" if node.multiple else "選択肢"
    return f"{title} — {kind}: {' / '.join(node.options)}"


def _yaml_key(key: str) -> str:
    """Quote keys that YAML 1.1 would read as something else (`no` is false)."""
    return key if yaml.safe_load(f"{key}: 0") == {key: 0} else _quote(key)


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- the template ------------------------------------------------------------------------


def assessment_id(agency_slug: str, number: str) -> str:
    """`<agency-slug>-<評価書番号>`, the number folded as the validator folds it (A-12 → a-12)."""
    folded = unicodedata.normalize("NFKC", number).lower()
    candidate = f"{agency_slug}-{NOT_ID_CHARS_RE.sub('-', folded).strip('-')}"
    if candidate.endswith("-") or not re.fullmatch(ID_PATTERN, candidate) or len(candidate) > 80:
        raise ScaffoldError(
            f"評価書番号「{number}」からIDを作れません。"
            "評価書番号は表紙に印字された番号を半角の英数字で指定してください(例: 30)。"
        )
    return candidate


def agency_slug(agency: str) -> str:
    """The slug of a 評価実施機関名; an unknown name is an error with suggestions."""
    from generator.normalize.agencies import resolve_agency, suggest_agencies

    resolved = resolve_agency(agency)
    if resolved is not None:
        return resolved.slug
    message = f"評価実施機関名「{agency}」が見つかりません。評価書の表紙に印字された名前(例: 奈良県知事)を指定してください。"
    suggestions = suggest_agencies(agency)
    if suggestions:
        message += f" もしかして: {'、'.join(suggestions)}"
    raise ScaffoldError(message)


def scaffold_text(
    kind: FormType, agency: str, number: str, *, slug: str, title: str, schema_ref: str
) -> str:
    """The whole template: schema hint, Japanese guidance, then every field of the form."""
    filled = {
        "id": _quote(assessment_id(slug, number)),
        "form_type": _quote(kind.value),
        "cover.number": _quote(number),
        "cover.title": _quote(title),
        "cover.agency": _quote(agency),
    }
    body = render_mapping(leading_first(describe_model(FORMS[kind], filled)), 0)
    head = f"# yaml-language-server: $schema={schema_ref}\n" + HEADER.format(form=kind.value)
    return head + "\n".join(body) + "\n"


def leading_first(mapping: Mapping) -> Mapping:
    """The keys a reader looks for first, then the others in declaration order."""
    rank = {key: index for index, key in enumerate(LEADING_KEYS)}
    entries = sorted(mapping.entries, key=lambda e: rank.get(e.key, len(rank)))
    return Mapping(tuple(entries))


def canonical_path(slug: str, identifier: str, root: Path = CATALOGUE_DIR) -> Path:
    return root / slug / f"{identifier}.yaml"


def schema_reference(output: Path, project_root: Path) -> str:
    """The schema's path relative to the file's directory, as editors resolve it."""
    target = project_root.resolve() / SCHEMA_PATH
    return Path(os.path.relpath(target, output.resolve().parent)).as_posix()


def check_loads(text: str) -> None:
    """The template must load with the model as written; anything else is our bug."""
    ASSESSMENT.validate_python(yaml.safe_load(text))


# --- the command -------------------------------------------------------------------------


def parse_kind(value: str) -> FormType:
    kind = KINDS.get(value.removesuffix("評価書").removesuffix("評価"))
    if kind is None:
        raise argparse.ArgumentTypeError(
            f"評価書の種類「{value}」は指定できません。基礎項目・重点項目・全項目のいずれかです"
        )
    return kind


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind", required=True, type=parse_kind, metavar="基礎項目|重点項目|全項目",
        help="評価書の種類",
    )  # fmt: skip
    parser.add_argument("--agency", required=True, help="評価実施機関名(例: 奈良県知事)")
    parser.add_argument("--number", required=True, help="評価書番号(例: 30)")
    parser.add_argument("--title", default=TITLE_PLACEHOLDER, help="評価書名(あとで記入も可)")
    parser.add_argument(
        "-o", "--output", type=Path, default=None,
        help="書き出すファイル(省略時は catalogue/<機関>/<ID>.yaml)",
    )  # fmt: skip
    parser.add_argument("--force", action="store_true", help="既存のファイルを上書きする")


def run(args: argparse.Namespace) -> int:
    agency = args.agency.strip()
    try:
        slug = agency_slug(agency)
        identifier = assessment_id(slug, args.number)
    except ScaffoldError as err:
        print(f"pia new: {err}", file=sys.stderr)
        return 2
    output = args.output or canonical_path(slug, identifier)
    if output.exists() and not args.force:
        print(
            f"pia new: {output} はすでにあります。上書きする場合は --force を付けてください。",
            file=sys.stderr,
        )
        return 1
    text = scaffold_text(
        args.kind,
        agency,
        args.number.strip(),
        slug=slug,
        title=args.title,
        schema_ref=schema_reference(output, Path.cwd()),
    )
    check_loads(text)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"ひな形を作成しました: {output}")
    print(f"原本を見ながら記入し、pia validate {output} で検証してください。")
    return 0
