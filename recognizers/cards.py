"""Payment cards: CN_BANK_CARD (UnionPay 62…, 16-19 digits) and CREDIT_CARD (other Luhn-valid cards)."""

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum import ean, luhn

from recognizers.base import bounded, digits_only
from recognizers.resident_id import is_shaped_like_resident_id

# Written contiguously, or in groups of four separated by one kind of separator
# (19-digit cards end in a group of three), or Amex-style 4-6-5 (after the leading 3).
_CARD_SHAPES = (
    r"[0-9]{11,18}",
    r"[0-9]{3}(?: [0-9]{4}){2,3}(?: [0-9]{1,3})?",
    r"[0-9]{3}(?:-[0-9]{4}){2,3}(?:-[0-9]{1,3})?",
    r"(?<=3)[47][0-9]{2}[ -][0-9]{6}[ -][0-9]{5}",
)
CARD_PATTERN = bounded("[0-9]", "(?:" + "|".join(_CARD_SHAPES) + ")")
CARD_CONTEXT = ["卡号", "银行卡", "信用卡", "借记卡", "储蓄卡", "账号", "card", "yhk", "kh", "visa", "mastercard"]

# 13-digit millisecond timestamps between 2001 and 2100 are log noise, not cards.
_MS_EPOCH_RANGE = range(10**12, 4_102_444_800_000)


def is_card_number(digits: str) -> bool:
    """Luhn-valid, 12-19 digits, and not a lookalike the catalogue excludes."""
    if not 12 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return False
    if is_shaped_like_resident_id(digits):
        return False  # 18 digits with a province and a birth date are an ID number (valid or not), not a card
    if len(digits) == 13 and (ean.is_valid(digits) or int(digits) in _MS_EPOCH_RANGE):
        return False  # ISBN-13/EAN-13 barcodes and timestamps
    return True


# Issuer prefixes and the lengths each issues (ISO/IEC 7812 assignments as the card schemes
# publish them). No maintained Python library carries this table; without it a Luhn-valid
# order number (one in ten) would be reported as a card.
_ISSUER_RANGES: tuple[tuple[int, int, frozenset[int]], ...] = (
    (1, 1, frozenset({15})),  # UATP
    (2200, 2204, frozenset({16})),  # Mir
    (2221, 2720, frozenset({16})),  # Mastercard 2-series
    (300, 305, frozenset(range(14, 20))),  # Diners Club
    (36, 36, frozenset(range(14, 20))),
    (38, 39, frozenset(range(16, 20))),
    (34, 34, frozenset({15})),  # American Express
    (37, 37, frozenset({15})),
    (3528, 3589, frozenset(range(16, 20))),  # JCB
    (4, 4, frozenset({13, 16, 19})),  # Visa
    (50, 50, frozenset(range(12, 20))),  # Maestro / Dankort
    (51, 55, frozenset({16})),  # Mastercard
    (56, 59, frozenset(range(12, 20))),  # Maestro
    (60, 61, frozenset(range(12, 20))),  # Discover 6011 / Maestro
    (63, 69, frozenset(range(12, 20))),  # Maestro, Discover 644-65
)


_PREFIX_WIDTHS = tuple((len(str(low)), low, high, lengths) for low, high, lengths in _ISSUER_RANGES)


def has_issuer_prefix(digits: str) -> bool:
    return any(len(digits) in lengths and low <= int(digits[:width]) <= high for width, low, high, lengths in _PREFIX_WIDTHS)


def is_unionpay(digits: str) -> bool:
    return digits.startswith("62") and 16 <= len(digits) <= 19


def is_payment_card(digits: str) -> bool:
    """What CN_BANK_CARD or CREDIT_CARD reports: a card number with a UnionPay or issuer prefix."""
    return (is_unionpay(digits) or has_issuer_prefix(digits)) and is_card_number(digits)


class CnBankCardRecognizer(PatternRecognizer):
    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="CN_BANK_CARD",
            patterns=[Pattern("UnionPay card", CARD_PATTERN, 0.3)],
            context=CARD_CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool:
        digits = digits_only(pattern_text)
        return is_unionpay(digits) and is_card_number(digits)


class CreditCardRecognizer(PatternRecognizer):
    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="CREDIT_CARD",
            patterns=[Pattern("payment card", CARD_PATTERN, 0.3)],
            context=CARD_CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool:
        digits = digits_only(pattern_text)
        return not is_unionpay(digits) and has_issuer_prefix(digits) and is_card_number(digits)
