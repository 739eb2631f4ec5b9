"""Graded judgements: ILACS (2018, 2023, 2026), SIF and the LSCB review, looked-after children
(2013), safeguarding and looked-after children (2009-12) and joint area reviews.

Each reader returns what it read (with quote and page) and a Missing for every judgement the
framework has but the text did not yield. Grades are read only next to their label, never
inferred from the prose around them.
"""

from __future__ import annotations

import re

from ..records import Judgement, Missing
from .text import snippet

_I = re.I
GRADE = (
    r"(outstanding|good|requires\s+improvement(?:\s+to\s+be\s+good)?|require\s+improvement"
    r"|inadequate|adequate)"
)
_GRADE_AT = re.compile(rf"\s*[:\-]?\s*{GRADE}\b", _I)
_NUMERIC = {"1": "outstanding", "2": "good", "3": "adequate", "4": "inadequate"}


def grade_of(word: str) -> str:
    w = " ".join(word.lower().split())
    if w.startswith("require"):
        return "requires_improvement"
    return w


def _read(
    pages: list[str],
    area: str,
    label: re.Pattern[str],
    page_numbers: range | list[int],
) -> Judgement | None:
    """The grade printed right after a label, on the first of the given pages that has it."""
    for n in page_numbers:
        if not 1 <= n <= len(pages):
            continue
        text = pages[n - 1]
        for m in label.finditer(text):
            g = _GRADE_AT.match(text, m.end())
            if g:
                return Judgement(area, grade_of(g[1]), snippet(text, m.start(), g.end()), n)
    return None


def _collect(
    pages: list[str], wanted: list[tuple[str, re.Pattern[str]]], where: list[int], extra: list[int]
) -> tuple[list[Judgement], list[Missing]]:
    got: list[Judgement] = []
    missing: list[Missing] = []
    for area, label in wanted:
        j = _read(pages, area, label, where) or (extra and _read(pages, area, label, extra))
        if j:
            got.append(j)
        else:
            missing.append(Missing(f"judgement:{area}", "label or grade not found in the report"))
    return got, missing


# --- ILACS -----------------------------------------------------------------------------------
_L_LEADERS = re.compile(
    r"(?:the )?impact of leaders on (?:social work )?practice with children and families", _I
)
_L_HELP = re.compile(
    r"(?:the )?experiences and progress of children who need help and protection", _I
)
_L_CARE_BOTH = re.compile(
    r"(?:the )?experiences and progress of children in care and care leavers", _I
)
_L_CARE = re.compile(r"(?:the )?experiences and progress of children in care(?! and care)", _I)
_L_LEAVERS = re.compile(r"(?:the )?experiences and progress of (?:children )?care leavers", _I)
_L_OVERALL = re.compile(r"\boverall effectiveness", _I)


def ilacs_layout(page1: str) -> str:
    """'2018' (care and care leavers combined), '2023' (split, with overall effectiveness),
    '2026' (split, no overall effectiveness) or '' when the table cannot be read."""
    if _L_CARE_BOTH.search(page1):
        return "2018"
    if _L_LEAVERS.search(page1):
        return "2023" if _read([page1], "x", _L_OVERALL, [1]) else "2026"
    return ""


def ilacs(pages: list[str], framework: str) -> tuple[list[Judgement], list[Missing]]:
    """The page-1 table; section headings ('... help and protection: good') as a fallback."""
    wanted = [("leadership", _L_LEADERS), ("help_and_protection", _L_HELP)]
    if framework == "ilacs_2018":
        wanted.append(("in_care_and_care_leavers", _L_CARE_BOTH))
    else:
        wanted += [("in_care", _L_CARE), ("care_leavers", _L_LEAVERS)]
    if framework != "ilacs_2026":
        wanted.append(("overall_effectiveness", _L_OVERALL))
    body = list(range(2, min(len(pages), 12) + 1))
    return _collect(pages, wanted, [1], body)


# --- SIF 2013-2017 and the LSCB review ---------------------------------------------------------
_SIF_AREAS = [
    ("help_and_protection", re.compile(r"\b1\.?\s*children who need help and protection", _I)),
    (
        "looked_after_and_permanence",
        re.compile(r"\b2\.?\s*children looked after and achieving permanence", _I),
    ),
    ("adoption", re.compile(r"\b2\.1\.?\s*adoption performance", _I)),
    ("care_leavers", re.compile(r"\b2\.2\.?\s*experiences and progress of care leavers", _I)),
    ("leadership", re.compile(r"\b3\.?\s*leadership,? management and governance", _I)),
]
_SIF_OVERALL = re.compile(
    rf"the overall judgement is(?: that)?(?: children'?s services)?(?: (?:are|is))?\s*{GRADE}\b"
    rf"|children'?s services in [^.]{{2,60}}? (?:are |is )?{GRADE}\b",
    _I,
)
_LSCB = re.compile(
    rf"(?:effectiveness of the )?local safeguarding children board(?: \(LSCB\))?"
    rf" (?:is (?:judged (?:to be )?)?)?{GRADE}\b",
    _I,
)


def sif(pages: list[str], with_lscb: bool) -> tuple[list[Judgement], list[Missing]]:
    got, missing = _collect(pages, _SIF_AREAS, [1, 2], list(range(3, min(len(pages), 6) + 1)))
    overall = _first_match(pages, _SIF_OVERALL, "overall_effectiveness", range(1, 4))
    if overall:
        got.insert(0, overall)
    else:
        missing.insert(0, Missing("judgement:overall_effectiveness", "overall judgement not found"))
    if with_lscb:
        got_l, missing_l = lscb(pages)
        got += got_l
        missing += missing_l
    return got, missing


def lscb(pages: list[str]) -> tuple[list[Judgement], list[Missing]]:
    j = _first_match(pages, _LSCB, "lscb", range(1, len(pages) + 1))
    if j:
        return [j], []
    return [], [Missing("judgement:lscb", "LSCB judgement sentence not found")]


def _first_match(
    pages: list[str], pattern: re.Pattern[str], area: str, numbers: range
) -> Judgement | None:
    for n in numbers:
        if n > len(pages):
            break
        m = pattern.search(pages[n - 1])
        if m:
            word = next(g for g in m.groups() if g)
            return Judgement(area, grade_of(word), snippet(pages[n - 1], m.start(), m.end()), n)
    return None


# --- looked-after children (2012-13) and safeguarding and looked-after children (2009-12) -----
_MAIN_FINDINGS = re.compile(r"record of main findings", _I)
_SAFEGUARDING_SECTION = re.compile(r"safeguarding services", _I)
_LAC_SECTION = re.compile(
    r"services for looked after children|looked after (?:children'?s? )?services", _I
)
_ROW_OVERALL = re.compile(rf"overall effectiveness\s*:?\s*{GRADE}\b", _I)
_ROW_CAPACITY = re.compile(rf"capacity to improve\s*:?\s*{GRADE}\b", _I)
_SECTION_GRADE = re.compile(
    r"(overall effectiveness|capacity to improve)[^.]{0,120}?grade\s*([1-4])\s*\(", _I
)


def _section_rows(text: str, start: int, stop: int) -> dict[str, tuple[str, str]]:
    """Overall effectiveness / capacity to improve rows within text[start:stop]."""
    rows: dict[str, tuple[str, str]] = {}
    for key, pat in (("overall", _ROW_OVERALL), ("capacity", _ROW_CAPACITY)):
        m = pat.search(text, start, stop)
        if m:
            rows[key] = (grade_of(m[1]), snippet(text, m.start(), m.end()))
    return rows


def looked_after(
    pages: list[str], with_safeguarding: bool
) -> tuple[list[Judgement], list[Missing]]:
    """From the 'Record of main findings' table at the end (the summary judgements), falling
    back to the 'Grade N (word)' lines under the section headings."""
    got: list[Judgement] = []
    missing: list[Missing] = []
    table = None
    for n in range(len(pages), 0, -1):
        m = _MAIN_FINDINGS.search(pages[n - 1])
        if m:
            table = (n, m.end())
            break
    sections: list[tuple[str, str | None, re.Pattern[str]]] = []
    if with_safeguarding:
        sections.append(("safeguarding_overall", "capacity_to_improve", _SAFEGUARDING_SECTION))
        # these inspections grade capacity to improve twice: once per section
        sections.append(("looked_after_overall", "looked_after_capacity_to_improve", _LAC_SECTION))
    else:
        sections.append(("looked_after_overall", "capacity_to_improve", _LAC_SECTION))
    for overall_area, capacity_area, heading in sections:
        rows: dict[str, tuple[str, str]] = {}
        page_no = None
        if table:
            page_no, pos = table
            # the table may run onto the next page
            text = " ".join(pages[page_no - 1 : page_no + 1])
            h = heading.search(text, pos) if with_safeguarding else None
            start = h.end() if h else pos
            # a section ends where the next one's heading starts
            nxt = (
                _LAC_SECTION.search(text, start) if overall_area != "looked_after_overall" else None
            )
            rows = _section_rows(text, start, nxt.start() if nxt else len(text))
        for key, area in (("overall", overall_area), ("capacity", capacity_area)):
            if area is None:
                continue
            if key in rows:
                got.append(Judgement(area, rows[key][0], rows[key][1], page_no))
            elif not with_safeguarding and (j := _graded_heading(pages, key, area)):
                got.append(j)
            else:
                missing.append(Missing(f"judgement:{area}", "record of main findings not read"))
    return got, missing


def _graded_heading(pages: list[str], key: str, area: str) -> Judgement | None:
    for n in range(1, min(len(pages), 8) + 1):
        for m in _SECTION_GRADE.finditer(pages[n - 1]):
            if m[1].lower().startswith(key):
                return Judgement(area, _NUMERIC[m[2]], snippet(pages[n - 1], m.start(), m.end()), n)
    return None


# --- joint area reviews (2005-2009) -------------------------------------------------------------
_JAR_ROWS = [
    ("safeguarding_overall", re.compile(r"\bsafeguarding\b", _I)),
    ("looked_after_overall", re.compile(r"\blooked after children( and young people)?\b", _I)),
    ("capacity_to_improve", re.compile(r"\bcapacity to improve\b", _I)),
]
_JAR_GRADE = re.compile(rf"\s*:?\s*(?:grade\s*)?([1-4])\b(?!\.\d)|\s*:?\s*{GRADE}\b", _I)


def jar(pages: list[str], progress: bool) -> tuple[list[Judgement], list[Missing]]:
    """Graded JARs print a table of areas with grades 1-4; progress inspections have none."""
    if progress:
        return [], []
    got: list[Judgement] = []
    missing: list[Missing] = []
    for area, label in _JAR_ROWS:
        j = None
        for n in range(1, min(len(pages), 6) + 1):
            text = pages[n - 1]
            for m in label.finditer(text):
                g = _JAR_GRADE.match(text, m.end())
                if g:
                    grade = _NUMERIC[g[1]] if g[1] else grade_of(g[2])
                    j = Judgement(area, grade, snippet(text, m.start(), g.end()), n)
                    break
            if j:
                break
        if j:
            got.append(j)
        else:
            missing.append(Missing(f"judgement:{area}", "grade table row not found"))
    return got, missing
