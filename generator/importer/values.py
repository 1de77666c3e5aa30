"""Turn a labelled cell into the model's value form (text, choice, check boxes, date, count)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from generator.importer.choices import read_choice, read_count, read_multi
from generator.importer.fields import FieldSpec
from generator.model.choices import ProvisionStatus

FEE_RE = re.compile(r"[(（]\s*手数料額、?納付方法\s*[:：]\s*(?P<text>.*?)\s*[)）]\s*$", re.S)


@dataclass(frozen=True)
class Value:
    """A converted value, the extra fields it fills, and what looked damaged."""

    data: Any
    extra: dict[str, Any]
    problems: tuple[str, ...]


def convert(spec: FieldSpec, raw: str, text: str) -> Value:
    if spec.kind == "choice":
        return _choice(spec, raw, text)
    if spec.kind == "multi":
        return _multi(spec, raw)
    if spec.kind == "int":
        count, problem = read_count(raw)
        return Value(count, {}, (problem,) if problem else ())
    if spec.kind == "bool":
        return Value(None, {}, ("チェック欄として読めない",))
    return Value(text, {}, ())


def _choice(spec: FieldSpec, raw: str, text: str) -> Value:
    assert spec.enum is not None
    reading = read_choice(raw, spec.enum)
    problems = [reading.problem] if reading.problem else []
    data: Any = ""
    if reading.value is not None:
        data = (
            {"value": reading.value.value, "raw": reading.raw}
            if reading.raw
            else reading.value.value
        )
    extra: dict[str, Any] = {}
    if spec.key == "status" and spec.enum.__name__ == "Entrusting":
        count, problem = read_count(raw)
        if count is not None:
            extra["count"] = count
        if problem:
            problems.append(problem)
    if spec.key == "fee":
        fee = FEE_RE.search(unicodedata.normalize("NFKC", text))
        if fee:
            extra["fee_details"] = fee.group("text")
    return Value(data, extra, tuple(problems))


def _multi(spec: FieldSpec, raw: str) -> Value:
    assert spec.enum is not None
    reading = read_multi(raw, spec.enum)
    data: Any = [m.value for m in reading.selected]
    if reading.texts or reading.inferred:
        data = {
            "selected": data,
            "texts": {m.value: t for m, t in reading.texts.items()},
            "inferred": [m.value for m in reading.inferred],
        }
    extra: dict[str, Any] = {}
    problems = list(reading.problems)
    if spec.enum is ProvisionStatus:
        for member, key in (
            (ProvisionStatus.PROVIDING, "provision_count"),
            (ProvisionStatus.TRANSFERRING, "transfer_count"),
        ):
            if reading.counts.get(member) is not None:
                extra[key] = reading.counts[member]
    return Value(data, extra, tuple(problems))
