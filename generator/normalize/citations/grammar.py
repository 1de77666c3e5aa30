"""Regular expressions for the pieces of a citation, applied to the matching copy."""

from __future__ import annotations

import re

from generator.normalize.citations.text import BRANCHED, NUMBER

PROVISION = re.compile(
    rf"(?P<dai>第)?(?P<a>{NUMBER})\s*条(?!例)(?P<ab>(?:の{NUMBER})*)"
    rf"(?:\s*第?(?P<p>{NUMBER})\s*項(?!番))?"
    rf"(?:\s*第?(?P<i>{NUMBER})\s*号(?P<ib>(?:の{NUMBER})*))?"
)
SAME_ARTICLE = re.compile(
    rf"同条(?:\s*第(?P<p>{NUMBER})項)?(?:\s*第(?P<i>{NUMBER})号(?P<ib>(?:の{NUMBER})*))?"
)
SAME_INSTRUMENT = re.compile(r"同(?:法|令|規則|条例|省令|命令)")
CONNECTOR_WORDS = ("、", ",", "及び", "並びに", "又は", "または", "若しくは", "もしくは")
_CONNECTOR = rf"\s*(?:{'|'.join(CONNECTOR_WORDS)})\s*"
CONTINUATION = re.compile(
    rf"{_CONNECTOR}"
    rf"第(?P<n>{NUMBER})(?P<unit>項|号)(?P<b>(?:の{NUMBER})*)"
)
CONNECTOR = re.compile(_CONNECTOR)
TABLE = re.compile(
    rf"(?P<lead>の\s*)?(?P<label>別表(?:\s*第(?P<tn>{NUMBER}))?|表)"
    rf"(?:\s*の?\s*(?:項番\s*)?(?P<rows>{BRANCHED}(?:\s*[、,]\s*{BRANCHED})*)"
    rf"(?:\s*(?:から|~|－|-)\s*(?P<to>{BRANCHED}))?\s*(?:の項|項)?"
    rf"|(?P<no_row>\s*(?:の\s*項(?![目番])|項番)))?"
    rf"(?:\s*の?\s*第(?P<col>{NUMBER})欄)?"
)
"""A table and its rows or column: 別表第3 項番7の13, 別表27、52、93の項, 表12の項, 別表第二の第四欄.

no_row is a row marker without a row number (別表第一の項, 別表 項番): the row is missing."""
ROW_SEPARATOR = re.compile(r"\s*[、,]\s*")
PARENTHESES = re.compile(r"\((?P<body>[^()]*)\)")
DELEGATION = re.compile(r"\s*に基づく\s*(?P<name>主務省令|命令)")
ORDINANCE = re.compile(rf"(?:(?!第{NUMBER}条)[^\s、。,()「」・<>])+?条例")
ORDINANCE_BOUNDARY = frozenset(" \t\n、。,()「」・<>")

QUALIFIER_WORDS = ("予定", "仮称", "改正予定", "施行予定")
REF = re.compile(r"(?P<ref>別紙\s*[0-9〇一二三四五六七八九十]+)(?:を?参照)?")
LAW_NUMBER = re.compile(
    rf"(?:明治|大正|昭和|平成|令和)\s*(?:{NUMBER}|元)\s*年.*第\s*{NUMBER}\s*号$"
)
DEFINITION = re.compile(r"^以下")

LIST_SPLIT_CHARS = frozenset("・\n")
LIST_SPLIT_WORD = " 及び "
