"""The web UI in a real browser: headless Chromium (Debian's package, driven by Playwright)
against uvicorn on a free 127.0.0.1 port. Opens Birmingham's page (timeline and chart render),
runs a search, downloads an export, and proves the <script> planted in a crawled article
never runs: no dialog opens and the flag it would set stays unset. Screenshots go to
test-artifacts/ (kept by CI as artefacts)."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.browser_support import ARTIFACTS, serving
from tests.web.conftest import BIRMINGHAM

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(archive_url: str) -> Iterator[str]:
    with serving(archive_url) as base:
        yield base


def test_birmingham_page_renders_timeline_and_chart(page, server):
    page.goto(f"{server}/authorities/Birmingham")
    assert page.url.endswith(f"/authorities/{BIRMINGHAM}")  # the name redirected to the code
    assert page.locator("h1").inner_text() == "Birmingham"
    rows = page.locator("table.timeline tbody tr")
    assert rows.count() >= 5
    assert rows.first.locator("time").inner_text() == "2014-05-23"
    assert page.locator("table.timeline .grade-good").first.is_visible()
    chart = page.locator("img.chart")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('img.chart').complete")
    width = chart.evaluate("img => img.naturalWidth")
    assert width > 300, "the SVG chart did not load"
    page.screenshot(path=str(ARTIFACTS / "authority-birmingham.png"), full_page=True)


def test_search_from_the_home_page(page, server):
    page.goto(server)
    assert page.locator("#national .cell").count() == 153
    page.fill("#site-q", "caseloads")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search?q=caseloads*")
    assert page.locator("#result-count").inner_text().startswith("26 documents match")
    assert page.locator("li.hit").count() == 20
    assert page.locator("li.hit mark").first.inner_text().lower() == "caseloads"
    page.click("#facets >> text=2016")
    assert "year=2016" in page.url
    page.screenshot(path=str(ARTIFACTS / "search-caseloads.png"), full_page=True)


def test_export_download(page, server):
    page.goto(f"{server}/authorities/{BIRMINGHAM}")
    with page.expect_download() as info:
        page.click("#export-csv")
    download = info.value
    assert download.suggested_filename == f"cswatch-{BIRMINGHAM}.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert len(rows) >= 30
    assert all(r["capture_sha256"] for r in rows)


def test_planted_script_does_not_run(page, server):
    page.goto(f"{server}/search?q=%22trust+improved%22")
    page.click("li.hit h3 a")
    page.wait_for_selector("#document")
    title = page.locator("h1").inner_text()
    assert "<script>" in title  # shown to the reader as text...
    time.sleep(0.5)  # ...and given time to run, if it could
    assert page.evaluate("() => window.__pwned") is None  # ...but never run
    assert page.dialogs == []
    assert page.locator("#document script").count() == 0
    # The javascript: URL is shown, never a link.
    assert page.locator("a[href^='javascript:']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "document-planted-script.png"), full_page=True)
    # The search results page that lists the article is just as inert.
    page.goto(f"{server}/search?q=trust+improved")
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == []
