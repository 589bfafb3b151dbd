"""Every match of many regular expressions, with one pass of Hyperscan over the text.

Running each recognizer pattern over the whole text with ``regex`` costs a pass per pattern
(about 35 MB/s for seven of them on Chinese prose). Hyperscan (the ``hyperscan`` wheel ships
the library) runs all of them at once in its prefilter mode: lookarounds and back-references
are relaxed, so it reports a superset of the offsets where a match can end, never fewer.
Python then runs the exact expression only in a region around those ends, so the rest of the
text is never touched by Python and a file's cost does not depend on its line length.

Why the regions give exactly ``expression.finditer(text)``: an expression whose matches and
lookaheads span at most ``reach`` characters (its width, from the standard library's parser,
plus its widest lookahead) has every match (s, e) with e a reported end and s >= e - reach.
Regions are the merged spans [e - reach, e]; each is searched with ``finditer(text, start,
end + reach)``: lookbehinds read before ``start`` (``regex`` looks at the whole string) and no
attempt from inside the region reads as far as the truncated end, so a region yields the
matches of a whole-text search that start in it, and no match straddles a region's edge.
An expression of unbounded width, one Hyperscan cannot compile, and every expression on a text
Hyperscan cannot read exactly (lone surrogates, or ``İ``, which ``regex`` folds to ``i`` and
Hyperscan does not) is run over the whole text, as is everything where the wheel is missing.
"""

import hashlib
import os
import platform
import re
from dataclasses import dataclass
from pathlib import Path
from re import _parser  # the only parser that reports a pattern's width; ``regex`` exposes none

import regex

try:
    import hyperscan
except ImportError:  # no wheel for this platform: the exact expressions run over the whole text
    hyperscan = None

_UNBOUNDED = 1 << 16  # a width above this counts as unbounded (the parser reports 2**64)
_PARSER_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE  # the same bits in ``regex``
_LONG_REPEAT = 16
_HAZARD = r"\x{130}"  # İ: regex matches it for (?i)i, Hyperscan does not


def _parsed(pattern: str, flags: int):
    """The standard library's parse of ``pattern``, or None for syntax of ``regex`` only (which
    Hyperscan may read otherwise)."""
    try:
        return _parser.parse(pattern, flags & _PARSER_FLAGS)
    except Exception:
        return None


def common_syntax(pattern: str, flags: int) -> bool:
    """Whether ``pattern`` is written in the syntax ``regex``, ``re`` and Hyperscan share."""
    return _parsed(pattern, flags) is not None


def reach(pattern: str, flags: int) -> int | None:
    """Characters a match of ``pattern`` and its lookaheads can span, or None if unbounded or
    beyond the standard library's parser (which reads ``regex``'s common syntax)."""
    tree = _parsed(pattern, flags)
    if tree is None:  # syntax of ``regex`` only: treated as unbounded, and scanned whole
        return None
    width = tree.getwidth()[1] + _lookahead(tree)
    return width if width < _UNBOUNDED else None


def _lookahead(node) -> int:
    """The widest lookahead anywhere in a parsed pattern."""
    widest = 0
    if isinstance(node, _parser.SubPattern):
        for op, argument in node.data:
            if op in (_parser.ASSERT, _parser.ASSERT_NOT) and argument[0] == 1:
                widest = max(widest, argument[1].getwidth()[1])
            widest = max(widest, _lookahead(argument))
    elif isinstance(node, (tuple, list)):
        for item in node:
            widest = max(widest, _lookahead(item))
    return widest


# Lookarounds at a pattern's edges, written with a class of plain characters (no ``^`` first):
# the guard after a one-class first character (``[0-9](?<![0-9A-Za-z].)``), one at the start
# (``(?<![0-9A-Za-z+])``) and one at the end (``(?![0-9A-Za-z])``).
_GUARD_CLASS = r"((?:\\u[0-9A-Fa-f]{4}|\\[^u]|[^\]\\^])(?:\\u[0-9A-Fa-f]{4}|\\[^u]|[^\]\\])*)"
_FIRST_CHARACTER_GUARD = regex.compile(r"^(\[[0-9A-Za-z-]+\]|\(\?-i:\[[0-9A-Za-z-]+\]\))\(\?<!\[" + _GUARD_CLASS + r"\]\.\)")
_START_GUARD = regex.compile(r"^\(\?<!\[" + _GUARD_CLASS + r"\]\)")
_END_GUARD = regex.compile(r"(?<!\\)(?:\\\\)*\K\(\?!\[" + _GUARD_CLASS + r"\]\)$")
_CAPTURING_GROUP = regex.compile(r"(?<!\\)(?:\\\\)*\K\((?!\?)(?:(\[[^\]\\^]+\]\??)\))?")
_NAMED_GROUP = regex.compile(r"\(\?P?<[A-Za-z_]")  # numbered too, so "the first group" would be a guess
GUARD_OVERRUN = 1  # characters a reported end may lie past the match's: the end guard, consumed


def _consumed_guards(pattern: str) -> str:
    """Edge lookarounds as the characters they look at, consumed: prefilter mode drops
    lookarounds, so ``[0-9](?<!…)[0-9]{5}(?![0-9A-Za-z])`` reported an end at every digit of
    a long run (most of the reports, each a Python call); ``(?:\\A|[^…])[0-9][0-9]{5}(?:[^…]|\\z)``
    reports only runs of six. A match's end is then reported up to ``GUARD_OVERRUN`` character
    later, still for every match."""
    pattern = _FIRST_CHARACTER_GUARD.sub(lambda m: f"(?:\\A|[^{m[2]}]){m[1]}", pattern, count=1)
    pattern = _START_GUARD.sub(lambda m: f"(?:\\A|[^{m[1]}])", pattern, count=1)
    return _END_GUARD.sub(lambda m: f"(?:[^{m[1]}]|\\z)", pattern, count=1)


def _hyperscan_syntax(pattern: str) -> bytes:
    """Edge lookarounds consumed (``_consumed_guards``), a back-reference to a first group that is
    one class (``([ -]?)…\\1``) as that class (prefilter mode otherwise reads it as anything), Python's ``\\uXXXX`` escapes as PCRE's
    ``\\x{XXXX}``, and long bounded repeats open (``{1,64}`` as ``{1,}``, a superset Hyperscan
    compiles in a fraction of the time)."""
    pattern = _consumed_guards(pattern)
    group = _CAPTURING_GROUP.search(pattern)
    if group and group[1] and not _NAMED_GROUP.search(pattern):  # group 1 is one class: its back-reference as that class (a superset)
        pattern = regex.sub(r"(?<!\\)((?:\\\\)*)\\1(?![0-9])", lambda m: f"{m[1]}(?:{group[1]})", pattern)
    pattern = regex.sub(r"(?<!\\)((?:\\\\)*)\\u([0-9A-Fa-f]{4})", r"\1\\x{\2}", pattern)
    return regex.sub(r"(?<!\\)((?:\\\\)*)\{([0-9]+),([0-9]{2,})\}",
                     lambda m: m[0] if int(m[3]) <= _LONG_REPEAT else f"{m[1]}{{{m[2]},}}", pattern).encode()


@dataclass(frozen=True)
class Expression:
    pattern: str
    flags: int  # ``regex`` flags


class MultiPattern:
    """Exact ``finditer`` results of several expressions, from one Hyperscan pass."""

    def __init__(self, expressions: list[Expression]):
        self._compiled = [regex.compile(e.pattern, e.flags) for e in expressions]
        # A reported end may lie past its match's (a consumed guard): regions reach that far more.
        self._reaches = [None if r is None else r + GUARD_OVERRUN for r in (reach(e.pattern, e.flags) for e in expressions)]
        self._database, self._screened = prefilter_database(expressions, [i for i, r in enumerate(self._reaches) if r is not None])

    def matches(self, text: str) -> list[list[regex.Match]]:
        """For each expression, its matches in ``text``, as ``finditer`` gives them."""
        ends = self._ends(text) if self._database is not None and text else None
        found = []
        for index, expression in enumerate(self._compiled):
            if ends is None or index not in self._screened:
                found.append(list(expression.finditer(text)))
            else:
                found.append(self._in_regions(expression, self._reaches[index], text, ends.get(index, ())))
        return found

    def _ends(self, text: str) -> dict[int, list[int]] | None:
        """Character offsets where each screened expression may end a match, in order; None if
        Hyperscan cannot read this text exactly."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: not UTF-8
            return None
        hits: list[tuple[int, int]] = []
        self._database.scan(data, match_event_handler=lambda id_, _from, to, _flags, _context: hits.append((to, id_)))
        if not hits:
            return {}
        hazard = len(self._compiled)
        if any(id_ == hazard for _, id_ in hits):
            return None
        offsets = _char_offsets(data, sorted({to for to, _ in hits})) if len(data) != len(text) else None
        ends: dict[int, list[int]] = {}
        for to, id_ in hits:
            ends.setdefault(id_, []).append(offsets[to] if offsets is not None else to)
        return ends

    @staticmethod
    def _in_regions(expression: regex.Pattern, reach: int, text: str, ends) -> list[regex.Match]:
        regions: list[list[int]] = []
        for end in sorted(ends):
            if regions and end - reach <= regions[-1][1] + reach:
                regions[-1][1] = end
            else:
                regions.append([max(0, end - reach), end])
        found = []
        for start, end in regions:
            for match in expression.finditer(text, start, min(len(text), end + reach)):
                if match.start() >= end:
                    break
                found.append(match)
        return found


def _char_offsets(data: bytes, byte_offsets: list[int]) -> dict[int, int]:
    """Character offset of each of the sorted ``byte_offsets``:
    the text between two of them decoded once, so the whole costs one decoding of the text."""
    offsets, previous_byte, previous_char = {}, 0, 0
    for offset in byte_offsets:
        boundary = offset
        while boundary < len(data) and data[boundary] & 0xC0 == 0x80:
            boundary += 1  # a relaxed prefilter may end inside a character, where no real match ends
        previous_char += len(data[previous_byte:boundary].decode("utf-8"))
        previous_byte = boundary
        offsets[offset] = previous_char
    return offsets


class LiteralLines:
    """The lines of a text that hold any of some literals (ASCII letters in either case), from one
    Hyperscan pass: a lexicon's Aho-Corasick automaton (``recognizers.base.LongestWords``) then
    reads those lines only. Literals holding a line break, or no wheel: no screen.
    Hyperscan reads the text as UTF-32, so a byte offset is four times a character's and needs no
    decoding; a literal's bytes found across two characters give a line too many, never too few."""

    def __init__(self, literals):
        literals = sorted(set(literals))  # in order, so one set of literals is one database in the cache
        self._literals = literals if hyperscan is not None and literals and all(x and "\n" not in x for x in literals) else []
        self._database = None  # compiled on first use: a lexicon read only in short ranges never needs it

    def lines(self, text: str, start: int, end: int) -> list[tuple[int, int]] | None:
        """(start, end) of each line of text[start:end] holding a literal, its line break
        included (so a reader there ends a line as it would in the whole range), clipped to the
        range; None if there is no screen."""
        lasts = self.positions(text, start, end)
        if lasts is None:
            return None
        spans: list[tuple[int, int]] = []
        for last in lasts:
            if spans and last < spans[-1][1]:
                continue
            line_end = text.find("\n", last, end)
            spans.append((max(start, text.rfind("\n", start, last) + 1), end if line_end < 0 else line_end + 1))
        return spans

    def positions(self, text: str, start: int = 0, end: int | None = None) -> list[int] | None:
        """Where a literal may end in text[start:end], in order: the offset of its last character
        (and a few more); None if there is no screen."""
        if not self._literals:
            return None
        ends: list[int] = []
        data = text[start:end].encode("utf-32-le", "surrogatepass")
        self._compiled().scan(data, match_event_handler=lambda _id, _from, to, _flags, _context: ends.append(to))
        return sorted({start + (to - 1) // 4 for to in ends})

    def _compiled(self):
        """Compiled once a process and kept in the cache directory, as ``prefilter_database``
        does: forked workers and later scans load it in a millisecond instead of compiling."""
        if self._database is None:
            expressions = ["".join(f"\\x{byte:02x}" for byte in x.encode("utf-32-le")) for x in self._literals]
            key = hashlib.sha256(repr((expressions, hyperscan.__version__, platform.machine())).encode()).hexdigest()[:32]
            cached = cache_directory() / f"hyperscan-literals-{key}.db"
            try:
                self._database = hyperscan.loadb(cached.read_bytes(), hyperscan.HS_MODE_BLOCK)
                self._database.scratch = hyperscan.Scratch(self._database)
            except Exception:  # not cached yet, or unreadable: compiled again
                self._database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
                self._database.compile(expressions=expressions, ids=[0] * len(expressions), flags=hyperscan.HS_FLAG_CASELESS)
                store(cached, hyperscan.dumpb(self._database))
        return self._database


def prefilter_database(expressions: list[Expression], wanted: list[int]):
    """Hyperscan's prefilter database of the ``wanted`` expressions that it compiles (plus the
    hazard), and their indices; (None, ()) without the wheel. Compiling takes most of a second,
    so the database is kept in the user's cache directory, keyed by its expressions."""
    if hyperscan is None:
        return None, frozenset()
    base = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_DOTALL | hyperscan.HS_FLAG_MULTILINE
    entries = {index: (_hyperscan_syntax(expressions[index].pattern),
                       base | (hyperscan.HS_FLAG_CASELESS if expressions[index].flags & re.IGNORECASE else 0)) for index in sorted(wanted)}
    entries[len(expressions)] = (_HAZARD.encode(), hyperscan.HS_FLAG_UTF8)
    key = hashlib.sha256(repr((sorted(entries.items()), hyperscan.__version__, platform.machine())).encode()).hexdigest()[:32]
    cached = cache_directory() / f"hyperscan-{key}.db"
    try:
        header, _, serialized = cached.read_bytes().partition(b"\n")
        compiled = [int(index) for index in header.split()]
        database = hyperscan.loadb(serialized, hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)  # a loaded database comes without one
    except Exception:  # not cached yet, or unreadable: compiled again
        database, compiled = _compile(entries)
        store(cached, " ".join(map(str, compiled)).encode() + b"\n" + hyperscan.dumpb(database))
    return database, frozenset(compiled) - {len(expressions)}


def _compile(entries: dict[int, tuple[bytes, int]]):
    """The database of every entry Hyperscan compiles, and their indices (one it rejects is
    found by compiling each alone, and left to ``regex`` over the whole text)."""
    try:
        return _compiled(entries), list(entries)
    except hyperscan.error:
        accepted = {}
        for index, entry in entries.items():
            try:
                _compiled({index: entry})
            except hyperscan.error:
                continue
            accepted[index] = entry
        return _compiled(accepted), list(accepted)


def _compiled(entries: dict[int, tuple[bytes, int]]):
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[pattern for pattern, _ in entries.values()], ids=list(entries),
                     flags=[flags for _, flags in entries.values()])
    return database


def cache_directory() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "piplscan"


def store(path: Path, payload: bytes) -> None:
    """Written whole under a temporary name, then renamed: a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(payload)
        temporary.replace(path)
    except OSError:  # a read-only home: compiled again next time
        pass
