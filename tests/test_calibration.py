"""Calibration of the risk model (GB/T 39335 §5.5-5.6, shared/spec/risk-model.md): named
scenarios and the level each must get, and properties that hold for any asset.

The levels below are the calibration: a change to scanner/data/risk_model.yaml that moves one
of them must move this table too, with the reason. Each asset is built as the pipeline builds it
(findings for a text file, column tallies for a table) and counted by scanner/tally.py.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.model import Asset, ColumnStats, Finding, Location, RISK_LEVELS
from scanner.risk import RiskScorer, advice_rules, risk_model
from scanner.tally import EXACT_LIMIT, DistinctValues, TableValues, count, value_key

TODAY = date(2026, 11, 24)
LEVELS = [english for _, english in RISK_LEVELS]
STALE = "2020-01-01"
PRIVATE, WORLD = 0o100600, 0o100644
KIT = ("CN_RESIDENT_ID", "PERSON", "CN_MOBILE_PHONE")


@dataclass(frozen=True)
class Place:
    container: str = "shared_folder"
    mode: int | None = WORLD
    stale: bool = False
    encrypted: bool = False
    masked: int = 0  # values already masked in the asset


def _fingerprint(entity: str, person: int) -> str:
    return hashlib.sha256(f"{entity}:{person}".encode()).hexdigest()


def text_asset(people: int, entities: tuple[str, ...], place: Place = Place(), minors: int = 0, path: str = "a.txt",
               first_person: int = 0) -> tuple[Asset, list[Finding]]:
    """A file listing ``people`` people with one value of each entity type; the first ``minors``
    ID numbers belong to children."""
    asset = Asset(path, container=place.container, mode=place.mode, modified=STALE if place.stale else "2026-10-01",
                  encrypted=place.encrypted, masked_values=place.masked)
    found = []
    for person in range(first_person, first_person + people):
        for entity in entities:
            flags = ("minor",) if entity == "CN_RESIDENT_ID" and person - first_person < minors else ()
            found.append(Finding(entity, 1.0, "test", Location(path, person + 1, 1), "***", _fingerprint(entity, person), flags=flags))
    return asset, found


def table_asset(rows: int, entities: tuple[str, ...], table_rows: int | None = None, minors: int = 0,
                path: str = "postgresql://db") -> tuple[Asset, list[ColumnStats], TableValues]:
    """A database table of ``table_rows`` rows of which ``rows`` were read (a sample when fewer)."""
    table_rows = table_rows or rows
    asset = Asset(f"{path}#public.customers", container="database")
    sampled = rows < table_rows
    values = TableValues(scale=table_rows / rows)
    columns = []
    for entity in entities:
        keys = {value_key(_fingerprint(entity, person)) for person in range(rows)}
        children = {value_key(_fingerprint(entity, person)) for person in range(minors)} if entity == "CN_RESIDENT_ID" else set()
        values.add_column(entity, DistinctValues(kept=keys), DistinctValues(kept=children), DistinctValues(EXACT_LIMIT, keys), values.scale)
        columns.append(ColumnStats(path, "public.customers", entity.lower(), entity, rows, rows, rows, False, len(children), table_rows,
                                   table_rows, sampled, 1.0, (), "sample" if sampled else "every row"))
    return asset, columns, values


def rate(*assets_found, tables=()):
    """The rated assets by path, and the scan's rating, for text assets and table assets."""
    scorer = RiskScorer(risk_model(), advice_rules(), TODAY)
    assets = [asset for asset, _ in assets_found] + [asset for asset, _, _ in tables]
    findings = [f for _, found in assets_found for f in found]
    columns = [c for _, table_columns, _ in tables for c in table_columns]
    values = {asset.path: table for asset, _, table in tables}
    counts, _ = count(assets, findings, columns, values, set(), scorer.identifying, scorer.one_per_person)
    rated, scan = scorer.rate(assets, findings, counts)
    return {r.asset.path: r for r in rated}, scan


def level_of(*assets_found, tables=()) -> str:
    _, scan = rate(*assets_found, tables=tables)
    return LEVELS[scan.level] if scan.assets_by_level != (0, 0, 0, 0) else "none"


# name, the asset, the level it must get, and why (the factors a reviewer would weigh)
SCENARIOS = [
    ("one phone in a private file", lambda: level_of(text_asset(1, ("CN_MOBILE_PHONE",), Place(mode=PRIVATE))), "low",
     "a contact detail of one person, readable by its owner only"),
    ("one phone in a shared folder", lambda: level_of(text_asset(1, ("CN_MOBILE_PHONE",))), "low",
     "one person's contact detail: low impact whoever can read it"),
    ("one e-mail in a git repository", lambda: level_of(text_asset(1, ("EMAIL_ADDRESS",), Place("git_repository"))), "medium",
     "low impact, but every clone carries it and history keeps it"),
    ("one IP address in a log", lambda: level_of(text_asset(1, ("IP_ADDRESS",))), "low", "technical, identifies nobody alone"),
    ("500 IP addresses in a log", lambda: level_of(text_asset(500, ("IP_ADDRESS",))), "low", "IP addresses do not count people"),
    ("organisation codes only", lambda: level_of(text_asset(50, ("CN_USCC",))), "low", "organisations are not people"),
    ("one name", lambda: level_of(text_asset(1, ("PERSON",))), "low", "a name alone identifies little"),
    ("one person's ID and phone", lambda: level_of(text_asset(1, ("CN_RESIDENT_ID", "CN_MOBILE_PHONE"))), "medium",
     "sensitive identifier linked to a contact, one person"),
    ("one person's identity kit", lambda: level_of(text_asset(1, KIT)), "medium", "a complete identity, but of one person"),
    ("one bank card", lambda: level_of(text_asset(1, ("CN_BANK_CARD",))), "medium", "a financial account (JR/T 0171 C3)"),
    ("one passport", lambda: level_of(text_asset(1, ("CN_PASSPORT",))), "medium", "an identity document"),
    ("one child's ID", lambda: level_of(text_asset(1, ("CN_RESIDENT_ID",), minors=1)), "medium",
     "a child's ID is sensitive (Art. 31), but of one person"),
    ("one ID in a git repository", lambda: level_of(text_asset(1, ("CN_RESIDENT_ID",), Place("git_repository"))), "high",
     "sensitive identifier spread with every clone"),
    ("20 bank cards", lambda: level_of(text_asset(20, ("CN_BANK_CARD",))), "medium", "financial accounts of a few people"),
    ("50 customers' names and phones", lambda: level_of(text_asset(50, ("PERSON", "CN_MOBILE_PHONE"))), "medium",
     "a small contact list"),
    ("50 customers' identity kits", lambda: level_of(text_asset(50, KIT)), "high", "complete identities of dozens of people"),
    ("50 IDs in a mail export", lambda: level_of(text_asset(50, ("CN_RESIDENT_ID", "CN_MOBILE_PHONE"), Place("mail_export"))),
     "high", "identifiers of dozens of people in a mailbox anyone with it can read"),
    ("10 customers' IDs and phones in a git repository",
     lambda: level_of(text_asset(10, ("CN_RESIDENT_ID", "CN_MOBILE_PHONE"), Place("git_repository"))), "high",
     "identifiers of ten people in every clone"),
    ("3,000 customers' names and phones", lambda: level_of(text_asset(3000, ("PERSON", "CN_MOBILE_PHONE"))), "medium",
     "a contact list: thousands of people, low sensitivity"),
    ("1,000 names and home addresses", lambda: level_of(text_asset(1000, ("PERSON", "CN_ADDRESS"))), "high",
     "a thousand households' addresses, readable by everyone"),
    ("3,000 customers with IDs, cards, phones and addresses",
     lambda: level_of(text_asset(3000, ("PERSON", "CN_RESIDENT_ID", "CN_BANK_CARD", "CN_MOBILE_PHONE", "CN_ADDRESS"))), "critical",
     "complete identities and financial accounts of thousands"),
    ("3,000 customers with children, in a database table",
     lambda: level_of(tables=[table_asset(3000, KIT + ("CN_BANK_CARD",), minors=248)]), "critical",
     "identity kits of thousands, children among them, where the scanning account can read them"),
    ("3,000 IDs and phones in a database table", lambda: level_of(tables=[table_asset(3000, ("CN_RESIDENT_ID", "CN_MOBILE_PHONE"))]),
     "high", "identifiers of thousands, in a database"),
    ("100,000 customers sampled from a database table",
     lambda: level_of(tables=[table_asset(10_000, KIT, table_rows=100_000)]), "critical",
     "identity kits of a hundred thousand (estimated from a sample)"),
    ("200,000 phones in a database table", lambda: level_of(tables=[table_asset(20_000, ("CN_MOBILE_PHONE",), table_rows=200_000)]),
     "medium", "a very large contact list, nothing more sensitive"),
    ("a stale backup of 3,000 IDs", lambda: level_of(text_asset(3000, ("CN_RESIDENT_ID",), Place("backup_archive", stale=True))),
     "critical", "identifiers of thousands, kept past any need, in a backup"),
    ("an encrypted archive of 3,000 IDs",
     lambda: level_of(text_asset(3000, ("CN_RESIDENT_ID",), Place("backup_archive", encrypted=True))), "medium",
     "identifiers of thousands, but encrypted"),
    ("a masked export with a few phones left in clear",
     lambda: level_of(text_asset(5, ("CN_MOBILE_PHONE",), Place(masked=3000))), "low", "masking is in place; five values slipped"),
    ("one patient's name and diagnosis", lambda: level_of(text_asset(1, ("PERSON", "HEALTH_INFO"))), "medium",
     "health data of one named person (Art. 28)"),
    ("50 patients' names, phones and diagnoses", lambda: level_of(text_asset(50, ("PERSON", "CN_MOBILE_PHONE", "HEALTH_INFO"))),
     "high", "health records of dozens of people one can reach"),
    ("50 customers' phones and passwords", lambda: level_of(text_asset(50, ("CN_MOBILE_PHONE", "CREDENTIAL"))), "high",
     "credentials of dozens of accounts, each tied to a phone"),
    ("one ID with its holder's face template", lambda: level_of(text_asset(1, ("CN_RESIDENT_ID", "BIOMETRIC"), Place(mode=PRIVATE))),
     "medium", "biometrics tied to an identity, one person, readable by its owner only"),
    ("a members table's religion column of 5,000 rows", lambda: level_of(tables=[table_asset(5000, ("RELIGION",))]), "high",
     "religious belief of thousands (Art. 28), a member a row, though no ID stands beside it"),
    ("3,000 face templates in a table, counted unread", lambda: level_of(tables=[table_asset(3000, ("BIOMETRIC",))]), "high",
     "biometrics of thousands, enrolled once a person"),
    ("30 members' ethnicity in a table", lambda: level_of(tables=[table_asset(30, ("CN_ETHNICITY",))]), "medium",
     "a specific identity of a few dozen people"),
    ("an order export (no personal data)", lambda: level_of(text_asset(0, ("CN_MOBILE_PHONE",))), "none", "nothing to rate"),
]


@pytest.mark.parametrize("name, scenario, level, why", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_calibration(name, scenario, level, why):
    assert scenario() == level, why


def test_the_table_covers_every_level():
    assert len(SCENARIOS) >= 25
    assert {level for _, _, level, _ in SCENARIOS} >= set(LEVELS)


CONTAINERS = ["database", "shared_folder", "mail_export", "backup_archive", "git_repository"]  # roughly by points
TYPES = ["CN_USCC", "IP_ADDRESS", "PERSON", "CN_MOBILE_PHONE", "CN_ADDRESS", "CN_BANK_CARD", "CN_RESIDENT_ID", "HEALTH_INFO",
         "RELIGION"]


def _rating(people: int, entities: tuple[str, ...], place: Place, minors: int = 0) -> tuple[int, int]:
    rated, _ = rate(text_asset(people, entities, place, minors))
    asset = rated.get("a.txt")
    return (asset.level, asset.score) if asset else (-1, -1)


places = st.builds(Place, st.sampled_from(CONTAINERS), st.sampled_from([None, PRIVATE, 0o100640, WORLD]), st.booleans(), st.booleans(),
                   st.sampled_from([0, 3, 300]))
kinds = st.lists(st.sampled_from(TYPES), min_size=1, max_size=4, unique=True).map(tuple)


@settings(max_examples=60, deadline=None)
@given(people=st.integers(1, 1500), more=st.integers(1, 2000), entities=kinds, place=places)
def test_more_people_never_lower_the_rating(people, more, entities, place):
    assert _rating(people + more, entities, place) >= _rating(people, entities, place)


@settings(max_examples=40, deadline=None)
@given(people=st.integers(1, 300), minors=st.integers(1, 50), place=places)
def test_children_never_lower_the_rating(people, minors, place):
    entities = ("CN_RESIDENT_ID", "CN_MOBILE_PHONE")
    assert _rating(people, entities, place, min(minors, people)) >= _rating(people, entities, place)


@settings(max_examples=60, deadline=None)
@given(people=st.integers(1, 300), entities=kinds, extra=st.sampled_from(TYPES), place=places)
def test_another_type_never_lowers_the_rating(people, entities, extra, place):
    assert _rating(people, tuple(dict.fromkeys(entities + (extra,))), place) >= _rating(people, entities, place)


@settings(max_examples=60, deadline=None)
@given(people=st.integers(1, 300), entities=kinds, place=places, riskier=st.sampled_from(["container", "mode", "stale", "unencrypted"]))
def test_a_riskier_place_never_lowers_the_rating(people, entities, place, riskier):
    from dataclasses import replace

    if riskier == "container":
        worse = replace(place, container=CONTAINERS[min(CONTAINERS.index(place.container) + 1, len(CONTAINERS) - 1)])
        if {place.container, worse.container} == {"mail_export", "backup_archive"}:
            worse = place  # equal weight
    elif riskier == "mode":
        worse = replace(place, mode=WORLD)
    elif riskier == "stale":
        worse = replace(place, stale=True)
    else:
        worse = replace(place, encrypted=False)
    if riskier == "mode" and place.mode is None:
        return  # no mode bits (a database table) is not a safer place than mode 644
    assert _rating(people, entities, worse) >= _rating(people, entities, place)


@settings(max_examples=40, deadline=None)
@given(entities=kinds, place=places)
def test_one_person_never_outranks_three_thousand(entities, place):
    assert _rating(1, entities, place) <= _rating(3000, entities, place)
