"""Catalogue-wide rules, on small catalogues built in a temporary directory."""

from __future__ import annotations

from pathlib import Path

from generator.validate.validator import check_paths, validate_paths

COVER = 'cover:\n  number: "{number}"\n  title: 住民基本台帳に関する事務 全項目評価書\n  agency: {agency}\n'


def assessment(
    id_: str, number: str = "35", agency: str = "東京都知事", status: str = "現行"
) -> str:
    head = f"form_type: 全項目評価書\nid: {id_}\nstatus: {status}\n"
    return head + COVER.format(number=number, agency=agency)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(root: Path, paths: list[Path] | None = None) -> list[str]:
    return [p.message for p in validate_paths(paths or [root], catalogue_root=root)]


def test_a_file_at_its_canonical_place_passes(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    write(root, "130001-chiji/130001-chiji-35.yaml", assessment("130001-chiji-35"))
    write(
        root,
        "130001-chiji/130001-chiji-35-r6.yaml",
        assessment("130001-chiji-35-r6", status="旧版"),
    )
    assert messages(root) == []


def test_a_misplaced_file_is_told_where_it_belongs(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    write(root, "tokyo/130001-chiji-35.yaml", assessment("130001-chiji-35"))
    assert messages(root) == [
        "ファイルの置き場所が正しくありません。このファイルは catalogue/130001-chiji/130001-chiji-35.yaml に置きます"
    ]


def test_the_id_of_a_current_file_is_the_agency_slug_and_the_number(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    write(root, "130001-chiji/130001-chiji-36.yaml", assessment("130001-chiji-36"))
    assert messages(root) == [
        "現行の評価書のIDは「130001-chiji-35」(評価実施機関のスラッグ-評価書番号)です"
    ]


def test_a_superseded_file_needs_a_version_after_the_number(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    write(root, "130001-chiji/130001-chiji-35.yaml", assessment("130001-chiji-35", status="旧版"))
    assert messages(root) == ["旧版の評価書のIDは「130001-chiji-35-」に版を表す語を続けた形です"]


def test_an_id_used_twice_is_an_error_in_both_files(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    write(root, "130001-chiji/130001-chiji-35.yaml", assessment("130001-chiji-35"))
    other = assessment("130001-chiji-35", number="35", agency="東京都知事", status="旧版")
    write(root, "130001-chiji/copy/130001-chiji-35.yaml", other)
    found = messages(root)
    assert sum("が他のファイルでも使われています" in m for m in found) == 2


def test_an_unknown_agency_is_an_error_with_suggestions(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    path = write(root, "x/x-35.yaml", assessment("x-35", agency="東京都知時"))
    problems = validate_paths([path], catalogue_root=root)
    assert problems[0].message == "評価実施機関名「東京都知時」を特定できません"
    assert problems[0].hint.startswith("もしかして: 東京都知事")


def test_place_rules_do_not_apply_outside_the_catalogue(tmp_path: Path) -> None:
    outside = write(tmp_path, "drafts/anything.yaml", assessment("130001-chiji-99"))
    assert messages(tmp_path / "catalogue", [outside]) == []


def test_an_unparseable_legal_basis_and_an_unnamed_contractor_are_warnings(tmp_path: Path) -> None:
    text = assessment("130001-chiji-35") + (
        "basic_info:\n  number_use:\n    legal_basis: よくわからない根拠\n"
        "files:\n  - overview:\n      entrustment:\n        items:\n"
        "          - no: 1\n            contractor: 委託業者\n"
    )
    path = write(tmp_path, "a.yaml", text)
    problems = validate_paths([path], catalogue_root=tmp_path / "catalogue")
    assert [(p.severity, p.field) for p in problems] == [
        ("warning", "basic_info.number_use.legal_basis (法令上の根拠)"),
        ("warning", "files[0].overview.entrustment.items[0].contractor (⑥委託先名)"),
    ]


def test_a_local_ordinance_is_read_with_the_agency_as_its_issuing_body(tmp_path: Path) -> None:
    """003 cites 東京都's 番号利用条例 without naming 東京都: the agency supplies the body."""
    basis = (
        "basic_info:\n  number_use:\n    legal_basis: ・行政手続における特定の個人を識別するための番号の"
        "利用等に関する法律に基づく個人番号の利用並びに特定個人情報の利用及び提供に関する条例第4条"
        "及び別表第一の11から15の項(予定)\n"
    )
    write(
        tmp_path, "130001-chiji/130001-chiji-41.yaml", assessment("130001-chiji-41", "41") + basis
    )
    assert messages(tmp_path) == []


def test_an_unreadable_legal_basis_is_a_warning_naming_the_part(tmp_path: Path) -> None:
    basis = "basic_info:\n  number_use:\n    legal_basis: ・別表の項\n"
    write(
        tmp_path, "130001-chiji/130001-chiji-41.yaml", assessment("130001-chiji-41", "41") + basis
    )
    problems = validate_paths([tmp_path], catalogue_root=tmp_path)
    assert [(p.severity, p.field) for p in problems] == [
        ("warning", "basic_info.number_use.legal_basis (法令上の根拠)")
    ]


def test_check_paths_gives_the_problems_of_validate_paths_and_the_files_that_loaded(
    tmp_path: Path,
) -> None:

    valid = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "focused.yaml"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "good.yaml").write_bytes(valid.read_bytes())
    (tmp_path / "a" / "bad.yaml").write_text("- 1\n", encoding="utf-8")
    problems, loaded = check_paths([tmp_path], catalogue_root=tmp_path)
    assert problems == validate_paths([tmp_path], catalogue_root=tmp_path)
    assert [item.path.name for item in loaded] == ["good.yaml"]
