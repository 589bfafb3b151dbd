"""The rest of the catalogue: CN_MILITARY_ID, CN_SOCIAL_SECURITY, CN_DRIVER_LICENSE, CN_BANK_ACCOUNT,
CN_POSTCODE, DATE_OF_BIRTH, LOCATION_COORDINATES and DEVICE_ID.

One block per type, in the style of tests/test_recognizers.py: true cases (text -> the exact
sorted list of (entity, matched text) the scanner reports) and false cases that look like the
type (text that must yield no finding at all). Column cases give the engine a column's name as
context, as the table readers do. Values are synthetic (tests/synthetic.py, seeded), with check
digits computed there independently of the product's validators. Two CLI scans of real files
show the findings, their locations and that the JSON report never holds a raw value.
"""

import json
import random
import uuid
from datetime import date

import pytest

from scanner.pipeline import Scanner
from scanner.sources.files import FileSource, WalkOptions
from scanner.values import fingerprint, mask
from tests import synthetic
from tests.test_cli import run
from tests.test_recognizers import _assert_nothing, _f, _luhn_ok, _t, _with_luhn

_r = random.Random(1515)
ID = synthetic.resident_id(_r)
ID_GROUPED = f"{ID[:6]} {ID[6:14]} {ID[14:]}"
CARD = synthetic.unionpay_card(_r)
VISA = synthetic.visa_card(_r)
SOCIAL_LUHN = _with_luhn("6301" + "".join(_r.choice("0123456789") for _ in range(7)))  # a Maestro shape


def _failing_luhn(number: str) -> str:
    """The number with its last digit changed so that Luhn fails."""
    return next(number[:-1] + d for d in "0123456789" if not _luhn_ok(number[:-1] + d))


# ======================================================================================
# CN_MILITARY_ID
# ======================================================================================

MILITARY_TRUE = [
    _t("军官证号：南字第1234567号", ("CN_MILITARY_ID", "南字第1234567号"), id="officer card, label"),
    _t("证件类型：士兵证\n证件号码：士字第20190123号", ("CN_MILITARY_ID", "士字第20190123号"), id="soldier card, line before"),
    _t("文职干部证 政字第0012345号", ("CN_MILITARY_ID", "政字第0012345号"), id="civilian cadre card"),
    _t("警官证：警字第123456号", ("CN_MILITARY_ID", "警字第123456号"), id="police officer card"),
    _t("军官证 空字第7654321", ("CN_MILITARY_ID", "空字第7654321"), id="without the closing 号"),
]
MILITARY_FALSE = [
    _f("(2015)朝民初字第12345号", "CN_MILITARY_ID", id="court case number"),
    _f("许可证编号：京卫医字第123456号", "CN_MILITARY_ID", id="medical licence number"),
    _f("南字第1234567号", "CN_MILITARY_ID", id="shape alone"),
    _f("军官证号：南字第123号", "CN_MILITARY_ID", id="too few digits"),
    _f("军官证号：南字第1234567890号", "CN_MILITARY_ID", id="too many digits"),
]

# ======================================================================================
# CN_SOCIAL_SECURITY
# ======================================================================================

SOCIAL_TRUE = [
    _t("社保卡号：A12345678", ("CN_SOCIAL_SECURITY", "A12345678"), id="card number, letter + 8 digits"),
    _t("社会保障卡号 D87654321", ("CN_SOCIAL_SECURITY", "D87654321"), id="社会保障卡号 label"),
    _t("社保电脑号：612345678", ("CN_SOCIAL_SECURITY", "612345678"), id="9-digit personal number"),
    _t("个人社保编号\n1002345678", ("CN_SOCIAL_SECURITY", "1002345678"), id="10 digits, label on the line before"),
    # The 社会保障号码 is the ID number: one finding, as the ID.
    _t(f"社保号：{ID}", ("CN_RESIDENT_ID", ID), id="an ID number stays CN_RESIDENT_ID"),
    _t(f"社保卡号：{CARD}", ("CN_BANK_CARD", CARD), id="the card's bank account stays CN_BANK_CARD"),
    _t("社保号 13812345678", ("CN_MOBILE_PHONE", "13812345678"), id="a mobile number stays a phone"),
    _t(f"社保电脑号：{SOCIAL_LUHN}", ("CN_SOCIAL_SECURITY", SOCIAL_LUHN), id="a 电脑号 passing Luhn is no card"),
]
SOCIAL_FALSE = [
    _f("A12345678", "CN_SOCIAL_SECURITY", id="shape alone"),
    _f("社保缴费金额 12345678", "CN_SOCIAL_SECURITY", id="amount label"),
    _f("社保缴费日期 20240305", "CN_SOCIAL_SECURITY", id="compact date"),
    _f("社保专员 工号：20231234", "CN_SOCIAL_SECURITY", id="employee number label"),
    _f("社保卡号：A1234567", "CN_SOCIAL_SECURITY", id="too short"),
]

# ======================================================================================
# CN_DRIVER_LICENSE
# ======================================================================================

LICENCE = synthetic.driver_license_file(_r)
LICENCE_2 = synthetic.driver_license_file(_r)
# Shaanxi (61) numbers sit in the 60-61 Discover/Maestro range: one that also passes Luhn.
LICENCE_LUHN = _with_luhn("6101" + "".join(_r.choice("0123456789") for _ in range(7)))

DRIVER_TRUE = [
    _t(f"驾驶证档案编号：{LICENCE}", ("CN_DRIVER_LICENSE", LICENCE), id="file number, label"),
    _t(f"驾照档案编号\n{LICENCE_2}", ("CN_DRIVER_LICENSE", LICENCE_2), id="label on the line before"),
    _t(f"驾驶证号：{ID}", ("CN_RESIDENT_ID", ID), id="the licence number is the ID number"),
    _t(f"驾驶证档案编号：{LICENCE_LUHN}", ("CN_DRIVER_LICENSE", LICENCE_LUHN), id="a number passing Luhn is no card"),
]
DRIVER_FALSE = [
    _f(LICENCE, "CN_DRIVER_LICENSE", id="shape alone"),
    _f("档案编号：990100123456", "CN_DRIVER_LICENSE", id="no province 99"),
    _f("驾驶证档案编号：200101234567", "CN_DRIVER_LICENSE", id="timestamp-like, no province 20"),
    _f(f"驾驶证档案编号：{LICENCE[:11]}", "CN_DRIVER_LICENSE", id="11 digits"),
    _f(f"驾驶证档案编号：{LICENCE}7", "CN_DRIVER_LICENSE", id="13 digits"),
]

# ======================================================================================
# CN_BANK_ACCOUNT
# ======================================================================================

ACCOUNT = synthetic.bank_account(_r)
ACCOUNT_GROUPED = " ".join(ACCOUNT[i:i + 4] for i in range(0, len(ACCOUNT), 4))
ACCOUNT_20 = "4405" + "".join(_r.choice("0123456789") for _ in range(16))
ACCOUNT_12 = "3364" + "".join(_r.choice("0123456789") for _ in range(8))

ACCOUNT_TRUE = [
    _t(f"开户行：中国工商银行北京分行 账号：{ACCOUNT_GROUPED}", ("CN_BANK_ACCOUNT", ACCOUNT_GROUPED), id="grouped, 账号"),
    _t(f"账号：{ACCOUNT_20}", ("CN_BANK_ACCOUNT", ACCOUNT_20), id="20 digits"),
    _t(f"开户行：中国银行\n{ACCOUNT_12}", ("CN_BANK_ACCOUNT", ACCOUNT_12), id="12 digits, bank on the line before"),
    _t(f"Account No.: {ACCOUNT}", ("CN_BANK_ACCOUNT", ACCOUNT), id="English label"),
    _t(f"账号：{CARD}", ("CN_BANK_CARD", CARD), id="a UnionPay card stays CN_BANK_CARD"),
    _t(f"银行账号 {VISA}", ("CREDIT_CARD", VISA), id="a Visa card stays CREDIT_CARD"),
    _t(f"户名：张三 账号：{ID}", ("CN_RESIDENT_ID", ID), ("PERSON", "张三"), id="an ID number stays CN_RESIDENT_ID"),
]
ACCOUNT_FALSE = [
    _f(ACCOUNT, "CN_BANK_ACCOUNT", id="digits alone"),
    _f("订单号：20240305123456789012", "CN_BANK_ACCOUNT", id="order number"),
    _f("交易流水号 202403051234567890 已入账号", "CN_BANK_ACCOUNT", id="transaction number"),
    _f("QQ账号：123456789012", "CN_BANK_ACCOUNT", id="QQ account"),
    _f("登录账号：100000123456789", "CN_BANK_ACCOUNT", id="login account"),
    _f("用户名：100000123456789", "CN_BANK_ACCOUNT", id="user name holds 户名"),
    _f("账号：12345678901", "CN_BANK_ACCOUNT", id="11 digits"),
]

# ======================================================================================
# CN_POSTCODE
# ======================================================================================

ADDRESS = "北京市朝阳区建国路88号"

POSTCODE_TRUE = [
    _t("邮编：100022", ("CN_POSTCODE", "100022"), id="邮编"),
    _t("邮政编码 518057", ("CN_POSTCODE", "518057"), id="邮政编码"),
    _t("Zip: 200001", ("CN_POSTCODE", "200001"), id="zip"),
    _t("postcode 310012", ("CN_POSTCODE", "310012"), id="postcode"),
    _t(f"{ADDRESS} 100022", ("CN_ADDRESS", ADDRESS), ("CN_POSTCODE", "100022"), id="after an address"),
    _t(f"100022 {ADDRESS}", ("CN_ADDRESS", ADDRESS), ("CN_POSTCODE", "100022"), id="before an address"),
    _t("广东省深圳市南山区科技园路1号3栋1201室，518057",
       ("CN_ADDRESS", "广东省深圳市南山区科技园路1号3栋1201室"), ("CN_POSTCODE", "518057"), id="after a room number"),
]
POSTCODE_FALSE = [
    _f("100022", "CN_POSTCODE", id="six digits alone"),
    _f("job 123456 finished in 3 s", "CN_POSTCODE", id="job number"),
    _f("邮编：999077", "CN_POSTCODE", id="China Post's internal code for Hong Kong"),
    _f("邮编：090001", "CN_POSTCODE", id="no postal province 09"),
    _f("邮编 1000222", "CN_POSTCODE", id="seven digits"),
    _f("退款金额 100022 已到账", "CN_POSTCODE", id="amount"),
]

# ======================================================================================
# DATE_OF_BIRTH
# ======================================================================================

DOB_TRUE = [
    _t("出生日期：1990-01-02", ("DATE_OF_BIRTH", "1990-01-02"), id="ISO"),
    _t("生日 1990年1月2日", ("DATE_OF_BIRTH", "1990年1月2日"), id="年月日"),
    _t("1990年1月2日出生", ("DATE_OF_BIRTH", "1990年1月2日"), id="出生 after the date"),
    _t("出生年月：1985.07", ("DATE_OF_BIRTH", "1985.07"), id="year and month"),
    _t("出生年月 1985年7月", ("DATE_OF_BIRTH", "1985年7月"), id="year and month, 年月"),
    _t("出生日期 19900102", ("DATE_OF_BIRTH", "19900102"), id="compact"),
    _t("出生日期\n1990/1/2", ("DATE_OF_BIRTH", "1990/1/2"), id="label on the line before"),
    _t("DOB: 01/02/1990", ("DATE_OF_BIRTH", "01/02/1990"), id="US month first"),
    _t("DOB 13/01/1990", ("DATE_OF_BIRTH", "13/01/1990"), id="day first"),
    _t("Date of birth: Jan 2, 1990", ("DATE_OF_BIRTH", "Jan 2, 1990"), id="month name"),
    _t("birthday 2 January 1990", ("DATE_OF_BIRTH", "2 January 1990"), id="day month-name year"),
    _t("出生日期：1990-01-02 00:00:00", ("DATE_OF_BIRTH", "1990-01-02 00:00:00"), id="database midnight"),
    # The birth date inside an ID number is the ID's, contiguous or grouped.
    _t(f"出生日期见身份证 {ID}", ("CN_RESIDENT_ID", ID), id="date inside an ID"),
    _t(f"出生日期见身份证 {ID_GROUPED}", ("CN_RESIDENT_ID", ID_GROUPED), id="date inside a grouped ID"),
]
DOB_FALSE = [
    _f("1990-01-02", "DATE_OF_BIRTH", id="a bare date"),
    _f("2024-03-05 10:22:33 birthday reminder sent", "DATE_OF_BIRTH", id="log timestamp"),
    _f("出生日期：1990-02-30", "DATE_OF_BIRTH", id="no 30 February"),
    _f("出生日期：1899-12-31", "DATE_OF_BIRTH", id="before 1900"),
    _f("出生日期：2099-01-01", "DATE_OF_BIRTH", id="in the future"),
    _f("版本发布日期 2023-05-06", "DATE_OF_BIRTH", id="release date"),
    _f("生日会 timestamp: 2023-05-06", "DATE_OF_BIRTH", id="labelled as a timestamp"),
    _f("出生日期 2.1990.01.02", "DATE_OF_BIRTH", id="inside a dotted run"),
]

# ======================================================================================
# LOCATION_COORDINATES
# ======================================================================================

LAT, LNG = synthetic.coordinates(_r)

COORDINATES_TRUE = [
    _t(f"经纬度：{LNG},{LAT}", ("LOCATION_COORDINATES", f"{LNG},{LAT}"), id="经纬度, longitude first"),
    _t(f"GPS {LAT}, {LNG}", ("LOCATION_COORDINATES", f"{LAT}, {LNG}"), id="GPS, latitude first"),
    _t(f"当前位置 ({LAT}, {LNG})", ("LOCATION_COORDINATES", f"{LAT}, {LNG}"), id="bracketed"),
    _t(f'{{"lat": {LAT}, "lng": {LNG}}}', ("LOCATION_COORDINATES", f'{LAT}, "lng": {LNG}'), id="keyed JSON"),
    _t(f'{{"type": "Point", "coordinates": [{LNG}, {LAT}]}}', ("LOCATION_COORDINATES", f"{LNG}, {LAT}"),
       id="GeoJSON point"),
    _t(f"SRID=4326;POINT ({LNG} {LAT})", ("LOCATION_COORDINATES", f"{LNG} {LAT}"), id="WKT point"),
    _t(f"北纬{LAT}°，东经{LNG}°", ("LOCATION_COORDINATES", f"{LAT}°，东经{LNG}"), id="hemispheres"),
    _t("location: -33.868820, 151.209296", ("LOCATION_COORDINATES", "-33.868820, 151.209296"), id="south"),
    _t("lat/lng -22.906847,-43.172897", ("LOCATION_COORDINATES", "-22.906847,-43.172897"), id="south, west"),
]
COORDINATES_FALSE = [
    _f('{"zoom": 12, "center": [116.4, 39.9]}', "LOCATION_COORDINATES", id="map config, one decimal"),
    _f('{"zoom": 12, "center": [116.397, 39.908]}', "LOCATION_COORDINATES", id="map config centre"),
    _f(f"{LNG},{LAT}", "LOCATION_COORDINATES", id="pair alone"),
    _f("位置 200.123456, 100.456789", "LOCATION_COORDINATES", id="out of range"),
    _f("坐标 95.123456, 100.456789", "LOCATION_COORDINATES", id="neither a latitude"),
    _f("位置 1.2.3, 4.5.6", "LOCATION_COORDINATES", id="version strings"),
    _f("坐标 39.9, 116.4", "LOCATION_COORDINATES", id="too few decimals"),
    _f("位置 0.000000, 0.000000", "LOCATION_COORDINATES", id="null island: no position"),
    _f("latency 12.345, 67.890", "LOCATION_COORDINATES", id="latency holds 'lat', and labels it"),
    _f("elapsed 12.345 45.678", "LOCATION_COORDINATES", id="timings"),
]

# ======================================================================================
# DEVICE_ID
# ======================================================================================

IMEI = synthetic.imei(_r)
IMEI_2 = synthetic.imei(_r)
IMEI_DASHED = f"{IMEI[:2]}-{IMEI[2:8]}-{IMEI[8:14]}-{IMEI[14]}"
IMEI_AMEX_SHAPED = _with_luhn("37" + "".join(_r.choice("0123456789") for _ in range(12)))
IMSI = synthetic.imsi(_r)
MEID = synthetic.meid(_r)
MEID_CHECKED = synthetic.meid(_r, check=True)
ICCID = synthetic.iccid(_r)
ICCID_19 = synthetic.iccid(_r, 19)
IDFA = str(uuid.UUID(int=_r.getrandbits(128), version=4)).upper()
OAID = str(uuid.UUID(int=_r.getrandbits(128), version=4))
ANDROID_ID = f"{_r.getrandbits(64):016x}"
# Unknown country code 100 and failing Luhn: neither an IMSI nor an IMEI.
NOT_IMSI = next(c for c in ("100" + f"{_r.randrange(10**12):012d}" for _ in range(100)) if not _luhn_ok(c))

DEVICE_TRUE = [
    _t(f"IMEI: {IMEI}", ("DEVICE_ID", IMEI), id="IMEI"),
    _t(f"手机串号 {IMEI_2}", ("DEVICE_ID", IMEI_2), id="串号"),
    _t(f"IMEI号：{IMEI_DASHED}", ("DEVICE_ID", IMEI_DASHED), id="IMEI grouped 2-6-6-1"),
    _t(f"设备号：{IMEI}", ("DEVICE_ID", IMEI), id="设备号 labels a device id, not any number"),
    _t(f"IMEI {IMEI_AMEX_SHAPED}", ("DEVICE_ID", IMEI_AMEX_SHAPED), id="an IMEI is no card"),
    _t(f"IMSI：{IMSI}", ("DEVICE_ID", IMSI), id="IMSI 460"),
    _t(f"MEID: {MEID}", ("DEVICE_ID", MEID), id="MEID"),
    _t(f"MEID {MEID_CHECKED}", ("DEVICE_ID", MEID_CHECKED), id="MEID with check character"),
    _t(f"ICCID：{ICCID}", ("DEVICE_ID", ICCID), id="ICCID 20 digits"),
    _t(f"SIM卡号 {ICCID_19}", ("DEVICE_ID", ICCID_19), id="ICCID 19 digits"),
    _t(f"idfa={IDFA}", ("DEVICE_ID", IDFA), id="IDFA"),
    _t(f"广告标识符：{IDFA}", ("DEVICE_ID", IDFA), id="广告标识符"),
    _t(f'"oaid": "{OAID}"', ("DEVICE_ID", OAID), id="OAID"),
    _t(f"android_id: {ANDROID_ID}", ("DEVICE_ID", ANDROID_ID), id="Android ID, lower-case hex"),
    _t(f"IMEI {IMEI} 卡号 {CARD}", ("DEVICE_ID", IMEI), ("CN_BANK_CARD", CARD), id="a card beside it"),
]
DEVICE_FALSE = [
    _f(IMEI, "DEVICE_ID", id="IMEI digits alone"),
    _f(f"IMEI: {_failing_luhn(IMEI)}", "DEVICE_ID", id="IMEI failing Luhn"),
    _f("设备号：202403051022334", "DEVICE_ID", id="15-digit timestamp"),
    _f(f"IMSI：{NOT_IMSI}", "DEVICE_ID", id="unknown country code"),
    _f("MEID: DEADBEEFCAFEBA", "DEVICE_ID", id="hex word"),
    _f(f"ICCID：{_failing_luhn(ICCID)}", "DEVICE_ID", id="ICCID failing Luhn"),
    _f(f"设备号：{CARD}", "DEVICE_ID", id="a card labelled 设备号 is nothing"),
    _f(IDFA, "DEVICE_ID", id="bare UUID"),
    _f(f"request_id={IDFA} status=200", "DEVICE_ID", id="request id"),
    _f(f"uuid: {OAID}", "DEVICE_ID", id="labelled UUID"),
    _f("idfa=00000000-0000-0000-0000-000000000000", "DEVICE_ID", id="zeroed IDFA (tracking limited)"),
    _f(f"commit {ANDROID_ID}", "DEVICE_ID", id="hex token alone"),
]

ALL_TRUE = (MILITARY_TRUE + SOCIAL_TRUE + DRIVER_TRUE + ACCOUNT_TRUE + POSTCODE_TRUE + DOB_TRUE
            + COORDINATES_TRUE + DEVICE_TRUE)
ALL_FALSE = (MILITARY_FALSE + SOCIAL_FALSE + DRIVER_FALSE + ACCOUNT_FALSE + POSTCODE_FALSE + DOB_FALSE
             + COORDINATES_FALSE + DEVICE_FALSE)


@pytest.mark.parametrize("text, expected", ALL_TRUE)
def test_found(detect, text, expected):
    assert detect(text) == expected


@pytest.mark.parametrize("text, entity", ALL_FALSE)
def test_rejected(detect, text, entity):
    _assert_nothing(detect, text, entity)


# --- a column's name is context for every value in it ------------------------------------

COLUMN_CASES = [
    pytest.param("经纬度", f"{LNG},{LAT}", "LOCATION_COORDINATES", id="经纬度 column"),
    pytest.param("gps_location", f"{LAT} {LNG}", "LOCATION_COORDINATES", id="gps column"),
    pytest.param("idfa", IDFA, "DEVICE_ID", id="idfa column"),
    pytest.param("android_id", ANDROID_ID, "DEVICE_ID", id="android_id column"),
    pytest.param("imei", IMEI, "DEVICE_ID", id="imei column"),
    pytest.param("邮编", "310012", "CN_POSTCODE", id="邮编 column"),
    pytest.param("birthday", "1990-01-02 00:00:00", "DATE_OF_BIRTH", id="birthday column"),
    pytest.param("社保号", "612345678", "CN_SOCIAL_SECURITY", id="社保号 column"),
    pytest.param("银行账号", ACCOUNT, "CN_BANK_ACCOUNT", id="银行账号 column"),
    pytest.param("dabh", LICENCE, "CN_DRIVER_LICENSE", id="dabh (档案编号) column"),
]


@pytest.mark.parametrize("column, value, entity", COLUMN_CASES)
def test_a_column_named_so_gives_context(engine, column, value, entity):
    text = f"{value}\n{value}\n"
    found = [(r.entity_type, text[r.start:r.end]) for r in engine.analyze(text, (column,))]
    assert found == [(entity, value), (entity, value)]
    assert engine.analyze(text, ("备注",)) == []


def test_a_uuid_column_of_request_ids_is_nothing(engine):
    assert engine.analyze(f"{IDFA}\n{OAID}\n", ("request_id",)) == []


# --- masks show where, not who; one value written two ways is one fingerprint --------------

@pytest.mark.parametrize("entity, value, masked", [
    pytest.param("DATE_OF_BIRTH", "1990年1月2日", "19**-**-**", id="date of birth: the century"),
    pytest.param("DATE_OF_BIRTH", "01/02/1990 00:00:00", "19**-**-**", id="date of birth, US form"),
    pytest.param("DATE_OF_BIRTH", "不详", "**", id="not a date: all masked"),
    pytest.param("LOCATION_COORDINATES", '39.908823, "lng": 116.397470', "39.***,116.***", id="degrees"),
    pytest.param("CN_POSTCODE", "100022", "10****", id="postcode: the province"),
    pytest.param("CN_BANK_ACCOUNT", "0200 0012 3456 7890 123", "02*************0123", id="account"),
    pytest.param("DEVICE_ID", IMEI_DASHED, IMEI[:2] + "*" * 11 + IMEI[-2:], id="IMEI"),
    pytest.param("CN_MILITARY_ID", "南字第1234567号", "南字*******7号", id="military id"),
])
def test_masks(entity, value, masked):
    assert mask(entity, value) == masked


@pytest.mark.parametrize("entity, first, second", [
    ("DATE_OF_BIRTH", "1990年1月2日", "1990-01-02 00:00:00"),
    ("LOCATION_COORDINATES", f"{LAT}, {LNG}", f'{LAT}, "lng": {LNG}'),
    ("DEVICE_ID", IMEI, IMEI_DASHED),
    ("DEVICE_ID", IDFA, IDFA.lower()),
])
def test_one_value_written_two_ways_has_one_fingerprint(entity, first, second):
    assert fingerprint(b"k", entity, first) == fingerprint(b"k", entity, second)


# --- the prescan gives exactly what analysing everything gives ----------------------------

@pytest.mark.parametrize("text", [p.values[0] for p in ALL_TRUE + ALL_FALSE[::3]])
def test_fast_path_equals_analyze_everything(engine, text):
    def found(results):
        return sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in results)

    assert found(engine.analyze(text)) == found(engine.analyze_everything(text))


# ======================================================================================
# The CLI on real files: exact findings, and no raw value in the JSON report
# ======================================================================================

def test_cli_finds_coordinates_in_a_column_and_a_licence_in_text(tmp_path):
    rng = random.Random(7)
    points = [synthetic.coordinates(rng) for _ in range(3)]
    licence = synthetic.driver_license_file(rng)
    rows = "".join(f'u{k:04d},"{lng},{lat}",2024-03-0{k + 1} 10:00:00\n' 
                   for k, (lat, lng) in enumerate(points))
    (tmp_path / "轨迹.csv").write_text("用户ID,经纬度,上报时间\n" + rows, encoding="utf-8")
    (tmp_path / "驾驶人.txt").write_text(f"车辆登记备注\n驾驶证档案编号：{licence}\n联系人：无\n", encoding="utf-8")
    result = run("scan", ".", "--format", "json", "--fail-on", "never", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    report = json.loads(result.stdout)

    def whole(degrees: str) -> str:
        return degrees.split(".")[0]

    found = [(f["entity_type"], f["location"]["path"], f["location"].get("cell"), f["location"].get("line"),
              f["location"].get("column"), f["masked"]) for f in report["findings"]]
    assert found == [
        *[("LOCATION_COORDINATES", "轨迹.csv", f"B{k + 2}", None, None, f"{whole(lng)}.***,{whole(lat)}.***")
          for k, (lat, lng) in enumerate(points)],
        ("CN_DRIVER_LICENSE", "驾驶人.txt", None, 2, 9, f"{licence[:2]}********{licence[-2:]}"),
    ]
    raw = [licence] + [value for point in points for value in point]
    assert not [value for value in raw if value in result.stdout]


def test_a_column_of_serials_headed_设备号_is_judged_whole(engine, tmp_path):
    """One 15-digit run in three passes as an IMEI or IMSI by chance: a column named 设备号 holds
    device ids only when nearly all of its values pass (scanner/data/column_rules.yaml)."""
    rng = random.Random(11)
    imeis = [synthetic.imei(rng) for _ in range(30)]
    serials = [f"{rng.randrange(10**14, 10**15)}" for _ in range(30)]
    (tmp_path / "设备.csv").write_text("imei,设备号\n" + "".join(f"{a},{b}\n" for a, b in zip(imeis, serials)),
                                     encoding="utf-8")
    scanner = Scanner(engine, b"k", today=date(2026, 11, 24))
    report = scanner.scan([str(tmp_path)], [FileSource(tmp_path, WalkOptions())])
    assert [(c.column, c.entity_type, c.matching_rows) for c in report.columns] == [("imei", "DEVICE_ID", 30)]
    rejected = [c.column for c in report.columns_rejected if c.entity_type == "DEVICE_ID"]
    assert rejected == ["设备号"]


@pytest.mark.parametrize("seed", range(3))
def test_duplicates_removed_as_presidio_removes_them(seed):
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    from scanner.engine import remove_duplicates

    rng = random.Random(seed)
    for _ in range(3000):
        spread = rng.choice([6, 40, 400])  # from crowded (overlaps, duplicates) to a column's apart
        results = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randrange(spread)
            results.append(RecognizerResult(rng.choice(["PERSON", "CN_ADDRESS", "EMAIL_ADDRESS"]), start, start + rng.randint(0, 4),
                                            rng.choice([0.0, 0.4, 0.5, 0.85, 1.0])))
        expected = EntityRecognizer.remove_duplicates(list(results))
        assert [(r.entity_type, r.start, r.end, r.score) for r in remove_duplicates(results)] == [
            (r.entity_type, r.start, r.end, r.score) for r in expected]


@pytest.mark.parametrize("seed", range(3))
def test_words_and_spaces_are_spacys(seed):
    """The tokenizer's alignment of jieba's words with the text (one pass) gives what spaCy's
    quadratic ``get_words_and_spaces`` gives, spaces, tabs, line breaks and mismatches included."""
    import jieba
    from spacy.util import get_words_and_spaces

    from scanner.nlp import words_and_spaces

    rng = random.Random(seed)
    pieces = ["客户", "电话", " ", "  ", "\t", "\n", "13812345678", "a b", "：", "张伟", "\u3000", "x"]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        words = [word for word in jieba.cut(text, cut_all=False) if word]
        if rng.random() < 0.1 and words:
            words[rng.randrange(len(words))] = "不在文中"  # no alignment: both raise
        try:
            expected = get_words_and_spaces(words, text)
        except ValueError:
            with pytest.raises(ValueError):
                words_and_spaces(words, text)
            continue
        assert words_and_spaces(words, text) == expected
