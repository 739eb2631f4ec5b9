"""A run that fails outright (every request failed) exits non-zero so cron can alert, and
`cswatch status` names the failing source; an ordinary run with some errors exits 0."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.ops.helpers import ROOT, cswatch, query

SCRIPT = textwrap.dedent(
    """
    import sys
    from crawlers.runner import run_crawl
    from cswatch.crawl_command import print_reports
    reports = run_crawl({"ofsted": {"urns": sys.argv[2].split(",")}}, db_url=None,
                        sampleweb_url=sys.argv[1], overrides={"RETRY_TIMES": 0})
    print_reports(reports)
    sys.exit(2 if any(r.status == "failed" for r in reports) else 0)
    """
)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when this returns: nothing listens


def test_every_request_failing_is_exit_2_and_a_failing_source(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, f"http://127.0.0.1:{closed_port()}", "2532287,80477"],
        cwd=ROOT,
        env=dict(os.environ, CSWATCH_DB=f"sqlite:///{db}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "ofsted failed" in proc.stderr
    [(status, counts)] = query(db, "select status, counts from crawl_run")
    assert status == "failed"
    assert json.loads(counts)["errors_by_kind"] == {"connection_refused": 2}
    data = json.loads(cswatch("status", "--format", "json", db=db).stdout)
    assert data["failing_sources"] == ["ofsted"]
    assert data["sources"]["ofsted"]["last_run"]["by_source"]["ofsted"]["errors_by_kind"] == {
        "connection_refused": 2
    }


def test_a_run_with_some_errors_still_exits_0(tmp_path: Path) -> None:
    # The demo's sample web has a "Report not found" page: an error, not a failed run.
    proc = cswatch("crawl", "--sample-web", "--authority", "Kent", db=tmp_path / "a.db")
    assert proc.returncode == 0
    assert query(tmp_path / "a.db", "select status from crawl_run") in ([("ok",)], [("partial",)])
