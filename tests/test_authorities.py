"""The authority register: its packaged data, lookup rules and the build script."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from dataclasses import FrozenInstanceError
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.authorities import (
    AmbiguousAuthority,
    Authority,
    AuthorityError,
    UnknownAuthority,
    normalise_name,
    register,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "pipeline" / "data"
BIRMINGHAM = "E08000025"


@pytest.fixture(scope="module")
def reg():
    return register()


# --- the data -----------------------------------------------------------------------------


def test_153_current_authorities_each_with_ons_dfe_and_urn(reg):
    current = reg.current()
    assert len(current) == 153
    for a in current:
        assert re.fullmatch(r"E0[689]\d{6}|E10\d{6}", a.code), a
        assert a.dfe_code and re.fullmatch(r"\d{3}", a.dfe_code), a
        assert a.urn and a.urn.isdigit(), a
        assert a.region and a.kind and a.valid_to is None
    for attr in ("code", "dfe_code", "urn"):
        values = [getattr(a, attr) for a in current]
        assert len(set(values)) == 153, f"duplicate {attr} among current authorities"


def test_ended_authorities_have_end_dates(reg):
    ended = [a for a in reg.all() if not a.current]
    assert len(ended) == 19
    assert all(a.valid_to and a.valid_to < date(2026, 1, 1) for a in ended)
    codes = {a.code for a in ended}
    # Northamptonshire, Cumbria, Bournemouth, Poole, old Dorset, Buckinghamshire county,
    # North Yorkshire and Somerset counties, Barnsley's and Sheffield's pre-2025 codes.
    assert {
        "E10000021",
        "E10000006",
        "E06000028",
        "E06000029",
        "E10000009",
        "E10000002",
        "E10000023",
        "E10000027",
        "E08000016",
        "E08000019",
    } <= codes
    assert reg.get("E08000016").valid_to == date(2025, 4, 30)


def test_names_official_and_short(reg):
    hull = reg.get("E06000010")
    assert hull.name == "Kingston upon Hull, City of"
    assert hull.short_name == "Kingston upon Hull"
    assert reg.get("E06000023").short_name == "Bristol"
    assert reg.get("E06000019").short_name == "Herefordshire"
    assert reg.get("E08000013").short_name == "St Helens"
    assert reg.get("E06000058").short_name == "Bournemouth, Christchurch and Poole"


def test_kinds_regions_and_domains(reg):
    birmingham = reg.get(BIRMINGHAM)
    assert (birmingham.kind, birmingham.region) == ("metropolitan district", "West Midlands")
    assert birmingham.domain == "birminghamchildrenstrust.co.uk"
    assert reg.get("E10000016").kind == "county"
    assert reg.get("E09000012").kind == "London borough"
    # Cumberland is a unitary whatever the Ofsted lookup's type column says.
    assert reg.get("E06000063").kind == "unitary authority"
    assert reg.get("E09000001").kind == "city corporation"
    assert reg.get("E08000016").region == "Yorkshire and The Humber"


def test_terminated_urns_come_from_the_data_only(reg):
    assert reg.get("E10000021").urn == "121939"  # Northamptonshire
    assert reg.get("E10000006").urn == "135513"  # Cumbria
    assert reg.get("E06000028").urn is None  # Bournemouth: none in the data
    assert reg.get("E10000009").urn is None  # old Dorset county
    # A re-coded council keeps its Ofsted provider page.
    assert reg.get("E08000016").urn == reg.get("E08000038").urn == "80426"


# --- succession ---------------------------------------------------------------------------


def test_northamptonshire_succession(reg):
    county = reg.get("E10000021")
    assert county.valid_to == date(2021, 3, 31)
    assert set(county.successors) == {"E06000061", "E06000062"}
    for code in county.successors:
        unitary = reg.get(code)
        assert unitary.predecessors == ("E10000021",)
        assert unitary.valid_from == date(2021, 4, 1)


def test_cumbria_succession(reg):
    cumbria = reg.get("E10000006")
    assert cumbria.valid_to == date(2023, 3, 31)
    assert {reg.get(c).short_name for c in cumbria.successors} == {
        "Cumberland",
        "Westmorland and Furness",
    }
    assert reg.get("E06000063").predecessors == ("E10000006",)


@pytest.mark.parametrize(
    "old, new",
    [
        ("E08000016", "E08000038"),  # Barnsley 2025
        ("E08000019", "E08000039"),  # Sheffield 2025
        ("E08000020", "E08000037"),  # Gateshead 2013
        ("E06000048", "E06000057"),  # Northumberland 2013
        ("E10000023", "E06000065"),  # North Yorkshire 2023
        ("E10000002", "E06000060"),  # Buckinghamshire 2020
        ("E06000029", "E06000058"),  # Poole 2019
        ("E10000001", "E06000056"),  # Bedfordshire 2009
    ],
)
def test_known_successions(reg, old, new):
    assert new in reg.get(old).successors
    assert old in reg.get(new).predecessors


def test_succession_is_symmetric_and_contiguous(reg):
    for a in reg.all():
        for code in a.successors:
            successor = reg.get(code)  # raises if a successor is missing
            assert a.code in successor.predecessors
            assert successor.valid_from == a.valid_to + timedelta(days=1), (a, successor)
        for code in a.predecessors:
            assert a.code in reg.get(code).successors
        assert a.current or a.successors, f"{a} ended with no successor"


# --- lookup -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Birmingham Children's Trust",
        "birmingham city council",
        "E08000025",
        "e08000025",
        "330",
        "80429",
        "Birmingham",
        "  BIRMINGHAM   City Council. ",
        "Birmingham Childrens Trust",
        "Birmingham Children’s Trust",
    ],
)
def test_birmingham_forms(reg, text):
    assert reg.lookup(text).code == BIRMINGHAM


@pytest.mark.parametrize(
    "text, code",
    [
        ("Hull City Council", "E06000010"),
        ("Kingston upon Hull", "E06000010"),
        ("Telford & Wrekin Council", "E06000020"),
        ("Royal Borough of Kensington and Chelsea", "E09000020"),
        ("The Royal Borough of Kingston upon Thames", "E09000021"),
        ("London Borough of Hackney", "E09000012"),
        ("Kent County Council", "E10000016"),
        ("st. helens council", "E08000013"),
        ("Stockton on Tees", "E06000004"),
        ("Durham County Council", "E06000047"),
        ("Newcastle City Council", "E08000021"),
        ("Worcestershire Children First", "E10000034"),
        ("BCP", "E06000058"),
        ("Cumbria", "E10000006"),
    ],
)
def test_lookup_names_and_aliases(reg, text, code):
    assert reg.lookup(text).code == code


def test_generated_forms_fit_the_kind(reg):
    for a in reg.all():
        folded = [normalise_name(x) for x in a.aliases]
        if a.kind != "London borough":
            assert not any(x.startswith("london borough of") for x in folded), a
        else:
            assert not any(x.endswith("county council") for x in folded), a
        if a.code not in {"E09000011", "E09000020", "E09000021", "E06000040"}:
            assert not any(x.startswith("royal borough") for x in folded), a
    with pytest.raises(UnknownAuthority) as err:
        reg.lookup("London Borough of Kent")
    assert err.value.suggestions[0].code == "E10000016"  # but it points at Kent


def test_every_name_finds_its_authority(reg):
    for a in reg.all():
        for form in a.names():
            assert a in reg.candidates(form), (a, form)
            if a.current:
                try:
                    assert reg.lookup(form) == a, (a, form)
                except AmbiguousAuthority as err:
                    assert a in err.candidates


def test_shared_alias_is_ambiguous_never_guessed(reg):
    with pytest.raises(AmbiguousAuthority) as err:
        reg.lookup("Achieving for Children")
    assert {a.code for a in err.value.candidates} == {"E06000040", "E09000021", "E09000027"}
    assert err.value.query == "Achieving for Children"
    assert "Richmond upon Thames" in str(err.value)
    # Both trust councils are active on the date, so a date does not settle it.
    with pytest.raises(AmbiguousAuthority):
        reg.lookup("Northamptonshire Children's Trust", on=date(2022, 6, 1))
    assert isinstance(err.value, AuthorityError) and isinstance(err.value, LookupError)


def test_date_rule_for_reused_names(reg):
    assert reg.lookup("Dorset").code == "E06000059"
    assert reg.lookup("Dorset", on=date(2015, 6, 1)).code == "E10000009"
    assert reg.lookup("Dorset County Council").code == "E10000009"
    assert reg.lookup("Barnsley").code == "E08000038"
    assert reg.lookup("Barnsley", on=date(2020, 1, 1)).code == "E08000016"
    assert reg.lookup("Northumberland", on=date(2010, 1, 1)).code == "E06000048"
    # A unique name is the answer even outside its dates; `on` only settles choices.
    assert reg.lookup("Northamptonshire", on=date(2024, 1, 1)).code == "E10000021"
    assert {a.code for a in reg.candidates("Dorset")} == {"E06000059", "E10000009"}


def test_unknown_authority_suggests_closest(reg):
    with pytest.raises(UnknownAuthority) as err:
        reg.lookup("Birmingam")
    assert err.value.suggestions[0].code == BIRMINGHAM
    assert "Did you mean" in str(err.value) and "Birmingham" in str(err.value)
    with pytest.raises(UnknownAuthority) as err:
        reg.lookup("Northampton")
    assert {"E06000061", "E06000062"} <= {a.code for a in err.value.suggestions}
    with pytest.raises(UnknownAuthority):
        reg.lookup("Cardiff")
    with pytest.raises(UnknownAuthority):
        reg.get("E99999999")
    with pytest.raises(UnknownAuthority):
        reg.lookup("")


def test_by_codes(reg):
    assert reg.by_urn("80429").code == BIRMINGHAM
    assert reg.by_urn("80426").code == "E08000038"
    assert reg.by_urn("80426", on=date(2020, 1, 1)).code == "E08000016"
    assert reg.by_urn("1") is None
    assert reg.by_dfe_code("815").code == "E06000065"
    assert reg.by_dfe_code("815", on=date(2019, 1, 1)).code == "E10000023"
    assert reg.by_dfe_code("999") is None


def test_alias_table(reg):
    table = dict(reg.alias_table())
    assert table["birmingham childrens trust"] == (BIRMINGHAM,)
    assert set(table["achieving for children"]) == {"E06000040", "E09000021", "E09000027"}
    assert all(alias == normalise_name(alias) for alias in table)
    assert [a for a, _ in reg.alias_table()] == sorted(table)


def test_upper_tier_for_district(reg):
    up = reg.upper_tier_for_district
    assert up("Carlisle", date(2020, 6, 1)).code == "E10000006"  # Cumbria
    assert up("Carlisle City Council", date(2024, 6, 1)).code == "E06000063"  # Cumberland
    assert up("E07000028", date(2024, 6, 1)).code == "E06000063"
    assert up("Barrow-in-Furness", date(2024, 6, 1)).code == "E06000064"
    assert up("Christchurch", date(2018, 6, 1)).code == "E10000009"
    assert up("Christchurch", date(2020, 6, 1)).code == "E06000058"
    assert up("Newcastle-under-Lyme Borough Council", date(2020, 6, 1)).code == "E10000028"
    assert up("Salisbury", date(2008, 6, 1)).code == "E10000033"
    assert up("Leeds", date(2020, 6, 1)).code == "E08000035"
    assert up("Poole", date(2020, 6, 1)).code == "E06000058"
    assert up("Gotham", date(2020, 6, 1)) is None


# --- the value type -----------------------------------------------------------------------


def test_authority_dict_round_trip(reg):
    a = reg.get("E10000021")
    d = a.to_dict()
    assert d["valid_to"] == "2021-03-31" and d["valid_from"] is None
    assert json.loads(json.dumps(d)) == d
    assert Authority.from_dict(d) == a
    assert a.active_on(date(2021, 3, 31)) and not a.active_on(date(2021, 4, 1))
    assert not a.current
    with pytest.raises(FrozenInstanceError):
        a.code = "X"  # type: ignore[misc]


def test_normalise_name():
    assert normalise_name("Telford & Wrekin") == normalise_name("telford and wrekin")
    assert normalise_name("St. Helens") == "st helens"
    assert normalise_name("Stockton-on-Tees") == "stockton on tees"
    assert normalise_name("  Brighton  &  Hove! ") == "brighton and hove"
    assert normalise_name("Children’s Trust") == "childrens trust"


@given(st.text())
def test_normalise_name_is_idempotent(text):
    once = normalise_name(text)
    assert normalise_name(once) == once


# --- against the shared corpus ------------------------------------------------------------


def test_build_script_regenerates_identical_json(corpus, tmp_path):
    out = tmp_path / "authorities.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_authority_register.py"),
            "--reference",
            str(corpus / "reference"),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (DATA / "authorities.json").read_bytes()
    assert (tmp_path / "districts.json").read_bytes() == (DATA / "districts.json").read_bytes()


def test_ofsted_outcomes_resolve(corpus, reg):
    outcomes = corpus / "ofsted" / "outcomes" / "ofsted_la_inspections_as_at_31_march_2025.csv"
    with outcomes.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 153
    for row in rows:
        by_code = reg.get(row["Local authority area code"])
        assert reg.lookup(row["Local authority name"], on=date(2025, 3, 31)) == by_code


def test_report_sources_urns_match(corpus, reg):
    with (corpus / "ofsted" / "pdf" / "SOURCES.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            listed = date.fromisoformat(row["listing_date"])
            assert reg.by_urn(row["urn"], on=listed).code == row["ons_code"], row
