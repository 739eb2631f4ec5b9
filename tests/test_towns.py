"""The towns gazetteer (pipeline.towns): its facts agree with the register and the districts
list, no town shadows or duplicates another name, and towns resolve end to end through
attribution to the authority answering for them on the article's date."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from importlib import resources

import pytest

from pipeline.attribution import tag_authorities
from pipeline.authorities import normalise_name, register
from pipeline.place_context import AMBIGUOUS_PLACES
from pipeline.towns import DISTRICT_TOWN_ROWS, DISTRICT_TOWNS, TOWN_ROWS, TOWNS
from pipeline.vocabulary import SUBJECT

# Dates on both sides of every reorganisation the districts list knows (2009, 2013, 2019,
# 2020, 2021, 2023, 2025).
DATES = (
    "2005-06-01 2010-06-01 2015-06-01 2019-06-01 2020-06-01 2022-06-01 2024-06-01 2025-09-01"
).split()
# Names left out on purpose (pipeline.towns module doc): words, names, places with namesakes.
LEFT_OUT = """deal, fleet, wells, stanley, march, sale, hyde, nelson, middleton, washington,
    wellington, gillingham, st ives, stratford, newport, leigh, kirkby, andover, alton, ware,
    stone, street, beverley, penrith, ryde, rochester, louth, ely, tavistock, feltham, wetherby,
    grays, heywood, shipley, ripley, newark, hythe, sudbury, leek, diss, new cross"""
# Connecting words written in lower case inside a place name ("Stratford upon Avon").
CONNECTORS = frozenset("on upon in le by de la en the over next under".split())


def tag(title: str, text: str, on: str | None = None):
    return tag_authorities(title, text, published=date.fromisoformat(on) if on else None)


def subjects(tags) -> set[str]:
    return {t.code for t in tags if t.role == SUBJECT}


def story(town: str) -> tuple[str, str]:
    title = f"Foster carers needed in {town}"
    text = (
        f"A {town} mother says children's services failed her family. Social workers in "
        f"{town} had been warned about the risk, the council said."
    )
    return title, text


def districts() -> dict[str, dict]:
    path = resources.files("pipeline") / "data" / "districts.json"
    return {d["name"]: d for d in json.loads(path.read_text(encoding="utf-8"))["districts"]}


def expected(town: str, on: str) -> str:
    """The authority answering for a listed town on a date, from the tables and the register."""
    reg = register()
    day = date.fromisoformat(on)
    if town in DISTRICT_TOWNS:
        upper = reg.upper_tier_for_district(DISTRICT_TOWNS[town], day)
        assert upper is not None, (town, on)
        return upper.code
    authority = reg.get(TOWNS[town])
    if authority.active_on(day):
        return authority.code
    started = authority.valid_from is not None and day < authority.valid_from
    kin = authority.predecessors if started else authority.successors
    active = [c for c in kin if reg.get(c).active_on(day)]
    assert len(active) == 1, (town, on, active)
    return active[0]


# --- the facts agree with the register ---------------------------------------------------------


def test_every_district_is_in_the_districts_list():
    known = districts()
    missing = sorted({d for _, d in DISTRICT_TOWN_ROWS} - set(known))
    assert not missing, missing


def test_every_district_has_an_upper_tier_on_every_date():
    # A district whose upper tiers leave a gap (or overlap) would leave its towns unresolved.
    reg = register()
    for name in sorted(set(DISTRICT_TOWNS.values())):
        for on in DATES:
            assert reg.upper_tier_for_district(name, date.fromisoformat(on)) is not None, (
                name,
                on,
            )


def test_every_town_code_is_in_the_register():
    codes = {a.code for a in register().all()}
    unknown = sorted({c for _, c in TOWN_ROWS} - codes)
    assert not unknown, unknown


def test_town_codes_are_unitary_metropolitan_or_london_authorities():
    # A county's towns go through their district, so the date picks the upper tier.
    reg = register()
    for town, code in TOWNS.items():
        assert not reg.get(code).kind == "county", (town, code)


# --- no town shadows, duplicates or is shadowed by another name ---------------------------------


def test_town_keys_are_normalised():
    for town in [*TOWNS, *DISTRICT_TOWNS]:
        assert town == normalise_name(town), town


def test_no_town_is_listed_twice():
    counts = Counter(t for t, _ in [*TOWN_ROWS, *DISTRICT_TOWN_ROWS])
    twice = sorted(t for t, n in counts.items() if n > 1)
    assert not twice, twice


def test_no_town_is_a_register_alias_or_district_name():
    aliases = {alias for alias, _ in register().alias_table()}
    names = {normalise_name(n) for n in districts()}
    for town in [*TOWNS, *DISTRICT_TOWNS]:
        assert town not in aliases, f"{town!r} is a register alias: it would be shadowed"
        assert town not in names, f"{town!r} is a district name: it would be shadowed"
        assert town not in AMBIGUOUS_PLACES, town


@pytest.mark.parametrize("left_out", [n.strip() for n in LEFT_OUT.split(",")])
def test_ambiguous_names_are_left_out(left_out):
    assert left_out not in TOWNS and left_out not in DISTRICT_TOWNS


# --- end to end -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("town", "on", "code"),
    [
        ("Penzance", "2008-06-01", "E10000005"),  # Cornwall County Council (Penwith)
        ("Penzance", "2015-06-01", "E06000052"),  # Cornwall Council
        ("Bognor Regis", "2024-06-01", "E10000032"),  # West Sussex (Arun)
        ("Lowestoft", "2022-06-01", "E10000029"),  # Suffolk (Waveney, East Suffolk since 2019)
        ("Dunstable", "2008-06-01", "E10000001"),  # Bedfordshire (South Bedfordshire)
        ("Dunstable", "2015-06-01", "E06000056"),  # Central Bedfordshire
        ("Whitby", "2020-06-01", "E10000023"),  # North Yorkshire County Council (Scarborough)
        ("Whitby", "2024-06-01", "E06000065"),  # North Yorkshire Council
        ("Bridport", "2018-06-01", "E10000009"),  # Dorset County Council (West Dorset)
        ("Bridport", "2020-06-01", "E06000059"),  # Dorset Council
        ("Margate", "2015-06-01", "E10000016"),  # Kent (Thanet)
        ("Taunton", "2020-06-01", "E10000027"),  # Somerset County Council (Taunton Deane)
        ("Taunton", "2024-06-01", "E06000066"),  # Somerset Council
        ("Rushden", "2020-06-01", "E10000021"),  # Northamptonshire (East Northamptonshire)
        ("Rushden", "2022-06-01", "E06000061"),  # North Northamptonshire
        ("Penrith", "2024-06-01", None),  # left out: Penrith, New South Wales
        ("Keswick", "2022-06-01", "E10000006"),  # Cumbria (Allerdale)
        ("Keswick", "2024-06-01", "E06000063"),  # Cumberland
        ("Wilmslow", "2008-06-01", "E10000004"),  # Cheshire (Macclesfield)
        ("Wilmslow", "2015-06-01", "E06000049"),  # Cheshire East
        ("Cramlington", "2010-06-01", "E06000048"),  # Northumberland (first unitary code)
        ("Cramlington", "2015-06-01", "E06000057"),  # Northumberland (recoded 2013)
        ("Hereford", "2015-06-01", "E06000019"),  # Herefordshire
        ("Boscombe", "2017-06-01", "E06000028"),  # Bournemouth
        ("Boscombe", "2021-06-01", "E06000058"),  # Bournemouth, Christchurch and Poole
        ("Penistone", "2020-06-01", "E08000016"),  # Barnsley before its 2025 recoding
        ("Penistone", "2025-09-01", "E08000038"),
        ("Brixton", "2021-06-01", "E09000022"),  # Lambeth
        ("Ashton-under-Lyne", "2021-06-01", "E08000008"),  # Tameside
    ],
)
def test_towns_resolve_on_the_articles_date(town, on, code):
    got = subjects(tag(*story(town), on))
    assert got == ({code} if code else set()), (town, on, got)


@pytest.mark.parametrize(
    ("town", "code", "not_code"),
    [
        # The longest name wins over a register name it starts with.
        ("Stratford-upon-Avon", "E10000031", None),  # Warwickshire (district Stratford-on-Avon)
        ("Bury St Edmunds", "E10000029", "E08000002"),  # Suffolk, not Bury
        ("Bradford-on-Avon", "E06000054", "E08000032"),  # Wiltshire, not Bradford
        ("Sutton-in-Ashfield", "E10000024", "E09000029"),  # Nottinghamshire, not Sutton
        ("Stoke Newington", "E09000012", "E06000021"),  # Hackney, not Stoke-on-Trent
        ("Leigh-on-Sea", "E06000033", None),  # Southend-on-Sea
        ("Bishop's Stortford", "E10000015", None),  # Hertfordshire; the apostrophe is optional
        ("Bishops Stortford", "E10000015", None),
        ("Welwyn Garden City", "E10000015", None),
        ("Royal Leamington Spa", "E10000031", None),
    ],
)
def test_longer_town_names_win(town, code, not_code):
    tags = tag(*story(town), "2021-06-01")
    assert subjects(tags) == {code}, (town, [(t.code, t.role) for t in tags])
    assert not_code not in {t.code for t in tags}


@pytest.mark.parametrize(
    "word", ["Deal", "March", "Wells", "Stanley", "Kirkby", "Stratford", "Penrith", "Ely"]
)
def test_left_out_names_tag_nothing(word):
    assert tag(*story(word), "2021-06-01") == []


@pytest.mark.parametrize("on", ["2008-06-01", "2024-06-01"])
def test_every_listed_town_resolves_end_to_end(on):
    # Each town in Title Case in a short children's-services story is matched whole (not
    # refused or split by another name) and tagged as the authority answering for it.
    wrong = {}
    towns = [*TOWNS, *DISTRICT_TOWNS]
    assert len(towns) > 700
    for town in towns:
        if "trust" in town.split() or town.endswith(" council"):
            continue  # a service's or council's name, not a place
        written = " ".join(w if w in CONNECTORS else w.capitalize() for w in town.split())
        got = subjects(tag(*story(written), on))
        want = {expected(town, on)}
        if got != want:
            wrong[written] = (sorted(got), sorted(want))
    assert not wrong, wrong
