"""CN_LICENSE_PLATE: 车牌号, province character + issuing-office letter + serial."""

from presidio_analyzer import Pattern, PatternRecognizer

from recognizers.base import FORMAT_ONLY

_PROVINCE = "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
_LETTER = "[A-HJ-NP-Z]"  # I and O are never issued
_SERIAL = "(?:[A-HJ-NP-Z0-9]{5}|[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])"  # new-energy plates have 6
# Trailer plates add 挂 after five characters; driving-school, police and cross-border plates
# end in 学/警/港/澳 after four.
PLATE_PATTERN = _PROVINCE + _LETTER + "[·・•]?(?:" + _SERIAL + "挂?|[A-HJ-NP-Z0-9]{4}[学警港澳])(?![0-9A-Za-z])"


class CnLicensePlateRecognizer(PatternRecognizer):
    CONTEXT = ["车牌", "牌照", "号牌", "车辆", "plate", "cph"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="CN_LICENSE_PLATE", patterns=[Pattern("licence plate", PLATE_PATTERN, FORMAT_ONLY)],
            context=self.CONTEXT, supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        serial = pattern_text[2:].lstrip("·・•")
        # Serials carry at most three letters; a run like 京ABCDEF is a word, not a plate.
        return False if sum(ch.isalpha() for ch in serial[:5]) > 3 else None
