"""Plain text, one finding per line as ``path:line:column: ENTITY masked``: the form compilers and
linters print, so CI logs, pre-commit and editors can jump to it (a database value has no line
to jump to: its column's line stands for it); then one line per column of a table, database or
sheet. Masked values only."""

from reports.reasons import reason_zh
from reports.safe import printable
from scanner.model import RISK_LEVELS, ColumnStats, Finding, Report

_WORDS = {
    "zh": {"commit": "提交", "gone": "HEAD 已删除", "error": "错误", "summary": "发现 {n} 个值，{files} 个文件{tables}；风险 {level}", "tables": "、{n} 张表",
           "none": "未发现个人信息（{files} 个文件）", "rejected": "未采信", "partial": "仅部分读取，计数为下限", "suppressed": "已豁免 {n} 处",
           "column": "{asset}.{column}: {entity} 读取 {sampled} 行中 {matching} 行（{ratio:.0%}）{estimated} {samples}", "estimated": "，估算 {n} 行"},
    "en": {"commit": "commit", "gone": "no longer at HEAD", "error": "error", "summary": "{n} value(s) found in {files} file(s){tables}; risk {level}", "tables": " and {n} table(s)",
           "none": "no personal information found ({files} file(s))", "rejected": "not taken", "partial": "read in part, the counts are a floor", "suppressed": "{n} suppressed",
           "column": "{asset}.{column}: {entity} in {matching} of {sampled} rows read ({ratio:.0%}){estimated} {samples}", "estimated": ", about {n} rows"},
}


def _line(finding: Finding, words: dict) -> str:
    location = finding.location
    place = ":".join(str(part) for part in (location.path, location.line, location.column) if part is not None)
    inner = [f"{key} {value}" for key, value in (("member", location.member), ("page", location.page), ("part", location.part),
                                                   ("sheet", location.sheet), ("cell", location.cell)) if value]
    text = f"{place}: {finding.entity_type} {finding.masked}" + (f" ({', '.join(inner)})" if inner else "")
    if location.commit:
        text += f" [{words['commit']} {location.commit[:12]} {location.author_date or ''}]".rstrip()
    if finding.present_at_head is False:
        text += f" ({words['gone']})"
    return text


def _column_line(column: ColumnStats, words: dict) -> str:
    estimated = "" if not column.estimate else words["estimated"].format(n="?" if column.estimated_rows is None else column.estimated_rows)
    asset = column.asset + (f"!{column.sheet}" if column.sheet else "")
    return words["column"].format(asset=asset, column=column.column, entity=column.entity_type, sampled=column.rows_sampled,
                                  matching=column.matching_rows, ratio=column.match_ratio, estimated=estimated, samples=" ".join(column.samples))


def render_text(report: Report, lang: str = "zh") -> bytes:
    words = _WORDS[lang]
    lines = [_line(finding, words) for finding in report.findings if finding.location.table is None]
    lines += [_column_line(c, words) for c in report.columns]
    lines += [f"{c.asset}.{c.column}: {c.entity_type} {words['rejected']}: {c.why_zh if lang == 'zh' else c.why_en}"
              for c in report.columns_rejected]
    lines += [f"{error.path}: {words['error']}: {reason_zh(error.error) if lang == 'zh' else error.error}" for error in report.errors]
    lines += [f"{rated.asset.path}: {words['partial']}" for rated in report.assets if rated.counts.partial]
    files = report.stats.files_scanned
    if report.findings and report.risk is not None:
        level = RISK_LEVELS[report.risk.level][0 if lang == "zh" else 1]
        tables = words["tables"].format(n=report.stats.tables_scanned) if report.stats.tables_scanned else ""
        lines.append(words["summary"].format(n=report.counts.total, files=files, tables=tables, level=level))
    else:
        lines.append(words["none"].format(files=files))
    suppressed = sum(count for _, _, count in report.suppressed)
    if suppressed:
        lines.append(words["suppressed"].format(n=suppressed))
    return ("\n".join(map(printable, lines)) + "\n").encode("utf-8")
