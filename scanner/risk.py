"""From findings to rated, explained risk (shared/spec/risk-model.md). Pure and table-driven:
every weight, threshold and word comes from ``data/risk_model.yaml`` and ``data/advice.yaml``
(overridable by the user's config); the same inputs always give the same ratings.
"""

import copy
import stat
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

import yaml

from scanner.model import Asset, ColumnStats, Finding


IMPACT_LEVELS = (("低", "low"), ("中", "medium"), ("高", "high"), ("严重", "severe"))
LIKELIHOOD_LEVELS = (("低", "low"), ("中", "medium"), ("高", "high"), ("很高", "very high"))
RISK_LEVELS = (("低", "low"), ("中", "medium"), ("高", "high"), ("严重", "critical"))


@dataclass(frozen=True)
class Factor:
    code: str
    axis: str  # "impact" or "likelihood"
    points: int
    zh: str
    en: str


@dataclass(frozen=True)
class Advice:
    id: str
    priority: int
    basis: str
    zh: str
    en: str


@dataclass(frozen=True)
class AssetRisk:
    asset: Asset
    impact: int  # index into IMPACT_LEVELS
    likelihood: int  # index into LIKELIHOOD_LEVELS
    level: int  # index into RISK_LEVELS
    score: int  # 0-100
    people: int
    minors: int
    entities: tuple[tuple[str, int], ...]  # (entity type, findings), most first
    samples: tuple[tuple[str, str], ...]  # (entity type, masked value), a few per type
    factors: tuple[Factor, ...]
    advice: tuple[Advice, ...]


@dataclass(frozen=True)
class ScanRisk:
    level: int
    score: int
    people: int
    minors: int
    assets_by_level: tuple[int, int, int, int]
    action_plan: tuple[Advice, ...]


@cache
def _packaged(name: str) -> dict:
    return yaml.safe_load(files("scanner").joinpath("data", name).read_text(encoding="utf-8"))


def risk_model(overrides: dict | None = None) -> dict:
    """The packaged model with the user's overrides merged in, key by key."""
    model = copy.deepcopy(_packaged("risk_model.yaml"))

    def merge(base: dict, extra: dict) -> None:
        for key, value in extra.items():
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                merge(base[key], value)
            else:
                base[key] = value

    merge(model, overrides or {})
    return model


def advice_rules() -> list[dict]:
    return _packaged("advice.yaml")["rules"]


def _step(points: int, thresholds: list[int]) -> int:
    return sum(points >= t for t in thresholds)


class RiskScorer:
    def __init__(self, model: dict, rules: list[dict], today: date):
        """``model`` as from ``risk_model()``, ``rules`` from ``advice_rules()``; ``today`` dates staleness."""
        self.model = model
        self.rules = rules
        self.today = today

    def entity(self, entity_type: str) -> dict:
        return self.model["entities"].get(entity_type, self.model["default_entity"])

    def _text(self, code: str, **values) -> tuple[str, str]:
        template = self.model["factor_text"][code]
        return template["zh"].format(**values), template["en"].format(**values)

    def _factor(self, code: str, axis: str, points: int, **values) -> Factor:
        zh, en = self._text(code, **values)
        return Factor(code, axis, points, zh, en)

    def rate(self, assets: list[Asset], findings: list[Finding], columns: list[ColumnStats] = ()) -> tuple[list[AssetRisk], ScanRisk]:
        """``columns``: the tallies of table columns (databases, sheets), whose findings list only examples."""
        by_asset: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            by_asset[finding.location.asset].append(finding)
        by_table: dict[str, list[ColumnStats]] = defaultdict(list)
        for column in columns:
            by_table[column.asset].append(column)
        holders: dict[str, set[str]] = defaultdict(set)  # fingerprint → assets holding it
        for path, found in by_asset.items():
            for finding in found:
                holders[finding.fingerprint].add(path)
        rated = [self._rate_asset(asset, by_asset[asset.path], holders, by_table.get(asset.path, []))
                 for asset in assets if by_asset.get(asset.path)]
        rated.sort(key=lambda r: (-r.score, r.asset.path))
        return rated, self._rate_scan(rated, findings)

    def _rate_asset(self, asset: Asset, found: list[Finding], holders: dict[str, set[str]], columns: list[ColumnStats]) -> AssetRisk:
        impact_model, likelihood_model = self.model["impact"], self.model["likelihood"]
        counts = Counter(f.entity_type for f in found if not f.location.tallied)
        for column in columns:  # a table counts the matching rows of its columns, not the examples listed
            counts[column.entity_type] += column.matching_rows
        categories = {self.entity(e)["category"] for e in counts}
        factors: list[Factor] = []

        top = max(counts, key=lambda e: (self.entity(e)["sensitivity"], counts[e]))
        sensitivity = self.entity(top)["sensitivity"]
        factors.append(self._factor("sensitivity", "impact", sensitivity, entity=top, level=sensitivity))
        for combination in self.model["combinations"]:
            if set(combination["all"]) <= categories and categories & set(combination["any"]):
                involved = ", ".join(sorted(e for e in counts if self.entity(e)["category"] in set(combination["all"]) | set(combination["any"])))
                factors.append(self._factor(combination["id"], "impact", combination["points"], entities=involved))
                break
        distinct: dict[str, set[str]] = defaultdict(set)
        for finding in found:
            if self.entity(finding.entity_type)["identifying"]:
                distinct[finding.entity_type].add(finding.fingerprint)
        people = max((len(values) for values in distinct.values()), default=0)
        people = max([people] + [c.estimated_rows or c.distinct_values for c in columns if self.entity(c.entity_type)["identifying"]])
        volume = _step(people, impact_model["volume_steps"])
        if volume:
            factors.append(self._factor("volume", "impact", volume, people=people))
        minors = max([len({f.fingerprint for f in found if "minor" in f.flags})] + [c.minors for c in columns])
        if minors:
            factors.append(self._factor("minors", "impact", impact_model["minors_points"], minors=minors, age=impact_model["minor_age"]))

        points = likelihood_model["container_points"]
        factors.append(self._factor(asset.container, "likelihood", points.get(asset.container, 1)))
        if asset.mode is not None:
            mode = f"{stat.S_IMODE(asset.mode):o}"
            if asset.mode & stat.S_IROTH:
                factors.append(self._factor("world_readable", "likelihood", likelihood_model["world_readable_points"], mode=mode))
            elif asset.mode & stat.S_IRGRP:
                factors.append(self._factor("group_readable", "likelihood", likelihood_model["group_readable_points"], mode=mode))
        if asset.encrypted:
            factors.append(self._factor("encrypted", "likelihood", likelihood_model["encrypted_points"]))
        else:
            factors.append(self._factor("plaintext", "likelihood", likelihood_model["plaintext_points"]))
        if asset.masked_values:
            mostly_masked = asset.masked_values >= len(found)
            factors.append(self._factor("masked", "likelihood", likelihood_model["masked_points"] if mostly_masked else 0,
                                        masked=asset.masked_values, plain=len(found)))
        if asset.modified is not None:
            age = (self.today - date.fromisoformat(asset.modified)).days
            if age > likelihood_model["stale_after_days"]:
                factors.append(self._factor("stale", "likelihood", likelihood_model["stale_points"], days=age, limit=likelihood_model["stale_after_days"]))
        copies = len({f.fingerprint for f in found if len(holders[f.fingerprint]) > 1})
        if copies:
            factors.append(self._factor("copies", "likelihood", likelihood_model["copies_points"], copies=copies))

        impact_points = sum(f.points for f in factors if f.axis == "impact")
        likelihood_points = sum(f.points for f in factors if f.axis == "likelihood")
        impact = _step(impact_points, impact_model["thresholds"])
        likelihood = _step(likelihood_points, likelihood_model["thresholds"])
        level = self.model["matrix"][impact][likelihood]
        score = self._score(level, impact_points, likelihood_points)
        samples = []
        for entity in counts:
            samples += [(entity, masked) for masked in sorted({f.masked for f in found if f.entity_type == entity})[:3]]
        codes = {f.code for f in factors}
        advice = self._advice("asset", codes, categories, sensitivity, level)
        return AssetRisk(asset, impact, likelihood, level, score, people, minors, tuple(counts.most_common()),
                         tuple(samples), tuple(factors), advice)

    def _score(self, level: int, impact_points: int, likelihood_points: int) -> int:
        # Within its level, an asset scores higher the more points it carries; the top of the
        # impact and likelihood scales (one step past the last threshold) maps to +24.
        ceiling = self.model["impact"]["thresholds"][-1] + self.model["likelihood"]["thresholds"][-1] + 2
        fraction = min(max(impact_points + likelihood_points, 0) / ceiling, 1.0)
        return self.model["score_floor"][level] + round(24 * fraction)

    def _advice(self, scope: str, codes: set[str], categories: set[str], sensitivity: int, level: int) -> tuple[Advice, ...]:
        chosen = []
        for rule in self.rules:
            when = rule.get("when", {})
            if rule.get("scope", "asset") != scope:
                continue
            if "factors" in when and not codes & set(when["factors"]):
                continue
            if "categories" in when and not categories & set(when["categories"]):
                continue
            if sensitivity < when.get("min_sensitivity", 0) or level < when.get("min_level", 0):
                continue
            chosen.append(Advice(rule["id"], rule["priority"], rule["basis"], rule["zh"], rule["en"]))
        return tuple(sorted(chosen, key=lambda a: a.priority))

    def _rate_scan(self, rated: list[AssetRisk], findings: list[Finding]) -> ScanRisk:
        by_level = [0, 0, 0, 0]
        for asset_risk in rated:
            by_level[asset_risk.level] += 1
        if not rated:
            return ScanRisk(0, 0, 0, 0, tuple(by_level), ())
        distinct: dict[str, set[str]] = defaultdict(set)
        for finding in findings:
            if self.entity(finding.entity_type)["identifying"]:
                distinct[finding.entity_type].add(finding.fingerprint)
        # a table's people are estimated from its columns; its findings list only examples
        people = max([len(v) for v in distinct.values()] + [r.people for r in rated])
        minors = max([len({f.fingerprint for f in findings if "minor" in f.flags})] + [r.minors for r in rated])
        worst = rated[0]
        codes = {f.code for r in rated for f in r.factors}
        categories = {self.entity(f.entity_type)["category"] for f in findings}
        sensitivity = max(self.entity(f.entity_type)["sensitivity"] for f in findings)
        plan: dict[str, Advice] = {}
        for advice in self._advice("scan", codes, categories, sensitivity, worst.level):
            plan[advice.id] = advice
        for asset_risk in rated:  # the riskiest assets' advice first, each rule once
            for advice in asset_risk.advice:
                plan.setdefault(advice.id, advice)
        ordered = sorted(plan.values(), key=lambda a: a.priority)
        return ScanRisk(worst.level, worst.score, people, minors, tuple(by_level), tuple(ordered))
