"""The command line as a user meets it: listings, lookups and clear errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cswatch.cli import cli


def run(*args: str, db: str | None = None):
    runner = CliRunner()
    full = (["--db", db] if db else []) + list(args)
    return runner.invoke(cli, full, catch_exceptions=False)


def test_authorities_json_lists_current_and_ended():
    result = run("authorities", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    current = [r for r in rows if not r["valid_to"]]
    assert len(current) == 153
    assert all(r["code"] and r["dfe_code"] and r["urn"] for r in current)
    ended = {r["name"]: r["valid_to"] for r in rows if r["valid_to"]}
    assert ended["Northamptonshire"] == "2021-03-31"


def test_authorities_csv_has_a_header_and_a_row_per_authority():
    result = run("authorities", "--current", "--format", "csv")
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("code,dfe_code,urn,name")
    assert len(lines) == 154


def test_unknown_authority_names_the_closest_matches(tmp_path):
    result = CliRunner().invoke(
        cli, ["--db", f"sqlite:///{tmp_path}/a.db", "timeline", "Birmingam"]
    )
    assert result.exit_code == 2
    assert "Birmingham" in result.output
    assert "Traceback" not in result.output


def test_unreachable_database_is_named_in_a_clear_error():
    url = "postgresql+psycopg://nobody@127.0.0.1:1/nowhere"
    result = CliRunner().invoke(cli, ["--db", url, "status"])
    assert result.exit_code == 1
    assert "127.0.0.1:1" in result.output
    assert "Traceback" not in result.output


def test_malformed_search_query_is_a_usage_error_not_a_crash(tmp_path):
    result = CliRunner().invoke(
        cli, ["--db", f"sqlite:///{tmp_path}/a.db", "search", '"unbalanced phrase']
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
