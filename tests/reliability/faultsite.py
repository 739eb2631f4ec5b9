"""A throwaway copy of the real sites' structure in which every fault a source can send sits
beside good pages: Ofsted's provider page for Birmingham (its five real sample reports plus a
link per fault) and a Community Care feed whose entries are good, faulty and hostile articles.

`build(root)` writes the site folders (served by `SampleWeb(root=root)`) and a sources.toml,
and returns what a correct crawl must make of each URL: `GOOD` URLs become documents, `BAD`
URLs become `fetch_error` rows of the given kind.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from sampleweb.server import SITES_ROOT

OFSTED = "reports.ofsted.gov.uk"
FILES = "files.ofsted.gov.uk"
PRESS = "www.communitycare.co.uk"
OFF_SITE = "evil.example.net"  # never resolved: every test request goes to the sample web
BIRMINGHAM_URN = "80429"
FILE = f"https://{FILES}/v1/file/"
ARTICLE = f"https://{PRESS}/2024/06/"

# Planted in a crawled article's title, text and links; the browser test looks for the flag.
XSS_TITLE = (
    "Birmingham trust <script>window.__xss='title'</script>"
    "<img src=x onerror=\"window.__xss='img'\">"
)
XSS_TEXT = (
    "<svg onload=\"window.__xss='svg'\"></svg> javascript:window.__xss='text' "
    '"><script>alert(1)</script>'
)
XSS_HREF = "javascript:window.__xss='href'"
XSS_PATH = '/2024/06/08/"><svg onload=window.__xss=1>/'

# Bytes that start like a PDF and end like one, with nothing readable between.
CORRUPT_PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage\x00\x01\n%%EOF\n"
# id → (listing label, route fault/status): every Ofsted report link the provider page lists.
GOOD_REPORTS = ["50010001", "50010002", "50010003", "50010004", "50010005"]
REPORT_FAULTS: dict[str, tuple[str, dict]] = {
    "60000500": ("http_500", {"status": 500, "body": "Internal Server Error"}),
    "60000503": ("http_503", {"status": 503, "headers": {"Retry-After": "1"}, "body": "busy"}),
    "60000429": ("http_429", {"status": 429, "headers": {"Retry-After": "120"}, "body": "slow"}),
    "60000001": ("timeout", {"fault": {"kind": "hang", "seconds": 5}}),
    "60000002": ("connection_lost", {"fault": {"kind": "reset"}}),
    "60000003": ("truncated", {"pdf": True, "fault": {"kind": "truncate", "bytes": 300}}),
    "60000004": ("corrupt", {"content_type": "application/pdf", "body": CORRUPT_PDF}),
    "60000005": ("too_large", {"fault": {"kind": "gzip_bomb", "bytes": 64 << 20}}),
    "60000006": ("too_large", {"fault": {"kind": "oversized", "bytes": 24 << 20}}),
    "60000007": ("redirect_loop", {"status": 302, "location": "/v1/file/60000008"}),
    "60000009": ("robots_disallowed", {"pdf": True}),
    "60000010": ("off_site", {"status": 302, "location": f"https://{OFF_SITE}/v1/file/1"}),
    "60000011": (
        "not_a_pdf",
        {
            "content_type": "text/html",
            "body": "<html><body><h1>Report not found</h1></body></html>",
        },
    ),
}
# A real report served with a wrong Content-Type: the bytes decide, so it is still stored.
MISLABELLED_REPORT = "60000020"


@dataclass(frozen=True)
class FaultSite:
    root: Path
    sources: Path
    good: dict[str, str]  # url → expected title fragment ("" = any)
    bad: dict[str, str]  # url → expected fetch_error kind


def article_html(title: str, paragraphs: list[str], published: str, extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8"><title>{escape(title)}'
        f' - Community Care</title><meta property="article:published_time" content="{published}">'
        f'</head><body><main><article><h1 class="entry-title">{escape(title)}</h1>'
        f'<time class="entry-date" datetime="{published}">{published[:10]}</time>'
        f'<div class="entry-content">{body}{extra}</div></article></main></body></html>'
    )


STORY = [
    "Ofsted has judged the services Birmingham Children's Trust provides for vulnerable children "
    "to be good, in a report published after inspectors spent two weeks in the city.",
    "Inspectors said social workers knew the children they worked with well, that children in "
    "care lived in stable homes and that care leavers were helped to find somewhere to live.",
    "The trust has delivered children's social care in Birmingham since 2018, after the city "
    "council's children's services were rated inadequate in 2014 and again in 2016.",
]
CARE_LEAVERS = [
    "Young people leaving care in Birmingham told inspectors that their personal advisers kept "
    "in touch, helped them with money and college, and stayed with them after they turned 21.",
    "The trust's leaving care service was singled out for the range of flats and supported "
    "lodgings it has arranged with housing providers across the West Midlands since 2021.",
    "Leaders said the next step was to help more care leavers into apprenticeships and jobs.",
]
SLOW = [
    "Birmingham's director of children's services told councillors the trust's caseloads had "
    "fallen to an average of seventeen children per social worker over the last year.",
    "Agency staff now make up fewer than one in ten of the city's children's social workers, "
    "down from almost a third when the trust was set up after the 2016 inspection.",
    "Councillors asked how the trust would keep its experienced staff as budgets tighten.",
]
HOSTILE = [
    "A story about Birmingham Children's Trust whose page carries markup a hostile site might "
    "plant in a title, a paragraph and a link, to prove the archive shows it as plain text.",
    "The family help teams in Birmingham started work in April, joining early help and child "
    "in need work in each of the city's ten districts under a single named practitioner.",
]


def _articles() -> tuple[dict[str, dict], dict[str, str], dict[str, str]]:
    """Article routes (path → route), good article URLs → title, bad → kind."""
    routes: dict[str, dict] = {}
    good: dict[str, str] = {}
    bad: dict[str, str] = {}
    title = "Birmingham children's services keep their good rating"
    routes["/2024/06/01/good/"] = {"body": article_html(title, STORY, "2024-06-01T09:00:00Z")}
    good[ARTICLE + "01/good/"] = title
    # UTF-8 bytes declared as ISO-8859-1: read right, not as "â€™" mojibake.
    title = "Birmingham’s care leavers praised by Ofsted’s inspectors"
    routes["/2024/06/02/charset/"] = {
        "body": article_html(
            title, [p.replace("'", "’") for p in CARE_LEAVERS], "2024-06-02T09:00:00Z"
        ),
        "content_type": "text/html; charset=iso-8859-1",
    }
    good[ARTICLE + "02/charset/"] = "Birmingham’s care leavers"
    title = "Slow page about Birmingham's children's trust"
    routes["/2024/06/03/slow/"] = {
        "body": article_html(title, SLOW, "2024-06-03T09:00:00Z"),
        "fault": {"kind": "slow", "seconds": 0.5},
    }
    good[ARTICLE + "03/slow/"] = title
    xss = f'<p>{XSS_TEXT}</p><p><a href="{escape(XSS_HREF)}">read more</a></p>'
    routes["/2024/06/04/hostile/"] = {
        "body": article_html(XSS_TITLE, HOSTILE, "2024-06-04T09:00:00Z", extra=xss)
    }
    good[ARTICLE + "04/hostile/"] = "Birmingham trust"
    # Markup in the URL itself: the feed links it percent-encoded, as a real feed must.
    title = "Birmingham's family help teams start work across the city"
    routes[XSS_PATH] = {"body": article_html(title, HOSTILE[::-1], "2024-06-08T09:00:00Z")}
    good[f"https://{PRESS}{quote(XSS_PATH, safe='/=')}"] = title
    routes["/2024/06/05/gone/"] = {"status": 410, "body": "Gone"}
    bad[ARTICLE + "05/gone/"] = "http_410"
    routes["/2024/06/06/moved-away/"] = {"status": 301, "location": f"https://{OFF_SITE}/story"}
    bad[ARTICLE + "06/moved-away/"] = "off_site"
    routes["/2024/06/07/reset-mid-body/"] = {
        "body": article_html("Reset", STORY, "2024-06-07T09:00:00Z"),
        "fault": {"kind": "reset", "after_headers": True},
    }
    bad[ARTICLE + "07/reset-mid-body/"] = "truncated"
    return routes, good, bad


def _feed(links: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link>"
        "<pubDate>Mon, 03 Jun 2024 09:00:00 GMT</pubDate></item>"
        for u, t in links
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Community Care</title><link>https://{PRESS}/</link>{items}</channel></rss>"
    )


def _write_site(root: Path, host: str, routes: list[dict], robots: str) -> None:
    site = root / host
    site.mkdir(parents=True, exist_ok=True)
    (site / "robots.txt").write_text(robots)
    routes = [{"path": "/robots.txt", "file": "robots.txt"}, *routes]
    (site / "_site.json").write_text(json.dumps({"routes": routes}, indent=1))


def _provider_page(ids: list[str]) -> str:
    links = "".join(
        f'<li><a class="publication-link" href="{FILE}{i}">Report <span class="nonvisual">'
        f"Children's services focused visit, pdf - {1 + n} June 2024</span></a></li>"
        for n, i in enumerate(ids)
    )
    off_site = (
        f'<li><a class="publication-link" href="https://{OFF_SITE}/v1/file/2">Elsewhere'
        '<span class="nonvisual">Focused visit, pdf - 1 May 2024</span></a></li>'
    )
    return (
        "<!DOCTYPE html><html><head><title>Birmingham - Ofsted</title></head><body>"
        f"<h1>Birmingham</h1><ol>{links}{off_site}</ol></body></html>"
    )


def build(root: Path) -> FaultSite:
    """Write the sites under `root` (a fresh temp dir) and return the expectations."""
    sample_files = SITES_ROOT / FILES / "v1" / "file"
    good: dict[str, str] = {}
    bad: dict[str, str] = {}
    file_routes: list[dict] = []
    (root / FILES / "v1" / "file").mkdir(parents=True)
    for i in GOOD_REPORTS:
        shutil.copy(sample_files / f"{i}.pdf", root / FILES / "v1" / "file" / f"{i}.pdf")
        file_routes.append({"path": f"/v1/file/{i}", "file": f"v1/file/{i}.pdf"})
        good[FILE + i] = ""
    pdf = (sample_files / "50020001.pdf").name
    shutil.copy(sample_files / pdf, root / FILES / "v1" / "file" / "real.pdf")
    file_routes.append(
        {
            "path": f"/v1/file/{MISLABELLED_REPORT}",
            "file": "v1/file/real.pdf",
            "content_type": "text/plain; charset=utf-16",
        }
    )
    good[FILE + MISLABELLED_REPORT] = ""
    for i, (kind, spec) in REPORT_FAULTS.items():
        route = {"path": f"/v1/file/{i}", **{k: v for k, v in spec.items() if k != "pdf"}}
        if spec.get("pdf"):
            route["file"] = "v1/file/real.pdf"
            route["content_type"] = "application/pdf"
        file_routes.append(route)
        bad[FILE + i] = kind
    # The loop's other half: 60000008 sends the client back to 60000007.
    file_routes.append(
        {"path": "/v1/file/60000008", "status": 302, "location": "/v1/file/60000007"}
    )
    _write_site(root, FILES, file_routes, "User-agent: *\nDisallow: /v1/file/60000009\n")

    ids = [*GOOD_REPORTS, MISLABELLED_REPORT, *REPORT_FAULTS]
    page = {
        "path": f"/provider/44/{BIRMINGHAM_URN}",
        "body": _provider_page(ids),
        "content_type": "text/html; charset=utf-8",
    }
    _write_site(root, OFSTED, [page], "User-agent: *\nAllow: /\n")

    routes, good_articles, bad_articles = _articles()
    good.update(good_articles)
    bad.update(bad_articles)
    links = [(f"https://{PRESS}{quote(p, safe='/=')}", "entry") for p in routes]
    links.append((XSS_HREF, XSS_TITLE))  # a javascript: entry link is never requested
    links.append((f"https://{OFF_SITE}/elsewhere", "Off-site entry"))  # skipped, counted
    press_routes = [{"path": p, **r} for p, r in routes.items()]
    press_routes += [
        {"path": "/feed/", "body": _feed(links), "content_type": "application/rss+xml"},
        {
            "path": "/broken-feed/",
            "content_type": "application/rss+xml",
            "body": '<?xml version="1.0"?>\n<rss version="2.0"><<<>>> \x01 not XML at all',
        },
    ]
    _write_site(root, PRESS, press_routes, "User-agent: *\nDisallow: /private/\n")
    bad[f"https://{PRESS}/broken-feed/"] = "feed_malformed"

    sources = root / "sources.toml"
    sources.write_text(
        f'[sources.communitycare]\nname = "Community Care"\nhosts = ["{PRESS}"]\n'
        f'cadence = "1h"\nfeeds = ["https://{PRESS}/feed/", "https://{PRESS}/broken-feed/"]\n'
    )
    return FaultSite(root=root, sources=sources, good=good, bad=bad)
