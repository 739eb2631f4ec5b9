"""Hostile input end to end: markup planted in a crawled article (title, text, links, URL) went
through the real crawl and pipeline into the archive that `cswatch serve` shows; search
strings built to break FTS5 or SQL; export paths built to leave the export directory."""

from __future__ import annotations

import http.client
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest

from tests.conftest import require
from tests.reliability import faultsite

pytestmark = pytest.mark.reliability
ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def scalar(db: Path, sql: str, *args: object) -> object:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql, args).fetchone()[0]


# ------------------------------------------------------------------ XSS in a browser ---


@pytest.fixture(scope="module")
def browser_page() -> Iterator[object]:
    require(CHROMIUM.exists(), f"Chromium not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.dialogs = []  # type: ignore[attr-defined]
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.set_default_timeout(15_000)
        yield page
        browser.close()


@pytest.mark.browser
def test_markup_crawled_into_titles_text_and_urls_never_runs(browser_page, served, fault_crawl):
    page = browser_page
    db = fault_crawl.db
    hostile = scalar(db, "select id from document where url like '%/04/hostile/'")
    in_url = scalar(db, "select id from document where url like '%svg%'")
    assert hostile and in_url, "the hostile articles were not crawled"
    visited = [
        f"/documents/{hostile}",
        f"/documents/{in_url}",
        "/search?q=" + quote("Birmingham trust"),
        "/search?q=" + quote("family help teams"),
        "/authorities/E08000025",
        f"/api/documents/{hostile}",
        "/authorities/E08000025/feed.atom",
    ]
    for path in visited:
        page.goto(served + path)
        page.wait_for_load_state("load")
        time.sleep(0.2)  # time to run, if anything could
        assert page.evaluate("() => window.__xss") is None, f"planted script ran on {path}"
        assert page.dialogs == [], f"a dialog opened on {path}"
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
    page.goto(f"{served}/documents/{hostile}")
    # What the reader sees is the markup as text, not an element it built.
    assert "<script>window.__xss='title'</script>" in page.locator("h1").inner_text()
    assert page.locator("main img[onerror], main svg[onload]").count() == 0


# ------------------------------------------------------------------ search injection ---

QUERIES = [
    "'; DROP TABLE document; --",
    '" OR 1=1 --',
    "' UNION SELECT sql FROM sqlite_master --",
    "title:secret",
    "text : inadequate",
    "NEAR(birmingham trust, 2)",
    "{title text}: birmingham",
    "birmingham*",
    "*",
    "^birmingham",
    '"unbalanced',
    "((birmingham)",
    "birmingham AND",
    "OR OR NOT",
    "-birmingham",
    "a\x00b",
    "%_%",
    "document_fts MATCH 'x'",
    "birmingham " * 400,
    "é" * 2000,
]


def test_search_strings_are_text_or_refused_with_a_message_on_the_web(served, fault_crawl):
    documents = scalar(fault_crawl.db, "select count(*) from document")
    with httpx.Client(base_url=served, timeout=30) as http:
        for q in QUERIES:
            for path in ("/api/search", "/search"):
                response = http.get(path, params={"q": q})
                assert response.status_code in (200, 400), (path, q, response.status_code)
                if response.status_code == 400 and path == "/api/search":
                    assert json.dumps(response.json()).strip("{} "), q  # says what is wrong
    # Nothing ran as SQL: the archive is whole.
    assert scalar(fault_crawl.db, "select count(*) from document") == documents
    assert scalar(fault_crawl.db, "pragma integrity_check") == "ok"


def test_search_strings_are_text_or_refused_with_a_message_on_the_command_line(fault_crawl):
    env = dict(os.environ, CSWATCH_DB=f"sqlite:///{fault_crawl.db}", PYTHONPATH=str(ROOT))
    cli_queries = [q for q in QUERIES if "\x00" not in q]  # argv cannot carry a NUL
    script = (
        "import json, sys\nfrom click.testing import CliRunner\nfrom cswatch.cli import cli\n"
        "out = []\nfor q in json.loads(sys.argv[1]):\n"
        "    r = CliRunner().invoke(cli, ['search', '--format', 'json', '--', q])\n"
        "    try:\n        json.loads(r.output); ok = True\n"
        "    except ValueError:\n        ok = False\n"
        "    out.append([r.exit_code, ok, r.output[-300:], repr(r.exception)])\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, json.dumps(cli_queries)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    for q, (code, is_json, output, exc) in zip(cli_queries, json.loads(proc.stdout), strict=True):
        assert code in (0, 2), (q, code, output, exc)
        if code == 2:  # refused: a usage error naming the problem, no traceback
            assert "Error" in output and "Traceback" not in output, (q, output)
        else:  # treated as text: an ordinary (JSON) result
            assert is_json, (q, output)


# ------------------------------------------------------------------ export traversal ---

TRAVERSALS = [
    "/exports/../secret.txt",
    "/exports/%2e%2e/secret.txt",
    "/exports/..%2fsecret.txt",
    "/exports/%2e%2e%2fsecret.txt",
    "/exports/..%5csecret.txt",
    "/exports/....//secret.txt",
    "/exports//etc/passwd",
    "/exports/%2fetc%2fpasswd",
    "/exports/documents.csv%00.txt",
    "/exports/%252e%252e%252fsecret.txt",
    "/exports/./../secret.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_export_paths_never_leave_the_export_directory(served, path):
    parts = urlsplit(served)
    con = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    con.request("GET", path)  # sent byte for byte: no client-side normalisation
    response = con.getresponse()
    body = response.read()
    con.close()
    assert b"not for the web" not in body and b"root:" not in body, path
    assert response.status in (400, 404), (path, response.status)


def test_the_export_directory_still_serves_its_own_files(served):
    assert httpx.get(f"{served}/exports/documents.csv", timeout=10).status_code == 200


def test_crawled_urls_keep_markup_percent_encoded(fault_crawl):
    url = scalar(fault_crawl.db, "select url from document where url like '%svg%'")
    assert "<" not in url and '"' not in url and url.startswith(f"https://{faultsite.PRESS}/")
