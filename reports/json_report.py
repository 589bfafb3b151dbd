"""The canonical JSON report (shared/spec/report-json.md); ``report.schema.json`` describes it."""

import json
from importlib.resources import files

from scanner.model import Finding, Report

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
    if finding.value is not None:
        item["value"] = finding.value
    return item


def report_to_dict(report: Report) -> dict:
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.entity_type] = counts.get(finding.entity_type, 0) + 1
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "piplscan", "version": report.tool_version},
        "started_at": report.started_at,
        "finished_at": report.finished_at,
        "targets": list(report.targets),
        "stats": {
            "files_scanned": report.stats.files_scanned,
            "bytes_scanned": report.stats.bytes_scanned,
            "files_skipped": report.stats.files_skipped,
            "duration_s": report.stats.duration_s,
        },
        "summary": {"findings": len(report.findings), "by_entity": dict(sorted(counts.items()))},
        "errors": [{"path": e.path, "error": e.error} for e in report.errors],
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "findings": [finding_to_dict(f) for f in report.findings],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def load_schema() -> dict:
    return json.loads(files("reports").joinpath("report.schema.json").read_text(encoding="utf-8"))
