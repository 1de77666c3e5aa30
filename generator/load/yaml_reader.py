"""Safe YAML parsing of a catalogue file into plain data and a `SourceMap`.

The file is read event by event (libyaml when available); the data is built here, never by
PyYAML's constructors, so nothing is ever executed or expanded:

* anchors and aliases are refused (an alias is never expanded, so an "alias bomb" costs
  nothing), and so are tags (``!!python/object``…) other than ``!!str``;
* a key written twice is an error (PyYAML would keep the last one silently);
* keys must be strings;
* plain scalars follow the YAML 1.2 core schema: only ``true``/``false`` are booleans,
  ``no`` and ``yes`` stay strings, and dates stay strings (the model parses them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from yaml import events

from generator.load.sourcemap import Loc, Position, SourceMap
from generator.load.yaml_errors import syntax_problem
from generator.validate.fields import dotted
from generator.validate.problems import Problem

MAX_DEPTH = 64
STR_TAG = "tag:yaml.org,2002:str"
NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
BOOL_VALUES = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
BOOL_VALUES["FALSE"] = False
INT_RE = re.compile(r"^[-+]?[0-9]+$")
FLOAT_RE = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$"
)
EventLoader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True)
class ParsedYaml:
    """The data of a file (None when it could not be read) and where each value was."""

    data: Any
    source_map: SourceMap
    problems: tuple[Problem, ...]


class _Refused(Exception):
    """Parsing stops: the file is built in a way we do not follow further."""


def parse_yaml(path: Path, text: str) -> ParsedYaml:
    builder = _Builder(path)
    try:
        data = builder.document(_Events(yaml.parse(text, Loader=EventLoader)))
    except yaml.MarkedYAMLError as err:
        return ParsedYaml(None, SourceMap(), (*builder.problems, syntax_problem(path, text, err)))
    except _Refused:
        return ParsedYaml(None, SourceMap(), tuple(builder.problems))
    source_map = SourceMap(MappingProxyType(builder.values), MappingProxyType(builder.keys))
    return ParsedYaml(data, source_map, (*builder.problems, *builder.reference_problems()))


def resolve_plain(value: str) -> Any:
    if NULL_RE.match(value):
        return None
    if value in BOOL_VALUES:
        return BOOL_VALUES[value]
    if INT_RE.match(value):
        return int(value)
    if FLOAT_RE.match(value):
        return float(value)
    return value


def _position(event: events.Event) -> Position:
    return Position(event.start_mark.line + 1, event.start_mark.column + 1)


class _Builder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.values: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self.anchors: list[Position] = []
        self.aliases: list[Position] = []

    def error(self, position: Position, field: str, message: str, hint: str = "") -> None:
        self.problems.append(
            Problem(self.path, position.line, position.column, field, message, hint)
        )

    def document(self, stream: _Events) -> Any:
        stream.next()  # StreamStartEvent
        first = stream.next()
        if isinstance(first, events.StreamEndEvent):
            return None
        data = self.node(stream, ())
        stream.next()  # DocumentEndEvent
        extra = stream.next()
        if isinstance(extra, events.DocumentStartEvent):
            self.error(
                _position(extra),
                "",
                "1つのファイルに複数のYAML文書(「---」で区切られたもの)があります",
                "評価書1件につき1ファイルにしてください。2つ目以降の「---」を削除するか、別のファイルに分けてください",
            )
        return data

    def node(self, stream: _Events, loc: Loc) -> Any:
        event = stream.next()
        if len(loc) > MAX_DEPTH:
            self.error(_position(event), "", f"入れ子が深すぎます(上限 {MAX_DEPTH} 段)")
            raise _Refused
        if isinstance(event, events.AliasEvent):
            self.aliases.append(_position(event))
            return None
        self.values[loc] = _position(event)
        if getattr(event, "anchor", None) is not None:
            self.anchors.append(_position(event))
        if isinstance(event, events.ScalarEvent):
            return self.scalar(event, loc)
        self.check_tag(event, loc)
        if isinstance(event, events.SequenceStartEvent):
            return self.sequence(stream, loc)
        return self.mapping(stream, loc)

    def check_tag(self, event: Any, loc: Loc) -> None:
        tag = event.tag
        if tag is None or tag == "!" or (isinstance(event, events.ScalarEvent) and tag == STR_TAG):
            return
        self.error(
            _position(event),
            dotted(loc),
            f"タグ「{tag.replace('tag:yaml.org,2002:', '!!')}」は使えません。カタログのファイルでは型を指定するタグ(!!python/object など)を受け付けません",
            "タグを削除してください。文字列にしたいときは値を引用符で囲んでください",
        )

    def scalar(self, event: events.ScalarEvent, loc: Loc) -> Any:
        self.check_tag(event, loc)
        if event.tag is not None or event.style not in (None, "") or not event.implicit[0]:
            return event.value
        return resolve_plain(event.value)

    def sequence(self, stream: _Events, loc: Loc) -> list[Any]:
        items: list[Any] = []
        while not isinstance(stream.peek(), events.SequenceEndEvent):
            items.append(self.node(stream, (*loc, len(items))))
        stream.next()
        return items

    def mapping(self, stream: _Events, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while not isinstance(stream.peek(), events.MappingEndEvent):
            key_event = stream.peek()
            key = self.key(stream, loc)
            if key is None:
                self.node(stream, (*loc, "?"))  # parse and drop the value
                continue
            position = _position(key_event)
            if key in result:
                first = self.keys[(*loc, key)]
                self.error(
                    position,
                    dotted((*loc, key)),
                    f"キー「{key}」が重複しています(最初は {first.line} 行目)",
                    "同じマッピングに同じキーは1度だけ書けます。どちらかを削除するか、内容をまとめてください",
                )
                self.node(stream, (*loc, "?"))
                continue
            self.keys[(*loc, key)] = position
            result[key] = self.node(stream, (*loc, key))
        stream.next()
        return result

    def key(self, stream: _Events, loc: Loc) -> str | None:
        event = stream.peek()
        position = _position(event)
        if isinstance(event, events.ScalarEvent):
            value = self.node(stream, (*loc, "?"))
            if isinstance(value, str) and value:
                return value
            shown = event.value or "(空)"
        else:
            self.node(stream, (*loc, "?"))
            shown = "リストやマッピング"
        self.error(
            position,
            dotted(loc),
            f"キー「{shown}」は使えません。キーは項目名(文字列)でなければなりません",
            "キーの綴りを確認してください。数字などをキーにするときは引用符で囲んでください",
        )
        return None

    def reference_problems(self) -> list[Problem]:
        found = sorted([*self.anchors, *self.aliases], key=lambda p: (p.line, p.column))
        if not found:
            return []
        count = f"(このファイルに {len(found)} 箇所)" if len(found) > 1 else ""
        return [
            Problem(
                self.path,
                found[0].line,
                found[0].column,
                "",
                f"アンカー(&名前)とエイリアス(*名前)はカタログのファイルでは使えません{count}",
                "同じ内容でも、それぞれの場所に書いてください(エイリアスは展開しません)",
            )
        ]


class _Events:
    """The parser's events with one event of look-ahead."""

    def __init__(self, stream: Iterator[events.Event]) -> None:
        self.stream = stream
        self.ahead: events.Event | None = None

    def peek(self) -> events.Event:
        if self.ahead is None:
            self.ahead = next(self.stream)
        return self.ahead

    def next(self) -> events.Event:
        event = self.peek()
        self.ahead = None
        return event
