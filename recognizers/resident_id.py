"""CN_RESIDENT_ID: 居民身份证号 (18 and legacy 15 digits), 港澳台居民居住证 (81/82/83)."""

from datetime import date

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.cn import ric

from recognizers.base import FORMAT_ONLY, bounded

PROVINCE_CODES = frozenset(
    [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91]
)
_MONTH_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"


def birth_date(number: str) -> date | None:
    """The birth date encoded in an 18- or 15-character number, or None if it is not a real date."""
    digits = number[6:14] if len(number) == 18 else "19" + number[6:12]
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def is_shaped_like_resident_id(number: str, today: date | None = None) -> bool:
    """18 digits with a province code and a real birth date 1900..today: an ID number, even when
    its check character is wrong (a typo, or made-up test data)."""
    if len(number) != 18 or not number.isdigit() or int(number[:2]) not in PROVINCE_CODES:
        return False
    born = birth_date(number)
    return born is not None and date(1900, 1, 1) <= born <= (today or date.today())


def is_valid_resident_id(number: str, today: date | None = None) -> bool:
    """GB 11643 rules of the catalogue: province, real birth date 1900..today, MOD 11-2 check.

    python-stdnum's ``ric.validate`` also checks county codes against its own table,
    which rejects numbers the catalogue accepts (codes renamed since), so only its
    check-digit calculation is reused here.
    """
    number = number.upper()
    if len(number) == 18:
        well_formed = number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")
    else:
        well_formed = len(number) == 15 and number.isdigit()
    if not well_formed or int(number[:2]) not in PROVINCE_CODES:
        return False
    born = birth_date(number)
    if born is None or not date(1900, 1, 1) <= born <= (today or date.today()):
        return False
    return len(number) == 15 or ric.calc_check_digit(number) == number[-1]


class CnResidentIdRecognizer(PatternRecognizer):
    PATTERNS = [
        # Contiguous, or as printed for reading in 6-8-4 groups (region, birth date, sequence and
        # check) with one kind of separator; one expression, so the prescan reads the text once.
        Pattern(
            "resident id (18)",
            bounded("[1-9]", r"[0-9]{5}([ -]?)(?:19|20)[0-9]{2}" + _MONTH_DAY + r"\1[0-9]{3}[0-9X]"),
            0.5,
        ),
        Pattern(
            "resident id (15, legacy)",
            bounded("[1-9]", r"[0-9]{5}[0-9]{2}" + _MONTH_DAY + r"[0-9]{3}"),
            FORMAT_ONLY,
        ),
    ]
    CONTEXT = ["身份证", "证件号", "身份号码", "居住证", "sfz", "idcard", "id_card", "id_no", "identity"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="CN_RESIDENT_ID",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        number = pattern_text.replace(" ", "").replace("-", "")
        if not is_valid_resident_id(number):
            return False
        # A valid 15-digit number keeps its lower pattern score: only context makes it certain.
        return True if len(number) == 18 else None
