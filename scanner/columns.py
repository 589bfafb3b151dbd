"""Column-level judgement of table columns (database columns, sheet and CSV columns).

A check character is weak evidence for one value: random digits of a card's shape pass Luhn one
time in ten, so 1,000 order numbers hold about 100 "cards" (fewer after the issuer table). A
column gives what one value does not: its header, and the share of its values that pass compared
with the share that would pass by chance. A column is reported as holding a type only when that
evidence holds for the column; the rules and words are data (``data/column_rules.yaml``).
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

_SEPARATORS = re.compile(r"[ \-]")


@dataclass(frozen=True)
class ColumnVerdict:
    taken: bool
    why_zh: str
    why_en: str


@dataclass(frozen=True)
class _Rule:
    entity: str
    shape: str  # a regular expression for a whole cell
    chance: float
    headers: re.Pattern | None


def _words(words: list[str]) -> re.Pattern | None:
    """Chinese words match anywhere in a header; Latin ones as whole words (``card`` is not ``cardigan``)."""
    if not words:
        return None
    parts = [re.escape(w) if not w.isascii() else rf"(?<![a-z0-9]){re.escape(w.lower())}(?![a-z0-9])" for w in words]
    return re.compile("|".join(parts))


@cache
def _packaged() -> dict:
    return yaml.safe_load(files("scanner").joinpath("data", "column_rules.yaml").read_text(encoding="utf-8"))


class ColumnJudge:
    """Counts, per chunk of a column, the cells of each judged type's shape; at the end of the
    table, says whether each (column, type) holds."""

    def __init__(self, rules: dict | None = None):
        rules = rules or _packaged()
        self.positive_min = rules["positive_min_share"]
        self.neutral_min = rules["neutral_min_share"]
        self.negative_min = rules["negative_min_share"]
        self.min_shaped = rules["min_shaped_share_of_matches"]
        self.negative = _words(rules["negative_headers"])
        self.rules = {entity: _Rule(entity, f"(?:{rule['shape']})", rule["chance"], _words(rule.get("headers", [])))
                      for entity, rule in rules["entities"].items()}
        # Cells are counted once per distinct shape (both card types share one), a whole line at
        # a time: one C-speed pass per shape over a column's text, not a Python call per cell.
        # A line is read between line breaks, not between ^ and $: a literal "\n" first lets
        # re search for it at memory speed instead of trying ^ at every character.
        self._lines = {rule.shape: re.compile(f"\n(?:{rule.shape})(?=\n)") for rule in self.rules.values()}

    def shaped_cells(self, text: str) -> dict[str, int]:
        """Shape pattern → cells of ``text`` (one a line) written wholly in that shape."""
        compact = f"\n{_SEPARATORS.sub('', text)}\n"
        return {pattern: len(line.findall(compact)) for pattern, line in self._lines.items()}

    def judge(self, entity: str, header: str, matching: int, shaped: dict[str, int]) -> ColumnVerdict:
        """``matching``: rows holding a validated value of ``entity``; ``shaped``: the sums of
        ``shaped_cells`` over the column."""
        rule = self.rules.get(entity)
        if rule is None:
            return ColumnVerdict(True, "", "")
        cells = shaped.get(rule.shape, 0)
        if cells < self.min_shaped * matching or cells == 0:
            return ColumnVerdict(True, "值多为文本，逐值判断", "mostly free text: judged value by value")
        share = min(matching / cells, 1.0)
        name = header.lower()
        named = bool(rule.headers and rule.headers.search(name))
        negative = not named and bool(self.negative and self.negative.search(name))
        needed = max(3 * rule.chance, self.positive_min) if named else self.negative_min if negative else self.neutral_min
        taken = share >= needed
        odds = f"1/{round(1 / rule.chance)}" if rule.chance else "0"
        zh = f"{cells} 个同形值中 {matching} 个通过校验（{share:.1%}；随机数字约 {odds} 通过）"
        en = f"{matching} of {cells} values of this shape pass the check ({share:.1%}; random digits pass about {odds})"
        if named:
            zh += f"，列名表明为该类型，需至少 {needed:.0%}"
            en += f"; the header names the type, {needed:.0%} needed"
        elif negative:
            zh += f"，列名表明为业务编号或金额，需至少 {needed:.0%}"
            en += f"; the header names a business number or amount, {needed:.0%} needed"
        else:
            zh += f"，需至少 {needed:.0%}"
            en += f", {needed:.0%} needed"
        zh += "：采信" if taken else "：不采信（偶然通过校验）"
        en += ": taken" if taken else ": not taken (passes by chance)"
        return ColumnVerdict(taken, zh, en)
