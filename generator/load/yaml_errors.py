"""YAML syntax errors (PyYAML / libyaml) → one Japanese `Problem` at the error's position.

The parser's own wording is kept in the hint, so nothing it said is lost.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.validate.problems import Problem

TAB_MESSAGE = "インデントにタブ文字が使われています。YAMLのインデントは半角スペースで書いてください"
# (substring of the parser's problem text, Japanese explanation); the first match wins.
TRANSLATIONS: tuple[tuple[str, str], ...] = (
    ("tab character", TAB_MESSAGE),
    (
        "mapping values are not allowed",
        "ここでは「キー: 値」を書けません。値の中に「: 」があるときは値全体を引用符で囲み、そうでなければインデントを確認してください",
    ),
    (
        "could not find expected ':'",
        "「:」が見つかりません。「キー: 値」の形になっているか確認してください",
    ),
    (
        "did not find expected key",
        "キーがあるべき位置に別のものがあります。インデントがずれていないか確認してください",
    ),
    (
        "did not find expected '-' indicator",
        "リストの項目(「- 」)があるべき位置に別のものがあります。インデントを確認してください",
    ),
    ("did not find expected ',' or ']'", "「[」に対応する「]」がありません"),
    ("did not find expected ',' or '}'", "「{」に対応する「}」がありません"),
    (
        "found unexpected end of stream",
        "ファイルが途中で終わっています。引用符や括弧が閉じられているか確認してください",
    ),
    (
        "found unknown escape character",
        "二重引用符の中で使えない「\\」があります。「\\\\」と書くか、単一引用符で囲んでください",
    ),
    (
        "expected a comment or a line break",
        "値の後に余計な文字があります。値全体を引用符で囲んでください",
    ),
    (
        "did not find expected comment or line break",
        "値の後に余計な文字があります。値全体を引用符で囲んでください",
    ),
    (
        "expected <block end>",
        "インデントが揃っていません。同じ階層の項目は同じ数の空白で始めてください",
    ),
    ("did not find expected node content", "値があるべき位置に値がありません"),
    ("expected the node content", "値があるべき位置に値がありません"),
    ("found undefined tag handle", "定義されていないタグです。タグは使えません"),
    ("found unexpected ':'", "予期しない「:」があります。値の中の「:」は引用符で囲んでください"),
    (
        "cannot start any token",
        "ここに書けない文字があります(「@」「`」などは値の先頭に使えません)。値を引用符で囲んでください",
    ),
    ("found incomplete explicit document", "文書の区切り(「---」)が正しくありません"),
)


def syntax_problem(path: Path, text: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    original = " ".join(part for part in (err.context, err.problem) if part)
    message = _translate(err.problem or "", _char_at(text, line, column))
    return Problem(path, line, column, "", message, f"YAMLの構文エラー(原文: {original})")


def _translate(problem: str, char: str) -> str:
    if char == "\t":
        return TAB_MESSAGE
    for needle, japanese in TRANSLATIONS:
        if needle in problem:
            return japanese
    return "YAMLの構文エラーです"


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return ""
    row = lines[line - 1]
    return row[column - 1] if 0 < column <= len(row) else ""
