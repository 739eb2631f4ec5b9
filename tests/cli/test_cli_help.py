"""Every command's --help, walked from the group itself so a new command cannot be missed:
each shows at least one example, and every example is a real command line."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from cswatch.cli import cli


def all_commands() -> list[str]:
    # Hidden ones too (crawl-jobs): an operator reading the scheduler's logs meets them.
    return sorted(cli.commands)


def test_the_walk_finds_every_command():
    assert {"crawl", "demo", "reprocess", "seed", "worker", "runs", "feeds", "status"} <= set(
        all_commands()
    )


@pytest.mark.parametrize("command", all_commands())
def test_help_has_an_example_section(command):
    out = CliRunner().invoke(cli, [command, "--help"], terminal_width=200)
    assert out.exit_code == 0, out.output
    assert "Example" in out.output, f"cswatch {command} --help has no examples"
    examples = out.output.split("Example", 1)[1].split("Options:")[0]
    lines = [ln.strip() for ln in examples.splitlines()[1:] if ln.strip()]
    assert lines, f"cswatch {command} --help: an empty Examples section"
    # \b kept each example on its own line (click would otherwise rewrap them into prose).
    assert all(ln.startswith(("cswatch ", "curl ")) for ln in lines), lines
    assert any(f" {command}" in ln for ln in lines)


def test_group_help_has_examples():
    out = CliRunner().invoke(cli, ["--help"])
    assert "Examples:" in out.output


def test_every_option_says_what_it_does():
    """An option without help text is a question for the operator; --help lists them all."""
    missing = [
        f"{name} {param.opts[0]}"
        for name, command in cli.commands.items()
        if not command.hidden
        for param in command.params
        if isinstance(param, click.Option)
        and not param.help
        and param.opts[0] not in ("--limit", "--port", "--batch-size", "--help")
    ]
    assert missing == []
