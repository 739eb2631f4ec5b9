"""What a running crawl shows its operator, on stderr only: stdout is kept for the command's
result (`cswatch crawl --format json | jq` must parse whatever progress did meanwhile).

Modes (`--progress`): `bar`, a rich live display with one line per spider; `log`, a plain line
every LOG_EVERY seconds, for cron mail and journald; `none`. `auto` picks `bar` when stderr is
a terminal and `log` when it is not; with `--verbose`, Scrapy's own log already says how the
crawl is going, so `auto` shows nothing more.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from crawlers.progress import CrawlProgress

# Long enough not to flood a log file, short enough to show a stuck crawl within a minute.
LOG_EVERY = 30.0


def describe(p: CrawlProgress) -> str:
    return (
        f"{p.requests} requests, {p.responses} responses, "
        f"{p.documents} documents stored, {p.errors} errors"
    )


def describe_short(p: CrawlProgress) -> str:
    # Fits one 80-column terminal line beside the spider's name, the bar and the clock.
    return f"{p.requests} req · {p.responses} resp · {p.documents} docs · {p.errors} err"


def resolve_mode(mode: str, console: Console, *, verbose: bool = False) -> str:
    if mode != "auto":
        return mode
    if verbose:
        return "none"
    return "bar" if console.is_terminal else "log"


@contextmanager
def crawl_progress(
    mode: str, *, verbose: bool = False, console: Console | None = None
) -> Iterator[Callable[[CrawlProgress], None] | None]:
    """The callback for crawlers.runner.run_crawl(progress=...), live for the `with` block;
    None when nothing is to be shown (the runner then leaves its extension out)."""
    console = console or Console(stderr=True)
    mode = resolve_mode(mode, console, verbose=verbose)
    if mode == "bar":
        # Forced to a terminal: `--progress bar` asked for it even if stderr is a pipe.
        # redirect_stdout=False: nothing of the display may ever reach stdout.
        bar_console = console if console.is_terminal else Console(stderr=True, force_terminal=True)
        with _bar(bar_console) as callback:
            yield callback
    elif mode == "log":
        yield _Log(console)
    else:
        yield None


@contextmanager
def _bar(console: Console) -> Iterator[Callable[[CrawlProgress], None]]:
    display = Progress(
        SpinnerColumn(finished_text="✓"),
        TextColumn("[bold]{task.description}[/bold]"),
        BarColumn(bar_width=12),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=console,
        redirect_stdout=False,
        transient=False,
    )
    tasks: dict[str, int] = {}

    def update(p: CrawlProgress) -> None:
        task = tasks.get(p.spider)
        if task is None:
            # No total: how many pages a crawl will find is unknown until it ends, so the
            # bar pulses while it runs and fills when the spider closes.
            task = tasks[p.spider] = display.add_task(p.spider, total=None, counts="")
        done = {"total": 1, "completed": 1} if p.finished else {}
        display.update(task, counts=describe_short(p), **done)

    with display:
        yield update


class _Log:
    """A line at most every LOG_EVERY seconds with every spider's latest counts; silent for a
    crawl shorter than that (its report follows at once)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.latest: dict[str, CrawlProgress] = {}
        self.last_line = time.monotonic()

    def __call__(self, p: CrawlProgress) -> None:
        self.latest[p.spider] = p
        now = time.monotonic()
        if now - self.last_line < LOG_EVERY:
            return
        self.last_line = now
        parts = "; ".join(f"{name}: {describe(q)}" for name, q in self.latest.items())
        # soft_wrap: one line however wide, as log readers and grep expect.
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        self.console.print(f"{stamp} progress — {parts}", soft_wrap=True, highlight=False)
