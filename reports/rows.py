"""Rows for the tabular formats (CSV, XLSX): one per asset, in the report's language."""

from collections import defaultdict

from reports.safe import printable
from scanner.model import Report
from scanner.risk import IMPACT_LEVELS, LIKELIHOOD_LEVELS, RISK_LEVELS

_HEADERS = {
    "zh": ["路径", "风险等级", "风险分", "影响程度", "发生可能性", "涉及人数", "未成年人", "发现数", "信息类型", "风险因素", "处置建议"],
    "en": ["Path", "Risk", "Score", "Impact", "Likelihood", "People", "Children", "Findings", "Entity types", "Factors", "Advice"],
}
ENTITY_HEADERS = {
    "zh": ["路径", "发现数", "不同值数", "脱敏样例"],
    "en": ["Path", "Findings", "Distinct values", "Masked samples"],
}
EXCEL_CELL_LIMIT = 32_767
PLAN_HEADERS = {"zh": ["优先级", "建议", "依据"], "en": ["Priority", "Action", "Basis"]}


def _name(levels: tuple[tuple[str, str], ...], index: int, lang: str) -> str:
    return levels[index][0 if lang == "zh" else 1]


def asset_rows(report: Report, lang: str) -> list[list]:
    rows = [list(_HEADERS[lang])]
    for rated in report.assets:
        findings = sum(count for _, count in rated.entities)
        rows.append([
            rated.asset.path,
            _name(RISK_LEVELS, rated.level, lang),
            rated.score,
            _name(IMPACT_LEVELS, rated.impact, lang),
            _name(LIKELIHOOD_LEVELS, rated.likelihood, lang),
            rated.people,
            rated.minors,
            findings,
            "; ".join(f"{entity} {count}" for entity, count in rated.entities),
            "; ".join(f"{getattr(f, lang)} ({f.points:+d})" for f in rated.factors),
            "; ".join(f"[P{a.priority}] {getattr(a, lang)} ({a.basis})" for a in rated.advice),
        ])
    return rows


def entity_rows(report: Report, lang: str) -> dict[str, list[list]]:
    """Per entity type: one row per asset holding it."""
    grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, set(), set()]))
    for finding in report.findings:
        if not finding.location.tallied:  # a table's findings are examples: its columns count
            tally = grouped[finding.entity_type][finding.location.asset]
            tally[0] += 1
            tally[1].add(finding.fingerprint)
            tally[2].add(finding.masked)
    distinct: dict[tuple[str, str], int] = defaultdict(int)
    for column in report.columns:
        tally = grouped[column.entity_type][column.asset]
        tally[0] += column.matching_rows
        tally[2].update(column.samples)
        distinct[(column.entity_type, column.asset)] += column.distinct_values
    sheets = {}
    for entity in sorted(grouped):
        rows = [list(ENTITY_HEADERS[lang])]
        for path, (count, fingerprints, masked) in sorted(grouped[entity].items(), key=lambda item: (-item[1][0], item[0])):
            rows.append([path, count, len(fingerprints) + distinct[(entity, path)], ", ".join(sorted(masked)[:3])])
        sheets[entity] = rows
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
