"""The risk model, factor by factor, from findings built by hand (the scorer is pure)."""

import hashlib
from datetime import date

import pytest

from scanner.model import Asset, Finding, Location
from scanner.risk import RiskScorer, advice_rules, risk_model
from scanner.tally import count
from scanner.values import is_minor

TODAY = date(2026, 11, 24)


def finding(entity: str, path: str = "a.csv", value_id: str = "v1", flags: tuple[str, ...] = ()) -> Finding:
    fingerprint = hashlib.sha256(f"{entity}:{value_id}".encode()).hexdigest()  # stands for the keyed HMAC
    return Finding(entity, 1.0, "test", Location(path, 1, 1), "***", fingerprint, flags=flags)


def rate_all(findings, assets: list[Asset], model: dict | None = None):
    """Through the tallies, as the pipeline rates."""
    scorer = RiskScorer(model or risk_model(), advice_rules(), TODAY)
    counts, scan_counts = count(assets, findings, [], {}, set(), scorer.identifying)
    rated, scan = scorer.rate(assets, findings, counts)
    return rated, scan, scan_counts


def rate(findings, asset: Asset | None = None, model: dict | None = None):
    asset = asset or Asset("a.csv")
    assets = [asset] + [Asset(p) for p in sorted({f.location.path for f in findings} - {asset.path})]
    rated, scan, _ = rate_all(findings, assets, model)
    return {r.asset.path: r for r in rated}.get(asset.path), scan


def points(rated, code: str) -> int | None:
    return next((f.points for f in rated.factors if f.code == code), None)


@pytest.mark.parametrize("entities, expected", [
    (["EMAIL_ADDRESS"], 1),
    (["IP_ADDRESS", "MAC_ADDRESS"], 1),
    (["CN_RESIDENT_ID"], 3),
    (["CN_MOBILE_PHONE", "CN_BANK_CARD"], 3),
    (["CN_USCC"], 0),
])
def test_sensitivity_is_the_most_sensitive_type(entities, expected):
    rated, _ = rate([finding(e) for e in entities])
    assert points(rated, "sensitivity") == expected


@pytest.mark.parametrize("entities, code, expected", [
    (["CN_RESIDENT_ID", "PERSON", "CN_MOBILE_PHONE"], "identity_kit", 2),
    (["CN_PASSPORT", "PERSON", "CN_BANK_CARD"], "identity_kit", 2),
    (["CN_RESIDENT_ID", "CN_MOBILE_PHONE"], "linked_identifier", 1),
    (["CN_RESIDENT_ID", "PERSON"], "identity_kit", None),
    (["CN_RESIDENT_ID", "PERSON"], "linked_identifier", None),
    (["PERSON", "CN_MOBILE_PHONE"], "identity_kit", None),
    (["PERSON", "HEALTH_INFO"], "sensitive_record", 2),
    (["CN_RESIDENT_ID", "PERSON", "CN_MOBILE_PHONE", "RELIGION"], "sensitive_record", 2),  # the strongest only
    (["CN_RESIDENT_ID", "PERSON", "CN_MOBILE_PHONE", "RELIGION"], "identity_kit", None),
    (["HEALTH_INFO", "BIOMETRIC"], "sensitive_record", None),  # nothing says whose
])
def test_identity_combinations(entities, code, expected):
    rated, _ = rate([finding(e) for e in entities])
    assert points(rated, code) == expected


@pytest.mark.parametrize("people, expected", [(1, None), (9, None), (10, 1), (999, 1), (1000, 3), (100_000, 4)])
def test_volume_counts_distinct_identifying_values(people, expected):
    found = [finding("CN_MOBILE_PHONE", value_id=str(i)) for i in range(people)]
    found += [finding("CN_MOBILE_PHONE", value_id="0")] * 5  # repeats of one value are one person
    rated, _ = rate(found)
    assert rated.people == people
    assert points(rated, "volume") == expected


def test_non_identifying_values_do_not_count_people():
    rated, _ = rate([finding("IP_ADDRESS", value_id=str(i)) for i in range(50)])
    assert rated.people == 0 and points(rated, "volume") is None


def test_minors_are_counted_and_flagged():
    found = [finding("CN_RESIDENT_ID", value_id=str(i), flags=("minor",)) for i in range(3)] + [finding("CN_RESIDENT_ID", value_id="adult")]
    rated, _, counts = rate_all(found, [Asset("a.csv")])
    rated = rated[0]
    assert rated.minors == 3 and counts.minors == 3
    assert points(rated, "minors") == 1
    assert "guardian-consent-minors" in [a.id for a in rated.advice]


@pytest.mark.parametrize("born, minor", [
    (date(2012, 11, 24), False),  # fourteen today
    (date(2012, 11, 25), True),  # fourteen tomorrow
    (date(2020, 1, 1), True),
    (date(1990, 3, 7), False),
])
def test_minor_age_from_the_id_birth_date(born, minor):
    from tests.synthetic import resident_id
    import random

    number = resident_id(random.Random(1), born=born)
    assert is_minor("CN_RESIDENT_ID", number, TODAY, 14) is minor
    assert is_minor("CN_MOBILE_PHONE", "13812345678", TODAY, 14) is False


@pytest.mark.parametrize("container, expected", [
    ("git_repository", 3), ("mail_export", 2), ("backup_archive", 2), ("shared_folder", 1), ("database", 1),
])
def test_where_the_asset_sits(container, expected):
    rated, _ = rate([finding("EMAIL_ADDRESS")], Asset("a.csv", container=container))
    assert points(rated, container) == expected


@pytest.mark.parametrize("mode, code, expected", [
    (0o100644, "world_readable", 2),
    (0o100640, "group_readable", 1),
    (0o100640, "world_readable", None),
    (0o100600, "group_readable", None),
    (0o100600, "world_readable", None),
])
def test_who_can_read_it(mode, code, expected):
    rated, _ = rate([finding("EMAIL_ADDRESS")], Asset("a.csv", mode=mode))
    assert points(rated, code) == expected


def test_plaintext_and_encrypted():
    plain, _ = rate([finding("CN_RESIDENT_ID")], Asset("a.csv"))
    locked, _ = rate([finding("CN_RESIDENT_ID")], Asset("a.csv", encrypted=True))
    assert points(plain, "plaintext") == 1 and points(plain, "encrypted") is None
    assert points(locked, "encrypted") == -3 and points(locked, "plaintext") is None
    assert "encrypt-sensitive" in [a.id for a in plain.advice]
    assert "encrypt-sensitive" not in [a.id for a in locked.advice]


@pytest.mark.parametrize("modified, expected", [("2023-11-25", None), ("2023-11-24", 1), ("2015-01-01", 1), ("2026-11-01", None)])  # 1095 days is the limit
def test_staleness(modified, expected):
    rated, _ = rate([finding("EMAIL_ADDRESS")], Asset("a.csv", modified=modified))
    assert points(rated, "stale") == expected


def test_copies_in_other_assets():
    shared = finding("CN_MOBILE_PHONE", "a.csv", value_id="same")
    rated, _ = rate([shared, finding("CN_MOBILE_PHONE", "b.csv", value_id="same"), finding("CN_MOBILE_PHONE", "a.csv", value_id="own")])
    assert points(rated, "copies") == 1
    assert "1 value(s)" in next(f.en for f in rated.factors if f.code == "copies")


@pytest.mark.parametrize("impact_points, likelihood_points, level", [
    # impact thresholds 3/6/8, likelihood 2/4/5, matrix from risk_model.yaml
    (1, 1, 0), (1, 4, 0), (1, 5, 1), (3, 2, 1), (3, 5, 2), (6, 1, 1), (6, 2, 2), (6, 5, 3), (8, 1, 2), (8, 2, 3),
])
def test_matrix(impact_points, likelihood_points, level):
    model = risk_model()
    scorer = RiskScorer(model, advice_rules(), TODAY)
    impact = sum(impact_points >= t for t in model["impact"]["thresholds"])
    likelihood = sum(likelihood_points >= t for t in model["likelihood"]["thresholds"])
    assert model["matrix"][impact][likelihood] == level
    assert model["score_floor"][level] <= scorer._score(level, impact_points, likelihood_points) < model["score_floor"][level] + 25


def test_a_realistic_customer_list():
    found = []
    for i in range(12):
        found += [finding(e, "客户.csv", f"{e}{i}") for e in ("CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CN_BANK_CARD")]
    asset = Asset("客户.csv", container="shared_folder", mode=0o100640, modified="2026-10-01")
    rated, scan, counts = rate_all(found, [asset])
    rated = rated[0]
    # impact: sensitivity 3 + linked identifier 1 + volume 1 = 5 -> 中; likelihood: shared 1 + group 1 + plaintext 1 = 3 -> 中
    assert (rated.impact, rated.likelihood, rated.level) == (1, 1, 1)
    assert [f.code for f in rated.factors] == ["sensitivity", "linked_identifier", "volume", "shared_folder", "group_readable", "plaintext"]
    assert scan.level == 1 and counts.people == 12 and counts.total == 36
    assert [a.priority for a in scan.action_plan] == sorted(a.priority for a in scan.action_plan)
    assert scan.action_plan[0].id == "notify-transfer"


def test_same_inputs_same_ratings():
    found = [finding("CN_RESIDENT_ID", value_id=str(i)) for i in range(20)]
    assert rate(found) == rate(found)


def test_overrides_change_the_rating():
    found = [finding("CN_RESIDENT_ID")]
    default, _ = rate(found, Asset("a.csv", container="git_repository"))
    model = risk_model({"likelihood": {"container_points": {"git_repository": 0}}})
    overridden, _ = rate(found, Asset("a.csv", container="git_repository"), model)
    assert points(default, "git_repository") == 3 and points(overridden, "git_repository") == 0
    assert overridden.likelihood < default.likelihood
    assert risk_model()["likelihood"]["container_points"]["git_repository"] == 3  # the packaged model is untouched


@pytest.mark.parametrize("asset, entities, expected", [
    (Asset("a", container="git_repository"), ["EMAIL_ADDRESS"], "rewrite-history"),
    (Asset("a", mode=0o100604), ["EMAIL_ADDRESS"], "fix-permissions"),
    (Asset("a", modified="2010-01-01"), ["EMAIL_ADDRESS"], "delete-stale"),
    (Asset("a"), ["CN_RESIDENT_ID"], "separate-consent-pia"),
    (Asset("a"), ["CN_MOBILE_PHONE"], "mask-before-sharing"),
    (Asset("a", container="database"), ["EMAIL_ADDRESS"], "least-privilege-database"),
])
def test_advice_that_applies(asset, entities, expected):
    rated, _ = rate([finding(e, path="a") for e in entities], asset)
    ids = [a.id for a in rated.advice]
    assert expected in ids
    assert [a.priority for a in rated.advice] == sorted(a.priority for a in rated.advice)


SENSITIVE_KINDS = [
    (["PERSON", "HEALTH_INFO"], ("health",), "health-records"),
    (["RELIGION", "CN_MOBILE_PHONE"], ("religion",), "specific-identity-necessity"),
    (["CN_ETHNICITY"], ("specific_identity",), "specific-identity-necessity"),
    (["CRIMINAL_RECORD"], ("specific_identity",), "specific-identity-necessity"),
    (["MARITAL_HISTORY"], ("private_life",), "specific-identity-necessity"),
    (["BIOMETRIC", "CN_RESIDENT_ID"], ("biometric", "identity_document"), "biometric-separate"),
    (["CREDENTIAL", "CN_BANK_CARD"], ("financial", "credential"), "reset-credentials"),
    (["LOCATION_COORDINATES", "PERSON"], ("whereabouts",), "coarsen-whereabouts"),
    (["CN_DRIVER_LICENSE"], ("identity_document",), "separate-consent-pia"),
    (["CN_BANK_ACCOUNT"], ("financial",), "separate-consent-pia"),
]


@pytest.mark.parametrize("entities, kinds, advice", SENSITIVE_KINDS, ids=[k[2] + ":" + "+".join(k[0]) for k in SENSITIVE_KINDS])
def test_sensitive_categories_and_their_advice(entities, kinds, advice):
    rated, scan = rate([finding(e) for e in entities])
    assert rated.sensitive == kinds
    assert advice in [a.id for a in rated.advice]
    assert advice in [a.id for a in scan.action_plan]
    assert "separate-consent-pia" in [a.id for a in rated.advice]  # Art. 29 consent, Art. 55 assessment


def test_children_are_a_sensitive_category():
    rated, _ = rate([finding("CN_RESIDENT_ID", flags=("minor",))])
    assert rated.sensitive == ("minors", "identity_document")
    assert "guardian-consent-minors" in [a.id for a in rated.advice]


@pytest.mark.parametrize("entities", [["CN_MOBILE_PHONE", "PERSON"], ["IP_ADDRESS", "DEVICE_ID"], ["CN_POSTCODE"],
                                      ["DATE_OF_BIRTH"]])
def test_no_sensitive_category_and_none_of_their_advice(entities):
    rated, _ = rate([finding(e) for e in entities])
    assert rated.sensitive == ()
    specific = {kind[2] for kind in SENSITIVE_KINDS} | {"guardian-consent-minors"}
    assert not specific & {a.id for a in rated.advice}


def test_every_catalogue_type_is_weighed_named_and_categorised():
    """shared/spec/entities.md's types, and those piplscan adds, each have a weight, a display name
    and, when sensitive, a kind the HTML report filters by; the JSON schema lists the kinds."""
    import json
    import re
    from pathlib import Path

    from reports.html_report import ENTITY_NAMES
    from scanner.model import SENSITIVE_CATEGORIES

    spec = Path(__file__).resolve().parents[2] / "shared" / "spec" / "entities.md"
    entities = risk_model()["entities"]
    if spec.exists():
        assert set(re.findall(r"^\| ([A-Z][A-Z_]+) \|", spec.read_text(encoding="utf-8"), re.M)) <= set(entities)
    assert set(entities) == set(ENTITY_NAMES)
    for entity, weights in entities.items():
        assert weights.get("art28") in (None, *SENSITIVE_CATEGORIES), entity
        if weights["category"] in ("identifier", "financial", "sensitive"):
            assert weights["sensitivity"] == 3 and "art28" in weights, entity
    schema = json.loads((Path(__file__).resolve().parents[1] / "reports" / "report.schema.json").read_text(encoding="utf-8"))
    kinds = schema["properties"]["assets"]["items"]["properties"]["sensitive_categories"]["items"]["enum"]
    assert kinds == list(SENSITIVE_CATEGORIES)


def test_advice_that_does_not_apply():
    rated, _ = rate([finding("IP_ADDRESS")], Asset("a.csv", mode=0o100600))
    assert [a.id for a in rated.advice] == []


def test_no_findings_no_assets():
    rated, scan, _ = rate_all([], [Asset("a.csv")])
    assert rated == [] and scan.level == 0 and scan.action_plan == ()


@pytest.mark.parametrize("masked, plain, expected", [(0, 2, None), (1, 2, 0), (2, 2, -1), (9, 1, -1)])
def test_values_already_masked(masked, plain, expected):
    found = [finding("CN_MOBILE_PHONE", value_id=str(i)) for i in range(plain)]
    rated, _ = rate(found, Asset("a.csv", masked_values=masked))
    assert points(rated, "masked") == expected


def test_masked_values_are_counted_per_asset_and_never_findings(engine, tmp_path):
    import random

    from scanner.pipeline import Scanner
    from scanner.sources.files import FileSource, WalkOptions
    from tests import synthetic

    mobile = synthetic.mobile(random.Random(5))
    (tmp_path / "list.txt").write_text(
        f"张* 138****5678\n李* 110101********123X\n卡 622202******1234\n邮箱 z***@example.com\n王 {mobile}\n", encoding="utf-8")
    report = Scanner(engine, b"k", today=TODAY).scan([str(tmp_path)], [FileSource(tmp_path, WalkOptions(chunk_chars=40))])
    assert [(f.entity_type, f.location.line) for f in report.findings] == [("CN_MOBILE_PHONE", 5)]
    (rated,) = report.assets
    assert rated.asset.masked_values == 4
    assert next(f for f in rated.factors if f.code == "masked").points == -1
