"""Sensitive personal information (PIPL Art. 28, GB/T 35273 App. B) in prose and records:
HEALTH_INFO, RELIGION, CN_ETHNICITY, MARITAL_HISTORY, SEXUAL_ORIENTATION, CRIMINAL_RECORD and
BIOMETRIC.

The words of these categories are everywhere: privacy policies list them (我们不收集您的宗教信仰),
news reports on religions, drug advertisements name diseases. What makes a finding is a value of
a category tied to a person or a record, by one of:

- its label: the category's label right before it (宗教信仰：佛教, "diagnosis": "asthma", 民族为汉族),
  or alone on the line before (a form's layout); a column whose header names the category is a
  label for each of its cells;
- the record: a name (with a label, or beside an ID or a phone), an ID, a phone, an e-mail or a
  card that the other recognizers found on the same line, or within two lines of a short form line
  (``base.Records``);
- the document (health only): a record's heading on a line of its own (体检报告, 出院小结) with a
  record's field after it (姓名：, 病历号：).

Lines that talk about data rather than hold it are passed over: a policy (我们 … 收集), an
advertisement (专治, 热线). A label followed by an example marker (宗教信仰（如佛教）) or by several
values of a category a person has one of (□佛教 □道教) introduces options, not a value.

The lexicons and words are data (``data/sensitive.yaml`` and the files it names; pass another
file as ``lexicon``). BIOMETRIC values are shapes written after a biometric label: a base64 or hex
template, a feature vector, the file of an image or a recording. Lexicons are matched only where
there is evidence (a label, an identifying value, a record's heading, a column's header), so prose
with none costs one scan for labels and headings.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from recognizers.base import (LineIndex, RecordRecognizer, Records, Spans, Terms, cells, finditer_on_lines, literal_cue, word_forms,
                              word_lines, words_pattern)
from scanner.candidates import Expression

LEXICON = Path(__file__).with_name("data") / "sensitive.yaml"
HEALTH = "HEALTH_INFO"
BIOMETRIC = "BIOMETRIC"
ENTITIES = [HEALTH, "RELIGION", "CN_ETHNICITY", "MARITAL_HISTORY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD", BIOMETRIC]

LABEL_SCORE = 0.85  # the value's own label, or its column's header, names the category
RECORD_SCORE = 0.7  # an identifying value on the same record
DOCUMENT_SCORE = 0.6  # anywhere in a record of the category's kind
RECORD_REACH = 300  # characters around an identifying value that are its record on a long line
LABELLED_REACH = 300  # characters after a label where its values (but a template) may stand: a dump on one line has no line end
HEADING_LINE = 30  # a record's heading is a title, not a sentence
FIELDS_REACH = 2000  # characters after a heading within which a record's field must stand

_CJK = re.compile(r"[\u3400-\u9fff]")
# Between a label and its value: a colon, an equals sign, a bar or a tab, 为/是, or spaces after
# a Chinese label (a form's columns); quotes and a short note in brackets may stand around it.
_SEPARATOR = re.compile(
    r"[ \t\u3000]*(?:[（(][^）)\n]{0,12}[）)])?[\"'”’]?[ \t\u3000]*"
    r"(?:[:：=＝|｜\t]|为|是|(?<=[\u3400-\u9fff])[ \t\u3000]+(?=\S))[ \t\u3000]*[\"'“‘]?[ \t\u3000]*")
# Where a label's values end: the next label of the line (``用药：``, ``; allergies:``).
_LABEL_TAIL = re.compile(r"[ \t\u3000:：]*")  # nothing after a label but these: its value is on the next line
_NEXT_LABEL = re.compile(r"[ \t\u3000,，;；|][\u3400-\u9fffA-Za-z_ ]{1,12}[:：]")
# What qualifies a diagnosis before it (慢性肾功能不全, 过敏性鼻炎, 2型糖尿病): part of its value.
_QUALIFIERS = re.compile(r"(?:(?:慢性|急性|亚急性|过敏性|原发性|继发性|先天性|遗传性|病毒性|细菌性|反流性|萎缩性|糜烂性"
                         r"|复发性|难治性|早期|晚期|轻度|中度|重度|[0-9一二三四IVⅠⅡⅢ]+型|[0-9一二三四]+期)+)$")
_QUALIFIER_REACH = 12
_CHECKED = "☑✔√■☒✓"
_UNCHECKED = "□☐"
# Biometric data: base64 (a data URL's too), hex, a feature vector, a file of an image or recording.
# Key and device fingerprints are hashes of 32 to 64 hex digits: shorter than any template.
_TEMPLATE = re.compile(
    r"(?:data:[a-z]+/[a-z0-9.+-]+;base64,)?(?P<base64>[A-Za-z0-9+/]{64,}={0,2})(?![A-Za-z0-9+/=])"
    r"|(?P<vector>\[?[ \t]*-?\d+\.\d+(?:[ \t]*,[ \t]*-?\d+\.\d+){7,}[ \t]*\]?)"
    r"|(?P<file>[^\s\"'<>|,;()（）]{1,200}\.(?i:jpe?g|png|bmp|webp|tiff?|heic|wav|mp3|pcm|amr|dat|bin|tpl|fpt|wsq|feat))"
    r"(?![A-Za-z0-9])")
_HEX = re.compile(r"[0-9A-Fa-f]+")


@dataclass(frozen=True, slots=True)
class _Value:
    """A lexicon value found in the text."""

    start: int
    end: int
    entity: str
    label_only: bool


@dataclass(frozen=True)
class _Category:
    entity: str
    single_valued: bool
    not_before: tuple[str, ...]


class _Lexicon:
    """``sensitive.yaml`` and the files it names, compiled."""

    def __init__(self, path: Path):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        self.categories: dict[str, _Category] = {}
        labels: dict[str, str] = {}  # label -> entity
        values: dict[str, tuple[str, bool]] = {}  # lower-case value -> (entity, only after a label)
        for entity, spec in data["entities"].items():
            self.categories[entity] = _Category(entity, bool(spec.get("single_valued")), tuple(spec.get("not_before", ())))
            labels.update(dict.fromkeys(spec["labels"], entity))
            label_only = {v.lower() for v in spec.get("label_only", ())}
            words = list(spec.get("values", ()))
            for name in spec.get("values_files", ()):
                lines = path.with_name(name).read_text(encoding="utf-8").splitlines()
                words += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
            for value in words:
                values.setdefault(value.lower(), (entity, value.lower() in label_only))
            if spec.get("short_after_label"):  # 民族：汉
                for value in words:
                    if _CJK.search(value) and value.endswith("族"):
                        values.setdefault(value[:-1], (entity, True))
        self.categories[BIOMETRIC] = _Category(BIOMETRIC, True, ())
        labels.update(dict.fromkeys(data["biometric_labels"], BIOMETRIC))
        self.labels = Terms(labels)
        self.values = Terms(values, screened=False)  # read only beside evidence
        documents = data["record_documents"][HEALTH]
        self.heading_words = tuple(documents["headings"])
        self.heading_lines = word_lines(self.heading_words)
        self.heading = re.compile(r"^[ \t\u3000#*【\[]*[^\n，。；,;:：]{0,16}?(?:" + words_pattern(documents["headings"])
                                  + r")[ \t\u3000*】\]]*$", re.IGNORECASE | re.MULTILINE)
        self.not_in_heading = re.compile(words_pattern(documents["not_in_heading"]), re.IGNORECASE)
        self.fields = re.compile(r"(?:" + words_pattern(documents["fields"]) + r")[ \t\u3000]*[:：]", re.IGNORECASE)
        policy = data["policy_line"]
        self.policy_subject = re.compile(words_pattern(policy["subjects"]), re.IGNORECASE)
        self.policy_verb = re.compile(words_pattern(policy["verbs"]), re.IGNORECASE)
        self.advertising = re.compile(words_pattern(data["advertising_line"]), re.IGNORECASE)
        self.example = re.compile(r"(?:" + words_pattern(data["example_markers"]) + ")", re.IGNORECASE)

    @cached_property
    def health_parts(self) -> frozenset[str]:
        """Every shorter part of a health value (lower case), for the person recognizer: a name
        that is none of them lies inside no drug name."""
        return self.values.inner_parts(lambda payload: payload[0] == HEALTH)

    def values_in(self, text: str, start: int, end: int) -> list[_Value]:
        """The longest values in text[start:end], left to right, not overlapping."""
        return [_Value(first, last, entity, label_only) for first, last, _, (entity, label_only) in self.values.find(text, start, end)]


@lru_cache(maxsize=4)
def _load_lexicon(path: Path) -> _Lexicon:
    """One compiled lexicon per file, shared by the Chinese and English instances."""
    return _Lexicon(path)


class SensitiveInfoRecognizer(RecordRecognizer):
    def __init__(self, supported_language: str = "zh", lexicon: Path | None = None):
        super().__init__(supported_entities=list(ENTITIES), supported_language=supported_language,
                         name="SensitiveInfoRecognizer")
        self._path = lexicon or LEXICON

    @property
    def _lexicon(self) -> _Lexicon:
        return _load_lexicon(self._path)

    def load(self) -> None:
        pass  # the lexicon is read on first use: a scan without sensitive values may never need it

    def cues(self) -> list[Expression]:
        """Without a column's header nor an identifying value found (which other cues stand
        for), values are read after a label or under a record's heading."""
        lexicon = self._lexicon
        headings = {form for word in lexicon.heading_words for form in word_forms(word)}
        return lexicon.labels.cues() + [literal_cue(headings, whole_words=True)]

    # --- evidence ----------------------------------------------------------------------------

    def find(self, text: str, context: tuple[str, ...] = (), found=()) -> list:
        if not text.strip():
            return []
        # a value inside an address is part of a place's name (宁夏回族自治区); names are not
        # excluded: the person recognizer reads some drug names as names (阿莫西林)
        addresses = Spans(sorted((r.start, r.end, r.score) for r in found if r.entity_type == "CN_ADDRESS"))
        reading = _Reading(text, addresses, LineIndex(text))
        column = self._column_entity(context)
        if column is not None:
            self._read_column(reading, column)
        else:
            self._read_labels(reading)
        for start, end in Records(text, found).regions(RECORD_REACH):
            self._read_values(reading, start, end, None, RECORD_SCORE, labelled=False)
        document = self._record_document(text)
        if document is not None:
            self._read_values(reading, document, len(text), HEALTH, DOCUMENT_SCORE, labelled=False)
        return [self.result(entity, start, end, score) for (start, end), (entity, score) in sorted(reading.taken.items())]

    def _column_entity(self, context: tuple[str, ...]) -> str | None:
        """The category a column's header names (诊断, religion, emp_religion, 人脸特征), if any."""
        for header in context:
            header = re.sub(r"[_.\-]", " ", header)
            for _, _, _, entity in self._lexicon.labels.find(header)[:1]:
                return entity
        return None

    def _read_column(self, reading: "_Reading", entity: str) -> None:
        """Each line is a cell: a template of the category's shape, one value (a person has one
        religion), or any values of a multi-valued category (a diagnosis cell)."""
        text = reading.text
        single = self._lexicon.categories[entity].single_valued
        for start, end in cells(text):
            if entity == BIOMETRIC:
                m = _TEMPLATE.fullmatch(text, start, end)
                if m is not None and _is_template(m):
                    reading.take(start, end, entity, LABEL_SCORE)
            elif single:
                values = self._lexicon.values_in(text, start, end)
                if len(values) == 1 and (values[0].start, values[0].end, values[0].entity) == (start, end, entity):
                    reading.take(start, end, entity, LABEL_SCORE)
            else:
                self._read_values(reading, start, end, entity, LABEL_SCORE, labelled=True)

    def _read_labels(self, reading: "_Reading") -> None:
        lexicon, text = self._lexicon, reading.text
        for label_start, label_end, _, entity in lexicon.labels.find(text):
            line_start, line_end = reading.lines.bounds(label_start)
            if _LABEL_TAIL.match(text, label_end, line_end).end() == line_end and line_end < len(text):
                # a label alone on its line: its value is the next line (a form's layout)
                value_start = line_end + 1
                value_end = reading.lines.bounds(value_start)[1]
                if value_start < value_end and not self._talks_about_data(reading, line_start, line_end):
                    self._read_labelled(reading, entity, value_start, value_end)
                continue
            separator = _SEPARATOR.match(text, label_end, line_end)
            if separator is None:
                self._read_adjoining(reading, entity, label_end, line_start, line_end)
                continue
            if lexicon.example.match(text, separator.end(), line_end):
                continue
            if self._talks_about_data(reading, line_start, line_end):
                continue
            value_end = line_end if entity == BIOMETRIC else min(line_end, separator.end() + LABELLED_REACH)
            following = _NEXT_LABEL.search(text, separator.end() + 1, value_end)
            self._read_labelled(reading, entity, separator.end(), following.start() if following else value_end)

    def _read_adjoining(self, reading: "_Reading", entity: str, start: int, line_start: int, line_end: int) -> None:
        """A person's one value written right after its label, with no separator (民族汉族, or 民族汉
        where OCR lost the gap between two boxes of an ID card): the value ends a word there."""
        if entity == BIOMETRIC or not self._lexicon.categories[entity].single_valued:
            return
        values = self._lexicon.values_in(reading.text, start, min(line_end, start + LABELLED_REACH))
        if not values or values[0].start != start or values[0].entity != entity or not self._fits(reading, values[0]):
            return
        after = reading.text[values[0].end:values[0].end + 1]
        if (after and (_CJK.match(after) or after == "等")) or self._talks_about_data(reading, line_start, line_end):
            return  # 民族团结, 信仰基督教的人: a phrase, not a field
        reading.take(values[0].start, values[0].end, entity, LABEL_SCORE)

    def _read_labelled(self, reading: "_Reading", entity: str, start: int, end: int) -> None:
        """The value(s) of a label of ``entity`` written from ``start``."""
        text = reading.text
        if entity == BIOMETRIC:
            m = _TEMPLATE.match(text, start, end)
            if m is not None and _is_template(m):
                reading.take(m.start(), m.end(), entity, LABEL_SCORE)
            return
        if not self._lexicon.categories[entity].single_valued:
            self._read_values(reading, start, end, entity, LABEL_SCORE, labelled=True)
            return
        values = [v for v in self._lexicon.values_in(text, start, end)
                  if v.entity == entity and self._fits(reading, v)]
        checked = [v for v in values if v.start > start and text[v.start - 1] in _CHECKED]
        if checked:  # a filled-in form: ☑佛教 □道教
            values = checked
        elif len(values) != 1 or text[start:values[0].start].strip(_UNCHECKED + " \t\u3000"):
            return  # none, a list of options, or a value that is not the label's own
        value = values[0]
        after = text[value.end:value.end + 1]
        if after and (_CJK.match(after) or after == "等"):
            return  # 汉族地区, 佛教等: part of a phrase, or an example
        reading.take(value.start, value.end, entity, LABEL_SCORE)

    def _read_values(self, reading: "_Reading", start: int, end: int, entity: str | None, score: float,
                     labelled: bool) -> None:
        """Values of ``entity`` (any category but biometrics when None) in text[start:end]; values
        that need a label only when ``labelled``; lines about data are skipped unless labelled."""
        text = reading.text
        for value in self._lexicon.values_in(text, start, end):
            if (entity is not None and value.entity != entity) or (value.label_only and not labelled):
                continue
            if not self._fits(reading, value):
                continue
            line_start, line_end = reading.lines.bounds(value.start)
            if not labelled and self._talks_about_data(reading, line_start, line_end):
                continue
            value_start = value.start
            if value.entity == HEALTH:
                qualifier = _QUALIFIERS.search(text, max(line_start, start, value_start - _QUALIFIER_REACH), value_start)
                value_start = qualifier.start() if qualifier else value_start
            reading.take(value_start, value.end, value.entity, score)

    # --- checks ------------------------------------------------------------------------------

    def _fits(self, reading: "_Reading", value: _Value) -> bool:
        """Not part of an address (回族自治区) nor of a longer word (发烧友)."""
        if reading.addresses.overlaps(value.start, value.end):
            return False
        after = reading.text[value.end:value.end + 8]
        return not any(after.startswith(word) for word in self._lexicon.categories[value.entity].not_before)

    def _talks_about_data(self, reading: "_Reading", start: int, end: int) -> bool:
        """A line of a policy (我们 … 收集) or an advertisement (专治, 热线): about data, holding
        none. Judged once a line (a dump on one line has a label in every record)."""
        if start not in reading.about_data:
            lexicon, text = self._lexicon, reading.text
            reading.about_data[start] = bool(lexicon.advertising.search(text, start, end) or (
                lexicon.policy_subject.search(text, start, end) and lexicon.policy_verb.search(text, start, end)))
        return reading.about_data[start]

    def _record_document(self, text: str) -> int | None:
        """Where a health record starts: a heading of its own line (门诊病历, Discharge Summary)
        followed by a record's field (姓名：). In a long text, read on the lines Hyperscan finds a
        heading's word on: a heading is one line."""
        lexicon = self._lexicon
        for heading in finditer_on_lines(lexicon.heading, lexicon.heading_lines, text):
            line = heading.group().strip()
            if len(line) > HEADING_LINE or lexicon.not_in_heading.search(line):
                continue
            if lexicon.fields.search(text, heading.end(), heading.end() + FIELDS_REACH):
                return heading.start()
        return None


@dataclass
class _Reading:
    """One call of ``find``: the text, the addresses in it and what is taken
    so far ((start, end) -> (entity, score), the best score kept)."""

    text: str
    addresses: Spans
    lines: LineIndex
    taken: dict = field(default_factory=dict)
    about_data: dict = field(default_factory=dict)  # line start -> whether the line talks about data

    def take(self, start: int, end: int, entity: str, score: float) -> None:
        if self.taken.get((start, end), ("", 0.0))[1] < score:
            self.taken[(start, end)] = (entity, score)


def _is_template(m: re.Match) -> bool:
    """A base64 run must look encoded (letters of both cases and digits), a hex run be longer
    than a hash; vectors and files are taken as they are."""
    encoded = m.group("base64")
    if encoded is None:
        return True
    if _HEX.fullmatch(encoded):
        return len(encoded) >= 128
    return any(c.isdigit() for c in encoded) and any(c.islower() for c in encoded) and any(c.isupper() for c in encoded)

