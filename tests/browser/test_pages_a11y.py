"""Each page type of the built site, reached by following its cross-links, checked with
axe-core in chromium (no serious or critical violations), screenshotted at desktop and
phone widths into test-output/screenshots/, with an empty console."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.search.built_site import session_site
from tests.search.test_queries import load_cases

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
IDS = load_cases()[0]
WIDTHS = {"desktop": 1280, "mobile": 390}
BLOCKING = {"serious", "critical"}
MAX_SHOT_HEIGHT = 6000  # long assessments: the top of the page, not a 40 000 px image


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width, height = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollHeight]"
    )
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, MAX_SHOT_HEIGHT)}
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, clip=clip)


@pytest.fixture(scope="module")
def base_url(serve, tmp_path_factory: pytest.TempPathFactory) -> str:
    return serve(session_site(tmp_path_factory.getbasetemp()).site)


def axe_problems(page: Page) -> list[str]:
    """Serious and critical axe-core violations, one line per rule with its first targets."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['impact']} {v['id']}: {v['help']} → {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


def check_page(page: Page, name: str) -> None:
    """axe on the page as served, then screenshots at both widths."""
    problems = axe_problems(page)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
    assert page.console_errors == []  # type: ignore[attr-defined]


def follow(page: Page, href_pattern: str) -> str:
    """Clicks the first link in the page content whose href matches; returns the new URL."""
    links = page.locator("article a[href]")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    index = next((i for i, h in enumerate(hrefs) if re.search(href_pattern, h)), None)
    assert index is not None, f"{page.url} に {href_pattern} へのリンクがありません"
    links.nth(index).click()
    page.wait_for_load_state()
    return page.url


def test_the_home_page_is_accessible_and_links_to_the_assessments(page, base_url) -> None:
    page.goto(base_url + "/")
    expect(page.get_by_role("searchbox", name="評価書を検索")).to_be_visible()
    check_page(page, "home")
    follow(page, r"assessments/")
    assert "/assessments/" in page.url


def test_an_assessment_and_its_contractor_link_to_each_other(page, base_url) -> None:
    page.goto(f"{base_url}/assessments/{IDS['000']}/")
    check_page(page, "assessment")
    follow(page, r"contractors/c-[^/]+/$")
    check_page(page, "contractor")
    follow(page, re.escape(f"assessments/{IDS['000']}/"))
    assert page.url.split("#")[0].endswith(f"/assessments/{IDS['000']}/")


def test_an_assessment_and_its_system_link_to_each_other(page, base_url) -> None:
    page.goto(f"{base_url}/assessments/{IDS['003']}/")
    follow(page, r"systems/(?!list/)[^/]+/$")
    check_page(page, "system")
    follow(page, re.escape(f"assessments/{IDS['003']}/"))
    assert page.url.split("#")[0].endswith(f"/assessments/{IDS['003']}/")


def test_an_assessment_and_the_law_it_cites_link_to_each_other(page, base_url) -> None:
    page.goto(f"{base_url}/assessments/{IDS['002']}/")
    follow(page, r"laws/[^/]+/([^/]+/)?$")
    check_page(page, "law")
    follow(page, re.escape(f"assessments/{IDS['002']}/"))
    assert page.url.split("#")[0].endswith(f"/assessments/{IDS['002']}/")


def test_the_search_page_with_results_and_without_are_accessible(page, base_url) -> None:
    page.goto(base_url + "/search/?q=中間サーバー")
    expect(page.locator("[data-pia-results] > li")).to_have_count(3)
    check_page(page, "search")
    page.goto(base_url + "/search/?q=存在しない語ゞゞ")
    expect(page.locator("[data-pia-empty]")).to_be_visible()
    check_page(page, "search-empty")
