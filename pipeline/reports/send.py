"""Area SEND outcomes. 2023 framework: one of three outcome sentences under 'Inspection
outcome'. 2016 framework (letters): a written statement of action is required, or not."""

from __future__ import annotations

import re

from ..records import Judgement, Missing
from .text import snippet

_I = re.I
_OUTCOMES_2023 = [
    # ordered from the most specific wording; each is the fixed sentence Ofsted prints
    (
        "significant_concerns",
        re.compile(r"widespread and/or systemic failings leading to significant concerns", _I),
    ),
    ("inconsistent", re.compile(r"arrangements lead to inconsistent experiences and outcomes", _I)),
    (
        "positive",
        re.compile(r"arrangements typically lead to positive experiences and outcomes", _I),
    ),
]
_OUTCOME_HEADING = re.compile(r"inspection outcome", _I)
_WSOA_REQUIRED = re.compile(
    r"written statement of action(?: \(WSOA\))? (?:is|was) required"
    r"|(?:required|requires|require) [^.]{0,80}?to (?:produce|submit|prepare) a written statement",
    _I,
)
_WSOA_NOT_REQUIRED = re.compile(
    r"(?:not|no) (?:be )?required to (?:produce|submit|prepare) a written statement"
    r"|written statement of action(?: \(WSOA\))? (?:is|was) not required",
    _I,
)
_LETTER_END = re.compile(r"\byours sincerely\b", _I)
_REVISIT = re.compile(r"\brevisit\b", _I)


def send_2023(pages: list[str]) -> tuple[list[Judgement], list[Missing]]:
    for n in range(1, min(len(pages), 3) + 1):
        text = pages[n - 1]
        h = _OUTCOME_HEADING.search(text)
        start = h.start() if h else 0
        for grade, pat in _OUTCOMES_2023:
            m = pat.search(text, start)
            if m:
                return [Judgement("send_outcome", grade, snippet(text, m.start(), m.end()), n)], []
    if re.search(r"area SEND monitoring inspection", pages[0] if pages else "", _I):
        return [], []  # monitoring inspections have no outcome category
    return [], [Missing("judgement:send_outcome", "none of the three outcome sentences found")]


def send_2016(pages: list[str]) -> tuple[list[Judgement], list[Missing]]:
    """A WSOA is stated when required; its absence counts only if the whole letter is there."""
    if pages and _REVISIT.search(pages[0][:1500]):
        return [], []  # revisits report progress on weaknesses, not a WSOA decision
    for n, text in enumerate(pages, 1):
        m = _WSOA_NOT_REQUIRED.search(text)
        if m:
            q = snippet(text, m.start(), m.end())
            return [Judgement("send_outcome", "no_written_statement", q, n)], []
        m = _WSOA_REQUIRED.search(text)
        if m:
            q = snippet(text, m.start(), m.end())
            return [Judgement("send_outcome", "written_statement_required", q, n)], []
    for n, text in enumerate(pages, 1):
        m = _LETTER_END.search(text)
        if m:
            # the complete letter (signed off) never calls for a written statement of action
            q = "no written statement of action called for before: " + snippet(
                text, m.start(), m.end()
            )
            return [Judgement("send_outcome", "no_written_statement", q, n)], []
    return [], [
        Missing("judgement:send_outcome", "no WSOA decision and the letter's sign-off not found")
    ]
