"""The canonical JSON report (shared/spec/report-json.md); ``report.schema.json`` describes it.

``report_from_dict`` reads a saved report back, so every format can be re-rendered from JSON.
"""

import json
import math
from collections.abc import Iterator
from json.encoder import encode_basestring
from importlib.resources import files

from scanner.model import (IMPACT_LEVELS, LIKELIHOOD_LEVELS, RISK_LEVELS, Advice, Asset, AssetCounts, AssetRisk, ColumnStats, Factor,
                           Finding, Location, Report, ScanCounts, ScanError, ScanRisk, Skipped, Stats, TableSummary)
from scanner.tally import most_first

SCHEMA_VERSION = 1


def finding_to_dict(finding: Finding) -> dict:
    item = {
        "entity_type": finding.entity_type,
        "score": finding.score,
        "recognizer": finding.recognizer,
        "location": finding.location.to_dict(),
        "masked": finding.masked,
        "fingerprint": finding.fingerprint,
    }
    if finding.flags:
        item["flags"] = list(finding.flags)
    if finding.present_at_head is not None:
        item["present_at_head"] = finding.present_at_head
    if finding.value is not None:
        item["value"] = finding.value
    return item


def _advice(advice: Advice) -> dict:
    return {"id": advice.id, "priority": advice.priority, "basis": advice.basis, "zh": advice.zh, "en": advice.en}


def asset_to_dict(rated: AssetRisk) -> dict:
    asset = rated.asset
    return {
        "path": asset.path,
        "container": asset.container,
        "size": asset.size,
        "mode": None if asset.mode is None else f"{asset.mode & 0o7777:04o}",
        "modified": asset.modified,
        "encrypted": asset.encrypted,
        "masked_values": asset.masked_values,
        "risk": {
            "level": RISK_LEVELS[rated.level][1],
            "level_zh": RISK_LEVELS[rated.level][0],
            "score": rated.score,
            "impact": IMPACT_LEVELS[rated.impact][1],
            "impact_zh": IMPACT_LEVELS[rated.impact][0],
            "likelihood": LIKELIHOOD_LEVELS[rated.likelihood][1],
            "likelihood_zh": LIKELIHOOD_LEVELS[rated.likelihood][0],
        },
        "values": rated.counts.total,
        "people": rated.people,
        "minors": rated.minors,
        "copies": rated.counts.copies,
        "estimate": rated.counts.estimate,
        "partial": rated.counts.partial,
        "entities": dict(rated.entities),
        "sensitive_categories": list(rated.sensitive),
        "samples": [{"entity_type": e, "masked": m} for e, m in rated.samples],
        "factors": [{"code": f.code, "axis": f.axis, "points": f.points, "zh": f.zh, "en": f.en} for f in rated.factors],
        "advice": [_advice(a) for a in rated.advice],
    }


def column_to_dict(column: ColumnStats) -> dict:
    return {
        "path": column.path,
        "table": column.table,
        "column_name": column.column,
        "entity_type": column.entity_type,
        "rows_sampled": column.rows_sampled,
        "matching_rows": column.matching_rows,
        "match_ratio": round(column.match_ratio, 4),
        "distinct_values": column.distinct_values,
        "distinct_estimated": column.distinct_estimated,
        "minors": column.minors,
        "table_rows": column.table_rows,
        "estimated_rows": column.estimated_rows,
        "estimate": column.estimate,
        "confidence": column.confidence,
        "samples": list(column.samples),
        "sampling": column.sampling,
        "sheet": column.sheet,
        "member": column.member,
        "taken": column.taken,
        "why_zh": column.why_zh,
        "why_en": column.why_en,
    }


def _column_from(item: dict) -> ColumnStats:
    return ColumnStats(item["path"], item["table"], item["column_name"], item["entity_type"], item["rows_sampled"],
                       item["matching_rows"], item["distinct_values"], item["distinct_estimated"], item["minors"],
                       item["table_rows"], item["estimated_rows"],
                       item["estimate"], item["confidence"], tuple(item["samples"]), item["sampling"],
                       item.get("sheet"), item.get("member"), item.get("taken", True), item.get("why_zh", ""), item.get("why_en", ""))


def table_to_dict(table: TableSummary) -> dict:
    return {"path": table.path, "table": table.table, "row_count": table.row_count,
            "row_count_estimated": table.row_count_estimated, "rows_read": table.rows_read,
            "columns": list(table.columns), "sampling": table.sampling}


def report_to_dict(report: Report, with_findings: bool = True) -> dict:
    listed: dict[str, int] = {}
    for finding in report.findings:
        listed[finding.entity_type] = listed.get(finding.entity_type, 0) + 1
    risk = report.risk or ScanRisk(0, 0, (0, 0, 0, 0), ())
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "piplscan", "version": report.tool_version},
        "started_at": report.started_at,
        "finished_at": report.finished_at,
        "targets": list(report.targets),
        **({"revision": report.revision} if report.revision else {}),
        "stats": {
            "files_scanned": report.stats.files_scanned,
            "bytes_scanned": report.stats.bytes_scanned,
            "files_skipped": report.stats.files_skipped,
            "duration_s": report.stats.duration_s,
            "tables_scanned": report.stats.tables_scanned,
            "rows_sampled": report.stats.rows_sampled,
        },
        "summary": {"values": report.counts.total, "by_entity": dict(sorted(report.counts.values)),
                    "findings": len(report.findings), "findings_by_entity": dict(sorted(listed.items())),
                    "estimate": report.counts.estimate, "partial_assets": report.counts.partial_assets},
        "unread_targets": [{"path": e.path, "error": e.error} for e in report.unread_targets],
        "suppressed": {
            "total": sum(count for _, _, count in report.suppressed),
            "by_reason": _totals((reason, count) for reason, _, count in report.suppressed),
            "by_entity": _totals((entity, count) for _, entity, count in report.suppressed),
            "counts": [{"reason": r, "entity_type": e, "count": n} for r, e, n in report.suppressed],
        },
        "risk": {
            "level": RISK_LEVELS[risk.level][1],
            "level_zh": RISK_LEVELS[risk.level][0],
            "score": risk.score,
            "people": report.counts.people,
            "minors": report.counts.minors,
            "assets_by_level": {RISK_LEVELS[i][1]: n for i, n in enumerate(risk.assets_by_level)},
        },
        "advice": [_advice(a) for a in risk.action_plan],
        "assets": [asset_to_dict(a) for a in report.assets],
        "tables": [table_to_dict(t) for t in report.tables],
        "columns": [column_to_dict(c) for c in report.columns],
        "columns_rejected": [column_to_dict(c) for c in report.columns_rejected],
        "errors": [{"path": e.path, "error": e.error} for e in report.errors],
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "scanned": list(report.scanned),
        "findings": [finding_to_dict(f) for f in report.findings] if with_findings else [],
    }


def _totals(pairs) -> dict[str, int]:
    totals: dict[str, int] = {}
    for key, count in pairs:
        totals[key] = totals.get(key, 0) + count
    return dict(sorted(totals.items()))


def render_json(report: Report) -> str:
    return "".join(json_chunks(report))


def json_chunks(report: Report, per_chunk: int = 500) -> Iterator[str]:
    """The document ``json.dumps(report_to_dict(report), indent=2)`` gives, with the findings
    (its last member) encoded ``per_chunk`` at a time: the whole document of a large scan took
    three times the memory of the findings themselves."""
    document = report_to_dict(report, with_findings=False)
    if not report.findings:
        yield json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        return
    del document["findings"]
    yield json.dumps(document, ensure_ascii=False, indent=2)[:-len("\n}")] + ',\n  "findings": [\n'
    for first in range(0, len(report.findings), per_chunk):
        items = (indented(finding_to_dict(f), "    ") for f in report.findings[first:first + per_chunk])
        yield ("" if first == 0 else ",\n") + ",\n".join("    " + item for item in items)
    yield "\n  ]\n}\n"


def indented(value, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, each line after the first starting
    with ``indent``. Written here because json's C encoder ignores ``indent``: its Python one took
    twice as long, and a dense file's tens of thousands of findings are encoded one by one."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict | list) and value:
        inner = indent + "  "
        if isinstance(value, dict):
            items = [f"{encode_basestring(key)}: {indented(item, inner)}" for key, item in value.items()]
        else:
            items = [indented(item, inner) for item in value]
        opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
        return f"{opening}\n{inner}" + f",\n{inner}".join(items) + f"\n{indent}{closing}"
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return repr(value)
    return json.dumps(value)  # true, false, null, NaN or an empty container: as json writes it


def load_schema() -> dict:
    return json.loads(files("reports").joinpath("report.schema.json").read_text(encoding="utf-8"))


def _index(levels: tuple[tuple[str, str], ...], english: str) -> int:
    return [en for _, en in levels].index(english)


def _counts_from(data: dict) -> ScanCounts:
    summary, risk = data.get("summary", {}), data.get("risk") or {}
    return ScanCounts(most_first(summary.get("by_entity", {})), risk.get("people", 0), risk.get("minors", 0), summary.get("estimate", False),
                      summary.get("partial_assets", 0))


def _advice_from(item: dict) -> Advice:
    return Advice(item["id"], item["priority"], item["basis"], item["zh"], item["en"])


def report_from_dict(data: dict) -> Report:
    """The Report a saved JSON report was rendered from (findings, assets, risk and advice)."""
    findings = tuple(
        Finding(
            entity_type=f["entity_type"], score=f["score"], recognizer=f["recognizer"],
            location=Location(**f["location"]), masked=f["masked"], fingerprint=f["fingerprint"],
            value=f.get("value"), flags=tuple(f.get("flags", ())), present_at_head=f.get("present_at_head"),
        )
        for f in data["findings"]
    )
    assets = []
    for item in data.get("assets", []):
        asset = Asset(item["path"], item.get("size", 0), item.get("container", "shared_folder"),
                      None if item.get("mode") is None else int(item["mode"], 8), item.get("modified"), item.get("encrypted", False),
                      item.get("masked_values", 0))
        risk = item["risk"]
        assets.append(AssetRisk(
            asset=asset,
            impact=_index(IMPACT_LEVELS, risk["impact"]),
            likelihood=_index(LIKELIHOOD_LEVELS, risk["likelihood"]),
            level=_index(RISK_LEVELS, risk["level"]),
            score=risk["score"],
            counts=AssetCounts(tuple(item["entities"].items()), item["people"], item["minors"], item.get("masked_values", 0),
                               item.get("copies", 0), item.get("estimate", False), item.get("partial", False)),
            samples=tuple((s["entity_type"], s["masked"]) for s in item["samples"]),
            factors=tuple(Factor(f["code"], f["axis"], f["points"], f["zh"], f["en"]) for f in item["factors"]),
            advice=tuple(_advice_from(a) for a in item["advice"]),
            sensitive=tuple(item.get("sensitive_categories", ())),
        ))
    scan = data.get("risk")
    risk = None if scan is None else ScanRisk(
        level=_index(RISK_LEVELS, scan["level"]), score=scan["score"],
        assets_by_level=tuple(scan["assets_by_level"][en] for _, en in RISK_LEVELS),
        action_plan=tuple(_advice_from(a) for a in data.get("advice", [])),
    )
    stats = data["stats"]
    return Report(
        tool_version=data["tool"]["version"],
        started_at=data["started_at"],
        finished_at=data["finished_at"],
        targets=tuple(data["targets"]),
        stats=Stats(stats["files_scanned"], stats["bytes_scanned"], stats["files_skipped"], stats["duration_s"],
                    stats.get("tables_scanned", 0), stats.get("rows_sampled", 0)),
        findings=findings,
        errors=tuple(ScanError(e["path"], e["error"]) for e in data["errors"]),
        skipped=tuple(Skipped(s["path"], s["reason"]) for s in data.get("skipped", [])),
        scanned=tuple(data.get("scanned", [])),
        assets=tuple(assets),
        risk=risk,
        suppressed=tuple((c["reason"], c["entity_type"], c["count"]) for c in data.get("suppressed", {}).get("counts", [])),
        columns=tuple(_column_from(c) for c in data.get("columns", [])),
        columns_rejected=tuple(_column_from(c) for c in data.get("columns_rejected", [])),
        unread_targets=tuple(ScanError(e["path"], e["error"]) for e in data.get("unread_targets", [])),
        counts=_counts_from(data),
        tables=tuple(TableSummary(t["path"], t["table"], t["row_count"], t["row_count_estimated"], t["rows_read"],
                                  tuple(t["columns"]), t["sampling"]) for t in data.get("tables", [])),
        revision=data.get("revision"),
    )
