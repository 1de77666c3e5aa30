"""Long lists are split: no page grows without bound as the catalogue grows."""

from __future__ import annotations

import pytest

from tests.site.conftest import Built, build_into

COUNT = 101  # one more than a page holds


def basic_assessment(number: int) -> str:
    return (
        f"id: 131016-kucho-{number}\nform_type: 基礎項目評価書\ncover:\n"
        f'  number: "{number}"\n  title: 事務その{number} 基礎項目評価書\n  agency: 千代田区長\n'
        f"  publication_date: 令和6年4月{number % 28 + 1}日\n"
        "related:\n  business:\n    name: 住民基本台帳に関する事務\n    system_names: 住基ネット\n"
    )


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("large")
    agency_dir = root / "catalogue" / "131016-kucho"
    agency_dir.mkdir(parents=True)
    for number in range(1, COUNT + 1):
        (agency_dir / f"131016-kucho-{number}.yaml").write_text(
            basic_assessment(number), encoding="utf-8"
        )
    built = build_into(root / "catalogue", root)
    assert built.code == 0
    return built


def rows(built: Built, url: str) -> int:
    return len(built.page(url).select("table.pia-data tbody tr"))


def test_a_system_used_by_more_assessments_than_a_page_holds_continues_on_a_second_page(large_site):
    assert rows(large_site, "systems/juki-net/") == 100
    assert rows(large_site, "systems/juki-net--p2/") == 1
    pager = large_site.page("systems/juki-net/").select_one("nav.pia-pager")
    assert pager.find("a", rel="next")["href"] == "../juki-net--p2/"


def test_a_continuation_page_links_back_to_the_assessments_and_the_first_page(large_site):
    soup = large_site.page("systems/juki-net--p2/")
    first_row_link = soup.select_one("table.pia-data tbody a")["href"]
    assert (
        (large_site.site / "systems/juki-net--p2" / first_row_link.split("#")[0] / "index.html")
        .resolve()
        .is_file()
    )
    assert soup.find("a", rel="prev")["href"] == "../juki-net/"


def test_a_grouped_listing_is_paginated_by_one_hundred(large_site):
    assert len(large_site.page("assessments/list/pref-13/").select("ul.pia-list li")) == 100
    assert len(large_site.page("assessments/list/pref-13/2/").select("ul.pia-list li")) == 1


def test_the_navigation_is_the_fixed_small_menu_not_every_page(large_site):
    nav_links = large_site.page("").select("nav.md-tabs a, nav.md-nav--primary > ul > li > a")
    labels = {a.get_text(strip=True) for a in nav_links}
    assert labels <= {
        "ホーム",
        "評価書",
        "評価実施機関",
        "システム",
        "委託先",
        "法令",
        "検索",
        "オープンデータ",
        "このサイトについて",
    }
    html = (large_site.site / "index.html").read_text(encoding="utf-8")
    assert "事務その57" not in html


def test_the_mkdocs_configuration_fetches_nothing_and_has_an_explicit_nav():
    from generator.partitions import mkdocs_settings

    config = mkdocs_settings()
    assert config["plugins"] == []
    assert config["theme"]["font"] is False
    assert config["theme"]["language"] == "ja"
    assert config["strict"] is True
    assert len(config["nav"]) == 9
