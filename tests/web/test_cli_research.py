"""The researcher's commands from a script's point of view: every listing command speaks
JSON with --format json, and every command's --help shows examples."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cswatch.cli import cli
from tests.web.conftest import BIRMINGHAM

# The commands this part of cswatch owns (operators' commands live in cswatch/cli_ops.py).
RESEARCH_COMMANDS = [
    "analyse",
    "authorities",
    "crawl",
    "demo",
    "export",
    "national",
    "search",
    "serve",
    "status",
    "timeline",
]


@pytest.mark.parametrize("command", RESEARCH_COMMANDS)
def test_help_shows_examples(command):
    out = CliRunner().invoke(cli, [command, "--help"])
    assert out.exit_code == 0
    assert "Example" in out.output
    # Every example is a cswatch (or curl) command line that starts with the command itself.
    examples = out.output.split("Example", 1)[1].split("Options:")[0]
    lines = [ln.strip() for ln in examples.splitlines()[1:] if ln.strip()]
    assert lines and all(ln.startswith(("cswatch", "curl")) for ln in lines)
    assert any(f" {command}" in ln for ln in lines)


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["authorities", "--current"], lambda d: len(d) == 153),
        (["search", "caseloads"], lambda d: d["total"] == 26 and len(d["hits"]) == 20),
        (
            ["timeline", "Birmingham"],
            lambda d: [e["date"] for e in d["events"]] == sorted(e["date"] for e in d["events"]),
        ),
        (
            ["national"],
            lambda d: next(r for r in d if r["code"] == BIRMINGHAM)["grade"] == "good",
        ),
        (["status"], lambda d: "archive" in d and "runs" in d),
    ],
    ids=["authorities", "search", "timeline", "national", "status"],
)
def test_listing_commands_speak_json(archive_url, args, check):
    out = CliRunner().invoke(cli, ["--db", archive_url, *args, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert check(json.loads(out.output))
