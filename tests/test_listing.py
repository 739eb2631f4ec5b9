from datetime import date

from pipeline.listing import parse_listing_label


def test_current_label_shape():
    e = parse_listing_label("Children's services inspection, pdf - 18 April 2023")
    assert e.label == "Children's services inspection"
    assert e.listed == date(2023, 4, 18)


def test_older_label_shapes_from_real_listings():
    # Shapes seen in real provider pages' file names: double space, "as pdf".
    e = parse_listing_label("Children's services inspection,  pdf - 16 August 2013")
    assert (e.label, e.listed) == ("Children's services inspection", date(2013, 8, 16))
    e = parse_listing_label("Single inspection of LA children's services as pdf - 10 February 2015")
    assert e.label == "Single inspection of LA children's services"
    assert e.listed == date(2015, 2, 10)


def test_unexpected_label_keeps_raw_text_without_a_date():
    e = parse_listing_label("  Something new\n entirely ")
    assert e.listed is None
    assert e.raw == "Something new entirely"
    assert parse_listing_label(None).raw == ""


def test_impossible_date_is_not_invented():
    assert parse_listing_label("Report, pdf - 31 February 2020").listed is None


def test_listing_facts_carry_the_iso_listing_date_the_report_parser_reads():
    facts = parse_listing_label("Children's services inspection, pdf - 09 May 2025").as_dict()
    assert facts["listing_date"] == "2025-05-09"
    assert facts["label"] == "Children's services inspection"
