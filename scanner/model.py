"""The data types that pass between the stages. All frozen: a stage never edits another's output."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields

IMPACT_LEVELS = (("低", "low"), ("中", "medium"), ("高", "high"), ("严重", "severe"))
LIKELIHOOD_LEVELS = (("低", "low"), ("中", "medium"), ("高", "high"), ("很高", "very high"))
RISK_LEVELS = (("低", "low"), ("中", "medium"), ("高", "high"), ("严重", "critical"))
# The kinds of sensitive personal information a reviewer filters by: PIPL Art. 28's list, with
# identity documents, credentials and other specific identities of GB/T 35273-2020 App. B
# (which Art. 28's "等" covers). risk_model.yaml maps each entity type to one of them.
SENSITIVE_CATEGORIES = {
    "biometric": ("生物识别", "Biometrics"),
    "religion": ("宗教信仰", "Religious belief"),
    "specific_identity": ("特定身份", "Specific identity"),
    "health": ("医疗健康", "Medical and health"),
    "financial": ("金融账户", "Financial accounts"),
    "whereabouts": ("行踪轨迹", "Whereabouts"),
    "minors": ("不满十四周岁未成年人", "Children under 14"),
    "identity_document": ("身份证件", "Identity documents"),
    "credential": ("账号口令等鉴别信息", "Credentials"),
    "private_life": ("婚史等私密信息", "Private life"),
}


@dataclass(frozen=True, slots=True)  # slots: a scan can hold hundreds of thousands of findings
class Location:
    """Where a value sits. ``line``/``column`` are 1-based and counted in characters; the other
    fields are set by the sources that have them (report-json.md)."""

    path: str
    line: int | None = None
    column: int | None = None
    end_column: int | None = None  # the column after the value's last character (SARIF's endColumn)
    member: str | None = None  # inside an archive or an e-mail: the inner path / attachment name
    page: int | None = None  # PDF page, presentation slide
    # "body", "header", "footer", "notes", "headers"; "name": the value is in a name (scanner/names.py);
    # "ocr": in the text OCR read from an image or a scanned page (line: the row of that text)
    part: str | None = None
    sheet: str | None = None
    cell: str | None = None  # spreadsheet cell, e.g. "C12"
    table: str | None = None  # database table (schema.table)
    column_name: str | None = None  # database or spreadsheet column
    commit: str | None = None  # git: the commit that added the value
    author_date: str | None = None  # git: that commit's author date (ISO 8601)

    def to_dict(self) -> dict:
        """The fields that are set. Each is a string or a number: nothing for asdict to copy
        deeply, which took 18 microseconds a finding (this, 1)."""
        return {name: value for name in _LOCATION_FIELDS if (value := getattr(self, name)) is not None}

    @property
    def asset(self) -> str:
        """The asset this location belongs to (risk-model.md): a file, an archive member or mail
        attachment, or a table of a database."""
        return asset_name(self.path, self.table or self.member)

    @property
    def tallied(self) -> bool:
        """A value of a table (a database column or a sheet's cell): such findings are examples,
        and the report's columns count them all. A value in a table's or column's name is not."""
        return (self.table is not None or self.cell is not None) and self.part != "name"


def asset_name(path: str, inner: str | None) -> str:
    """``path``, or ``path#inner`` for a table or an archive member: each is an asset of its own."""
    return f"{path}#{inner}" if inner else path


_LOCATION_FIELDS = tuple(f.name for f in fields(Location))


@dataclass(frozen=True, slots=True)
class Finding:
    entity_type: str
    score: float
    recognizer: str
    location: Location
    masked: str
    fingerprint: str
    value: str | None = None  # the raw value: set only when the user asked for --show-data
    flags: tuple[str, ...] = ()  # e.g. "minor": an ID whose holder is under 14 on the scan date
    suppressed: str | None = None  # "inline", "ignore-file" or "baseline": accepted by the user
    present_at_head: bool | None = None  # history scans: whether HEAD still holds the value


@dataclass(frozen=True)
class ColumnSample:
    """Marks a chunk as the sampled values of one table column, one value a line: findings are
    located by table and column (not line), and the column's name is context for every value."""

    table: str
    name: str
    rows_sampled: int  # rows read, nulls included
    table_rows: int | None
    table_rows_estimated: bool
    sampling: str  # how the rows were chosen, for the report


@dataclass(frozen=True)
class ColumnStats:
    """What one column (of a database table, a sheet or a CSV file) holds of one entity type,
    over the rows read."""

    path: str
    table: str | None  # a database table; None for a sheet or CSV file
    column: str  # the database column, or the sheet column's header (its letter without one)
    entity_type: str
    rows_sampled: int
    matching_rows: int
    distinct_values: int
    distinct_estimated: bool  # past 16,384 distinct values the count is a sketch's estimate
    minors: int
    table_rows: int | None
    estimated_rows: int | None  # table rows × matching share
    estimate: bool  # False only when every row was read and counted exactly
    confidence: float  # mean score of the matches
    samples: tuple[str, ...]  # masked
    sampling: str
    sheet: str | None = None  # of a workbook
    member: str | None = None  # a sheet or CSV inside an archive or a mail
    taken: bool = True  # False: its values pass the check no more often than chance (scanner/columns.py)
    why_zh: str = ""  # why the column was or was not taken
    why_en: str = ""

    @property
    def asset(self) -> str:
        return asset_name(self.path, self.table or self.member)

    @property
    def match_ratio(self) -> float:
        return self.matching_rows / self.rows_sampled if self.rows_sampled else 0.0


@dataclass(frozen=True)
class TableSummary:
    """A database table read: how many rows it has and which columns were read."""

    path: str
    table: str
    row_count: int | None
    row_count_estimated: bool
    rows_read: int
    columns: tuple[str, ...]
    sampling: str


@dataclass(frozen=True)
class SheetColumn:
    """Marks a chunk as one column of a spreadsheet or CSV table, one cell a line: findings are
    located by cell, and the header is context for every value."""

    sheet: str | None
    header: str
    index: int  # 1-based: column A is 1
    rows: tuple[int, ...]  # the sheet row of each line
    rows_read: int  # data rows of the batch this chunk is cut from (below the header row), filled or not


@dataclass(frozen=True)
class TextChunk:
    """A piece of a document's text, cut at line ends where possible.

    ``text`` starts at absolute character offset ``offset`` of the document and may begin
    with context that belongs to the previous chunk: findings are kept only if they start
    in ``[own_start, own_end)`` so that each is reported exactly once.
    """

    text: str
    offset: int
    own_start: int
    own_end: int
    first_line: int  # line number of text[0]
    first_column: int  # column of text[0] within its line
    column: ColumnSample | None = None
    cells: SheetColumn | None = None


@dataclass(frozen=True)
class Asset:
    """A place where data sits and where remediation happens (risk-model.md): a file, or a
    database table (``path`` is then ``URL#schema.table``, see ``asset_name``)."""

    path: str
    size: int = 0
    container: str = "shared_folder"  # shared_folder, git_repository, mail_export, backup_archive, database
    mode: int | None = None  # POSIX mode bits
    modified: str | None = None  # ISO date of the last modification
    encrypted: bool = False
    masked_values: int = 0  # values found already masked (138****5678): evidence of protection


@dataclass(frozen=True)
class Commit:
    sha: str
    author_date: str  # ISO 8601, the author's time zone


@dataclass(frozen=True)
class Evidence:
    """What an asset holds, known from something other than a value in its text: its name
    (身份证复印件.jpg, scanner/file_names.py) or an image's layout (the face photo of an ID card,
    scanner/extract/images.py). The pipeline reports it as a finding at the asset; ``always``
    False: only if the asset's content gave no finding of the type (the name stands in for what
    OCR could not read)."""

    entity_type: str
    recognizer: str  # "file_name", "id_card_front_image" …
    shown: str  # what the report shows as the masked value: the name's word, or what the image shows
    score: float
    always: bool = False
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """Something a source found to read: the asset it is and a way to get its text."""

    path: str
    size: int
    chunks: Callable[[], Iterator[TextChunk]] = field(repr=False, compare=False)
    container: str = "shared_folder"
    mode: int | None = None
    modified: str | None = None
    commit_of: Callable[[int], Commit | None] | None = field(default=None, repr=False, compare=False)  # git: line → commit
    table: str | None = None  # a database table: the asset is the table, not the database
    member: str | None = None  # an archive member or attachment: the asset is the member
    member_size: int | None = None  # its own bytes (``size`` counts what the scan read of the file)
    page: int | None = None  # a PDF page or a slide
    part: str | None = None  # "body", "header", "footer", "notes", "headers", "ocr" (read from an image)
    evidence: tuple[Evidence, ...] = ()  # reported after the text is read

    def asset(self) -> Asset:
        size = self.size if self.member is None else self.member_size or 0  # a member's own, not its archive's
        return Asset(asset_name(self.path, self.table or self.member), size, self.container, self.mode, self.modified)


class SourceError(Exception):
    """A source's failure, worded in one line that names no personal value (a git or database
    error): reported as it is."""


@dataclass(frozen=True)
class ScanError:
    path: str
    error: str


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class Stats:
    files_scanned: int
    bytes_scanned: int
    files_skipped: int
    duration_s: float
    tables_scanned: int = 0
    rows_sampled: int = 0


@dataclass(frozen=True)
class Factor:
    code: str
    axis: str  # "impact" or "likelihood"
    points: int
    zh: str
    en: str


@dataclass(frozen=True)
class Advice:
    id: str
    priority: int
    basis: str
    zh: str
    en: str


@dataclass(frozen=True)
class AssetCounts:
    """Every number the reports show of one asset, from the tallies (scanner/tally.py): all the
    values found, not the examples listed."""

    values: tuple[tuple[str, int], ...]  # (entity type, values found), most first
    people: int  # distinct identifying values of the most common identifying type
    minors: int  # distinct ID numbers of children under the minor age
    masked: int  # values found already masked in the source (138****5678)
    copies: int  # distinct values also found in another asset
    estimate: bool = False  # values and people extrapolated from a sampled table
    partial: bool = False  # the asset was read in part (an error stopped it): the counts are a floor

    @property
    def total(self) -> int:
        return sum(count for _, count in self.values)


@dataclass(frozen=True)
class ScanCounts:
    values: tuple[tuple[str, int], ...] = ()  # (entity type, values found over every asset), most first
    people: int = 0  # distinct identifying values over the scan, of the most common identifying type
    minors: int = 0
    estimate: bool = False  # a sampled table contributed an extrapolated figure
    partial_assets: int = 0  # assets read in part

    @property
    def total(self) -> int:
        return sum(count for _, count in self.values)


@dataclass(frozen=True)
class AssetRisk:
    asset: Asset
    impact: int  # index into IMPACT_LEVELS
    likelihood: int  # index into LIKELIHOOD_LEVELS
    level: int  # index into RISK_LEVELS
    score: int  # 0-100
    counts: AssetCounts
    samples: tuple[tuple[str, str], ...]  # (entity type, masked value), a few per type
    factors: tuple[Factor, ...]
    advice: tuple[Advice, ...]
    sensitive: tuple[str, ...] = ()  # SENSITIVE_CATEGORIES present, in that order

    @property
    def people(self) -> int:
        return self.counts.people

    @property
    def minors(self) -> int:
        return self.counts.minors

    @property
    def entities(self) -> tuple[tuple[str, int], ...]:
        return self.counts.values


@dataclass(frozen=True)
class ScanRisk:
    level: int
    score: int
    assets_by_level: tuple[int, int, int, int]
    action_plan: tuple[Advice, ...]


@dataclass(frozen=True)
class Report:
    tool_version: str
    started_at: str
    finished_at: str
    targets: tuple[str, ...]
    stats: Stats
    findings: tuple[Finding, ...]
    errors: tuple[ScanError, ...]
    skipped: tuple[Skipped, ...]
    assets: tuple[AssetRisk, ...] = ()  # riskiest first
    risk: ScanRisk | None = None
    suppressed: tuple[tuple[str, str, int], ...] = ()  # (reason, entity type, count): counted, not listed
    columns: tuple[ColumnStats, ...] = ()  # table columns taken as holding personal information
    tables: tuple[TableSummary, ...] = ()  # every database table read
    counts: ScanCounts = ScanCounts()  # the scan's totals, from the tallies
    columns_rejected: tuple[ColumnStats, ...] = ()  # columns whose matches pass no more often than chance
    unread_targets: tuple[ScanError, ...] = ()  # targets that gave errors and nothing else (a database refused)
    scanned: tuple[str, ...] = ()  # the name of every asset read (file, member, table), findings or not
    revision: str | None = None  # git: the commit a diff or history scan read up to
