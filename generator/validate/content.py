"""Suspicious content in values: markup, scripts, templates, hidden characters.

Catalogue files come from outside contributors. The site escapes every value, so none of
this can run; but a value that looks like markup or hides characters is most likely a
mistake or a test of our defences, so each gets a warning naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.load.sourcemap import Loc, SourceMap
from generator.validate.fields import field_label, model_for
from generator.validate.problems import Problem

MAX_VALUE_CHARS = 100_000
DISPLAYED = "サイトでは文字列として表示されますが、意図した記載か確認してください。"
# (pattern, what was found); each is reported once per value.
SUSPICIOUS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<\s*script", re.IGNORECASE), "HTMLの<script>タグ"),
    (
        re.compile(r"(?<![A-Za-z0-9_])on[a-z]+\s*=", re.IGNORECASE | re.ASCII),
        "HTMLのイベント属性(onclick= など)",
    ),
    (
        re.compile(r"(?<![A-Za-z])(?:javascript|vbscript)\s*:|(?<![A-Za-z])data:[a-z]+/", re.I),
        "javascript: や data: で始まるURL",
    ),
    (re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)"), "Markdownのリンク・画像の記法 [..](..)"),
    (re.compile(r"\{\{|\{%|\{#"), "テンプレートの記法 {{ }} / {% %}"),
)
# Every SUSPICIOUS pattern needs one of these characters: values without any (nearly all of
# them, in Japanese prose) skip the five searches (0.65 → 0.1 ms per synthetic file).
MARKUP_CHARS = re.compile(r"[<=:\[{]")
HIDDEN_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")


def content_problems(path: Path, data: Any, source_map: SourceMap) -> list[Problem]:
    model = model_for(data)
    problems = []
    for loc, value in strings(data, ()):
        for message, hint in value_findings(value):
            position = source_map.value_at(loc)
            problems.append(
                Problem(
                    path,
                    position.line,
                    position.column,
                    field_label(model, loc),
                    message,
                    hint,
                    "warning",
                )
            )
    return problems


def strings(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every string value with its path."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*loc, index))


def value_findings(value: str) -> list[tuple[str, str]]:
    findings = []
    if len(value) > MAX_VALUE_CHARS:
        findings.append(
            (
                f"非常に長い文字列({len(value):,}文字)が含まれています。{DISPLAYED}",
                f"1つの値は{MAX_VALUE_CHARS:,}文字までを目安にしてください。別紙の全文を貼り付けていないか確認してください",
            )
        )
    suspicious = SUSPICIOUS if MARKUP_CHARS.search(value) else ()
    for pattern, what in suspicious:
        if pattern.search(value):
            findings.append((f"{what}が含まれています。{DISPLAYED}", "不要なら削除してください"))
    hidden = sorted({m.group() for m in HIDDEN_RE.finditer(value)})
    if hidden:
        names = "、".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip() for c in hidden)
        findings.append(
            (
                f"見えない文字({names})が含まれています。表示と実際の文字列が異なる、なりすましの恐れがあります",
                "意図したものでなければ削除してください",
            )
        )
    return findings
