"""A short Markdown summary for a pull request or an e-mail."""

from collections import Counter

from jinja2 import Environment, PackageLoader

from reports.safe import markdown_text
from scanner.model import Report
from scanner.risk import RISK_LEVELS


def render_markdown(report: Report, lang: str = "zh") -> str:
    environment = Environment(loader=PackageLoader("reports", "templates"), autoescape=False, trim_blocks=True, lstrip_blocks=True)
    environment.filters["cell"] = markdown_text
    by_entity = Counter(f.entity_type for f in report.findings).most_common()
    names = [pair[0 if lang == "zh" else 1] for pair in RISK_LEVELS]
    return environment.get_template("summary.md.j2").render(
        report=report, by_entity=by_entity, assets=report.assets[:20], level_names=names, lang=lang,
    )
