"""Every PDF in the shared corpus parsed to the values read by hand from the report itself.

The expected values were read from each PDF (title page, judgement table, dates), not from the
parser's output. Missing fields are asserted too: a report may lack a printed publication date,
but nothing else may go unread.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

from pipeline import vocabulary as v
from pipeline.reports.text import flat

D = date
OS, GD, RI, AD, IN = "outstanding", "good", "requires_improvement", "adequate", "inadequate"


def ilacs18(lead, help_, care, overall):
    return {
        "leadership": lead,
        "help_and_protection": help_,
        "in_care_and_care_leavers": care,
        "overall_effectiveness": overall,
    }


def ilacs23(lead, help_, care, leavers, overall=None):
    out = {
        "leadership": lead,
        "help_and_protection": help_,
        "in_care": care,
        "care_leavers": leavers,
    }
    if overall:
        out["overall_effectiveness"] = overall
    return out


def sif(overall, help_, lap, adoption, leavers, lead, lscb=None):
    out = {
        "overall_effectiveness": overall,
        "help_and_protection": help_,
        "looked_after_and_permanence": lap,
        "adoption": adoption,
        "care_leavers": leavers,
        "leadership": lead,
    }
    if lscb:
        out["lscb"] = lscb
    return out


NO_PUB = {"published"}  # ILACS and area SEND reports print no publication date

# file prefix: (type, framework, ONS code, start, end, published, judgements, missing fields)
EXPECTED = {
    "2532283_dorset_": (
        "ilacs_short",
        "ilacs_2023",
        "E06000059",
        D(2025, 3, 17),
        D(2025, 3, 21),
        None,
        ilacs23(OS, OS, OS, GD, OS),
        NO_PUB,
    ),
    "2532287_bournemouth": (
        "ilacs_standard",
        "ilacs_2018",
        "E06000058",
        D(2021, 12, 6),
        D(2021, 12, 17),
        None,
        ilacs18(IN, IN, RI, IN),
        NO_PUB,
    ),
    "2637539_north-northamptonshire": (
        "ilacs_standard",
        "ilacs_2026",
        "E06000061",
        D(2026, 5, 11),
        D(2026, 5, 22),
        None,
        ilacs23(OS, GD, GD, GD),
        NO_PUB,
    ),
    "2733690_cumberland": (
        "ilacs_standard",
        "ilacs_2023",
        "E06000063",
        D(2024, 10, 7),
        D(2024, 10, 18),
        None,
        ilacs23(GD, RI, GD, GD, GD),
        NO_PUB,
    ),
    "80418_norfolk_childrens": (
        "looked_after_children",
        "lac",
        "E10000020",
        D(2013, 7, 8),
        D(2013, 7, 12),
        D(2013, 8, 16),
        {"looked_after_overall": IN, "capacity_to_improve": IN},
        set(),
    ),
    "80418_norfolk_joint": (
        "jtai",
        "jtai",
        "E10000020",
        D(2024, 12, 9),
        D(2024, 12, 13),
        D(2025, 2, 27),
        {},
        set(),
    ),
    "80426_barnsley": (
        "ilacs_short",
        "ilacs_2023",
        "E08000016",
        D(2023, 9, 11),
        D(2023, 9, 15),
        None,
        ilacs23(GD, RI, GD, GD, GD),
        NO_PUB,
    ),
    "80429_birmingham_childrens-services-inspection_2014": (
        "sif",
        "sif_2013",
        "E08000025",
        D(2014, 3, 18),
        D(2014, 4, 9),
        D(2014, 5, 23),
        sif(IN, IN, IN, IN, IN, IN, IN),
        set(),
    ),
    "80429_birmingham_childrens-services-inspection_2016": (
        "sif_reinspection",
        "sif_2013",
        "E08000025",
        D(2016, 9, 12),
        D(2016, 10, 6),
        D(2016, 11, 25),
        sif(IN, IN, RI, RI, RI, IN),
        set(),
    ),
    "80429_birmingham_childrens-services-inspection_2019": (
        "ilacs_standard",
        "ilacs_2018",
        "E08000025",
        D(2018, 12, 3),
        D(2018, 12, 14),
        None,
        ilacs18(RI, RI, RI, RI),
        NO_PUB,
    ),
    "80429_birmingham_childrens-services-inspection_2023": (
        "ilacs_standard",
        "ilacs_2023",
        "E08000025",
        D(2023, 2, 20),
        D(2023, 3, 3),
        None,
        ilacs23(GD, GD, GD, GD, GD),
        NO_PUB,
    ),
    "80436_bracknell-forest": (
        "jtai",
        "jtai",
        "E06000036",
        D(2019, 1, 21),
        D(2019, 1, 25),
        D(2019, 3, 8),
        {},
        set(),
    ),
    "80438_brighton-and-hove": (
        "send_area",
        "send_2023",
        "E06000043",
        D(2023, 3, 27),
        D(2023, 3, 31),
        None,
        {"send_outcome": "positive"},
        NO_PUB,
    ),
    "80443_bury_area-send": (
        "send_area",
        "send_2023",
        "E08000002",
        D(2024, 2, 12),
        D(2024, 2, 16),
        None,
        {"send_outcome": "significant_concerns"},
        NO_PUB,
    ),
    "80443_bury_childrens": (
        "ilacs_standard",
        "ilacs_2018",
        "E08000002",
        D(2021, 10, 25),
        D(2021, 11, 5),
        None,
        ilacs18(IN, IN, RI, IN),
        NO_PUB,
    ),
    "80450_london-corporation": (
        "ilacs_short",
        "ilacs_2018",
        "E09000001",
        D(2020, 3, 2),
        D(2020, 3, 6),
        None,
        ilacs18(OS, GD, OS, OS),
        NO_PUB,
    ),
    "80455_isles-of-scilly": (
        "ilacs_short",
        "ilacs_2018",
        "E06000053",
        D(2019, 10, 14),
        D(2019, 10, 18),
        None,
        ilacs18(OS, GD, GD, GD),
        NO_PUB,
    ),
    "80464_dudley": (
        "send_area",
        "send_2023",
        "E08000027",
        D(2025, 1, 20),
        D(2025, 1, 24),
        None,
        {"send_outcome": "inconsistent"},
        NO_PUB,
    ),
    "80476_kent": (
        "ilacs_short",
        "ilacs_2023",
        "E10000016",
        D(2025, 11, 3),
        D(2025, 11, 7),
        None,
        ilacs23(GD, GD, OS, RI, GD),
        NO_PUB,
    ),
    "80477_kingston-upon-hull": (
        "sif",
        "sif_2013",
        "E06000010",
        D(2014, 11, 18),
        D(2014, 12, 10),
        D(2015, 2, 3),
        sif(RI, RI, RI, RI, RI, RI, RI),
        set(),
    ),
    "80485_liverpool": (
        "jtai",
        "jtai",
        "E08000012",
        D(2016, 6, 20),
        D(2016, 6, 24),
        D(2016, 8, 2),
        {},
        set(),
    ),
    "80489_brent": (
        "ilacs_standard",
        "ilacs_2018",
        "E09000005",
        D(2018, 5, 14),
        D(2018, 5, 25),
        None,
        ilacs18(GD, RI, OS, GD),
        NO_PUB,
    ),
    # a progress inspection after the 2008 special JAR: no grades and no inspection dates printed
    "80498_haringey": (
        "joint_area_review",
        "jar",
        "E09000014",
        None,
        None,
        D(2009, 7, 3),
        {},
        {"start", "end"},
    ),
    "80499_harrow": (
        "jtai",
        "jtai",
        "E09000015",
        D(2023, 3, 26),
        D(2023, 3, 31),
        D(2023, 5, 24),
        {},
        set(),
    ),
    "80522_medway": (
        "looked_after_children",
        "lac",
        "E06000035",
        D(2013, 7, 15),
        D(2013, 7, 19),
        D(2013, 8, 23),
        {"looked_after_overall": IN, "capacity_to_improve": AD},
        set(),
    ),
    "80527_north-lincolnshire": (
        "sif",
        "sif_2013",
        "E06000013",
        D(2017, 6, 20),
        D(2017, 7, 13),
        D(2017, 9, 4),
        sif(OS, GD, OS, OS, OS, OS, OS),
        set(),
    ),
    # Slough prints only that the local-authority sections were 'originally published' earlier
    "80553_slough": (
        "sif",
        "sif_2013",
        "E06000039",
        D(2013, 11, 19),
        D(2013, 12, 11),
        None,
        sif(IN, IN, IN, RI, IN, IN, IN),
        NO_PUB,
    ),
    "80555_somerset": (
        "ilacs_short",
        "ilacs_2026",
        "E06000066",
        D(2026, 4, 27),
        D(2026, 5, 1),
        None,
        ilacs23(RI, RI, RI, GD),
        NO_PUB,
    ),
    "80567_surrey": (
        "sif",
        "lscb_2013",
        "E10000030",
        D(2015, 6, 15),
        D(2015, 6, 17),
        D(2015, 8, 3),
        {"lscb": RI},
        set(),
    ),
}

THEMES = {
    "80418_norfolk_joint": "children who are victims of domestic abuse",
    "80436_bracknell-forest": "sexual abuse in the family environment",
    "80485_liverpool": "abuse and neglect (deep dive: child sexual exploitation and those missing"
    " from home, care or education)",
    "80499_harrow": "children and families who need help",
}


def _expected(name: str):
    keys = [k for k in EXPECTED if name.startswith(k)]
    assert len(keys) == 1, f"no single expectation for {name}: {keys}"
    return keys[0], EXPECTED[keys[0]]


def _sources(pdf_dir):
    with open(pdf_dir / "SOURCES.csv", encoding="utf-8-sig", newline="") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


def test_every_corpus_pdf_has_an_expectation(pdf_dir):
    names = sorted(p.name for p in pdf_dir.glob("*.pdf"))
    assert len(names) == len(EXPECTED) == 29
    for name in names:
        _expected(name)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_corpus_report(prefix, pdf_dir, document_of):
    [path] = [p for p in pdf_dir.glob("*.pdf") if p.name.startswith(prefix)]
    urn = _sources(pdf_dir)[path.name]["urn"]
    doc = document_of(path, urn)
    ins = doc.inspection
    type_, framework, code, start, end, published, grades, missing = EXPECTED[prefix]
    assert (ins.type, ins.framework) == (type_, framework)
    assert ins.authority_code == code
    assert (ins.start, ins.end) == (start, end)
    assert ins.published == published
    assert {j.area: j.grade for j in ins.judgements} == grades
    assert len(ins.judgements) == len(grades), "one judgement per area"
    assert {m.field for m in ins.missing} == missing
    assert ins.flags == [], "the report's authority agrees with the crawl's URN"
    assert ins.theme == THEMES.get(prefix)
    # every grade cites the page and the words it was read from
    for j in ins.judgements:
        assert j.page is not None and 1 <= j.page <= len(doc.pages)
        assert j.quote and j.quote in flat(doc.pages[j.page - 1])
    # the document around it
    assert doc.kind == v.INSPECTION_REPORT and doc.extraction_method == "pypdfium2"
    assert [(t.code, t.role) for t in doc.authorities] == [(code, v.SUBJECT)]
    assert doc.title and doc.text and len(doc.content_hash) == 64
    assert doc.published == (published or doc.published) and doc.published is not None


def test_the_corpus_types_cover_every_reader(pdf_dir):
    frameworks = {e[1] for e in EXPECTED.values()}
    assert {
        "ilacs_2018",
        "ilacs_2023",
        "ilacs_2026",
        "sif_2013",
        "lscb_2013",
        "lac",
        "jtai",
        "send_2023",
        "jar",
    } <= frameworks


def test_letters_carry_headline_findings(pdf_dir, document_of):
    for prefix in ("80418_norfolk_joint", "80499_harrow", "80498_haringey"):
        [path] = [p for p in pdf_dir.glob("*.pdf") if p.name.startswith(prefix)]
        findings = document_of(path, None).inspection.findings
        assert findings and all(len(f) > 40 for f in findings), prefix
