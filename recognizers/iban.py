"""IBAN_CODE: international bank account numbers, checked by ISO 7064 mod 97-10.

python-stdnum's ``iban.validate`` also applies national bank-code checks and knows only
the SWIFT registry's countries, rejecting IBANs of countries that issue them outside it
(IR, MZ, DZ…) and valid numbers whose national part it judges differently; the catalogue
asks for mod-97 and length, so stdnum's mod 97-10 decides, for a country that issues IBANs:
the registry's countries (stdnum's iban.dat) and those that issue them outside it.
"""

import re

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum import iban
from stdnum.iso7064 import mod_97_10

from recognizers.base import NO_ALNUM_AFTER, NO_ALNUM_BEFORE

_START = NO_ALNUM_BEFORE + r"[A-Z]{2}[0-9]{2}"


def _grouped(separator: str, with_short_tail: bool) -> str:
    tail = f"(?:{separator}[0-9A-Z]{{1,3}})?" if with_short_tail else ""
    return _START + f"(?:{separator}[0-9A-Z]{{4}}){{2,7}}" + tail + NO_ALNUM_AFTER


# Countries that issue IBANs outside the SWIFT registry (national or "experimental" IBANs).
_UNREGISTERED_IBAN_COUNTRIES = frozenset("AO BF BJ CF CG CI CM CV DZ GA GQ GW IR KM MA MG ML MZ NE SN TD TG".split())


def issues_ibans(country: str) -> bool:
    return country in _UNREGISTERED_IBAN_COUNTRIES or bool(iban._ibandb.info(country)[0][1])


# Upper case only: "LV80 bANK …" is a typo'd test string, not an account.
_CASE_SENSITIVE = re.DOTALL | re.MULTILINE


class IbanRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("IBAN, compact", _START + r"[0-9A-Z]{11,30}" + NO_ALNUM_AFTER, 0.5),
        # With and without a short last group: "… 8901 X in a sentence" ends at 8901.
        Pattern("IBAN, groups of four", _grouped(" ", True), 0.5),
        Pattern("IBAN, groups of four, no tail", _grouped(" ", False), 0.5),
        Pattern("IBAN, dashed groups", _grouped("-", True), 0.5),
    ]
    CONTEXT = ["iban", "账号", "account", "bank", "银行"]

    def __init__(self, supported_language: str = "zh"):
        super().__init__(
            supported_entity="IBAN_CODE", patterns=self.PATTERNS, context=self.CONTEXT,
            supported_language=supported_language, global_regex_flags=_CASE_SENSITIVE,
        )

    def validate_result(self, pattern_text: str) -> bool:
        compact = pattern_text.replace(" ", "").replace("-", "")
        return (15 <= len(compact) <= 34 and issues_ibans(compact[:2])
                and mod_97_10.is_valid(compact[4:] + compact[:4]))
