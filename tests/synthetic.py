"""Synthetic, checksum-valid fake personal data for tests, examples and benchmarks.

Check characters are computed here from the published algorithms, independently of
the product's validators, so a test that finds these values checks the product
against a second implementation. Nothing here is a real person's data.
"""

import random
from datetime import date, timedelta

import phonenumbers

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥建华建国志强春梅海燕"
MOBILE_SEGMENTS = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                   "158", "159", "166", "176", "177", "180", "181", "186", "187", "188", "189", "198", "199"]
AREA_CODES = ["010", "021", "022", "023", "020", "0755", "0571", "025", "027", "028", "0731", "0351"]
DISTRICTS = ["110101", "110105", "310104", "440305", "330106", "510107", "320102", "420106", "610113", "120101"]


def _luhn_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def resident_id(rng: random.Random, born: date | None = None, district: str | None = None) -> str:
    born = born or date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    body = (district or rng.choice(DISTRICTS)) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    return body + check


def legacy_resident_id(rng: random.Random) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 40))
    return rng.choice(DISTRICTS) + born.strftime("%y%m%d") + f"{rng.randrange(1000):03d}"


def mobile(rng: random.Random) -> str:
    while True:
        number = rng.choice(MOBILE_SEGMENTS) + f"{rng.randrange(10**8):08d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "CN")):
            return number


def landline(rng: random.Random) -> str:
    while True:
        area = rng.choice(AREA_CODES)
        rest = 7 if len(area) == 3 else 6  # 8-digit local numbers after 3-digit area codes, 7 after 4
        local = str(rng.randint(2, 8)) + f"{rng.randrange(10**rest):0{rest}d}"
        number = f"{area}-{local}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "CN")):
            return number


def unionpay_card(rng: random.Random, length: int = 19) -> str:
    partial = "62" + rng.choice(["2202", "2848", "1700", "2588", "1483"]) + "".join(rng.choice("0123456789") for _ in range(length - 7))
    return partial + _luhn_digit(partial)


def visa_card(rng: random.Random) -> str:
    partial = "4" + "".join(rng.choice("0123456789") for _ in range(14))
    return partial + _luhn_digit(partial)


def uscc(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + rng.choice(DISTRICTS) + "".join(rng.choice(alphabet) for _ in range(9))
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    return body + alphabet[(31 - sum(alphabet.index(c) * w for c, w in zip(body, weights)) % 31) % 31]


def passport(rng: random.Random) -> str:
    return rng.choice("EG") + f"{rng.randrange(10**8):08d}"


def hk_id(rng: random.Random, bracketed: bool = True) -> str:
    letter = rng.choice("ABCDEGHKMPRVWYZ")
    digits = f"{rng.randrange(10**6):06d}"
    values = [36, ord(letter) - 55] + [int(d) for d in digits]
    check = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1))) % 11) % 11
    check_char = "A" if check == 10 else str(check)
    return f"{letter}{digits}({check_char})" if bracketed else f"{letter}{digits}{check_char}"


def tw_id(rng: random.Random) -> str:
    codes = {"A": 10, "B": 11, "F": 15, "H": 17, "K": 19, "Q": 24, "T": 27}
    letter = rng.choice(sorted(codes))
    body = rng.choice("12") + f"{rng.randrange(10**7):07d}"
    code = codes[letter]
    total = code // 10 + (code % 10) * 9 + sum(int(d) * w for d, w in zip(body, range(8, 0, -1)))
    return letter + body + str((10 - total % 10) % 10)


def iban_de(rng: random.Random) -> str:
    bban = f"{rng.randrange(10**8):08d}{rng.randrange(10**10):010d}"
    check = 98 - int(bban + "131400") % 97  # "DE00" moved to the end, letters as numbers
    return f"DE{check:02d}{bban}"


def email(rng: random.Random) -> str:
    user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
    return f"{user}{rng.randrange(100)}@{rng.choice(['example.com', 'example.cn', 'mail.example.org'])}"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def imei(rng: random.Random) -> str:
    """Reporting body 86 (China) or 35, then the rest of the type allocation code and a serial."""
    partial = rng.choice(["86", "35"]) + _digits(rng, 12)
    return partial + _luhn_digit(partial)


def meid(rng: random.Random, check: bool = False) -> str:
    """Manufacturer code in the A0-FF range, serial; the check character is Luhn over hex digits."""
    body = rng.choice("ABCDEF") + "".join(rng.choice("0123456789ABCDEF") for _ in range(13))
    if not check:
        return body
    total = 0
    for i, ch in enumerate(reversed(body)):
        value = int(ch, 16) * (2 if i % 2 == 0 else 1)
        total += value // 16 + value % 16
    return body + "0123456789ABCDEF"[(16 - total % 16) % 16]


def imsi(rng: random.Random) -> str:
    return "460" + rng.choice(["00", "01", "03", "11"]) + _digits(rng, 10)


def iccid(rng: random.Random, length: int = 20) -> str:
    partial = "8986" + _digits(rng, length - 5)
    return partial + _luhn_digit(partial)


def driver_license_file(rng: random.Random) -> str:
    """驾驶证档案编号: the issuing province and prefecture (GB/T 2260), then a serial."""
    return rng.choice(DISTRICTS)[:4] + _digits(rng, 8)


def bank_account(rng: random.Random) -> str:
    """An ICBC-style 19-digit account: a 4-digit branch (0200 Beijing), never a card's issuer prefix."""
    return "0200" + _digits(rng, 15)


def coordinates(rng: random.Random) -> tuple[str, str]:
    """(latitude, longitude) within mainland China, six decimals."""
    return f"{rng.uniform(22, 45):.6f}", f"{rng.uniform(100, 122):.6f}"


def customer_row(rng: random.Random) -> dict[str, str]:
    return {"name": person_name(rng), "id": resident_id(rng), "mobile": mobile(rng), "card": unionpay_card(rng), "email": email(rng)}


PROSE = (
    "根据公司年度经营计划，各部门应当在规定期限内完成预算编制和绩效考核工作。"
    "本季度市场部共组织了三次客户回访活动，收集意见建议若干条，整体满意度较上年有所提升。"
    "项目组在第2阶段完成了系统升级，处理能力提高约30%，平均响应时间缩短到200毫秒以内。"
    "会议强调，要进一步加强数据安全管理，落实个人信息保护责任，定期开展风险评估和应急演练。"
    "2025年共计发布产品版本12个，修复缺陷约450项，其中严重缺陷17项已全部关闭。"
    "培训中心本月安排了合规、财务、技术三类课程，参训人数达到186人次，考核通过率为94%。"
)


def prose_line(rng: random.Random, length: int = 120) -> str:
    start = rng.randrange(len(PROSE) - length)
    return PROSE[start:start + length]
