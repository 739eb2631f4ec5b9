"""The web UI over the real demo archive, in headless Chromium: `cswatch demo` crawls the
bundled sample web into a fresh SQLite file (in a subprocess: Twisted's reactor cannot
restart in one process), the app serves it, and the browser reads Birmingham's history,
sees the chart drawn, searches, downloads the CSV export and finds the Atom feed.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from tests.conftest import ROOT
from tests.web.browser_support import ARTIFACTS, serving
from tests.web.conftest import BIRMINGHAM

pytestmark = pytest.mark.browser

# Birmingham's real inspection history, as the sample web tells it.
HISTORY = [
    ("2014-05-23", "inadequate"),
    ("2016-11-25", "inadequate"),
    ("2019-01-17", "requires_improvement"),
    ("2023-04-18", "good"),
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo-browser") / "archive.db"
    env = dict(os.environ, CSWATCH_DB=f"sqlite:///{db}")
    proc = subprocess.run(
        [sys.executable, "-m", "cswatch.cli", "demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"cswatch demo exited {proc.returncode}\n{proc.stderr}"
    return db


@pytest.fixture(scope="module")
def server(demo_db: Path) -> Iterator[str]:
    with serving(f"sqlite:///{demo_db}") as base:
        yield base


# (date, overall grade) of each inspection row of the timeline table, as displayed.
READ_INSPECTIONS = """() => [...document.querySelectorAll('table.timeline tr.kind-inspection')]
  .map(tr => {
    const overall = [...tr.querySelectorAll('ul.grades li')]
      .find(li => li.querySelector('.area').textContent.trim() === 'Overall effectiveness');
    const badge = overall && overall.querySelector('.grade');
    return [tr.querySelector('time').textContent,
            badge ? badge.className.replace(/^.*grade-/, '') : null];
  })"""

# The share of the chart's pixels that are not white: a drawn chart has lines, steps, labels.
INK = """img => {
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] + d[i+1] + d[i+2] < 700) ink++;
  return ink / (c.width * c.height);
}"""


def test_birmingham_timeline_tells_its_history_and_the_chart_is_drawn(page, server):
    page.goto(f"{server}/authorities/Birmingham%20Children's%20Trust")
    assert page.url.endswith(f"/authorities/{BIRMINGHAM}")
    assert page.locator("h1").inner_text() == "Birmingham"
    assert [tuple(r) for r in page.evaluate(READ_INSPECTIONS)] == HISTORY
    # Press and notices sit on the same timeline, and the focused visit after the last grade.
    assert page.locator("table.timeline tr.kind-press").count() >= 3
    assert page.locator("table.timeline tr.kind-visit time").last.inner_text() == "2024-10-24"
    chart = page.locator("img.chart")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('img.chart').complete")
    assert chart.evaluate("img => img.naturalWidth") > 300, "the SVG chart did not load"
    assert chart.evaluate(INK) > 0.01, "the chart loaded but nothing is drawn on it"
    page.screenshot(path=str(ARTIFACTS / "demo-birmingham.png"), full_page=True)


def test_search_and_narrow_to_birmingham(page, server):
    page.goto(server)
    page.fill("#site-q", "inadequate")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search?q=inadequate*")
    everywhere = int(page.locator("#result-count").inner_text().split()[0].replace(",", ""))
    page.click("#facets >> text=Birmingham")
    page.wait_for_url(f"**authority={BIRMINGHAM}*")
    count = page.locator("#result-count").inner_text()
    assert count.endswith("for Birmingham") or "for Birmingham" in count
    narrowed = int(count.split()[0].replace(",", ""))
    assert 0 < narrowed < everywhere
    titles = page.locator("li.hit h3 a").all_inner_texts()
    assert any("rated inadequate for second time" in t for t in titles)
    assert page.locator("li.hit mark").first.inner_text().lower() == "inadequate"
    page.screenshot(path=str(ARTIFACTS / "demo-search-inadequate.png"), full_page=True)


def test_csv_export_download_carries_citations(page, server):
    page.goto(f"{server}/authorities/{BIRMINGHAM}")
    documents = int(page.locator("#documents h2").inner_text().split("(")[1].rstrip(")"))
    with page.expect_download() as info:
        page.click("#export-csv")
    download = info.value
    assert download.suggested_filename == f"cswatch-{BIRMINGHAM}.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == documents
    assert all(len(r["capture_sha256"]) == 64 and r["url"].startswith("https://") for r in rows)
    reports = [r for r in rows if r["kind"] == "inspection_report"]
    assert {r["published"] for r in reports} >= {d for d, _ in HISTORY}


def test_feed_is_advertised_and_parses(page, server):
    page.goto(f"{server}/authorities/{BIRMINGHAM}")
    href = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    assert page.locator("#feed-link").is_visible()
    response = page.request.get(f"{server}{href}")
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    newest = feed.entries[0]
    assert newest.published.startswith("2024-10-24")  # the focused visit
    assert any(
        e.published.startswith("2023-04-18") and "good" in e.summary.lower() for e in feed.entries
    )
