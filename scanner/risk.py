"""From findings to rated, explained risk (shared/spec/risk-model.md). Pure and table-driven:
every weight, threshold and word comes from ``data/risk_model.yaml`` and ``data/advice.yaml``
(overridable by the user's config); the same inputs always give the same ratings.
"""

import copy
import stat
from datetime import date
from functools import cache
from importlib.resources import files

import yaml

from scanner.model import RISK_LEVELS, SENSITIVE_CATEGORIES, Advice, Asset, AssetCounts, AssetRisk, Factor, Finding, ScanRisk


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

    def identifying(self, entity_type: str) -> bool:
        """Whether distinct values of the type count people."""
        return self.entity(entity_type)["identifying"]

    def one_per_person(self, entity_type: str) -> bool:
        """Whether a table row holding a value of the type is one person (scanner/tally.py)."""
        return self.entity(entity_type).get("art28") in self.model["one_per_person"]

    def sensitive(self, counts: AssetCounts) -> tuple[str, ...]:
        """The kinds of sensitive personal information (SENSITIVE_CATEGORIES) the counts hold."""
        present = {self.entity(e).get("art28") for e, _ in counts.values} | ({"minors"} if counts.minors else set())
        return tuple(code for code in SENSITIVE_CATEGORIES if code in present)

    def _text(self, code: str, **values) -> tuple[str, str]:
        template = self.model["factor_text"][code]
        return template["zh"].format(**values), template["en"].format(**values)

    def _factor(self, code: str, axis: str, points: int, **values) -> Factor:
        zh, en = self._text(code, **values)
        return Factor(code, axis, points, zh, en)

    def rate(self, assets: list[Asset], findings: list[Finding], counts: dict[str, AssetCounts]) -> tuple[list[AssetRisk], ScanRisk]:
        """``counts``: every asset's figures from the tallies (scanner/tally.py); ``findings``
        give only the masked samples shown beside them."""
        samples: dict[str, dict[str, set[str]]] = {}
        for finding in findings:
            samples.setdefault(finding.location.asset, {}).setdefault(finding.entity_type, set()).add(finding.masked)
        rated = [self._rate_asset(asset, counts[asset.path], samples.get(asset.path, {})) for asset in assets if asset.path in counts]
        rated.sort(key=lambda r: (-r.score, r.asset.path))
        return rated, self._rate_scan(rated)

    def _rate_asset(self, asset: Asset, counts: AssetCounts, samples: dict[str, set[str]]) -> AssetRisk:
        impact_model, likelihood_model = self.model["impact"], self.model["likelihood"]
        present = dict(counts.values)
        categories = {self.entity(e)["category"] for e in present}
        factors: list[Factor] = []

        top = max(present, key=lambda e: (self.entity(e)["sensitivity"], present[e]))
        sensitivity = self.entity(top)["sensitivity"]
        factors.append(self._factor("sensitivity", "impact", sensitivity, entity=top, level=sensitivity))
        for combination in self.model["combinations"]:  # the first that holds: the strongest
            if set(combination["all"]) <= categories and categories & set(combination["any"]):
                wanted = set(combination["all"]) | set(combination["any"])
                involved = ", ".join(sorted(e for e in present if self.entity(e)["category"] in wanted))
                factors.append(self._factor(combination["id"], "impact", combination["points"], entities=involved))
                break
        step = _step(counts.people, impact_model["volume_steps"])
        if step:
            code = "volume_estimated" if counts.estimate else "volume"
            factors.append(self._factor(code, "impact", impact_model["volume_points"][step - 1], people=counts.people))
        if counts.minors:
            factors.append(self._factor("minors", "impact", impact_model["minors_points"], minors=counts.minors,
                                        age=impact_model["minor_age"]))
        if counts.partial:
            factors.append(self._factor("partial", "impact", 0))

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
        if counts.masked:
            mostly_masked = counts.masked >= counts.total
            factors.append(self._factor("masked", "likelihood", likelihood_model["masked_points"] if mostly_masked else 0,
                                        masked=counts.masked, plain=counts.total))
        if asset.modified is not None:
            age = (self.today - date.fromisoformat(asset.modified)).days
            if age > likelihood_model["stale_after_days"]:
                factors.append(self._factor("stale", "likelihood", likelihood_model["stale_points"], days=age,
                                            limit=likelihood_model["stale_after_days"]))
        if counts.copies:
            factors.append(self._factor("copies", "likelihood", likelihood_model["copies_points"], copies=counts.copies))

        impact_points = sum(f.points for f in factors if f.axis == "impact")
        likelihood_points = sum(f.points for f in factors if f.axis == "likelihood")
        impact = _step(impact_points, impact_model["thresholds"])
        likelihood = _step(likelihood_points, likelihood_model["thresholds"])
        level = self.model["matrix"][impact][likelihood]
        score = self._score(level, impact_points, likelihood_points)
        shown = tuple((entity, masked) for entity in present for masked in sorted(samples.get(entity, ()))[:3])
        sensitive = self.sensitive(counts)
        advice = self._advice("asset", {f.code for f in factors}, categories | set(sensitive), sensitivity, level)
        return AssetRisk(asset, impact, likelihood, level, score, counts, shown, tuple(factors), advice, sensitive)

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
                continue  # entity categories of risk_model.yaml, and SENSITIVE_CATEGORIES
            if sensitivity < when.get("min_sensitivity", 0) or level < when.get("min_level", 0):
                continue
            chosen.append(Advice(rule["id"], rule["priority"], rule["basis"], rule["zh"], rule["en"]))
        return tuple(sorted(chosen, key=lambda a: a.priority))

    def _rate_scan(self, rated: list[AssetRisk]) -> ScanRisk:
        by_level = [0] * len(RISK_LEVELS)
        for asset_risk in rated:
            by_level[asset_risk.level] += 1
        if not rated:
            return ScanRisk(0, 0, tuple(by_level), ())
        worst = rated[0]
        present = {entity for r in rated for entity, _ in r.counts.values}
        codes = {f.code for r in rated for f in r.factors}
        categories = {self.entity(e)["category"] for e in present} | {c for r in rated for c in r.sensitive}
        sensitivity = max(self.entity(e)["sensitivity"] for e in present)
        plan: dict[str, Advice] = {}
        for advice in self._advice("scan", codes, categories, sensitivity, worst.level):
            plan[advice.id] = advice
        for asset_risk in rated:  # the riskiest assets' advice first, each rule once
            for advice in asset_risk.advice:
                plan.setdefault(advice.id, advice)
        ordered = sorted(plan.values(), key=lambda a: a.priority)
        return ScanRisk(worst.level, worst.score, tuple(by_level), tuple(ordered))
