"""ILACS-era corpus reports: the grades read from the PDF equal Ofsted's official statistics.

Joined on the ONS code and the first day of the inspection. Reports newer than the statistics
(published after 31 March 2025) have no row; every older ILACS report must have one.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

COLUMNS = {
    "Overall effectiveness": "overall_effectiveness",
    "The impact of leaders on social work practice with children and families": "leadership",
    "The experiences and progress of children who need help and protection": "help_and_protection",
    "The experiences and progress of children in care": "in_care",
    "The experiences and progress of care leavers": "care_leavers",
}
GRADES = {
    "Outstanding": "outstanding",
    "Good": "good",
    "Requires improvement to be good": "requires_improvement",
    "Inadequate": "inadequate",
}
TYPES = {"ILACS Standard Inspection": "ilacs_standard", "ILACS Short Inspection": "ilacs_short"}
STATISTICS_UNTIL = date(2025, 3, 31)


def official(outcomes_dir) -> dict[tuple[str, date], dict]:
    rows: dict[tuple[str, date], dict] = {}
    files = [
        ("ofsted_la_ilacs_inspection_history_2018_2025.csv", "Inspection date", "Inspection type"),
        (
            "ofsted_la_in_year_inspections_2024_25.csv",
            "Inspection/Visit date",
            "Inspection/Visit type",
        ),
    ]
    for name, date_col, type_col in files:
        with open(outcomes_dir / name, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if row[type_col] not in TYPES:
                    continue
                grades = {area: GRADES[row[col]] for col, area in COLUMNS.items() if row.get(col)}
                if "care_leavers" not in grades and "in_care" in grades:
                    # 2018 framework: one judgement for children in care and care leavers
                    grades["in_care_and_care_leavers"] = grades.pop("in_care")
                key = (row["Local authority area code"], date.fromisoformat(row[date_col]))
                rows[key] = {"type": TYPES[row[type_col]], "grades": grades}
    return rows


def test_ilacs_grades_equal_official_statistics(corpus, pdf_dir, document_of):
    table = official(corpus / "ofsted" / "outcomes")
    compared = 0
    for path in sorted(pdf_dir.glob("*.pdf")):
        ins = document_of(path, None).inspection
        if not ins.framework.startswith("ilacs_"):
            continue
        row = table.get((ins.authority_code, ins.start))
        if ins.start > STATISTICS_UNTIL:
            assert row is None
            continue
        assert row is not None, f"{path.name}: no official row for {ins.authority_code} {ins.start}"
        assert ins.type == row["type"], path.name
        assert {j.area: j.grade for j in ins.judgements} == row["grades"], path.name
        compared += 1
    assert compared >= 10


@pytest.mark.parametrize("area", ["leadership", "help_and_protection", "overall_effectiveness"])
def test_official_table_is_read(corpus, area):
    table = official(corpus / "ofsted" / "outcomes")
    assert len(table) > 250
    assert all(area in row["grades"] for row in table.values())
