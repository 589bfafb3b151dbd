"""A short Markdown summary for a pull request or an e-mail."""

from collections import Counter

from jinja2 import Environment, PackageLoader

from scanner.model import Report


def render_markdown(report: Report) -> str:
    environment = Environment(loader=PackageLoader("reports", "templates"), autoescape=False, trim_blocks=True, lstrip_blocks=True)
    by_entity = Counter(f.entity_type for f in report.findings).most_common()
    by_file = Counter(f.location.path for f in report.findings).most_common(20)
    return environment.get_template("summary.md.j2").render(report=report, by_entity=by_entity, by_file=by_file)
