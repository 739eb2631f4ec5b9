"""HTML of the sample reports.ofsted.gov.uk: provider pages, home page, "Report not found".

Written by us after the real site's structure: a title block with the provider's name and
address, an info list with the URN, and a timeline of reports, newest first, each an
`a.publication-link` to files.ofsted.gov.uk holding a hidden `span.nonvisual` label
"<Type label>, pdf - <DD Month YYYY>". Spiders select on exactly these classes.
"""

from __future__ import annotations

from datetime import date
from html import escape

from sampleweb.ofsted_facts import PROVIDERS, REPORTS_HOST, Provider, Report, reports_for


def _day(when: date) -> str:
    return when.strftime("%d %B %Y")


def _frame(title: str, crumbs: list[tuple[str, str | None]], main: str, canonical: str) -> str:
    """The page chrome the real site wraps around every page (header, breadcrumbs, footer)."""
    crumb_items = "\n".join(
        f'      <li class="crumb"><a href="{escape(href)}">{escape(text)}</a></li>'
        if href
        else f'      <li class="crumb">{escape(text)}</li>'
        for text, href in crumbs
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8"/>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <meta name="dc.title" content="{escape(title)}">
  <meta name="dc.creator" content="cswatch sample web (a replay written for tests)">
  <link rel="canonical" href="{escape(canonical)}">
  <title>{escape(title)} - Find an Inspection Report - Ofsted</title>
</head>
<body>
  <div class="container"><a class="skip-link" href="#main">Skip to main content</a></div>
  <div class="main-content">
    <header class="header">
      <div class="container">
        <a class="header__home-link" href="/">
          <span class="nonvisual">Ofsted homepage</span>
        </a>
      </div>
    </header>
    <div class="container">
      <ol class="breadcrumbs">
{crumb_items}
      </ol>
    </div>
    <main id="main" tabindex="-1">
{main}
    </main>
  </div>
  <footer class="footer">
    <div class="container">
      <p class="footer__copy-right">Sample page written for cswatch tests; facts from Ofsted's
      published reports (Crown copyright, Open Government Licence v3.0).</p>
    </div>
  </footer>
</body>
</html>
"""


def _event(report: Report) -> str:
    """One timeline entry: the inspection's first day, the report link and its listing date."""
    label = escape(report.label, quote=False)
    return f"""          <li class="timeline__day">
            <div class="event">
              <p class="timeline__date"><time datetime="{report.start.isoformat()}">{_day(report.start)}</time></p>
              <a class="publication-link" href="{escape(report.url)}" target="_blank">
                {label}
                <span class="nonvisual">{escape(report.nonvisual, quote=False)}</span>
              </a>
              <div class="event__published">Published <time datetime="{report.listed.isoformat()}">{_day(report.listed)}</time></div>
            </div>
          </li>"""  # noqa: E501 - HTML template lines


def provider_page(provider: Provider) -> str:
    """The provider page `/provider/44/<urn>`."""
    reports = reports_for(provider.urn)
    address = "<br>\n            ".join(escape(line) for line in provider.address)
    events = "\n".join(_event(r) for r in reports)
    main = f"""      <div class="container">
        <div class="module title-block title-block--flat">
          <h1 class="heading--title title-block__heading">{escape(provider.name)}</h1>
          <p class="title-block__subheading">Local authority children's services</p>
          <address class="title-block__address">
            {address}
          </address>
        </div>
        <ul class="info-list">
          <li><span class="info-list__label">URN: </span><strong class="info-list__value">{provider.urn}</strong></li>
          <li><span class="info-list__label">Provider type: </span><span class="info-list__value">Local Authority</span></li>
          <li><span class="info-list__label">Local authority: </span><span class="info-list__value">{escape(provider.la_name)}</span></li>
          <li><span class="info-list__label">Region: </span><span class="info-list__value">{escape(provider.region)}</span></li>
        </ul>
        <h2 class="heading--sub">Reports</h2>
        <div class="timeline">
          <ol class="timeline__list">
{events}
          </ol>
        </div>
      </div>"""  # noqa: E501 - HTML template lines
    canonical = f"https://{REPORTS_HOST}/provider/44/{provider.urn}"
    crumbs = [("Home", "/"), (provider.name, None)]
    return _frame(provider.name, crumbs, main, canonical)


def home_page() -> str:
    """The site root: a list of the provider pages this replay holds."""
    items = "\n".join(
        f'          <li><a href="/provider/44/{p.urn}">{escape(p.name)}</a></li>'
        for p in sorted(PROVIDERS.values(), key=lambda p: p.name)
    )
    main = f"""      <div class="container">
        <h1 class="heading--title">Find an inspection report</h1>
        <p>Local authority children's services in this sample:</p>
        <ul class="search-results">
{items}
        </ul>
      </div>"""
    return _frame("Find an inspection report", [("Home", None)], main, f"https://{REPORTS_HOST}/")


def report_not_found_page() -> str:
    """What the real site answers, with status 200, for some old report links."""
    main = """      <div class="container">
        <div class="module title-block title-block--flat title-block--clear title-block--large">
          <h1 class="heading--title title-block__heading">Report not found</h1>
        </div>
        <div class="flat-content text-large">
          <p>Sorry, the document you requested no longer exists.</p>
          <p>To find the report you're looking for:</p>
          <ul>
            <li>Go to <a href="https://reports.ofsted.gov.uk">our homepage</a></li>
            <li>Use our search to find inspection reports for schools, colleges, childcare
            or social care.</li>
          </ul>
          <p>We recommend linking to a page instead of a pdf report.</p>
        </div>
      </div>"""
    return _frame(
        "Report not found",
        [("Home", "/"), ("Report not found", None)],
        main,
        "http://reports.ofsted.gov.uk/inspection-reports/find-inspection-report",
    )
