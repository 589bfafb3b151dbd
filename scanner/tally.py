"""Counting: the one module every number of a report comes from.

A text file's findings are all listed, so they count themselves. A table's findings are a few
examples per column; its values are counted as they are read (``TableValues``, fed by the
pipeline for the columns taken) and only their counts reach the report. ``count`` turns both
into ``AssetCounts`` per asset and the scan's ``ScanCounts``, which the scorer rates and every
renderer shows, so the JSON, HTML, XLSX, CSV, Markdown, SARIF and terminal figures agree.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import pairwise
from dataclasses import dataclass, field

from scanner.model import Asset, AssetCounts, ColumnStats, Finding, ScanCounts

EXACT_LIMIT = 200_000  # distinct values an asset remembers exactly for copies; past it copies are a floor
COPY_SLICES = 16  # copies are found a sixteenth of the key space at a time


def value_key(fingerprint: str) -> int:
    """64 bits of a keyed fingerprint: an HMAC, so its bits are uniform; a set of ints weighs a
    fifth of a set of hex strings."""
    return int(fingerprint[:16], 16)


class DistinctValues:
    """Counts distinct values in bounded memory: exactly up to ``k`` of them, beyond that a
    k-minimum-values estimate (keep the k smallest 64-bit hashes; with the largest kept at
    fraction f of the hash space, about (k - 1) / f distinct values; ~1 % error at k = 16,384).
    Two sketches merge into the sketch of the union. The kept hashes are a sorted numpy array
    (8 bytes a value, merged a batch at a time); values added one by one wait in a list until
    read. numpy loads only when a sketch is read: a scan without tables never needs it."""

    def __init__(self, k: int = 16_384, kept: Iterable[int] = (), overflowed: bool = False):
        self.k = k
        self._sorted = None  # numpy uint64 array, ascending, distinct, at most k; None until first read
        self._pending: list[int] = list(kept)
        self.overflowed = overflowed

    def add(self, fingerprint: str) -> None:
        self.add_key(value_key(fingerprint))

    def add_key(self, value: int) -> None:
        self._pending.append(value)
        if len(self._pending) >= self.k:
            self._flush()

    def add_keys(self, values) -> None:
        """A batch of keys (a numpy uint64 array or an iterable of ints)."""
        import numpy as np

        self.merge_sorted(np.unique(np.asarray(values, np.uint64)))

    def merge(self, other: "DistinctValues") -> None:
        self.overflowed |= other.overflowed
        self.merge_sorted(other.kept)

    @property
    def kept(self):
        """The kept hashes, ascending (numpy uint64)."""
        self._flush()
        return self._sorted

    def is_empty(self) -> bool:
        return not self._pending and (self._sorted is None or not len(self._sorted)) and not self.overflowed

    def count(self) -> tuple[int, bool]:
        """(distinct values, whether that is an estimate)."""
        kept = self.kept
        if not self.overflowed:
            return len(kept), False
        return round((self.k - 1) * 2 ** 64 / (int(kept[-1]) + 1)), True

    def _flush(self) -> None:
        import numpy as np

        if self._sorted is None:
            self._sorted = np.zeros(0, np.uint64)
        if self._pending:
            pending, self._pending = self._pending, []
            self.merge_sorted(np.unique(np.array(pending, np.uint64)))

    def merge_sorted(self, values) -> None:
        """``values``: a numpy uint64 array, ascending and distinct (never changed in place: an
        empty sketch keeps it as it is)."""
        import numpy as np

        if self._sorted is None:
            self._flush()
        if not len(values):
            return
        merged = np.union1d(self._sorted, values) if len(self._sorted) else values  # a sketch merged into a new one: no sort
        if len(merged) > self.k:
            self.overflowed = True
            merged = merged[:self.k].copy()
        self._sorted = merged

    def to_dict(self) -> dict:
        return {"kept": self.kept.tolist(), "overflowed": self.overflowed}

    @staticmethod
    def from_dict(data: dict, k: int = 16_384) -> "DistinctValues":
        return DistinctValues(k, kept=data["kept"], overflowed=data["overflowed"])


@dataclass
class TableValues:
    """What the taken columns of one table hold, beyond the examples listed: per entity type the
    distinct values and the minors among them, and the values themselves (as 64-bit keys, the
    ``EXACT_LIMIT`` smallest) to find copies in other assets. ``scale``: table rows per row read,
    for a sampled table (1.0 when every row was read)."""

    distinct: dict[str, DistinctValues] = field(default_factory=dict)
    minors: dict[str, DistinctValues] = field(default_factory=dict)
    keys: DistinctValues = field(default_factory=lambda: DistinctValues(EXACT_LIMIT))
    scale: float = 1.0

    def add_column(self, entity: str, distinct: DistinctValues, minors: DistinctValues, keys: DistinctValues, scale: float) -> None:
        self.distinct.setdefault(entity, DistinctValues()).merge(distinct)
        self.minors.setdefault(entity, DistinctValues()).merge(minors)
        self.scale = max(self.scale, scale)
        self.keys.merge(keys)

    def to_dict(self) -> dict:
        return {"distinct": {e: d.to_dict() for e, d in self.distinct.items()},
                "minors": {e: d.to_dict() for e, d in self.minors.items()},
                "keys": self.keys.to_dict(), "scale": self.scale}

    @staticmethod
    def from_dict(data: dict) -> "TableValues":
        return TableValues({e: DistinctValues.from_dict(d) for e, d in data["distinct"].items()},
                           {e: DistinctValues.from_dict(d) for e, d in data["minors"].items()},
                           DistinctValues.from_dict(data["keys"], EXACT_LIMIT), data["scale"])


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
        for entity, sketch in table.distinct.items():
            distinct[asset].setdefault(entity, DistinctValues()).merge(sketch)
        for sketch in table.minors.values():
            minors[asset].merge(sketch)

    copies = _copies(keys, tables)
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
        by_asset[asset.path] = AssetCounts(most_first(values[asset.path]), people, children, asset.masked_values, copies[asset.path],
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


def _copies(exact: dict[str, set[int]], tables: dict[str, TableValues]) -> Counter:
    """Asset → how many of its values another asset holds too. Text assets' keys are Python sets
    (a diff scan need not load numpy); tables' are sorted arrays, compared in numpy."""
    if not tables:
        holders = Counter(key for asset_keys in exact.values() for key in asset_keys)
        return Counter({asset: sum(1 for key in asset_keys if holders[key] > 1) for asset, asset_keys in exact.items()})
    import numpy as np

    held = {asset: np.sort(np.fromiter(asset_keys, np.uint64, len(asset_keys))) for asset, asset_keys in exact.items()}
    for asset, table in tables.items():
        held[asset] = np.union1d(held[asset], table.keys.kept) if asset in held else table.keys.kept
    # Each asset's keys are distinct: a key met twice is held by two assets. Compared a slice of
    # the key space at a time, so that the scan's keys are not copied whole (a hundred tables
    # read in full hold 130 MB of keys, which np.unique over all of them needed five times).
    shared = []
    for low, high in pairwise([*range(0, 2**64, 2**64 // COPY_SLICES), None]):
        part = np.concatenate([keys[_at(keys, low):_at(keys, high)] for keys in held.values()])
        part.sort()
        shared.append(np.unique(part[1:][part[1:] == part[:-1]]))
    shared = np.concatenate(shared)
    return Counter({asset: int(np.isin(asset_keys, shared, assume_unique=True).sum()) for asset, asset_keys in held.items()})


def _at(keys, key: int | None) -> int:
    """Where ``key`` would go in the ascending ``keys`` (their end for None)."""
    import numpy as np

    return len(keys) if key is None else int(np.searchsorted(keys, np.uint64(key)))


def _union(exact: list[set[int]], sketches: list[DistinctValues]) -> int:
    """Distinct values over exact sets and sketches: exact while no sketch has overflowed."""
    sketches = [sketch for sketch in sketches if not sketch.is_empty()]
    if not sketches:
        return len(set().union(*exact))
    import numpy as np

    exact_keys = set().union(*exact)
    arrays = [sketch.kept for sketch in sketches] + ([np.fromiter(exact_keys, np.uint64, len(exact_keys))] if exact_keys else [])
    union = arrays[0] if len(arrays) == 1 else np.unique(np.concatenate(arrays))  # one sketch is its own union
    if not any(sketch.overflowed for sketch in sketches):
        return len(union)
    merged = DistinctValues(overflowed=True)
    merged.merge_sorted(union)
    return merged.count()[0]
