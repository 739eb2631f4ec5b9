"""Article pages and saved article texts become documents; what is not an article is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analyse import AnalyseError, analyse_bytes, analyse_capture
from pipeline.articles import reported_grades
from pipeline.records import Capture

SITES = Path(__file__).resolve().parents[2] / "sampleweb" / "sites"
BIRMINGHAM = "E08000025"
CYP_URL = (
    "https://www.cypnow.co.uk/news/article/birmingham-children-s-services-rated-good-by-ofsted"
)
CYP_FILE = (
    SITES / "www.cypnow.co.uk/news/article/birmingham-children-s-services-rated-good-by-ofsted.html"
)
BOILERPLATE = [
    "Register Now",
    "What's Included",
    "Thank you for visiting",
    "More like this",
    "Already have an account",
    "per annum",
    "Senior Social Worker",
    "cookies",
    "Copyright",
]


def page(host_path: str, url: str, **kw):
    return analyse_bytes(
        (SITES / host_path).read_bytes(),
        url=url,
        source=kw.pop("source", None),
        role="article",
        content_type="text/html; charset=utf-8",
        **kw,
    )


def subjects(doc) -> list[str]:
    return [t.code for t in doc.authorities if t.role == "subject"]


def test_cyp_now_page_comes_out_without_paywall_jobs_or_related_links():
    doc = analyse_bytes(CYP_FILE.read_bytes(), url=CYP_URL, source="cypnow", role="article")
    assert doc.kind == "news_article" and doc.source == "cypnow"
    assert doc.title == "Birmingham children's services rated good by Ofsted"
    assert doc.text.startswith("Ofsted has rated Birmingham's children's services good")
    assert "care leavers were supported by personal advisers" in doc.text
    for line in BOILERPLATE:
        assert line.lower() not in doc.text.lower(), line
    assert doc.published == date(2023, 4, 19)
    assert doc.canonical_url == CYP_URL
    assert subjects(doc) == [BIRMINGHAM] and doc.relevant is True
    assert doc.content_hash and doc.fingerprint is not None
    assert doc.extraction_method.endswith("clean:cypnow")


def test_gov_uk_statutory_direction_is_a_government_notice_on_birmingham():
    doc = page(
        "www.gov.uk/government/publications/birmingham-city-council-statutory-direction.html",
        "https://www.gov.uk/government/publications/birmingham-city-council-statutory-direction",
    )
    assert doc.kind == "government_notice" and doc.source == "govuk"
    assert doc.published == date(2014, 10, 27)
    assert subjects(doc) == [BIRMINGHAM] and doc.relevant is True
    assert "Cookies on GOV.UK" not in doc.text and "Crown copyright" not in doc.text


def test_feed_date_wins_over_the_page_and_tracking_parameters_leave_the_identity():
    url = "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po?at_medium=RSS&at_campaign=rss"
    doc = page(
        "www.bbc.co.uk/news/articles/cx9k2vz8l4po.html",
        url,
        listing={"feed_published": "2023-04-18T10:21:44+00:00", "feed_title": "x"},
        fetched_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    assert doc.published == date(2023, 4, 18)
    assert doc.canonical_url == "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po"
    assert doc.listing["feed_title"] == "x"


@pytest.mark.parametrize(
    "host_path, url",
    [
        (
            "www.bbc.co.uk/news/articles/c4gv7m3qx1yo.html",  # bins
            "https://www.bbc.co.uk/news/articles/c4gv7m3qx1yo",
        ),
        (
            "www.bbc.co.uk/news/articles/c2e8ld0ny7wo.html",  # housing
            "https://www.bbc.co.uk/news/articles/c2e8ld0ny7wo",
        ),
        (
            "www.communitycare.co.uk/2024/06/20/welsh-councils-prepare-end-of-profit-childrens-care/"
            "index.html",
            "https://www.communitycare.co.uk/2024/06/20/welsh-councils-prepare-end-of-profit-childrens-care/",
        ),
        (
            "www.communitycare.co.uk/2024/09/03/scottish-councils-progress-on-the-promise/index.html",
            "https://www.communitycare.co.uk/2024/09/03/scottish-councils-progress-on-the-promise/",
        ),
        (
            "www.gov.uk/government/news/teachers-pay-award-confirmed.html",
            "https://www.gov.uk/government/news/teachers-pay-award-confirmed",
        ),
    ],
)
def test_stories_outside_english_childrens_services_are_not_relevant(host_path, url):
    assert page(host_path, url).relevant is False


def test_a_story_that_only_lists_councils_has_no_subject():
    doc = page(
        "www.communitycare.co.uk/2024/10/07/agency-social-work-rules-come-into-force/index.html",
        "https://www.communitycare.co.uk/2024/10/07/agency-social-work-rules-come-into-force/",
    )
    assert doc.relevant is True
    assert subjects(doc) == []
    assert BIRMINGHAM in [t.code for t in doc.authorities if t.role == "mentioned"]


def test_a_not_found_page_served_with_200_is_refused():
    with pytest.raises(AnalyseError) as err:
        page("www.communitycare.co.uk/errors/soft404.html", "https://www.communitycare.co.uk/x/")
    assert err.value.kind == "soft_404"


def test_an_index_page_is_refused():
    links = "".join(f'<li><a href="/news/{i}">Headline number {i}</a></li>' for i in range(40))
    html = f"<html><head><title>News</title></head><body><ul>{links}</ul></body></html>"
    with pytest.raises(AnalyseError) as err:
        analyse_bytes(html.encode(), url="https://example.org/news", source="x", role="article")
    assert err.value.kind == "index_page"


@pytest.mark.parametrize(
    "body, kind",
    [
        (b"", "empty"),
        (b"   ", "empty"),
        (b"<html><body><p>Too short.</p></body></html>", "no_article_text"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "not_html"),
        (b"<html><body>" + b"<p>word </p>" * 1_000_000 + b"</body></html>", "too_large"),
    ],
)
def test_bodies_that_are_not_articles_get_a_clear_kind(body, kind):
    with pytest.raises(AnalyseError) as err:
        analyse_bytes(
            body, url="https://example.org/a", source="x", role="article", content_type="text/html"
        )
    assert err.value.kind == kind


def test_a_page_cannot_claim_another_sites_url_as_its_identity():
    html = (SITES / "www.bbc.co.uk/news/articles/cx9k2vz8l4po.html").read_text()
    html = html.replace(
        "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po",
        "https://www.communitycare.co.uk/2016/11/25/some-other-story/",
    )
    doc = analyse_bytes(html.encode(), url="https://evil.example/copy", source="x", role="article")
    assert doc.canonical_url == "https://evil.example/copy"


@pytest.mark.parametrize("name", ["000_6a03cda998b21ca4.txt", "001_102ef80bd03b3142.txt"])
def test_seed_texts_are_about_birmingham_and_relevant(corpus, name):
    path = corpus / "seeds" / name
    doc = analyse_bytes(path.read_bytes(), url=path.resolve().as_uri(), source="local")
    assert doc.kind == "news_article"
    assert subjects(doc) == [BIRMINGHAM]
    assert doc.relevant is True
    assert "Register Now" not in doc.text and "Thank you for visiting" not in doc.text


def test_a_txt_whose_first_line_is_its_url_takes_url_source_and_date_from_it(corpus):
    seed = (corpus / "seeds" / "001_102ef80bd03b3142.txt").read_text()
    url = "https://www.cypnow.co.uk/news/article/2016/07/14/ofsted-birmingham-failings"
    doc = analyse_bytes(f"{url}\n{seed}".encode(), url="file:///tmp/a.txt", source="local")
    assert doc.url == url and doc.source == "cypnow"
    assert doc.published == date(2016, 7, 14)
    assert doc.title == "Ofsted highlights ongoing children's services failings in Birmingham"


def test_an_ofsted_capture_that_is_html_is_still_not_a_pdf():
    capture = Capture(
        url="https://files.ofsted.gov.uk/v1/file/1",
        final_url="https://files.ofsted.gov.uk/v1/file/1",
        status=200,
        headers={"Content-Type": "text/html"},
        body=b"<html><body><h1>Report not found</h1></body></html>",
        fetched_at=datetime.now(UTC),
        source="ofsted",
    )
    with pytest.raises(AnalyseError) as err:
        analyse_capture(capture)
    assert err.value.kind == "not_a_pdf"


def test_reported_grades_needs_an_inspection_and_a_judging_word():
    assert reported_grades("Ofsted rated Birmingham's children's services good.") == {"good"}
    assert reported_grades("Inspectors judged it to require improvement.") == {
        "requires_improvement"
    }
    assert reported_grades("Ofsted said the trust was 'inadequate'.") == {"inadequate"}
    assert reported_grades("It was a good day for the council.") == set()
    assert reported_grades("Ofsted visited. The weather was good.") == set()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000))
def test_any_page_gives_a_document_or_a_reason(text):
    body = f"<html><head><title>{text[:50]}</title></head><body><p>{text}</p></body></html>"
    try:
        doc = analyse_bytes(body.encode(), url="https://example.org/a", source="x", role="article")
    except AnalyseError as exc:
        assert exc.kind and str(exc)
    else:
        assert doc.kind == "news_article" and doc.canonical_url == "https://example.org/a"
