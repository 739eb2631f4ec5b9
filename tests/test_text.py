"""Main-text extraction: what a researcher reading the archive would notice.

The CYP Now page below is written by us in the structure of a real CYP Now article page:
body paragraphs, then the registration wall, "More like this" and a jobs widget.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import text as T
from pipeline.cleaning import clean_lines, rules_for
from pipeline.text import Extraction, clean_plain_text, extract_article, extract_main_text

CYPNOW_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Ofsted finds Birmingham safeguarding still failing children | CYP Now</title>
<meta property="og:title" content="Ofsted finds Birmingham safeguarding still failing children">
<meta property="og:site_name" content="Children &amp; Young People Now">
<meta property="article:published_time" content="2016-07-12T09:00:00+01:00">
<link rel="canonical"
href="https://www.cypnow.co.uk/content/news/ofsted-finds-birmingham-safeguarding-still-failing-children">
</head>
<body>
<div id="cookie-notice" class="cookie-banner"><p>We use cookies to give you the best possible
experience. By continuing to use this site you agree to our use of cookies.</p><button>Accept
cookies</button></div>
<header class="site-header"><a class="logo" href="/">CYP Now</a>
<nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a
href="/analysis">Analysis</a></li><li><a href="/jobs">Jobs</a></li><li><a
href="/events">Events</a></li></ul></nav></header>
<main id="main">
<article class="article">
<div class="article-header">
<span class="article-type"><a href="/news">News</a></span>
<h1 class="article-title">Ofsted finds Birmingham safeguarding still failing children</h1>
<p class="article-standfirst">Inspectors say the council has been too slow to fix problems found
two years ago.</p>
<div class="article-byline">by <a href="/authors/jo-smith">Jo Smith</a> <time
datetime="2016-07-12">12 July 2016</time></div>
</div>
<div class="article-body">
<p>Birmingham's children's services are still not doing enough to keep vulnerable children safe,
inspectors have said after a return visit to the council last month.</p>
<p>The monitoring visit found that weaknesses in the multi-agency safeguarding hub had not been
put right since the full inspection, and that decisions about when to step in were applied
unevenly.</p>
<p>"Managers do not have a clear enough picture of the quality of practice on the front line,"
the inspectors wrote in their letter to the director of children's services.</p>
<p>The council said it accepted the findings and pointed to a new practice model and extra
social workers recruited since the spring.</p>
<p>Ministers announced earlier this year that the service would move into a voluntary trust, run
at arm's length from the council.</p>
<div class="paywall" id="registration-wall">
<h2>Register Now to Continue Reading</h2>
<p>Thank you for visiting Children &amp; Young People Now and making use of our archive of more
than 60,000 expert features, topics hubs, case studies and policy updates. Why not register
today and enjoy the following great benefits:</p>
<h3>What's Included</h3>
<ul><li>Free access to 4 subscriber-only articles per month</li><li>Email newsletter providing
advice and guidance across the sector</li></ul>
<a class="btn btn-primary" href="/register">Register</a>
<p>Already have an account? <a href="/login">Sign in here</a></p>
</div>
</div>
</article>
<section class="more-like-this">
<h2>More like this</h2>
<ul>
<li><a href="/content/news/a">Council plans to cut youth centre funding</a><p>Proposals would
close six centres across the city.</p></li>
<li><a href="/content/news/b">Adoption agencies warned over delays</a><p>Figures show waits have
grown for a third year.</p></li>
</ul>
</section>
<aside class="jobs-widget">
<h3>Jobs</h3>
<div class="job"><h4><a href="/jobs/1">Hertfordshire Youth Workers</a></h4><p>“Opportunities in
districts teams and countywide”</p></div>
<div class="job"><h4><a href="/jobs/2">Administration Apprentice</a></h4><p>SE1 7JY, London
(Greater)</p></div>
</aside>
</main>
<footer class="site-footer"><div class="newsletter"><p>Sign up to our free
newsletter</p><form><input type="email" placeholder="Enter your email address"><button>Sign
up</button></form></div><p>© MA Education Ltd</p></footer>
</body>
</html>
"""

CYPNOW_URL = "https://www.cypnow.co.uk/content/news/ofsted-finds-birmingham-safeguarding-still-failing-children"

BODY = [
    "Birmingham's children's services are still not doing enough to keep vulnerable children safe",
    "weaknesses in the multi-agency safeguarding hub had not been put right",
    "Managers do not have a clear enough picture of the quality of practice",
    "a new practice model and extra social workers recruited since the spring",
    "would move into a voluntary trust, run at arm's length from the council.",
]
# Lines of the paywall block, "More like this" and job adverts, as printed on CYP Now pages.
BOILERPLATE = [
    "Register Now to Continue Reading",
    "Thank you for visiting Children & Young People Now",
    "What's Included",
    "Free access to 4 subscriber-only articles per month",
    "Email newsletter providing advice and guidance across the sector",
    "Already have an account?",
    "Sign in here",
    "More like this",
    "Hertfordshire Youth Workers",
    "Opportunities in districts teams and countywide",
    "Administration Apprentice",
    "SE1 7JY",
    "We use cookies",
    "Sign up to our free newsletter",
]


def assert_clean(text: str) -> None:
    for line in BOILERPLATE:
        assert line not in text, line
    assert "Register" not in text.splitlines()


# ------------------------------------------------------------------ seeds ---


def _seed(corpus, prefix: str) -> str:
    (path,) = sorted((corpus / "seeds").glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.mark.corpus
def test_seed_001_loses_every_boilerplate_line_and_keeps_the_story(corpus):
    raw = _seed(corpus, "001")
    out = clean_plain_text(raw)
    assert_clean(out)
    lines = [ln.strip() for ln in out.splitlines() if ln.strip()]
    # the section label above the headline is not article text either
    assert lines[0] == "Ofsted highlights ongoing children's services failings in Birmingham"
    assert lines[-1].startswith("There have been a number of child protection scandals")
    # every article paragraph of the seed survives, unchanged
    body = raw.split("Register Now to Continue Reading")[0]
    for para in body.splitlines()[2:]:
        if para.strip():
            assert para.strip() in out


@pytest.mark.corpus
def test_seed_001_with_its_url_on_the_first_line(corpus):
    raw = CYPNOW_URL + "\n" + _seed(corpus, "001")
    out = clean_plain_text(raw)
    assert not out.startswith("http")
    assert_clean(out)
    assert "Khyra Ishaq" in out


@pytest.mark.corpus
def test_seed_000_keeps_its_whole_body(corpus):
    raw = _seed(corpus, "000")
    out = clean_plain_text(raw)
    assert out == raw.strip()
    # same through extract_article given the bytes of a .txt file
    res = extract_article(raw.encode("utf-8"))
    assert res.text == raw.strip()
    assert res.method.startswith("plain-text")


@pytest.mark.corpus
def test_seed_001_through_extract_article(corpus):
    res = extract_article(_seed(corpus, "001").encode("utf-8"))
    assert_clean(res.text)
    assert "Keanu Williams" in res.text
    assert res.title == "Ofsted highlights ongoing children's services failings in Birmingham"
    assert any(w.startswith("paywall") for w in res.warnings)


# ------------------------------------------------------------------ CYP Now page ---


@pytest.mark.parametrize(
    "kwargs",
    [{"url": CYPNOW_URL}, {"source": "cypnow"}, {}],
    ids=["by-url", "by-source", "by-pattern"],
)
def test_cypnow_page_is_cleaned(kwargs):
    res = extract_article(CYPNOW_PAGE.encode("utf-8"), **kwargs)
    for part in BODY:
        assert part in res.text
    assert_clean(res.text)
    assert res.method.startswith("trafilatura")
    assert res.method.endswith("+clean:cypnow")
    assert res.title == "Ofsted finds Birmingham safeguarding still failing children"
    assert res.language == "en"
    assert res.version == T.EXTRACTION_VERSION
    assert any("Register Now to Continue Reading" in w for w in res.warnings)
    # a researcher must know the stored text is only the free part of the story
    assert any(w.startswith("paywall") for w in res.warnings)


def test_extract_main_text_matches_the_scorer_calling_convention():
    # the scorer calls fn(html_str, url); text only
    text = extract_main_text(CYPNOW_PAGE, CYPNOW_URL)
    assert isinstance(text, str)
    assert BODY[0] in text
    assert_clean(text)


def test_a_subscriber_view_without_the_wall_is_cut_at_more_like_this():
    lines = [
        *BODY,
        "More like this",
        "Council plans to cut youth centre funding",
        "Jobs",
        "Administration Apprentice",
    ]
    out = clean_plain_text("\n".join(lines), url=CYPNOW_URL)
    assert out.splitlines() == BODY


def test_job_advert_lines_without_their_heading_are_dropped():
    lines = [BODY[0], "SE1 7JY, London (Greater)", "£32,000 - £36,000 per annum", BODY[1]]
    assert clean_plain_text("\n".join(lines), source="cypnow").splitlines() == [BODY[0], BODY[1]]


def test_site_name_is_not_part_of_the_title():
    page = CYPNOW_PAGE.replace(
        'content="Ofsted finds Birmingham safeguarding still failing children"',
        'content="Ofsted finds Birmingham safeguarding still failing children | CYP Now"',
    )
    assert (
        extract_article(page).title == "Ofsted finds Birmingham safeguarding still failing children"
    )


def test_a_navigation_label_at_the_top_does_not_wipe_the_article():
    out = clean_plain_text("Jobs\n" + "\n".join(BODY), source="cypnow")
    assert out.splitlines() == BODY


def test_generic_banners_dropped_but_paragraphs_about_cookies_kept():
    para = (
        "The council said its website uses cookies only for analytics, and that the "
        "consultation on closing six children's centres would stay open until March; parents "
        "who cannot get online can respond by post or at any library in the borough."
    )
    text = "\n".join(
        [
            BODY[0],
            "We use cookies to improve your experience on our site.",
            "Accept all cookies",
            para,
            "Sign up for our free daily newsletter",
            "Advertisement",
            BODY[1],
        ]
    )
    assert clean_plain_text(text).splitlines() == [BODY[0], para, BODY[1]]


def test_a_story_that_names_cyp_now_gets_no_cyp_now_rules():
    text = "News\nChildren & Young People Now reported the figures first.\n" + BODY[0]
    assert rules_for(text) is None
    assert clean_plain_text(text).startswith("News\n")


def test_no_rules_for_other_sources():
    assert rules_for("Some story\nMore text", url="https://www.communitycare.co.uk/2020/x") is None
    assert rules_for("x", url="https://www.cypnow.co.uk/x").name == "cypnow"
    assert rules_for("x", url="http://[bad").__class__ is type(None)
    # "Related" early in an unkeyed story is a heading of the story, not its footer
    text = "Intro line of a story.\nRelated articles\n" + "Body sentence. " * 60
    assert clean_lines(text).text == text.strip()


# ------------------------------------------------------------------ bad input ---


@pytest.mark.parametrize("data", [None, "", b"", "   \n\t", b"\x00\x00\x00\x00" * 100])
def test_empty_input_gives_an_empty_result_with_a_warning(data):
    res = extract_article(data)
    assert isinstance(res, Extraction)
    assert res.text == ""
    assert res.warnings


def test_pdf_bytes_are_rejected_with_a_reason():
    res = extract_article(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj")
    assert res.text == "" and res.method == "rejected"
    assert "PDF" in res.warnings[0]


def test_non_html_text_is_kept_as_plain_text():
    res = extract_article(b"Just a line of plain text about Leeds children's services.")
    assert res.text == "Just a line of plain text about Leeds children's services."
    assert res.method.startswith("plain-text")
    assert res.warnings


def test_a_feed_is_not_taken_for_an_article():
    rss = b'<?xml version="1.0"?><rss><channel><title>T</title><item><title>x</title></item>'
    res = extract_article(rss + b"</channel></rss>")
    assert res.text == "" and res.method == "rejected"
    assert "XML" in res.warnings[0]


def test_a_page_with_no_text_says_so():
    res = extract_article("<html><head><title>t</title></head><body><div></div></body></html>")
    assert res.text == ""
    assert "no main text found" in res.warnings


def test_huge_page_is_cut_and_still_extracted():
    filler = "<div class='promo'><p>" + "x " * 50 + "</p></div>\n"
    page = CYPNOW_PAGE.replace("<footer", filler * 40_000 + "<footer")
    assert len(page) > T.MAX_HTML_CHARS
    res = extract_article(page, CYPNOW_URL)
    assert any("huge page" in w for w in res.warnings)
    assert BODY[0] in res.text


def test_huge_page_of_scripts_is_stripped_not_cut():
    script = "<script>var data = " + "[1,2,3]," * 500_000 + ";</script>"
    page = CYPNOW_PAGE.replace("<body>", "<body>" + script)
    assert len(page) > T.MAX_HTML_CHARS
    res = extract_article(page, CYPNOW_URL)
    assert not any("huge page" in w for w in res.warnings)
    assert BODY[-1] in res.text


def _page(body: str, meta: str = "") -> str:
    return (
        f"<html><head>{meta}<title>Test</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in body.split("\n"))
        + "</article></body></html>"
    )


STORY = (
    "Café owners in Sheffield raised £2,500 for the city’s children’s centres.\n"
    + "The money will pay for a summer programme of trips and activities for families. " * 4
)


@pytest.mark.parametrize(
    "encoding,meta",
    [
        ("cp1252", '<meta charset="utf-8">'),  # declared UTF-8, really Windows-1252
        ("cp1252", ""),  # no declaration at all
        ("latin-1", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
        ("utf-8", '<meta charset="windows-1251">'),  # declared legacy, really UTF-8
        ("utf-16", ""),  # with BOM
        ("utf-16-be-bom", ""),
        ("utf-16-le", ""),  # no BOM
        ("utf-8-sig", ""),
    ],
)
def test_wrong_or_missing_charset_still_gives_readable_text(encoding, meta):
    page = _page(STORY, meta)
    if encoding == "latin-1":
        data = page.replace("’", "'").encode(encoding)
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + page.encode("utf-16-be")
    else:
        data = page.encode(encoding)
    res = extract_article(data)
    assert "Café owners in Sheffield raised £2,500" in res.text
    assert "\ufffd" not in res.text


def test_declared_legacy_charset_is_used():
    page = _page("Новости о детских службах. " * 20, '<meta charset="windows-1251">')
    res = extract_article(page.encode("cp1251"))
    assert "Новости о детских службах" in res.text
    assert res.encoding == "cp1251"


def test_http_charset_hint():
    res = extract_article(_page(STORY).encode("cp1252"), charset="windows-1252")
    assert "Café" in res.text and res.encoding == "cp1252"


def test_gzip_body_is_inflated():
    import gzip

    res = extract_article(gzip.compress(CYPNOW_PAGE.encode("utf-8")), CYPNOW_URL)
    assert BODY[0] in res.text


def test_undecodable_bytes_never_raise():
    data = b"<html><body><p>" + bytes(range(128, 256)) * 40 + b"</p></body></html>"
    res = extract_article(data)
    assert isinstance(res.text, str)


# ------------------------------------------------------------------ fallback ---


def test_short_trafilatura_result_falls_back_to_paragraphs(monkeypatch):
    monkeypatch.setattr(T, "_trafilatura", lambda tree, url, **mode: "")
    res = extract_article(CYPNOW_PAGE, CYPNOW_URL)
    assert res.method == "fallback:paragraphs"
    assert BODY[0] in res.text
    assert_clean(res.text)
    assert any("fallback" in w for w in res.warnings)


def test_paragraph_extractor_skips_navigation_and_banners():
    from trafilatura.utils import load_html

    text = T.paragraph_text(load_html(CYPNOW_PAGE))
    assert BODY[0] in text
    assert "We use cookies" not in text
    assert "Events" not in text


# ------------------------------------------------------------------ benchmark ---

# Measured on the full benchmark: 0.9689 (plain trafilatura with include_comments=False: 0.9598,
# defaults: 0.9525, same run; see bench/RESULTS.md). The target is 0.965; this asserts
# what the extractor actually reaches, so a regression in the rules or settings shows here.
BENCHMARK_F1 = 0.968


def _scorer(eval_dir):
    spec = importlib.util.spec_from_file_location(
        "score_extraction", eval_dir / "score_extraction.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("score_extraction", mod)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.corpus
def test_benchmark_f1(eval_dir):
    se = _scorer(eval_dir)
    data = eval_dir / "article-extraction-benchmark"
    gt = se.load_benchmark(data)
    truth = {k: v.get("articleBody", "") for k, v in gt.items()}
    preds, _times, errors = se.run_extractor(extract_main_text, gt, data)
    assert not errors
    metrics, _ = se.score(truth, preds, n=4, n_bootstrap=0)
    assert metrics["f1"] >= BENCHMARK_F1, metrics


# ------------------------------------------------------------------ robustness ---


@st.composite
def mutated_pages(draw):
    page = CYPNOW_PAGE
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["cut", "insert", "truncate", "dup"]))
        i = draw(st.integers(0, len(page)))
        j = draw(st.integers(i, min(len(page), i + 400)))
        if op == "cut":
            page = page[:i] + page[j:]
        elif op == "insert":
            junk = draw(
                st.one_of(
                    st.text(max_size=40),
                    st.sampled_from(
                        ["<", ">", "</div>", "<p>", "<!--", "<script>", "&#0;", "\x00"]
                    ),
                )
            )
            page = page[:i] + junk + page[i:]
        elif op == "truncate":
            page = page[:i]
        else:
            page = page[:j] + page[i:j] + page[j:]
    as_bytes = draw(st.booleans())
    if as_bytes:
        return page.encode(draw(st.sampled_from(["utf-8", "cp1252", "utf-16"])), "replace")
    return page


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_pages())
def test_mutated_html_never_raises(page):
    text = extract_main_text(page, CYPNOW_URL)
    assert isinstance(text, str)
