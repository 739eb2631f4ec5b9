"""Frameworks and situations the corpus sample lacks, on page text written for these tests in
the layout Ofsted uses for each (title block, date line, judgement table, letter opening)."""

from __future__ import annotations

from datetime import date

from pipeline import vocabulary as v
from pipeline.reports import parse_report


def grades(ins):
    return {j.area: j.grade for j in ins.judgements}


def missing(ins):
    return {m.field for m in ins.missing}


FOCUSED_VISIT = """14 November 2022
Jane Doe
Director of Children's Services
Barnsley Metropolitan Borough Council
Dear Jane
Focused visit to Barnsley local authority children's services
This letter summarises the findings of the focused visit to Barnsley local authority
children's services on 11 and 12 October 2022.
His Majesty's Inspectors for children's social care were Alan Smith and Bea Jones.
Areas covered by the visit
Inspectors evaluated the arrangements for children in need and children subject to a child
protection plan.
Headline findings
Children in need of help and protection in Barnsley receive a timely and proportionate
response. Leaders have a clear understanding of where practice needs to improve.
Most children benefit from stable relationships with their social workers, who know them well.
What needs to improve in this area of social work practice?
◼ The quality of written plans for children in need.
"""

MONITORING_VISIT = """1
3 April 2017
Colin Diamond
Corporate Director for Children and Young People
Birmingham City Council
Dear Colin
Monitoring visit of Birmingham children's services
This letter summarises the findings of the third monitoring visit to Birmingham children's
services since the local authority was judged inadequate in September 2016. The visit was
carried out on 28 February and 1 March 2017.
Overview
The local authority has made steady progress in improving services for children at the front
door. Senior leaders have an accurate understanding of the remaining weaknesses.
Areas covered by the visit
Inspectors reviewed the progress made in the multi-agency safeguarding hub.
"""

SEND_2016_WSOA = """12 July 2019
Ms Jo Bloggs
Director of Children's Services, Bury Council
Dear Ms Bloggs
Joint local area SEND inspection in Bury
Between 13 May 2019 and 17 May 2019, Ofsted and the Care Quality Commission (CQC) conducted a
joint inspection of the local area of Bury to judge the effectiveness of the area in
implementing the disability and special educational needs reforms.
As a result of the findings of this inspection and in accordance with the Children Act 2004
(Joint Area Reviews) Regulations 2015, Her Majesty's Chief Inspector (HMCI) has determined that
a Written Statement of Action (WSOA) is required because of significant areas of weakness in
the local area's practice.
"""

SEND_2016_NO_WSOA = (
    """2 August 2017
Mr A Person
Director of Children's Services, Dudley Metropolitan Borough Council
Dear Mr Person
Joint local area SEND inspection in Dudley
Between 12 June 2017 and 16 June 2017, Ofsted and the Care Quality Commission (CQC) conducted
a joint inspection of the local area of Dudley to judge the effectiveness of the area in
implementing the reforms.
Main findings
The local area has a clear strategy and leaders know the area well.
""",
    """2
Areas for development
◼ Leaders should improve the timeliness of EHC plans.
Yours sincerely
Ofsted and Care Quality Commission
""",
)

SLAC = (
    """Inspection of safeguarding and looked after children services
Slough Borough Council
Inspection dates: 18 - 29 October 2010
Reporting inspector Pat Example HMI
Age group: All
Published: 3 December 2010
""",
    """Record of main findings
Safeguarding services
Overall effectiveness Inadequate
Capacity to improve Adequate
Safeguarding outcomes for children and young people
Children and young people are safe Inadequate
Services for looked after children
Overall effectiveness Adequate
Capacity to improve Adequate
""",
)

CRA = """Inspection of contact, referral and assessment arrangements within local authority
children's services
Haringey
Inspection dates: 13 - 14 April 2011
Reporting inspector A Inspector HMI
Age group: All
Published: 11 May 2011
"""

JAR = (
    """Joint area review
Haringey Children's Services Authority Area
Review of services for children and young people, with particular reference to safeguarding
Age group: All
Published: 1 December 2008
""",
    """Summary table of judgements
Safeguarding 4
Looked after children 3
Service management 4
Capacity to improve 4
""",
)

ILACS = """Inspection of Bury local authority
children's services
Inspection dates: 25 October 2021 to 5 November 2021
Lead inspector: A Person, Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Inadequate
The experiences and progress of children
who need help and protection
Inadequate
The experiences and progress of children in
care and care leavers
Requires improvement to be good
Overall effectiveness Inadequate
"""


def test_focused_visit():
    ins = parse_report([FOCUSED_VISIT])
    assert (ins.type, ins.framework, ins.authority_code) == (
        "focused_visit",
        "focused_visit",
        "E08000016",
    )
    assert (ins.start, ins.end, ins.published) == (
        date(2022, 10, 11),
        date(2022, 10, 12),
        date(2022, 11, 14),
    )
    assert ins.judgements == [] and ins.missing == []
    assert ins.findings[0].startswith("Children in need of help and protection in Barnsley")
    assert "stable relationships" in " ".join(ins.findings)
    assert "children in need" in (ins.theme or "") or ins.theme is None


def test_monitoring_visit():
    ins = parse_report(MONITORING_VISIT.split("\n\n"))
    assert (ins.type, ins.authority_code) == ("monitoring_visit", "E08000025")
    assert (ins.start, ins.end) == (date(2017, 2, 28), date(2017, 3, 1))
    assert ins.published == date(2017, 4, 3)
    assert ins.findings and ins.findings[0].startswith("The local authority has made steady")


def test_visit_without_findings_is_reported_missing():
    text = MONITORING_VISIT.split("Overview")[0]
    ins = parse_report([text])
    assert "findings" in missing(ins)


def test_send_2016_written_statement_required():
    ins = parse_report([SEND_2016_WSOA])
    assert (ins.type, ins.framework, ins.authority_code) == ("send_area", "send_2016", "E08000002")
    assert (ins.start, ins.end) == (date(2019, 5, 13), date(2019, 5, 17))
    assert grades(ins) == {"send_outcome": "written_statement_required"}
    assert ins.judgements[0].page == 1 and "(WSOA) is required" in ins.judgements[0].quote


def test_send_2016_no_written_statement_needs_the_whole_letter():
    ins = parse_report(list(SEND_2016_NO_WSOA))
    assert grades(ins) == {"send_outcome": "no_written_statement"}
    assert ins.judgements[0].page == 2
    # cut before the sign-off: absence of a WSOA is no longer evidence
    cut = parse_report([SEND_2016_NO_WSOA[0]])
    assert cut.judgements == [] and "judgement:send_outcome" in missing(cut)


def test_safeguarding_and_looked_after():
    ins = parse_report(list(SLAC))
    assert (ins.type, ins.framework, ins.authority_code) == (
        "safeguarding_and_looked_after",
        "slac",
        "E06000039",
    )
    assert (ins.start, ins.end, ins.published) == (
        date(2010, 10, 18),
        date(2010, 10, 29),
        date(2010, 12, 3),
    )
    assert grades(ins) == {
        "safeguarding_overall": "inadequate",
        "capacity_to_improve": "adequate",
        "looked_after_overall": "adequate",
        "looked_after_capacity_to_improve": "adequate",
    }
    assert missing(ins) == set()


def test_contact_referral_assessment():
    ins = parse_report([CRA])
    assert ins.type == "unannounced_contact_referral_assessment"
    assert ins.authority_code == "E09000014"
    assert (ins.start, ins.end, ins.published) == (
        date(2011, 4, 13),
        date(2011, 4, 14),
        date(2011, 5, 11),
    )
    assert ins.judgements == [] and ins.missing == []


def test_graded_joint_area_review():
    ins = parse_report(list(JAR))
    assert (ins.type, ins.framework, ins.authority_code) == (
        "joint_area_review",
        "jar",
        "E09000014",
    )
    assert ins.published == date(2008, 12, 1)
    assert grades(ins) == {
        "safeguarding_overall": "inadequate",
        "looked_after_overall": "adequate",
        "capacity_to_improve": "inadequate",
    }


def test_authority_disagreeing_with_urn_is_flagged_not_overridden():
    ins = parse_report([ILACS], urn="80429")  # Birmingham's URN on Bury's report
    assert ins.authority_code == "E08000002"
    assert len(ins.flags) == 1 and ins.flags[0].startswith("authority_mismatch")


def test_unreadable_name_falls_back_to_urn_with_a_flag():
    text = ILACS.replace(
        "Inspection of Bury local authority", "Inspection of Nowhereshire local authority"
    )
    ins = parse_report([text], urn="80443")
    assert ins.authority_code == "E08000002"
    assert ins.flags and ins.flags[0].startswith("authority_from_urn")
    alone = parse_report([text])
    assert alone.authority_code is None and "authority" in missing(alone)


def test_unreadable_judgement_row_is_missing_not_guessed():
    text = ILACS.replace("Overall effectiveness Inadequate", "Overall effectiveness")
    ins = parse_report([text])
    assert "overall_effectiveness" not in grades(ins)
    assert "judgement:overall_effectiveness" in missing(ins)
    assert len(ins.judgements) == 3


def test_body_headings_stand_in_for_an_unreadable_table():
    page1 = ILACS.split("Judgement Grade")[0]
    page2 = (
        "The experiences and progress of children who need help and protection: inadequate\n"
        "1. Children wait too long.\n"
        "The experiences and progress of children in care and care leavers: requires "
        "improvement to be good\n"
    )
    ins = parse_report([page1, page2])
    assert ins.framework == "ilacs_2018"  # from the dates: the table was not there to tell
    assert grades(ins) == {
        "help_and_protection": "inadequate",
        "in_care_and_care_leavers": "requires_improvement",
    }
    assert {j.page for j in ins.judgements} == {2}


def test_listing_date_fills_publication_with_a_flag():
    ins = parse_report([ILACS], listing={"date": "2021-12-17", "type": "Children's services"})
    assert ins.published == date(2021, 12, 17) and "published_from_listing" in ins.flags
    ins = parse_report(
        [ILACS], listing={"label": "Children's services inspection, pdf - 17 December 2021"}
    )
    assert ins.published == date(2021, 12, 17)


def test_unknown_document_is_other_with_reasons():
    ins = parse_report(["A newsletter about something else entirely."])
    assert ins.type == "other" and ins.framework == "unknown"
    assert {"type", "start", "published", "authority"} <= missing(ins)


def test_empty_pages():
    for pages in ([], [""], ["", ""]):
        ins = parse_report(pages)
        assert ins.type in v.INSPECTION_TYPES and ins.judgements == []


CRA_LETTER = """16 May 2011
Mr A Director
Director of Children's Services
Medway Council
Dear Mr Director
Unannounced inspection of contact, referral and assessment arrangements within local authority
children's services
This letter summarises the findings of the unannounced inspection of contact, referral and
assessment arrangements within Medway Council's children's services, carried out on 13 and 14
April 2011.
"""

SIF_REQUIRES = """1
Wakefield
Inspection of services for children in need of help and protection, children looked after and
care leavers
Inspection date: 22 October 2013 - 13 November 2013
Report published: 7 January 2014
Children's services in Wakefield require improvement
1. Children who need help and protection Requires improvement
2. Children looked after and achieving permanence Requires improvement
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Requires improvement
3. Leadership, management and governance Requires improvement
"""


def test_contact_referral_assessment_letter():
    ins = parse_report([CRA_LETTER])
    assert ins.type == "unannounced_contact_referral_assessment"
    assert (ins.start, ins.end, ins.published) == (
        date(2011, 4, 13),
        date(2011, 4, 14),
        date(2011, 5, 16),
    )


def test_sif_overall_without_are():
    ins = parse_report([SIF_REQUIRES])
    assert ins.type == "sif" and ins.authority_code == "E08000036"
    assert grades(ins)["overall_effectiveness"] == "requires_improvement"
    assert grades(ins)["adoption"] == "good"
    assert ins.missing == []
