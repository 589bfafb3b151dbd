"""Passports and travel permits: CN_PASSPORT, CN_HK_MACAU_PERMIT, CN_TAIWAN_PERMIT.

None of them carries a check character, so the format decides the pattern and context
words (护照, 通行证, 回乡证, 台胞证) decide whether a weak format is reported.
"""

from presidio_analyzer import Pattern, PatternRecognizer

from recognizers.base import CONTEXT_REQUIRED, FORMAT_ONLY, WEAK_FORMAT, bounded


class CnPassportRecognizer(PatternRecognizer):
    PATTERNS = [
        # E + 8 digits, E + letter (not I/O) + 7 digits, G + 8 digits: ordinary passports.
        Pattern("ordinary passport", bounded("[EG]", r"(?:[0-9]{8}|(?<=E)[A-HJ-NP-Z][0-9]{7})"), FORMAT_ONLY),
        # Diplomatic, service and public-affairs passports: short prefixes, common in codes.
        Pattern("diplomatic/service passport", bounded("[DSP]", r"E?[0-9]{7,8}"), WEAK_FORMAT),
    ]
    CONTEXT = ["护照", "passport", "证件号", "hz", "hzh"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="CN_PASSPORT", patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language=supported_language,
        )


class CnHkMacauPermitRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("往来港澳通行证", bounded("[CW]", r"[0-9]{8}"), WEAK_FORMAT),
        Pattern("港澳居民来往内地通行证 (回乡证)", bounded("[HM]", r"[0-9]{8}(?:[0-9]{2})?"), WEAK_FORMAT),
    ]
    CONTEXT = ["通行证", "港澳", "回乡证", "permit", "往来"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="CN_HK_MACAU_PERMIT", patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language=supported_language,
        )


class CnTaiwanPermitRecognizer(PatternRecognizer):
    PATTERNS = [Pattern("台湾居民来往大陆通行证", bounded("[0-9]", r"[0-9]{7}(?:[0-9]{2})?"), CONTEXT_REQUIRED)]
    CONTEXT = ["台胞证", "通行证", "台湾居民", "mtp"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="CN_TAIWAN_PERMIT", patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language=supported_language,
        )
