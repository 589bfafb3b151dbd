"""A short Markdown summary for a pull request or an e-mail."""

from jinja2 import Environment, PackageLoader

from reports.reasons import reason_zh
from reports.rows import sensitive_name
from reports.safe import markdown_text
from scanner.model import RISK_LEVELS, Report


def render_markdown(report: Report, lang: str = "zh") -> str:
    environment = Environment(loader=PackageLoader("reports", "templates"), autoescape=False, trim_blocks=True, lstrip_blocks=True)
    environment.filters["cell"] = markdown_text
    environment.filters["reason_zh"] = reason_zh
    environment.filters["sensitive_name"] = sensitive_name
    by_entity = report.counts.values
    names = [pair[0 if lang == "zh" else 1] for pair in RISK_LEVELS]
    return environment.get_template("summary.md.j2").render(
        report=report, by_entity=by_entity, assets=report.assets[:20], level_names=names, lang=lang,
    )
