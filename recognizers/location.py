"""Where a person is: CN_POSTCODE (邮政编码) and LOCATION_COORDINATES (a latitude/longitude pair).

A six-digit number is anything until an address or a label says otherwise, so a postcode is
reported only after a label (邮编, 邮政编码, postcode, zip, or a column named so), right after an
address's house or room number (…88号 100022), or right before a province or city name
(100022 北京市…, as envelopes are written). Its first two digits must be a postal province.

A coordinate pair is reported next to a context word (经纬度, 坐标, 位置, lat/lng, GPS …, or a
column named so), or in GeoJSON (``"coordinates": [lng, lat]``, which in GeoJSON is a Point
where it is a flat pair) and WKT (``POINT(lng lat)``), whose syntax says what it is. Both numbers
need three decimals (about 100 m) and must be a latitude and a longitude in either order.
The centre of a map (``"center": [116.397, 39.908]`` beside a zoom level) is where a view opens,
not where a person is: it is vetoed by its label, like a value labelled as an order number.
Degrees-minutes-seconds (39°54′27″) are not read.
"""

import regex
from presidio_analyzer import Pattern

from recognizers.base import CONTEXT_REQUIRED, DeclaredRecognizer, FORMAT_ONLY, NO_ALNUM_AFTER, bounded

# First two digits of the postcodes China Post assigns, by province (00-09: 0 Inner Mongolia,
# Shanxi, Hebei; 000000-009999 was reserved for Taiwan and is not used). Source: the ranges in
# Wikipedia's "List of postal codes in China" (CC BY-SA 4.0), see DATA_SOURCES.md.
POSTAL_PROVINCE_PREFIXES = frozenset([
    1, 2,  # Inner Mongolia
    3, 4,  # Shanxi
    5, 6, 7,  # Hebei
    10,  # Beijing
    11, 12,  # Liaoning
    13,  # Jilin
    15, 16,  # Heilongjiang
    20,  # Shanghai
    21, 22,  # Jiangsu
    23, 24,  # Anhui
    25, 26, 27,  # Shandong
    30,  # Tianjin
    31, 32,  # Zhejiang
    33, 34,  # Jiangxi
    35, 36,  # Fujian
    40,  # Chongqing
    41, 42,  # Hunan
    43, 44,  # Hubei
    45, 46, 47,  # Henan
    51, 52,  # Guangdong
    53, 54,  # Guangxi
    55, 56,  # Guizhou
    57,  # Hainan
    61, 62, 63, 64,  # Sichuan
    65, 66, 67,  # Yunnan
    71, 72,  # Shaanxi
    73, 74,  # Gansu
    75,  # Ningxia
    81,  # Qinghai
    83, 84,  # Xinjiang
    85,  # Tibet
])

_POSTCODE = bounded("[0-9]", "[0-9]{5}")
# Right after an address's house or room number, or right before a province or city name. Both
# are tested after the code (a leading lookbehind would be tried at every position of the text;
# the regex module finds a leading digit fast).
_AFTER_HOUSE_NUMBER = r"(?<=[0-9一二三四五六七八九十](?:号院|号楼|号|室|栋|幢|座|单元|楼|层|弄)[ \t,，、]{0,2}[0-9]{6})"
_BEFORE_DIVISION = r"(?=[ \t,，、]{0,2}[\u4e00-\u9fff]{1,7}?(?:省|市|自治区))"


class CnPostcodeRecognizer(DeclaredRecognizer):
    ENTITY = "CN_POSTCODE"
    PATTERNS = [
        Pattern("postcode after a house or room number, or before a province or city",
                _POSTCODE + "(?:" + _AFTER_HOUSE_NUMBER + "|" + _BEFORE_DIVISION + ")", FORMAT_ONLY),
        Pattern("postcode", _POSTCODE, CONTEXT_REQUIRED),
    ]
    CONTEXT = ["邮编", "邮政编码", "邮码", "postcode", "post code", "postal", "zip", "yzbm"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if int(pattern_text[:2]) in POSTAL_PROVINCE_PREFIXES else False


_DEGREES = r"-?[0-9]{1,3}\.[0-9]{3,15}"  # decimal degrees, at least three decimals
_NUMBER_START = r"(?<![0-9A-Za-z.\-])"
_NUMBER_END = r"(?![0-9A-Za-z]|\.[0-9])"
_PAIR_SEPARATOR = r"(?:[ \t]{0,8}[,，;；/][ \t]{0,8}|[ \t]{1,8})"
_KEY = r"(?:lat|lng|lon|latitude|longitude|纬度|经度)"
_HEMISPHERE = "(?:北纬|南纬|东经|西经)"
_AFTER_HEMISPHERE = "(?<=" + _HEMISPHERE + ")"
# {"lat": 39.908, "lng": 116.397}: the second key stands between the numbers.
_QUOTE = r"[\"']"
_KEYED_SEPARATOR = (r"[ \t\"']{0,8}[,，;；][ \t]{0,8}" + _QUOTE + "?" + _KEY + _QUOTE + r"?[ \t]{0,8}[:=：][ \t]{0,8}"
                    + _QUOTE + "?")
_IN_GEOJSON = r'(?<="coordinates\\?"[ \t]{0,8}:[ \t]{0,8}\[[ \t]{0,8})'  # also in JSON escaped within a string
_IN_WKT = r"(?<=POINT[ \t]{0,8}\([ \t]{0,8})"


def _pair(separator: str) -> str:
    return _NUMBER_START + _DEGREES + separator + _DEGREES + _NUMBER_END


_COORDINATE_NUMBER = regex.compile(_DEGREES)


class LocationCoordinatesRecognizer(DeclaredRecognizer):
    ENTITY = "LOCATION_COORDINATES"
    PATTERNS = [
        Pattern("latitude/longitude pair, or keyed pair",
                _pair("(?:" + _PAIR_SEPARATOR + "|" + _KEYED_SEPARATOR + ")"), CONTEXT_REQUIRED),
        Pattern("hemisphere pair", _AFTER_HEMISPHERE + _DEGREES + r"°?[ \t,，、]{0,8}" + _HEMISPHERE + _DEGREES
                + NO_ALNUM_AFTER, FORMAT_ONLY),
        Pattern("GeoJSON point", _IN_GEOJSON + _DEGREES + r"[ \t]{0,8},[ \t]{0,8}" + _DEGREES + r"(?=[ \t]{0,8}\])",
                FORMAT_ONLY),
        Pattern("WKT point", _IN_WKT + _DEGREES + r"[ \t]{1,8}" + _DEGREES + r"(?=[ \t]{0,8}\))", FORMAT_ONLY),
    ]
    CONTEXT = ["经纬度", "经度", "纬度", "坐标", "位置", "定位", "轨迹", "latitude", "longitude", "lat", "lng",
               "gps", "location", "coordinate", "jwd"]
    # A map's view, not a person's position.
    negative_context = ["center", "centre", "中心点", "zoom", "bounds", "viewport", "extent"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if is_coordinate_pair(pattern_text) else False


def coordinate_numbers(text: str) -> list[str]:
    return _COORDINATE_NUMBER.findall(text)


def is_coordinate_pair(text: str) -> bool:
    """A latitude and a longitude, in either order (GeoJSON, WKT and most Chinese map APIs write
    the longitude first); 0,0 is a missing position, not one in the Gulf of Guinea."""
    first, second = (float(n) for n in coordinate_numbers(text))
    if first == second == 0:
        return False
    return (abs(first) <= 90 and abs(second) <= 180) or (abs(first) <= 180 and abs(second) <= 90)
