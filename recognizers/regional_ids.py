"""Identity cards of Hong Kong, Macau and Taiwan: HK_ID_CARD, MO_ID_CARD, TW_ID_CARD.

python-stdnum has no module for the Hong Kong or Taiwan identity card, so their
published check-character algorithms are written out here.
"""

from presidio_analyzer import Pattern, PatternRecognizer

from recognizers.base import WEAK_FORMAT, bounded

# Taiwan: the letter stands for a two-digit area code; I, O, W, X, Y, Z were added later.
_TW_LETTER_CODES = {letter: code for letter, code in zip(
    "ABCDEFGHJKLMNPQRSTUVXYWZIO",
    [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35],
)}


def hk_check_character(prefix: str, digits: str) -> str:
    """Weighted mod-11 check of a Hong Kong identity card (a one-letter prefix counts a space as 36)."""
    values = ([36] if len(prefix) == 1 else []) + [ord(ch) - 55 for ch in prefix] + [int(d) for d in digits]
    remainder = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1))) % 11) % 11
    return "A" if remainder == 10 else str(remainder)


def is_valid_tw_id(number: str) -> bool:
    number = number.upper()
    if len(number) != 10 or number[0] not in _TW_LETTER_CODES or number[1] not in "12" or not number[1:].isdigit():
        return False
    area = _TW_LETTER_CODES[number[0]]
    weighted = area // 10 + (area % 10) * 9 + sum(int(d) * w for d, w in zip(number[1:9], range(8, 0, -1)))
    return (weighted + int(number[9])) % 10 == 0


class HkIdCardRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("HKID with bracketed check", bounded("[A-Z]", r"[A-Z]?[0-9]{6}(?:\([0-9A]\)|\[[0-9A]\])", after=""), 0.5),
        Pattern("HKID without brackets", bounded("[A-Z]", r"[A-Z]?[0-9]{6}[0-9A]"), 0.5),
    ]
    CONTEXT = ["香港身份证", "身份证", "hkid", "hong kong identity", "證"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="HK_ID_CARD", patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        text = pattern_text.upper()
        bracketed = text.endswith((")", "]"))
        body = text[:-3] + text[-2] if bracketed else text
        prefix = body[:-7]
        if hk_check_character(prefix, body[-7:-1]) != body[-1]:
            return False
        # One code in eleven passes by chance: only the bracketed form is certain on its own.
        return True if bracketed else None


class MoIdCardRecognizer(PatternRecognizer):
    PATTERNS = [Pattern("Macau identity card", bounded("[157]", r"[0-9]{6}(?:\([0-9]\)|[0-9])"), WEAK_FORMAT)]
    CONTEXT = ["澳门身份证", "澳門身份證", "身份证", "bir", "macau", "澳门"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="MO_ID_CARD", patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language=supported_language,
        )


class TwIdCardRecognizer(PatternRecognizer):
    PATTERNS = [Pattern("Taiwan identity card", bounded("[A-Z]", r"[12][0-9]{8}"), 0.5)]
    CONTEXT = ["台湾身份证", "身分證", "身份证", "統一編號", "台湾"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="TW_ID_CARD", patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_tw_id(pattern_text)
