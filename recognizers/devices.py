"""DEVICE_ID: identifiers of a person's phone or SIM, which follow its holder across apps.

- IMEI: 15 digits (or grouped 2-6-6-1) passing Luhn;
- MEID: 14 hexadecimal characters from the A0-FF range of manufacturer codes (the 00-99 range
  is the IMEI's), with or without its check character;
- IMSI: 15 digits starting with an allocated mobile country code (460 for China);
- ICCID: the SIM card's number, 19 or 20 digits starting 89 (telecom), passing Luhn;
- IDFA, IDFV, Android's advertising ID, OAID (UUID form) and the Android ID (16 hexadecimal
  characters), only in a field named so: a bare UUID or hex run is a request or trace id.

The checks are python-stdnum's (``imei``, ``meid``, ``imsi``, ``luhn``). One digit run in ten
passes Luhn and a quarter start with an allocated country code, so every one of these needs a
context word (IMEI, 设备号, 串号, ICCID, SIM卡 … on its line or the line before, or a column named
so). Words such as ``imei`` label the value for these recognizers and veto it for all others
(recognizers/data/negative_context.yaml): a recognizer's own context words never veto it.
"""

from datetime import datetime

import regex
from presidio_analyzer import Pattern
from stdnum import imei, imsi, luhn, meid

from recognizers.base import CONTEXT_REQUIRED, NUMBER_RUN, DeclaredRecognizer, bounded


_IMEI_GROUPS = regex.compile("[0-9]{2}-[0-9]{6}-[0-9]{6}-[0-9]")


def _is_datetime_run(digits: str) -> bool:
    """yyyyMMddHHmmss + a digit, 19xx or 20xx: a 15-digit timestamp of log lines and file names."""
    if digits[:2] not in ("19", "20"):
        return False
    try:
        datetime.strptime(digits[:14], "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


class DeviceIdRecognizer(DeclaredRecognizer):
    ENTITY = "DEVICE_ID"
    PATTERNS = [
        Pattern("IMEI, IMSI or ICCID", NUMBER_RUN, CONTEXT_REQUIRED),
        Pattern("MEID, in capitals", bounded("(?-i:[A-F])", "[0-9A-F]{13}[0-9A-F]?"), CONTEXT_REQUIRED),
    ]
    CONTEXT = ["imei", "imsi", "iccid", "meid", "设备号", "设备识别码", "串号", "移动设备识别码", "移动用户识别",
               "sim卡", "sim card", "simcard", "sim_card", "device id", "device_id", "deviceid"]

    def validate_result(self, pattern_text: str) -> bool | None:
        if not pattern_text[0].isdigit():
            # MEID: a run of letters only (DEADBEEFCAFEBA) is a word, not a number.
            valid = any(ch.isdigit() for ch in pattern_text) and meid.is_valid(pattern_text)
        elif _IMEI_GROUPS.fullmatch(pattern_text):
            valid = imei.is_valid(pattern_text)
        elif len(pattern_text) == 15 and pattern_text.isdigit():
            number = pattern_text
            valid = not _is_datetime_run(number) and (imei.is_valid(number) or imsi.is_valid(number))
        else:  # ICCID: telecom (89), 19 or 20 digits
            number = pattern_text
            valid = len(number) in (19, 20) and number.startswith("89") and luhn.is_valid(number)
        return None if valid else False


_UUID = "[0-9A-F]{7}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}"  # after its first character


class AdvertisingIdRecognizer(DeclaredRecognizer):
    """Advertising and app-install identifiers: a UUID or 16 hex characters look like a
    thousand other ids, so only a field named idfa, android_id, oaid … makes them one."""

    ENTITY = "DEVICE_ID"
    PATTERNS = [
        Pattern("advertising id (UUID)", bounded("[0-9A-F]", _UUID), CONTEXT_REQUIRED),
        Pattern("Android ID", bounded("[0-9A-F]", "[0-9A-F]{15}"), CONTEXT_REQUIRED),
    ]
    CONTEXT = ["idfa", "idfv", "gaid", "oaid", "advertising id", "advertising_id", "advertisingid",
               "android_id", "androidid", "android id", "广告标识符", "广告标识", "广告id", "安卓id"]
    # Android prints its ID in lower case, which scanner/context.py would take for a hash.
    lower_case_hex = True

    def validate_result(self, pattern_text: str) -> bool | None:
        # An all-zero IDFA is what iOS returns when the user limits ad tracking: no one's id.
        return False if set(pattern_text) <= {"0", "-"} else None
