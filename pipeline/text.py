"""Main text of an article page: trafilatura, source-specific cleaning, fallbacks.

Strategy (measured on the article-extraction benchmark, see bench/RESULTS.md "## Articles"):

1. Decode bytes ourselves (BOM, then UTF-8, then the declared charset, then detection), so a
   wrong or missing charset gives readable text instead of an exception or mojibake.
2. Parse once with lxml (`parse_html`) and hand the tree to trafilatura (it copies it per run)
   and to the date finder (which only reads it).
3. trafilatura in precision mode: on news pages it keeps the body and drops more of the
   teasers, captions and share blocks that balanced mode lets through. Both runs use
   trafilatura's `fast` setting, which skips its comparison with readability and justext: that
   comparison cost ~40 % of a precision run (a readability pass plus a prune of the whole raw
   tree) and did not pay for itself on the benchmark (F1 0.9689 with it, 0.9693 without). Its
   one real use, rescuing pages trafilatura's own extractor misreads (layout tables, a teaser
   box taken for the body), shows as a result without a single real paragraph: on those pages
   only (~5 %) the full cascade runs once more (step 5).
4. Precision mode sometimes stops at the first block of a split article body. When its result
   is short we also run recall mode and keep that when it is more than twice as long: a
   cheap gate, so the second run only happens on the few pages that need it.
5. No real paragraph (`paragraph_count`) in what steps 3-4 found: trafilatura's full cascade,
   readability and justext included, in precision mode; kept when it has paragraphs.
6. Line rules from pipeline.cleaning (paywall blocks, "More like this", job adverts, cookie
   banners, newsletter sign-ups).
7. If that leaves (almost) nothing, a simple paragraph extractor over the lxml tree.

Every result records the method and EXTRACTION_VERSION, so stored documents can be re-extracted
when the rules change (`cswatch reprocess`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from lxml.html import HtmlElement, fromstring
from trafilatura.utils import HTML_PARSER, handle_compressed_file, load_html

from pipeline import cleaning
from pipeline.charset import GZIP_MAGIC, decode_html, looks_binary

# Bump when extraction settings or cleaning rules change.
EXTRACTION_VERSION = "2"  # 2: fast trafilatura runs, full cascade only without paragraphs

# Pages larger than this are cut before parsing: no article needs more, and lxml/trafilatura
# time grows with size. The cut is reported as a warning.
MAX_HTML_CHARS = 3_000_000
# Before cutting a huge page, drop what is never text: inline scripts, styles, SVG, comments
# (on real multi-megabyte pages these are most of the bytes).
_NON_TEXT = re.compile(
    r"<(script|style|svg|noscript)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
# Below this the precision result is "short": also try recall mode (see step 4).
SHORT_TEXT_CHARS = 1500
# Recall replaces precision only when clearly longer: it then found body text precision missed.
RECALL_RATIO = 2.0
# Below this the trafilatura result is treated as a failure and the paragraph fallback runs.
MIN_TEXT_CHARS = 150
# A real paragraph: a line of at least this many characters ending a sentence. Article text
# has one; a teaser box, a list of headlines or a layout table flattened to one line has not.
PARAGRAPH_CHARS = 120
_SENTENCE_ENDS = (".", '"', "”", "'")

_TRAFILATURA_OPTS: dict[str, Any] = {
    "output_format": "txt",
    "include_comments": False,  # reader comments are not article text
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
    # no readability/justext comparison: see the module docstring, step 3
    "fast": True,
}


@dataclass
class Extraction:
    """The main text of one input and how it was obtained.

    method: "trafilatura:precision" | "trafilatura:recall" | "trafilatura:full" (any of them
    + "+clean:<source>" when a
    source's rules applied) | "fallback:paragraphs" | "plain-text[+clean:<source>]" |
    "empty" | "rejected" (not HTML: PDF, binary, XML feed) | "failed" (unexpected error).
    warnings: why the text is empty, partial (paywall) or was decoded by guesswork.
    """

    text: str
    title: str | None = None
    method: str = ""
    version: str = EXTRACTION_VERSION
    language: str | None = None
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    # The parsed page, so other readers of the same page (the date finder) need not parse it
    # again: parsing is a large share of the per-page cost. Not part of the result.
    tree: HtmlElement | None = field(default=None, repr=False, compare=False)


# ------------------------------------------------------------------ parsing ---

# What trafilatura's loader repairs before it parses: characters an lxml tree cannot hold, a
# doctype with a slash on the first line (a libxml2 bug) and a self-closing <html/>. Its regex
# scan for the first costs ~1 ms on a typical page, a quarter of the parse; deleting them from
# the UTF-8 bytes (a C loop) and comparing lengths tells in a fifth of that whether any is there.
_XML_INVALID_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_SLASH_DOCTYPE = re.compile(r"<\s*!\s*doctype[^>]*/", re.IGNORECASE)


def _needs_repair(html: str) -> bool:
    raw = html.encode("utf-8", "surrogatepass")
    if len(raw.translate(None, _XML_INVALID_BYTES)) != len(raw):
        return True
    if "\ufffe" in html or "\uffff" in html:
        return True
    head = html[:4096]
    if _SLASH_DOCTYPE.search(head.partition("\n")[0]):
        return True
    return any("<html" in ln.lower() and ln.endswith("/>") for ln in head.splitlines()[:4])


def parse_html(html: str) -> HtmlElement | None:
    """The page's lxml tree, the same as trafilatura's `load_html` gives, ~25 % cheaper: a page
    with nothing to repair is parsed directly; any other page, and any parse that gives less
    than a document (fewer than two children), goes through `load_html` itself."""
    if not _needs_repair(html):
        try:
            tree = fromstring(html, parser=HTML_PARSER)
        except Exception:  # e.g. a str with an XML encoding declaration: the loader decides
            tree = None
        if tree is not None and len(tree) >= 2:
            return tree
    return load_html(html)


# ------------------------------------------------------------------ page bits ---


_TAG = re.compile(r"<\s*(html|head|body|div|p|article|meta|title|span|table|h[1-6])\b", re.I)


# The first element of a document, after an optional XML declaration, comments and doctype.
_ROOT = re.compile(
    r"\A\ufeff?\s*(<\?xml[^>]*>)?\s*(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*>\s*)*"
    r"<([A-Za-z][\w:.-]*)",
    re.DOTALL | re.IGNORECASE,
)
_XML_ROOTS = {"rss", "feed", "rdf:rdf", "urlset", "sitemapindex", "opml"}


def _first(tree: HtmlElement, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        text = " ".join(str(value if isinstance(value, str) else value.text_content()).split())
        if text:
            return text
    return None


def page_title(tree: HtmlElement) -> str | None:
    """Headline: og:title, then the first h1, then <title> (cheaper than trafilatura metadata,
    which also runs date extraction)."""
    title = (
        _first(tree, "//meta[@property='og:title' or @name='og:title']/@content")
        or _first(tree, "//meta[@name='twitter:title']/@content")
        or _first(tree, "//h1")
        or _first(tree, "//title")
    )
    site = _first(tree, "//meta[@property='og:site_name']/@content") or ""
    if title:
        # "Headline | CYP Now": the site name is not part of the headline. A short tail after
        # " | " is always a site or section name; after a dash it must match og:site_name.
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            head, found, tail = title.rpartition(sep)
            if not (found and len(head.split()) >= 3):
                continue
            if (sep == " | " and len(tail) <= 30) or (site and _same_site(tail, site)):
                return head.strip()
    return title


def _same_site(a: str, b: str) -> bool:
    def norm(x: str) -> str:
        return re.sub(r"[^a-z0-9]", "", x.lower().replace("&", "and"))

    return bool(norm(a)) and (norm(a) in norm(b) or norm(b) in norm(a))


def page_language(tree: HtmlElement) -> str | None:
    lang = _first(tree, "/html/@lang") or _first(
        tree, "//meta[@http-equiv='content-language' or @name='language']/@content"
    )
    if not lang:
        return None
    code = re.split(r"[-_,;\s]", lang.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


# ------------------------------------------------------------------ fallback ---

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button"}
_SKIP_ATTR = re.compile(r"cookie|consent|newsletter|subscribe|share|social|promo|advert|menu", re.I)


def paragraph_text(tree: HtmlElement) -> str:
    """Readability-like fallback: the container whose direct <p> children hold the most text,
    else every paragraph outside navigation, headers, footers and forms."""
    by_parent: dict[Any, list[str]] = {}
    order: list[str] = []
    for p in tree.iter("p", "h2", "h3", "li", "blockquote"):
        skip = False
        for anc in p.iterancestors():
            if not isinstance(anc.tag, str):
                continue
            if anc.tag in _SKIP or _SKIP_ATTR.search(f"{anc.get('class', '')} {anc.get('id', '')}"):
                skip = True
                break
        if skip:
            continue
        text = " ".join(p.text_content().split())
        if len(text) < 2:
            continue
        by_parent.setdefault(p.getparent(), []).append(text)
        order.append(text)
    if not order:
        return ""
    best = max(by_parent.values(), key=lambda ps: sum(len(t) for t in ps))
    if sum(len(t) for t in best) >= MIN_TEXT_CHARS:
        return "\n".join(best)
    return "\n".join(order)


# ------------------------------------------------------------------ extraction ---


def _trafilatura(tree: HtmlElement, url: str | None, **mode: bool) -> str:
    try:
        return trafilatura.extract(tree, url=url, **{**_TRAFILATURA_OPTS, **mode}) or ""
    except Exception:  # trafilatura is robust but not guaranteed on pathological trees
        return ""


def paragraph_count(text: str) -> int:
    """Lines of text that read as real paragraphs (long, ending a sentence)."""
    return sum(
        1
        for line in text.splitlines()
        if len(line.strip()) >= PARAGRAPH_CHARS and line.rstrip().endswith(_SENTENCE_ENDS)
    )


def _main_text(tree: HtmlElement, url: str | None) -> tuple[str, str]:
    text = _trafilatura(tree, url, favor_precision=True)
    method = "trafilatura:precision"
    if len(text) < SHORT_TEXT_CHARS:
        recall = _trafilatura(tree, url, favor_recall=True)
        if len(recall) > RECALL_RATIO * len(text):
            text, method = recall, "trafilatura:recall"
    if paragraph_count(text) == 0:
        # step 5: the fast runs misread the page; the full cascade's readability pass may not
        full = _trafilatura(tree, url, favor_precision=True, fast=False)
        if paragraph_count(full) > 0:
            text, method = full, "trafilatura:full"
    return text, method


def extract_article(
    html: str | bytes | None,
    url: str | None = None,
    source: str | None = None,
    *,
    charset: str | None = None,
) -> Extraction:
    """Main text, title and language of one page. Never raises: bad input gives an empty
    text and a warning saying why. `charset` is the HTTP Content-Type charset, if any."""
    result = Extraction(text="")
    try:
        return _extract(html, url, source, charset, result)
    except Exception as err:  # last line of defence: a crawl must not die on one page
        result.warnings.append(f"extraction failed: {type(err).__name__}: {err}"[:300])
        result.method = result.method or "failed"
        return result


def _extract(
    html: str | bytes | None,
    url: str | None,
    source: str | None,
    charset: str | None,
    result: Extraction,
) -> Extraction:
    if html is None or len(html) == 0:
        result.method = "empty"
        result.warnings.append("empty input")
        return result
    if isinstance(html, bytes) and html.startswith(GZIP_MAGIC):
        # a body stored still gzip-encoded: inflate it, bounded so a zip bomb cannot blow up
        html = handle_compressed_file(html, 4 * MAX_HTML_CHARS)
        result.warnings.append("gzip-compressed body inflated")
    if isinstance(html, bytes):
        kind = looks_binary(html)
        if kind:
            result.method = "rejected"
            result.warnings.append(f"not HTML: looks like {kind}")
            return result
        html, result.encoding, warns = decode_html(html, charset)
        result.warnings.extend(warns)
    if len(html) > MAX_HTML_CHARS:
        html = _NON_TEXT.sub(" ", html)
        if len(html) > MAX_HTML_CHARS:
            result.warnings.append(f"huge page: cut to the first {MAX_HTML_CHARS} characters")
            html = html[:MAX_HTML_CHARS]
    if not html.strip():
        result.method = "empty"
        result.warnings.append("empty input")
        return result
    root = _ROOT.match(html[:20_000])
    if root and (
        root.group(2).lower() in _XML_ROOTS
        or (root.group(1) and root.group(2).lower() not in ("html", "head", "body"))
    ):
        # a feed, sitemap or other XML document: its markup is not an article
        result.method = "rejected"
        result.warnings.append(f"not HTML: XML document <{root.group(2)}>")
        return result
    if not _TAG.search(html[:100_000]):
        # Plain text (a saved article, a text/plain response): clean it as such.
        cleaned = _clean_plain(html, source, url)
        result.text, result.title = cleaned.text, plain_title(cleaned.text)
        result.method = "plain-text" + (f"+clean:{cleaned.rules}" if cleaned.rules else "")
        result.warnings.append("no HTML markup: treated as plain text")
        _cut_warnings(cleaned, result.warnings)
        return result

    tree = parse_html(html)
    result.tree = tree
    if tree is None:
        result.method = "rejected"
        result.warnings.append("not parseable as HTML")
        return result
    result.title = page_title(tree)
    result.language = page_language(tree)

    text, method = _main_text(tree, url)
    cleaned = cleaning.clean_lines(text, source, url)
    if cleaned.rules:
        method += f"+clean:{cleaned.rules}"
    _cut_warnings(cleaned, result.warnings)
    text = cleaned.text

    if len(text) < MIN_TEXT_CHARS:
        fallback = cleaning.clean_lines(paragraph_text(tree), source, url).text
        if len(fallback) > len(text):
            text, method = fallback, "fallback:paragraphs"
            result.warnings.append("trafilatura result empty or too short: paragraph fallback")
    if not text:
        result.warnings.append("no main text found")
    result.text, result.method = text, method
    return result


def _cut_warnings(cleaned: cleaning.CleanResult, warnings: list[str]) -> None:
    if cleaned.cut_at:
        warnings.append(f"cut at boilerplate block: {cleaned.cut_at!r}")
    if cleaned.paywalled:
        warnings.append("paywall: only the free part of the article is available")


def extract_main_text(html: str | bytes | None, url: str | None = None, **kwargs: Any) -> str:
    """Just the text (the benchmark scorer's calling convention: fn(html, url, **kwargs))."""
    return extract_article(html, url, **kwargs).text


def plain_title(text: str) -> str | None:
    """A plain-text article's headline: its first line, when that reads like one (short, no
    closing full stop). Saved articles usually start with the headline; some start with the
    body, and then there is no title rather than a wrong one."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if 0 < len(first) <= 200 and not first.endswith((".", ":", ";", ",")):
        return first
    return None


def clean_plain_text(text: str, source: str | None = None, url: str | None = None) -> str:
    """Apply the same boilerplate rules to plain article text (e.g. a saved .txt whose first
    line may be its URL, which is removed and used to pick the source rules)."""
    return _clean_plain(text, source, url).text


def _clean_plain(text: str, source: str | None, url: str | None) -> cleaning.CleanResult:
    first_url, body = cleaning.split_url_line(text or "")
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    return cleaning.clean_lines(body, source, url or first_url)
