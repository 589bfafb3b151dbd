"""The HTML risk report: one self-contained file a reviewer (often legal) opens offline.

Everything it shows comes from the in-memory ``Report``; nothing is fetched. File names, paths,
error texts and masked values are untrusted and only ever reach the page through Jinja2's
autoescaping. The page carries a strict Content-Security-Policy whose only allowances are the
SHA-256 hashes of the inline ``<style>`` and ``<script>`` blocks, computed here from the rendered
document. Both languages are in the file; ``lang`` picks the one shown first.
"""

import base64
import hashlib
import re
from collections import Counter, defaultdict

from jinja2 import Environment, PackageLoader

from reports.reasons import reason_zh
from scanner.model import (IMPACT_LEVELS, LIKELIHOOD_LEVELS, RISK_LEVELS, SENSITIVE_CATEGORIES, ColumnStats, Finding,
                           Report, ScanRisk, TableSummary, asset_name)

# Display names of the entity types (shared/spec/entities.md); unknown types show their code.
ENTITY_NAMES: dict[str, tuple[str, str]] = {
    "CN_RESIDENT_ID": ("居民身份证号", "Resident ID number"),
    "CN_PASSPORT": ("护照号", "Passport number"),
    "CN_HK_MACAU_PERMIT": ("港澳通行证", "HK/Macau travel permit"),
    "CN_TAIWAN_PERMIT": ("台胞证", "Taiwan travel permit"),
    "HK_ID_CARD": ("香港身份证", "Hong Kong ID card"),
    "MO_ID_CARD": ("澳门身份证", "Macau ID card"),
    "TW_ID_CARD": ("台湾身份证", "Taiwan ID card"),
    "CN_MILITARY_ID": ("军官证/士兵证", "Military ID"),
    "CN_SOCIAL_SECURITY": ("社会保障卡号", "Social security number"),
    "CN_DRIVER_LICENSE": ("驾驶证档案编号", "Driver licence file number"),
    "CN_MOBILE_PHONE": ("手机号", "Mobile number"),
    "CN_LANDLINE_PHONE": ("固定电话", "Landline number"),
    "PHONE_NUMBER": ("境外电话号码", "Non-mainland phone"),
    "EMAIL_ADDRESS": ("电子邮箱", "E-mail address"),
    "CN_ADDRESS": ("详细地址", "Postal address"),
    "CN_POSTCODE": ("邮政编码", "Postcode"),
    "IP_ADDRESS": ("IP 地址", "IP address"),
    "MAC_ADDRESS": ("MAC 地址", "MAC address"),
    "DEVICE_ID": ("设备标识符", "Device identifier"),
    "CN_LICENSE_PLATE": ("车牌号", "Licence plate"),
    "LOCATION_COORDINATES": ("经纬度坐标", "Location coordinates"),
    "CN_BANK_CARD": ("银行卡号", "Bank card number"),
    "CREDIT_CARD": ("信用卡号", "Credit card number"),
    "CN_BANK_ACCOUNT": ("银行账号", "Bank account number"),
    "IBAN_CODE": ("IBAN 账号", "IBAN"),
    "CN_USCC": ("统一社会信用代码", "Unified social credit code"),
    "PERSON": ("姓名", "Person name"),
    "DATE_OF_BIRTH": ("出生日期", "Date of birth"),
    "CN_ETHNICITY": ("民族", "Ethnicity"),
    "HEALTH_INFO": ("健康信息", "Health information"),
    "RELIGION": ("宗教信仰", "Religion"),
    "BIOMETRIC": ("生物识别信息", "Biometric data"),
    "CREDENTIAL": ("密码/口令", "Credential"),
    "DEVICE_ID": ("设备标识符", "Device identifier"),
    "CRIMINAL_RECORD": ("违法犯罪记录", "Criminal record"),
    "SEXUAL_ORIENTATION": ("性取向", "Sexual orientation"),
    "MARITAL_HISTORY": ("婚史", "Marital history"),
}

CONTAINERS: dict[str, tuple[str, str]] = {
    "shared_folder": ("共享文件夹", "Shared folder"),
    "git_repository": ("Git 仓库", "Git repository"),
    "mail_export": ("邮件导出", "Mail export"),
    "backup_archive": ("备份/归档", "Backup or archive"),
    "database": ("数据库", "Database"),
}

MAX_LOCATIONS = 200  # per asset; the JSON report has every finding

_INLINE_BLOCK = re.compile(r"<(script|style)>(.*?)</\1>", re.S)
_CSP_SLOT = "piplscan-csp-slot"


_ENTITY_CODE = re.compile(r"\b(" + "|".join(sorted(ENTITY_NAMES, key=len, reverse=True)) + r")\b")


def entity_name(code: str) -> tuple[str, str]:
    return ENTITY_NAMES.get(code, (code, code))


# How a database table's rows were chosen (``_Plan`` in scanner/sources/database.py writes it in
# English, which the JSON keeps): each form in Chinese, for the side of the page a reviewer reads.
_READ_ZH = ((re.compile(r"all rows"), "全部行"), (re.compile(r"all (\d+) rows"), "全部 {0} 行"),
            (re.compile(r"the first (\d+) rows"), "前 {0} 行"))
_SAMPLING_ZH = (
    (re.compile(r"all rows, streamed"), "全部行，流式读取"),
    (re.compile(r"(.+) by primary key, (\d+) per query"), "{0}，按主键顺序分批读取，每次 {1} 行"),
    (re.compile(r"TABLESAMPLE SYSTEM \(([0-9.e+-]+)%\) of ~(\d+) rows, (\d+) of them at random"),
     "TABLESAMPLE SYSTEM 抽取约 {0}% 的数据页（表约 {1} 行），从中随机取 {2} 行"),
    (re.compile(r"the first (\d+) rows \(LIMIT, no spread\)"), "前 {0} 行（LIMIT，未随机分布）"),
) + _READ_ZH


def sampling_zh(sampling: str) -> str:
    """The Chinese of a sampling description; one this table does not know stays as it is."""
    for pattern, chinese in _SAMPLING_ZH:
        match = pattern.fullmatch(sampling)
        if match:
            return chinese.format(*map(sampling_zh, match.groups()))  # a part may be a form itself
    return sampling


def named(text: str, lang: str) -> str:
    """A factor's words with the entity codes the risk model writes into them given their names."""
    return _ENTITY_CODE.sub(lambda match: ENTITY_NAMES[match.group(1)][0 if lang == "zh" else 1], text)


def csp_hash(block: str) -> str:
    """The CSP source expression allowing one inline block, e.g. ``'sha256-…'``."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode("ascii") + "'"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def _time(iso: str) -> str:
    return iso.replace("T", " ")


def _bars(rows: list[tuple], label_width: int, width: int = 640, row_height: int = 28) -> dict:
    """Geometry of a horizontal bar chart: each row gets ``y`` and a bar width scaled to the largest value."""
    top = max((row[-1] for row in rows), default=0) or 1
    span = width - label_width - 56
    laid = []
    for index, row in enumerate(rows):
        value = row[-1]
        laid.append({"row": row, "y": index * row_height, "width": max(round(span * value / top), 2 if value else 0)})
    return {"rows": laid, "height": max(len(rows), 1) * row_height, "label_width": label_width, "width": width, "row_height": row_height}


def _asset_view(index: int, rated, found: list[Finding], columns: list[ColumnStats], table: TableSummary | None) -> dict:
    factors = {axis: [f for f in rated.factors if f.axis == axis] for axis in ("impact", "likelihood")}
    samples: dict[str, list[str]] = defaultdict(list)
    for entity, masked in rated.samples:
        samples[entity].append(masked)
    asset = rated.asset
    located = [f for f in found if f.location.table is None]
    return {
        "id": f"asset-{index}",
        "index": index,
        "rated": rated,
        "path": asset.path,
        "container": CONTAINERS.get(asset.container, (asset.container, asset.container)),
        "size": _size(asset.size),
        "mode": None if asset.mode is None else f"{asset.mode & 0o7777:04o}",
        "findings": rated.counts.total,
        "factors": factors,
        "points": {axis: sum(f.points for f in items) for axis, items in factors.items()},
        "samples": list(samples.items()),
        "top_entities": [entity for entity, _ in rated.entities[:3]],
        "more_entities": max(len(rated.entities) - 3, 0),
        "locations": located[:MAX_LOCATIONS],
        "locations_total": len(located),
        "columns": columns,  # a table: counts per column; a sheet's examples are located by cell, a database's are not
        "table": table,
    }


_CLAUSE_END = re.compile(r"[：:，,；;。.（(]")


def headline(advice: str) -> str:
    """An advice's first clause: what an asset's section shows, the action plan has the whole text."""
    return _CLAUSE_END.split(advice, maxsplit=1)[0].strip()


def _environment() -> Environment:
    environment = Environment(loader=PackageLoader("reports", "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.globals.update(entity_name=entity_name, named=named, sampling_zh=sampling_zh, RISK_LEVELS=RISK_LEVELS,
                               IMPACT_LEVELS=IMPACT_LEVELS, LIKELIHOOD_LEVELS=LIKELIHOOD_LEVELS,
                               SENSITIVE_CATEGORIES=SENSITIVE_CATEGORIES)
    environment.filters["num"] = lambda value: f"{value:,}"
    environment.filters["headline"] = headline
    environment.filters["reason_zh"] = reason_zh
    return environment


def render_html(report: Report, lang: str = "zh") -> str:
    lang = "en" if lang == "en" else "zh"
    risk = report.risk or ScanRisk(0, 0, (0, 0, 0, 0), ())
    by_asset: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_asset[finding.location.asset].append(finding)
    columns: dict[str, list[ColumnStats]] = defaultdict(list)
    for column in report.columns:
        columns[column.asset].append(column)
    tables = {asset_name(t.path, t.table): t for t in report.tables}
    assets = [_asset_view(i, rated, by_asset.get(rated.asset.path, []), columns.get(rated.asset.path, []), tables.get(rated.asset.path))
              for i, rated in enumerate(report.assets, 1)]
    applies: dict[str, list[dict]] = defaultdict(list)  # advice → the assets it applies to: its text is shown once
    for view in assets:
        for advice in view["rated"].advice:
            applies[advice.id].append(view)
    by_entity = list(report.counts.values)
    holding = Counter(code for rated in report.assets for code in rated.sensitive)  # assets per sensitive category
    sensitive = [(code, holding[code]) for code in SENSITIVE_CATEGORIES if holding[code]]
    entity_chart = _bars([(code, *entity_name(code), count) for code, count in by_entity], label_width=200)
    level_chart = _bars([(level, *RISK_LEVELS[level], risk.assets_by_level[level]) for level in (3, 2, 1, 0)], label_width=90, width=420)
    document = _environment().get_template("report.html.j2").render(
        report=report, risk=risk, lang=lang, assets=assets, applies=applies, by_entity=by_entity, sensitive=sensitive,
        entity_chart=entity_chart, level_chart=level_chart, csp_slot=_CSP_SLOT, started=_time(report.started_at),
        finished=_time(report.finished_at), show_data=any(f.value is not None for f in report.findings),
        containers=CONTAINERS, max_locations=MAX_LOCATIONS,
    )
    hashes = {kind: [csp_hash(body) for tag, body in _INLINE_BLOCK.findall(document) if tag == kind] for kind in ("script", "style")}
    policy = "; ".join([
        "default-src 'none'",
        "script-src " + (" ".join(hashes["script"]) or "'none'"),
        "style-src " + (" ".join(hashes["style"]) or "'none'"),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    # The slot is the first thing in <head>, before any untrusted text could repeat it.
    return document.replace(_CSP_SLOT, policy, 1)
