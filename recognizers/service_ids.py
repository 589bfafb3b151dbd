"""Documents of public services: CN_MILITARY_ID (军官证/士兵证/文职干部证/警官证), CN_SOCIAL_SECURITY
(社会保障卡号) and CN_DRIVER_LICENSE (驾驶证档案编号).

None of them carries a check character, so each is reported only next to a context word
(军官证, 社保卡号, 驾驶证/档案编号 on the value's line or the line before, or a column named so).
A number that is a resident ID stays CN_RESIDENT_ID: the 社会保障号码 of most people and the
驾驶证号 of every driver are their ID number, found once, as an ID.
"""

from presidio_analyzer import Pattern

from recognizers.base import (CONTEXT_REQUIRED, NO_ALNUM_AFTER, NUMBER_RUN, WEAK_FORMAT, DeclaredRecognizer,
                              bounded)
from recognizers.cards import is_card_number, is_unionpay
from recognizers.dates import parse_date
from recognizers.phones import is_mobile_number
from recognizers.resident_id import PROVINCE_CODES, is_shaped_like_resident_id, is_valid_resident_id

# Labels of other numbers that sit beside these documents in HR and member records.
_OTHER_NUMBER_LABELS = ["工号", "员工号", "职工号", "学号", "会员号", "客户号"]
_MAINLAND_PROVINCES = frozenset(code for code in PROVINCE_CODES if code <= 65)


class CnMilitaryIdRecognizer(DeclaredRecognizer):
    """军官证, 士兵证, 文职干部证 and 警官证 numbers as printed: the issuing unit's character,
    字第, the number, 号 (南字第1234567号). Court and licence numbers share the shape
    ((2015)朝民初字第123号, 京卫医字第…), so only a document word makes it a finding."""

    ENTITY = "CN_MILITARY_ID"
    PATTERNS = [Pattern("unit + 字第 + number + 号", r"[\u4e00-\u9fff]字第[0-9]{4,8}号?" + NO_ALNUM_AFTER,
                        WEAK_FORMAT)]
    CONTEXT = ["军官证", "士兵证", "士官证", "文职干部证", "文职人员证", "警官证", "军人", "军官", "士兵",
               "部队", "武警", "军队", "military", "officer id"]


class CnSocialSecurityRecognizer(DeclaredRecognizer):
    """社会保障卡 card numbers (a letter and 8 digits, or 9 digits) and the personal numbers of
    local social-insurance systems (个人编号, 电脑号: 8 to 18 digits)."""

    ENTITY = "CN_SOCIAL_SECURITY"
    PATTERNS = [
        # Printed in capitals; a case-insensitive [A-Z] at the start made it the slowest pattern to scan.
        Pattern("social security card number", bounded("(?-i:[A-Z])", "[0-9]{8}"), CONTEXT_REQUIRED),
        Pattern("social security personal number (8-18 digits)", NUMBER_RUN, CONTEXT_REQUIRED),
    ]
    CONTEXT = ["社保", "社会保障", "医保卡", "医保号", "医保编号", "参保号", "参保编号", "电脑号", "social security", "sbkh"]
    negative_context = _OTHER_NUMBER_LABELS

    def validate_result(self, pattern_text: str) -> bool | None:
        number = pattern_text
        if not (number[0].isalpha() or (number.isdigit() and 8 <= len(number) <= 18)):
            return False
        if is_valid_resident_id(number) or is_shaped_like_resident_id(number):
            return False  # the 社会保障号码 is the ID number: one finding, as CN_RESIDENT_ID
        if is_unionpay(number) and is_card_number(number):
            return False  # the 社保卡's bank account (金融账户), a CN_BANK_CARD
        if is_mobile_number(number) or (len(number) == 8 and parse_date(number)):
            return False  # a phone or a date (缴费日期 20240305) on a social-security line
        return None


class CnDriverLicenseRecognizer(DeclaredRecognizer):
    """驾驶证档案编号: 12 digits, the first two the issuing province's GB/T 2260 code, the next two
    its prefecture, then a serial the vehicle office assigns. The licence number itself is the
    holder's resident ID number and is reported as that."""

    ENTITY = "CN_DRIVER_LICENSE"
    PATTERNS = [Pattern("driver licence file number (12 digits)", NUMBER_RUN, CONTEXT_REQUIRED)]
    CONTEXT = ["驾驶证", "驾照", "驾驶执照", "档案编号", "档案号", "driver licen", "driving licen", "driver's licen",
               "jszh", "dabh"]
    negative_context = _OTHER_NUMBER_LABELS

    def validate_result(self, pattern_text: str) -> bool | None:
        number = pattern_text
        valid = len(number) == 12 and number.isdigit() and int(number[:2]) in _MAINLAND_PROVINCES
        return None if valid else False
