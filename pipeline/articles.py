"""Article pages and saved article texts → `Document` (news_article / government_notice).

One function per input form, both pure: `analyse_article_html` for a fetched page or a local
.html file, `analyse_article_text` for a .txt (plain article text, first line maybe its URL).
Each runs the same steps: main text (pipeline.text), publication date (pipeline.dates),
canonical URL and duplicate keys (pipeline.dedupe), authorities (pipeline.attribution) and
relevance (pipeline.relevance).

What is not an article is refused with an AnalyseError kind, so the crawl records why and goes
on: `empty`, `too_large`, `not_html` (binary, a feed or other XML), `soft_404` (a "page not
found" page served with status 200), `index_page` (a list of links: section fronts, search
results), `no_article_text` (nothing readable left after extraction).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

from pipeline import dedupe
from pipeline import vocabulary as v
from pipeline.analyse import AnalyseError
from pipeline.attribution import tag_authorities
from pipeline.cleaning import split_url_line
from pipeline.dates import published_date
from pipeline.records import Document
from pipeline.relevance import assess_relevance
from pipeline.text import Extraction, extract_article, paragraph_count

# Far beyond any article page (real ones are 50 KB - 3 MB with inline scripts); a bigger body
# is a dump or an attack, and parsing it would stall the crawl.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
# Below this, what extraction found is a caption or a teaser, not an article.
MIN_ARTICLE_CHARS = 250
# A page with this many links and fewer than two real paragraphs is a list of links.
INDEX_LINKS = 25

# Source keys by registrable host suffix (for local files and feeds without a source).
SOURCE_HOSTS: dict[str, str] = {
    "cypnow.co.uk": "cypnow",
    "communitycare.co.uk": "communitycare",
    "bbc.co.uk": "bbc",
    "bbc.com": "bbc",
    "bbci.co.uk": "bbc",
    "gov.uk": "govuk",
    "lgcplus.com": "lgc",
    "localgov.co.uk": "localgov",
}
# gov.uk's own publishing hosts: what they publish is a government notice, not press.
GOVERNMENT_HOSTS = ("www.gov.uk", "gov.uk", "assets.publishing.service.gov.uk")

_SOFT_404 = re.compile(
    r"\b(page (was )?not found|404|(page|article|content) (cannot|can't|could not|couldn't) "
    r"be found|no longer available|we (can't|cannot|couldn't) find (that|the|this) page|"
    r"page (you|you're|you are) looking for)\b",
    re.IGNORECASE,
)
_CANONICAL = re.compile(
    r"<link\b(?=[^>]*\brel\s*=\s*[\"']?canonical\b)[^>]*\bhref\s*=\s*[\"']([^\"'>\s]+)", re.I
)
_ANCHOR = re.compile(r"<a\s[^>]*?href", re.I)  # lazy: stops at the first href, 2x faster
_OG_TYPE = re.compile(
    r"<meta\b(?=[^>]*\bproperty\s*=\s*[\"']og:type[\"'])[^>]*\bcontent\s*=\s*[\"']([^\"']+)", re.I
)


def source_for_url(url: str | None, default: str = "unknown") -> str:
    host = (urlsplit(url or "").hostname or "").lower()
    for suffix, key in SOURCE_HOSTS.items():
        if host == suffix or host.endswith("." + suffix):
            return key
    return default


def kind_for_url(url: str | None) -> str:
    host = (urlsplit(url or "").hostname or "").lower()
    return v.GOVERNMENT_NOTICE if host in GOVERNMENT_HOSTS else v.NEWS_ARTICLE


def _site(host: str) -> str:
    host = host.lower()
    for prefix in ("www.", "m.", "mobile.", "amp."):
        host = host.removeprefix(prefix)
    return host


def page_canonical(html: str, url: str) -> str | None:
    """The page's rel=canonical, only when it stays on the page's own site: a page must not
    be able to claim another site's URL (the archive's document identity)."""
    m = _CANONICAL.search(html[:200_000])
    if not m:
        return None
    target = urljoin(url, m.group(1).strip())
    try:
        parts, own = urlsplit(target), urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    # A local file (cswatch analyse page.html) has no site of its own: its canonical URL says
    # where it was saved from, and nothing is stored, so no identity can be hijacked.
    same = own.scheme == "file" or _site(parts.hostname) == _site(own.hostname or "")
    return target if same else None


def _refuse_non_article(ext: Extraction, html: str) -> None:
    if ext.method == "rejected":
        reason = "; ".join(ext.warnings) or "not an HTML page"
        raise AnalyseError("not_html", f"not an article page: {reason}")
    title = ext.title or ""
    head = "\n".join(ext.text.splitlines()[:3])
    if (_SOFT_404.search(title) or _SOFT_404.search(head)) and len(ext.text) < 1500:
        raise AnalyseError("soft_404", f"a 'not found' page served as a page: {title[:80]!r}")
    # an article has at least one real paragraph (pipeline.text.PARAGRAPH_CHARS)
    paragraphs = paragraph_count(ext.text)
    og = _OG_TYPE.search(html[:200_000])
    is_article = bool(og and og.group(1).strip().lower() == "article")
    links = len(_ANCHOR.findall(html))
    if not is_article and paragraphs < 2 and links >= INDEX_LINKS:
        why = f"a list of links ({links} links, {paragraphs} paragraphs), not an article"
        raise AnalyseError("index_page", why)
    if len(ext.text) < MIN_ARTICLE_CHARS or paragraphs == 0:
        why = "; ".join(ext.warnings[-2:]) or f"{len(ext.text)} characters"
        raise AnalyseError("no_article_text", f"no article text found ({why})")


def _document(
    ext: Extraction,
    *,
    url: str,
    canonical: str | None,
    source: str,
    published: date | None,
    fallback_title: str | None,
) -> Document:
    title = ext.title or fallback_title or ""
    tags = tag_authorities(title, ext.text, published=published, source=source, url=url)
    relevance = assess_relevance(title, ext.text, tags=tags, source=source)
    content_hash, fingerprint = dedupe.content_keys(ext.text)
    return Document(
        kind=kind_for_url(canonical or url),
        url=url,
        source=source,
        title=title,
        text=ext.text,
        canonical_url=dedupe.canonical_url(canonical or url),
        published=published,
        content_hash=content_hash,
        fingerprint=fingerprint,
        extraction_method=ext.method,
        extraction_version=ext.version,
        language=ext.language,
        relevant=relevance.relevant,
        authorities=tags,
    )


def analyse_article_html(
    data: bytes,
    *,
    url: str,
    source: str | None = None,
    charset: str | None = None,
    fetched_at: datetime | None = None,
    feed_date: datetime | date | None = None,
    feed_title: str | None = None,
) -> Document:
    """One article page. `feed_date`/`feed_title` come from the feed entry that linked it."""
    if not data or not data.strip():
        raise AnalyseError("empty", "the response body is empty")
    if len(data) > MAX_ARTICLE_BYTES:
        raise AnalyseError("too_large", f"{len(data)} bytes: larger than any article page")
    html = data[:400_000].decode("utf-8", "replace")
    canonical = page_canonical(html, url)
    if source in (None, "", "local", "unknown"):
        source = source_for_url(canonical or url, source or "unknown")
    ext = extract_article(data, canonical or url, source, charset=charset)
    _refuse_non_article(ext, html)
    when = published_date(
        html=data, url=canonical or url, feed_date=feed_date, fetched_at=fetched_at, tree=ext.tree
    ).date
    return _document(
        ext,
        url=url,
        canonical=canonical,
        source=source,
        published=when,
        fallback_title=feed_title,
    )


def analyse_article_text(data: bytes, *, url: str, source: str | None = None) -> Document:
    """A saved article as plain text; a first line that is a URL is the article's URL (it
    then names the source and its cleaning rules, and may carry the date)."""
    if not data or not data.strip():
        raise AnalyseError("empty", "the file is empty")
    if len(data) > MAX_ARTICLE_BYTES:
        raise AnalyseError("too_large", f"{len(data)} bytes: larger than any article text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")  # saved from an old Windows tool
    first_url, rest = split_url_line(text)
    url = first_url or url
    source = source_for_url(url, source or "unknown") if first_url else (source or "unknown")
    ext = extract_article(rest, url, source)
    if len(ext.text) < MIN_ARTICLE_CHARS:
        raise AnalyseError("no_article_text", f"only {len(ext.text)} characters of text")
    when = published_date(url=url).date if first_url else None
    return _document(
        ext, url=url, canonical=None, source=source, published=when, fallback_title=None
    )


# ------------------------------------------------------------ inspection outcomes ---

# A grade reported as an outcome: after a verb of judging ("rated inadequate", "judged to be
# good", "now requires improvement") or in quotes ("'inadequate'"). Bare "good" is everyday
# English, so it only counts in these forms.
_GRADE = r"(outstanding|good|requires? improvement|inadequate|adequate)"
_GRADE_AFTER_VERB = re.compile(
    r"\b(?:rated|rating|judged|graded|found to be|deemed|assessed as|ranked|branded|as|"
    r"remains?|remained|now|still|to)\s+(?:as\s+|to be\s+|being\s+)?[\"'‘“]?" + _GRADE,
    re.IGNORECASE,
)
# "rated Birmingham's children's services good": a few words between the verb and the grade.
_GRADE_AFTER_OBJECT = re.compile(
    r"\b(?:rated|judged|graded)\s+(?:[\w'’]+\s+){1,4}?(?:as\s+|to be\s+)?[\"'‘“]?" + _GRADE + r"\b",
    re.IGNORECASE,
)
_GRADE_QUOTED = re.compile(r"[\"'‘“]" + _GRADE + r"[\"'’”]", re.IGNORECASE)
_INSPECTION_WORDS = re.compile(r"\b(ofsted|inspect(?:ion|ors?|ed|orate))\b", re.IGNORECASE)


def reported_grades(text: str) -> set[str]:
    """Grades (vocabulary names) a story reports as inspection outcomes; empty when the story
    does not speak of an inspection at all."""
    if not _INSPECTION_WORDS.search(text or ""):
        return set()
    found = {
        m.group(1)
        for rx in (_GRADE_AFTER_VERB, _GRADE_AFTER_OBJECT, _GRADE_QUOTED)
        for m in rx.finditer(text)
    }
    grades: set[str] = set()
    for word in found:
        word = word.lower()
        grades.add("requires_improvement" if "improvement" in word else word)
    return grades


# The opening of a story: where it says what happened now, before any history.
LEAD_CHARS = 100


def headline_grades(title: str, text: str) -> set[str]:
    """The grades a story reports as its news: from the headline and opening when they name
    one ("rated good, four years after ... inadequate in 2014" reports good), else from the
    whole text."""
    text = text or ""
    cut = text.find(".", LEAD_CHARS)
    lead = text[: cut + 1] if cut != -1 else text
    context = f"{title}\n{text}"  # an inspection word anywhere makes the lead's grade count
    if not reported_grades(context):
        return set()
    return reported_grades(f"{title}\n{lead}\nOfsted") or reported_grades(context)
