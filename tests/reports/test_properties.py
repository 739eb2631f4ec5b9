"""Property tests: parse_report over mutated real report text never raises and never leaves
the vocabulary, whatever the damage (cut, shuffled, duplicated, case-changed, spliced)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import vocabulary as v
from pipeline.records import Inspection
from pipeline.reports import parse_report

SAMPLES = [
    "2532283_dorset_",
    "80429_birmingham_childrens-services-inspection_2014",
    "80418_norfolk_childrens",
    "80485_liverpool",
    "80464_dudley",
    "80489_brent",
    "80498_haringey",
]
ONS = re.compile(r"^[EW]\d{8}$")
GRADE_WORDS = ["Outstanding", "Good", "Requires improvement", "Inadequate", "Adequate", "good."]


@pytest.fixture(scope="module")
def real_pages(pdf_dir, pages_of) -> list[list[str]]:
    out = []
    for prefix in SAMPLES:
        [path] = [p for p in pdf_dir.glob("*.pdf") if p.name.startswith(prefix)]
        out.append([p for p in pages_of(path)[:6]])  # the pages the readers look at most
    return out


def check(ins: Inspection) -> None:
    assert ins.type in v.INSPECTION_TYPES
    assert isinstance(ins.framework, str) and ins.framework
    for j in ins.judgements:
        assert j.area in v.JUDGEMENT_AREAS and j.grade in v.ALL_GRADES
        assert j.page is None or j.page >= 1
        assert isinstance(j.quote, str)
    assert len({j.area for j in ins.judgements}) == len(ins.judgements)
    assert ins.authority_code is None or ONS.match(ins.authority_code)
    for d in (ins.start, ins.end, ins.published):
        assert d is None or isinstance(d, date)
    if ins.start and ins.end:
        assert ins.start <= ins.end
    for m in ins.missing:
        assert m.field and m.reason


@st.composite
def mutated(draw, real):
    pages = list(draw(st.sampled_from(real)))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["cut", "delete", "insert", "case", "shuffle", "dup", "grade"]))
        i = draw(st.integers(0, len(pages) - 1)) if pages else 0
        if not pages:
            pages = [draw(st.text(max_size=200))]
            continue
        text = pages[i]
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, min(len(text), a + 400)))
        if op == "cut":
            pages = pages[: i + 1]
            pages[i] = text[:a]
        elif op == "delete":
            pages[i] = text[:a] + text[b:]
        elif op == "insert":
            pages[i] = text[:a] + draw(st.text(max_size=80)) + text[a:]
        elif op == "case":
            pages[i] = text[:a] + text[a:b].swapcase() + text[b:]
        elif op == "shuffle":
            pages = draw(st.permutations(pages))
        elif op == "dup":
            pages.insert(i, text)
        else:
            pages[i] = text[:a] + " " + draw(st.sampled_from(GRADE_WORDS)) + " " + text[b:]
    return pages


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_real_reports_stay_in_vocabulary(real_pages, data):
    pages = data.draw(mutated(real_pages))
    check(parse_report(pages))


@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(st.text(max_size=500), max_size=4))
def test_arbitrary_text_never_raises(pages):
    check(parse_report(pages))


@settings(max_examples=100, deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Inspection of Bury local authority children's services",
                "Inspection dates: 6 to 17 December 2021",
                "Inspection dates: 31 to 1 February 2021",
                "Between 45 and 99 June",
                "Overall effectiveness Good",
                "The experiences and progress of children in care Outstanding",
                "Joint targeted area inspection of",
                "Record of main findings Overall effectiveness Adequate",
                "Report published: 30 February 2015",
                "Area SEND inspection of Local Area Partnership",
                "Focused visit to children's services",
                "2.1 Adoption performance Requires",
                "\n",
                "",
            ]
        ),
        max_size=12,
    ).map(lambda parts: [" ".join(parts)])
)
def test_report_fragments_never_raise(pages):
    check(parse_report(pages))
