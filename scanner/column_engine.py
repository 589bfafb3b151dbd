"""Table columns judged a column at a time on Arrow strings, without a Python object per cell.

A column of whole values (IDs, mobiles, cards, e-mails, amounts) is most of a table's cells, and
the text engine spends tens of microseconds on each. Here a column's cells are classed with
vectorised work only: RE2 full-matches (pyarrow.compute) of digits, decimals, e-mails, dates and
letter codes and, over the digits, the checks the recognizers make (GB 11643 check character,
province and birth date; Luhn; issuer prefixes; EAN-13 and millisecond timestamps; credit codes;
IMSI networks and timestamp runs; dates; libphonenumber's number plan as its own regular
expressions; Hong Kong and Taiwan identity cards for codes). Cells
alike in every feature a recognizer reads get the same result, so the text engine judges a few
cells of each class (from different places of the column, each with the line before it, as it
reads them in the column) and its result is the class's. A class whose samples disagree, a
result that is not the whole cell, or any cell of another form (free text, a value inside words,
names and addresses, which need context or lexicons) sends the whole column to the text engine
as before: then nothing differs from today's path, and a column judged here gives exactly the
findings the text engine gives (``benchmarks/column_reference.py``, used by the table benchmarks,
and ``tests/test_column_engine.py`` compare both).

Python runs per class and for the few examples a column keeps, and per distinct value for the
keyed fingerprints (an HMAC, which nothing vectorises) that distinct counts and copies need.
"""

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

import numpy as np
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from stdnum import imsi
from presidio_analyzer import RecognizerResult

from recognizers.cards import _PREFIX_WIDTHS as _ISSUERS  # (prefix width, low, high, lengths)
from recognizers.fields import FieldNameRecognizer
from recognizers.regional_ids import _TW_LETTER_CODES
from recognizers.resident_id import PROVINCE_CODES
from scanner.engine import DetectionEngine

SAMPLES_PER_CLASS = 3  # spread from a class's first cell to its last: a class that is not one shows it
MAX_CLASSES = 200  # more classes than this: a column of varied values, cheaper read as text
MAX_DIGITS = 20  # longer digit runs are no identifier the recognizers know: read as text
MAX_OTHER_CELLS = 20  # cells of no class (a header row, a stray word) each judged alone, as is the cell after each

_DIGITS = r"^[0-9]+[Xx]?$"
_DECIMAL = r"^[0-9]{1,15}\.[0-9]{1,6}$"
# Letters, dots and a few signs around one @, and no run of four digits (a phone number or a
# date inside the address would be a finding of its own that the class does not show).
_EMAIL = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
_FOUR_DIGITS = "[0-9]{4}"
# A code: letters, an optional separator, digits (SKU-454770, C000000001, DD0123456789).
_CODE = r"^(?P<p>[A-Za-z]{1,4})(?P<s>[-_]?)(?P<d>[0-9]{1,18})$"
_DATE = r"^(?P<y>[0-9]{4})(?P<s>[-/.])(?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})$"
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
_ID_CHECK = np.array([1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2])  # MOD 11-2 remainder → check value (10 is X)
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
_PROVINCES = np.zeros(100, bool)
_PROVINCES[list(PROVINCE_CODES)] = True
_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_LUHN_LENGTHS = range(12, 21)  # the lengths a recognizer checks by Luhn: cards 12-19, IMEI 15, ICCID 19-20
_MS_EPOCH = (10**12, 4_102_444_800_000)  # recognizers/cards.py: 13-digit timestamps are not cards
_PLAN_DESCS = ("general_desc", "premium_rate", "toll_free", "shared_cost", "fixed_line", "mobile")


# values.normalise for the cells classed here (ASCII, no spaces or full-width forms), in RE2:
# separators out and upper case, then a phone's prefixes (Python's lookahead written as a group).
_SEPARATORS = (r"[\s\-()（）·・•.]", "")
_NORMAL = {
    None: (_SEPARATORS, (None, None)),
    "CN_MOBILE_PHONE": (_SEPARATORS, (None, None), (r"^(?:\+86|0086|86|0)(1[3-9][0-9]{9})$", r"\1")),
    "CN_LANDLINE_PHONE": (_SEPARATORS, (None, None), (r"^(?:\+86|0086)0?", "0")),
    "PHONE_NUMBER": (_SEPARATORS, (None, None), (r"^00", "+")),
}
_LOWER = frozenset({"EMAIL_ADDRESS", "IP_ADDRESS", "MAC_ADDRESS"})
_OWN_NORMAL = _LOWER | {"DATE_OF_BIRTH", "LOCATION_COORDINATES", "CREDENTIAL"}  # values.normalise reads these itself


@dataclass(frozen=True)
class ColumnEntity:
    """One entity type in a judged column: the cells holding it (indices, ascending), each with
    the score and recognizer of its result."""

    entity_type: str
    rows: np.ndarray
    scores: np.ndarray
    recognizers: tuple[str, ...]
    recognizer_of: np.ndarray  # per row, its index into ``recognizers``

    def add_scores(self, total: float, start: int) -> float:
        """``total`` plus the scores from row ``start`` on, added one by one in row order as the
        pipeline adds the text engine's (numpy's cumsum is sequential; its sum is not)."""
        return float(np.cumsum(np.concatenate(([total], self.scores[start:])))[-1])


@dataclass(frozen=True)
class JudgedColumn:
    cells: pa.Array  # the column's cells, one a line of the chunk's text
    starts: np.ndarray  # offset of each cell in the text (code points)
    entities: tuple[ColumnEntity, ...]

    def result(self, entity: ColumnEntity, position: int) -> RecognizerResult:
        """The text engine's result for the ``position``-th cell of ``entity``."""
        row = int(entity.rows[position])
        start = int(self.starts[row])
        end = start + len(self.cells[row].as_py())
        name = entity.recognizers[int(entity.recognizer_of[position])]
        return RecognizerResult(entity.entity_type, start, end, float(entity.scores[position]),
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: name})

    def normalised(self, entity: ColumnEntity) -> tuple[list[str], bool]:
        """Its distinct values, and whether they are already as ``values.normalise`` makes them
        (computed here for whole ASCII cells without spaces, the only ones classed); the only
        Python strings made past the examples."""
        values = self.cells.take(pa.array(entity.rows))
        rule = _NORMAL.get(entity.entity_type, _NORMAL[None]) if entity.entity_type not in _OWN_NORMAL else None
        for pattern, replacement in rule or ():
            values = pc.replace_substring_regex(values, pattern, replacement) if pattern else pc.utf8_upper(values)
        if entity.entity_type in _LOWER:
            values = pc.utf8_lower(values)
        return pc.unique(values).to_pylist(), rule is not None or entity.entity_type in _LOWER


class ColumnEngine:
    def __init__(self, engine: DetectionEngine, today: date):
        self.engine = engine
        # A column named for a category (recognizers/fields.py) is judged by rules no class here
        # shows (codes, placeholders, a user's own regular expression): it is read as text.
        self._named = [r.dictionary.classify for r in engine.recognizers if isinstance(r, FieldNameRecognizer)]
        self.today = today.year * 10_000 + today.month * 100 + today.day
        metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
        every = set(metadata.general_desc.possible_length)  # a description without lengths has the region's
        self._plan = [(f"^(?:{desc.national_number_pattern})$", set(desc.possible_length or every))
                      for name in _PLAN_DESCS if (desc := getattr(metadata, name)) is not None and desc.national_number_pattern]

    def judge(self, text: str, context: tuple[str, ...]) -> JudgedColumn | None:
        """The column's findings, or None where the text engine must read it."""
        if any(classify(name) for classify in self._named for name in context):
            return None
        cells = pc.split_pattern(pa.array([text], pa.large_string()), "\n").flatten()
        lengths = pc.utf8_length(cells).to_numpy(zero_copy_only=False).astype(np.int64)
        classes = np.full(len(cells), -1, np.int64)
        all_digits = pc.match_substring_regex(cells, _DIGITS).to_numpy(zero_copy_only=False)
        digits = all_digits & (lengths <= MAX_DIGITS)

        def matching(pattern: str) -> np.ndarray:
            """Cells of a form with a letter or a sign: none in a column of digits (most), not read."""
            if (all_digits | (lengths == 0)).all():
                return np.zeros(len(cells), bool)
            return pc.match_substring_regex(cells, pattern).to_numpy(zero_copy_only=False)

        decimal = matching(_DECIMAL)
        email = matching(_EMAIL)
        email = email & ~matching(_FOUR_DIGITS) if email.any() else email
        code = matching(_CODE)
        if (email.any() or code.any()) and (digits.any() or decimal.any() or email.any() + code.any() > 1):
            return None  # letters on the line before a value of another form could be its context words
        classes[lengths == 0] = 0
        if code.any() and (classes_of_code := self._code_features(cells.filter(pa.array(code)))) is None:
            return None
        if code.any():
            classes[code] = (7 << 59) + classes_of_code
        if digits.any():
            classes[digits] = (1 << 59) + self._digit_features(cells, np.flatnonzero(digits), lengths)
        if decimal.any():
            integer = pc.utf8_length(pc.extract_regex(cells.filter(pa.array(decimal)), r"^(?P<i>[0-9]+)").field("i"))
            classes[decimal] = (2 << 59) + lengths[decimal] * 64 + integer.to_numpy(zero_copy_only=False)
        if email.any():
            top = pc.utf8_lower(pc.extract_regex(cells.filter(pa.array(email)), r"\.(?P<t>[A-Za-z]+)$").field("t"))
            classes[email] = (3 << 59) + pc.dictionary_encode(top).indices.to_numpy(zero_copy_only=False).astype(np.int64)
        dates = matching(_DATE)
        if dates.any():
            classes[dates] = (4 << 59) + self._date_features(cells.filter(pa.array(dates)), lengths[dates])
        other = np.flatnonzero(classes < 0)
        if len(other) > MAX_OTHER_CELLS or 2 * len(other) >= len(cells):
            return None
        after = other + 1
        after = after[(after < len(cells)) & (classes[np.minimum(after, len(cells) - 1)] >= 0)]
        classes[other] = (5 << 59) + other  # a class of its own, judged by the text engine in its place
        classes[after] = (6 << 59) + after  # its line before is no longer one like the others
        kinds, inverse = np.unique(classes, return_inverse=True)
        if len(kinds) > MAX_CLASSES:
            return None
        starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
        templates = self._templates(text, cells, starts, lengths, inverse, len(kinds), context)
        if templates is None:
            return None
        return JudgedColumn(cells, starts, self._entities(templates, inverse))

    def minors(self, numbers: list[str], minor_age: int) -> np.ndarray:
        """Which ID numbers (normalised, 15 or 18 characters: those the column engine reports)
        are a minor's on ``today``, as ``values.is_minor`` decides one: born on a real date later
        than ``minor_age`` years before today."""
        cells = pa.array(numbers, pa.large_string())
        lengths = pc.utf8_length(cells).to_numpy(zero_copy_only=False)
        born = np.zeros(len(numbers), np.int64)
        for length, first, width, century in ((18, 6, 8, 0), (15, 6, 6, 19_000_000)):
            if len(rows := np.flatnonzero(lengths == length)):
                born[rows] = century + _leading(_digit_matrix(cells, rows, first + width)[:, first:], width)
        return _real_date(born) & (born > self.today - minor_age * 10_000)

    def _digit_features(self, cells: pa.Array, rows: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Per digit cell an integer of every feature a recognizer reads of digits: length, last
        character X, Luhn, ID number (shaped, valid), issuer prefix, UnionPay, EAN-13, timestamp,
        number plan; cells with equal features are one class."""
        features = np.zeros(len(rows), np.int64)
        for length in np.unique(lengths[rows]):
            group = rows[lengths[rows] == length]
            matrix = _digit_matrix(cells, group, int(length)) + 48
            letter = (matrix == ord("X")) | (matrix == ord("x"))
            x = letter[:, -1]
            values = np.where(letter, 10, matrix - 48)
            luhn = _luhn(values) & ~x if length in _LUHN_LENGTHS else np.zeros(len(group), bool)
            shaped, valid = self._resident_id(values, x) if length in (15, 18) else (np.zeros(len(group), bool),) * 2
            number = _leading(values, min(int(length), 18))
            prefixed = np.zeros(len(group), bool)
            for width, low, high, allowed in _ISSUERS:
                if length in allowed and length >= width:
                    head = _leading(values, width)
                    prefixed |= (head >= low) & (head <= high)
            unionpay = (_leading(values, 2) == 62) & (16 <= length <= 19)
            ean = _ean(values) if length == 13 else np.zeros(len(group), bool)
            stamp = (number >= _MS_EPOCH[0]) & (number < _MS_EPOCH[1]) if length == 13 else np.zeros(len(group), bool)
            plan = self._number_plan(cells.take(pa.array(group)), int(length))
            head = np.where(x, 100, _leading(values, min(2, int(length))))  # province, issuer, mobile segment, 0/86 prefixes
            credit_code = _uscc(values, x) if length == 18 else np.zeros(len(group), bool)
            device = _device(values, x) if length in (14, 15) else np.zeros((len(group), 2), bool)
            bits = np.column_stack([x, luhn, shaped, valid, prefixed, unionpay, ean, stamp, credit_code, device]).astype(np.int64)
            born = self._written_date(values) if length == 8 else 0  # a birth date written yyyymmdd
            code = ((bits << np.arange(bits.shape[1])).sum(axis=1) + (head << 11) + (plan << 18) + (int(length) << 42)
                    + (born << 47))
            features[np.searchsorted(rows, group)] = code
        return features

    def _code_features(self, cells: pa.Array) -> np.ndarray | None:
        """Per code its class: one prefix for the whole column (a prefix's letters are the line
        before the next code: another prefix could be a context word), its separator, the
        features of its digits, and the Hong Kong and Taiwan identity card checks, which read the
        letters with the digits. None: more than one prefix."""
        parts = pc.extract_regex(cells, _CODE)
        prefix = pc.dictionary_encode(parts.field("p"))
        if len(prefix.dictionary) > 1:
            return None
        letters = prefix.dictionary[0].as_py().upper()
        numbers = pc.cast(parts.field("d"), pa.large_string())
        widths = pc.utf8_length(numbers).to_numpy(zero_copy_only=False).astype(np.int64)
        digits = self._digit_features(numbers, np.arange(len(numbers)), widths)
        separator = pc.utf8_length(parts.field("s")).to_numpy(zero_copy_only=False).astype(np.int64)
        # Digits glued to letters are no number to the recognizers (their patterns touch no letter):
        # only the shapes read with their letters matter, and those with a check of their own
        # (credit code 18, IBAN from 15 with two letters) keep every feature.
        total = widths + len(letters)
        hexadecimal = set(letters) <= set("ABCDEF")
        if hexadecimal and ((total >= 14) & (total <= 16)).any():
            return None  # a MEID or Android id: a hexadecimal check the features here do not compute
        coarse = (separator == 0) & (total != 18) & ~((len(letters) == 2) & (total >= 15))
        digits = np.where(coarse, widths, digits)
        hk = tw = np.zeros(len(cells), np.int64)
        if len(letters) <= 2 and (seven := (widths == 7) & (separator == 0)).any():
            values = _digit_matrix(numbers, np.flatnonzero(seven), 7)
            head = ([36] if len(letters) == 1 else []) + [ord(ch) - 55 for ch in letters]
            total = sum(v * w for v, w in zip(head, range(9, 7, -1))) + (values[:, :6] * np.arange(9 - len(head), 9 - len(head) - 6, -1)).sum(axis=1)
            hk = hk.copy()
            hk[seven] = 1 + ((11 - total % 11) % 11 == values[:, 6])  # a check of 10 is "A": no digit matches it
        if len(letters) == 1 and letters in _TW_LETTER_CODES and (nine := (widths == 9) & (separator == 0)).any():
            values = _digit_matrix(numbers, np.flatnonzero(nine), 9)
            area = _TW_LETTER_CODES[letters]
            weighted = area // 10 + (area % 10) * 9 + (values[:, :8] * np.arange(8, 0, -1)).sum(axis=1)
            tw = tw.copy()
            tw[nine] = 1 + ((weighted + values[:, 8]) % 10 == 0)
        return _classes(np.stack([separator, digits, hk, tw], axis=1))

    def _date_features(self, cells: pa.Array, lengths: np.ndarray) -> np.ndarray:
        """Year, separator, length and whether it is a real date up to today: what a birth date's
        recognizer reads of it."""
        parts = pc.extract_regex(cells, _DATE)
        year, month, day = (pc.cast(parts.field(name), pa.int64()).to_numpy(zero_copy_only=False) for name in "ymd")
        written = year * 10_000 + month * 100 + day
        real, past = _real_date(written), written <= self.today
        separator = pc.dictionary_encode(parts.field("s")).indices.to_numpy(zero_copy_only=False).astype(np.int64)
        return real + past * 2 + separator * 4 + lengths * 64 + year * 4096

    def _written_date(self, values: np.ndarray) -> np.ndarray:
        """yyyymmdd: whether it is a real date, not after today, and its year (1800-2311; the
        years beyond read alike)."""
        born = _leading(values, 8)
        return _real_date(born) + 2 * (born <= self.today) + 4 * np.clip(born // 10_000 - 1800, 0, 511)

    def _resident_id(self, values: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(shaped: province and birth date 1900..today, digits only; valid: GB 11643 rules,
        X check character included), as recognizers/resident_id.py decides them."""
        long = values.shape[1] == 18
        province = _PROVINCES[values[:, 0] * 10 + values[:, 1]]
        born = _leading(values[:, 6:14], 8) if long else 19_000_000 + _leading(values[:, 6:12], 6)
        real = _real_date(born) & (born >= 19_000_101) & (born <= self.today)
        if not long:
            return np.zeros(len(values), bool), real & province
        check = _ID_CHECK[(values[:, :17] * _ID_WEIGHTS).sum(axis=1) % 11]
        no_x_inside = (values[:, :17] < 10).all(axis=1)
        valid = real & province & no_x_inside & (check == values[:, 17])
        return real & province & ~x & no_x_inside, valid

    def _number_plan(self, cells: pa.Array, length: int) -> np.ndarray:
        """Which of libphonenumber's CN number descriptions each cell matches as a national
        number, one bit each, and so without a trunk 0, 86 or 0086 before it: a number's type is
        a function of these."""
        plan, bit = np.zeros(len(cells), np.int64), 0
        for drop in (0, 1, 2, 4):
            rest = pc.utf8_slice_codeunits(cells, drop) if drop else cells
            for pattern, lengths in self._plan:
                if length - drop in lengths:
                    plan |= pc.match_substring_regex(rest, pattern).to_numpy(zero_copy_only=False).astype(np.int64) << bit
                bit += 1
        return plan

    def _templates(self, text: str, cells: pa.Array, starts: np.ndarray, lengths: np.ndarray, inverse: np.ndarray,
                   classes: int, context: tuple[str, ...]) -> list[tuple] | None:
        """The text engine's result for each class, from a few of its cells read with the line
        before each; None when they disagree or a result is not a whole cell."""
        members = np.argsort(inverse, kind="stable")
        bounds = np.searchsorted(inverse[members], np.arange(classes + 1))
        pieces, owners, position = [], [], 0
        for kind in range(classes):
            rows = members[bounds[kind]:bounds[kind + 1]]
            for row in dict.fromkeys(int(rows[i]) for i in np.linspace(0, len(rows) - 1, SAMPLES_PER_CLASS).round().astype(int)):
                begin = int(starts[row - 1]) if row else 0
                piece = text[begin:int(starts[row]) + int(lengths[row])]
                pieces.append(piece)
                own = position + int(starts[row]) - begin
                owners.append((kind, own, own + int(lengths[row])))
                position += len(piece) + 1
        found: dict[int, list] = {}
        for result in self.engine.analyze("\n".join(pieces), context):
            found.setdefault(result.start, []).append(result)
        templates: list[tuple | None] = [None] * classes
        begins = sorted(found)  # a cell's results by bisection: hundreds of samples, as many results
        for kind, start, end in owners:
            results = [r for r in found.get(start, []) if r.end == end]
            inside = sum(len(found[begin]) for begin in begins[bisect_left(begins, start):bisect_left(begins, end)])
            if len(results) != inside or len({r.entity_type for r in results}) != len(results):
                return None  # a value inside the cell, or one entity twice: the text engine reads it
            template = tuple(sorted((r.entity_type, r.score, r.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))
                                    for r in results))
            if templates[kind] is not None and templates[kind] != template:
                return None
            templates[kind] = template
        return templates

    @staticmethod
    def _entities(templates: list[tuple], inverse: np.ndarray) -> tuple[ColumnEntity, ...]:
        entities = sorted({entity for template in templates for entity, _, _ in template})
        judged = []
        for entity in entities:
            score = np.full(len(templates), np.nan)
            names: list[str] = []
            name_of = np.zeros(len(templates), np.int64)
            for kind, template in enumerate(templates):
                for found, value, recognizer in template:
                    if found == entity:
                        score[kind] = value
                        names.append(recognizer)
                        name_of[kind] = len(names) - 1
            rows = np.flatnonzero(~np.isnan(score[inverse]))
            judged.append(ColumnEntity(entity, rows, score[inverse[rows]], tuple(names), name_of[inverse[rows]]))
        return tuple(judged)


def _digit_matrix(cells: pa.Array, rows: np.ndarray, width: int) -> np.ndarray:
    """The first ``width`` characters of ``rows`` (ASCII) as a matrix, less "0": digits' values."""
    data = np.frombuffer(cells.buffers()[2], np.uint8)
    offsets = np.frombuffer(cells.buffers()[1], np.int64)[cells.offset:cells.offset + len(cells) + 1]
    return data[offsets[rows][:, None] + np.arange(width)].astype(np.int64) - 48


def _classes(features: np.ndarray) -> np.ndarray:
    """Rows of equal features → one class number each."""
    return np.unique(features, axis=0, return_inverse=True)[1].reshape(-1).astype(np.int64)


def _leading(values: np.ndarray, width: int) -> np.ndarray:
    """The number its first ``width`` digits spell."""
    return (values[:, :width] * 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)).sum(axis=1)


def _luhn(values: np.ndarray) -> np.ndarray:
    doubled = values[:, ::-1].copy()
    doubled[:, 1::2] *= 2
    doubled[:, 1::2] -= np.where(doubled[:, 1::2] > 9, 9, 0)
    return (doubled.sum(axis=1) % 10 == 0) & (values < 10).all(axis=1)


def _real_date(born: np.ndarray) -> np.ndarray:
    """Whether each yyyymmdd number is a date of the calendar."""
    year, month, day = born // 10_000, born // 100 % 100, born % 100
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = np.where((month == 2) & ~leap, 28, _DAYS[np.clip(month, 0, 12)])
    return (month >= 1) & (month <= 12) & (day >= 1) & (day <= days)


def _device(values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """recognizers/devices.py on 14-15 digits: an IMSI (python-stdnum's table of country and
    network codes: the first six digits decide, asked once per distinct six) and a timestamp
    run (yyyyMMddHHmmss, 19xx or 20xx: a datetime strptime makes)."""
    heads = _leading(values, 6)
    distinct, where = np.unique(heads, return_inverse=True)
    known = np.array([imsi.is_valid(f"{head:06d}" + "0" * (values.shape[1] - 6)) for head in distinct])
    day = _leading(values, 8)
    clock = (_leading(values[:, 8:], 2) < 24) & (_leading(values[:, 10:], 2) < 60) & (_leading(values[:, 12:], 2) < 60)
    stamp = (day >= 19_000_101) & (day < 21_000_101) & _real_date(day) & clock
    return np.column_stack([known[where.reshape(-1)] & ~x, stamp & ~x])


def _uscc(values: np.ndarray, x: np.ndarray) -> np.ndarray:
    """recognizers/organisation.py's credit-code test on 18 digits (its authority and type are
    the class's first two digits): a province in digits 3-4 and GB 32100's mod-31 check
    character (X is 29 in its alphabet)."""
    total = (values[:, :17] * _USCC_WEIGHTS).sum(axis=1)
    last = np.where(x, 29, values[:, 17])
    return _PROVINCES[values[:, 2] * 10 + values[:, 3]] & ((31 - total % 31) % 31 == last)


def _ean(values: np.ndarray) -> np.ndarray:
    weights = np.array([1, 3] * 6 + [1])
    return (values * weights).sum(axis=1) % 10 == 0
