"""Read an Ofsted report: authority, inspection type and framework, dates, judgements.

    parse_report(pages, urn=..., listing=...) -> Inspection     (per-page text in)
    analyse_report(data, url=..., ...)        -> Document       (PDF bytes in; raises PdfError)

Pure functions. Every field a framework has but the text did not yield is reported in
Inspection.missing with a reason; nothing is filled in from outside the report except the
listing date (a fact the crawl saw printed on Ofsted's site), and that use is flagged.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

from .. import vocabulary as v
from ..pdftext import extract
from ..records import AuthorityTag, Document, Inspection, Missing
from . import authority as auth
from . import judgements as jd
from . import send, visits
from .dates import date_after, parse_date, parse_range
from .detect import Detected, detect
from .text import flat, lines

EXTRACTION_VERSION = "reports-1"
_I = re.I
_DATES_LABEL = re.compile(r"\binspection dates?\s*:?\s*", _I)
_PUBLISHED = re.compile(r"\b(?:report )?published\s*:\s*", _I)
_LSCB_TITLE = re.compile(
    r"\b(?:review|inspection) of the effectiveness of the local safeguarding children board", _I
)
# ILACS: a short inspection is one week on site, a standard one two (Ofsted's framework).
SHORT_MAX_DAYS = 8
ILACS_2023_FROM = date(2023, 1, 1)
ILACS_2026_FROM = date(2026, 4, 1)
_LETTERS = ("jtai", "visit", "send_2016")


def parse_report(
    pages: list[str],
    *,
    urn: str | None = None,
    listing: dict | None = None,
    register=None,
) -> Inspection:
    """The inspection a report describes. `register` defaults to pipeline.authorities'."""
    return _parse(pages, urn, listing, register)[0]


def _parse(
    pages: list[str], urn: str | None, listing: dict | None, register
) -> tuple[Inspection, str]:
    """The inspection and the words its authority was read from."""
    fp = [flat(p) for p in pages]
    page1 = fp[0] if fp else ""
    early = " ".join(fp[:4])
    det = detect(page1, early)
    ins = Inspection(type=det.type, framework=det.framework)
    if det.family == "unknown":
        ins.missing.append(Missing("type", "no known report title on page 1"))
    _read_dates(ins, det, fp, pages[0] if pages else "")
    _read_published(ins, det, fp, pages[0] if pages else "", listing)
    _read_grades(ins, det, fp)
    if det.family in ("visit", "jtai", "jar"):
        ins.findings = visits.headline_findings(pages)
        if not ins.findings and det.family == "visit":
            ins.missing.append(Missing("findings", "no headline findings section found"))
    if det.family == "jtai":
        title = _subject_line(pages[0] if pages else "", r"joint targeted area inspection")
        ins.theme = visits.jtai_theme(page1, title)
        if ins.theme is None:
            ins.missing.append(Missing("theme", "no 'multi-agency response to ...' wording"))
    elif det.family == "visit":
        ins.theme = visits.visit_theme(early)
    evidence = _read_authority(ins, det, page1, pages[0] if pages else "", urn, register)
    return ins, evidence


def _read_dates(ins: Inspection, det: Detected, fp: list[str], page1_text: str) -> None:
    got = None
    if det.family in _LETTERS:
        dated = visits.letter_date(page1_text)
        got = visits.visit_dates(fp[0] if fp else "", dated[0].year if dated else None)
    else:
        for text in fp[:2]:
            m = _DATES_LABEL.search(text)
            if m:
                got = parse_range(text[m.end() : m.end() + 90])
                if got is None and (d := parse_date(text[m.end() : m.end() + 40])):
                    got = (d, d, "")
                if got:
                    break
    if got is None and det.family not in _LETTERS and visits.letter_date(page1_text):
        # some older reports (contact, referral and assessment) were letters too
        dated = visits.letter_date(page1_text)
        got = visits.visit_dates(fp[0], dated[0].year if dated else None)
    if got:
        ins.start, ins.end = got[0], got[1]
    else:
        why = "no inspection dates printed" if det.family == "jar" else "inspection dates not found"
        ins.missing += [Missing("start", why), Missing("end", why)]


def _read_published(
    ins: Inspection, det: Detected, fp: list[str], page1_text: str, listing: dict | None
) -> None:
    got = None
    if det.family not in _LETTERS:
        for text in fp[:2]:
            if found := date_after(text, _PUBLISHED):
                got = found[0]
                break
    if got is None and (dated := visits.letter_date(page1_text)):
        # a letter is dated the day Ofsted publishes it (the listing agrees within a day)
        got = dated[0]
    if got is None and (listed := listing_date(listing)):
        got = listed
        ins.flags.append("published_from_listing")
    if got:
        ins.published = got
    else:
        ins.missing.append(Missing("published", "no publication date printed in the report"))


def listing_date(listing: dict | None) -> date | None:
    """The date on Ofsted's listing ('... pdf - 9 May 2025'), as ISO text, date or label."""
    if not listing:
        return None
    for key in ("published", "date", "listing_date", "label", "raw"):
        value = listing.get(key)
        if isinstance(value, date):
            return value
        if isinstance(value, str) and value:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                if d := parse_date(value):
                    return d
    return None


def _read_grades(ins: Inspection, det: Detected, fp: list[str]) -> None:
    if det.family == "ilacs":
        layout = jd.ilacs_layout(fp[0])
        ins.framework = _ilacs_framework(layout, ins.start)
        if ins.start and ins.end:
            short = (ins.end - ins.start) <= timedelta(days=SHORT_MAX_DAYS)
            ins.type = "ilacs_short" if short else "ilacs_standard"
        else:
            ins.missing.append(Missing("type", "ILACS short or standard: no dates on page 1"))
        got, missing = jd.ilacs(fp, ins.framework)
    elif det.family == "sif":
        with_lscb = bool(_LSCB_TITLE.search(fp[0][:450])) or any(
            _LSCB_TITLE.search(text[:300]) for text in fp[1:]
        )
        got, missing = jd.sif(fp, with_lscb)
    elif det.family == "lscb":
        got, missing = jd.lscb(fp)
    elif det.family in ("lac", "slac"):
        got, missing = jd.looked_after(fp, with_safeguarding=det.family == "slac")
    elif det.family == "jar":
        progress = bool(re.search(r"\bprogress\b", fp[0][:300] if fp else "", _I))
        got, missing = jd.jar(fp, progress)
    elif det.family == "send_2023":
        got, missing = send.send_2023(fp)
    elif det.family == "send_2016":
        got, missing = send.send_2016(fp)
    else:
        got, missing = [], []  # letters and CRA inspections carry no grades
    ins.judgements = [j for j in got if j.area in v.JUDGEMENT_AREAS and j.grade in v.ALL_GRADES]
    ins.missing += missing


def _ilacs_framework(layout: str, start: date | None) -> str:
    if layout == "2018":
        return "ilacs_2018"
    if layout and start is None:
        return f"ilacs_{layout}"
    if start is None:
        return "ilacs_2023"  # unreadable table and no dates: judgements will be reported missing
    if start >= ILACS_2026_FROM:
        return "ilacs_2026"
    return "ilacs_2023" if start >= ILACS_2023_FROM else "ilacs_2018"


def _subject_line(page1_text: str, pattern: str) -> str:
    rows = lines(page1_text)
    for i, row in enumerate(rows):
        if re.match(pattern, row, _I):
            title = row
            for nxt in rows[i + 1 : i + 3]:
                if not nxt[:1].islower():
                    break
                title += " " + nxt
            return title
    return ""


def _read_authority(
    ins: Inspection, det: Detected, page1: str, page1_text: str, urn: str | None, register
) -> str:
    if register is None:
        from ..authorities import register as default_register

        register = default_register()
    on = ins.end or ins.start or ins.published
    names = auth.candidates(det.family, page1, page1_text)

    def lookup(name: str, d: date | None):
        # skip names the register does not know before lookup() builds 'did you mean' hints
        if not register.candidates(name):
            raise LookupError(f"unknown authority {name!r}")
        return register.lookup(name, on=d)

    found, why = auth.resolve(names, on, lookup)
    by_urn = None
    if urn:
        try:
            by_urn = register.by_urn(str(urn), on=on)
        except Exception:  # noqa: BLE001 - an unknown URN is reported below, not raised
            by_urn = None
        if by_urn is None:
            ins.flags.append(f"urn_unknown:{urn}")
    if found:
        ins.authority_code = found.code
        if by_urn is not None and by_urn.code != found.code:
            ins.flags.append(
                f"authority_mismatch: report names {found.code} ({found.evidence}); "
                f"crawl URN {urn} is {by_urn.code}"
            )
    elif by_urn is not None:
        ins.authority_code = by_urn.code
        ins.flags.append(f"authority_from_urn: report text unresolved ({why})")
    else:
        ins.missing.append(Missing("authority", why))
    return found.evidence if found else ("crawl URN" if ins.authority_code else "")


def analyse_report(
    data: bytes,
    *,
    url: str,
    source: str = "ofsted",
    listing: dict | None = None,
    urn: str | None = None,
    register=None,
) -> Document:
    """A Document for a report PDF. Raises pipeline.pdftext.PdfError for unreadable files."""
    pdf = extract(data)
    ins, evidence = _parse(pdf.pages, urn, listing, register)
    text = "\n\n".join(pdf.pages)
    published = ins.published or pdf.modified or pdf.created
    tags = []
    if ins.authority_code:
        tags.append(AuthorityTag(ins.authority_code, v.SUBJECT, 1.0, evidence))
    return Document(
        kind=v.INSPECTION_REPORT,
        url=url,
        source=source,
        title=report_title(pdf.pages[0]) or pdf.title,
        text=text,
        published=published,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        extraction_method="pypdfium2",
        extraction_version=EXTRACTION_VERSION,
        language="en",
        relevant=True,
        authorities=tags,
        inspection=ins,
        pages=pdf.pages,
        listing={k: str(val) for k, val in (listing or {}).items()},
    )


_TITLE_STOP = re.compile(
    r"^(inspection dates?|report published|published|lead inspector|reporting inspector"
    r"|judgement|age group|the overall judgement|this letter|dear|between|care quality commission"
    r"|hm inspectorate)\b",
    _I,
)
_SUBJECT = re.compile(
    r"^(joint targeted area inspection|focused visit|monitoring visit|joint local area send"
    r"|local area send)",
    _I,
)


def report_title(page1_text: str) -> str:
    """The title block of page 1, or a letter's subject line."""
    rows = [r for r in lines(page1_text)[:30] if not r.isdigit()]
    for i, row in enumerate(rows):
        if _SUBJECT.match(row):
            return _subject_line("\n".join(rows[i:]), _SUBJECT.pattern)
    title: list[str] = []
    for row in rows[:6]:
        if _TITLE_STOP.match(row) or parse_date(row):
            break
        title.append(row)
    return " ".join(title)[:300]
