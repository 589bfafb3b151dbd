"""The data types that pass between the stages. All frozen: a stage never edits another's output."""

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a value sits. ``line``/``column`` are 1-based and counted in characters."""

    path: str
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass(frozen=True)
class Finding:
    entity_type: str
    score: float
    recognizer: str
    location: Location
    masked: str
    fingerprint: str
    value: str | None = None  # the raw value: set only when the user asked for --show-data


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


@dataclass(frozen=True)
class Document:
    """Something a source found to read: a path for the report and a way to get its text."""

    path: str
    size: int
    chunks: Callable[[], Iterator[TextChunk]] = field(repr=False, compare=False)


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
