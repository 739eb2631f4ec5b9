"""Crash safety: tests/reliability/crash_loop.py SIGKILLs the sample-web crawl and then
`cswatch reprocess` at ≥ 20 seeded random moments each, checking the archive after every kill
and after resuming (integrity, FTS5 index, half-written or differing documents, duplicates,
unreadable WARC captures, and equality with a clean run's archive)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.reliability, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_during_crawl_and_reprocess_loses_and_duplicates_nothing(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "tests.reliability.crash_loop", str(tmp_path), "--kills", "20"],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert proc.stdout, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.splitlines()[-1])
    print(summary)
    assert summary["problems"] == [], json.dumps(summary["problems"], indent=1)[:4000]
    assert summary["crawl"]["kills"] >= 20
    assert summary["reprocess"]["kills"] >= 20
    assert proc.returncode == 0
