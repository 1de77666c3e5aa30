"""Text layer: cells, debris, HTML stripping, de-duplication, decoding."""

from __future__ import annotations

import re

import pytest

from generator.importer.text import InputError, clean, decode, split_cells, to_rows


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| ①事務の名称 | 保育士の登録 |", ("①事務の名称", "保育士の登録")),
        ("①事務の名称\t保育士の登録\t\t\t", ("①事務の名称", "保育士の登録")),
        ("\t使用者数\t[10人未満]", ("", "使用者数", "[10人未満]")),
        ("- ・住基ネットへ照会する。", ("・住基ネットへ照会する。",)),
        ("|---|---|", None),
        ("--------------\t---", None),
        ("--", None),
        (" ", None),
        ("-\t", ("-",)),
        ("| - |", ("-",)),
        ("|--|--|", None),
        ("—", ("—",)),
    ],
)
def test_a_physical_line_splits_into_cells_or_is_dropped_as_debris(
    line: str, cells: tuple[str, ...] | None
) -> None:
    assert split_cells(line) == cells


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<p>⑨使用開始日</p>", "⑨使用開始日"),
        ("<p>一行目</p> <p>二行目</p>", "一行目\n二行目"),
        ("<p><選択肢> 1) 行っている</p>", "<選択肢> 1) 行っている"),
        ("総務局<住民基本台帳ネットワークシステム>", "総務局<住民基本台帳ネットワークシステム>"),
        ("<p>＜選択肢＞</p>", "＜選択肢＞"),
        (
            "<p><中間サーバー・ソフトウェアにおける措置> ①中間</p>",
            "<中間サーバー・ソフトウェアにおける措置> ①中間",
        ),
        ("A &amp; B &lt;C&gt;", "A & B <C>"),
        ('<div style="x">使用部署 ※ </div> <div>都市整備局</div>', "使用部署 ※\n都市整備局"),
    ],
)
def test_ascii_tags_are_stripped_and_japanese_angle_brackets_kept(raw: str, text: str) -> None:
    assert clean(raw) == text


def test_an_option_list_repeated_as_flat_rows_after_an_html_table_is_dropped() -> None:
    text = (
        "③対象人数\t[1,000人以上1万人未満] <table><tr><td>＜選択肢＞</td></tr></table>\n"
        "＜選択肢＞\t\t\n"
        "1) 1,000人未満\t2) 1,000人以上1万人未満\t\n"
        "④次の項目\t値\n"
    )
    rows = to_rows(text)
    assert [r.cells[0] for r in rows] == ["③対象人数", "④次の項目"]
    assert [r.line for r in rows] == [1, 4]


def test_a_row_repeated_on_consecutive_lines_is_kept_once() -> None:
    rows = to_rows("| 公表場所 | 都庁 |\n公表場所\t都庁\n")
    assert len(rows) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "空です"),
        (b"  \n\n", "空です"),
        ("特定個人情報保護評価書".encode("cp932"), "Shift_JIS(CP932)のようです"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "バイナリ"),
        (bytes([0xFF, 0xFE, 0xFA, 0x80, 0x81, 0xFC]) * 3, "UTF-8ではなく"),
    ],
)
def test_undecodable_input_is_refused_with_a_japanese_message(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        decode(data)


def test_crlf_line_ends_and_a_bom_are_accepted() -> None:
    assert decode("\ufeff公表日\r\n令和7年8月5日\r\n".encode()) == "公表日\n令和7年8月5日\n"


def test_a_line_holding_a_whole_html_table_gives_one_row_per_tr() -> None:
    line = "<table><tr><td>①事務の名称</td><td>住民の事務</td></tr><tr><td>②事務の内容</td><td><p>一</p><p>二</p></td></tr></table>"
    rows = to_rows(line)
    assert [r.cells for r in rows] == [("①事務の名称", "住民の事務"), ("②事務の内容", "一\n二")]
    assert {r.line for r in rows} == {1}


@pytest.mark.parametrize(
    ("line", "cell"),
    [
        ("## II 特定個人情報ファイルの概要", "II 特定個人情報ファイルの概要"),
        ("**特記事項**", "特記事項"),
    ],
)
def test_markdown_heading_and_bold_marks_are_not_text(line: str, cell: str) -> None:
    assert split_cells(line) == (cell,)
