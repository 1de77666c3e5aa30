"""Open data at national scale: a summary catalogue.json and CSVs safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from types import SimpleNamespace

import pytest

from generator import opendata
from generator.opendata import neutralize, to_csv
from generator.write import GuardedWriter
from tests.site.conftest import SMALL_CATALOGUE
from tests.site.test_parallel_builds import catalogue_of


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+81-3-0000", "'+81-3-0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("株式会社NTTデータ", "株式会社NTTデータ"),
        ("", ""),
        (3, 3),
    ],
)
def test_a_cell_that_starts_like_a_formula_is_prefixed_with_a_quote(cell, written):
    assert neutralize(cell) == written


def test_the_csv_writes_neutralized_cells_but_keeps_the_header():
    text = to_csv(("名称", "備考"), [("=1+1", "-"), ("普通", "@x")])
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["名称", "備考"], ["'=1+1", "'-"], ["普通", "'@x"]]


def test_no_published_csv_cell_starts_with_a_formula_character(hostile_site):
    for path in sorted((hostile_site.site / "data").glob("*.csv")):
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        for row in csv.reader(io.StringIO(text)):
            assert not [c for c in row if c[:1] in ("=", "+", "-", "@")], (path.name, row)


def test_catalogue_json_is_a_summary_that_links_each_assessment_json(small_site):
    text = (small_site.site / "data" / "catalogue.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == opendata.dumps(data)  # written in pieces, as one dumps writes it
    assert data["version"] == 2
    for record in data["assessments"]:
        assert set(record) >= {"id", "title", "agency", "kind", "page", "json", "yaml"}
        assert (small_site.site / record["json"]).is_file()
        assert (small_site.site / record["page"] / "index.html").is_file()
        assert "basic_info" not in record


def test_each_yaml_download_is_a_copy_of_its_catalogue_file(small_site):
    from generator.load import catalogue_files, load_file
    from generator.render import urls
    from tests.site.conftest import SMALL_CATALOGUE

    for path in catalogue_files(SMALL_CATALOGUE):
        loaded = load_file(path).loaded
        assert loaded is not None, path
        download = small_site.site / urls.assessment_download(loaded.assessment.id, "yaml")
        assert download.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path


def test_the_build_reads_and_validates_each_catalogue_file_once(monkeypatch, capsys):
    from generator import build
    from generator.validate import validator
    from tests.site.conftest import SMALL_CATALOGUE

    read: list[str] = []
    load_file = validator.load_file

    def counting(path):
        read.append(str(path))
        return load_file(path)

    monkeypatch.setattr(validator, "load_file", counting)
    sources = build.gather(SMALL_CATALOGUE, False, lambda line: None)
    assert sorted(read) == sorted(set(read))
    assert len(read) == len(sources) > 0
    assert {"path", "packed", "digest"} == {f for f in vars(sources[0])}  # no text, no model


def test_the_feed_holds_the_newest_publications_and_changes_newest_first(monkeypatch):
    entry = functools.partial(
        SimpleNamespace, title="題", agency_name="甲市", kind="基礎項目評価書"
    )
    assessments = (
        entry(id="a", number="1", published="2024-01-01", changed=("2024-03-01", "2024-01-01")),
        entry(id="b", number="2", published="2024-03-01", changed=()),
        entry(id="c", number="3", published="", changed=("2023-12-01",)),
    )
    monkeypatch.setattr(opendata, "FEED_ENTRIES", 3)
    feed = opendata.atom_feed(SimpleNamespace(assessments=assessments))
    ids = re.findall(r"<id>tag:[^<]*?:feed:([^<]*)</id>", feed)
    # the same day: by assessment id, newest first; the oldest, 2023-12-01, left out
    assert ids == ["b:2024-03-01:published", "a:2024-03-01:changed", "a:2024-01-01:published"]
    assert "<updated>2024-03-01T00:00:00+09:00</updated>" in feed


@pytest.mark.parametrize("name", sorted(opendata.ENTITY_TABLES))
def test_an_entity_table_is_a_row_per_use_sorted_whether_made_or_copied(tmp_path, name):
    catalogue = catalogue_of(SMALL_CATALOGUE, tmp_path / "cache")
    table = opendata.ENTITY_TABLES[name]
    rows = sorted(table.row(e, u) for e in table.entities(catalogue) for u in table.uses(e))
    assert len(rows) > 1
    expected = opendata.to_csv(table.header, rows).encode("utf-8")
    write = functools.partial(opendata._write_entity_table, name, table, catalogue)
    first = GuardedWriter(tmp_path / "first")
    write(lambda _: False, first)
    assert (first.root / name).read_bytes() == expected
    # every block copied from the first file (the uses of unchanged assessments)
    again = GuardedWriter(tmp_path / "again", first.made_from, first.root)
    write(lambda _: True, again)
    assert (again.root / name).read_bytes() == expected
