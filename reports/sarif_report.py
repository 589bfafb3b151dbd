"""SARIF 2.1.0 for code-scanning services (GitHub code scanning and other CI dashboards).

A SARIF file is uploaded to a third-party service, so it never carries a raw value: results
name the entity type and the masked value only, even when the report was made with
``--show-data``. One rule per entity type found, carrying the remediation advice of the assets
that hold it; one result per finding, its level taken from the risk of the finding's asset.
Everything comes from fields that survive a JSON round trip (``report_from_dict``), so a saved
report renders to the same SARIF.
"""

import json
import re
from datetime import datetime, timezone
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from reports.html_report import entity_name
from scanner.model import RISK_LEVELS, Advice, AssetRisk, Finding, Report
from scanner.risk import risk_model

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "piplscan/v1"

# Risk level index (RISK_LEVELS: low, medium, high, critical) → SARIF result level and the
# "security-severity" score code-scanning services sort and badge by.
LEVELS = ("note", "warning", "error", "error")
SECURITY_SEVERITY = ("3.0", "5.0", "7.0", "9.5")  # GitHub: above 9.0 is critical, 7.0-8.9 high
UNRATED = 1  # a finding whose asset carries no rating (a report saved without assets): medium


def _uri(path: str) -> str:
    """A finding's path as a URI reference. Relative paths (the usual case) stay relative, every
    character outside RFC 3986's unreserved set and "/" percent-encoded (UTF-8), so spaces, "#",
    "%", ":" and Chinese names stay one unambiguous path. A file given on the command line by an
    absolute path becomes a file: URI."""
    windows = PureWindowsPath(path)
    if windows.drive and windows.is_absolute():
        return "file:///" + quote(windows.as_posix(), safe="/:", errors="backslashreplace")
    if PurePosixPath(path).is_absolute():
        return "file://" + quote(path, safe="/", errors="backslashreplace")
    return quote(path, safe="/", errors="backslashreplace")  # backslashreplace: a lone surrogate, never a crash


def _utc(timestamp: str) -> str | None:
    """SARIF date/time properties are UTC with a "Z" (SARIF 2.1.0 §3.9)."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except (TypeError, ValueError):
        return None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _pascal(entity_type: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", entity_type) if part) or entity_type


def _holders(report: Report) -> dict[str, list[AssetRisk]]:
    """Entity type → the rated assets holding it, riskiest first (the order of report.assets)."""
    holders: dict[str, list[AssetRisk]] = {}
    for rated in report.assets:
        for entity_type, _ in rated.entities:
            holders.setdefault(entity_type, []).append(rated)
    return holders


def _advice(assets: list[AssetRisk]) -> list[Advice]:
    """The advice of these assets, each rule once, most urgent (lowest priority number) first;
    within a priority, the riskiest asset's advice first."""
    seen: dict[str, Advice] = {}
    for rated in assets:
        for advice in rated.advice:
            seen.setdefault(advice.id, advice)
    return sorted(seen.values(), key=lambda a: a.priority)


def _help(advice: list[Advice], assets: list[AssetRisk], level: int, lang: str) -> dict:
    zh = lang == "zh"
    level_name = RISK_LEVELS[level][0 if zh else 1]
    if zh:
        intro = f"{len(assets)} 个文件含此类信息，最高风险：{level_name}。" if assets else "本次扫描未对含此类信息的文件评级。"
        heading, basis_label, none = "处置建议（按紧急程度排序）", "依据", "暂无针对此类信息的处置建议。"
    else:
        intro = (f"Found in {len(assets)} file(s); highest risk: {level_name}." if assets
                 else "No file holding this type was rated in this scan.")
        heading, basis_label, none = "Remediation (most urgent first)", "Legal basis", "No specific remediation advice for this type."
    if not advice:
        return {"text": f"{intro}\n{none}", "markdown": f"{_md(intro)}\n\n{_md(none)}"}
    text = [intro, "", heading + ("：" if zh else ":")]
    markdown = [_md(intro), "", f"**{heading}**", ""]
    for number, item in enumerate(advice, 1):
        words = item.zh if zh else item.en
        if zh:
            text.append(f"{number}. [P{item.priority}] {words}（{basis_label}：{item.basis}）")
        else:
            text.append(f"{number}. [P{item.priority}] {words} ({basis_label}: {item.basis})")
        markdown.append(f"{number}. **P{item.priority}** {_md(words)}  \n   *{basis_label}{'：' if zh else ': '}{_md(item.basis)}*")
    return {"text": "\n".join(text), "markdown": "\n".join(markdown)}


def _rule(entity_type: str, assets: list[AssetRisk], model: dict, lang: str) -> dict:
    zh = lang == "zh"
    name = entity_name(entity_type)[0 if zh else 1]
    entity = model["entities"].get(entity_type, model["default_entity"])
    level = max((rated.level for rated in assets), default=UNRATED)
    sensitive = entity["sensitivity"] >= 3
    if zh:
        short = f"明文个人信息：{name}"
        full = (f"文件中以明文存放的{name}（{entity_type}），属于《个人信息保护法》规定的个人信息"
                + ("；风险模型将其列为最高敏感度（3/3：敏感个人信息或 JR/T 0171 C3 级）" if sensitive else "")
                + "。结果中仅显示脱敏后的值。")
    else:
        short = f"Personal information in clear text: {name}"
        full = (f"{name} ({entity_type}) stored in clear text: personal information under the PIPL"
                + ("; the risk model rates this type most sensitive (3/3: sensitive personal information or JR/T 0171 C3)"
                   if sensitive else "")
                + ". Results show masked values only.")
    return {
        "id": entity_type,
        "name": _pascal(entity_type),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": LEVELS[level]},
        "help": _help(_advice(assets), assets, level, lang),
        "properties": {
            "tags": ["security", "privacy", "PIPL", entity["category"]],
            "security-severity": SECURITY_SEVERITY[level],
            "sensitivity": entity["sensitivity"],
        },
    }


def _region(finding: Finding) -> dict | None:
    location = finding.location
    if not location.line:
        return None
    region: dict = {"startLine": location.line}
    if location.column:
        region["startColumn"] = location.column
        region["endColumn"] = location.end_column or location.column + len(finding.masked)  # a report saved without end_column
    region["snippet"] = {"text": finding.masked}  # never finding.value: the file leaves the building
    return region


def _result(finding: Finding, rule_index: int, rated: AssetRisk | None, lang: str) -> dict:
    zh = lang == "zh"
    level = rated.level if rated is not None else UNRATED
    name = entity_name(finding.entity_type)[0 if zh else 1]
    if zh:
        message = f"发现{name}（{finding.entity_type}）：{finding.masked}"
        if rated is not None:
            message += f"。所在文件风险：{RISK_LEVELS[level][0]}（{rated.score}/100）。"
    else:
        message = f"{name} ({finding.entity_type}) found: {finding.masked}"
        if rated is not None:
            message += f". File risk: {RISK_LEVELS[level][1]} ({rated.score}/100)."
    physical: dict = {"artifactLocation": {"uri": _uri(finding.location.path)}}
    region = _region(finding)
    if region is not None:
        physical["region"] = region
    properties: dict = {"riskLevel": RISK_LEVELS[level][1], "confidence": finding.score, "recognizer": finding.recognizer}
    if rated is not None:
        properties["score"] = rated.score
        if rated.counts.partial:  # the file was read in part: its rating is a floor
            properties["assetReadInPart"] = True
        if rated.sensitive:  # kinds of sensitive personal information in the asset (PIPL Art. 28)
            properties["sensitiveCategories"] = list(rated.sensitive)
    if finding.flags:
        properties["flags"] = list(finding.flags)
    fingerprints = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.location.commit:  # a diff or history scan: the commit that added the value (as gitleaks reports it)
        fingerprints["commitSha"] = properties["commit"] = finding.location.commit
        if finding.location.author_date:
            properties["authorDate"] = finding.location.author_date
    return {
        "ruleId": finding.entity_type,
        "ruleIndex": rule_index,
        "level": LEVELS[level],
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": fingerprints,
        "properties": properties,
    }


def _invocation(report: Report) -> dict:
    invocation: dict = {"executionSuccessful": not report.errors}
    start, end = _utc(report.started_at), _utc(report.finished_at)
    if start:
        invocation["startTimeUtc"] = start
    if end:
        invocation["endTimeUtc"] = end
    if report.errors:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": {"text": _one_line(f"{error.path or '.'}: {error.error}")},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(error.path)}}}],
            }
            for error in report.errors
        ]
    return invocation


def _run_properties(report: Report) -> dict:
    risk = report.risk
    level = risk.level if risk is not None else 0
    properties = {
        "riskLevel": RISK_LEVELS[level][1],
        "riskLevelZh": RISK_LEVELS[level][0],
        "score": risk.score if risk is not None else 0,
        "people": report.counts.people,
        "minors": report.counts.minors,
        "values": report.counts.total,
        "estimate": report.counts.estimate,
        "assetsByLevel": {RISK_LEVELS[i][1]: (risk.assets_by_level[i] if risk is not None else 0) for i in range(len(RISK_LEVELS))},
        "findings": len(report.findings),
        "suppressed": sum(count for _, _, count in report.suppressed),
        "filesScanned": report.stats.files_scanned,
        "filesSkipped": report.stats.files_skipped,
    }
    return properties


def sarif_log(report: Report, lang: str = "zh") -> dict:
    holders = _holders(report)
    by_path = {rated.asset.path: rated for rated in report.assets}
    entity_types = sorted({finding.entity_type for finding in report.findings})
    model = risk_model()
    rules = [_rule(entity_type, holders.get(entity_type, []), model, lang) for entity_type in entity_types]
    index = {entity_type: i for i, entity_type in enumerate(entity_types)}
    results = [_result(f, index[f.entity_type], by_path.get(f.location.asset), lang) for f in report.findings]
    run = {
        "tool": {"driver": {"name": "piplscan", "version": report.tool_version, "rules": rules}},
        "invocations": [_invocation(report)],
        "columnKind": "unicodeCodePoints",  # Location.column counts characters
        "results": results,
        "properties": _run_properties(report),
    }
    if report.targets and any(f.location.commit for f in report.findings):
        # Findings with commits come from a repository's diff or history, the last target the CLI names.
        provenance = {"repositoryUri": _uri(report.targets[-1])}
        if report.revision:
            provenance["revisionId"] = report.revision
        run["versionControlProvenance"] = [provenance]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(report: Report, lang: str = "zh") -> bytes:
    return (json.dumps(sarif_log(report, lang), ensure_ascii=False, indent=2) + "\n").encode("utf-8", "backslashreplace")
