"""Facts printed on an Ofsted provider page next to each report link.

The hidden label reads "<Type label>, pdf - <D Month YYYY>" (older entries put two spaces or a
comma before "pdf"). The listing date is what Ofsted calls the publication date for reports that
print none themselves (ILACS, area SEND), so it is kept verbatim alongside the parsed date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

_LABEL = re.compile(
    r"^\s*(?P<label>.+?)\s*,?\s*(?:as\s+)?pdf\s*[-\u2013\u2014]\s*(?P<date>\d{1,2}\s+\w+\s+\d{4})\s*$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class ListingEntry:
    label: str  # e.g. "Children's services inspection"
    listed: date | None
    raw: str

    def as_dict(self) -> dict[str, str]:
        return {
            "label": self.label,
            "listing_date": self.listed.isoformat() if self.listed else "",
            "raw": self.raw,
        }


def parse_listing_label(text: str | None) -> ListingEntry:
    """Split a provider page's hidden label into type label and listing date.

    A label in an unexpected shape keeps its raw text with no date rather than raising: the
    crawl records what the page said and the report parser decides from the PDF itself.
    """
    raw = " ".join((text or "").split())
    m = _LABEL.match(raw)
    if not m:
        return ListingEntry(label=raw, listed=None, raw=raw)
    label = m.group("label").rstrip(" ,")
    try:
        listed = datetime.strptime(m.group("date"), "%d %B %Y").date()
    except ValueError:
        listed = None
    return ListingEntry(label=label, listed=listed, raw=raw)
