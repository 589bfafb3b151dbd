"""DATE_OF_BIRTH: a real date between 1900-01-01 and today, next to a birth-date label.

Dates fill every log and record, so a date is reported only beside 出生日期, 出生年月, 生日, 出生,
DOB, date of birth, birthday (on its line or the line before, or in a column named so), and
never when a time of day follows it (a timestamp; a database's midnight ``00:00:00`` is part of
a date column, so it is read as part of the date). Forms: 1990-01-02, 1990/1/2, 1990.01.02,
1990年1月2日, 19900102, 1990年1月 and 1990-01 or 1990.01 (出生年月), 01/02/1990 (month first, or
day first when the first number is over 12), Jan 2, 1990 and 2 January 1990. A date inside
an ID number is not one: the patterns touch no digit on either side.
"""

from datetime import date

import regex
from presidio_analyzer import Pattern

from recognizers.base import CONTEXT_REQUIRED, DeclaredRecognizer

_YEAR = "[12][0-9]{3}"  # the validation keeps 1900 to today
_MONTH = "(?:0?[1-9]|1[0-2])"
_DAY = "(?:0?[1-9]|[12][0-9]|3[01])"
# Month names after their first letter (which the pattern's leading character class reads).
_MONTH_NAME_TAILS = ("(?:(?<=J)an(?:uary)?|(?<=F)eb(?:ruary)?|(?<=M)ar(?:ch)?|(?<=A)pr(?:il)?|(?<=M)ay"
                     "|(?<=J)une?|(?<=J)uly?|(?<=A)ug(?:ust)?|(?<=S)ep(?:t(?:ember)?)?|(?<=O)ct(?:ober)?"
                     r"|(?<=N)ov(?:ember)?|(?<=D)ec(?:ember)?)\.?")
_MONTH_NAME = "[ADFJMNOS]" + _MONTH_NAME_TAILS
_MIDNIGHT = r"(?:[ T]00:00(?::00(?:\.0{1,9})?)?)?"  # bounded, as every pattern's width (scanner/candidates.py)
# Not glued to a letter or digit, not part of a decimal or dotted run, and no time of day after.
# The left side is tested after the first character: the regex module scans fast for a leading
# character class, slowly for a leading lookbehind (recognizers/base.py).
_NOT_GLUED_BEFORE = r"(?<![0-9A-Za-z].)(?<![0-9][-/.].)"
_END = _MIDNIGHT + r"(?![0-9A-Za-z]|[-/.][0-9]|[ T]?[0-9]{1,2}:[0-9]{2})"
_MONTH_NAMES = [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
                ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
                ("oct", "october"), ("nov", "november"), ("dec", "december")]
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_MIDNIGHT_TAIL = regex.compile(r"[ T]00:00(?::00(?:\.0+)?)?$")
_NUMBER = regex.compile(r"[0-9]+")
_WORD = regex.compile(r"[A-Za-z]+")


def _candidates(text: str) -> list[tuple[int, int, int]]:
    """(year, month, day) readings of a written date, most likely first; none for other text."""
    numbers = [int(n) if len(n) != 8 else n for n in _NUMBER.findall(text)]
    word = _WORD.search(text)
    years = [n for n in numbers if isinstance(n, int) and n >= 1000]
    if word and len(years) == 1 and len(numbers) <= 2:  # Jan 2, 1990 / 2 January 1990
        day = next((n for n in numbers if n < 100), 1)
        return [(years[0], _MONTHS.get(word.group().lower(), 0), day)]
    if word:
        return []
    if len(numbers) == 1 and isinstance(numbers[0], str):  # 19900102
        digits = numbers[0]
        return [(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))]
    if len(numbers) in (2, 3) and numbers[0] in years:  # year first; a year and month (出生年月) is its first day
        return [(numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 1)]
    if len(numbers) == 3 and numbers[2] in years:  # 01/02/1990 month first; 13/01/1990 day first
        first, second, year = numbers
        return [(year, first, second), (year, second, first)]
    return []


def parse_date(text: str) -> date | None:
    """The date a matched text writes, or None if it is no real date."""
    for year, month, day in _candidates(_MIDNIGHT_TAIL.sub("", text.strip())):
        try:
            return date(year, month, day)
        except (ValueError, OverflowError):
            continue
    return None


def is_birth_date(text: str, today: date | None = None) -> bool:
    born = parse_date(text)
    return born is not None and date(1900, 1, 1) <= born <= (today or date.today())


def _same_separator(*parts: str) -> str:
    """Each part after one and the same separator (-1-2, /1/2, .1.2), spelled out rather than
    a back-reference, which a multi-pattern prescan such as Hyperscan cannot compile."""
    forms = ("".join(separator + part for part in parts) for separator in ("-", "/", r"\."))
    return "(?:" + "|".join(forms) + ")"


def _dates(name: str, first: str, *forms: str) -> Pattern:
    """One pattern for the forms that start with the same character class (one scan of the text
    each pattern costs); a form is the rest of the date and what may follow it."""
    return Pattern(name, first + _NOT_GLUED_BEFORE + "(?:" + "|".join(forms) + ")", CONTEXT_REQUIRED)


class DateOfBirthRecognizer(DeclaredRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = [
        _dates("a date in digits: 1990-01-02, 1990年1月2日, 19900102, 1985.07, 01/02/1990, 2 Jan 1990", "[0-9]",
               "(?<=[12])[0-9]{3}(?:" + "|".join([
                   _same_separator(_MONTH, _DAY) + _END,  # 1990-01-02
                   "年" + _MONTH + "月(?:" + _DAY + "[日号])?(?![0-9])",  # 1990年1月2日, 1990年1月
                   "(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])" + _END,  # 19900102
                   "[-/.](?:0[1-9]|1[0-2])" + _END]) + ")",  # 1985.07
               "[0-9]?(?:" + _same_separator("[0-9]{1,2}", _YEAR) + "| " + _MONTH_NAME + ",? " + _YEAR + ")"
               + _END),
        # Capitalised (Jan, JAN): a case-insensitive first letter is tried at half the letters of a text.
        _dates("a date led by a month name: Jan 2, 1990", "(?-i:[ADFJMNOS])",
               _MONTH_NAME_TAILS + " " + _DAY + ",? " + _YEAR + _END),
    ]
    CONTEXT = ["出生", "生日", "诞辰", "dob", "birth", "csrq"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_birth_date(pattern_text) else False
