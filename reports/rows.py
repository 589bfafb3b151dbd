"""Rows for the tabular formats (CSV, XLSX): one per asset, in the report's language."""

from collections import defaultdict

from reports.safe import printable
from scanner.model import IMPACT_LEVELS, LIKELIHOOD_LEVELS, RISK_LEVELS, SENSITIVE_CATEGORIES, Report

_HEADERS = {
    "zh": ["路径", "风险等级", "风险分", "影响程度", "发生可能性", "涉及人数", "未成年人", "值数", "估计值", "仅部分读取", "信息类型", "敏感个人信息",
           "风险因素",
           "处置建议"],
    "en": ["Path", "Risk", "Score", "Impact", "Likelihood", "People", "Children", "Values", "Estimate", "Read in part", "Entity types",
           "Sensitive categories", "Factors", "Advice"],
}
ENTITY_HEADERS = {
    "zh": ["路径", "值数", "脱敏样例"],
    "en": ["Path", "Values", "Masked samples"],
}
EXCEL_CELL_LIMIT = 32_767
PLAN_HEADERS = {"zh": ["优先级", "建议", "依据"], "en": ["Priority", "Action", "Basis"]}


def _name(levels: tuple[tuple[str, str], ...], index: int, lang: str) -> str:
    return levels[index][0 if lang == "zh" else 1]


def sensitive_name(code: str, lang: str) -> str:
    return SENSITIVE_CATEGORIES.get(code, (code, code))[0 if lang == "zh" else 1]


def asset_rows(report: Report, lang: str) -> list[list]:
    rows = [list(_HEADERS[lang])]
    for rated in report.assets:
        yes_no = ("是", "否") if lang == "zh" else ("yes", "no")
        rows.append([
            rated.asset.path,
            _name(RISK_LEVELS, rated.level, lang),
            rated.score,
            _name(IMPACT_LEVELS, rated.impact, lang),
            _name(LIKELIHOOD_LEVELS, rated.likelihood, lang),
            rated.people,
            rated.minors,
            rated.counts.total,
            yes_no[not rated.counts.estimate],
            yes_no[not rated.counts.partial],
            "; ".join(f"{entity} {count}" for entity, count in rated.entities),
            "; ".join(sensitive_name(code, lang) for code in rated.sensitive),
            "; ".join(f"{getattr(f, lang)} ({f.points:+d})" for f in rated.factors),
            "; ".join(f"[P{a.priority}] {getattr(a, lang)} ({a.basis})" for a in rated.advice),
        ])
    return rows


def entity_rows(report: Report, lang: str) -> dict[str, list[list]]:
    """Per entity type: one row per asset holding it, with the asset's count of its values."""
    grouped: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for rated in report.assets:
        for entity, count in rated.counts.values:
            samples = ", ".join(masked for kind, masked in rated.samples if kind == entity)
            grouped[entity].append((count, rated.asset.path, samples))
    sheets = {}
    for entity, rows in sorted(grouped.items()):
        ordered = sorted(rows, key=lambda row: (-row[0], row[1]))
        sheets[entity] = [list(ENTITY_HEADERS[lang])] + [[path, count, samples] for count, path, samples in ordered]
    return sheets


def plan_rows(report: Report, lang: str) -> list[list]:
    rows = [list(PLAN_HEADERS[lang])]
    if report.risk:
        rows += [[f"P{a.priority}", getattr(a, lang), a.basis] for a in report.risk.action_plan]
    return rows


def neutralise_formula(value):
    """Spreadsheets run a cell that starts with = + - @ as a formula, and openpyxl refuses control
    characters; file names are untrusted. Excel holds at most 32,767 characters in a cell."""
    if not isinstance(value, str):
        return value
    value = printable(value)[:EXCEL_CELL_LIMIT - 1]
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
