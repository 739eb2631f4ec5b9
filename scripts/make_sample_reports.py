"""Write the sample Ofsted site: report PDFs, provider pages and their manifests.

    python scripts/make_sample_reports.py [--out sampleweb/sites]

The facts come from `sampleweb/ofsted_facts.py` (real grades and dates). Each PDF mirrors the
first page of the real framework's report (title, "Inspection dates:", the judgement table or
the outcome, "Report published:" where that framework prints one) in our own short prose, and
says on every page that it is a sample. Output is byte-for-byte reproducible: fpdf2's core
fonts (nothing embedded from the machine), and a fixed creation date a day before the listing
(the real files' metadata date is usually within a week of it); a test checks this.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from a checkout

from sampleweb.ofsted_facts import (  # noqa: E402
    FILES_HOST,
    PROVIDERS,
    REPORTS,
    REPORTS_HOST,
    Report,
    reports_for,
)
from sampleweb.ofsted_pages import home_page, provider_page, report_not_found_page  # noqa: E402

NOTE = (
    "cswatch sample web: a short restatement of the published judgements, written for "
    "tests. It is not the Ofsted report; the real report is the authority."
)
LEADERS = "The impact of leaders on social work practice with children and families"
ILACS_ROWS = {
    "leadership": LEADERS,
    "help_and_protection": "The experiences and progress of children who need help and protection",
    "in_care_and_care_leavers": "The experiences and progress of children in care and care leavers",
    "in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
    "overall_effectiveness": "Overall effectiveness",
}
SIF_ROWS = {
    "help_and_protection": "1. Children who need help and protection",
    "looked_after_and_permanence": "2. Children looked after and achieving permanence",
    "adoption": "2.1 Adoption performance",
    "care_leavers": "2.2 Experiences and progress of care leavers",
    "leadership": "3. Leadership, management and governance",
}
LAC_ROWS = {
    "overall_effectiveness": "Overall effectiveness",
    "capacity_to_improve": "Capacity to improve",
    "outcomes": "Outcomes for looked after children and young people",
    "quality_of_provision": "Quality of provision",
    "leadership": "Leadership and management",
}
SEND_OUTCOMES = {
    "significant_concerns": (
        "There are widespread and/or systemic failings leading to significant concerns about "
        "the experiences and outcomes of children and young people with special educational "
        "needs and/or disabilities (SEND), which the local area partnership must address "
        "urgently."
    ),
}


def day(when: date) -> str:
    return f"{when.day} {when:%B %Y}"


def span(start: date, end: date | None) -> str:
    """'20 February to 3 March 2023', in the real reports' style."""
    if end is None:
        return day(start)
    if start.year != end.year:
        return f"{day(start)} to {day(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {day(end)}"
    return f"{start.day} to {day(end)}"


class ReportPDF(FPDF):
    """A4 report with the running header the real reports carry from page 2."""

    running = ""

    def header(self) -> None:
        if self.page_no() > 1 and self.running:
            self.set_font("Helvetica", size=9)
            self.multi_cell(0, 4.5, f"{self.running} {self.page_no()}")
            self.ln(4)

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font("Helvetica", "I", 7.5)
        self.multi_cell(0, 3.5, NOTE)


def new_pdf(r: Report, title: str) -> ReportPDF:
    pdf = ReportPDF(format="A4")
    created = datetime.combine(r.listed - timedelta(days=1), time(9, 0), tzinfo=UTC)
    pdf.set_creation_date(created)
    pdf.set_title(title)
    pdf.set_author("cswatch")
    pdf.set_creator("cswatch scripts/make_sample_reports.py")
    pdf.set_producer("fpdf2")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=24)
    pdf.add_page()
    return pdf


def heading(pdf: FPDF, text: str, size: float = 17) -> None:
    pdf.set_font("Helvetica", "B", size)
    pdf.multi_cell(0, size * 0.5, text, align="L")
    pdf.ln(2)


def para(pdf: FPDF, text: str, bold: bool = False, size: float = 11) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", size)
    pdf.multi_cell(0, 5.6, text)
    pdf.ln(2.5)


def grade_table(pdf: FPDF, rows: list[tuple[str, str]], headings: bool = True) -> None:
    pdf.set_font("Helvetica", size=11)
    with pdf.table(
        col_widths=(110, 56), text_align="LEFT", first_row_as_headings=headings, line_height=6
    ) as table:
        if headings:
            table.row(["Judgement", "Grade"])
        for label, grade in rows:
            table.row([label, grade])
    pdf.ln(4)


def ilacs(r: Report) -> ReportPDF:
    """ILACS 2018, 2023 and 2026 frameworks: first page as the real ones lay it out."""
    old_style = r.start < date(2020, 1, 1)  # 2018-19 reports: council name, then the title
    title = f"Inspection of {r.subject} local authority children's services"
    pdf = new_pdf(r, title)
    pdf.running = (
        f"Inspection of {r.place} local authority children's services\n{span(r.start, r.end)}"
    )
    if old_style:
        heading(pdf, r.subject)
        heading(pdf, "Inspection of children's social care services", 14)
    else:
        heading(pdf, title)
    para(pdf, f"Inspection dates: {span(r.start, r.end)}")
    rows = [(ILACS_ROWS[a], g) for a, g in r.grades.items() if a != "overall_effectiveness"]
    if r.start >= date(2026, 4, 1):  # the 2026 framework drops "social work" from the row
        rows[0] = ("The impact of leaders on practice with children and families", rows[0][1])
    if "overall_effectiveness" in r.grades:
        rows.append(("Overall effectiveness", r.grades["overall_effectiveness"]))
    grade_table(pdf, rows)
    weeks = "one week" if r.type == "ilacs_short" else "two weeks"
    overall = r.grades.get("overall_effectiveness")
    summary = f"Inspectors looked at services for children in {r.place} over {weeks} on site. " + (
        f"They judged the overall effectiveness of these services as '{overall.lower()}'."
        if overall
        else "Under the framework in use from April 2026 there is no overall "
        "effectiveness judgement; the four judgements above stand on their own."
    )
    para(pdf, summary)
    pdf.add_page()
    para(pdf, "Information about this inspection", bold=True, size=13)
    para(
        pdf,
        "This inspection was carried out under the framework for inspecting local authority "
        "children's services (ILACS). The grades in the table on the first page are the "
        "judgements Ofsted published for this inspection.",
    )
    return pdf


def sif(r: Report) -> ReportPDF:
    """Single inspection framework (2013-2017) and its re-inspections."""
    reinspection = r.type == "sif_reinspection"
    pdf = new_pdf(r, f"{r.subject} - inspection of services for children")
    pdf.running = f"Inspection of services for children in {r.place}"
    heading(pdf, r.subject)
    kind = "Re-inspection" if reinspection else "Inspection"
    heading(
        pdf,
        f"{kind} of services for children in need of help and protection, children looked "
        "after and care leavers",
        13,
    )
    if "lscb" in r.grades and r.place == "Birmingham":  # 2014's combined report title
        heading(
            pdf, "and\nReview of the effectiveness of the local safeguarding children board", 13
        )
    # The first SIF reports said "Inspection date:", re-inspections "Inspection dates:".
    para(pdf, f"Inspection date{'s' if reinspection else ''}: {span(r.start, r.end)}")
    para(pdf, f"Report published: {day(r.published)}")  # type: ignore[arg-type]
    overall = r.grades["overall_effectiveness"]
    if reinspection:
        para(pdf, f"Children's services in {r.place} are {overall.lower()}", bold=True, size=13)
    elif overall == "Inadequate":
        para(pdf, "The overall judgement is inadequate", bold=True, size=13)
    else:
        para(pdf, "The overall judgement is that children's services require improvement", True)
    para(
        pdf, "The judgements on areas of the service that contribute to overall effectiveness are:"
    )
    grade_table(pdf, [(SIF_ROWS[a], r.grades[a]) for a in SIF_ROWS], headings=False)
    if "lscb" in r.grades:
        lscb = r.grades["lscb"]
        verb = "is inadequate" if lscb == "Inadequate" else "requires improvement"
        if r.lscb_section:  # e.g. Hull 2015: the review is a section of its own, later on
            pdf.add_page()
            heading(pdf, f"{r.subject} Safeguarding Children Board", 14)
            heading(
                pdf, "Inspection of the effectiveness of the local safeguarding children board", 12
            )
            para(pdf, f"Inspection date: {span(r.start, r.end)}")
            para(pdf, f"Report published: {day(r.listed)}")
            para(pdf, f"The Local Safeguarding Children Board {verb}", bold=True)
        else:
            para(
                pdf,
                f"The effectiveness of the Local Safeguarding Children Board (LSCB) {verb}",
                True,
            )
    return pdf


def looked_after(r: Report) -> ReportPDF:
    """2013 inspection of looked after children services (grades 1-4, 'adequate' scale)."""
    pdf = new_pdf(r, f"{r.subject} - inspection of looked after children services")
    pdf.running = f"{r.subject} Inspection of looked after children services"
    heading(pdf, "Inspection of looked after children services")
    heading(pdf, r.subject, 14)
    para(pdf, f"Inspection dates: {span(r.start, r.end)}")
    para(pdf, "Age group: All")
    para(pdf, f"Published: {day(r.published)}")  # type: ignore[arg-type]
    overall = r.grades["overall_effectiveness"]
    number = {"Outstanding": 1, "Good": 2, "Adequate": 3, "Inadequate": 4}[overall]
    para(pdf, "Overall effectiveness of services for looked after children and young people", True)
    para(pdf, f"Grade {number} ({overall.lower()})")
    pdf.add_page()
    para(pdf, "Record of main findings", bold=True, size=13)
    para(pdf, "Services for looked after children", bold=True)
    grade_table(pdf, [(LAC_ROWS[a], r.grades[a]) for a in LAC_ROWS], headings=False)
    return pdf


def jtai(r: Report) -> ReportPDF:
    """Joint targeted area inspection: a letter to the area's safeguarding partners."""
    pdf = new_pdf(r, f"Joint targeted area inspection of {r.place}")
    pdf.running = f"Joint targeted area inspection of {r.place}"
    para(pdf, day(r.published or r.listed))
    para(
        pdf,
        f"Chief Executive, {r.place} County Council\n"
        f"Director of Children's Services, {r.place} County Council\n"
        f"Chief Constable, {r.place} Constabulary",
    )
    para(pdf, f"Dear {r.place} Safeguarding Children Partnership")
    heading(pdf, f"Joint targeted area inspection of {r.place}", 13)
    para(
        pdf,
        f"This letter sets out what inspectors found in the joint targeted area inspection "
        f"(JTAI) of {r.theme} in {r.place}. The inspection took place from "
        f"{span(r.start, r.end)}. Inspectors from Ofsted, the Care Quality Commission (CQC), "
        "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) and "
        "His Majesty's Inspectorate of Probation (HMIP) carried it out together.",
    )
    para(pdf, "Joint targeted area inspections do not award grades.")
    return pdf


def send(r: Report) -> ReportPDF:
    """Area SEND inspection, 2023 framework: an outcome category, no grades."""
    pdf = new_pdf(r, f"Area SEND inspection of {r.place} Local Area Partnership")
    pdf.running = f"Inspection report: {r.place} Local Area Partnership\n{span(r.start, r.end)}"
    para(pdf, "Local area partnership report")
    heading(pdf, f"Area SEND inspection of {r.place} Local Area Partnership")
    para(pdf, f"Inspection dates: {span(r.start, r.end)}")
    if r.previous:
        para(pdf, f"Dates of previous inspection: {r.previous}")
    para(pdf, "Inspection outcome", bold=True, size=13)
    para(pdf, SEND_OUTCOMES[r.send_outcome])  # type: ignore[index]
    return pdf


def visit(r: Report) -> ReportPDF:
    """Focused and monitoring visits: an ungraded letter to the director of children's services."""
    name = "focused visit" if r.type == "focused_visit" else "monitoring visit"
    title = f"{name.capitalize()} to {r.place} children's services"
    pdf = new_pdf(r, title)
    pdf.running = title
    para(pdf, f"Director of Children's Services\n{r.subject}")
    para(pdf, "Dear Director of Children's Services")
    heading(pdf, title, 13)
    para(
        pdf,
        f"This letter sets out the findings of the {name} to {r.place} children's services "
        f"on {span(r.start, r.end).replace(' to ', ' and ')}. This visit looked at the local "
        f"authority's arrangements for {r.theme}.",
    )
    para(pdf, "Headline findings", bold=True, size=13)
    para(
        pdf,
        f"A {name} is not graded and does not change the local authority's judgements. This "
        "sample restates the visit's dates and focus only; the findings are in the published "
        "letter.",
    )
    return pdf


RENDER = {
    "ilacs_standard": ilacs,
    "ilacs_short": ilacs,
    "sif": sif,
    "sif_reinspection": sif,
    "looked_after_children": looked_after,
    "jtai": jtai,
    "send_area": send,
    "focused_visit": visit,
    "monitoring_visit": visit,
}


def stamp(when: date) -> str:
    return datetime.combine(when, time(9, 0), tzinfo=UTC).isoformat().replace("+00:00", "Z")


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def manifest(routes: list[dict[str, object]]) -> bytes:
    note = "Generated by scripts/make_sample_reports.py; edit _site.json, not this file."
    return (json.dumps({"_comment": note, "routes": routes}, indent=2) + "\n").encode()


def build(out: Path) -> list[Path]:
    """Write every generated file under `out` (a sites folder); return what was written."""
    written: list[Path] = []
    files, file_routes = out / FILES_HOST, []
    for r in REPORTS:
        if r.not_a_pdf:
            rel = f"v1/file/{r.file_id}.html"
            write(files / rel, report_not_found_page().encode())
            ctype = "text/html; charset=UTF-8"
        else:
            rel = f"v1/file/{r.file_id}.pdf"
            write(files / rel, bytes(RENDER[r.type](r).output()))
            ctype = "application/pdf"
        written.append(files / rel)
        file_routes.append(
            {
                "path": f"/v1/file/{r.file_id}",
                "file": rel,
                "content_type": ctype,
                "last_modified": stamp(r.listed),
            }
        )
    write(files / "_generated.json", manifest(file_routes))
    reports, page_routes = out / REPORTS_HOST, []
    for urn, provider in PROVIDERS.items():
        rel = f"provider/44/{urn}.html"
        write(reports / rel, provider_page(provider).encode())
        written.append(reports / rel)
        newest = max(r.listed for r in reports_for(urn))
        page_routes.append(
            {"path": f"/provider/44/{urn}", "file": rel, "last_modified": stamp(newest)}
        )
    write(reports / "index.html", home_page().encode())
    written.append(reports / "index.html")
    write(reports / "_generated.json", manifest(page_routes))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "sampleweb" / "sites")
    args = parser.parse_args(argv)
    written = build(args.out)
    print(f"wrote {len(written)} files under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
