"""Counting: the one module every number of a report comes from.

A text file's findings are all listed, so they count themselves. A table's findings are a few
examples per column; its values are counted as they are read (``TableValues``, fed by the
pipeline for the columns taken) and only their counts reach the report. ``count`` turns both
into ``AssetCounts`` per asset and the scan's ``ScanCounts``, which the scorer rates and every
renderer shows, so the JSON, HTML, XLSX, CSV, Markdown, SARIF and terminal figures agree.
"""

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from scanner.model import Asset, AssetCounts, ColumnStats, Finding, ScanCounts

EXACT_LIMIT = 200_000  # distinct values an asset remembers exactly for copies; past it copies are a floor


def value_key(fingerprint: str) -> int:
    """64 bits of a keyed fingerprint: an HMAC, so its bits are uniform; a set of ints weighs a
    fifth of a set of hex strings."""
    return int(fingerprint[:16], 16)


class DistinctValues:
    """Counts distinct values in bounded memory: exactly up to ``k`` of them, beyond that a
    k-minimum-values estimate (keep the k smallest 64-bit hashes; with the largest kept at
    fraction f of the hash space, about (k - 1) / f distinct values; ~1 % error at k = 16,384).
    Two sketches merge into the sketch of the union. A dozen lines here rather than datasketch,
    which brings numpy and scipy for it."""

    def __init__(self, k: int = 16_384, kept: Iterable[int] = (), overflowed: bool = False):
        self.k = k
        self.kept: set[int] = set()
        self.largest_first: list[int] = []  # negated: heapq keeps the largest kept hash on top
        self.overflowed = overflowed
        for value in kept:
            self.add_key(value)

    def add(self, fingerprint: str) -> None:
        self.add_key(value_key(fingerprint))

    def add_key(self, value: int) -> None:
        if value in self.kept:
            return
        if len(self.kept) < self.k:
            self.kept.add(value)
            heapq.heappush(self.largest_first, -value)
            return
        self.overflowed = True
        if value < -self.largest_first[0]:
            self.kept.discard(-heapq.heapreplace(self.largest_first, -value))
            self.kept.add(value)

    def merge(self, other: "DistinctValues") -> None:
        self.overflowed |= other.overflowed
        for value in other.kept:
            self.add_key(value)

    def count(self) -> tuple[int, bool]:
        """(distinct values, whether that is an estimate)."""
        if not self.overflowed:
            return len(self.kept), False
        return round((self.k - 1) * 2 ** 64 / (-self.largest_first[0] + 1)), True

    def to_dict(self) -> dict:
        return {"kept": sorted(self.kept), "overflowed": self.overflowed}

    @staticmethod
    def from_dict(data: dict) -> "DistinctValues":
        return DistinctValues(kept=data["kept"], overflowed=data["overflowed"])


@dataclass
class TableValues:
    """What the taken columns of one table hold, beyond the examples listed: per entity type the
    distinct values and the minors among them, and the values themselves (as 64-bit keys, up to
    ``EXACT_LIMIT``) to find copies in other assets. ``scale``: table rows per row read, for a
    sampled table (1.0 when every row was read)."""

    distinct: dict[str, DistinctValues] = field(default_factory=dict)
    minors: dict[str, DistinctValues] = field(default_factory=dict)
    keys: set[int] = field(default_factory=set)
    overflowed: bool = False
    scale: float = 1.0

    def add_column(self, entity: str, distinct: DistinctValues, minors: DistinctValues, keys: set[int], scale: float) -> None:
        self.distinct.setdefault(entity, DistinctValues()).merge(distinct)
        self.minors.setdefault(entity, DistinctValues()).merge(minors)
        self.scale = max(self.scale, scale)
        room = EXACT_LIMIT - len(self.keys)
        if len(keys) > room:
            self.overflowed = True
            keys = set(list(keys)[:max(room, 0)])
        self.keys |= keys

    def to_dict(self) -> dict:
        return {"distinct": {e: d.to_dict() for e, d in self.distinct.items()},
                "minors": {e: d.to_dict() for e, d in self.minors.items()},
                "keys": sorted(self.keys), "overflowed": self.overflowed, "scale": self.scale}

    @staticmethod
    def from_dict(data: dict) -> "TableValues":
        return TableValues({e: DistinctValues.from_dict(d) for e, d in data["distinct"].items()},
                           {e: DistinctValues.from_dict(d) for e, d in data["minors"].items()},
                           set(data["keys"]), data["overflowed"], data["scale"])


def count(assets: Iterable[Asset], findings: Iterable[Finding], columns: Iterable[ColumnStats],
          tables: dict[str, TableValues], partial: set[str], identifying: Callable[[str], bool],
          one_per_person: Callable[[str], bool] = lambda entity: False) -> tuple[dict[str, AssetCounts], ScanCounts]:
    """``findings``: those reported (suppressed ones left out); ``columns``: the taken columns;
    ``tables``: asset → its columns' values; ``partial``: assets read in part; ``identifying``:
    types whose distinct values count people; ``one_per_person``: types of which a table's row
    is one person's (its rows count people, values may repeat: many are 汉族)."""
    values: dict[str, Counter] = defaultdict(Counter)
    # A text file's values, exactly (all are listed); a table's, as sketches.
    exact: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    exact_minors: dict[str, set[int]] = defaultdict(set)
    keys: dict[str, set[int]] = defaultdict(set)
    for finding in findings:
        if finding.location.tallied:
            continue  # an example of a table's column: the column counts it
        asset = finding.location.asset
        values[asset][finding.entity_type] += 1
        key = value_key(finding.fingerprint)
        keys[asset].add(key)
        exact[asset][finding.entity_type].add(key)
        if "minor" in finding.flags:
            exact_minors[asset].add(key)
    distinct: dict[str, dict[str, DistinctValues]] = defaultdict(dict)  # the tables' sketches
    minors: dict[str, DistinctValues] = defaultdict(DistinctValues)
    estimated: set[str] = set()
    people_rows: Counter = Counter()  # asset → the most rows of one column of a one_per_person type
    for column in columns:
        counted = column.estimated_rows if column.estimate and column.estimated_rows is not None else column.matching_rows
        values[column.asset][column.entity_type] += counted
        if one_per_person(column.entity_type):
            people_rows[column.asset] = max(people_rows[column.asset], counted)
        if column.estimate:
            estimated.add(column.asset)
    for asset, table in tables.items():
        keys[asset] |= table.keys
        for entity, sketch in table.distinct.items():
            distinct[asset].setdefault(entity, DistinctValues()).merge(sketch)
        for sketch in table.minors.values():
            minors[asset].merge(sketch)

    holders: Counter = Counter(key for asset_keys in keys.values() for key in asset_keys)
    by_asset: dict[str, AssetCounts] = {}
    scan_people: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))  # identifying entity → (exact sets, sketches)
    scan_minors: tuple[list, list] = ([], [])
    people_floor = minors_floor = 0
    for asset in assets:
        if not values.get(asset.path):
            continue
        scale = tables[asset.path].scale if asset.path in tables else 1.0
        present = [entity for entity in set(exact[asset.path]) | set(distinct[asset.path]) if identifying(entity)]
        sketches = {entity: [distinct[asset.path][entity]] if entity in distinct[asset.path] else [] for entity in present}
        people = max([round(_union([exact[asset.path][e]], sketches[e]) * scale) for e in present] + [people_rows[asset.path]])
        children = round(_union([exact_minors[asset.path]], [minors[asset.path]]) * scale)
        copies = sum(1 for key in keys[asset.path] if holders[key] > 1)
        by_asset[asset.path] = AssetCounts(most_first(values[asset.path]), people, children, asset.masked_values, copies,
                                           asset.path in estimated, asset.path in partial)
        for entity in present:
            scan_people[entity][0].append(exact[asset.path][entity])
            scan_people[entity][1].extend(sketches[entity])
        scan_minors[0].append(exact_minors[asset.path])
        scan_minors[1].append(minors[asset.path])
        people_floor, minors_floor = max(people_floor, people), max(minors_floor, children)
    totals: Counter = Counter()
    for counted in by_asset.values():
        totals.update(dict(counted.values))
    # Distinct over the scan, and never fewer than the largest asset's (extrapolated) figure.
    people = max([people_floor] + [_union(*pair) for pair in scan_people.values()])
    scan = ScanCounts(most_first(totals), people, max(minors_floor, _union(*scan_minors)),
                      any(c.estimate for c in by_asset.values()), sum(1 for c in by_asset.values() if c.partial))
    return by_asset, scan


def most_first(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """(entity, count) pairs, most first, ties by name: the same order however they were counted."""
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _union(exact: list[set[int]], sketches: list[DistinctValues]) -> int:
    """Distinct values over exact sets and sketches: exact while no sketch has overflowed."""
    if not any(sketch.overflowed for sketch in sketches):
        return len(set().union(*exact, *(sketch.kept for sketch in sketches)))
    merged = DistinctValues()
    for values in exact:
        merged.merge(DistinctValues(kept=values))
    for sketch in sketches:
        merged.merge(sketch)
    return merged.count()[0]
