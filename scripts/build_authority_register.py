"""Regenerate pipeline/data/authorities.json and districts.json from the reference CSVs.

    python scripts/build_authority_register.py [--reference DIR] [--out FILE] [--districts FILE]

The CSVs in ../shared/corpus/reference/ hold the facts (names, codes, dates, URNs, domains).
What they do not say is written below as small, commented fact tables: the reorganisations that
split or merged authorities, and the style of each council's name ("City Council", "Royal
Borough of ..."). Output is deterministic (sorted keys and lists) so a rebuild from the same
inputs is byte-identical and diffs stay readable.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = ROOT.parent / "shared" / "corpus" / "reference"
DEFAULT_OUT = ROOT / "pipeline" / "data" / "authorities.json"

# DfE's list starts on 1 January 2009 and gives that date to every authority that already
# existed; no English council was created that day, so it means "before the list began".
LIST_START = "01/01/2009"

KINDS = {
    "E06": "unitary authority",
    "E08": "metropolitan district",
    "E09": "London borough",
    "E10": "county",
}
# The City of London is in ONS's E09 set but is not a London borough.
KIND_OVERRIDES = {"E09000001": "city corporation"}

# Reorganisations the CSVs do not link (the successor has a different DfE code). Where the DfE
# code was re-issued under a new ONS code (Barnsley, Sheffield, Gateshead, Northumberland 2013,
# Buckinghamshire, North Yorkshire, Somerset) the link is derived from the data instead.
SUCCESSORS = {
    # 1 April 2009 unitary reorganisation
    "E10000001": ["E06000055", "E06000056"],  # Bedfordshire -> Bedford, Central Bedfordshire
    "E10000004": ["E06000049", "E06000050"],  # Cheshire -> Cheshire East, Cheshire W & Chester
    "E10000005": ["E06000052", "E06000053"],  # Cornwall and Isles of Scilly county code
    "E10000010": ["E06000047"],  # Durham county -> County Durham unitary
    "E10000022": ["E06000048"],  # Northumberland county -> unitary (re-coded again in 2013)
    "E10000026": ["E06000051"],  # Shropshire
    "E10000033": ["E06000054"],  # Wiltshire
    # 1 April 2019: Bournemouth, Poole and Christchurch -> BCP; rest of Dorset -> Dorset Council
    "E06000028": ["E06000058"],  # Bournemouth
    "E06000029": ["E06000058"],  # Poole
    "E10000009": ["E06000058", "E06000059"],  # old Dorset county (Christchurch went to BCP)
    # 1 April 2021: Northamptonshire split in two
    "E10000021": ["E06000061", "E06000062"],
    # 1 April 2023: Cumbria split in two
    "E10000006": ["E06000063", "E06000064"],
}

# Where a county was split, which successor took each of its districts: successor -> names.
DISTRICTS_BY_SUCCESSOR = {
    "E06000058": ["Christchurch"],  # BCP
    "E06000059": ["East Dorset", "North Dorset", "Purbeck", "West Dorset", "Weymouth and Portland"],
    "E06000061": ["Corby", "East Northamptonshire", "Kettering", "Wellingborough"],
    "E06000062": ["Daventry", "Northampton", "South Northamptonshire"],
    "E06000063": ["Allerdale", "Carlisle", "Copeland"],  # Cumberland
    "E06000064": ["Barrow-in-Furness", "Eden", "South Lakeland"],  # Westmorland and Furness
}
# Districts abolished on 1 April 2009, before the DfE district lookup begins:
# county -> {successor unitary -> district names}.
DISTRICTS_2009 = {
    "E10000001": {
        "E06000055": ["Bedford"],
        "E06000056": ["Mid Bedfordshire", "South Bedfordshire"],
    },
    "E10000004": {
        "E06000049": ["Congleton", "Crewe and Nantwich", "Macclesfield"],
        "E06000050": ["Chester", "Ellesmere Port and Neston", "Vale Royal"],
    },
    "E10000005": {
        "E06000052": ["Caradon", "Carrick", "Kerrier", "North Cornwall", "Penwith", "Restormel"]
    },
    "E10000010": {
        "E06000047": [
            "Chester-le-Street",
            "Derwentside",
            "Durham",
            "Easington",
            "Sedgefield",
            "Teesdale",
            "Wear Valley",
        ]
    },
    "E10000022": {
        "E06000048": [
            "Alnwick",
            "Berwick-upon-Tweed",
            "Blyth Valley",
            "Castle Morpeth",
            "Tynedale",
            "Wansbeck",
        ]
    },
    "E10000026": {
        "E06000051": [
            "Bridgnorth",
            "North Shropshire",
            "Oswestry",
            "Shrewsbury and Atcham",
            "South Shropshire",
        ]
    },
    "E10000033": {"E06000054": ["Kennet", "North Wiltshire", "Salisbury", "West Wiltshire"]},
}

# How councils style themselves, so only forms that exist for the kind are generated.
# Cities: "<base> City Council" (base is the everyday name where it differs from the short name).
CITY = {
    "E06000010": ["Hull", "Kingston upon Hull"],
    "E06000014": ["York"],
    "E06000015": ["Derby"],
    "E06000016": ["Leicester"],
    "E06000018": ["Nottingham"],
    "E06000021": ["Stoke-on-Trent", "Stoke"],
    "E06000023": ["Bristol"],
    "E06000026": ["Plymouth"],
    "E06000031": ["Peterborough"],
    "E06000033": ["Southend-on-Sea", "Southend"],  # city status 2022
    "E06000042": ["Milton Keynes"],  # city status 2022
    "E06000043": ["Brighton and Hove", "Brighton & Hove"],
    "E06000044": ["Portsmouth"],
    "E06000045": ["Southampton"],
    "E08000003": ["Manchester"],
    "E08000006": ["Salford"],
    "E08000012": ["Liverpool"],
    "E08000017": ["Doncaster"],  # city status 2022
    "E08000019": ["Sheffield"],
    "E08000039": ["Sheffield"],
    "E08000021": ["Newcastle", "Newcastle upon Tyne"],
    "E08000024": ["Sunderland"],
    "E08000025": ["Birmingham"],
    "E08000026": ["Coventry"],
    "E08000031": ["Wolverhampton"],
    "E08000032": ["Bradford"],
    "E08000035": ["Leeds"],
    "E09000033": ["Westminster"],
}
# Official "City of X ..." styles.
CITY_OF = {
    "E06000014": ["City of York Council"],
    "E08000017": ["City of Doncaster Council"],
    "E08000031": ["City of Wolverhampton Council"],
    "E08000032": ["City of Bradford Metropolitan District Council"],
    "E09000033": ["City of Westminster"],
    "E09000001": ["City of London Corporation", "Corporation of London"],
}
ROYAL_BOROUGHS = {"E09000011", "E09000020", "E09000021", "E06000040"}
# Unitary authorities that are boroughs ("<X> Borough Council").
UNITARY_BOROUGHS = {
    "E06000001",  # Hartlepool
    "E06000003",  # Redcar and Cleveland
    "E06000004",  # Stockton-on-Tees
    "E06000005",  # Darlington
    "E06000006",  # Halton
    "E06000007",  # Warrington
    "E06000008",  # Blackburn with Darwen
    "E06000028",  # Bournemouth
    "E06000029",  # Poole ("Borough of Poole")
    "E06000030",  # Swindon
    "E06000032",  # Luton
    "E06000038",  # Reading
    "E06000039",  # Slough
    "E06000041",  # Wokingham
    "E06000055",  # Bedford
}
# Unitary councils that kept "County Council" in their name.
COUNTY_STYLED_UNITARIES = {
    "E06000017": "Rutland",
    "E06000047": "Durham",
    "E06000048": "Northumberland",
    "E06000057": "Northumberland",
}
# Names in common use the alias file lacks (delivery bodies, abbreviations, official styles).
EXTRA_ALIASES = {
    "E06000053": ["Council of the Isles of Scilly"],
    "E06000058": ["BCP Council"],
    "E06000022": ["BANES", "B&NES"],
    "E06000039": ["Slough Children First", "Slough Children's Services Trust"],
    "E08000028": ["Sandwell Children's Trust"],
    "E09000013": ["LBHF"],
    "E09000020": ["RBKC"],
    "E10000005": ["Cornwall County Council"],
}
# A domain in the Ofsted lookup that is not the council's: an analytics vendor's.
DOMAIN_CORRECTIONS = {"E10000029": "suffolk.gov.uk"}


def read_csv(path: Path) -> list[dict[str, str]]:
    # utf-8-sig: two of the files start with a byte-order mark; newline="" for their CRLFs.
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def iso(text: str) -> str | None:
    return datetime.strptime(text, "%d/%m/%Y").date().isoformat() if text else None


def next_day(iso_date: str) -> str:
    return (date.fromisoformat(iso_date) + timedelta(days=1)).isoformat()


def short_name(name: str) -> str:
    # DfE files "Kingston upon Hull, City of" and "Herefordshire, County of"; people don't.
    name = re.sub(r",\s*(City|County) of$", "", name)
    return re.sub(r"\bSt\.", "St", name)


# No generated forms: the City is run by a corporation, and E10000005 was only ever a county
# code (its council was Cornwall County Council, listed above).
NOT_GENERATED = {"E09000001", "E10000005"}


def generated_aliases(code: str, short: str, kind: str) -> list[str]:
    if code in NOT_GENERATED:
        return list(CITY_OF.get(code, []))
    forms = [f"{short} Council"]
    if kind == "county":
        forms.append(f"{short} County Council")
    if code in COUNTY_STYLED_UNITARIES:
        forms.append(f"{COUNTY_STYLED_UNITARIES[code]} County Council")
    for base in CITY.get(code, []):
        forms += [base, f"{base} City Council", f"{base} Council"]
    forms += CITY_OF.get(code, [])
    if kind == "metropolitan district" and code not in CITY:
        forms += [
            f"{short} Metropolitan Borough Council",
            f"Metropolitan Borough of {short}",
            f"{short} Borough Council",
        ]
    if code in UNITARY_BOROUGHS:
        forms += [f"{short} Borough Council", f"Borough of {short}"]
    if code in ROYAL_BOROUGHS:
        forms.append(f"Royal Borough of {short}")
    if kind == "London borough" and (code not in ROYAL_BOROUGHS or code == "E09000011"):
        # Greenwich became a royal borough in 2012; older documents say "London Borough of".
        forms += [f"London Borough of {short}", f"{short} London Borough Council"]
    return forms


def build(reference: Path) -> tuple[dict, dict]:
    las = read_csv(reference / "dfe_las_with_ons_codes_and_dates.csv")
    ofsted = read_csv(reference / "ofsted_la_provider_lookup_jt39.csv")
    alias_rows = read_csv(reference / "la_name_aliases_derived.csv")
    corrections = read_csv(reference / "ofsted_region_mapping_corrections_dfe.csv")

    # Region names by ONS region code, spelt as DfE's corrections spell them.
    region_names = {r["rgn22cd"]: r["rgn22nm"] for r in ofsted if r["rgn22cd"]}
    spelt = {r["region_name_correct"].lower(): r["region_name_correct"] for r in corrections}
    region_names = {k: spelt.get(v.lower(), v) for k, v in region_names.items()}

    by_code: dict[str, dict] = {}
    for row in las:
        code = row["new_la_code"]
        # Skip joint rows ("E06000061 / E06000062", shared trusts) and BFPO ("z").
        if not re.fullmatch(r"E\d{8}", code):
            continue
        dfe = row["old_la_code"] if re.fullmatch(r"\d{3}", row["old_la_code"]) else None
        kind = KIND_OVERRIDES.get(code, KINDS[code[:3]])
        start = row["date_of_operation"]
        by_code[code] = {
            "code": code,
            "dfe_code": dfe,
            "urn": None,
            "name": row["la_name"],
            "short_name": short_name(row["la_name"]),
            "aliases": set(),
            "region": region_names.get(row["parent_geography_code"]),
            "kind": kind,
            "valid_from": None if start == LIST_START else iso(start),
            "valid_to": iso(row["date_of_termination"]),
            "predecessors": set(),
            "successors": set(),
            "domain": None,
        }

    for row in ofsted:
        a = by_code.get(row["la_code_new"])
        if a is None:
            sys.exit(f"Ofsted URN {row['urn']} names unknown ONS code {row['la_code_new']}")
        a["urn"] = row["urn"] or None
        a["domain"] = DOMAIN_CORRECTIONS.get(a["code"], row["domain"] or None)
        a["aliases"].add(row["local_authority_ons_name"])
        # also_known_as is not parsed: its lists are comma-separated and so are the names in
        # them ("Bournemouth, Christchurch & Poole"); the alias file carries them intact.

    for row in alias_rows:
        if row["ons_code"] in by_code:
            by_code[row["ons_code"]]["aliases"].add(row["alias"])

    # Same DfE code re-issued under a new ONS code the day after the old one ended: the same
    # council re-coded (boundary change or county -> unitary), so the same Ofsted provider.
    for old in by_code.values():
        if not old["valid_to"] or not old["dfe_code"]:
            continue
        for new in by_code.values():
            if new["dfe_code"] == old["dfe_code"] and new["valid_from"] == next_day(
                old["valid_to"]
            ):
                old["successors"].add(new["code"])
                old["urn"] = old["urn"] or new["urn"]
    for old_code, new_codes in SUCCESSORS.items():
        by_code[old_code]["successors"].update(new_codes)
    for a in by_code.values():
        for s in a["successors"]:
            if s not in by_code:
                sys.exit(f"successor {s} of {a['code']} is not in the DfE list")
            by_code[s]["predecessors"].add(a["code"])

    for code, a in by_code.items():
        a["aliases"].update(generated_aliases(code, a["short_name"], a["kind"]))
        a["aliases"].update(EXTRA_ALIASES.get(code, []))
        # Case-only variants ("Kingston Upon Hull, City of") add nothing to a lookup that folds
        # case; keep one spelling of each, and none that repeats the name or short name.
        seen = {a["name"].casefold(), a["short_name"].casefold(), ""}
        kept = set()
        for alias in sorted(a["aliases"]):
            if alias.casefold() not in seen:
                seen.add(alias.casefold())
                kept.add(alias)
        a["aliases"] = kept

    authorities = []
    for code in sorted(by_code):
        a = by_code[code]
        for key in ("aliases", "predecessors", "successors"):
            a[key] = sorted(a[key], key=lambda s: (s.casefold(), s))
        authorities.append(a)
    register = {
        "about": "English children's services authorities; built by "
        "scripts/build_authority_register.py from shared/corpus/reference/",
        "authorities": authorities,
    }
    return register, build_districts(reference, by_code)


def upper_periods(county: str, by_code: dict[str, dict], successor: str | None) -> list[dict]:
    """The upper-tier authority of a district over time: its county, then the successor chain."""
    periods = []
    start: str | None = None
    current: str | None = county
    while current:
        end = by_code[current]["valid_to"]
        periods.append({"code": current, "from": start, "to": end})
        if not end:
            break
        nxt = successor or (by_code[current]["successors"] or [None])[0]
        if nxt is None or (not successor and len(by_code[current]["successors"]) > 1):
            sys.exit(f"no single successor of {current} for a district")
        successor, start, current = None, next_day(end), nxt
    return periods


def build_districts(reference: Path, by_code: dict[str, dict]) -> dict:
    # Convert the successors sets once so upper_periods can index them deterministically.
    frozen = {c: {**a, "successors": sorted(a["successors"])} for c, a in by_code.items()}
    entries: dict[tuple[str | None, str], dict] = {}

    def add(code: str | None, name: str, county: str, succ: str | None = None) -> None:
        succ = succ or next(
            (c for c, names in DISTRICTS_BY_SUCCESSOR.items() if name in names), None
        )
        entries[(code, name)] = {
            "code": code,
            "name": name,
            "upper": upper_periods(county, frozen, succ),
        }

    for row in read_csv(reference / "dfe_lad_to_la_lookup_derived.csv"):
        if row["lad_code"].startswith("E07"):
            add(row["lad_code"], row["lad_name"], row["new_la_code"])
    for row in read_csv(reference / "ons_LTLA-UTLA_Apr23_Lookup_England-Wales.csv"):
        if row["LTLA23CD"].startswith("E07") and (row["LTLA23CD"], row["LTLA23NM"]) not in entries:
            add(row["LTLA23CD"], row["LTLA23NM"], row["UTLA23CD"])
    for county, by_successor in DISTRICTS_2009.items():
        for successor, names in by_successor.items():
            for name in names:
                add(None, name, county, successor)
    # A misspelt name in the fact table would silently leave a district on its old county.
    known = {name for _, name in entries}
    for names in DISTRICTS_BY_SUCCESSOR.values():
        if missing := set(names) - known:
            sys.exit(f"districts {sorted(missing)} are not in the district lookups")
    districts = [entries[k] for k in sorted(entries, key=lambda k: (k[1], k[0] or ""))]
    return {
        "about": "Lower-tier districts and the upper-tier authority responsible on each date",
        "districts": districts,
    }


def dump(data: dict) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--districts", type=Path, help="default: districts.json beside --out")
    args = parser.parse_args(argv)
    register, districts = build(args.reference)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dump(register), encoding="utf-8")
    districts_out = args.districts or args.out.with_name("districts.json")
    districts_out.write_text(dump(districts), encoding="utf-8")
    authorities = register["authorities"]
    current = sum(1 for a in authorities if not a["valid_to"])
    print(
        f"{len(authorities)} authorities ({current} current) -> {args.out}; "
        f"{len(districts['districts'])} districts -> {districts_out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
