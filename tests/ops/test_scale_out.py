"""Two crawler workers split one crawl through Redis (scrapy-redis queue and duplicate filter)
into one PostgreSQL archive: no URL fetched twice, no document duplicated."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest

from sampleweb.server import SampleWeb
from tests.conftest import require
from tests.ops.helpers import ROOT

REDIS_URL = os.environ.get("CSWATCH_TEST_REDIS", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_crawl():
    import redis

    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        server.ping()
        reachable = True
    except redis.RedisError:
        reachable = False
    require(reachable, f"Redis not reachable at {REDIS_URL}")
    crawl_id = f"test-{uuid.uuid4().hex[:10]}"
    yield crawl_id
    for key in server.scan_iter(f"cswatch:{crawl_id}:*"):  # only our own keys
        server.delete(key)


def cli(*args: str, db: str, warc: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cswatch.cli", "--db", db, *args],
        cwd=ROOT,
        env=dict(os.environ, CSWATCH_WARC_DIR=str(warc)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_workers_share_one_crawl(redis_crawl, new_pg_url, tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    db = new_pg_url().render_as_string(hide_password=False)
    warc = tmp_path / "warc"
    seeding = cli(
        "seed",
        "--redis",
        REDIS_URL,
        "--crawl-id",
        redis_crawl,
        "--source",
        "ofsted",
        "--source",
        "press",
        "--authority",
        "Birmingham",
        "--authority",
        "Kent",
        "--authority",
        "Norfolk",
        db=db,
        warc=warc,
    )
    _out, err = seeding.communicate(timeout=120)
    assert seeding.returncode == 0, err[-3000:]
    with SampleWeb() as web:
        workers = [
            cli(
                "worker",
                "--redis",
                REDIS_URL,
                "--crawl-id",
                redis_crawl,
                "--idle-close",
                "3",
                "--sampleweb-url",
                web.base_url,
                db=db,
                warc=warc,
            )
            for _ in range(2)
        ]
        results = [w.communicate(timeout=240) for w in workers]
        fetched = [(r.host, r.path) for r in web.requests if not r.path.endswith("/robots.txt")]
    for w, (_out, err) in zip(workers, results, strict=True):
        assert w.returncode == 0, err[-3000:]
    twice = {k: n for k, n in Counter(fetched).items() if n > 1}
    assert not twice, twice
    assert any(h == "files.ofsted.gov.uk" for h, _ in fetched)
    engine = create_engine(db)
    with engine.connect() as conn:
        docs = conn.execute(
            text("select count(*), count(distinct canonical_url) from document")
        ).one()
        runs = conn.execute(text("select count(*) from crawl_run")).scalar_one()
        captures = conn.execute(text("select count(*), count(warc_file) from capture")).one()
    engine.dispose()
    assert docs[0] == docs[1] and docs[0] >= 20, docs
    assert runs == 6  # three spiders in each of the two workers
    assert captures[0] == captures[1] > 0  # every body in the shared WARC directory
