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

PHONE_CONTEXT = ["电话", "手机", "联系方式", "联系", "tel", "phone", "mobile", "fax", "传真", "sjh", "dh"]


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


class CnMobilePhoneRecognizer(_PhoneRecognizer):
    ENTITY = "CN_MOBILE_PHONE"
    PATTERNS = [
        Pattern(
            "mainland mobile, optional +86/0086/86/0 prefix, 3-4-4 groups",
            _NOT_BEFORE + r"(?:(?:\+|00)86[- ]?|86|0)?1[3-9][0-9](?:[0-9]{8}|-[0-9]{4}-[0-9]{4}| [0-9]{4} [0-9]{4})" + _NOT_AFTER,
            0.5,
        )
    ]

    def validate_result(self, pattern_text: str) -> bool:
        number = parse_phone(pattern_text)
        return bool(number and number.country_code == 86 and phonenumbers.number_type(number) in _MOBILE_TYPES)


class CnLandlinePhoneRecognizer(_PhoneRecognizer):
    ENTITY = "CN_LANDLINE_PHONE"
    _LOCAL = r"[- ]?[1-9][0-9]{2,3}[- ]?[0-9]{4}(?:(?:-|转|ext\.?|x|#)[0-9]{1,6})?"
    PATTERNS = [
        Pattern(
            "mainland landline with trunk prefix 0",
            _NOT_BEFORE + r"(?:\(0[1-9][0-9]{1,2}\)|（0[1-9][0-9]{1,2}）|0[1-9][0-9]{1,2})" + _LOCAL + _NOT_AFTER,
            0.5,
        ),
        Pattern(
            "mainland landline in international form",
            _NOT_BEFORE + r"(?:\+|00)86[- ]?(?:\(0?[1-9][0-9]{1,2}\)|[1-9][0-9]{1,2})" + _LOCAL + _NOT_AFTER,
            0.5,
        ),
    ]

    def validate_result(self, pattern_text: str) -> bool:
        number = parse_phone(pattern_text)
        return bool(number and number.country_code == 86 and phonenumbers.number_type(number) in _LANDLINE_TYPES)


class PhoneNumberRecognizer(_PhoneRecognizer):
    """Numbers outside the mainland, counted only in international form (+852…, 00886…)."""

    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        Pattern(
            "international number",
            _NOT_BEFORE + r"(?:\+|00)(?!86)[1-9][0-9]{0,2}(?:[- ]?\(?[0-9]{1,5}\)?){1,5}" + _NOT_AFTER,
            0.5,
        )
    ]

    def validate_result(self, pattern_text: str) -> bool:
        number = parse_phone(pattern_text, region="ZZ")
        return bool(number and number.country_code != 86)
