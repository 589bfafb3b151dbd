"""CN_USCC: 统一社会信用代码 (GB 32100). Organisations, but a 个体工商户's code points at a person."""

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.cn import uscc

from recognizers.base import bounded
from recognizers.resident_id import PROVINCE_CODES, is_valid_resident_id

_CODE_CHAR = "[0-9A-HJ-NPQRTUWXY]"  # GB 32100 alphabet: no I, O, S, V, Z
# GB 32100-2015 table 1: registration authority → organisation types it assigns. With the
# region code this is what tells a code from an 18-digit order number (1 in 31 of which
# pass the check character by chance); python-stdnum checks only the check character.
_TYPES_BY_AUTHORITY = {
    "1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129", "7": "129",
    "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1",
}


def is_plausible_uscc(code: str) -> bool:
    return (code[1] in _TYPES_BY_AUTHORITY.get(code[0], "") and code[2:8].isdigit()
            and int(code[2:4]) in PROVINCE_CODES and uscc.is_valid(code))


class CnUsccRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("unified social credit code", bounded(_CODE_CHAR, _CODE_CHAR + "[0-9]{6}" + _CODE_CHAR + "{10}"), 0.5),
        # As printed on licences: authority+type, region, organisation code.
        Pattern("unified social credit code, spaced", bounded(_CODE_CHAR, _CODE_CHAR + " [0-9]{6} " + _CODE_CHAR + "{10}"), 0.5),
    ]
    CONTEXT = ["统一社会信用代码", "信用代码", "uscc", "营业执照", "税号"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="CN_USCC", patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool:
        # An all-digit code can also be a valid ID number; the person's ID wins.
        code = pattern_text.replace(" ", "").upper()
        return is_plausible_uscc(code) and not is_valid_resident_id(code)
