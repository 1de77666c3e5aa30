"""Rules about what one assessment refers to: its agency, laws, contractors and systems.

* 評価実施機関名 must name a body we can identify (error, with もしかして);
  one that resolves but is in no table is a warning.
* 法令上の根拠 fields must parse into citations; a citation that needs review is a warning.
* ⑥委託先名 that names no contractor (委託業者, 受託者 …) is a warning.
* システムの名称 not in the alias table (data/systems.yaml) is a warning: a new system.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from generator.load.files import LoadedAssessment
from generator.load.sourcemap import Loc
from generator.model import BasicAssessment
from generator.validate.fields import field_label
from generator.validate.normalizers import NormalizerUnavailable, normalizer
from generator.validate.problems import Problem, Severity

# Legal-basis fields and the article that owns a bare 別表 in them (I-5: 第9条, I-6: 第19条).
NUMBER_USE = ("number_use", "legal_basis")
LINKAGE = ("linkage", "legal_basis")


def reference_problems(loaded: LoadedAssessment) -> list[Problem]:
    problems: list[Problem] = []
    for check in CHECKS:
        try:
            problems.extend(check(loaded))
        except NormalizerUnavailable as err:
            problems.append(_problem(loaded, ("cover",), str(err), "", "error"))
    return problems


def _problem(
    loaded: LoadedAssessment, loc: Loc, message: str, hint: str, severity: Severity
) -> Problem:
    position = loaded.lines.value_at(loc)
    return Problem(
        loaded.path,
        position.line,
        position.column,
        field_label(type(loaded.assessment), loc),
        message,
        hint,
        severity,
    )


def agency_problems(loaded: LoadedAssessment) -> list[Problem]:
    agencies = normalizer("agencies")
    name = loaded.assessment.cover.agency
    loc = ("cover", "agency")
    agency = agencies.resolve_agency(name)
    if agency is None:
        guesses = agencies.suggest_agencies(name)
        hint = (
            f"もしかして: {'、'.join(guesses)}"
            if guesses
            else "○○市長、○○県知事のように機関の長の名称で書いてください"
        )
        return [_problem(loaded, loc, f"評価実施機関名「{name}」を特定できません", hint, "error")]
    if not agency.known:
        return [
            _problem(
                loaded,
                loc,
                f"評価実施機関名「{name}」は機関の一覧にありません。新しい機関なら一覧への追加が必要です",
                "generator/normalize/data/ の機関の表を確認してください",
                "warning",
            )
        ]
    return []


def legal_basis_fields(loaded: LoadedAssessment) -> Iterator[tuple[Loc, str, str | None]]:
    """(path, text, owning article) of every 法令上の根拠 written in the file."""
    a: Any = loaded.assessment
    info = a.related if isinstance(a, BasicAssessment) else a.basic_info
    prefix: Loc = ("related",) if isinstance(a, BasicAssessment) else ("basic_info",)
    for field, article in ((NUMBER_USE, "9"), (LINKAGE, "19")):
        part = getattr(info, field[0], None) if info else None
        text = getattr(part, field[1], None) if part else None
        if text:
            yield (*prefix, *field), text, article
    for index, file in enumerate(getattr(a, "files", None) or []):
        provision = file.overview.provision if file.overview else None
        for kind in ("provisions", "transfers"):
            for row, recipient in enumerate(getattr(provision, kind, None) or []):
                if recipient.legal_basis:
                    loc = ("files", index, "overview", "provision", kind, row, "legal_basis")
                    yield loc, recipient.legal_basis, "19"


def strings_of(value: Any) -> Iterator[str]:
    """Every string value of a model, depth first (for the document's own abbreviations)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from strings_of(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_of(item)


def citation_problems(loaded: LoadedAssessment) -> list[Problem]:
    citations = normalizer("citations")
    agency = normalizer("agencies").resolve_agency(loaded.assessment.cover.agency)
    definitions = citations.extract_definitions("\n".join(strings_of(loaded.assessment)))
    problems = []
    for loc, text, article in legal_basis_fields(loaded):
        try:
            # the same reading as the catalogue stage (generator/catalogue/extract.py)
            found = citations.parse_legal_basis(
                text,
                context_law="mynumber_act",
                context_article=article,
                body=agency.body if agency else None,
                definitions=definitions,
            )
        except Exception as err:
            message = f"法令の引用を解析できませんでした({type(err).__name__}: {err})"
            problems.append(
                _problem(
                    loaded,
                    loc,
                    message,
                    "記載を確認し、解析器の不具合なら報告してください",
                    "warning",
                )
            )
            continue
        unclear = [c.raw for c in found if c.needs_review]
        if unclear:
            listed = "」「".join(unclear)
            message = f"法令の引用として読めない部分があります:「{listed}」"
            hint = "「番号法第19条第8号」のように法令名と条・項・号を書いてください"
            problems.append(_problem(loaded, loc, message, hint, "warning"))
    return problems


def contractor_fields(loaded: LoadedAssessment) -> Iterator[tuple[Loc, str]]:
    for index, file in enumerate(getattr(loaded.assessment, "files", None) or []):
        entrustment = file.overview.entrustment if file.overview else None
        for row, item in enumerate((entrustment.items if entrustment else None) or []):
            if item.contractor:
                yield (
                    ("files", index, "overview", "entrustment", "items", row, "contractor"),
                    item.contractor,
                )


def contractor_problems(loaded: LoadedAssessment) -> list[Problem]:
    contractors = normalizer("contractors")
    problems = []
    for loc, text in contractor_fields(loaded):
        for contractor in contractors.parse_contractors(text):
            if contractor.status == "unknown":
                message = f"委託先名「{contractor.raw}」から委託先を特定できません"
                hint = "委託先の正式な名称(例: 株式会社○○)を書いてください"
                problems.append(_problem(loaded, loc, message, hint, "warning"))
            elif contractor.corporate_number_valid is False:
                message = f"法人番号「{contractor.corporate_number}」のチェックデジットが合いません"
                problems.append(
                    _problem(loaded, loc, message, "法人番号を確認してください", "warning")
                )
    return problems


def system_fields(loaded: LoadedAssessment) -> Iterator[tuple[Loc, str, bool]]:
    """(path, text, whether the text is a list of several names)."""
    a: Any = loaded.assessment
    if isinstance(a, BasicAssessment):
        business = a.related.business if a.related else None
        if business and business.system_names:
            yield ("related", "business", "system_names"), business.system_names, True
        return
    for index, system in enumerate((a.basic_info.systems if a.basic_info else None) or []):
        if system.name:
            yield ("basic_info", "systems", index, "name"), system.name, False


def system_problems(loaded: LoadedAssessment) -> list[Problem]:
    systems = normalizer("systems")
    problems = []
    for loc, text, is_list in system_fields(loaded):
        names: list[str] = systems.split_system_list(text) if is_list else [text]
        for name in names:
            parsed = systems.parse_system_name(name)
            if not parsed.known:
                message = f"システム名「{parsed.name}」はシステムの別名表にありません(新しいシステム名です)"
                hint = "既知のシステムの別名なら generator/normalize/data/systems.yaml に追加してください"
                problems.append(_problem(loaded, loc, message, hint, "warning"))
    return problems


CHECKS: tuple[Callable[[LoadedAssessment], list[Problem]], ...] = (
    agency_problems,
    citation_problems,
    contractor_problems,
    system_problems,
)
