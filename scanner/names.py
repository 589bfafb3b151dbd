"""Names are text: a file, archive member, sheet, table or column may be named with an ID or a
phone number, and a name is shown in every report and kept in the cache. Each name is read once
(the sources have decoded it): its personal values are masked like any finding (unless
--show-data), and each value is reported as a finding located at the name itself (``part: "name"``).

``Names.masked(collected)`` is the one hook, called where a file's results enter the pipeline
(before the cache keeps them) and on the whole scan before the report is assembled; it is
idempotent: a masked name holds no value to find again."""

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from scanner.model import ColumnStats, Document, Finding, Location, ScanError, Skipped
from scanner.values import fingerprint, is_minor, mask

if TYPE_CHECKING:
    from scanner.engine import DetectionEngine
    from scanner.pipeline import _Collected
    from scanner.prescreen import DeferredEngine

# The span recognizers (names of people, addresses) judge prose by its words; a folder named
# 王府井项目 is not a person. Names are checked for the structured types, which carry their own
# proof, except network addresses: in a name (a database URL, a host's folder) they say where data
# is kept, not whom it is about.
NOT_IN_NAMES = frozenset({"PERSON", "CN_ADDRESS", "IP_ADDRESS", "MAC_ADDRESS"})
NAME_PART = "name"


class Names:
    """The names of one scan: each distinct name is detected once."""

    def __init__(self, engine: "DetectionEngine | DeferredEngine", fingerprint_key: bytes, show_data: bool, today: date, minor_age: int):
        self.engine, self.fingerprint_key, self.show_data = engine, fingerprint_key, show_data
        self.today, self.minor_age = today, minor_age
        self._shown: dict[str, str] = {}
        self._found: dict[str, tuple[tuple[int, int, str, float, str], ...]] = {}
        self._reported: set[Location] = set()

    def _values(self, name: str) -> tuple[tuple[int, int, str, float, str], ...]:
        """(start, end, entity type, score, recognizer) of each structured value in ``name``;
        detected once a name (a column's name recurs in table after table)."""
        if (found := self._found.get(name)) is None:
            found = self._found[name] = self._detected(name)
        return found

    def _detected(self, name: str) -> tuple[tuple[int, int, str, float, str], ...]:
        results = self.engine.analyze(name)
        if not results:
            return ()  # one empty tuple for the many names without a value
        from presidio_analyzer import RecognizerResult  # loaded with the engine that found them

        return tuple((r.start, r.end, r.entity_type, r.score, r.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))
                     for r in results if r.entity_type not in NOT_IN_NAMES)

    def shown(self, name: str | None) -> str | None:
        """The name as reports show it: its values masked unless --show-data."""
        if not name:
            return name
        if (known := self._shown.get(name)) is None:
            known = name
            if not self.show_data:
                for start, end, entity, _, _ in sorted(self._values(name), reverse=True):
                    known = known[:start] + mask(entity, known[start:end]) + known[end:]
            self._shown[name] = known
        return known

    def _findings(self, name: str | None, location: Location) -> list[Finding]:
        """Each value in ``name`` as a finding at ``location`` (the place the name names)."""
        if not name or location in self._reported:
            return []
        self._reported.add(location)
        findings = []
        for start, end, entity, score, recognizer in self._values(name):
            value = name[start:end]
            findings.append(Finding(entity, round(score, 2), recognizer, self.located_at(location), mask(entity, value),
                                    fingerprint(self.fingerprint_key, entity, value), value if self.show_data else None,
                                    ("minor",) if is_minor(entity, value, self.today, self.minor_age) else ()))
        return findings

    def document_findings(self, document: Document) -> list[Finding]:
        """The values in a document's own names: its path, and the member or table it is."""
        found = self._findings(document.path, Location(document.path, part=NAME_PART))
        if document.member:
            found += self._findings(document.member, Location(document.path, member=document.member, part=NAME_PART))
        if document.table:
            found += self._findings(document.table, Location(document.path, table=document.table, part=NAME_PART))
        return found

    def _column_findings(self, column: ColumnStats) -> list[Finding]:
        found = []
        if column.sheet:
            found += self._findings(column.sheet, Location(column.path, member=column.member, sheet=column.sheet, part=NAME_PART))
        return found + self._findings(column.column, Location(column.path, member=column.member, sheet=column.sheet,
                                                              table=column.table, column_name=column.column, part=NAME_PART))

    def located(self, finding: Finding) -> Finding:
        location = self.located_at(finding.location)
        return finding if location is finding.location else replace(finding, location=location)

    def located_at(self, where: Location) -> Location:
        """``where`` with its names as reports show them; itself where none changes (most: a
        ``replace`` a finding, twice a finding, was a tenth of the time of dense text)."""
        names = (where.path, where.member, where.sheet, where.table, where.column_name)
        path, member, sheet, table, column_name = shown = tuple(map(self.shown, names))
        if shown == names:
            return where
        return replace(where, path=path, member=member, sheet=sheet, table=table, column_name=column_name)

    def masked(self, collected: "_Collected") -> "_Collected":
        """``collected`` with every name shown as reports show it, and the values found in its
        columns' and sheets' names added as findings."""
        shown = self.shown
        name_findings = [found for column in collected.columns for found in self._column_findings(column)]
        name_findings += [found for table in collected.tables for column in table.columns  # a column with no value found too
                          for found in self._findings(column, Location(table.path, table=table.table, column_name=column,
                                                                       part=NAME_PART))]
        return replace(
            collected,
            findings=[self.located(f) for f in collected.findings] + name_findings,
            errors=[ScanError(shown(e.path), shown(e.error)) for e in collected.errors],
            skipped=[Skipped(shown(s.path), shown(s.reason)) for s in collected.skipped],
            assets={shown(name): replace(asset, path=shown(asset.path)) for name, asset in collected.assets.items()},
            paths={shown(path) for path in collected.paths},
            columns=[replace(c, path=shown(c.path), table=shown(c.table), column=shown(c.column), sheet=shown(c.sheet),
                             member=shown(c.member), why_zh=shown(c.why_zh), why_en=shown(c.why_en))  # a reason may quote the name
                     for c in collected.columns],
            tables=[replace(t, path=shown(t.path), table=shown(t.table), columns=tuple(map(shown, t.columns)))
                    for t in collected.tables],
            table_values={shown(name): values for name, values in collected.table_values.items()},
            partial={shown(name) for name in collected.partial},
        )
