"""Listing and crawling commands from a script's point of view: --format json on stdout parses,
whatever progress is drawn on stderr meanwhile."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cswatch.cli import cli
from cswatch.crawl_command import (
    PRESS_SOURCES,
    chosen_sources,
    describe_spiders,
    spider_arguments,
)
from pipeline.authorities import register
from tests.ops.helpers import cswatch


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict], str]:
    """Every source of the sample web, crawled with the live display forced on although
    stderr is a pipe here: the worst case for a script reading stdout."""
    db = tmp_path_factory.mktemp("cli") / "archive.db"
    proc = cswatch(
        "crawl", "--source", "all", "--sample-web", "--format", "json", "--progress", "bar", db=db
    )
    return f"sqlite:///{db}", json.loads(proc.stdout), proc.stderr


def run_json(db: str, *args: str) -> object:
    out = CliRunner().invoke(cli, ["--db", db, *args, "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_crawl_json_is_clean_while_progress_draws_on_stderr(crawled):
    _db, reports, stderr = crawled
    assert [r["spider"] for r in reports] == ["feeds", "listings", "ofsted"]
    assert all(r["status"] in ("ok", "partial") for r in reports)
    ofsted = next(r for r in reports if r["spider"] == "ofsted")["counts"]
    assert ofsted["documents_new"] >= 10 and ofsted["requests"] > 0
    # The display went to stderr (spinner, counts), with the chosen sources named first.
    assert "req ·" in stderr and "\x1b[" in stderr
    assert "crawling feeds (" in stderr and "ofsted (every authority)" in stderr


def test_runs_json_lists_each_run_with_its_counts(crawled):
    db, reports, _ = crawled
    runs = run_json(db, "runs")
    assert sorted(r["source"] for r in runs) == sorted(r["spider"] for r in reports)
    by_source = {r["source"]: r for r in runs}
    for report in reports:
        run = by_source[report["spider"]]
        assert run["status"] == report["status"]
        assert run["requests"] == report["counts"]["requests"]
    assert runs == sorted(runs, key=lambda r: -r["id"])  # newest first
    assert len(run_json(db, "runs", "--limit", "1")) == 1


def test_runs_csv_has_a_row_a_run(crawled):
    db, reports, _ = crawled
    out = CliRunner().invoke(cli, ["--db", db, "runs", "--format", "csv"])
    lines = out.output.strip().splitlines()
    assert lines[0].startswith("id,source,started_at")
    assert len(lines) == 1 + len(reports)


def test_feeds_json_has_every_configured_feed_and_its_poll(crawled):
    db, _, _ = crawled
    feeds = run_json(db, "feeds")
    configured = {(s.key, url) for s in PRESS_SOURCES.values() for url in s.feeds}
    assert {(f["source"], f["url"]) for f in feeds} >= configured
    assert all(f["last_poll"] for f in feeds if f["source"])  # all polled by the crawl
    # Full timestamps for scripts (the table shortens them to the minute for people).
    assert all(datetime.fromisoformat(f["last_poll"]).tzinfo for f in feeds if f["source"])
    assert run_json(db, "feeds", "--failing") == [f for f in feeds if f["failures"]]
    one = next(iter(PRESS_SOURCES.values())).key
    assert {f["source"] for f in run_json(db, "feeds", "--source", one)} <= {one}


def test_status_json_names_the_runs(crawled):
    db, reports, _ = crawled
    status = run_json(db, "status")
    assert status["archive"]["documents"] > 0
    assert {r["spider"] for r in reports} <= set(status["sources"]) | {
        r["source"] for r in status["runs"]
    }


def test_listings_on_an_empty_archive_are_empty_json(tmp_path: Path):
    db = f"sqlite:///{tmp_path}/empty.db"
    assert run_json(db, "runs") == []
    feeds = run_json(db, "feeds")
    assert feeds and not any(f["last_poll"] for f in feeds)


def authorities(*names: str) -> list:
    return [register().lookup(n) for n in names]


def test_crawl_without_source_takes_every_source_or_ofsted_for_authorities():
    assert chosen_sources([], []) == ["all"]
    assert set(spider_arguments(["all"], [])) == {"feeds", "listings", "ofsted"}
    assert chosen_sources([], authorities("Kent")) == ["ofsted"]
    assert chosen_sources(["press"], []) == ["press"]
    assert set(spider_arguments(chosen_sources([], authorities("Kent")), authorities("Kent"))) == {
        "ofsted"
    }


def test_an_unknown_source_lists_the_known_ones():
    with pytest.raises(click.BadParameter, match="known: all, bbc"):
        spider_arguments(["nosuch"], [])


def test_the_crawl_names_what_it_crawls():
    assert describe_spiders({"ofsted": {"urns": ["80429"]}}) == "ofsted (1 authority)"
    assert describe_spiders({"feeds": {"sources": "bbc,lgc"}, "ofsted": {}}) == (
        "feeds (bbc, lgc), ofsted (every authority)"
    )


def test_authority_with_press_sources_says_press_is_not_limited(capsys):
    assert chosen_sources(["press"], authorities("Kent")) == ["press"]
    assert "press sources (press) are crawled in full" in capsys.readouterr().err
