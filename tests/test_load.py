"""The loader: safe YAML, positions of every value, encodings, and the dump round trip."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from generator.load import dump_assessment, load_assessment_file, load_catalogue, load_file
from generator.load.source import decode_source
from generator.load.yaml_reader import parse_yaml, resolve_plain

VALID = Path(__file__).parent / "fixtures" / "valid"
VALID_FILES = sorted(VALID.glob("*.yaml"))


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_each_valid_fixture_loads_without_errors(path: Path) -> None:
    assessment, problems = load_assessment_file(path)
    assert assessment is not None
    assert [p for p in problems if p.is_error] == []


def test_there_is_a_valid_fixture_for_each_form_type() -> None:
    forms = {load_assessment_file(path)[0].form_type.value for path in VALID_FILES}  # type: ignore[union-attr]
    assert forms == {"全項目評価書", "重点項目評価書", "基礎項目評価書"}


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_load_dump_load_gives_the_same_assessment(path: Path, tmp_path: Path) -> None:
    first, _ = load_assessment_file(path)
    assert first is not None
    text = dump_assessment(first)
    copy = tmp_path / path.name
    copy.write_text(text, encoding="utf-8")
    second, problems = load_assessment_file(copy)
    assert problems == []
    assert second == first
    assert dump_assessment(second) == text


def test_the_dump_starts_with_the_schema_comment_and_the_form_type() -> None:
    assessment, _ = load_assessment_file(VALID / "full.yaml")
    lines = dump_assessment(assessment).splitlines()  # type: ignore[arg-type]
    assert lines[:3] == [
        "# yaml-language-server: $schema=../../schema/assessment.schema.json",
        "form_type: 全項目評価書",
        "id: tokyo-to-35",
    ]


def test_the_source_map_keeps_the_line_and_column_of_nested_values() -> None:
    result = load_file(VALID / "full.yaml")
    assert result.loaded is not None
    lines = result.loaded.lines
    contractor = ("files", 0, "overview", "entrustment", "items", 0, "contractor")
    assert (lines.value_at(contractor).line, lines.value_at(contractor).column) == (39, 25)
    assert lines.key_at(contractor).column == 13
    assert lines.value_at((*contractor[:-1], "no")).line == 37
    assert lines.value_at(("cover", "no-such-key")) == lines.value_at(("cover",))


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("no", "no"),  # YAML 1.1 would make these booleans; the `no` key must stay a string
        ("yes", "yes"),
        ("off", "off"),
        ("true", True),
        ("False", False),
        ("35", 35),
        ("035", 35),
        ("1.5", 1.5),
        ("~", None),
        ("", None),
        ("2025-04-01", "2025-04-01"),  # dates stay text; the model parses them
        ("令和7年4月1日", "令和7年4月1日"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(plain: str, value: object) -> None:
    assert resolve_plain(plain) == value
    assert type(resolve_plain(plain)) is type(value)


def test_every_duplicate_key_is_reported_with_the_line_of_the_first() -> None:
    parsed = parse_yaml(Path("x.yaml"), "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert [(p.line, p.field, p.message) for p in parsed.problems] == [
        (4, "b.c", "キー「c」が重複しています(最初は 3 行目)"),
        (5, "a", "キー「a」が重複しています(最初は 1 行目)"),
    ]
    assert parsed.data == {"a": 1, "b": {"c": 1}}


def test_aliases_are_never_expanded() -> None:
    bomb = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(20)
    )
    tracemalloc.start()
    parsed = parse_yaml(Path("bomb.yaml"), bomb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000
    assert len(parsed.problems) == 1
    assert "エイリアス" in parsed.problems[0].message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("キー: 値\n".encode("cp932"), "Shift_JISで保存されているようです"),
        ("項目: 評価書\n".encode("euc_jp"), "EUC-JPで保存されているようです"),
        ("a: b\n".encode("utf-16"), "UTF-16"),
        (b"a: \xff\xfe\xfa\n", "UTF-8として正しくないバイト列があります"),
    ],
)
def test_a_file_not_in_utf8_is_refused_naming_the_encoding(data: bytes, expected: str) -> None:
    source = decode_source(Path("x.yaml"), data)
    assert source.text is None
    assert len(source.problems) == 1
    assert source.problems[0].message.startswith("文字コードがUTF-8ではありません")
    assert expected in source.problems[0].message


@pytest.mark.parametrize(
    ("char", "column"),
    [("\x00", 4), ("\x1b", 4), ("\x7f", 4), ("\x85", 4), ("\x9f", 4)],
)
def test_control_characters_are_errors_at_their_column(char: str, column: int) -> None:
    source = decode_source(Path("x.yaml"), f"ok: 1\na: {char}b\n".encode())
    assert [(p.line, p.column, p.severity) for p in source.problems] == [(2, column, "error")]


def test_tabs_and_line_breaks_inside_values_are_not_control_characters() -> None:
    source = decode_source(Path("x.yaml"), b"a: 'x\ty'\r\nb: 2\n")
    assert source.problems == ()


def test_load_catalogue_returns_the_loaded_files_and_the_problems_of_the_others(
    tmp_path: Path,
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "good.yaml").write_bytes((VALID / "focused.yaml").read_bytes())
    (tmp_path / "a" / "bad.yaml").write_text("- 1\n", encoding="utf-8")
    loaded, problems = load_catalogue(tmp_path)
    assert [item.path.name for item in loaded] == ["good.yaml"]
    assert [p.path.name for p in problems] == ["bad.yaml"]


def test_the_digest_is_the_sha256_of_the_bytes_as_read_byte_order_mark_included() -> None:
    import hashlib

    plain, with_bom = b"a: 1\n", b"\xef\xbb\xbfa: 1\n"
    assert decode_source(Path("x.yaml"), plain).digest == hashlib.sha256(plain).hexdigest()
    assert decode_source(Path("x.yaml"), with_bom).digest == hashlib.sha256(with_bom).hexdigest()
    assert decode_source(Path("x.yaml"), plain).text == decode_source(Path("x"), with_bom).text
