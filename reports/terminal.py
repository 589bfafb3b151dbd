"""The human summary shown on a terminal: the rating, the riskiest assets and counts per
entity, never values."""

from rich.console import Console
from rich.markup import escape  # file names are untrusted: brackets must not act as markup
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from reports.rows import sensitive_name
from reports.safe import printable
from scanner.model import RISK_LEVELS, Report

_LEVEL_STYLES = ("green", "yellow", "dark_orange", "bold red")


def _shown(name: str) -> str:
    """Untrusted text on a terminal: no control sequence, and brackets that are not rich markup."""
    return escape(printable(name))


def print_summary(report: Report, console: Console, top_files: int = 10) -> None:
    stats = report.stats
    console.print(
        f"[bold]piplscan[/bold]: {report.counts.total:,} value(s) found in {stats.files_scanned} file(s) "
        + (f"and {stats.tables_scanned} table(s) ({stats.rows_sampled:,} rows read) " if stats.tables_scanned else "")
        + f"({stats.bytes_scanned:,} bytes, {stats.duration_s:.2f} s); "
        f"{stats.files_skipped} skipped, {len(report.errors)} error(s)"
    )
    if report.findings and report.risk is not None:
        level = report.risk.level
        console.print(
            f"Overall risk: [{_LEVEL_STYLES[level]}]{RISK_LEVELS[level][0]} / {RISK_LEVELS[level][1]}[/] "
            f"({report.risk.score}/100, the riskiest asset's); {'about ' if report.counts.estimate else ''}{report.counts.people:,} people"
            + (f", {report.counts.minors:,} under 14" if report.counts.minors else "")
        )
        assets = Table(title=f"Riskiest assets (top {top_files})")
        columns = (("Asset", "left"), ("Risk", "left"), ("Score", "right"), ("Values", "right"), ("People", "right"),
                   ("Sensitive", "left"))
        for column, justify in columns:
            assets.add_column(column, justify=justify, overflow="fold" if column == "Asset" else "ellipsis")
        for rated in report.assets[:top_files]:
            names = RISK_LEVELS[rated.level]
            partial = " [yellow](read in part)[/]" if rated.counts.partial else ""
            assets.add_row(_shown(rated.asset.path) + partial, f"[{_LEVEL_STYLES[rated.level]}]{names[0]} {names[1]}[/]",
                           str(rated.score), f"{rated.counts.total:,}", f"{rated.people:,}",
                           ", ".join(sensitive_name(code, "en") for code in rated.sensitive))
        console.print(assets)
    if report.findings:
        entities = Table(title="Values found by entity")
        entities.add_column("Entity")
        entities.add_column("Values", justify="right")
        for entity, count in report.counts.values:
            entities.add_row(entity, f"{count:,}")
        console.print(entities)
        console.print("The reviewer's report with every rating explained: --format html --output-dir DIR")
    for error in report.errors:
        console.print(f"[red]error[/red] {_shown(error.path)}: {_shown(error.error)}")



class ProgressBar:
    """Files, bytes and findings so far, and the file being read, on a terminal's stderr; gone
    when the scan ends. Names only, never values."""

    def __init__(self, console: Console):
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
                            TextColumn("[dim]{task.fields[current]}"), console=console, transient=True)
        self.files = self.bytes = self.findings = self.ocr_pages = 0
        self.task = self.bar.add_task("scan", total=None, counts=self._counts(), current="")

    def __enter__(self) -> "ProgressBar":
        self.bar.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.bar.stop()

    def _counts(self) -> str:
        ocr = f", {self.ocr_pages:,} read by OCR" if self.ocr_pages else ""
        return f"{self.files:,} files, {self.bytes / 1e6:,.1f} MB, {self.findings:,} findings{ocr}"

    def started(self, name: str, ocr: bool = False) -> None:
        self.bar.update(self.task, current=("OCR " if ocr else "") + _shown(name))

    def finished(self, size: int, findings: int, ocr_pages: int = 0) -> None:
        self.files, self.bytes, self.findings = self.files + 1, self.bytes + size, findings
        self.ocr_pages += ocr_pages
        self.bar.update(self.task, counts=self._counts())
