"""The real inspection history the sample Ofsted site tells, as data.

Every grade and date here is a published fact, taken from the real reports in
`../shared/corpus/ofsted/pdf/` or Ofsted's official statistics in
`../shared/corpus/ofsted/outcomes/` (noted per entry). Two kinds of value are derived, never
invented: end dates where the statistics give only the start (`end_inferred=True`): a
standard ILACS inspection is two weeks on site, Monday to Friday of the next week (+11 days),
a short one one week (+4 days), and a focused or monitoring visit two days (+1 day).

Tests and `cswatch demo` checks can import this module for the expected values; the script
`scripts/make_sample_reports.py` renders the PDFs and provider pages from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Grade words as printed in reports.
OUT = "Outstanding"
GOOD = "Good"
RI = "Requires improvement to be good"
INAD = "Inadequate"
ADEQ = "Adequate"

FILES_HOST = "files.ofsted.gov.uk"
REPORTS_HOST = "reports.ofsted.gov.uk"


@dataclass(frozen=True)
class Provider:
    """One provider page: `https://reports.ofsted.gov.uk/provider/44/<urn>`."""

    urn: str
    name: str  # as the page heading shows it
    la_name: str  # local authority
    region: str
    address: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """One report link on a provider page and the facts our PDF states.

    `type` uses the DESIGN.md vocabulary; `grades` maps DESIGN.md areas to printed grade words.
    `listed` is the date in the page's hidden label; `published` is the date printed in the
    report (SIF and 2013 looked-after children reports print one; ILACS and area SEND do not).
    """

    file_id: str
    urn: str  # the page that lists it (a successor's page for a defunct council)
    subject: str  # the council the report is about, as its title names it
    place: str  # short place name used in running text ("Birmingham")
    type: str
    label: str  # type label on the provider page
    listed: date
    start: date
    end: date | None
    grades: dict[str, str] = field(default_factory=dict)
    published: date | None = None
    theme: str | None = None  # visits and JTAI
    send_outcome: str | None = None
    previous: str | None = None  # area SEND: dates of the previous inspection, as printed
    end_inferred: bool = False
    lscb_section: bool = False  # SIF: LSCB review printed as its own section, not a sentence
    label_style: str = "comma"  # how the hidden span joins label and date (real quirks)
    not_a_pdf: bool = False  # the file answers with the HTML "Report not found" page
    source: str = ""

    @property
    def url(self) -> str:
        return f"https://{FILES_HOST}/v1/file/{self.file_id}"

    @property
    def nonvisual(self) -> str:
        """The hidden span's text, e.g. "Children's services inspection, pdf - 18 April 2023"."""
        when = self.listed.strftime("%d %B %Y")
        if self.label_style == "double_space":  # older listings: "…,  pdf - 16 August 2013"
            return f"{self.label},  pdf - {when}"
        if self.label_style == "as_pdf":  # e.g. Hull's 2015 SIF: "… as pdf - 10 February 2015"
            return f"{self.label} as pdf - {when}"
        return f"{self.label}, pdf - {when}"


PROVIDERS: dict[str, Provider] = {
    p.urn: p
    for p in [
        Provider(
            "80429",
            "Birmingham",
            "Birmingham",
            "West Midlands",
            ("Council House", "Victoria Square", "Birmingham", "B1 1BB"),
        ),
        Provider(
            "80443",
            "Bury",
            "Bury",
            "North West",
            ("Town Hall", "Knowsley Street", "Bury", "BL9 0SW"),
        ),
        Provider(
            "80476",
            "Kent",
            "Kent",
            "South East",
            ("Sessions House", "County Hall", "Maidstone", "ME14 1XQ"),
        ),
        Provider(
            "80418",
            "Norfolk",
            "Norfolk",
            "East of England",
            ("County Hall", "Martineau Lane", "Norwich", "NR1 2DH"),
        ),
        Provider(
            "80477",
            "Kingston upon Hull",
            "Kingston upon Hull, City of",
            "Yorkshire and the Humber",
            ("Guildhall", "Alfred Gelder Street", "Hull", "HU1 2AA"),
        ),
        Provider(
            "2637539",
            "North Northamptonshire",
            "North Northamptonshire",
            "East Midlands",
            ("Sheerness House", "41 Meadow Road", "Kettering", "NN16 8TL"),
        ),
    ]
}

CSI = "Children's services inspection"
PDF = "corpus/ofsted/pdf"
STATS = "corpus/ofsted/outcomes (official statistics)"

REPORTS: list[Report] = [
    # Birmingham (URN 80429)
    Report(
        "50010001",
        "80429",
        "Birmingham City Council",
        "Birmingham",
        "sif",
        CSI,
        listed=date(2014, 5, 23),
        start=date(2014, 3, 18),
        end=date(2014, 4, 9),
        published=date(2014, 5, 23),
        grades={
            "overall_effectiveness": INAD,
            "help_and_protection": INAD,
            "looked_after_and_permanence": INAD,
            "adoption": INAD,
            "care_leavers": INAD,
            "leadership": INAD,
            "lscb": INAD,
        },
        source=f"{PDF}/80429_birmingham_childrens-services-inspection_2014-05-23.pdf",
    ),
    Report(
        "50010002",
        "80429",
        "Birmingham",
        "Birmingham",
        "sif_reinspection",
        CSI,
        listed=date(2016, 11, 25),
        start=date(2016, 9, 12),
        end=date(2016, 10, 6),
        published=date(2016, 11, 25),
        grades={
            "overall_effectiveness": INAD,
            "help_and_protection": INAD,
            "looked_after_and_permanence": "Requires improvement",
            "adoption": "Requires improvement",
            "care_leavers": "Requires improvement",
            "leadership": INAD,
        },
        source=f"{PDF}/80429_birmingham_childrens-services-inspection_2016-11-25.pdf",
    ),
    Report(
        "50010003",
        "80429",
        "Birmingham City Council",
        "Birmingham",
        "ilacs_standard",
        CSI,
        listed=date(2019, 1, 17),
        start=date(2018, 12, 3),
        end=date(2018, 12, 14),
        grades={
            "leadership": RI,
            "help_and_protection": RI,
            "in_care_and_care_leavers": RI,
            "overall_effectiveness": RI,
        },
        source=f"{PDF}/80429_birmingham_childrens-services-inspection_2019-01-17.pdf",
    ),
    Report(
        "50010004",
        "80429",
        "Birmingham City Council",
        "Birmingham",
        "ilacs_standard",
        CSI,
        listed=date(2023, 4, 18),
        start=date(2023, 2, 20),
        end=date(2023, 3, 3),
        grades={
            "leadership": GOOD,
            "help_and_protection": GOOD,
            "in_care": GOOD,
            "care_leavers": GOOD,
            "overall_effectiveness": GOOD,
        },
        source=f"{PDF}/80429_birmingham_childrens-services-inspection_2023-04-18.pdf",
    ),
    Report(
        "50010005",
        "80429",
        "Birmingham City Council",
        "Birmingham",
        "focused_visit",
        "Focused visit",
        listed=date(2024, 10, 24),
        start=date(2024, 9, 24),
        end=date(2024, 9, 25),
        end_inferred=True,
        theme="children in care",
        source=STATS,
    ),
    # Bury (URN 80443)
    Report(
        "50020001",
        "80443",
        "Bury",
        "Bury",
        "ilacs_standard",
        CSI,
        listed=date(2021, 12, 17),
        start=date(2021, 10, 25),
        end=date(2021, 11, 5),
        grades={
            "leadership": INAD,
            "help_and_protection": INAD,
            "in_care_and_care_leavers": RI,
            "overall_effectiveness": INAD,
        },
        source=f"{PDF}/80443_bury_childrens-services-inspection_2021-12-17.pdf",
    ),
    Report(
        "50020002",
        "80443",
        "Bury",
        "Bury",
        "send_area",
        "Area SEND full inspection",
        listed=date(2024, 5, 7),
        start=date(2024, 2, 12),
        end=date(2024, 2, 16),
        send_outcome="significant_concerns",
        previous="13 to 15 May 2019",
        source=f"{PDF}/80443_bury_area-send-full-inspection_2024-05-07.pdf",
    ),
    Report(
        "50020003",
        "80443",
        "Bury",
        "Bury",
        "monitoring_visit",
        "Monitoring visit",
        listed=date(2024, 12, 2),
        start=date(2024, 10, 31),
        end=date(2024, 11, 1),
        end_inferred=True,
        theme="the front door",
        source=STATS,
    ),
    # Kent (URN 80476)
    Report(
        "50030001",
        "80476",
        "Kent County Council",
        "Kent",
        "ilacs_standard",
        CSI,
        listed=date(2022, 7, 5),
        start=date(2022, 5, 9),
        end=date(2022, 5, 20),
        end_inferred=True,
        grades={
            "leadership": OUT,
            "help_and_protection": GOOD,
            "in_care_and_care_leavers": OUT,
            "overall_effectiveness": OUT,
        },
        source=STATS,
    ),
    Report(
        "50030002",
        "80476",
        "Kent County Council",
        "Kent",
        "ilacs_short",
        CSI,
        listed=date(2026, 2, 2),
        start=date(2025, 11, 3),
        end=date(2025, 11, 7),
        grades={
            "leadership": GOOD,
            "help_and_protection": GOOD,
            "in_care": OUT,
            "care_leavers": RI,
            "overall_effectiveness": GOOD,
        },
        source=f"{PDF}/80476_kent_childrens-services-inspection_2026-02-02.pdf",
    ),
    # Norfolk (URN 80418)
    Report(
        "50040001",
        "80418",
        "Norfolk County Council",
        "Norfolk",
        "looked_after_children",
        CSI,
        listed=date(2013, 8, 16),
        start=date(2013, 7, 8),
        end=date(2013, 7, 12),
        published=date(2013, 8, 16),
        label_style="double_space",
        grades={
            "overall_effectiveness": INAD,
            "capacity_to_improve": INAD,
            "outcomes": INAD,
            "quality_of_provision": INAD,
            "leadership": INAD,
        },
        source=f"{PDF}/80418_norfolk_childrens-services-inspection_2013-08-16.pdf",
    ),
    Report(
        "50040002",
        "80418",
        "Norfolk County Council",
        "Norfolk",
        "ilacs_standard",
        CSI,
        listed=date(2023, 1, 13),
        start=date(2022, 11, 7),
        end=date(2022, 11, 18),
        end_inferred=True,
        grades={
            "leadership": GOOD,
            "help_and_protection": GOOD,
            "in_care_and_care_leavers": GOOD,
            "overall_effectiveness": GOOD,
        },
        source=STATS,
    ),
    Report(
        "50040003",
        "80418",
        "Norfolk",
        "Norfolk",
        "jtai",
        "Joint area child protection inspection",
        listed=date(2025, 2, 27),
        start=date(2024, 12, 9),
        end=date(2024, 12, 13),
        published=date(2025, 2, 27),
        theme="the multi-agency response to children who are victims of domestic abuse",
        source=f"{PDF}/80418_norfolk_joint-area-child-protection-inspection_2025-02-27.pdf",
    ),
    # Kingston upon Hull (URN 80477)
    Report(
        "50050001",
        "80477",
        "Kingston upon Hull",
        "Hull",
        "sif",
        "Single inspection of LA children's services",
        listed=date(2015, 2, 10),
        start=date(2014, 11, 18),
        end=date(2014, 12, 10),
        published=date(2015, 2, 3),
        label_style="as_pdf",
        lscb_section=True,
        grades={
            "overall_effectiveness": "Requires improvement",
            "help_and_protection": "Requires improvement",
            "looked_after_and_permanence": "Requires improvement",
            "adoption": "Requires improvement",
            "care_leavers": "Requires improvement",
            "leadership": "Requires improvement",
            "lscb": "Requires improvement",
        },
        source=f"{PDF}/80477_kingston-upon-hull_single-inspection-of-la-childrens-services_2015-02-10.pdf",
    ),
    Report(
        "50050002",
        "80477",
        "Kingston upon Hull City Council",
        "Hull",
        "ilacs_standard",
        CSI,
        listed=date(2019, 5, 17),
        start=date(2019, 1, 14),
        end=date(2019, 1, 25),
        end_inferred=True,
        grades={
            "leadership": RI,
            "help_and_protection": INAD,
            "in_care_and_care_leavers": RI,
            "overall_effectiveness": INAD,
        },
        source=STATS,
    ),
    Report(
        "50050003",
        "80477",
        "Kingston upon Hull City Council",
        "Hull",
        "ilacs_standard",
        CSI,
        listed=date(2023, 1, 13),
        start=date(2022, 11, 14),
        end=date(2022, 11, 25),
        end_inferred=True,
        grades={
            "leadership": RI,
            "help_and_protection": RI,
            "in_care_and_care_leavers": GOOD,
            "overall_effectiveness": RI,
        },
        source=STATS,
    ),
    Report(
        "50050004",
        "80477",
        "Kingston upon Hull City Council",
        "Hull",
        "focused_visit",
        "Focused visit",
        listed=date(2024, 10, 18),
        start=date(2024, 9, 18),
        end=date(2024, 9, 19),
        end_inferred=True,
        theme="children in need and children subject to a child protection plan",
        source=STATS,
    ),
    Report(
        # A real listing (type and date) whose file the replay answers with the HTML
        # "Report not found" page: the crawler must record it as not_a_pdf.
        "50050099",
        "80477",
        "Kingston upon Hull",
        "Hull",
        "send_area",
        "Area SEND full inspection",
        listed=date(2024, 2, 2),
        start=date(2024, 2, 2),
        end=None,
        not_a_pdf=True,
        source="listing only (data-to-insight/ofsted-send-scrape-tool file name)",
    ),
    # North Northamptonshire (URN 2637539), also carrying Northamptonshire's older report
    Report(
        "50060001",
        "2637539",
        "Northamptonshire County Council",
        "Northamptonshire",
        "ilacs_standard",
        CSI,
        listed=date(2019, 7, 29),
        start=date(2019, 6, 17),
        end=date(2019, 6, 28),
        end_inferred=True,
        grades={
            "leadership": RI,
            "help_and_protection": INAD,
            "in_care_and_care_leavers": INAD,
            "overall_effectiveness": INAD,
        },
        source=STATS,
    ),
    Report(
        "50060002",
        "2637539",
        "North Northamptonshire",
        "North Northamptonshire",
        "ilacs_standard",
        CSI,
        listed=date(2022, 11, 25),
        start=date(2022, 10, 3),
        end=date(2022, 10, 14),
        end_inferred=True,
        grades={
            "leadership": RI,
            "help_and_protection": RI,
            "in_care_and_care_leavers": RI,
            "overall_effectiveness": RI,
        },
        source=STATS,
    ),
    Report(
        "50060003",
        "2637539",
        "North Northamptonshire",
        "North Northamptonshire",
        "focused_visit",
        "Focused visit",
        listed=date(2024, 10, 31),
        start=date(2024, 10, 1),
        end=date(2024, 10, 2),
        end_inferred=True,
        theme="care leavers",
        source=STATS,
    ),
    Report(
        "50060004",
        "2637539",
        "North Northamptonshire",
        "North Northamptonshire",
        "ilacs_standard",
        CSI,
        listed=date(2026, 7, 7),
        start=date(2026, 5, 11),
        end=date(2026, 5, 22),
        grades={
            "leadership": OUT,
            "help_and_protection": GOOD,
            "in_care": GOOD,
            "care_leavers": GOOD,
        },
        source=f"{PDF}/2637539_north-northamptonshire_childrens-services-inspection_2026-07-07.pdf",
    ),
]


def reports_for(urn: str) -> list[Report]:
    """A provider page's reports, newest listing first (the real page's order)."""
    return sorted((r for r in REPORTS if r.urn == urn), key=lambda r: r.listed, reverse=True)
