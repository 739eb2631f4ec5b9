"""SIGKILL a crawl, then `cswatch reprocess`, at random moments, again and again, and prove
the archive survives: after every kill the database and its full-text index are intact, no
document is half-written or differs from a clean run's, no raw capture is unreadable; after
resuming, nothing is duplicated and the archive equals the clean run's.

    python -m tests.reliability.crash_loop WORKDIR [--kills 20] [--seed 7] [--budget 150]

The crawl is the bundled sample web (every spider), the same one `cswatch demo` reads. Kill
moments are drawn (seeded) between process start and the clean run's duration, so they land
in imports, migrations, downloads, WARC writes and commits alike. Prints a JSON summary; exits
1 with the problems found.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.reliability.archive_state import canonical, connect, documents, problems

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_URNS = "2637539,80418,80429,80443,80476,80477"
CRAWL = [sys.executable, "-m", "tests.reliability.crawl", "--spiders", "ofsted,feeds,listings"]
REPROCESS = [sys.executable, "-m", "cswatch.cli", "reprocess", "--format", "json"]


def command(kind: str, db: Path) -> list[str]:
    if kind == "crawl":
        return [*CRAWL, "--urns", SAMPLE_URNS, f"sqlite:///{db}"]
    return REPROCESS


def start(kind: str, db: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CSWATCH_DB=f"sqlite:///{db}")
    # Own session: the kill takes the whole process group, as an OOM killer or power cut would.
    return subprocess.Popen(
        command(kind, db),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def run_to_end(kind: str, db: Path) -> float:
    began = time.monotonic()
    proc = start(kind, db)
    if proc.wait(timeout=120) != 0:
        raise SystemExit(f"{kind} on {db} exited {proc.returncode}")
    return time.monotonic() - began


def kill_at(kind: str, db: Path, delay: float) -> bool:
    """Start, SIGKILL after `delay` s; False if it finished first (no kill happened)."""
    proc = start(kind, db)
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        return True


def wipe_derived(db: Path) -> None:
    """What a parser upgrade looks like to reprocess: every document must be made again."""
    with connect(db) as con:
        con.execute("pragma foreign_keys = on")
        for table in ("event", "judgement", "inspection", "document_authority", "document"):
            con.execute(f"delete from {table}")


def copy_archive(src: Path, dst: Path) -> None:
    # SQLite's backup API, not a file copy: it reads through SQLite's locks and WAL.
    with connect(src) as a, connect(dst) as b:
        a.backup(b)
    if (src.with_suffix(".warc")).is_dir():
        shutil.copytree(src.with_suffix(".warc"), dst.with_suffix(".warc"))


def kill_loop(
    kind: str, db: Path, clean_docs: dict, rng: random.Random, args, log: dict, duration: float
) -> None:
    probe = db.with_name(f"probe-{kind}.db")
    if kind == "reprocess":  # how long a full reprocess takes, on a copy
        copy_archive(db, probe)
        wipe_derived(probe)
        duration = run_to_end("reprocess", probe)
    kills = attempts = 0
    deadline = time.monotonic() + args.budget / 2
    while kills < args.kills and time.monotonic() < deadline and attempts < args.kills * 3:
        attempts += 1
        if kind == "reprocess" and attempts % 5 == 1:
            wipe_derived(db)  # keep giving it work: most kills must land mid-write
        if kill_at(kind, db, rng.uniform(0.2, duration * 0.95)):
            kills += 1
            if found := problems(db, clean_docs):
                log["problems"].append({"after": f"{kind} kill {kills}", "found": found})
    run_to_end(kind, db)  # resume to the end
    log[kind] = {"kills": kills, "attempts": attempts, "clean_seconds": round(duration, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--budget", type=float, default=200, help="seconds, both loops (a cap)")
    parser.add_argument("--phases", default="crawl,reprocess")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    clean, crashed = args.workdir / "clean.db", args.workdir / "crashed.db"
    crawl_seconds = run_to_end("crawl", clean)
    clean_state = canonical(clean)
    clean_docs = documents(clean)
    log: dict = {"problems": []}

    phases = args.phases.split(",")
    if "crawl" in phases:
        kill_loop("crawl", crashed, clean_docs, rng, args, log, crawl_seconds)
        check_resumed(crashed, clean, clean_docs, clean_state, "crawl resumed", log)
    else:
        copy_archive(clean, crashed)
    if "reprocess" in phases:
        kill_loop("reprocess", crashed, clean_docs, rng, args, log, 0.0)
        check_resumed(crashed, clean, clean_docs, clean_state, "reprocess resumed", log)
    print(json.dumps(log))
    return 1 if log["problems"] else 0


def check_resumed(
    db: Path, clean: Path, clean_docs: dict, clean_state: dict, when: str, log: dict
) -> None:
    if found := problems(db, clean_docs):
        log["problems"].append({"after": when, "found": found})
    if canonical(db) != clean_state:
        log["problems"].append({"after": when, "found": diff(clean, db)})


def diff(a: Path, b: Path) -> list[str]:
    """Where two archives' content differs, briefly (for the failure message)."""
    ca, cb = canonical(a), canonical(b)
    out = []
    for key in ca:
        if key == "documents":
            da, db_ = ca[key], cb[key]
            out += [f"missing {u}" for u in sorted(set(da) - set(db_))][:5]
            out += [f"extra {u}" for u in sorted(set(db_) - set(da))][:5]
            out += [f"differs {u}" for u in sorted(set(da) & set(db_)) if da[u] != db_[u]][:5]
        elif ca[key] != cb[key]:
            out.append(f"{key}: clean {str(ca[key])[:300]} vs {str(cb[key])[:300]}")
    return out


if __name__ == "__main__":
    sys.exit(main())
