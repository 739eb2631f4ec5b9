"""Date wording as printed across the years."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.reports.dates import parse_date, parse_range


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("17 March to 21 March 2025", date(2025, 3, 17), date(2025, 3, 21)),
        ("6 to 17 December 2021", date(2021, 12, 6), date(2021, 12, 17)),
        ("25 October 2021 to 5 November 2021", date(2021, 10, 25), date(2021, 11, 5)),
        ("18 November - 10 December 2014", date(2014, 11, 18), date(2014, 12, 10)),
        ("8 - 12 July 2013", date(2013, 7, 8), date(2013, 7, 12)),
        ("15-19 July 2013", date(2013, 7, 15), date(2013, 7, 19)),
        ("20 February to 3 March 2023", date(2023, 2, 20), date(2023, 3, 3)),
        ("29 December to 9 January 2020", date(2019, 12, 29), date(2020, 1, 9)),
        ("on 6, 7 and 8 October 2020.", date(2020, 10, 6), date(2020, 10, 8)),
        ("Between 21 and 25 January 2019, Ofsted", date(2019, 1, 21), date(2019, 1, 25)),
        ("20th to 24th Sept 2015", date(2015, 9, 20), date(2015, 9, 24)),
    ],
)
def test_ranges(text, start, end):
    got = parse_range(text)
    assert got is not None and (got[0], got[1]) == (start, end)


def test_year_from_the_letter():
    assert parse_range("Between 20 and 24 June, Ofsted", default_year=2016)[:2] == (
        date(2016, 6, 20),
        date(2016, 6, 24),
    )
    assert parse_range("Between 20 and 24 June, Ofsted") is None


@pytest.mark.parametrize(
    "text", ["31 to 1 February 2021", "5 to 31 February 2021", "1 January to 30 June 2020", ""]
)
def test_impossible_or_implausible_ranges_are_not_invented(text):
    assert parse_range(text) is None


def test_single_dates():
    assert parse_date("Report published: 3 February 2015") == date(2015, 2, 3)
    assert parse_date("Published: 30 February 2015") is None
