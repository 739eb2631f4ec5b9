"""The sample web: Host dispatch, HTTP semantics, faults, and the bundled Ofsted content."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2
import pytest
from parsel import Selector

from sampleweb import SITES_ROOT, SampleWeb
from sampleweb.manifest import Site
from sampleweb.ofsted_facts import FILES_HOST, PROVIDERS, REPORTS, REPORTS_HOST, reports_for

ROOT = Path(__file__).resolve().parents[1]
LABEL = re.compile(r"^(?P<label>.+?)(?:,\s+pdf| as pdf) - (?P<day>\d{1,2} [A-Z][a-z]+ \d{4})$")


def fetch(
    web: SampleWeb, host: str, path: str, method: str = "GET", timeout: float = 10, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", web.port, timeout=timeout)
    try:
        conn.request(method, path, headers={"Host": host, **headers})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def web() -> Iterator[SampleWeb]:
    with SampleWeb() as server:
        yield server


@pytest.fixture()
def toy(tmp_path: Path) -> Iterator[SampleWeb]:
    """A small site tree exercising the manifest features the bundled content doesn't use."""
    site = tmp_path / "example.org"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.html").write_text("<p>docs</p>")
    (site / "feed.xml").write_text("<rss/>")
    (site / "data.bin").write_bytes(b"\x00" * 10)
    (site / "page.txt").write_text("hello " * 200)
    manifest = {
        "last_modified": "2024-06-01T12:00:00Z",
        "headers": {"X-Site": "example"},
        "routes": [
            {"path": "/feed", "file": "feed.xml", "content_type": "application/rss+xml"},
            {"path": "/moved", "status": 301, "location": "/docs/"},
            {"path": "/loop-a", "status": 302, "location": "/loop-b"},
            {"path": "/loop-b", "status": 302, "location": "/loop-a"},
            {"path": "/gone", "status": 410, "body": "gone"},
            {"path": "/busy", "status": 429, "headers": {"Retry-After": "120"}},
            {"path": "/broken", "status": 503},
            {"path": "/latin", "file": "page.txt", "content_type": "text/html; charset=latin-1"},
            {"pattern": "^/items/(?P<n>[0-9]+)$", "file": "items/{n}.txt"},
            {"path": "/cut", "file": "page.txt", "fault": {"kind": "truncate", "bytes": 10}},
            {"path": "/reset", "fault": {"kind": "reset"}},
            {"path": "/hang", "fault": {"kind": "hang", "seconds": 3}},
            {"path": "/bomb", "fault": {"kind": "gzip_bomb", "bytes": 10_000_000}},
            {"path": "/huge", "fault": {"kind": "oversized", "bytes": 3_000_000}},
        ],
    }
    (site / "_site.json").write_text(json.dumps(manifest))
    (site / "items").mkdir()
    (site / "items" / "7.txt").write_text("seven")
    with SampleWeb(root=tmp_path) as server:
        yield server


# --- server basics ---------------------------------------------------------------------------


def test_starts_on_a_free_loopback_port(web: SampleWeb) -> None:
    assert web.port > 0
    assert web.base_url == f"http://127.0.0.1:{web.port}"
    with SampleWeb() as other:  # two at once: each gets its own port
        assert other.port != web.port


def test_refuses_non_loopback_bind() -> None:
    with pytest.raises(ValueError):
        SampleWeb(host="0.0.0.0")


def test_dispatches_on_host_header(web: SampleWeb) -> None:
    status, headers, body = fetch(web, REPORTS_HOST, "/provider/44/80429")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert b"Birmingham" in body
    # The port in a Host header is ignored, as the crawler may send it.
    assert fetch(web, f"{REPORTS_HOST}:443", "/provider/44/80429")[0] == 200


def test_site_path_form_for_browsers(web: SampleWeb) -> None:
    status, _, body = fetch(
        web, f"127.0.0.1:{web.port}", f"/_site/{REPORTS_HOST}/provider/44/80443"
    )
    assert status == 200 and b"Bury" in body
    assert web.url_for("https://files.ofsted.gov.uk/v1/file/1?a=b").endswith(
        "/_site/files.ofsted.gov.uk/v1/file/1?a=b"
    )
    status, _, body = fetch(web, "127.0.0.1", "/")
    assert status == 200 and REPORTS_HOST.encode() in body


def test_query_string_is_ignored_for_dispatch(web: SampleWeb) -> None:
    assert fetch(web, REPORTS_HOST, "/provider/44/80429?tab=reports")[0] == 200


def test_unknown_host_and_path_are_404(web: SampleWeb) -> None:
    assert fetch(web, "www.example.com", "/")[0] == 404
    assert fetch(web, REPORTS_HOST, "/provider/44/99999999")[0] == 404
    assert fetch(web, FILES_HOST, "/v1/file/123")[0] == 404
    assert fetch(web, REPORTS_HOST, "/no/such/page")[0] == 404
    assert fetch(web, "127.0.0.1", "/_site/www.example.com/")[0] == 404


def test_manifests_and_traversal_are_never_served(web: SampleWeb) -> None:
    assert fetch(web, REPORTS_HOST, "/_site.json")[0] == 404
    assert fetch(web, FILES_HOST, "/_generated.json")[0] == 404
    assert fetch(web, REPORTS_HOST, "/../files.ofsted.gov.uk/robots.txt")[0] == 404
    assert fetch(web, "127.0.0.1", f"/_site/{REPORTS_HOST}/%2e%2e/%2e%2e/server.py")[0] == 404


def test_content_types(web: SampleWeb, toy: SampleWeb) -> None:
    assert fetch(web, FILES_HOST, "/v1/file/50010004")[1]["content-type"] == "application/pdf"
    assert fetch(web, REPORTS_HOST, "/")[1]["content-type"] == "text/html; charset=utf-8"
    assert fetch(web, REPORTS_HOST, "/robots.txt")[1]["content-type"].startswith("text/plain")
    assert fetch(toy, "example.org", "/feed.xml")[1]["content-type"].startswith("application/xml")
    assert fetch(toy, "example.org", "/feed")[1]["content-type"] == "application/rss+xml"
    assert fetch(toy, "example.org", "/data.bin")[1]["content-type"] == "application/octet-stream"


def test_directory_serves_index(toy: SampleWeb) -> None:
    status, _, body = fetch(toy, "example.org", "/docs/")
    assert status == 200 and body == b"<p>docs</p>"


def test_etag_last_modified_and_304(web: SampleWeb) -> None:
    status, headers, body = fetch(web, FILES_HOST, "/v1/file/50010004")
    assert status == 200 and body.startswith(b"%PDF")
    etag, last_modified = headers["etag"], headers["last-modified"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)  # strong, from the bytes
    assert last_modified == "Tue, 18 Apr 2023 09:00:00 GMT"  # the listing date, never mtime
    assert fetch(web, FILES_HOST, "/v1/file/50010004")[1]["etag"] == etag  # stable
    status, headers, body = fetch(web, FILES_HOST, "/v1/file/50010004", **{"If-None-Match": etag})
    assert (status, body, headers["etag"]) == (304, b"", etag)
    assert (
        fetch(web, FILES_HOST, "/v1/file/50010004", **{"If-None-Match": '"x", ' + etag})[0] == 304
    )
    assert fetch(web, FILES_HOST, "/v1/file/50010004", **{"If-None-Match": '"other"'})[0] == 200
    ims = {"If-Modified-Since": last_modified}
    assert fetch(web, FILES_HOST, "/v1/file/50010004", **ims)[0] == 304
    older = {"If-Modified-Since": "Mon, 17 Apr 2023 09:00:00 GMT"}
    assert fetch(web, FILES_HOST, "/v1/file/50010004", **older)[0] == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    both = {"If-None-Match": '"other"', **ims}
    assert fetch(web, FILES_HOST, "/v1/file/50010004", **both)[0] == 200
    assert fetch(web, FILES_HOST, "/v1/file/50010004", **{"If-Modified-Since": "junk"})[0] == 200


def test_head(web: SampleWeb) -> None:
    status, get_headers, body = fetch(web, FILES_HOST, "/v1/file/50010001")
    status, headers, empty = fetch(web, FILES_HOST, "/v1/file/50010001", method="HEAD")
    assert status == 200 and empty == b""
    assert headers["content-length"] == str(len(body))
    assert headers["etag"] == get_headers["etag"]


def test_robots_txt_allows_provider_pages_and_files(web: SampleWeb) -> None:
    from urllib.robotparser import RobotFileParser

    for host, path in [(REPORTS_HOST, "/provider/44/80429"), (FILES_HOST, "/v1/file/50010001")]:
        status, _, body = fetch(web, host, "/robots.txt")
        assert status == 200
        parser = RobotFileParser()
        parser.parse(body.decode().splitlines())
        assert parser.can_fetch("cswatch", f"https://{host}{path}")


def test_request_log(toy: SampleWeb) -> None:
    fetch(toy, "example.org", "/docs/")
    fetch(toy, "example.org", "/nope", method="HEAD")
    logged = [(r.method, r.host, r.path, r.status) for r in toy.requests]
    assert logged[-2:] == [
        ("GET", "example.org", "/docs/", 200),
        ("HEAD", "example.org", "/nope", 404),
    ]


def test_concurrent_clients(web: SampleWeb) -> None:
    results: list[int] = []

    def worker() -> None:
        for _ in range(5):
            results.append(fetch(web, REPORTS_HOST, "/provider/44/80476")[0])

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 100


# --- manifest features and faults ------------------------------------------------------------


def test_status_redirect_and_header_routes(toy: SampleWeb) -> None:
    status, headers, _ = fetch(toy, "example.org", "/moved")
    assert status == 301 and headers["location"] == "/docs/"
    assert fetch(toy, "example.org", "/loop-a")[1]["location"] == "/loop-b"
    assert fetch(toy, "example.org", "/loop-b")[1]["location"] == "/loop-a"
    status, headers, body = fetch(toy, "example.org", "/gone")
    assert (status, body) == (410, b"gone")
    assert "etag" not in headers  # validators only on successful answers
    status, headers, _ = fetch(toy, "example.org", "/busy")
    assert status == 429 and headers["retry-after"] == "120"
    assert fetch(toy, "example.org", "/broken")[0] == 503
    assert fetch(toy, "example.org", "/latin")[1]["content-type"] == "text/html; charset=latin-1"
    assert fetch(toy, "example.org", "/docs/")[1]["x-site"] == "example"
    assert (
        fetch(toy, "example.org", "/docs/")[1]["last-modified"] == "Sat, 01 Jun 2024 12:00:00 GMT"
    )


def test_pattern_routes(toy: SampleWeb) -> None:
    assert fetch(toy, "example.org", "/items/7")[2] == b"seven"
    assert fetch(toy, "example.org", "/items/8")[0] == 404  # names a missing file
    assert fetch(toy, "example.org", "/items/x")[0] == 404


def test_truncate_fault(toy: SampleWeb) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", toy.port, timeout=5)
    conn.request("GET", "/cut", headers={"Host": "example.org"})
    resp = conn.getresponse()
    assert int(resp.getheader("Content-Length")) == 1200
    with pytest.raises((http.client.IncompleteRead, ConnectionError)):
        resp.read()
    conn.close()


def test_reset_fault(toy: SampleWeb) -> None:
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
        fetch(toy, "example.org", "/reset")


def test_hang_fault_outlasts_client_timeout(toy: SampleWeb) -> None:
    with pytest.raises((TimeoutError, socket.timeout)):
        fetch(toy, "example.org", "/hang", timeout=0.5)


def test_gzip_bomb_and_oversized_faults(toy: SampleWeb) -> None:
    status, headers, body = fetch(toy, "example.org", "/bomb")
    assert headers["content-encoding"] == "gzip" and len(body) < 100_000
    status, headers, body = fetch(toy, "example.org", "/huge")
    assert int(headers["content-length"]) == len(body) == 3_000_000


def test_add_route_at_runtime(toy: SampleWeb) -> None:
    toy.add_route("example.org", {"path": "/docs/", "status": 500})
    assert fetch(toy, "example.org", "/docs/")[0] == 500
    toy.add_route("new.example", {"path": "/", "body": "hi"})
    assert fetch(toy, "new.example", "/")[2] == b"hi"
    with pytest.raises(ValueError):
        toy.add_route("example.org", {"path": "/x", "fault": {"kind": "explode"}})


def test_bad_manifest_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.example").mkdir()
    routes = {"routes": [{"path": "/", "fault": {"kind": "nope"}}]}
    (tmp_path / "bad.example" / "_site.json").write_text(json.dumps(routes))
    with pytest.raises(ValueError):
        SampleWeb(root=tmp_path)


def test_command_line_prints_base_url() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sampleweb", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline().strip() if proc.stdout else ""
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", first)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- bundled Ofsted content -------------------------------------------------------------------


def provider_links(web: SampleWeb, urn: str) -> list[tuple[str, str, str]]:
    status, _, body = fetch(web, REPORTS_HOST, f"/provider/44/{urn}")
    assert status == 200
    sel = Selector(text=body.decode())
    return [
        (a.attrib["href"], a.css("span.nonvisual::text").get("").strip(), a.attrib.get("class"))
        for a in sel.css("a.publication-link")
    ]


@pytest.mark.parametrize("urn", ["80429", "80443", "80476", "80418", "80477", "2637539"])
def test_provider_pages_link_to_served_files(web: SampleWeb, urn: str) -> None:
    links = provider_links(web, urn)
    assert len(links) == len(reports_for(urn)) >= 2
    files_site = Site.load(SITES_ROOT / FILES_HOST)
    for href, label, _ in links:
        url = urlsplit(href)
        assert (url.scheme, url.hostname) == ("https", FILES_HOST)
        assert re.fullmatch(r"/v1/file/\d+", url.path)
        assert files_site.resolve(url.path) is not None, href
        assert LABEL.match(label), label
        status, headers, body = fetch(web, FILES_HOST, url.path, method="HEAD")
        assert status == 200


def test_provider_page_structure(web: SampleWeb) -> None:
    body = fetch(web, REPORTS_HOST, "/provider/44/80429")[2].decode()
    sel = Selector(text=body)
    assert sel.css("h1::text").get().strip() == "Birmingham"
    assert sel.css("link[rel=canonical]::attr(href)").get().endswith("/provider/44/80429")
    assert "80429" in sel.css(".info-list strong::text").getall()
    assert "B1 1BB" in sel.css("address").get()
    labels = [
        LABEL.match(t.strip()) for t in sel.css("a.publication-link span.nonvisual::text").getall()
    ]
    days = [
        date.fromisoformat(x) for x in sel.css(".event__published time::attr(datetime)").getall()
    ]
    assert days == sorted(days, reverse=True)  # newest first, like the real page
    listed = {m["day"] for m in labels if m}
    assert {"23 May 2014", "25 November 2016", "17 January 2019", "18 April 2023"} <= listed


def test_successor_page_carries_defunct_councils_report(web: SampleWeb) -> None:
    hrefs = {h for h, _, _ in provider_links(web, "2637539")}
    northants = [r for r in REPORTS if r.subject == "Northamptonshire County Council"]
    assert northants and all(r.url in hrefs for r in northants)
    text = pdf_text(fetch(web, FILES_HOST, f"/v1/file/{northants[0].file_id}")[2])
    assert "Northamptonshire County Council" in text and "North Northamptonshire" not in text


def test_report_not_found_link(web: SampleWeb) -> None:
    (missing,) = [r for r in REPORTS if r.not_a_pdf]
    assert missing.url in {h for h, _, _ in provider_links(web, missing.urn)}
    status, headers, body = fetch(web, FILES_HOST, f"/v1/file/{missing.file_id}")
    assert status == 200
    assert headers["content-type"].lower().startswith("text/html")
    assert not body.startswith(b"%PDF")
    assert Selector(text=body.decode()).css("h1::text").get().strip() == "Report not found"


def pdf_text(data: bytes) -> str:
    doc = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


@pytest.mark.parametrize("report", [r for r in REPORTS if not r.not_a_pdf], ids=lambda r: r.file_id)
def test_report_pdfs_state_the_facts(web: SampleWeb, report) -> None:  # noqa: ANN001
    status, headers, body = fetch(web, FILES_HOST, f"/v1/file/{report.file_id}")
    assert status == 200 and body.startswith(b"%PDF")
    doc = pypdfium2.PdfDocument(body)
    assert 1 <= len(doc) <= 3
    created = doc.get_metadata_dict()["CreationDate"]
    doc.close()
    # Fixed, a day before the listing, as the real files' metadata dates usually are.
    assert created == f"D:{report.listed - timedelta(days=1):%Y%m%d}090000Z"
    text = " ".join(pdf_text(body).split())
    assert report.place in text
    assert f"{report.start.day} " in text and str(report.start.year) in text
    for grade in report.grades.values():
        assert grade in text
    if report.type.startswith("ilacs"):
        assert "Inspection dates:" in text and "Judgement Grade" in text
        if "overall_effectiveness" in report.grades:
            assert f"Overall effectiveness {report.grades['overall_effectiveness']}" in text
        else:
            assert "Overall effectiveness " not in text.split("Inspectors")[0]
    if report.type.startswith("sif"):
        assert f"Report published: {report.published.day} {report.published:%B %Y}" in text
    if report.type == "ilacs_standard" and report.start >= date(2023, 1, 1):
        assert "The experiences and progress of care leavers" in text


def test_birmingham_history_is_the_real_one() -> None:
    got = [
        (r.type, r.listed.year, r.grades.get("overall_effectiveness"))
        for r in sorted(reports_for("80429"), key=lambda r: r.listed)
    ]
    assert got[:4] == [
        ("sif", 2014, "Inadequate"),
        ("sif_reinspection", 2016, "Inadequate"),
        ("ilacs_standard", 2019, "Requires improvement to be good"),
        ("ilacs_standard", 2023, "Good"),
    ]
    assert set(PROVIDERS) == {"80429", "80443", "80476", "80418", "80477", "2637539"}


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    pytest.importorskip("fpdf", reason="fpdf2 (a dev dependency) regenerates the sample PDFs")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_reports.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    generated = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(generated) >= len(REPORTS) + len(PROVIDERS)
    for path in generated:
        committed = SITES_ROOT / path.relative_to(tmp_path)
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} is stale: rerun the script"
        )
