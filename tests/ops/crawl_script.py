"""A crawl of the sample web in its own process, for the resume and scale-out tests:
`python -m tests.ops.crawl_script DB_URL [JSON settings overrides] [--seeded]`.

Press sources plus the six Ofsted provider pages of the demo; the sample web is served by this
process (a fresh port each time: documents never depend on it)."""

from __future__ import annotations

import json
import sys

from crawlers.runner import run_crawl
from cswatch.crawl_command import PRESS_SOURCES, press_spiders
from cswatch.demo import DEMO_AUTHORITIES
from pipeline.authorities import register
from sampleweb.server import SampleWeb


def spiders() -> dict:
    urns = [register().lookup(name).urn for name in DEMO_AUTHORITIES]
    return press_spiders(sorted(PRESS_SOURCES)) | {"ofsted": {"urns": [u for u in urns if u]}}


def main() -> int:
    db = sys.argv[1]
    overrides = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    with SampleWeb() as web:
        reports = run_crawl(spiders(), db_url=db, sampleweb_url=web.base_url, overrides=overrides)
        fetched = [(r.host, r.path) for r in web.requests if not r.path.endswith("robots.txt")]
    print(json.dumps({"fetched": fetched, "status": [r.status for r in reports]}))
    return 2 if any(r.status == "failed" for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
