"""The shortcuts that make the per-article normalisation cheap keep its results.

bench/RESULTS.md "## Articles" has the figures; these tests pin the behaviour each shortcut
relies on: the date finder reads the extractor's tree without changing it, the hash and the
fingerprint computed together equal the separate functions, and the extractor's fast runs
fall back to trafilatura's full cascade only on a result without a real paragraph.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from pipeline import dedupe
from pipeline import text as T
from pipeline.dates import published_date

SITES = Path(__file__).resolve().parents[2] / "sampleweb" / "sites"
BBC = SITES / "www.bbc.co.uk/news/articles/cx9k2vz8l4po.html"
PARAGRAPH = (
    "Inspectors found that the council had improved its services for children in care, "
    "with social workers now visiting families regularly and plans reviewed on time."
)


def test_date_finder_leaves_the_shared_tree_as_it_was():
    # The tree is handed to htmldate without a copy; htmldate must only read it.
    ext = T.extract_article(BBC.read_bytes(), "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po")
    assert ext.tree is not None
    before = etree.tostring(ext.tree)
    for fetched in (datetime(2026, 1, 1, tzinfo=UTC), datetime(2001, 1, 1, tzinfo=UTC)):
        published_date(html=BBC.read_bytes(), url=None, fetched_at=fetched, tree=ext.tree)
    assert etree.tostring(ext.tree) == before


def test_date_from_the_shared_tree_equals_the_date_from_the_bytes():
    data = BBC.read_bytes()
    ext = T.extract_article(data, "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po")
    fetched = datetime(2026, 1, 1, tzinfo=UTC)
    shared = published_date(html=data, fetched_at=fetched, tree=ext.tree)
    own = published_date(html=data, fetched_at=fetched)
    assert shared.date is not None
    assert (shared.date, shared.method) == (own.date, own.method)


def test_content_keys_equal_hash_and_fingerprint_computed_apart():
    texts = [
        "",
        "‘Quoted’ – “dashes” — and ＦＵＬＬＷＩＤＴＨ letters, ﬁ ligatures",
        " ".join(f"word{i % 97} council children" for i in range(400)),
        BBC.read_text(encoding="utf-8"),
    ]
    for text in texts:
        assert dedupe.content_keys(text) == (dedupe.content_hash(text), dedupe.fingerprint(text))


def test_fingerprint_is_stable_when_the_word_cache_is_cleared():
    text = " ".join(f"story{i % 50} about the council" for i in range(300))
    first = dedupe.fingerprint(text)
    dedupe._WORD_HASHES.clear()
    assert dedupe.fingerprint(text) == first


def test_paragraph_count_needs_long_sentence_ending_lines():
    assert T.paragraph_count(PARAGRAPH) == 1
    assert T.paragraph_count(PARAGRAPH.rstrip(".")) == 0  # a teaser line, no sentence end
    assert T.paragraph_count("Short line.\n" * 20) == 0
    assert T.paragraph_count(f"{PARAGRAPH}\n\n{PARAGRAPH}") == 2


def _page(body: str) -> str:
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


def test_full_cascade_runs_only_without_a_real_paragraph(monkeypatch):
    calls: list[dict] = []

    def fake(tree, url, **mode):
        calls.append(mode)
        if mode.get("fast") is False:
            return PARAGRAPH
        return "Teaser: more stories | Headline one | Headline two"

    monkeypatch.setattr(T, "_trafilatura", fake)
    res = T.extract_article(_page(f"<p>{PARAGRAPH}</p>"), "https://example.org/a")
    assert res.method == "trafilatura:full"
    assert res.text == PARAGRAPH
    assert calls[-1] == {"favor_precision": True, "fast": False}

    calls.clear()

    def good(tree, url, **mode):
        calls.append(mode)
        return PARAGRAPH

    monkeypatch.setattr(T, "_trafilatura", good)
    res = T.extract_article(_page(f"<p>{PARAGRAPH}</p>"), "https://example.org/a")
    assert res.method == "trafilatura:precision"
    assert all(mode.get("fast") is not False for mode in calls)


def test_fast_runs_are_the_default():
    assert T._TRAFILATURA_OPTS["fast"] is True


def _same_tree(html: str) -> bool:
    from trafilatura.utils import load_html

    ours, theirs = T.parse_html(html), load_html(html)
    if ours is None or theirs is None:
        return ours is theirs
    return etree.tostring(ours) == etree.tostring(theirs)


def test_parse_html_gives_trafilaturas_tree_on_the_sample_sites():
    pages = sorted(SITES.rglob("*.html"))
    assert pages
    for page in pages:
        assert _same_tree(page.read_text(encoding="utf-8", errors="replace")), page


def test_parse_html_leaves_pages_needing_repair_to_trafilatura():
    body = f"<body><p>{PARAGRAPH}</p><p>Second.</p></body>"
    cases = [
        f"<html><head><title>t</title></head>{body}</html>",  # nothing to repair
        f"<html><head><title>t\x00x\x0bq\ufffe</title></head>{body}</html>",  # control chars
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        f"<html><head><title>t</title></head>{body}</html>",
        f'<html lang="en"/>\n<head><title>t</title></head>{body}',  # self-closing <html/>
        f'<?xml version="1.0" encoding="utf-8"?><html><head></head>{body}</html>',
        "<p>just a fragment</p>",
        "plain words, no markup at all",
    ]
    for html in cases:
        assert _same_tree(html), html[:60]
    assert T._needs_repair(cases[1]) and T._needs_repair(cases[2]) and T._needs_repair(cases[3])
    assert not T._needs_repair(cases[0])
