"""Value types shared by every part of an assessment.

Presence is encoded the same way everywhere, so that "absent from the source" and "empty"
never mix:

* a key that is omitted, or ``null``  → 原本に記載なし (absent from the source)
* ``""`` (or an unanswered choice)      → 空欄 (the label is printed, the value is blank)
* any other value                       → 記載あり (present)

Closed choices and dates have a short form for people writing YAML by hand (the option as
printed, or the date as printed) and a long form that keeps the importer's provenance.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from generator.normalize.dates import DateError, parse_date

E = TypeVar("E", bound=StrEnum)


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


def is_expanded(info: SerializationInfo) -> bool:
    """Open-data exports ask for the long form of every value (context={"expanded": True})."""
    return bool(info.context and info.context.get("expanded"))


class Choice(Strict, Generic[E]):
    """A single-choice field: one option of the form, as printed (e.g. ``十分である``).

    Short form: ``十分である``. Long form keeps how the importer read it:
    ``{value: 十分である, raw: "[十分である]", inferred: false}``. ``""`` means the field was
    printed but no option is selected.
    """

    value: E | None = Field(None, title="選択された選択肢")
    raw: str | None = Field(None, title="原文の表記")
    inferred: bool = Field(False, title="推定による選択")
    note: str | None = Field(None, title="補足(件数・金額等)")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, str | StrEnum):
            return {"value": data or None}
        return data

    @model_serializer(mode="wrap")
    def _dump_short(self, handler: Any, info: SerializationInfo) -> Any:
        long_form = handler(self)
        if is_expanded(info) or self.raw is not None or self.inferred or self.note is not None:
            return {k: v for k, v in long_form.items() if v not in (None, False)}
        return "" if self.value is None else self.value.value

    @property
    def selected(self) -> bool:
        return self.value is not None


class MultiChoice(Strict, Generic[E]):
    """A check-box group: the options selected, with the text written in their ``( )``.

    Short form: a list of the selected options. Long form:
    ``{selected: [...], texts: {その他: "..."}, inferred: [...]}``.
    """

    selected: list[E] = Field(default_factory=list, title="選択された選択肢")
    texts: dict[E, str] = Field(default_factory=dict, title="括弧内の記載")
    inferred: list[E] = Field(default_factory=list, title="括弧内の記載から選択を推定した選択肢")
    raw: str | None = Field(None, title="原文の表記")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, list):
            return {"selected": data}
        return data

    @model_serializer(mode="wrap")
    def _dump_short(self, handler: Any, info: SerializationInfo) -> Any:
        long_form = handler(self)
        if is_expanded(info) or self.texts or self.inferred or self.raw is not None:
            return {k: v for k, v in long_form.items() if v not in (None, [], {})}
        return long_form["selected"]


class DateValue(Strict):
    """A date as printed (和暦, Western, month-only, a range, or prose) and as ISO.

    YAML holds only the printed text (``令和7年8月5日``); ``start``, ``end`` and ``precision``
    are derived from it and appear in the open-data exports.
    """

    raw: str = Field(title="原文の表記")
    start: dt.date | None = Field(None, title="開始日(ISO)")
    end: dt.date | None = Field(None, title="終了日(ISO)")
    precision: str = Field("none", title="精度(day/month/year/none)")

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, data: Any) -> Any:
        raw = (
            data
            if isinstance(data, str)
            else (data or {}).get("raw")
            if isinstance(data, dict)
            else data
        )
        if not isinstance(raw, str):
            return data
        try:
            parsed = parse_date(raw)
        except DateError as err:
            raise ValueError(f"存在しない日付です: {err}") from err
        return {"raw": raw, "start": parsed.start, "end": parsed.end, "precision": parsed.precision}

    @model_serializer(mode="wrap")
    def _dump_short(self, handler: Any, info: SerializationInfo) -> Any:
        if is_expanded(info):
            return handler(self)
        return self.raw

    @property
    def iso(self) -> str:
        """ISO text for display and sorting: a day, a month, a range, or ""."""
        if self.start is None:
            return ""
        if self.precision == "month" and self.end and self.start.month == self.end.month:
            return self.start.strftime("%Y-%m")
        if self.end and self.end != self.start:
            return f"{self.start.isoformat()}/{self.end.isoformat()}"
        return self.start.isoformat()


class ShortFormSchema(GenerateJsonSchema):
    """JSON Schema generator that also admits the short YAML forms of choices and dates."""

    def model_schema(self, schema: Any) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        cls = schema.get("cls")
        if not isinstance(cls, type):
            return json_schema
        if issubclass(cls, Choice):
            enum = json_schema["properties"]["value"]
            return {
                "anyOf": [_enum_of(enum), {"const": ""}, json_schema],
                "title": json_schema.get("title"),
            }
        if issubclass(cls, MultiChoice):
            items = json_schema["properties"]["selected"]
            return {"anyOf": [items, json_schema], "title": json_schema.get("title")}
        if issubclass(cls, DateValue):
            return {"anyOf": [{"type": "string"}, json_schema], "title": "日付(原文の表記)"}
        return json_schema


def _enum_of(value_schema: JsonSchemaValue) -> JsonSchemaValue:
    options = value_schema.get("anyOf", [value_schema])
    return next((o for o in options if "$ref" in o or "enum" in o), {"type": "string"})
