"""Every page as a reader meets it, and its JSON twin."""

from __future__ import annotations

import re

from tests.web.conftest import BIRMINGHAM, NORTH_NORTHANTS, NORTHANTS, WEST_NORTHANTS


def test_home_shows_latest_events_and_the_national_grid(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert 'id="latest-events"' in html and 'id="national"' in html
    # The latest event in the archive comes first.
    events = re.findall(r'<time datetime="([\d-]+)">', html)
    assert events[0] == "2024-10-24"
    assert events == sorted(events, reverse=True)
    # Birmingham's cell carries its latest overall grade (good, 2023), not an older one.
    cell = re.search(r'<li class="cell grade-(\w+)">\s*<a href="/authorities/E08000025"', html)
    assert cell and cell.group(1) == "good"


def test_home_json_twin(client):
    data = client.get("/?format=json").json()
    assert data == client.get("/api/home").json()
    national = {r["code"]: r for r in data["national"]}
    assert len(national) == 153  # every current authority, graded or not
    assert national[BIRMINGHAM]["grade"] == "good"
    assert national[BIRMINGHAM]["date"] == "2023-04-18"
    assert national[BIRMINGHAM]["url"] == "https://files.ofsted.gov.uk/v1/file/103"
    assert national[NORTH_NORTHANTS]["grade"] == "requires_improvement"
    # West Northamptonshire has no grade of its own: its predecessor's, marked as such.
    assert national[WEST_NORTHANTS]["grade"] == "inadequate"
    assert national[WEST_NORTHANTS]["via_predecessor"] == NORTHANTS
    assert NORTHANTS not in national  # ended authorities are not in the national picture


def test_authority_page_lists_the_timeline_in_date_order_with_the_chart(client):
    page = client.get(f"/authorities/{BIRMINGHAM}")
    assert page.status_code == 200
    html = page.text
    rows = re.findall(r'<tr class="event kind-(\w+)[^"]*">\s*<td><time datetime="([\d-]+)"', html)
    dates = [d for _, d in rows]
    assert dates == sorted(dates)
    assert "2014-05-23" in dates and "2024-10-24" in dates
    assert f'<img class="chart" src="/authorities/{BIRMINGHAM}/chart.svg"' in html
    assert 'class="grade grade-inadequate"' in html
    assert f'href="/export.csv?authority={BIRMINGHAM}"' in html


def test_authority_json_twin_matches_the_api(client):
    twin = client.get(f"/authorities/{BIRMINGHAM}?format=json").json()
    api = client.get(f"/api/authorities/{BIRMINGHAM}").json()
    assert twin == api
    assert api["authority"]["name"] == "Birmingham"
    grades = [e["grades"].get("overall_effectiveness") for e in api["timeline"]]
    assert [g for g in grades if g] == ["inadequate", "requires_improvement", "good"]
    assert api["documents_total"] >= 30


def test_a_name_or_alias_redirects_to_the_code_page(client):
    response = client.get("/authorities/Birmingham Children's Trust", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == f"/authorities/{BIRMINGHAM}"


def test_successor_shows_predecessor_history_labelled(client):
    html = client.get(f"/authorities/{NORTH_NORTHANTS}").text
    inherited = re.search(r'<tr class="event kind-inspection inherited">(.*?)</tr>', html, re.S)
    assert inherited, "Northamptonshire's inspection should appear as inherited history"
    assert "2019-07-29" in inherited.group(1)
    assert "as Northamptonshire" in inherited.group(1)
    data = client.get(f"/api/authorities/{NORTH_NORTHANTS}").json()
    vias = {e["date"]: e["via_predecessor"] for e in data["timeline"] if e["kind"] == "inspection"}
    assert vias == {"2019-07-29": NORTHANTS, "2022-11-25": None}


def test_timeline_filters_by_kind_and_date(client):
    data = client.get(
        f"/api/authorities/{BIRMINGHAM}", params={"kind": "inspection", "since": "2015-01-01"}
    ).json()
    assert {e["kind"] for e in data["timeline"]} == {"inspection"}
    assert [e["date"] for e in data["timeline"]] == ["2019-01-17", "2023-04-18"]
    html = client.get(f"/authorities/{BIRMINGHAM}?kind=press&until=2014-12-31").text
    assert "No events match these filters" in html


def test_search_page_highlights_counts_and_facets(client):
    page = client.get("/search", params={"q": "caseloads"})
    assert page.status_code == 200
    html = page.text
    assert "26 documents match" in html
    assert "<mark>" in html.lower() and "caseloads</mark>" in html.lower()
    assert 'id="facets"' in html and "Birmingham" in html
    assert 'rel="next"' in html  # more than one page


def test_search_json_has_facets_and_pages(client):
    data = client.get("/api/search", params={"q": "caseloads"}).json()
    assert data == client.get("/search", params={"q": "caseloads", "format": "json"}).json()
    assert data["total"] == 26
    assert len(data["hits"]) == 20 and data["pages"] == 2
    assert "«" in data["hits"][0]["snippet"]  # plain text markers in JSON
    facets = {
        name: {f["value"]: f["count"] for f in items} for name, items in data["facets"].items()
    }
    assert facets["authority"][BIRMINGHAM] == data["total"]
    assert facets["kind"]["news_article"] == data["total"]
    assert sum(facets["year"].values()) == data["total"]
    page2 = client.get("/api/search", params={"q": "caseloads", "page": 2}).json()
    assert len(page2["hits"]) == data["total"] - 20
    ids = {h["document_id"] for h in data["hits"]} | {h["document_id"] for h in page2["hits"]}
    assert len(ids) == data["total"]  # pages do not overlap


def test_search_grade_and_year_facets_filter(client):
    data = client.get("/api/search", params={"q": "leaders", "grade": "inadequate"}).json()
    urls = {h["url"] for h in data["hits"]}
    assert urls == {
        "https://files.ofsted.gov.uk/v1/file/101",
        "https://files.ofsted.gov.uk/v1/file/201",
    }
    grades = {f["value"]: f["count"] for f in data["facets"]["grade"]}
    assert grades == {"inadequate": 2}
    by_year = client.get("/api/search", params={"q": "leaders", "year": "2019"}).json()
    assert {h["published"][:4] for h in by_year["hits"]} == {"2019"}
    assert by_year["total"] == 2


def test_document_page_shows_text_metadata_provenance_and_judgements(client):
    data = client.get("/api/search", params={"q": "leaders", "grade": "good"}).json()
    doc_id = data["hits"][0]["document_id"]
    html = client.get(f"/documents/{doc_id}").text
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc == client.get(f"/documents/{doc_id}?format=json").json()
    assert doc["capture"]["sha256"] and doc["capture"]["sha256"] in html
    assert "2024-05-01T12:30:00+00:00" in html
    assert 'href="https://files.ofsted.gov.uk/v1/file/103"' in html
    assert [j["grade"] for j in doc["inspection"]["judgements"]] == ["good", "good"]
    assert "The overall effectiveness is good" in html
    assert "Social workers know their children well" in html


def test_missing_document_is_404_in_html_and_json(client):
    assert client.get("/documents/999999").status_code == 404
    response = client.get("/api/documents/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["error"]["message"]


def test_openapi_describes_the_json_api(client):
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/search",
        "/api/authorities/{ref}",
        "/api/documents/{document_id}",
        "/api/home",
        "/export.{fmt}",
    ):
        assert path in spec["paths"], path


def test_long_timelines_keep_every_inspection_and_the_newest_coverage(monkeypatch, client):
    from cswatch.web import views

    monkeypatch.setattr(views, "TIMELINE_ON_PAGE", 10)
    data = client.get(f"/api/authorities/{BIRMINGHAM}").json()
    assert data["timeline_truncated"] and data["timeline_total"] > 10
    shown = data["timeline"]
    assert len(shown) == 10
    assert [e["date"] for e in shown] == sorted(e["date"] for e in shown)
    inspections = [e["date"] for e in shown if e["kind"] in ("inspection", "visit")]
    assert inspections == ["2014-05-23", "2019-01-17", "2023-04-18", "2024-10-24"]
    press = [e["date"] for e in shown if e["kind"] == "press"]
    assert len(press) == 6 and min(press) >= "2021"  # the newest six, not the oldest
    html = client.get(f"/authorities/{BIRMINGHAM}").text
    assert 'id="timeline-truncated"' in html


def test_more_inspections_than_the_page_holds_shows_the_newest(monkeypatch, client):
    from cswatch.web import views

    monkeypatch.setattr(views, "TIMELINE_ON_PAGE", 2)
    data = client.get(f"/api/authorities/{BIRMINGHAM}").json()
    assert [(e["date"], e["kind"]) for e in data["timeline"]] == [
        ("2023-04-18", "inspection"),
        ("2024-10-24", "visit"),
    ]
    assert data["timeline_truncated"]
