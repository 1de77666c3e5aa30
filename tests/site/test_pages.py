"""The pages of a site built from a small catalogue: every page type, every section, every link."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.model.schema import schema_text
from tests.site.conftest import build_into

ASSESSMENT = "assessments/130001-chiji-35/"


def test_every_page_type_is_built_at_its_url(small_site):
    for url in (
        "",
        "assessments/",
        ASSESSMENT,
        "assessments/131016-kucho-3/",
        "assessments/list/pref-13/",
        "agencies/",
        "agencies/130001-chiji/",
        "agencies/list/kind-prefecture/",
        "systems/",
        "systems/juki-net/",
        "contractors/",
        "laws/",
        "laws/mynumber-act/",
        "laws/mynumber-act/a9-p1-beppyo-r8/",
        "search/",
        "opendata/",
        "about/",
    ):
        assert (small_site.site / url / "index.html").is_file(), url


def test_the_site_is_in_japanese(small_site):
    assert small_site.page("").html["lang"] == "ja"


def test_every_relative_link_and_anchor_resolves(small_site):
    broken = []
    pages = small_site.html_pages()
    pages.pop("404.html")  # served for any missing URL, so its links are root-absolute
    for name, soup in pages.items():
        page_dir = (small_site.site / name).parent
        for tag in soup.find_all(["a", "link", "script", "img"]):
            target = tag.get("href") or tag.get("src")
            if not target or re.match(r"^[a-z]+:", target):
                continue
            parts = urlsplit(target)
            path = (
                (page_dir / unquote(parts.path)).resolve() if parts.path else small_site.site / name
            )
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append((name, target))
            elif parts.fragment and path.suffix == ".html":
                html = path.read_text(encoding="utf-8")
                if f'id="{parts.fragment}"' not in html:
                    broken.append((name, target))
    assert not broken


def test_no_script_style_image_or_frame_is_loaded_from_another_site(small_site):
    external = [
        (name, tag.name, tag.get("src") or tag.get("href"))
        for name, soup in small_site.html_pages().items()
        for tag in soup.find_all(["script", "link", "img", "iframe"])
        if re.match(r"^(https?:)?//", tag.get("src") or tag.get("href") or "")
    ]
    assert not external


def test_the_assessment_page_has_every_top_level_section_of_the_form_in_order(small_site):
    soup = small_site.page(ASSESSMENT)
    ids = [h["id"] for h in soup.select("h2[id]")]
    assert ids[:5] == ["provenance", "cover", "basic-info", "files-1", "changes"]
    toc = [a["href"] for a in soup.select("nav.pia-page-toc a")]
    assert toc[:5] == ["#provenance", "#cover", "#basic-info", "#files-1", "#changes"]


def test_sections_have_stable_anchors_derived_from_field_paths(small_site):
    soup = small_site.page(ASSESSMENT)
    heading = soup.find(id="files-1-overview-entrustment")
    assert heading.name == "h4"
    assert heading.get_text(strip=True) == "4. 特定個人情報ファイルの取扱いの委託"
    assert soup.find(id="files-1-overview-entrustment-items-2-contractor").name == "tr"


def test_a_choice_shows_every_option_with_the_selected_one_marked(small_site):
    row = small_site.page(ASSESSMENT).find(id="files-1-overview-entrustment-items-1-subcontracting")
    options = row.select("ul.pia-choice li")
    assert [
        o.get_text(strip=True).replace("選択", "", 1)
        if "pia-selected" in o.get("class", [])
        else o.get_text(strip=True)
        for o in options
    ] == ["●再委託する", "○再委託しない"]
    selected = row.select("li.pia-selected")
    assert len(selected) == 1
    assert selected[0].select_one(".pia-vh").get_text() == "選択"


def test_a_check_box_group_shows_every_option_and_the_text_in_its_parentheses(small_site):
    row = small_site.page(ASSESSMENT).find(id="basic-info-systems-1-connections")
    selected = [li.get_text(strip=True) for li in row.select("li.pia-selected")]
    assert selected == [
        "■選択情報提供ネットワークシステム",
        "■選択その他(「マイナポータル」、「既存システム」)",
    ]
    assert len(row.select("li")) == 7


def test_absent_and_blank_fields_are_shown_not_dropped(small_site):
    soup = small_site.page(ASSESSMENT)
    assert soup.find(id="cover-approval-date").td.get_text() == "原本に記載なし"
    assert soup.find(id="cover-special-notes").td.get_text() == "(空欄)"
    assert soup.find(id="files-1-overview-storage-location").td.get_text() == "(空欄)"


def test_record_items_and_changes_are_tables_with_captions_and_column_headers(small_site):
    soup = small_site.page(ASSESSMENT)
    changes = soup.find(id="changes").find_next("table")
    assert changes.caption.get_text() == "(別添3) 変更箇所"
    headers = [th.get_text() for th in changes.select("thead th")]
    assert headers == [
        "変更日",
        "項目",
        "変更前の記載",
        "変更後の記載",
        "提出時期",
        "提出時期に係る説明",
    ]
    assert all(th["scope"] == "col" for th in changes.select("thead th"))
    assert changes.find(id="changes-1").find_all("td")[0].get_text() == "令和7年8月5日"


def test_the_assessment_links_to_its_agency_systems_contractors_and_cited_provisions(small_site):
    soup = small_site.page(ASSESSMENT)
    hrefs = {a["href"] for a in soup.select("a[href]")}
    assert "../../agencies/130001-chiji/" in hrefs
    assert "../../systems/kokka-shikaku-system/" in hrefs
    assert any(h.startswith("../../contractors/c-") for h in hrefs)
    assert "../../laws/mynumber-act/a9-p1-beppyo-r8/" in hrefs


def test_the_assessment_offers_its_pdf_yaml_and_json(small_site):
    soup = small_site.page(ASSESSMENT)
    assert soup.find("a", string="公表されたPDF")["href"] == "https://www.example.lg.jp/pia/35.pdf"
    yaml_copy = small_site.site / ASSESSMENT / "130001-chiji-35.yaml"
    original = Path(__file__).parent / "catalogue/130001-chiji/130001-chiji-35.yaml"
    assert yaml_copy.read_bytes() == original.read_bytes()
    expanded = json.loads((small_site.site / ASSESSMENT / "130001-chiji-35.json").read_text())
    assert expanded["cover"]["publication_date"] == {
        "raw": "令和7年8月5日",
        "start": "2025-08-05",
        "end": None,
        "precision": "day",
    }
    assert expanded["basic_info"]["linkage"]["implementation"] == {"value": "実施する"}


def test_the_contractor_page_lists_holdings_and_history_from_the_change_table(small_site):
    pages = small_site.html_pages()
    listed = [
        n
        for n, p in pages.items()
        if n.startswith("contractors/list/") and p.find("a", string="社会福祉法人日本保育協会")
    ]
    assert listed
    contractor = next(
        p
        for n, p in pages.items()
        if n.startswith("contractors/c-") and "日本保育協会" in p.h1.get_text()
    )
    history = contractor.find(id="history").find_next("table")
    cells = [td.get_text() for td in history.select("tbody td")]
    assert "令和7年8月5日 追加(II 4 委託事項1 ⑥委託先名)" in cells
    holdings = contractor.find(id="holdings").find_next("table")
    assert "再委託しない" in holdings.get_text()


def test_the_provision_page_names_the_role_and_the_surface_form(small_site):
    soup = small_site.page("laws/mynumber-act/a9-p1-beppyo-r8/")
    assert soup.h1.get_text(strip=True) == "番号法 第9条第1項 別表 項番8"
    assert "・番号法第9条第1項(利用範囲) 別表 項番8" in soup.get_text()
    assert soup.find(id="role-1").get_text() == "個人番号の利用の根拠として"


def test_the_home_page_counts_the_catalogue(small_site):
    soup = small_site.page("")
    kinds = {
        th.get_text(): td.get_text()
        for th, td in (tr.find_all(["th", "td"]) for tr in soup.select("table.pia-counts tbody tr"))
    }
    assert kinds == {"基礎項目評価書": "1件", "重点項目評価書": "0件", "全項目評価書": "1件"}
    assert soup.find("a", href="search/") is not None
    assert soup.find("a", href="feed.xml") is not None


def test_open_data_files_and_the_schema_are_published(small_site):
    for name in (
        "data/catalogue.json",
        "data/assessments.csv",
        "data/contractors.csv",
        "data/systems.csv",
        "data/citations.csv",
        "feed.xml",
    ):
        assert (small_site.site / name).is_file(), name
    published = (small_site.site / "schema/assessment.schema.json").read_text(encoding="utf-8")
    assert published == schema_text()


def test_the_committed_schema_is_the_generated_one():
    committed = Path(__file__).resolve().parents[2] / "schema" / "assessment.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text()


def test_the_search_index_is_written_next_to_the_pages(small_site):
    assert (small_site.site / "search-index" / "manifest.json").is_file()


def test_the_real_catalogue_builds_with_every_assessment_page(tmp_path):
    catalogue = Path(__file__).resolve().parents[2] / "catalogue"
    files = sorted(catalogue.rglob("*.yaml"))
    if not files:
        pytest.fail("catalogue/ に評価書がありません")
    built = build_into(catalogue, tmp_path)
    assert built.code == 0
    for path in files:
        assert (built.site / "assessments" / path.stem / "index.html").is_file(), path


def test_every_record_item_cell_has_the_anchor_that_citations_link_to(small_site):
    soup = small_site.page(ASSESSMENT)
    table = soup.find(id="files-1-record-items").find_next("table")
    first_row = table.select("tbody tr")[0]
    assert first_row["id"].startswith("files-1-record-items-")
    assert all(td["id"].startswith(first_row["id"] + "-") for td in first_row.find_all("td"))


def test_the_contributors_guide_is_published_and_linked_from_the_about_page(small_site):
    about = small_site.page("about")
    assert "../contributing/" in {a["href"] for a in about.select("article a[href]")}
    guide = small_site.page("contributing")
    assert guide.find("h1").get_text(strip=True) == "評価書を追加・更新するには"
    # its own table of contents resolves: headings carry GitHub-style Unicode anchors
    assert guide.find(id="困ったときは") is not None
    # the guide mentions <script> as text, never as markup
    assert not [s for s in guide.select("article script")]
