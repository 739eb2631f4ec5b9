"""Crawled content is untrusted: it is escaped, never linked unless http(s), never run; every
response carries the security headers; bad input gets a 400 with a message, an unknown
authority a 404 with suggestions; downloads cannot leave the export directory."""

from __future__ import annotations

import pytest

from cswatch.exports import UnsafePath, safe_path
from cswatch.web.templating import highlight, safe_url
from storage.search import HIGHLIGHT_END, HIGHLIGHT_START
from tests.web.conftest import BIRMINGHAM, HOSTILE_URL


def _hostile_id(client) -> int:
    hits = client.get("/api/search", params={"q": "trust improved"}).json()["hits"]
    assert len(hits) == 1
    return hits[0]["document_id"]


def test_planted_script_is_escaped_on_every_page_that_shows_it(client):
    doc_id = _hostile_id(client)
    pages = [
        f"/documents/{doc_id}",
        "/search?q=trust+improved",
        f"/authorities/{BIRMINGHAM}",
        "/",
        f"/authorities/{BIRMINGHAM}/timeline.html",
    ]
    for path in pages:
        html = client.get(path).text
        assert "<script" not in html.lower(), path  # our pages carry no script at all
        assert "&lt;script&gt;" in html, path  # the planted one is shown as text
        assert "<img src=x" not in html, path


def test_javascript_urls_are_never_links(client):
    doc_id = _hostile_id(client)
    for path in (f"/documents/{doc_id}", "/search?q=trust+improved", f"/authorities/{BIRMINGHAM}"):
        html = client.get(path).text
        assert f'href="{HOSTILE_URL}' not in html, path
        assert 'href="javascript:' not in html.lower(), path
    assert HOSTILE_URL in client.get(f"/documents/{doc_id}").text  # shown, as text


def test_security_headers_on_pages_json_errors_and_downloads(client):
    for path in (
        "/",
        "/api/home",
        "/search?q=%22open",
        "/authorities/Nowhereshire",
        f"/authorities/{BIRMINGHAM}/timeline.csv",
        "/static/style.css",
    ):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "no-referrer", path


def test_svg_chart_may_style_itself_but_not_run_anything(client):
    response = client.get(f"/authorities/{BIRMINGHAM}/chart.svg")
    csp = response.headers["content-security-policy"]
    assert csp.startswith("default-src 'none'") and "script" not in csp


def test_bad_query_is_a_400_with_a_message_in_html_and_json(client):
    page = client.get("/search", params={"q": '"care leavers'})
    assert page.status_code == 400
    assert "unbalanced quote" in page.text
    assert page.headers["content-type"].startswith("text/html")
    api = client.get("/api/search", params={"q": '"care leavers'})
    assert api.status_code == 400
    assert "unbalanced quote" in api.json()["error"]["message"]
    for params in (
        {"q": "x", "year": "soon"},
        {"q": "x", "kind": "novel"},
        {"q": "x", "page": "0"},
        {"q": "x", "authority": "Atlantis"},
    ):
        response = client.get("/api/search", params=params)
        assert response.status_code == 400, params
        assert response.json()["error"]["message"], params


def test_unknown_authority_is_404_with_suggestions(client):
    page = client.get("/authorities/Birmingam")
    assert page.status_code == 404
    assert f'href="/authorities/{BIRMINGHAM}"' in page.text
    api = client.get("/api/authorities/Birmingam")
    assert api.status_code == 404
    assert BIRMINGHAM in [s["code"] for s in api.json()["error"]["suggestions"]]


def test_export_directory_serves_its_files_and_nothing_outside(client):
    assert client.get("/exports/inside/archive.csv").text == "id,title\n1,kept\n"
    listing = client.get("/exports/").json()["files"]
    assert [f["name"] for f in listing] == ["full.jsonl"]
    for name in (
        "..%2Fsecret.txt",
        "inside%2F..%2F..%2Fsecret.txt",
        "%2Fetc%2Fpasswd",
        "..%5Csecret.txt",
    ):
        response = client.get(f"/exports/{name}")
        assert response.status_code == 400, name
        assert "do not serve" not in response.text
    assert client.get("/exports/missing.csv").status_code == 404


def test_safe_path_refuses_escapes_including_symlinks(tmp_path):
    base = tmp_path / "exports"
    base.mkdir()
    (tmp_path / "outside.txt").write_text("x")
    (base / "link").symlink_to(tmp_path / "outside.txt")
    assert safe_path(base, "a/b.csv") == (base / "a" / "b.csv").resolve()
    for name in ("../outside.txt", "/etc/passwd", "link", "", ".", "a/../../outside.txt", "x\0y"):
        with pytest.raises(UnsafePath):
            safe_path(base, name)


def test_highlight_escapes_before_marking():
    snippet = f"a {HIGHLIGHT_START}<b>care</b>{HIGHLIGHT_END} & {HIGHLIGHT_START}leavers"
    assert str(highlight(snippet)) == (
        "a <mark>&lt;b&gt;care&lt;/b&gt;</mark> &amp; <mark>leavers</mark>"
    )


def test_only_http_urls_become_links():
    assert safe_url("https://www.gov.uk/x") == "https://www.gov.uk/x"
    for url in (
        HOSTILE_URL,
        " JavaScript:alert(1)",
        "data:text/html,<b>",
        "//evil.example/",
        "file:///etc/passwd",
        None,
    ):
        assert safe_url(url) is None, url
