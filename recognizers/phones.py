"""Telephone numbers: CN_MOBILE_PHONE, CN_LANDLINE_PHONE and PHONE_NUMBER (outside the mainland).

Regular expressions only find candidates; libphonenumber (``phonenumbers``) decides
whether a number is allocated and of which kind, so service numbers (400/800/95xxx),
unallocated segments and premium lines are dropped by its metadata, not by our lists.
"""

import re

import phonenumbers
from phonenumbers import PhoneNumberType
from presidio_analyzer import Pattern, PatternRecognizer

_NOT_BEFORE = r"(?<![0-9A-Za-z+])"  # a '+' before would make it a different number
_NOT_AFTER = r"(?![0-9A-Za-z])"
_DASH_EXTENSION = re.compile(r"-[0-9]{1,6}$")  # 010-12345678-123: libphonenumber reads "ext"/"x"/"#" itself
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_LANDLINE_TYPES = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}

PHONE_CONTEXT = ["电话", "手机", "座机", "固话", "联系方式", "联系", "tel", "phone", "mobile", "fax", "传真", "sjh", "dh", "shouji", "lxdh"]


def parse_phone(text: str, region: str = "CN") -> phonenumbers.PhoneNumber | None:
    """Parse a written number (brackets, full-width brackets, 00 prefix, extension) if it is valid."""
    cleaned = text.replace("（", "(").replace("）", ")").replace("转", " ext ")
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    for candidate in dict.fromkeys((cleaned, _DASH_EXTENSION.sub("", cleaned))):
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def is_mobile_number(digits: str) -> bool:
    """11 digits in an allocated mainland mobile segment. The common plain form, a column of them
    in every customer table: parsing it gives exactly this number, so libphonenumber's parser
    (three quarters of the time) is skipped. A number of a known type is a valid one."""
    if not (len(digits) == 11 and digits.isdigit() and digits[0] == "1"):
        return False
    number = phonenumbers.PhoneNumber(country_code=86, national_number=int(digits))
    return phonenumbers.number_type(number) in _MOBILE_TYPES


class _PhoneRecognizer(PatternRecognizer):
    ENTITY = ""
    PATTERNS: list[Pattern] = []

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=self.PATTERNS,
            context=PHONE_CONTEXT,
            supported_language=supported_language,
        )


def _is_compact_trunk_form(text: str) -> bool:
    """0 + a number with no separator: as often an invoice code or account number as a phone."""
    return text.startswith("0") and not text.startswith("00") and text.isdigit()


class CnMobilePhoneRecognizer(_PhoneRecognizer):
    ENTITY = "CN_MOBILE_PHONE"
    _MOBILE = r"1[3-9][0-9](?:[0-9]{8}|-[0-9]{4}-[0-9]{4}| [0-9]{4} [0-9]{4})" + _NOT_AFTER
    PATTERNS = [
        Pattern("mainland mobile, optional +86/0086/86 prefix, 3-4-4 groups",
                _NOT_BEFORE + r"(?:(?:\+|00)86[- ]?|86)?" + _MOBILE, 0.5),
        # 0 + mobile is dialled from some landlines, and is the shape of many 12-digit codes.
        Pattern("mainland mobile with trunk prefix 0", _NOT_BEFORE + "0" + _MOBILE, 0.3),
    ]

    def validate_result(self, pattern_text: str) -> bool | None:
        if len(pattern_text) == 11 and pattern_text.isdigit():
            valid = is_mobile_number(pattern_text)
        else:
            number = parse_phone(pattern_text)
            valid = bool(number and number.country_code == 86
                         and phonenumbers.number_type(number) in _MOBILE_TYPES)
        if not valid:
            return False
        return None if _is_compact_trunk_form(pattern_text) else True


class CnLandlinePhoneRecognizer(_PhoneRecognizer):
    ENTITY = "CN_LANDLINE_PHONE"
    _LOCAL = r"[- ]?[1-9][0-9]{2,3}[- ]?[0-9]{4}(?:(?:-|转|ext\.?|x|#)[0-9]{1,6})?"
    PATTERNS = [
        # Written without separators (010 + 8 digits in one run) it needs a context word.
        Pattern(
            "mainland landline with trunk prefix 0",
            _NOT_BEFORE + r"(?:\(0[1-9][0-9]{1,2}\)|（0[1-9][0-9]{1,2}）|0[1-9][0-9]{1,2})" + _LOCAL + _NOT_AFTER,
            0.3,
        ),
        Pattern(
            "mainland landline in international form",
            _NOT_BEFORE + r"(?:\+|00)86[- ]?(?:\(0?[1-9][0-9]{1,2}\)|[1-9][0-9]{1,2})" + _LOCAL + _NOT_AFTER,
            0.5,
        ),
    ]

    def validate_result(self, pattern_text: str) -> bool | None:
        number = parse_phone(pattern_text)
        if not (number and number.country_code == 86 and phonenumbers.number_type(number) in _LANDLINE_TYPES):
            return False
        return None if _is_compact_trunk_form(pattern_text) else True


class PhoneNumberRecognizer(_PhoneRecognizer):
    """Numbers outside the mainland, counted only in international form (+852…, 00886…)."""

    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        Pattern(
            "international number",
            # not inside a run of digit groups ("6217 0037 2330 5082" holds no +372 number)
            _NOT_BEFORE + r"(?<![0-9][ -])(?:\+|00)(?!86)[1-9][0-9]{0,2}(?:[- ]?\(?[0-9]{1,5}\)?){1,5}" + _NOT_AFTER,
            0.3,
        )
    ]

    def validate_result(self, pattern_text: str) -> bool | None:
        number = parse_phone(pattern_text, region="ZZ")
        if not (number and number.country_code != 86):
            return False
        # 00 + digits in one run is the shape of many codes (发票代码0045…): only context decides.
        return None if pattern_text.startswith("00") and pattern_text.isdigit() else True
