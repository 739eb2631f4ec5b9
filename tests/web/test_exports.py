"""Exports a researcher takes away, parsed back: timeline files and charts, archive exports
with their citations, the national table; over the web and from the command line."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pyarrow.parquet as pq
from click.testing import CliRunner
from icalendar import Calendar

from cswatch.cli import cli
from tests.web.conftest import BIRMINGHAM, DOCUMENTS, NORTH_NORTHANTS, NORTHANTS, WEST_NORTHANTS

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _capture_sha(i: int) -> str:
    return hashlib.sha256(f"captured bytes {i}".encode()).hexdigest()


def test_archive_csv_has_every_document_with_its_citation(client):
    response = client.get("/export.csv")
    assert response.status_code == 200
    assert 'filename="cswatch-archive.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(DOCUMENTS)
    by_url = {r["url"]: r for r in rows}
    first = by_url["https://files.ofsted.gov.uk/v1/file/101"]
    assert first["capture_sha256"] == _capture_sha(0)
    assert first["capture_fetched_at"] == "2024-05-01T12:30:00+00:00"
    assert first["overall_effectiveness"] == "inadequate"
    assert first["subjects"] == BIRMINGHAM
    assert "overall_effectiveness=inadequate" in first["grades"]
    assert all(r["url"] and r["capture_sha256"] and r["capture_fetched_at"] for r in rows)


def test_filtered_jsonl_export(client):
    response = client.get(
        "/export.jsonl",
        params={
            "authority": "Birmingham",
            "kind": "inspection_report",
            "since": "2015-01-01",
            "text": "false",
        },
    )
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert [r["published"] for r in rows] == ["2019-01-17", "2023-04-18", "2024-10-24"]
    assert all("text" not in r for r in rows)
    assert rows[1]["grades"] == {"overall_effectiveness": "good", "leadership": "good"}
    assert rows[1]["capture_sha256"] == _capture_sha(2)


def test_parquet_export_reads_back_with_types(client, tmp_path):
    response = client.get("/export.parquet", params={"authority": NORTH_NORTHANTS})
    assert response.content[:4] == b"PAR1"
    path = tmp_path / "nn.parquet"
    path.write_bytes(response.content)
    table = pq.read_table(path)
    rows = table.to_pylist()
    assert [r["url"] for r in rows] == ["https://files.ofsted.gov.uk/v1/file/202"]
    assert dict(rows[0]["grades"])["overall_effectiveness"] == "requires_improvement"
    assert rows[0]["capture_fetched_at"].year == 2024
    assert str(table.schema.field("published").type) == "date32[day]"


def test_timeline_ics_has_one_dated_event_per_timeline_entry(client):
    response = client.get(f"/authorities/{BIRMINGHAM}/timeline.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = [c for c in cal.walk("VEVENT")]
    timeline = client.get(f"/api/authorities/{BIRMINGHAM}").json()["timeline"]
    assert len(events) == len(timeline)
    starts = sorted(e.decoded("dtstart").isoformat() for e in events)
    assert starts == sorted(e["date"] for e in timeline)
    good = [e for e in events if "overall effectiveness: good" in str(e.get("description"))]
    assert len(good) == 1 and str(good[0]["url"]).endswith("/file/103")
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_timeline_csv_json_md_html(client):
    base = f"/authorities/{BIRMINGHAM}/timeline"
    rows = list(csv.DictReader(io.StringIO(client.get(f"{base}.csv").text)))
    assert rows[0]["date"] == "2014-05-23" and rows[0]["kind"] == "inspection"
    data = client.get(f"{base}.json").json()
    assert data["authority"]["code"] == BIRMINGHAM and len(data["events"]) == len(rows)
    md = client.get(f"{base}.md").text
    assert md.startswith("# Birmingham") and "| 2023-04-18 |" in md
    html = client.get(f"{base}.html").text
    assert html.startswith("<!doctype html>") and "2023-04-18" in html


def test_charts_are_png_and_svg(client):
    png = client.get(f"/authorities/{NORTH_NORTHANTS}/chart.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(PNG_MAGIC)
    svg = client.get(f"/authorities/{NORTH_NORTHANTS}/chart.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content[:500]
    assert client.get(f"/authorities/{BIRMINGHAM}/chart.gif").status_code == 404


def test_chart_labels_predecessor_history():
    from datetime import date

    from cswatch.charts import draw_rating_chart, graded_points, rating_chart
    from storage.results import TimelineEvent

    events = [
        TimelineEvent(
            date(2019, 7, 29),
            "inspection",
            "t",
            NORTHANTS,
            NORTHANTS,
            1,
            None,
            None,
            {"overall_effectiveness": "inadequate"},
        ),
        TimelineEvent(
            date(2021, 4, 1), "reorganisation", "began", NORTH_NORTHANTS, None, None, None, None, {}
        ),
        TimelineEvent(
            date(2022, 11, 25),
            "inspection",
            "t",
            NORTH_NORTHANTS,
            None,
            2,
            None,
            None,
            {"overall_effectiveness": "requires_improvement"},
        ),
    ]
    assert graded_points(events) == [
        (date(2019, 7, 29), 1, NORTHANTS),
        (date(2022, 11, 25), 2, None),
    ]
    fig = draw_rating_chart(
        "North Northamptonshire",
        events,
        name_of={NORTHANTS: "Northamptonshire"}.get,
        today=date(2025, 1, 1),
    )
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["as Northamptonshire (predecessor)", "North Northamptonshire"]
    own, inherited = ax.get_lines()[1], ax.get_lines()[0]
    assert inherited.get_linestyle() == "--" and own.get_linestyle() == "-"
    # The predecessor's grade stops at the reorganisation; the successor's runs to today.
    assert max(inherited.get_xdata()) == date(2021, 4, 1)
    assert max(own.get_xdata()) == date(2025, 1, 1)
    assert any("reorganisation 2021-04-01" in t.get_text() for t in ax.texts)
    assert rating_chart("x", events, "png").startswith(PNG_MAGIC)


def test_national_csv_has_every_current_authority(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/national.csv").text)))
    assert len(rows) == 153
    by_code = {r["code"]: r for r in rows}
    assert by_code[BIRMINGHAM]["grade"] == "good"
    assert by_code[BIRMINGHAM]["date"] == "2023-04-18"
    assert by_code[BIRMINGHAM]["url"].endswith("/file/103")
    assert by_code[BIRMINGHAM]["capture_sha256"] == _capture_sha(2)
    assert by_code[WEST_NORTHANTS]["via_predecessor"] == NORTHANTS


def _cli(archive_url: str, *args: str):
    return CliRunner().invoke(cli, ["--db", archive_url, *args], catch_exceptions=False)


def test_cli_timeline_files(archive_url, tmp_path):
    for fmt, magic in (
        ("png", PNG_MAGIC),
        ("svg", b"<?xml"),
        ("ics", b"BEGIN:VCALENDAR"),
        ("html", b"<!doctype html>"),
    ):
        out = tmp_path / f"b.{fmt}"
        result = _cli(archive_url, "timeline", "Birmingham", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic), fmt


def test_cli_export_and_national(archive_url, tmp_path):
    out = tmp_path / "b.parquet"
    result = _cli(
        archive_url,
        "export",
        "--format",
        "parquet",
        "-o",
        str(out),
        "--authority",
        "Birmingham",
        "--kind",
        "inspection_report",
    )
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows == 4
    out = tmp_path / "all.jsonl"
    assert _cli(archive_url, "export", "--format", "jsonl", "-o", str(out)).exit_code == 0
    assert len(out.read_text().splitlines()) == len(DOCUMENTS)
    result = _cli(archive_url, "national", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 153
    result = _cli(archive_url, "national", "--format", "json")
    assert {r["code"]: r["grade"] for r in json.loads(result.output)}[BIRMINGHAM] == "good"
