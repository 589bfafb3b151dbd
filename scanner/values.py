"""What may be shown of a value: normalisation, masking and keyed fingerprints.

Fingerprints are HMAC-SHA256 of the normalised value, so the same person's number
written two ways (with separators, a prefix, in full-width digits) counts once, and nobody
without the key can test a guess against a report or baseline (a plain hash of an 11-digit
phone number is reversed by brute force).
"""

import hashlib
import hmac
import re
import string
from datetime import date


# Values already masked in the source (138****5678, 110101********123X, 622202******1234,
# z***@example.com): never findings, but evidence that masking is in place (risk-model.md).
MASKED_VALUE = re.compile(
    r"(?<![0-9A-Za-z*＊])(?:1[3-9][0-9][*＊]{4}[0-9]{4}|[1-9][0-9]{5}[*＊]{8}[0-9]{3}[0-9Xx]"
    r"|[0-9]{4,6}[*＊]{4,9}[0-9]{4}|[0-9A-Za-z][*＊]{2,}@[0-9A-Za-z.-]+\.[A-Za-z]{2,})(?![0-9A-Za-z*＊])"
)


def count_masked(text: str) -> int:
    """How many values already masked ``text`` holds. Each has a star, which ``in`` finds at
    memory speed: ``re`` tries the leading lookbehind at every character."""
    if "*" not in text and "＊" not in text:
        return 0
    return sum(1 for _ in MASKED_VALUE.finditer(text))


_ASCII = string.digits + string.ascii_letters
_WIDE = "".join(chr(ord(ch) + 0xFEE0) for ch in _ASCII)  # Unicode's full-width forms sit 0xFEE0 above ASCII
_FULL_WIDTH = re.compile(f"[{_WIDE}]")
_TO_HALF_WIDTH = str.maketrans(_WIDE, _ASCII)
_SEPARATORS = re.compile(r"[\s\-()（）·・•.]")
_MOBILE_PREFIX = re.compile(r"^(?:\+86|0086|86|0)(?=1[3-9][0-9]{9}$)")
_LANDLINE_PREFIX = re.compile(r"^(?:\+86|0086)0?")
_PHONES = ("CN_MOBILE_PHONE", "CN_LANDLINE_PHONE", "PHONE_NUMBER")
_SHA256_BLOCK = 64  # bytes: a longer HMAC key is hashed first (RFC 2104)
_DIGIT = re.compile("[0-9]")
# Values a report never shows any of: a credential, and a sensitive category's value (a diagnosis,
# a religion: any letter of it, or its length, says too much where the values are few).
HIDDEN = "******"
_HIDDEN_TYPES = frozenset({"CREDENTIAL", "HEALTH_INFO", "RELIGION", "CN_ETHNICITY", "BIOMETRIC", "SEXUAL_ORIENTATION",
                           "MARITAL_HISTORY", "CRIMINAL_RECORD"})


# The recognizers' own parsers, imported when a value of theirs is met: the recognizers import
# presidio, which a scan that finds nothing never loads (scanner/prescreen.py).
def parse_date(value: str) -> date | None:
    from recognizers.dates import parse_date

    return parse_date(value)


def coordinate_numbers(value: str) -> list[str]:
    from recognizers.location import coordinate_numbers

    return coordinate_numbers(value)


def birth_date(value: str) -> date | None:
    from recognizers.resident_id import birth_date

    return birth_date(value)


def half_width(text: str) -> str:
    """Full-width digits and letters as ASCII, one character for one, so offsets into the text
    stay true (a search first: most text has none)."""
    return text.translate(_TO_HALF_WIDTH) if _FULL_WIDTH.search(text) else text


def normalise(entity_type: str, value: str) -> str:
    value = half_width(value)
    if entity_type in ("EMAIL_ADDRESS", "IP_ADDRESS", "MAC_ADDRESS"):
        return value.strip().lower()
    if entity_type == "DATE_OF_BIRTH":  # 1990年1月2日 and 1990-01-02 are one date
        born = parse_date(value)
        return born.isoformat() if born else value.strip()
    if entity_type == "LOCATION_COORDINATES" and len(coordinate_numbers(value)) == 2:
        return ",".join(coordinate_numbers(value))  # the two numbers, whatever stood between them
    if entity_type == "CREDENTIAL":
        return value.strip()  # case and punctuation are part of a password
    compact = _SEPARATORS.sub("", value).upper()
    if entity_type == "CN_MOBILE_PHONE":
        return _MOBILE_PREFIX.sub("", compact)
    if entity_type == "CN_LANDLINE_PHONE" and _LANDLINE_PREFIX.match(compact):
        return "0" + _LANDLINE_PREFIX.sub("", compact)
    if entity_type == "PHONE_NUMBER" and compact.startswith("00"):
        return "+" + compact[2:]
    return compact


def _keep(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail:]


def mask(entity_type: str, value: str) -> str:
    """Enough to recognise a value, not enough to use it (report contract, ``masked``)."""
    return mask_normal(entity_type, normalise(entity_type, value))


def mask_normal(entity_type: str, normal: str) -> str:
    """``mask`` of a value already normalised (a finding's is normalised once for its mask and
    its fingerprint)."""
    if entity_type in _HIDDEN_TYPES:
        return HIDDEN
    if entity_type == "EMAIL_ADDRESS":
        local, _, domain = normal.rpartition("@")
        return local[:1] + "***@" + domain
    if entity_type == "PERSON":
        return normal[:1] + "*" * max(len(normal) - 1, 1)
    if entity_type == "CN_ADDRESS":  # the first division (浙江省, 朝阳区) says where, not who
        return normal[:3] + "*" * max(len(normal) - 3, 1)
    if entity_type in ("CN_RESIDENT_ID", "CN_BANK_CARD", "CREDIT_CARD"):
        return _keep(normal, 6, 4)
    if entity_type in _PHONES:
        return _keep(normal, 3, 4)
    if entity_type == "CN_BANK_ACCOUNT":
        return _keep(normal, 2, 4)
    if entity_type == "CN_POSTCODE":  # the province, as an address's mask shows
        return _keep(normal, 2, 0)
    if entity_type == "DATE_OF_BIRTH":  # the century, not the age
        return normal[:2] + _DIGIT.sub("*", normal[2:]) if parse_date(normal) else _keep(normal, 0, 0)
    if entity_type == "LOCATION_COORDINATES" and len(coordinate_numbers(normal)) == 2:
        # whole degrees: a region some 100 km wide
        return ",".join(number.split(".")[0] + ".***" for number in normal.split(","))
    if len(normal) >= 8:
        return _keep(normal, 2, 2)
    return _keep(normal, 1, 1)


def fingerprint(key: bytes, entity_type: str, value: str) -> str:
    return fingerprint_normal(key, normalise(entity_type, value))


def fingerprint_normal(key: bytes, normal: str) -> str:
    """The fingerprint of a value already normalised (the column engine normalises a column at once)."""
    return hmac.digest(key, normal.encode("utf-8"), "sha256").hex()


def fingerprint_keys(key: bytes, normals: list[str]):
    """``tally.value_key`` of each normalised value's fingerprint, as a numpy uint64 array: the
    first 8 bytes of each HMAC read big-endian, without a hex string and its parsing per value.
    HMAC-SHA256 as RFC 2104 defines it, from the key's inner and outer states computed once:
    ``hmac.digest`` derives them again for each value, twice the time of a column's values.
    numpy is imported here: only tables, which load it anyway, count values a batch at a time."""
    import numpy as np

    block = hashlib.sha256(key).digest() if len(key) > _SHA256_BLOCK else key
    block = block.ljust(_SHA256_BLOCK, b"\0")
    inner, outer = hashlib.sha256(bytes(b ^ 0x36 for b in block)), hashlib.sha256(bytes(b ^ 0x5C for b in block))
    digests = []
    for normal in normals:
        state = inner.copy()
        state.update(normal.encode("utf-8"))
        final = outer.copy()
        final.update(state.digest())
        digests.append(final.digest()[:8])
    return np.frombuffer(b"".join(digests), ">u8").astype(np.uint64)


AGE_BEARING = "CN_RESIDENT_ID"  # the one entity whose value tells its holder's age (GB 11643's birth date)


def is_minor(entity_type: str, value: str, today: date, minor_age: int) -> bool:
    """An ID number whose holder is younger than ``minor_age`` on ``today`` (PIPL Art. 28, 31).
    Computed while the raw value is at hand, so reports need only the flag, never the birth date."""
    if entity_type != AGE_BEARING:
        return False
    born = birth_date(normalise(entity_type, value))
    if born is None:
        return False
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return age < minor_age
