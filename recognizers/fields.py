"""Fields classified by their name: a column of free-text diagnoses, a ``zjxy`` (宗教信仰) column,
binary face templates, a JSON key ``"diagnosis"`` or a form's ``过敏史：`` hold their category's
values whatever those values look like.

The names are data (``data/field_names.yaml``, more files by ``field_names`` in the configuration),
matched in Chinese (anywhere in a name), English and pinyin initials (whole words of a name:
``patient_diagnosis``, ``faceFeature``); a name with a word that counts or describes instead
(``diagnosis_count``, 诊断医生) is not the category's. A value counts when it is one: any value
that is not a placeholder (null, 无), a value of the category's lexicon (a religion column holds
religions), a code (民族 01-56) or the shape the file gives (coordinates, blood types).

In a table the column's name is the engine's ``context`` and every cell is judged; in text a key
or label (``"diagnosis": "…"``, ``诊断：…``, ``religion = …``) introduces one value on its line.
This recognizer runs after the others and adds only what they left: a value another recognizer
found as the same type (the sensitive recognizer's 宗教信仰：佛教) is theirs.
"""

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from recognizers.base import DataFileError, LongestWords, RecordRecognizer, cells, literal_cue, read_yaml, screened_ranges
from recognizers.sensitive import LEXICON, _load_lexicon
from scanner.candidates import Expression, LiteralLines

FIELD_NAMES = Path(__file__).with_name("data") / "field_names.yaml"
FIELD_NAME = "field_name"  # the flag of a finding by its field's name
SCORE = 0.6  # a value whose field names its category; the value itself was not checked
MAX_NAME = 64  # longer is a sentence or a path, not a field's name
REACH = 300  # characters either side of a key within which its value and its line's words are read
_BINARY_CELL = re.compile(r"\[binary [0-9]+\]")  # scanner.sources.binary_cell
KEYWORDS = ("any", "lexicon", "none")  # the values a field's file may name without a regular expression
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9\u3400-\u9fff]+")
# A key's characters: it runs back from the dictionary's word to a quote, a space or a bracket.
_KEY_CHARS = re.compile(r"[A-Za-z0-9_.\-\u3400-\u9fff]*")
_KEY_BEFORE = re.compile(r"[A-Za-z0-9_.\-\u3400-\u9fff]*$")
_SEPARATOR = re.compile(r"[\"']?[ \t\u3000]*[:：=][ \t\u3000]*")
_QUOTED = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"|'([^'\n]*)'")
_UNQUOTED = re.compile(r"[^\n,;，；}\]]+")
# A value that is code, not data: a type, a variable, a call (diagnosis: str, religion = row[3]).
_CODE = re.compile(r"[A-Za-z_][\w.]*(?:\[.*\]|\(.*\))?|.*[(){}\[\]<>=$`].*")
# What may follow a category's name at the end of a Chinese label (传染病史, 血型信息, 诊断结果).
_LABEL_END = re.compile(r"(?:史|号|名称|情况|结果|记录|信息|类型|编码|代码|描述|内容)?")
_EXAMPLE = re.compile(r"(?:如|例如|比如|包括|e\.g\.|such as)")


class FieldDictionaryError(Exception):
    """A field dictionary file cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class Field:
    """A group of names and what their values must be."""

    entity: str
    values: str  # "any", "lexicon", "none" or a regular expression
    codes: re.Pattern | None
    binary: bool

    @cached_property
    def shape(self) -> re.Pattern | None:
        return None if self.values in KEYWORDS else re.compile(self.values)


def _tokens(name: str) -> list[str]:
    """faceFeature, face_feature, "Face Feature" → [face, feature]; Chinese stays one token."""
    return [token.lower() for token in _WORD_BREAK.split(name) if token]


class _Matcher:
    """Which of a list of names a field's name holds: Chinese ones anywhere, English and pinyin
    ones as consecutive whole words, or joined into one (facefeature)."""

    def __init__(self, names: dict[str, object]):
        self.chinese = sorted(((n, p) for n, p in names.items() if _CJK.search(n)), key=lambda item: -len(item[0]))
        self.words = {tuple(_tokens(n)): p for n, p in names.items() if not _CJK.search(n)}
        self.joined = {"".join(words): p for words, p in self.words.items()}

    def match(self, name: str) -> object | None:
        for word, payload in self.chinese:
            if word in name:
                return payload
        tokens = _tokens(name)
        for size in sorted({len(words) for words in self.words}, reverse=True):
            for start in range(len(tokens) - size + 1):
                payload = self.words.get(tuple(tokens[start:start + size]))
                if payload is not None:
                    return payload
        return next((self.joined[token] for token in tokens if token in self.joined), None)


class FieldDictionary:
    """One or more field name files, merged in order (a later file's name wins)."""

    def __init__(self, paths: tuple[Path, ...] = ()):
        names: dict[str, Field] = {}
        placeholders: set[str] = set()
        instructions: list[str] = []
        vetoes: dict[str, bool] = {}
        for path in (FIELD_NAMES, *paths):
            data = _read(path)
            placeholders |= {str(p).lower() for p in data.get("placeholders", ())}
            instructions += map(str, data.get("instructions", ()))
            vetoes.update(dict.fromkeys(map(str, data.get("not_with", ())), True))
            for entity, groups in (data.get("entities") or {}).items():
                for group in groups:
                    field = _field(path, entity, group)
                    names.update(dict.fromkeys(map(str, group["names"]), field))
        self.names = names
        self.placeholders = frozenset(placeholders)
        self.instructions = tuple(instructions)
        self._fields = _Matcher(names)
        self._vetoes = _Matcher(vetoes)
        self._classified: dict[str, Field | None] = {}
        # The names in running text, inside identifiers too (patient_diagnosis): ``classify`` then
        # judges the whole key around a hit.
        forms = {form for name in names
                 for form in ({name.lower()} if _CJK.search(name) else {joiner.join(_tokens(name)) for joiner in ("_", "", " ", "-")})}
        self._in_text = LongestWords(sorted(forms))
        self._lines = LiteralLines(forms)

    @property
    def entities(self) -> list[str]:
        return sorted({field.entity for field in self.names.values()})

    def classify(self, name: str) -> Field | None:
        """The field a column, header, key or label of this name is, if any."""
        if name not in self._classified:
            if len(self._classified) > 100_000:  # the keys of a text are many but few distinct: a bound all the same
                self._classified.clear()
            stripped = name.strip()
            vetoed = not stripped or len(stripped) > MAX_NAME or self._vetoes.match(stripped) is not None
            self._classified[name] = None if vetoed else self._fields.match(stripped)
        return self._classified[name]

    def cue(self) -> Expression:
        """A name, the rest of its key (``_keyed_values``) and a separator."""
        return literal_cue(self._in_text.words, after=_KEY_CHARS.pattern.replace("*", f"{{0,{MAX_NAME}}}") + _SEPARATOR.pattern)

    def hits(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the longest names in ``text``, case ignored, not overlapping; in a long
        text, read on the lines Hyperscan finds a name on (as ``base.Terms``)."""
        return [(first, last) for start, end in screened_ranges(self._lines, text, 0, len(text))
                for first, last, _ in self._in_text.spans(text, start, end)]

    def reads_binary(self, name: str) -> bool:
        """Whether a binary column of this name counts (its cells are counted, never read)."""
        field = self.classify(name)
        return field is not None and field.binary


def _read(path: Path) -> dict:
    try:
        data = read_yaml(path, "field name")
    except DataFileError as exc:
        raise FieldDictionaryError(str(exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("entities", {}), dict):
        raise FieldDictionaryError(f"field name file {path}: expected a mapping with 'entities'")
    return data


def _field(path: Path, entity: str, group: object) -> Field:
    if not isinstance(group, dict) or not isinstance(group.get("names"), list) or not group["names"]:
        raise FieldDictionaryError(f"field name file {path}: {entity} needs groups with a list of 'names'")
    if not re.fullmatch(r"[A-Z][A-Z0-9_]*", str(entity)):
        raise FieldDictionaryError(f"field name file {path}: entity type {entity!r} must be upper snake case")
    values = str(group.get("values", "any"))
    try:
        codes = re.compile(str(group["codes"])) if "codes" in group else None
        if values not in KEYWORDS:
            re.compile(values)
    except re.error as exc:
        raise FieldDictionaryError(f"field name file {path}: {entity}: bad regular expression ({exc.msg})") from None
    return Field(str(entity), values, codes, bool(group.get("binary", False)))


@lru_cache(maxsize=4)
def load_field_dictionary(paths: tuple[Path, ...] = ()) -> FieldDictionary:
    return FieldDictionary(paths)


class FieldNameRecognizer(RecordRecognizer):
    NAME = "FieldNameRecognizer"

    def __init__(self, supported_language: str = "zh", field_files: tuple[Path, ...] = ()):
        self.dictionary = load_field_dictionary(tuple(field_files))
        super().__init__(supported_entities=self.dictionary.entities, supported_language=supported_language,
                         name=self.NAME)

    def load(self) -> None:
        pass

    def cues(self) -> list[Expression]:
        """Without a column's header, a value follows a key or label."""
        return [self.dictionary.cue()]

    def find(self, text: str, context: tuple[str, ...] = (), found=()) -> list:
        if not text.strip():
            return []
        taken = _Taken(found)
        column = next((f for f in map(self.dictionary.classify, context) if f is not None), None)
        if column is not None:
            # a sheet's first row may be its header (scanner/sources/documents.py): no value
            spans = [(start, end) for start, end in cells(text)
                     if text[start:end] not in context and self._holds(column, text[start:end])]
            entity = column.entity
            return [self.result(entity, start, end, SCORE) for start, end in spans if not taken.overlaps(start, end, entity)]
        results = []
        for start, end, field in self._keyed_values(text):
            if not taken.overlaps(start, end, field.entity):
                results.append(self.result(field.entity, start, end, SCORE))
        return results

    def _holds(self, field: Field, value: str) -> bool:
        """Whether ``value`` (a whole cell or a key's value) is one of ``field``'s."""
        value = value.strip()
        if not value or value.lower() in self.dictionary.placeholders:
            return False
        if _BINARY_CELL.fullmatch(value):
            return field.binary
        if field.codes is not None and field.codes.fullmatch(value):
            return True
        if field.values in ("any", "none"):
            return field.values == "any"
        if field.shape is not None:
            return bool(field.shape.fullmatch(value))
        lexicon = _load_lexicon(LEXICON)
        entries = lexicon.values_in(value, 0, len(value))
        return len(entries) == 1 and (entries[0].start, entries[0].end, entries[0].entity) == (0, len(value), field.entity)

    def _keyed_values(self, text: str):
        """(start, end, field) of each value written after a key or label the dictionary names."""
        policy = _load_lexicon(LEXICON)
        for first, last in self.dictionary.hits(text):
            line_start, line_end = _neighbourhood(text, first, last)
            key_start = first - len(_KEY_BEFORE.search(text, max(line_start, first - MAX_NAME), first).group())
            key_end = _KEY_CHARS.match(text, last, min(line_end, last + MAX_NAME)).end()
            if _CJK.match(text, last - 1) and not _LABEL_END.fullmatch(text, last, key_end):
                continue  # a Chinese label ends with its name: 甲类传染病是指：… defines, 传染病史：… labels
            field = self.dictionary.classify(text[key_start:key_end])
            separator = _SEPARATOR.match(text, key_end, line_end) if field is not None else None
            if separator is None:
                continue
            value = _value(text, separator.end(), line_end)
            if value is None or _EXAMPLE.match(text, value[0], value[1]) or not self._holds(field, text[value[0]:value[1]]):
                continue
            if text.startswith(self.dictionary.instructions, value[0], value[1]):
                continue  # how to fill the field in (主诉：不超过20字), not what someone filled in
            if policy.advertising.search(text, line_start, line_end) or (
                    policy.policy_subject.search(text, line_start, line_end) and policy.policy_verb.search(text, line_start, line_end)):
                continue  # a policy or an advertisement names the field, and holds no one's value
            yield value[0], value[1], field


def _neighbourhood(text: str, first: int, last: int) -> tuple[int, int]:
    """The line of text[first:last], at most ``REACH`` characters either side: on a dump written
    on one line, a key's line is its neighbourhood, not the rest of the file (linear time)."""
    low, high = max(0, first - REACH), min(len(text), last + REACH)
    start, end = text.rfind("\n", low, first), text.find("\n", last, high)
    return (low if start < 0 else start + 1), (high if end < 0 else end)


def _value(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The value written from ``start``: a quoted string, or the rest of the line up to a comma,
    a semicolon or a closing bracket; none where it is code (a type, a variable) rather than data."""
    quoted = _QUOTED.match(text, start, end)
    if quoted is not None:
        group = 1 if quoted.group(1) is not None else 2
        return (quoted.start(group), quoted.end(group)) if quoted.group(group).strip() else None
    unquoted = _UNQUOTED.match(text, start, end)
    if unquoted is None:
        return None
    value = unquoted.group().rstrip()
    if not value or (not _CJK.search(value) and _CODE.fullmatch(value)):
        return None
    return unquoted.start(), unquoted.start() + len(value)


class _Taken:
    """What the other recognizers found, by type: whether a span overlaps one of them is one
    bisection (starts in order, with the largest end so far beside each)."""

    def __init__(self, found):
        spans: dict[str, list[tuple[int, int]]] = {}
        for result in found:
            spans.setdefault(result.entity_type, []).append((result.start, result.end))
        self._starts, self._reach = {}, {}
        for entity, listed in spans.items():
            listed.sort()
            self._starts[entity] = [start for start, _ in listed]
            self._reach[entity] = list(itertools.accumulate((end for _, end in listed), max))

    def overlaps(self, start: int, end: int, entity: str) -> bool:
        before = bisect.bisect_left(self._starts.get(entity, ()), end) - 1  # the last that starts before ``end``
        return before >= 0 and self._reach[entity][before] > start
