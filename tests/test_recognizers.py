"""Recognizer tests, one block per family, in the style of presidio's own recognizer tests.

Each family has true cases (text -> the exact sorted list of (entity, matched text) the
scanner reports) and false cases (text that must yield no finding at all). Every value is
synthetic: produced by ``tests/synthetic.py`` from a seeded ``random.Random`` or computed
here by hand from the published check algorithms (written out below, independently of the
product's validators). Values that must be checksum-valid for a case to mean anything
(a Luhn-valid ID, ISBN or timestamp) are asserted to be so while the cases are built.
"""

import hashlib
import random
import uuid
from datetime import date, timedelta

import phonenumbers
import pytest

from tests import synthetic

# --- independent check-character helpers ----------------------------------------------


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def _with_luhn(partial: str) -> str:
    return next(partial + d for d in "0123456789" if _luhn_ok(partial + d))


def _gb11643(body17: str) -> str:
    """18-character resident ID: body + ISO 7064 MOD 11-2 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights)) % 11]


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc_ok(code: str) -> bool:
    """GB 32100 mod-31 check character."""
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return False
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code, weights))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == code[-1]


def _id_not_luhn(prefix14: str) -> str:
    """A check-correct 18-digit number with this district+date, chosen to fail Luhn and the
    USCC check, so that a rejected ID cannot resurface as a card or a credit code (one
    18-digit run in ten passes Luhn, one in 31 the USCC check) in the same assertion."""
    candidates = (_gb11643(f"{prefix14}{seq:03d}") for seq in range(1000))
    return next(n for n in candidates if n[-1].isdigit() and not _luhn_ok(n) and not _uscc_ok(n))


def _ean13(partial12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(partial12))
    return partial12 + str((10 - total % 10) % 10)


def _hk_check(prefix: str, digits: str) -> str:
    values = ([36] if len(prefix) == 1 else []) + [ord(c) - 55 for c in prefix] + [int(d) for d in digits]
    remainder = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1))) % 11) % 11
    return "A" if remainder == 10 else str(remainder)


# The official Taiwan letter table (I, O, W, X, Y, Z were added out of order).
_TW_CODES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36)))


def _tw_id(letter: str, body8: str) -> str:
    code = _TW_CODES[letter]
    total = code // 10 + (code % 10) * 9 + sum(int(d) * w for d, w in zip(body8, range(8, 0, -1)))
    return letter + body8 + str((10 - total % 10) % 10)


def _iban(country: str, bban: str) -> str:
    def numeric(s: str) -> str:
        return "".join(str(int(c, 36)) for c in s)

    return f"{country}{98 - int(numeric(bban + country + '00')) % 97:02d}{bban}"


def _groups(value: str, sep: str = " ", size: int = 4) -> str:
    return sep.join(value[i:i + size] for i in range(0, len(value), size))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _search(rng: random.Random, make, accept, tries: int = 100_000):
    for _ in range(tries):
        value = make(rng)
        if accept(value):
            return value
    raise AssertionError("no synthetic value found")  # pragma: no cover


def _t(text: str, *expected: tuple[str, str], id: str):
    return pytest.param(text, sorted(expected), id=id)


def _f(text: str, entity: str, id: str):
    return pytest.param(text, entity, id=id)


def _assert_nothing(detect, text: str, entity: str) -> None:
    found = detect(text)
    assert [f for f in found if f[0] == entity] == []
    assert found == []


# ======================================================================================
# CN_RESIDENT_ID
# ======================================================================================

_r = random.Random(1101)
ID = synthetic.resident_id(_r)
ID_X = _search(_r, synthetic.resident_id, lambda v: v.endswith("X"))
ID_LOWER_X = _search(_r, synthetic.resident_id, lambda v: v.endswith("X")).lower()
ID_LUHN = _search(_r, synthetic.resident_id, lambda v: v[-1].isdigit() and _luhn_ok(v))
assert _luhn_ok(ID_LUHN)  # the point of the case: it is also a Luhn-valid 18-digit run
PERMIT_HK, PERMIT_MO, PERMIT_TW = (synthetic.resident_id(_r, district=d) for d in ("810000", "820000", "830000"))
# Fujian (35) numbers sit in JCB's 3528-3589 range: one with a wrong check character, Luhn-valid.
ID_BROKEN_LUHN = next(c for _ in range(50) for body in [synthetic.resident_id(_r, district="350102")[:17]]
                      for c in (body + d for d in "0123456789") if _luhn_ok(c) and _gb11643(body) != c)
ID_1900 = _gb11643("11010519000101" + _digits(_r, 3))
ID_PROVINCE_71 = _gb11643("71000019850607" + _digits(_r, 3))
ID_PROVINCE_91 = _gb11643("91000019850607" + _digits(_r, 3))
LEGACY = synthetic.legacy_resident_id(_r)
LEGACY_2 = synthetic.legacy_resident_id(_r)

_good = _id_not_luhn("31010419870512")
ID_BAD_CHECK = next(
    n for n in (_good[:17] + c for c in "0123456789") if n != _good and not _luhn_ok(n) and not _uscc_ok(n)
)
ID_FEB_30 = _id_not_luhn("11010119900230")
ID_FEB_29_NON_LEAP = _id_not_luhn("11010119990229")
ID_MONTH_13 = _id_not_luhn("11010119901301")
ID_FUTURE_2099 = _id_not_luhn("11010120990101")
ID_FUTURE_NEAR = _id_not_luhn("440305" + (date.today() + timedelta(days=30)).strftime("%Y%m%d"))
ID_PROVINCE_99 = _id_not_luhn("99010119900101")
ID_PROVINCE_00 = _id_not_luhn("00010119900101")
ID_PROVINCE_16 = _id_not_luhn("16010119900101")
ID_BEFORE_1900 = _id_not_luhn("11010118991231")

RESIDENT_ID_TRUE = [
    _t(ID, ("CN_RESIDENT_ID", ID), id="18-digit bare"),
    _t(f"身份证号：{ID}", ("CN_RESIDENT_ID", ID), id="18-digit after ID-number label"),
    _t(f"客户{ID}已登记", ("CN_RESIDENT_ID", ID), id="18-digit glued to Chinese"),
    _t(f"id_no,{ID},", ("CN_RESIDENT_ID", ID), id="18-digit in CSV"),
    _t(ID_X, ("CN_RESIDENT_ID", ID_X), id="check X uppercase"),
    _t(f"证件号码 {ID_LOWER_X}", ("CN_RESIDENT_ID", ID_LOWER_X), id="check x lowercase"),
    _t(PERMIT_HK, ("CN_RESIDENT_ID", PERMIT_HK), id="residence permit 81 (HK)"),
    _t(PERMIT_MO, ("CN_RESIDENT_ID", PERMIT_MO), id="residence permit 82 (Macau)"),
    _t(f"居住证号码：{PERMIT_TW}", ("CN_RESIDENT_ID", PERMIT_TW), id="residence permit 83 (Taiwan)"),
    _t(ID_PROVINCE_71, ("CN_RESIDENT_ID", ID_PROVINCE_71), id="province 71"),
    _t(ID_PROVINCE_91, ("CN_RESIDENT_ID", ID_PROVINCE_91), id="province 91"),
    _t(ID_1900, ("CN_RESIDENT_ID", ID_1900), id="born 1900-01-01"),
    _t(LEGACY, ("CN_RESIDENT_ID", LEGACY), id="15-digit legacy bare"),
    _t(f"身份证：{LEGACY_2}", ("CN_RESIDENT_ID", LEGACY_2), id="15-digit legacy with context"),
    # Luhn-valid as well, and next to a card context word: still only an ID.
    _t(ID_LUHN, ("CN_RESIDENT_ID", ID_LUHN), id="Luhn-valid ID is not a card"),
    _t(f"卡号：{ID_LUHN}", ("CN_RESIDENT_ID", ID_LUHN), id="Luhn-valid ID after card-number label is not a card"),
]

RESIDENT_ID_FALSE = [
    _f(ID_BAD_CHECK, "CN_RESIDENT_ID", id="wrong check digit"),
    _f(f"身份证号：{ID_BAD_CHECK}", "CN_RESIDENT_ID", id="wrong check digit with context"),
    _f(ID_FEB_30, "CN_RESIDENT_ID", id="born Feb 30"),
    _f(ID_FEB_29_NON_LEAP, "CN_RESIDENT_ID", id="born Feb 29 of 1999"),
    _f(ID_MONTH_13, "CN_RESIDENT_ID", id="born in month 13"),
    _f(ID_FUTURE_2099, "CN_RESIDENT_ID", id="born 2099"),
    _f(ID_FUTURE_NEAR, "CN_RESIDENT_ID", id="born 30 days from now"),
    _f(ID_BEFORE_1900, "CN_RESIDENT_ID", id="born 1899"),
    _f(ID_PROVINCE_99, "CN_RESIDENT_ID", id="province 99"),
    _f(ID_PROVINCE_00, "CN_RESIDENT_ID", id="province 00"),
    _f(ID_PROVINCE_16, "CN_RESIDENT_ID", id="province 16"),
    _f("110101900230123", "CN_RESIDENT_ID", id="15-digit born Feb 30"),
    _f("990101900101123", "CN_RESIDENT_ID", id="15-digit province 99"),
    _f(f"A{ID}", "CN_RESIDENT_ID", id="letter glued before"),
    _f(f"{ID}7", "CN_RESIDENT_ID", id="19-digit run"),
    _f("110101********1234", "CN_RESIDENT_ID", id="masked ID"),
    _f("身份证号：110101********1234", "CN_RESIDENT_ID", id="masked ID with context"),
]


@pytest.mark.parametrize("text, expected", RESIDENT_ID_TRUE)
def test_resident_id(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", RESIDENT_ID_FALSE)
def test_resident_id_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


def _scores(engine, text):
    return [(r.entity_type, text[r.start:r.end], r.score) for r in engine.analyze(text)]


def test_legacy_resident_id_scores_lower_than_18_digit(engine):
    [(entity, value, bare)] = _scores(engine, LEGACY)
    assert (entity, value) == ("CN_RESIDENT_ID", LEGACY)
    assert bare == pytest.approx(0.4)  # format only: no check character in a 15-digit number
    [(_, _, eighteen)] = _scores(engine, ID)
    assert eighteen == pytest.approx(1.0)


@pytest.mark.parametrize("text", [f"身份证号：{LEGACY}", f"身份证号码\n{LEGACY}"], ids=["same line", "line before"])
def test_legacy_resident_id_context_raises_score(engine, text):
    [(entity, value, with_context)] = _scores(engine, text)
    assert (entity, value) == ("CN_RESIDENT_ID", LEGACY)
    assert with_context > 0.4


# ======================================================================================
# CN_MOBILE_PHONE, CN_LANDLINE_PHONE, PHONE_NUMBER
# ======================================================================================

_p = random.Random(8613)
MOBILE = synthetic.mobile(_p)
MOBILE_2 = synthetic.mobile(_p)
MOBILE_SP = " ".join((MOBILE_2[:3], MOBILE_2[3:7], MOBILE_2[7:]))
MOBILE_DASH = "-".join((MOBILE_2[:3], MOBILE_2[3:7], MOBILE_2[7:]))


def _landline_in(rng: random.Random, area: str, local_len: int) -> str:
    def make(r):
        return f"{area}-{r.randint(2, 8)}{_digits(r, local_len - 1)}"

    return _search(rng, make, lambda n: phonenumbers.is_valid_number(phonenumbers.parse(n, "CN")))


LL_010 = _landline_in(_p, "010", 8)
LL_0351 = _landline_in(_p, "0351", 7)
LL_0755 = _landline_in(_p, "0755", 8)
LL_021 = _landline_in(_p, "021", 8)
LOCAL_010, LOCAL_0351, LOCAL_021 = LL_010[4:], LL_0351[5:], LL_021[4:]
SERVICE_400 = f"400-{_digits(_p, 3)}-{_digits(_p, 4)}"
SERVICE_800 = f"800-{_digits(_p, 3)}-{_digits(_p, 4)}"

MOBILE_TRUE = [
    _t(MOBILE, ("CN_MOBILE_PHONE", MOBILE), id="bare 11 digits"),
    _t(f"+86{MOBILE}", ("CN_MOBILE_PHONE", f"+86{MOBILE}"), id="+86 glued"),
    _t(f"+86 {MOBILE}", ("CN_MOBILE_PHONE", f"+86 {MOBILE}"), id="+86 space"),
    _t(f"+86-{MOBILE}", ("CN_MOBILE_PHONE", f"+86-{MOBILE}"), id="+86 dash"),
    _t(f"0086{MOBILE}", ("CN_MOBILE_PHONE", f"0086{MOBILE}"), id="0086 prefix"),
    _t(f"86{MOBILE}", ("CN_MOBILE_PHONE", f"86{MOBILE}"), id="86 prefix"),
    _t(MOBILE_SP, ("CN_MOBILE_PHONE", MOBILE_SP), id="3-4-4 spaces"),
    _t(MOBILE_DASH, ("CN_MOBILE_PHONE", MOBILE_DASH), id="3-4-4 dashes"),
    _t(f"+86 {MOBILE_SP}", ("CN_MOBILE_PHONE", f"+86 {MOBILE_SP}"), id="+86 and 3-4-4 spaces"),
    _t(f"手机{MOBILE}", ("CN_MOBILE_PHONE", MOBILE), id="mobile glued to Chinese label"),
    _t(f"联系电话：{MOBILE_DASH}，工作日可拨打", ("CN_MOBILE_PHONE", MOBILE_DASH), id="in a Chinese sentence"),
    _t(f"请拨{MOBILE}联系", ("CN_MOBILE_PHONE", MOBILE), id="Chinese on both sides"),
]

MOBILE_FALSE = [
    _f(f"140{_digits(_p, 8)}", "CN_MOBILE_PHONE", id="unallocated segment 140"),
    _f(f"154{_digits(_p, 8)}", "CN_MOBILE_PHONE", id="unallocated segment 154"),
    _f(f"160{_digits(_p, 8)}", "CN_MOBILE_PHONE", id="unallocated segment 160"),
    _f(f"120{_digits(_p, 8)}", "CN_MOBILE_PHONE", id="segment 120"),
    _f(MOBILE[:10], "CN_MOBILE_PHONE", id="10 digits"),
    _f(f"a{MOBILE}", "CN_MOBILE_PHONE", id="mobile with letter glued before"),
    _f(f"{MOBILE}a", "CN_MOBILE_PHONE", id="mobile with letter glued after"),
    _f(f"{MOBILE_2[:3]}-{MOBILE_2[3:7]} {MOBILE_2[7:]}", "CN_MOBILE_PHONE", id="mixed separators"),
    _f("138****5678", "CN_MOBILE_PHONE", id="masked"),
    _f("手机：138****5678", "CN_MOBILE_PHONE", id="masked with context"),
]

LANDLINE_TRUE = [
    _t(LL_010, ("CN_LANDLINE_PHONE", LL_010), id="010 dash"),
    _t(f"(010){LOCAL_010}", ("CN_LANDLINE_PHONE", f"(010){LOCAL_010}"), id="(010) brackets"),
    _t(f"电话（0351）{LOCAL_0351}", ("CN_LANDLINE_PHONE", f"（0351）{LOCAL_0351}"), id="full-width brackets"),
    _t(LL_0351, ("CN_LANDLINE_PHONE", LL_0351), id="4-digit area, 7-digit number"),
    _t(LL_0755, ("CN_LANDLINE_PHONE", LL_0755), id="0755 dash"),
    _t(f"传真{LL_0755}", ("CN_LANDLINE_PHONE", LL_0755), id="landline glued to Chinese fax label"),
    _t(f"{LL_021}-8021", ("CN_LANDLINE_PHONE", f"{LL_021}-8021"), id="dash extension"),
    _t(f"{LL_010}转302", ("CN_LANDLINE_PHONE", f"{LL_010}转302"), id="zhuan extension"),
    _t(f"021 {LOCAL_021}", ("CN_LANDLINE_PHONE", f"021 {LOCAL_021}"), id="space separator"),
    _t(f"+86 21 {LOCAL_021}", ("CN_LANDLINE_PHONE", f"+86 21 {LOCAL_021}"), id="+86 international form"),
    _t(f"0086-351-{LOCAL_0351}", ("CN_LANDLINE_PHONE", f"0086-351-{LOCAL_0351}"), id="0086 international form"),
]

LANDLINE_FALSE = [
    _f(SERVICE_400, "CN_LANDLINE_PHONE", id="400 service number"),
    _f(f"客服电话：{SERVICE_400}", "CN_LANDLINE_PHONE", id="400 service number with context"),
    _f(SERVICE_400.replace("-", ""), "CN_LANDLINE_PHONE", id="400 service number compact"),
    _f(SERVICE_800, "CN_LANDLINE_PHONE", id="800 service number"),
    _f("95588", "CN_LANDLINE_PHONE", id="95588"),
    _f("客服电话：95588", "CN_LANDLINE_PHONE", id="95588 with context"),
    _f("投诉电话12315", "CN_LANDLINE_PHONE", id="12315 with context"),
    _f(LOCAL_010, "CN_LANDLINE_PHONE", id="local number without area code"),
    _f(f"X{LL_010}", "CN_LANDLINE_PHONE", id="landline with letter glued before"),
]

PHONE_NUMBER_TRUE = [
    _t("+852 9123 4567", ("PHONE_NUMBER", "+852 9123 4567"), id="Hong Kong mobile"),
    _t("Tel:+852 2123 4567", ("PHONE_NUMBER", "+852 2123 4567"), id="Hong Kong fixed line"),
    _t("00852 9123 4567", ("PHONE_NUMBER", "00852 9123 4567"), id="00852 prefix"),
    _t("+886 912 345 678", ("PHONE_NUMBER", "+886 912 345 678"), id="Taiwan mobile"),
    _t("台湾电话+886-2-2345-6789", ("PHONE_NUMBER", "+886-2-2345-6789"), id="Taiwan fixed line"),
    _t("+1 202 555 0143", ("PHONE_NUMBER", "+1 202 555 0143"), id="North America"),
    # A mainland number in international form is CN_MOBILE_PHONE, never PHONE_NUMBER.
    _t(f"+86 {MOBILE}", ("CN_MOBILE_PHONE", f"+86 {MOBILE}"), id="+86 is not PHONE_NUMBER"),
]

PHONE_NUMBER_FALSE = [
    _f("91234567", "PHONE_NUMBER", id="bare 8-digit Hong Kong number"),
    _f("电话：91234567", "PHONE_NUMBER", id="bare 8-digit Hong Kong number with context"),
    _f("+852 1234 5678", "PHONE_NUMBER", id="invalid Hong Kong number"),
    _f("+1 202 555", "PHONE_NUMBER", id="too short"),
]


@pytest.mark.parametrize("text, expected", MOBILE_TRUE + LANDLINE_TRUE + PHONE_NUMBER_TRUE)
def test_phone(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", MOBILE_FALSE + LANDLINE_FALSE + PHONE_NUMBER_FALSE)
def test_phone_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


# ======================================================================================
# CN_BANK_CARD, CREDIT_CARD
# ======================================================================================

_c = random.Random(6222)
CARD_19 = synthetic.unionpay_card(_c)
CARD_16 = synthetic.unionpay_card(_c, 16)
CARD_17 = synthetic.unionpay_card(_c, 17)
CARD_BAD_LUHN = CARD_19[:-1] + str((int(CARD_19[-1]) + 1) % 10)
VISA = synthetic.visa_card(_c)
VISA_BAD_LUHN = VISA[:-1] + str((int(VISA[-1]) + 5) % 10)
MASTERCARD = _with_luhn("5" + _c.choice("12345") + _digits(_c, 13))
MASTERCARD_2 = _with_luhn(str(_c.randint(2221, 2720)) + _digits(_c, 11))
AMEX = _with_luhn("37" + _digits(_c, 12))
AMEX_GROUPED = f"{AMEX[:4]} {AMEX[4:10]} {AMEX[10:]}"
ISBN_LUHN = _search(_c, lambda r: _ean13("9787" + _digits(r, 8)), _luhn_ok)
EAN_LUHN = _search(_c, lambda r: _ean13("690" + _digits(r, 9)), _luhn_ok)  # a Chinese (69x) barcode
MS_EPOCH_LUHN = _search(_c, lambda r: str(r.randrange(1_600_000_000_000, 1_800_000_000_000)), _luhn_ok)
assert all(map(_luhn_ok, (ISBN_LUHN, EAN_LUHN, MS_EPOCH_LUHN)))  # otherwise Luhn alone would reject them

CARD_TRUE = [
    _t(CARD_19, ("CN_BANK_CARD", CARD_19), id="UnionPay 19 digits"),
    _t(CARD_16, ("CN_BANK_CARD", CARD_16), id="UnionPay 16 digits"),
    _t(CARD_17, ("CN_BANK_CARD", CARD_17), id="UnionPay 17 digits"),
    _t(_groups(CARD_19), ("CN_BANK_CARD", _groups(CARD_19)), id="UnionPay 4-4-4-4-3 spaces"),
    _t(_groups(CARD_19, "-"), ("CN_BANK_CARD", _groups(CARD_19, "-")), id="UnionPay 4-4-4-4-3 dashes"),
    _t(_groups(CARD_16), ("CN_BANK_CARD", _groups(CARD_16)), id="UnionPay 4-4-4-4"),
    _t(f"卡号{CARD_19}", ("CN_BANK_CARD", CARD_19), id="UnionPay glued to Chinese card label"),
    _t(f"银行卡：{_groups(CARD_16)}，开户行上海", ("CN_BANK_CARD", _groups(CARD_16)), id="grouped in a Chinese sentence"),
    _t(f"退款至{CARD_19}元", ("CN_BANK_CARD", CARD_19), id="Chinese on both sides"),
    _t(VISA, ("CREDIT_CARD", VISA), id="Visa"),
    _t(f"card {_groups(VISA)}", ("CREDIT_CARD", _groups(VISA)), id="Visa grouped"),
    _t(MASTERCARD, ("CREDIT_CARD", MASTERCARD), id="Mastercard 5-series"),
    _t(MASTERCARD_2, ("CREDIT_CARD", MASTERCARD_2), id="Mastercard 2-series"),
    _t(AMEX, ("CREDIT_CARD", AMEX), id="Amex"),
    _t(f"信用卡 {AMEX_GROUPED}", ("CREDIT_CARD", AMEX_GROUPED), id="Amex 4-6-5"),
]

CARD_FALSE = [
    _f(CARD_BAD_LUHN, "CN_BANK_CARD", id="UnionPay Luhn failure"),
    _f(f"卡号：{CARD_BAD_LUHN}", "CN_BANK_CARD", id="UnionPay Luhn failure with context"),
    _f(f"a{CARD_19}", "CN_BANK_CARD", id="letter glued before"),
    _f(f"{CARD_19}b", "CN_BANK_CARD", id="letter glued after"),
    _f(f"NO{CARD_16}X", "CN_BANK_CARD", id="letters on both sides"),
    _f(f"{CARD_19[:4]} {CARD_19[4:8]}-{CARD_19[8:12]} {CARD_19[12:16]} {CARD_19[16:]}", "CN_BANK_CARD", id="mixed separators"),
    _f("6222********1234", "CN_BANK_CARD", id="masked card"),
    _f(VISA_BAD_LUHN, "CREDIT_CARD", id="Visa Luhn failure"),
    _f(ISBN_LUHN, "CREDIT_CARD", id="Luhn-valid ISBN-13"),
    _f(f"ISBN {ISBN_LUHN}", "CREDIT_CARD", id="Luhn-valid ISBN-13 labelled"),
    _f(EAN_LUHN, "CREDIT_CARD", id="Luhn-valid EAN-13 barcode"),
    _f(MS_EPOCH_LUHN, "CREDIT_CARD", id="Luhn-valid 13-digit ms timestamp"),
    _f(ID_BROKEN_LUHN, "CREDIT_CARD", id="ID-shaped number with a wrong check character is not a JCB card"),
    _f(f"身份证号 {ID_BROKEN_LUHN}", "CREDIT_CARD", id="ID-shaped number under an ID label is not a card"),
    _f(f'"ts": {MS_EPOCH_LUHN},', "CREDIT_CARD", id="ms timestamp in JSON"),
]


@pytest.mark.parametrize("text, expected", CARD_TRUE)
def test_card(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", CARD_FALSE)
def test_card_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


# ======================================================================================
# CN_USCC
# ======================================================================================

_u = random.Random(9131)
USCC = synthetic.uscc(_u)
USCC_2 = synthetic.uscc(_u)
USCC_BAD = USCC[:-1] + _USCC_ALPHABET[(_USCC_ALPHABET.index(USCC[-1]) + 1) % 31]
USCC_SPACED = f"{USCC_2[:2]} {USCC_2[2:8]} {USCC_2[8:]}"

USCC_TRUE = [
    _t(USCC, ("CN_USCC", USCC), id="bare"),
    _t(f"统一社会信用代码：{USCC}", ("CN_USCC", USCC), id="with context"),
    _t(f"营业执照{USCC}有效", ("CN_USCC", USCC), id="glued to Chinese"),
    _t(USCC_SPACED, ("CN_USCC", USCC_SPACED), id="spaced as printed"),
]

USCC_FALSE = [
    _f(USCC_BAD, "CN_USCC", id="bad check character"),
    _f(f"统一社会信用代码：{USCC_BAD}", "CN_USCC", id="bad check character with context"),
    _f(USCC[:-1], "CN_USCC", id="17 characters"),
    _f(f"X{USCC}", "CN_USCC", id="letter glued before"),
]


@pytest.mark.parametrize("text, expected", USCC_TRUE)
def test_uscc(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", USCC_FALSE)
def test_uscc_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


# ======================================================================================
# CN_PASSPORT, CN_HK_MACAU_PERMIT, CN_TAIWAN_PERMIT
# ======================================================================================

_d = random.Random(4400)
PP_E = _search(_d, synthetic.passport, lambda v: v.startswith("E"))
PP_G = _search(_d, synthetic.passport, lambda v: v.startswith("G"))
PP_EA = "E" + _d.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + _digits(_d, 7)
PP_D, PP_S, PP_P = "D" + _digits(_d, 8), "S" + _digits(_d, 7), "P" + _digits(_d, 8)
PP_DE, PP_SE, PP_PE = "DE" + _digits(_d, 7), "SE" + _digits(_d, 8), "PE" + _digits(_d, 7)
HKM_C, HKM_W = "C" + _digits(_d, 8), "W" + _digits(_d, 8)
HKM_H8, HKM_M10 = "H" + _digits(_d, 8), "M" + _digits(_d, 10)
TWP_8, TWP_10 = str(_d.randint(1, 9)) + _digits(_d, 7), str(_d.randint(1, 9)) + _digits(_d, 9)

TRAVEL_TRUE = [
    _t(PP_E, ("CN_PASSPORT", PP_E), id="passport E + 8 without context"),
    _t(PP_G, ("CN_PASSPORT", PP_G), id="passport G + 8 without context"),
    _t(PP_EA, ("CN_PASSPORT", PP_EA), id="passport EA-EZ + 7 without context"),
    _t(f"护照号：{PP_E}", ("CN_PASSPORT", PP_E), id="passport E with huzhao label"),
    _t(f"护照号码：{PP_D}", ("CN_PASSPORT", PP_D), id="passport D with huzhao label"),
    _t(f"护照 {PP_S}", ("CN_PASSPORT", PP_S), id="passport S with huzhao label"),
    _t(f"护照{PP_P}", ("CN_PASSPORT", PP_P), id="passport P glued to huzhao label"),
    _t(f"passport: {PP_DE}", ("CN_PASSPORT", PP_DE), id="passport DE with passport"),
    _t(f"护照：{PP_SE}", ("CN_PASSPORT", PP_SE), id="passport SE with huzhao label"),
    _t(f"公务护照 {PP_PE}", ("CN_PASSPORT", PP_PE), id="passport PE with gongwu huzhao label"),
    _t(f"往来港澳通行证：{HKM_C}", ("CN_HK_MACAU_PERMIT", HKM_C), id="HK-Macau permit C with context"),
    _t(f"通行证号码 {HKM_W}", ("CN_HK_MACAU_PERMIT", HKM_W), id="HK-Macau permit W with context"),
    _t(f"回乡证{HKM_H8}", ("CN_HK_MACAU_PERMIT", HKM_H8), id="home-return permit H + 8"),
    _t(f"回乡证号：{HKM_M10}", ("CN_HK_MACAU_PERMIT", HKM_M10), id="home-return permit M + 10"),
    _t(f"台胞证：{TWP_8}", ("CN_TAIWAN_PERMIT", TWP_8), id="Taiwan permit 8 with taibaozheng label"),
    _t(f"台胞证号码：{TWP_10}", ("CN_TAIWAN_PERMIT", TWP_10), id="Taiwan permit 10 with taibaozheng label"),
    _t(f"通行证 {TWP_8}", ("CN_TAIWAN_PERMIT", TWP_8), id="Taiwan permit with tongxingzheng label"),
    _t(f"{TWP_8}（台胞证）", ("CN_TAIWAN_PERMIT", TWP_8), id="Taiwan permit, context after"),
]

TRAVEL_FALSE = [
    _f(PP_D, "CN_PASSPORT", id="passport D without context"),
    _f(PP_S, "CN_PASSPORT", id="passport S without context"),
    _f(PP_P, "CN_PASSPORT", id="passport P without context"),
    _f(PP_DE, "CN_PASSPORT", id="passport DE without context"),
    _f(f"编号 {PP_P}", "CN_PASSPORT", id="passport P with unrelated label"),
    _f(f"X{PP_E}", "CN_PASSPORT", id="passport E with letter glued before"),
    _f(f"{PP_G}0", "CN_PASSPORT", id="G + 9 digits"),
    _f(HKM_C, "CN_HK_MACAU_PERMIT", id="HK-Macau permit C without context"),
    _f(HKM_W, "CN_HK_MACAU_PERMIT", id="HK-Macau permit W without context"),
    _f(HKM_H8, "CN_HK_MACAU_PERMIT", id="home-return permit H without context"),
    _f(HKM_M10, "CN_HK_MACAU_PERMIT", id="home-return permit M without context"),
    _f(TWP_8, "CN_TAIWAN_PERMIT", id="Taiwan permit 8 without context"),
    _f(TWP_10, "CN_TAIWAN_PERMIT", id="Taiwan permit 10 without context"),
    _f(f"数量：{TWP_8}", "CN_TAIWAN_PERMIT", id="8 digits with unrelated label"),
]


@pytest.mark.parametrize("text, expected", TRAVEL_TRUE)
def test_travel_document(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", TRAVEL_FALSE)
def test_travel_document_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


# ======================================================================================
# HK_ID_CARD, MO_ID_CARD, TW_ID_CARD
# ======================================================================================

_h = random.Random(852)
HKID = synthetic.hk_id(_h)
HKID_PLAIN = synthetic.hk_id(_h, bracketed=False)
HKID_CHECK_A = _search(_h, synthetic.hk_id, lambda v: v.endswith("(A)"))
_hk2_digits = _digits(_h, 6)
HKID_TWO_LETTERS = f"XA{_hk2_digits}({_hk_check('XA', _hk2_digits)})"
HKID_BAD = HKID[:-2] + next(c for c in "0123456789A" if c != HKID[-2]) + ")"
HKID_PLAIN_BAD = HKID_PLAIN[:-1] + next(c for c in "0123456789" if c != HKID_PLAIN[-1])

MOID = f"{_h.choice('157')}{_digits(_h, 6)}({_h.randint(0, 9)})"
MOID_PLAIN = f"{_h.choice('157')}{_digits(_h, 7)}"

TWID = synthetic.tw_id(_h)
TWID_LATE_LETTERS = {letter: _tw_id(letter, _h.choice("12") + _digits(_h, 7)) for letter in "WXYZIO"}
TWID_BAD = TWID[:-1] + str((int(TWID[-1]) + 1) % 10)
TWID_GENDER_3 = _tw_id("A", "1" + _digits(_h, 7)).replace("A1", "A3", 1)

REGIONAL_TRUE = [
    _t(HKID, ("HK_ID_CARD", HKID), id="HKID bracketed"),
    _t(f"香港身份证：{HKID_PLAIN}", ("HK_ID_CARD", HKID_PLAIN), id="HKID unbracketed with context"),
    _t(HKID_PLAIN, ("HK_ID_CARD", HKID_PLAIN), id="HKID unbracketed"),
    _t(HKID_CHECK_A, ("HK_ID_CARD", HKID_CHECK_A), id="HKID check character A"),
    _t(HKID_TWO_LETTERS, ("HK_ID_CARD", HKID_TWO_LETTERS), id="HKID two-letter prefix"),
    _t(f"持证人{HKID}已核验", ("HK_ID_CARD", HKID), id="HKID glued to Chinese"),
    _t(f"澳门身份证：{MOID}", ("MO_ID_CARD", MOID), id="Macau ID with context"),
    _t(f"澳门身份证号码 {MOID_PLAIN}", ("MO_ID_CARD", MOID_PLAIN), id="Macau ID unbracketed with context"),
    _t(TWID, ("TW_ID_CARD", TWID), id="Taiwan ID"),
    _t(f"台湾身份证：{TWID}", ("TW_ID_CARD", TWID), id="Taiwan ID with context"),
    *[_t(v, ("TW_ID_CARD", v), id=f"Taiwan ID letter {k}") for k, v in TWID_LATE_LETTERS.items()],
]

REGIONAL_FALSE = [
    _f(HKID_BAD, "HK_ID_CARD", id="HKID bracketed bad check"),
    _f(f"香港身份证：{HKID_BAD}", "HK_ID_CARD", id="HKID bracketed bad check with context"),
    _f(HKID_PLAIN_BAD, "HK_ID_CARD", id="HKID unbracketed bad check"),
    _f(f"x{HKID}", "HK_ID_CARD", id="HKID with lowercase letter glued before"),
    _f(MOID, "MO_ID_CARD", id="Macau ID without context"),
    _f(MOID_PLAIN, "MO_ID_CARD", id="Macau ID unbracketed without context"),
    _f(f"2{MOID[1:]}", "MO_ID_CARD", id="Macau ID first digit 2 with no context"),
    _f(TWID_BAD, "TW_ID_CARD", id="Taiwan ID bad check"),
    _f(f"台湾身份证：{TWID_BAD}", "TW_ID_CARD", id="Taiwan ID bad check with context"),
    _f(TWID_GENDER_3, "TW_ID_CARD", id="Taiwan ID second digit 3"),
]


@pytest.mark.parametrize("text, expected", REGIONAL_TRUE)
def test_regional_id(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", REGIONAL_FALSE)
def test_regional_id_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


def test_macau_id_needs_macau_context_not_any_label(detect):
    # The same value is reported next to its context word and not next to an unrelated one.
    assert detect(f"澳门身份证 {MOID}") == [("MO_ID_CARD", MOID)]
    assert detect(f"订单 {MOID}") == []


# ======================================================================================
# CN_LICENSE_PLATE
# ======================================================================================

PLATE_TRUE = [
    _t("粤B12345", ("CN_LICENSE_PLATE", "粤B12345"), id="ordinary plate"),
    _t("京A·C8K29", ("CN_LICENSE_PLATE", "京A·C8K29"), id="middle dot and letters"),
    _t("车牌号：沪N8P8F8", ("CN_LICENSE_PLATE", "沪N8P8F8"), id="with context"),
    _t("车辆苏E3W57A驶入", ("CN_LICENSE_PLATE", "苏E3W57A"), id="glued to Chinese"),
    _t("粤BD12345", ("CN_LICENSE_PLATE", "粤BD12345"), id="new energy small D"),
    _t("浙AFK1234", ("CN_LICENSE_PLATE", "浙AFK1234"), id="new energy small F"),
    _t("川A12345D", ("CN_LICENSE_PLATE", "川A12345D"), id="new energy large D"),
    _t("鲁B62345挂", ("CN_LICENSE_PLATE", "鲁B62345挂"), id="trailer plate"),
]

PLATE_FALSE = [
    _f("粤BI2345", "CN_LICENSE_PLATE", id="letter I in serial"),
    _f("粤BO2345", "CN_LICENSE_PLATE", id="letter O in serial"),
    _f("京I12345", "CN_LICENSE_PLATE", id="issuing letter I"),
    _f("京O12345", "CN_LICENSE_PLATE", id="issuing letter O"),
    _f("粤B1234", "CN_LICENSE_PLATE", id="serial too short"),
    _f("粤B123456", "CN_LICENSE_PLATE", id="6 digits without D/F"),
    _f("京ABCDEF", "CN_LICENSE_PLATE", id="all letters"),
    _f("粤B12345X", "CN_LICENSE_PLATE", id="letter glued after"),
    _f("港B12345", "CN_LICENSE_PLATE", id="not a province character"),
]


@pytest.mark.parametrize("text, expected", PLATE_TRUE)
def test_license_plate(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", PLATE_FALSE)
def test_license_plate_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


# ======================================================================================
# EMAIL_ADDRESS, IP_ADDRESS, MAC_ADDRESS
# ======================================================================================

_n = random.Random(4321)
EMAIL = synthetic.email(_n)
EMAIL_2 = synthetic.email(_n)
MAC = ":".join(f"{_n.randrange(256):02X}" for _ in range(6))
MAC_LOWER_HYPHEN = "-".join(f"{_n.randrange(256):02x}" for _ in range(6))
MAC_CISCO = ".".join(f"{_n.randrange(65536):04x}" for _ in range(3))
HEX_DUMP = "00000010  " + " ".join(f"{_n.randrange(256):02x}" for _ in range(16)) + "  |................|"
HEX_DUMP_UPPER = " ".join(f"{_n.randrange(256):02X}" for _ in range(16))

NETWORK_TRUE = [
    _t(EMAIL, ("EMAIL_ADDRESS", EMAIL), id="email bare"),
    _t(f"邮箱{EMAIL}", ("EMAIL_ADDRESS", EMAIL), id="email glued to Chinese label"),
    _t(f"请发送至{EMAIL}谢谢", ("EMAIL_ADDRESS", EMAIL), id="email glued to Chinese on both sides"),
    _t(f'{{"email": "{EMAIL_2}"}}', ("EMAIL_ADDRESS", EMAIL_2), id="email in a JSON string"),
    _t("first.last+tag@sub.example.cn", ("EMAIL_ADDRESS", "first.last+tag@sub.example.cn"), id="email dots and plus"),
    _t("x@example.co.uk", ("EMAIL_ADDRESS", "x@example.co.uk"), id="email two-label suffix"),
    _t("192.168.1.20", ("IP_ADDRESS", "192.168.1.20"), id="IPv4"),
    _t("登录IP：10.20.30.40", ("IP_ADDRESS", "10.20.30.40"), id="IPv4 with context"),
    _t("client=172.16.5.4:8080", ("IP_ADDRESS", "172.16.5.4"), id="IPv4 with port"),
    _t("2001:db8::8a2e:370:7334", ("IP_ADDRESS", "2001:db8::8a2e:370:7334"), id="IPv6 compressed"),
    _t("2001:0DB8:85A3:0000:0000:8A2E:0370:7334", ("IP_ADDRESS", "2001:0DB8:85A3:0000:0000:8A2E:0370:7334"), id="IPv6 full"),
    _t("[2001:db8::1]:443", ("IP_ADDRESS", "2001:db8::1"), id="IPv6 in brackets"),
    _t("::ffff:192.0.2.1", ("IP_ADDRESS", "::ffff:192.0.2.1"), id="IPv4-mapped IPv6"),
    _t(MAC, ("MAC_ADDRESS", MAC), id="MAC colons"),
    _t(f"网卡 {MAC_LOWER_HYPHEN}", ("MAC_ADDRESS", MAC_LOWER_HYPHEN), id="MAC hyphens lowercase"),
    _t(MAC_CISCO, ("MAC_ADDRESS", MAC_CISCO), id="MAC Cisco dotted"),
]

NETWORK_FALSE = [
    _f("user@example.notarealtld", "EMAIL_ADDRESS", id="email TLD not in public suffix list"),
    _f("user@example", "EMAIL_ADDRESS", id="email without TLD"),
    _f("multiple..dots@x.com", "EMAIL_ADDRESS", id="email double dot"),
    _f(".lead@example.com", "EMAIL_ADDRESS", id="email leading dot"),
    _f("6.1.7601.2", "IP_ADDRESS", id="version string 6.1.7601.2"),
    _f("Windows 6.1.7601.23 Build", "IP_ADDRESS", id="version string in text"),
    _f("v2 build 10.4.2.1.77", "IP_ADDRESS", id="five-part version string with valid octets"),
    _f("256.1.1.1", "IP_ADDRESS", id="IPv4 octet 256"),
    _f("1.2.3.256", "IP_ADDRESS", id="IPv4 last octet 256"),
    _f("10.0.0", "IP_ADDRESS", id="three octets"),
    _f("12:30:45", "IP_ADDRESS", id="time of day"),
    _f("FF:FF:FF:FF:FF:FF", "MAC_ADDRESS", id="MAC broadcast"),
    _f("ff-ff-ff-ff-ff-ff", "MAC_ADDRESS", id="MAC broadcast hyphens"),
    _f("00:00:00:00:00:00", "MAC_ADDRESS", id="MAC all zero"),
    _f("0000.0000.0000", "MAC_ADDRESS", id="MAC all zero Cisco"),
    _f(HEX_DUMP, "MAC_ADDRESS", id="16-byte hex dump line"),
    _f(HEX_DUMP_UPPER, "MAC_ADDRESS", id="16-byte hex dump uppercase"),
    _f(f"{MAC}:AB", "MAC_ADDRESS", id="seven colon groups"),
]


@pytest.mark.parametrize("text, expected", NETWORK_TRUE)
def test_network(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", NETWORK_FALSE)
def test_network_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


# ======================================================================================
# IBAN_CODE
# ======================================================================================

_i = random.Random(97)
IBAN_DE = synthetic.iban_de(_i)
IBAN_DE_2 = synthetic.iban_de(_i)
IBAN_GB = _iban("GB", "TEST" + _digits(_i, 14))
IBAN_FR = _iban("FR", _digits(_i, 10) + "A" + _digits(_i, 10) + "BC")
IBAN_BAD = IBAN_DE[:2] + f"{(int(IBAN_DE[2:4]) + 1) % 100:02d}" + IBAN_DE[4:]
IBAN_BAD_BODY = IBAN_DE_2[:10] + str((int(IBAN_DE_2[10]) + 1) % 10) + IBAN_DE_2[11:]

IBAN_TRUE = [
    _t(IBAN_DE, ("IBAN_CODE", IBAN_DE), id="compact DE"),
    _t(_groups(IBAN_DE_2), ("IBAN_CODE", _groups(IBAN_DE_2)), id="grouped DE"),
    _t(f"IBAN: {_groups(IBAN_DE)}", ("IBAN_CODE", _groups(IBAN_DE)), id="grouped with context"),
    _t(_groups(IBAN_DE, "-"), ("IBAN_CODE", _groups(IBAN_DE, "-")), id="dashed groups"),
    _t(IBAN_GB, ("IBAN_CODE", IBAN_GB), id="compact GB with bank letters"),
    _t(f"收款账号{_groups(IBAN_FR)}", ("IBAN_CODE", _groups(IBAN_FR)), id="grouped FR glued to Chinese"),
]

IBAN_FALSE = [
    _f(IBAN_BAD, "IBAN_CODE", id="bad check digits"),
    _f(_groups(IBAN_BAD), "IBAN_CODE", id="bad check digits grouped"),
    _f(IBAN_BAD_BODY, "IBAN_CODE", id="changed account digit"),
    _f(f"iban {IBAN_BAD_BODY}", "IBAN_CODE", id="changed account digit with context"),
]


@pytest.mark.parametrize("text, expected", IBAN_TRUE)
def test_iban(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", IBAN_FALSE)
def test_iban_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


# ======================================================================================
# Not personal information (catalogue's negative list): nothing at all is reported
# ======================================================================================

_x = random.Random(1024)
UUIDS = [str(uuid.UUID(int=_x.getrandbits(128), version=4)) for _ in range(3)]
HASHES = [(name, getattr(hashlib, name)(f"piplscan-{k}".encode()).hexdigest()) for name in ("md5", "sha1", "sha256") for k in range(2)]
EPOCH_10 = str(_x.randrange(1_000_000_000, 4_102_444_800))
EPOCH_13 = str(_x.randrange(1_000_000_000_000, 4_102_444_800_000))
ORDER_NO = "20251124" + _digits(_x, 12)

NOT_PERSONAL = [
    *[pytest.param(u, id=f"UUID {k}") for k, u in enumerate(UUIDS)],
    pytest.param(UUIDS[0].upper(), id="UUID uppercase"),
    *[pytest.param(h, id=f"{name} hash {k % 2}") for k, (name, h) in enumerate(HASHES)],
    pytest.param(f"sha256: {HASHES[-1][1]}", id="labelled sha256"),
    pytest.param(ISBN_LUHN, id="ISBN-13"),
    pytest.param(f"ISBN 978-7-{ISBN_LUHN[4:7]}-{ISBN_LUHN[7:12]}-{ISBN_LUHN[12]}", id="ISBN-13 hyphenated"),
    pytest.param(EPOCH_10, id="10-digit epoch"),
    pytest.param(f'"created_at": {EPOCH_10}', id="10-digit epoch in JSON"),
    pytest.param(EPOCH_13, id="13-digit epoch"),
    pytest.param(MS_EPOCH_LUHN, id="13-digit Luhn-valid epoch"),
    pytest.param("20251124000123456789", id="order number"),
    pytest.param(f"订单号：{ORDER_NO}", id="order number with label"),
    pytest.param("138****5678", id="masked mobile"),
    pytest.param("联系电话：138****5678", id="masked mobile with context"),
    pytest.param("110101********1234", id="masked ID"),
    pytest.param("身份证号：110101********1234", id="masked ID with context"),
    pytest.param(f"客服热线{SERVICE_400}，{SERVICE_800}，95588，12315", id="service hotlines"),
    pytest.param("版本 6.1.7601.2 build 7601", id="version and build number"),
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_not_personal_information(detect, text):
    assert detect(text) == []


# ======================================================================================
# Context: the value's line and the line before, never further
# ======================================================================================

CONTEXT_CASES = [
    pytest.param("CN_TAIWAN_PERMIT", "台胞证号码：", TWP_8, id="Taiwan permit, taibaozheng label"),
    pytest.param("CN_TAIWAN_PERMIT", "台湾居民来往大陆通行证", TWP_10, id="Taiwan permit, full document name"),
    pytest.param("CN_HK_MACAU_PERMIT", "往来港澳通行证", HKM_C, id="HK-Macau permit, document name"),
    pytest.param("CN_HK_MACAU_PERMIT", "回乡证号码：", HKM_M10, id="HK-Macau permit, home-return label"),
    pytest.param("MO_ID_CARD", "澳门身份证：", MOID, id="Macau ID, label"),
    pytest.param("CN_PASSPORT", "护照号码：", PP_D, id="diplomatic passport D, huzhao label"),
]


@pytest.mark.parametrize("entity, word, value", CONTEXT_CASES)
def test_context_on_line_before_is_used(detect, entity, word, value):
    assert detect(f"{word}\n{value}") == [(entity, value)]


@pytest.mark.parametrize("entity, word, value", CONTEXT_CASES)
def test_context_two_lines_above_is_not_used(detect, entity, word, value):
    assert detect(f"{word}\n备注：无\n{value}") == []
    assert detect(f"{word}\n\n{value}") == []


@pytest.mark.parametrize("entity, word, value", CONTEXT_CASES)
def test_context_on_line_after_is_not_used(detect, entity, word, value):
    assert detect(f"{value}\n{word}") == []


def test_context_word_reaches_only_its_own_value(detect):
    text = f"台胞证号码：{TWP_8}\n备注：无\n其他号码 {TWP_10}"
    assert detect(text) == [("CN_TAIWAN_PERMIT", TWP_8)]


# ======================================================================================
# Mixed records: every value found once, under one type
# ======================================================================================


def test_customer_record_row(detect):
    row = synthetic.customer_row(random.Random(2026))
    text = ",".join(row.values())
    assert detect(text) == sorted([
        ("PERSON", row["name"]),  # a name in a record with an ID and a phone
        ("CN_RESIDENT_ID", row["id"]),
        ("CN_MOBILE_PHONE", row["mobile"]),
        ("CN_BANK_CARD", row["card"]),
        ("EMAIL_ADDRESS", row["email"]),
    ])


def test_multi_line_record(detect):
    text = (
        f"姓名：测试\n身份证号：{ID_X}\n手机：{MOBILE_SP}\n"
        f"银行卡：{_groups(CARD_16)}\n台胞证：\n{TWP_8}\n邮箱：{EMAIL}\n"
        f"登录IP：192.168.1.20\n车牌：粤B12345\n"
    )
    assert detect(text) == sorted([
        ("CN_RESIDENT_ID", ID_X),
        ("CN_MOBILE_PHONE", MOBILE_SP),
        ("CN_BANK_CARD", _groups(CARD_16)),
        ("CN_TAIWAN_PERMIT", TWP_8),
        ("EMAIL_ADDRESS", EMAIL),
        ("IP_ADDRESS", "192.168.1.20"),
        ("CN_LICENSE_PLATE", "粤B12345"),
    ])


# --- lookalikes of business codes (found in a realistic corpus) ---------------------------

def _luhn_failing_digit_groups(rng) -> str:
    """Four 4-digit groups whose 16 digits fail Luhn: written like a card, not a card."""
    while True:
        digits = "6217" + "".join(rng.choice("0123456789") for _ in range(12))
        if not _luhn_ok(digits):
            return " ".join(digits[i:i + 4] for i in range(0, 16, 4))


@pytest.mark.parametrize("text", [
    "发票代码004590987380",  # 00 + 45 90987380 would be a valid Danish number
    "发票代码013281396693",  # 0 + a valid mobile
    "发票代码089825294673",  # 0898 + a valid Hainan landline
    "订单编号：202302289076815484",  # passes the GB 32100 check character, but authority 2 has no type 0
    "订单号DD2016101535505075",  # passes mod 97, but DD issues no IBANs
])
def test_business_codes_are_not_personal(detect, text):
    assert detect(text) == []


def test_a_digit_group_run_holds_no_international_number(detect, rng):
    text = f"银行卡号：{_luhn_failing_digit_groups(rng)}"
    assert [entity for entity, _ in detect(text)] == []


@pytest.mark.parametrize("text, expected", [
    ("联系电话：01062345678", [("CN_LANDLINE_PHONE", "01062345678")]),
    ("座机 01062345678", [("CN_LANDLINE_PHONE", "01062345678")]),
    ("01062345678", []),
    ("010-62345678", [("CN_LANDLINE_PHONE", "010-62345678")]),
    ("手机：013812345678", [("CN_MOBILE_PHONE", "013812345678")]),
    ("013812345678", []),
    ("电话 0085291234567", [("PHONE_NUMBER", "0085291234567")]),
    ("0085291234567", []),
    ("00852 9123 4567", [("PHONE_NUMBER", "00852 9123 4567")]),
])
def test_compact_trunk_and_00_forms_need_a_phone_word(detect, text, expected):
    assert detect(text) == expected
