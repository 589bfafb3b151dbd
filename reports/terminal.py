"""The human summary shown on a terminal: counts per entity and per file, never values."""

from collections import Counter

from rich.console import Console
from rich.markup import escape  # file names are untrusted: brackets must not act as markup
from rich.table import Table

from scanner.model import Report


def print_summary(report: Report, console: Console, top_files: int = 15) -> None:
    stats = report.stats
    console.print(
        f"[bold]piplscan[/bold]: {len(report.findings)} finding(s) in {stats.files_scanned} file(s) "
        f"({stats.bytes_scanned:,} bytes, {stats.duration_s:.2f} s); "
        f"{stats.files_skipped} skipped, {len(report.errors)} error(s)"
    )
    if report.findings:
        entities = Table(title="Findings by entity")
        entities.add_column("Entity")
        entities.add_column("Findings", justify="right")
        entities.add_column("Distinct values", justify="right")
        distinct: dict[str, set[str]] = {}
        for finding in report.findings:
            distinct.setdefault(finding.entity_type, set()).add(finding.fingerprint)
        for entity, count in Counter(f.entity_type for f in report.findings).most_common():
            entities.add_row(entity, str(count), str(len(distinct[entity])))
        console.print(entities)
        files = Table(title=f"Files with most findings (top {top_files})")
        files.add_column("File", overflow="fold")
        files.add_column("Findings", justify="right")
        for path, count in Counter(f.location.path for f in report.findings).most_common(top_files):
            files.add_row(escape(path), str(count))
        console.print(files)
    for error in report.errors:
        console.print(f"[red]error[/red] {escape(error.path)}: {escape(error.error)}")

