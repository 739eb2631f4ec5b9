"""The register of English children's services authorities, and lookup by code, name or alias.

Data: pipeline/data/authorities.json and districts.json, generated from the reference CSVs by
scripts/build_authority_register.py. Pure: the only I/O is reading those packaged files.

Lookup rules (`Register.lookup`):
- An ONS code (E08000025), DfE code (330) or Ofsted URN (80429) is matched exactly.
- Otherwise the text is compared with every name and alias after `normalise_name` (case,
  punctuation, "&" vs "and", "St." vs "St", a leading "The").
- One match: that authority, whatever `on` says (a unique name identifies it; `on` only
  settles a choice). Several matches: those active on `on` (or, when `on` is None, those still
  current) are kept; if exactly one remains it is the answer. So "Dorset" is Dorset Council
  today and the old county on 2015-06-01; "Barnsley" in 2020 is E08000016. Otherwise, e.g. a
  trust serving two councils ("Achieving for Children"), AmbiguousAuthority lists the
  candidates: never a guess.
- Nothing matches: UnknownAuthority, with the closest names as suggestions.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "AmbiguousAuthority",
    "Authority",
    "AuthorityError",
    "Register",
    "UnknownAuthority",
    "normalise_name",
    "register",
]

ONS_CODE = re.compile(r"[EW]\d{8}")
DFE_CODE = re.compile(r"\d{3}")
URN = re.compile(r"\d{4,8}")
# Council-style words around a place name ("London Borough of X", "X City Council"), stripped
# to find a district by its place name and to suggest the place behind an unknown style.
_STYLE = re.compile(
    r"^(the )?((london |royal |metropolitan )?borough of |(city|county|district) of )?|"
    r"( (city|borough|district|metropolitan borough|london borough|county))?( council)?$"
)


def normalise_name(text: str) -> str:
    """Fold a name for comparison: case, accents, punctuation, "&"→"and", "St."→"st"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    # Apostrophes vanish rather than split words: "children's" and "childrens" must agree.
    text = re.sub(r"['’‘`]", "", text)
    text = re.sub(r"[^\w]+|_", " ", text)  # "St." -> "st", "Stockton-on-Tees" -> 3 words
    return " ".join(text.split())


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Authority:
    code: str  # ONS code, the primary key
    dfe_code: str | None  # DfE 3-digit code; a re-coded council keeps it
    urn: str | None  # Ofsted provider URN
    name: str  # DfE's official name, e.g. "Kingston upon Hull, City of"
    short_name: str  # plain name, e.g. "Kingston upon Hull"
    aliases: tuple[str, ...]
    region: str | None
    kind: str | None  # unitary authority, metropolitan district, London borough, county, ...
    valid_from: date | None  # None: existed before DfE's list began (2009)
    valid_to: date | None  # None: current
    predecessors: tuple[str, ...]  # ONS codes
    successors: tuple[str, ...]  # ONS codes
    domain: str | None

    @property
    def current(self) -> bool:
        return self.valid_to is None

    def active_on(self, d: date) -> bool:
        started = self.valid_from is None or self.valid_from <= d
        return started and (self.valid_to is None or d <= self.valid_to)

    def names(self) -> tuple[str, ...]:
        """Every form the authority goes by: official name, short name and aliases."""
        return (self.name, self.short_name, *self.aliases)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Authority:
        return cls(
            code=data["code"],
            dfe_code=data.get("dfe_code"),
            urn=data.get("urn"),
            name=data["name"],
            short_name=data.get("short_name") or data["name"],
            aliases=tuple(data.get("aliases", ())),
            region=data.get("region"),
            kind=data.get("kind"),
            valid_from=_date(data.get("valid_from")),
            valid_to=_date(data.get("valid_to")),
            predecessors=tuple(data.get("predecessors", ())),
            successors=tuple(data.get("successors", ())),
            domain=data.get("domain"),
        )

    def __str__(self) -> str:
        ended = f", ended {self.valid_to.isoformat()}" if self.valid_to else ""
        return f"{self.short_name} ({self.code}{ended})"


class AuthorityError(LookupError):
    """A lookup that did not end in exactly one authority."""

    def __init__(self, query: str, message: str) -> None:
        super().__init__(message)
        self.query = query
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnknownAuthority(AuthorityError):
    def __init__(self, query: str, suggestions: list[Authority] | None = None) -> None:
        self.suggestions = list(suggestions or [])
        message = f"unknown authority {query!r}"
        if self.suggestions:
            message += ". Did you mean: " + ", ".join(str(a) for a in self.suggestions) + "?"
        super().__init__(query, message)


class AmbiguousAuthority(AuthorityError):
    def __init__(self, query: str, candidates: list[Authority]) -> None:
        self.candidates = list(candidates)
        listed = "; ".join(str(a) for a in self.candidates)
        super().__init__(
            query,
            f"{query!r} could mean {len(self.candidates)} authorities: {listed}. "
            "Give an ONS code or a fuller name (or a date, for a reorganised authority).",
        )


def _settle(candidates: list[Authority], on: date | None) -> list[Authority]:
    """Apply the date rule: keep the ones active on `on` (current ones when `on` is None)."""
    if len(candidates) <= 1:
        return candidates
    kept = [a for a in candidates if (a.active_on(on) if on else a.current)]
    return kept if len(kept) == 1 else candidates


class Register:
    def __init__(
        self, authorities: list[Authority], districts: list[dict[str, Any]] | None = None
    ) -> None:
        self._authorities = sorted(authorities, key=lambda a: a.code)
        self._by_code = {a.code: a for a in self._authorities}
        self._by_alias: dict[str, list[Authority]] = {}
        for a in self._authorities:
            for form in a.names():
                key = normalise_name(form)
                bucket = self._by_alias.setdefault(key, [])
                if key and a not in bucket:
                    bucket.append(a)
        self._districts: dict[str, list[dict[str, Any]]] = {}
        for d in districts or []:
            for key in {normalise_name(d["name"]), (d.get("code") or "").upper()} - {""}:
                self._districts.setdefault(key, []).append(d)

    def all(self) -> list[Authority]:
        return list(self._authorities)

    def current(self) -> list[Authority]:
        return [a for a in self._authorities if a.current]

    def get(self, code: str) -> Authority:
        try:
            return self._by_code[code.strip().upper()]
        except KeyError:
            raise UnknownAuthority(code, self._suggest(code)) from None

    def by_urn(self, urn: str, on: date | None = None) -> Authority | None:
        """The authority with this Ofsted URN. A re-coded council (Barnsley 2025) shares its
        URN with its predecessor; `on` picks the code of that date, else the current one."""
        found = [a for a in self._authorities if a.urn == urn.strip()]
        return self._one_or_current(found, on)

    def by_dfe_code(self, code: str, on: date | None = None) -> Authority | None:
        found = [a for a in self._authorities if a.dfe_code == code.strip()]
        return self._one_or_current(found, on)

    @staticmethod
    def _one_or_current(found: list[Authority], on: date | None) -> Authority | None:
        settled = _settle(found, on)
        if len(settled) == 1:
            return settled[0]
        # Same code, nobody active on the date: the latest holder is the useful answer.
        return max(settled, key=lambda a: a.valid_from or date.min) if settled else None

    def candidates(self, text: str) -> list[Authority]:
        """Every authority the text could mean (codes, names, aliases), with no date rule."""
        text = text.strip()
        upper = text.upper()
        if ONS_CODE.fullmatch(upper):
            return [self._by_code[upper]] if upper in self._by_code else []
        if DFE_CODE.fullmatch(text):
            return [a for a in self._authorities if a.dfe_code == text]
        if URN.fullmatch(text):
            return [a for a in self._authorities if a.urn == text]
        key = normalise_name(text)
        found = self._by_alias.get(key)
        if found is None and key.startswith("the "):
            found = self._by_alias.get(key[4:])
        return list(found or [])

    def lookup(self, text: str, on: date | None = None) -> Authority:
        """Resolve an ONS code, DfE code, URN, name or alias to one authority (see module doc)."""
        found = _settle(self.candidates(text), on)
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousAuthority(text, found)
        raise UnknownAuthority(text, self._suggest(text))

    def alias_table(self) -> list[tuple[str, tuple[str, ...]]]:
        """(normalised alias, ONS codes) for every name form, sorted; more than one code
        means the alias is shared and needs context (or a date) to settle."""
        return [
            (alias, tuple(a.code for a in found)) for alias, found in sorted(self._by_alias.items())
        ]

    def upper_tier_for_district(self, name_or_code: str, on: date) -> Authority | None:
        """The upper-tier authority responsible for a district on a date (Carlisle: Cumbria
        until 31 March 2023, then Cumberland). A unitary, metropolitan or London authority
        named directly is its own upper tier. None when the district is unknown or ambiguous."""
        text = name_or_code.strip()
        key = text.upper() if ONS_CODE.fullmatch(text.upper()) else normalise_name(text)
        entries = self._districts.get(key)
        if entries is None and not ONS_CODE.fullmatch(key):
            entries = self._districts.get(_STYLE.sub("", key).strip())
        if entries:
            codes = {
                p["code"]
                for d in entries
                for p in d["upper"]
                if _period_holds(p.get("from"), p.get("to"), on)
            }
            return self._by_code[codes.pop()] if len(codes) == 1 else None
        try:
            authority = self.lookup(text, on=on)
        except AuthorityError:
            return None
        # An ended authority named after its end date ("Poole" in 2020) is now its successor's,
        # as long as the successor is a single authority.
        while not authority.active_on(on):
            later = [self._by_code[c] for c in authority.successors]
            if len(later) != 1 or (authority.valid_to and on < authority.valid_to):
                return None
            authority = later[0]
        return authority

    def _suggest(self, text: str, limit: int = 5) -> list[Authority]:
        key = normalise_name(text)
        place = _STYLE.sub("", key).strip()
        if not key:
            return []
        # Best first: the place behind a wrong style ("London Borough of Kent" -> Kent), names
        # that contain the text ("Northampton" -> the Northamptonshires), then spelling.
        close = [place] if place in self._by_alias else []
        close += sorted(k for k in self._by_alias if place and k.startswith(place))
        close += difflib.get_close_matches(key, list(self._by_alias), n=limit * 3, cutoff=0.6)
        out: list[Authority] = []
        for alias in close:
            for a in sorted(self._by_alias[alias], key=lambda a: (not a.current, a.code)):
                if a not in out:
                    out.append(a)
        return out[:limit]


def _period_holds(start: str | None, end: str | None, on: date) -> bool:
    return (start is None or date.fromisoformat(start) <= on) and (
        end is None or on <= date.fromisoformat(end)
    )


def load(data: dict[str, Any], districts: dict[str, Any] | None = None) -> Register:
    """A Register from the JSON structures the build script writes (for tests and tools)."""
    authorities = [Authority.from_dict(a) for a in data["authorities"]]
    return Register(authorities, (districts or {}).get("districts", []))


@cache
def register() -> Register:
    """The packaged register, loaded once."""
    package = resources.files("pipeline") / "data"
    data = json.loads((package / "authorities.json").read_text(encoding="utf-8"))
    districts_file = package / "districts.json"
    districts = (
        json.loads(districts_file.read_text(encoding="utf-8")) if districts_file.is_file() else {}
    )
    return load(data, districts)
