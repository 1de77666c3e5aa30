"""The search experience in chromium, on the built site: header box, results page, facets,
highlighting, keyboard, shareable URLs; no console errors anywhere."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from benchmarks.synthetic import generate_corpus
from generator.build import SEARCH_INDEX_DIR, build
from tests.browser.conftest import save_screenshot
from tests.search.built_site import BuiltSite, session_site
from tests.search.test_queries import load_cases

pytestmark = pytest.mark.browser
IDS = load_cases()[0]
STATUS = "[data-pia-status]"
RESULTS = "[data-pia-results] > li"


@pytest.fixture(scope="module")
def base_url(serve, tmp_path_factory: pytest.TempPathFactory) -> str:
    return serve(session_site(tmp_path_factory.getbasetemp()).site)


def result_refs(page: Page) -> list[str]:
    return page.locator(RESULTS).evaluate_all("items => items.map(i => i.dataset.ref)")


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def expect_found(page: Page, count: int) -> None:
    expect(page.locator(STATUS)).to_have_text(re.compile(f"^{count}件の評価書が見つかりました"))


def no_console_errors(page: Page) -> None:
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_typing_in_the_header_box_and_pressing_enter_opens_the_results(page, base_url) -> None:
    page.goto(base_url + "/")
    box = page.get_by_role("searchbox", name="評価書を検索")
    box.fill("NTTデータ")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    expect_found(page, 1)
    assert result_refs(page) == [IDS["000"]]
    assert query_of(page)["q"] == ["NTTデータ"]
    save_screenshot(page, "search-results-desktop")
    no_console_errors(page)


def test_a_search_url_loaded_directly_runs_the_search(page, base_url) -> None:
    page.goto(base_url + "/search/?q=都営住宅")
    expect_found(page, 1)
    assert result_refs(page) == [IDS["003"]]
    expect(page.locator("#pia-query")).to_have_value("都営住宅")
    expect(page.locator("#pia-header-query")).to_have_value("都営住宅")
    no_console_errors(page)


def test_results_follow_typing_and_the_url_carries_the_query(page, base_url) -> None:
    page.goto(base_url + "/search/")
    expect(page.locator(STATUS)).to_have_text("")
    page.locator("#pia-query").press_sequentially("介護支援専門員", delay=20)
    expect_found(page, 1)
    assert result_refs(page) == [IDS["002"]]
    assert query_of(page)["q"] == ["介護支援専門員"]
    page.locator("#pia-query").fill("東京都知事")
    expect_found(page, 2)
    assert set(result_refs(page)) == {IDS["000"], IDS["003"]}
    assert query_of(page)["q"] == ["東京都知事"]
    page.reload()
    expect_found(page, 2)
    no_console_errors(page)


def test_matched_words_are_marked_in_the_title_and_the_matched_names(page, base_url) -> None:
    page.goto(base_url + "/search/?q=都営住宅")
    expect_found(page, 1)
    title_marks = page.locator(".pia-result__title mark").all_inner_texts()
    assert title_marks and set(title_marks) == {"都営住宅"}
    page.goto(base_url + "/search/?q=NTTデータ")
    expect_found(page, 1)
    assert "NTTデータ" in page.locator(".pia-result__fields mark").all_inner_texts()
    no_console_errors(page)


def test_data_reaches_the_page_as_text_even_when_it_looks_like_html(page, base_url) -> None:
    page.goto(base_url + "/search/")
    html = '<img src=x onerror="window.pwned=1">都営住宅'
    marked = page.evaluate(
        """async (text) => {
            const ui = await import("../assets/js/search-ui.js");
            const box = document.createElement("p");
            ui.appendHighlighted(box, text, ui.highlightRanges(text, ["都営住宅"]));
            return [box.querySelectorAll("img").length, box.textContent, box.innerHTML];
        }""",
        html,
    )
    assert marked[0] == 0 and marked[1] == html
    assert marked[2].endswith("<mark>都営住宅</mark>")
    assert page.evaluate("window.pwned") is None


def test_facets_narrow_the_results_and_reset_restores_them(page, base_url) -> None:
    page.goto(base_url + "/search/?q=中間サーバー")
    expect_found(page, 3)
    tokyo = page.locator('button[data-facet="prefecture"][data-value="東京都"]')
    expect(tokyo).to_have_attribute("aria-pressed", "false")
    expect(tokyo).to_contain_text("2件")
    tokyo.click()
    expect(page.locator(STATUS)).to_have_text("2件の評価書が見つかりました(絞り込み前は3件)")
    expect(tokyo).to_have_attribute("aria-pressed", "true")
    assert set(result_refs(page)) == {IDS["000"], IDS["003"]}
    assert query_of(page)["prefecture"] == ["東京都"]
    save_screenshot(page, "search-facets-desktop")
    page.get_by_role("button", name="絞り込みを解除").click()
    expect_found(page, 3)
    assert "prefecture" not in query_of(page)
    no_console_errors(page)


def test_facets_in_a_shared_url_are_applied_on_load(page, base_url) -> None:
    page.goto(base_url + "/search/?q=中間サーバー&prefecture=奈良県")
    expect(page.locator(STATUS)).to_have_text("1件の評価書が見つかりました(絞り込み前は3件)")
    assert result_refs(page) == [IDS["002"]]
    no_console_errors(page)


def facet_group_files(tmp_path_factory: pytest.TempPathFactory, facet: str) -> str:
    """The path prefix of the facet table files holding `facet` (facet_table.py groups)."""
    index = session_site(tmp_path_factory.getbasetemp()).index
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    number = next(
        n for n, group in enumerate(manifest["facets"]["groups"]) if facet in group["names"]
    )
    return f"/{SEARCH_INDEX_DIR}/{manifest['build']}/f/{number}/"


def test_the_largest_facets_start_folded_and_are_counted_once_opened(
    page, base_url, tmp_path_factory
) -> None:
    laws = facet_group_files(tmp_path_factory, "law")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path))
    page.goto(base_url + "/search/?q=中間サーバー")
    expect_found(page, 3)
    box = page.locator('details[data-facet="law"]')
    expect(box).to_have_js_property("open", False)
    expect(page.locator('button[data-facet="law"]')).to_have_count(0)
    assert not [path for path in fetched if path.startswith(laws)]
    expect(page.locator('button[data-facet="contractor"]').first).to_be_visible()

    box.locator("summary").click()
    first = page.locator('button[data-facet="law"]').first
    expect(first).to_be_visible()
    assert [path for path in fetched if path.startswith(laws)]
    save_screenshot(page, "search-facets-opened-desktop")
    law, count = first.get_attribute("data-value"), first.locator(".pia-facet__count").inner_text()
    first.click()
    narrowed = f"{count.removesuffix('件')}件の評価書が見つかりました"
    expect(page.locator(STATUS)).to_have_text(re.compile(f"^{narrowed}"))
    assert query_of(page)["law"] == [law]

    page.reload()  # a shared URL with a folded facet's value opens that facet
    expect(page.locator(STATUS)).to_have_text(re.compile(f"^{narrowed}"))
    expect(page.locator('details[data-facet="law"]')).to_have_js_property("open", True)
    pressed = page.locator(f'button[data-facet="law"][data-value="{law}"]')
    expect(pressed).to_have_attribute("aria-pressed", "true")
    no_console_errors(page)


def test_a_folded_facet_opens_from_the_keyboard_and_keeps_the_focus(page, base_url) -> None:
    page.goto(base_url + "/search/?q=中間サーバー")
    expect_found(page, 3)
    summary = 'details[data-facet="system"] > summary'
    tab_until(page, summary)
    page.keyboard.press("Enter")
    expect(page.locator('button[data-facet="system"]').first).to_be_visible()
    expect(page.locator(summary)).to_be_focused()
    expect(page.locator('details[data-facet="system"]')).to_have_js_property("open", True)
    no_console_errors(page)


@pytest.mark.parametrize(
    ("query", "field"),
    [("中間サーバー", "システム: 中間サーバー"), ("児童福祉法", "法令: 児童福祉法")],
)
def test_a_result_row_shows_the_names_the_query_matched_in_folded_facets(
    page, base_url, query: str, field: str
) -> None:
    # システム and 法令 are not in the facet table the page fetched: the fragment has them
    page.goto(base_url + f"/search/?q={query}")
    expect(page.locator(STATUS)).to_have_text(re.compile("^[0-9]+件の評価書が見つかりました"))
    expect(page.locator(RESULTS).first).to_be_visible()
    assert field in " ".join(page.locator(".pia-result__fields").all_inner_texts())
    assert query in page.locator(".pia-result__fields mark").all_inner_texts()
    no_console_errors(page)


def tab_until(page: Page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"{selector} は Tab で到達できません")


def test_the_whole_search_works_from_the_keyboard(page, base_url) -> None:
    page.goto(base_url + "/")
    tab_until(page, "#pia-header-query")
    page.keyboard.type("中間サーバー")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    expect_found(page, 3)
    tab_until(page, 'button[data-facet="prefecture"][data-value="奈良県"]')
    page.keyboard.press("Enter")
    expect(page.locator(STATUS)).to_have_text(re.compile("^1件の評価書"))
    tab_until(page, ".pia-result__link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(f"/assessments/{IDS['002']}/")))
    no_console_errors(page)


def test_a_search_without_results_suggests_what_to_try(page, base_url) -> None:
    page.goto(base_url + "/search/?q=存在しない語ゞゞ")
    expect(page.locator(STATUS)).to_have_text("該当する評価書は見つかりませんでした")
    empty = page.locator("[data-pia-empty]")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("短い語")
    empty.get_by_role("link", name="NTTデータ").click()
    expect_found(page, 1)
    expect(empty).to_be_hidden()
    no_console_errors(page)


def test_the_result_count_is_announced_politely(page, base_url) -> None:
    page.goto(base_url + "/search/?q=保育士")
    status = page.locator(STATUS)
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_attribute("role", "status")
    expect_found(page, 1)
    assert page.get_by_role("heading", level=1).inner_text() == "評価書の検索"


def test_no_page_loads_mkdocs_materials_search_worker_or_index(page, base_url) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "/")
    page.goto(base_url + "/search/?q=マイナポータル")
    expect_found(page, 3)
    assert not [url for url in requested if "workers/search" in url or "search_index" in url]
    assert page.locator('[data-md-component="search"]').count() == 0


def test_the_search_page_scores_without_loading_lunr_js(page, base_url) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "/search/?q=NTTデータ")
    expect_found(page, 1)
    assert not [url for url in requested if "lunr" in url]
    assert page.evaluate("typeof window.lunr") == "undefined"
    no_console_errors(page)


def test_on_a_phone_the_results_fit_the_width_and_start_on_the_first_screen(
    browser, base_url
) -> None:
    context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "/search/?q=中間サーバー")
    expect_found(page, 3)
    width = page.evaluate("document.documentElement.scrollWidth")
    folded = page.evaluate("!document.querySelector('[data-pia-facets-box]').open")
    first_result_top = page.locator(".pia-result").first.bounding_box()["y"]
    save_screenshot(page, "search-results-mobile")
    context.close()
    assert width <= 390
    assert folded and first_result_top < 844


def test_the_snippet_is_cut_around_the_first_match_of_a_long_excerpt(page, base_url) -> None:
    page.goto(base_url + "/search/")
    window = page.evaluate(
        """async () => {
            const ui = await import("../assets/js/search-ui.js");
            const text = "あ".repeat(500) + "中間サーバー" + "い".repeat(500);
            const cut = ui.snippetWindow(text, ui.highlightRanges(text, ["中間サーバー"]), 100);
            const [[a, b]] = cut.ranges;
            return [cut.text.length, cut.text.slice(a, b), cut.text[0], cut.text.at(-1)];
        }"""
    )
    assert window == [102, "中間サーバー", "…", "…"]


def test_a_search_shows_the_matched_word_in_the_snippet(page, base_url) -> None:
    # 引揚者住宅 first appears some 250 characters into 003's text: the snippet moves to it
    page.goto(base_url + "/search/?q=引揚者住宅")
    expect_found(page, 1)
    marks = "".join(page.locator(".pia-result__snippet mark").all_inner_texts())
    assert "引揚者住宅" in marks
    no_console_errors(page)


SYNTHETIC_SIZE = 40  # enough for more than two pages of 中間サーバー results
PAGE_SIZE = 20  # search-ui.js PAGE_SIZE


@pytest.fixture(scope="module")
def synthetic_site(serve, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    """A built synthetic site's URL, and its fragment files: ref → path under the site."""
    root = tmp_path_factory.mktemp("synthetic-site")
    generate_corpus(SYNTHETIC_SIZE, 1, root)
    assert build(root / "catalogue", root / "content", root / "site", quiet=True) == 0
    site = BuiltSite(root / "site", root / "content")
    manifest = json.loads((site.index / "manifest.json").read_text(encoding="utf-8"))
    files = {
        fragment["ref"]: f"/{SEARCH_INDEX_DIR}/{manifest['build']}/d/{path.name}"
        for path in (site.index / manifest["build"] / "d").glob("*.json")
        for fragment in json.loads(path.read_text(encoding="utf-8"))["documents"]
    }
    return serve(site.site), files


def test_a_long_result_list_fetches_the_fragments_of_the_shown_results_only(
    page, synthetic_site
) -> None:
    url, file_of = synthetic_site
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path) if "/d/" in r.url else None)
    page.goto(url + "/search/?q=中間サーバー")
    expect(page.locator(STATUS)).to_have_text(re.compile("^[0-9]+件の評価書が見つかりました"))
    total = int(page.locator(STATUS).inner_text().split("件")[0])
    assert total > PAGE_SIZE
    expect(page.locator(RESULTS)).to_have_count(PAGE_SIZE)
    first_page = result_refs(page)
    assert sorted(set(fetched)) == sorted({file_of[ref] for ref in first_page})
    fetched.clear()
    page.get_by_role("button", name="さらに表示").click()
    expect(page.locator(RESULTS)).to_have_count(min(total, 2 * PAGE_SIZE))
    second_page = result_refs(page)[PAGE_SIZE:]
    assert result_refs(page)[:PAGE_SIZE] == first_page
    assert sorted(set(fetched)) == sorted(
        {file_of[r] for r in second_page} - set(map(file_of.get, first_page))
    )
    no_console_errors(page)
