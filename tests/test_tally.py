"""Copies across assets (``scanner.tally._copies``): a value counts for an asset when another
asset holds it too, whether the assets are text files (keys in sets) or tables (sorted arrays),
and whatever slice of the key space a key lies in."""

import random

import numpy as np
import pytest

from scanner.tally import COPY_SLICES, EXACT_LIMIT, DistinctValues, TableValues, _copies

EDGES = [0, 1, 2**64 - 1] + [slice_start + offset for slice_start in range(0, 2**64, 2**64 // COPY_SLICES) for offset in (-1, 0, 1)
                             if 0 <= slice_start + offset < 2**64]


def _held_elsewhere(assets: dict[str, set[int]]) -> dict[str, int]:
    return {name: sum(1 for key in keys if any(key in other for o, other in assets.items() if o != name)) for name, keys in assets.items()}


@pytest.mark.parametrize("seed", range(12))
def test_copies_are_the_values_another_asset_holds(seed):
    rng = random.Random(seed)
    pool = EDGES + [rng.getrandbits(64) for _ in range(300)]
    texts = {f"text{i}": set(rng.sample(pool, rng.randint(0, 60))) for i in range(rng.randint(0, 4))}
    tables = {f"table{i}": set(rng.sample(pool, rng.randint(0, 120))) for i in range(rng.randint(1, 4))}
    both = {name: set(rng.sample(pool, 30)) for name in list(texts)[:1]}  # a file's text and its table (a sheet's notes)
    tables["table0"] |= set(EDGES)  # every edge of a slice in one table, some in another asset too
    (texts or tables)[rng.choice(sorted(texts or tables))] |= set(rng.sample(EDGES, len(EDGES) // 2))
    table_values = {}
    for name, keys in {**tables, **both}.items():
        table_values[name] = TableValues(keys=DistinctValues(EXACT_LIMIT, keys))
    assets = {name: texts.get(name, set()) | tables.get(name, set()) | both.get(name, set()) for name in {*texts, *tables, *both}}
    assert dict(_copies(texts, table_values)) == _held_elsewhere(assets)


def test_copies_of_text_assets_alone_need_no_table():
    assert dict(_copies({"a": {1, 2, 2**64 - 1}, "b": {2, 2**64 - 1}, "c": {3}}, {})) == {"a": 2, "b": 2, "c": 0}


def test_keys_in_one_asset_only_are_no_copies():
    keys = np.arange(0, 2**64 - 2**58, 2**58, dtype=np.uint64)  # a key in every slice of the key space
    assert dict(_copies({}, {"only": TableValues(keys=DistinctValues(EXACT_LIMIT, keys.tolist()))})) == {"only": 0}


@pytest.mark.parametrize("key", [b"", b"k" * 32, bytes(range(64)), bytes(range(65)), "密钥".encode() * 30])
def test_a_batch_of_keys_is_the_value_key_of_each_fingerprint(key):
    from scanner.tally import value_key
    from scanner.values import fingerprint_keys, fingerprint_normal

    values = ["", "13812345678", "ZHANG.WEI@EXAMPLE.COM", "张伟", "浙江省杭州市西湖区" * 20, "\x00\t"]
    assert fingerprint_keys(key, values).tolist() == [value_key(fingerprint_normal(key, value)) for value in values]
    assert fingerprint_keys(key, []).tolist() == []


@pytest.mark.parametrize("seed", range(6))
def test_a_union_counts_what_one_sketch_of_every_value_counts(seed):
    """``_union`` of exact sets and sketches (one alone, several, overflowed or not) counts the
    distinct values they keep (estimated from them once one has overflowed), and merging leaves
    the merged sketches as they were."""
    from scanner.tally import _union

    rng = random.Random(seed)
    pool = [rng.getrandbits(64) for _ in range(3000)]
    for _ in range(30):
        exact = [set(rng.sample(pool, rng.randint(0, 40))) for _ in range(rng.randint(0, 2))]
        groups = [rng.sample(pool, rng.randint(0, 400)) for _ in range(rng.randint(1, 3))]
        sketches = []
        for group in groups:
            sketch = DistinctValues(k=64)
            sketch.add_keys(group)
            sketches.append(sketch)
        before = [(sketch.kept.copy(), sketch.overflowed) for sketch in sketches]
        overflowed = any(sketch.overflowed for sketch in sketches)
        kept_keys = set().union(*exact, *(set(sketch.kept.tolist()) for sketch in sketches))
        expected = len(kept_keys) if not overflowed else DistinctValues(overflowed=True, kept=sorted(kept_keys)).count()[0]
        assert _union(exact, sketches) == expected
        assert [(sketch.kept.tolist(), sketch.overflowed) for sketch in sketches] == [(k.tolist(), o) for k, o in before]
        merged = DistinctValues(k=64)
        for sketch in sketches:
            merged.merge(sketch)
        assert merged.kept.tolist() == sorted(set().union(*(set(g) for g in groups)))[:64]
