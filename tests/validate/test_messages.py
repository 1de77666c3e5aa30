"""Suggestions, suspicious content and the two output formats, table by table."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model.parts import Cover, Entrustment
from generator.validate.content import value_findings
from generator.validate.fields import allowed_keys
from generator.validate.problems import (
    Problem,
    format_github,
    format_text,
    shown_paths,
    summary,
)
from generator.validate.suggestions import closest, suggest_key


@pytest.mark.parametrize(
    ("written", "fields", "suggested"),
    [
        ("agncy", allowed_keys(Cover), "agency"),
        ("numbr", allowed_keys(Cover), "number"),
        ("評価書番号", allowed_keys(Cover), "number"),
        ("公表日", allowed_keys(Cover), "publication_date"),
        ("委託先名", allowed_keys(Entrustment), "contractor"),  # printed as ⑥委託先名
        ("ｃｏｎｔｒａｃｔｏｒ", allowed_keys(Entrustment), "contractor"),
        ("zzzzzz", allowed_keys(Cover), None),
    ],
)
def test_an_unknown_key_suggests_the_english_key_or_the_key_of_the_label(
    written: str, fields: dict[str, str | None], suggested: str | None
) -> None:
    assert suggest_key(written, fields) == suggested


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("十分", "十分である"),
        ("十分です", "十分である"),
        ("課題が残されている", "課題が残されている"),
        ("まったく違う選択", None),
    ],
)
def test_an_option_not_in_the_form_suggests_the_closest_option(
    written: str, suggested: str | None
) -> None:
    options = ["特に力を入れている", "十分である", "課題が残されている"]
    assert closest(written, options, cutoff=0.5) == suggested


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<img src=x onerror="alert(1)">', "イベント属性"),
        ("javascript:alert(1)", "javascript:"),
        ("data:text/html;base64,AAAA", "javascript:"),
        ("[公式](https://example.com)", "Markdown"),
        ("![](https://example.com/x.png)", "Markdown"),
        ("{{ config }}", "テンプレート"),
        ("{% include x %}", "テンプレート"),
        ("あ" * 100_001, "非常に長い文字列"),
        ("住民\u202e票", "なりすましの恐れ"),
        ("住民\u200b票", "なりすましの恐れ"),
        ("住民\ufeff票", "なりすましの恐れ"),
    ],
)
def test_suspicious_content_is_named_in_a_warning(value: str, found: str) -> None:
    messages = [message for message, _ in value_findings(value)]
    assert len(messages) == 1
    assert found in messages[0]


@pytest.mark.parametrize(
    "value",
    [
        "番号法第19条第8号",
        "住民基本台帳ネットワークシステム(以下「住基ネット」という。)",
        "button=1 や moon = 2 はイベント属性ではない",
        "[別紙1]参照",
    ],
)
def test_ordinary_text_raises_no_warning(value: str) -> None:
    assert value_findings(value) == []


def test_text_output_is_one_line_with_severity_field_and_hint() -> None:
    problem = Problem(
        Path("a/b.yaml"), 3, 5, "cover.number (評価書番号)", "文字列が必要です", '"35"'
    )
    assert format_text(problem, Path.cwd()) == (
        'a/b.yaml:3:5: エラー: cover.number (評価書番号): 文字列が必要です（ヒント: "35"）'
    )


def test_a_whole_catalogues_messages_show_each_file_as_one_message_would(tmp_path) -> None:
    """`shown_paths` resolves each file once for a build's many messages, and shows it as
    `format_text` shows it for one: relative to the base when inside, else as given,
    through symlinked directories too."""
    inside = tmp_path / "catalogue" / "a"
    inside.mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "catalogue")
    paths = [
        inside / "x.yaml",
        tmp_path / "link" / "a" / "x.yaml",
        tmp_path / "catalogue" / ".." / "catalogue" / "a" / "y.yaml",
        Path("/elsewhere/z.yaml"),
    ]
    shown = shown_paths(tmp_path)
    for path in paths:
        problem = Problem(path, 1, 2, "", "メッセージ")
        assert format_text(problem, shown=shown) == format_text(problem, tmp_path)
    assert [shown(p) for p in paths[:3]] == ["catalogue/a/x.yaml"] * 2 + ["catalogue/a/y.yaml"]


def test_github_output_escapes_the_characters_of_workflow_commands() -> None:
    problem = Problem(Path("a.yaml"), 1, 2, "x,y:z", "100%\n改行", "", "warning")
    assert format_github(problem, Path.cwd()) == (
        "::warning file=a.yaml,line=1,col=2,title=x%2Cy%3Az::100%25%0A改行"
    )


def test_the_summary_counts_errors_warnings_and_files() -> None:
    error = Problem(Path("a.yaml"), 1, 1, "", "e")
    warning = Problem(Path("a.yaml"), 1, 1, "", "w", "", "warning")
    assert summary([error, warning, warning], 4) == "エラー 1 件、警告 2 件（4 ファイル）"
