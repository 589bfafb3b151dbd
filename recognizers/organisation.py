"""CN_USCC: 统一社会信用代码 (GB 32100). Organisations, but a 个体工商户's code points at a person."""

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.cn import uscc

from recognizers.base import NO_ALNUM_AFTER, NO_ALNUM_BEFORE
from recognizers.resident_id import is_valid_resident_id

_CODE_CHAR = "[0-9A-HJ-NPQRTUWXY]"  # GB 32100 alphabet: no I, O, S, V, Z


class CnUsccRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("unified social credit code", NO_ALNUM_BEFORE + _CODE_CHAR + "{2}[0-9]{6}" + _CODE_CHAR + "{10}" + NO_ALNUM_AFTER, 0.5),
        # As printed on licences: authority+type, region, organisation code.
        Pattern("unified social credit code, spaced", NO_ALNUM_BEFORE + _CODE_CHAR + "{2} [0-9]{6} " + _CODE_CHAR + "{10}" + NO_ALNUM_AFTER, 0.5),
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
        return uscc.is_valid(code) and not is_valid_resident_id(code)
