"""Order numbers, amounts, serials and machine identifiers in prose and logs (issue 13, point 4).

Presidio's idiom: parametrized true cases (text -> the exact findings) and false cases (text
that must yield nothing), each built from synthetic, check-valid values, with a positive
control showing the value is found without the label or glue that vetoes it. Negative context
is read on the value's own line; identifier glue vetoes a value that is a piece of something
longer. The fast path must equal ``analyze_everything`` on every case.
"""

import json
import os
import random
import subprocess
import sys
from datetime import date

import pytest

from recognizers import yaml_recognizers
from scanner.engine import DetectionEngine
from scanner.values import fingerprint, mask
from tests import synthetic

_RNG = random.Random(20261203)


def _luhn_completed(partial: str) -> str:
    return partial + synthetic._luhn_digit(partial)


MOBILE = synthetic.mobile(_RNG)
CARD = synthetic.unionpay_card(_RNG)
VISA = synthetic.visa_card(_RNG)
RESIDENT_ID = synthetic.resident_id(_RNG, born=date(1984, 2, 7), district="110105")
MAESTRO_12 = _luhn_completed("56" + "".join(_RNG.choice("0123456789") for _ in range(9)))  # a UUID's last group can be all digits
DISCOVER_19 = _luhn_completed("65" + "".join(_RNG.choice("0123456789") for _ in range(16)))  # an HDFS block id is 19 digits
VALUES = {"mobile": MOBILE, "card": CARD, "visa": VISA, "id": RESIDENT_ID, "maestro": MAESTRO_12, "discover": DISCOVER_19}
ENTITY = {"mobile": "CN_MOBILE_PHONE", "card": "CN_BANK_CARD", "visa": "CREDIT_CARD", "id": "CN_RESIDENT_ID",
          "maestro": "CREDIT_CARD", "discover": "CREDIT_CARD"}


@pytest.fixture(scope="module")
def both(engine):
    """detect(text) through the fast path, asserted equal to analysing everything."""

    def run(text: str) -> list[tuple[str, str]]:
        fast = sorted((r.entity_type, text[r.start:r.end], r.start, r.end) for r in engine.analyze(text))
        reference = sorted((r.entity_type, text[r.start:r.end], r.start, r.end) for r in engine.analyze_everything(text))
        assert fast == reference
        return [(entity, value) for entity, value, _, _ in fast]

    return run


@pytest.mark.parametrize("kind", sorted(VALUES))
def test_each_value_is_found_on_its_own(both, kind):
    """Positive control: the values below are vetoed by their label or glue, not by their shape."""
    assert both(f"值 {VALUES[kind]} 。") == [(ENTITY[kind], VALUES[kind])]


NEGATIVE_LABELS = [
    "订单号：{card}", "订单号 {mobile}", "订单{visa}", "订单编号为 {id}", "流水号{card}", "单号: {mobile}", "运单号 {mobile}",
    "交易号={card}", "交易流水号：{visa}", "金额 {mobile} 元", "余额：{mobile}", "序列号 {mobile}", "设备号：{id}", "批次号 {card}",
    "order {card}", "order_id={mobile}", "orderNo: {visa}", "Order #{card}", "orders/{mobile}", "txn {card}",
    "transaction id: {visa}", "TransactionID={card}", "serial no. {mobile}", "S/N: {mobile}", "SN {card}", "IMEI {discover}",
    "blk_-{discover}", "blk_{discover}", "block {mobile}", "size of {mobile}", "bytes={mobile}", "build {mobile}",
    "traceId={mobile}", "trace_id: {card}", "request id {mobile}", "X-Request-ID: {mobile}", "span {mobile}", "spanId={visa}",
    "pid {mobile}", "port={mobile}", "offset {mobile}", "seq={mobile}", "version {mobile}", "timestamp {mobile}",
    "checksum {card}", "md5: {mobile}", "sha256 {visa}", "Closes: #{mobile}", "bug {card}", "testcase {visa}",
    "https://oss-fuzz.com/testcase-detail/{visa}", "https://github.com/o/r/pull/{mobile}", '"order_no": "{card}"',
    "<txn>{card}</txn>", "lsn {mobile}",
]


@pytest.mark.parametrize("template", NEGATIVE_LABELS)
def test_a_negative_label_vetoes_its_value(both, template):
    assert both("2026-12-03 10:02:30 INFO " + template.format(**VALUES) + " done") == []


@pytest.mark.parametrize("template", ["{mobile} bytes", "{mobile}KB", "{mobile} kB free", "{mobile} ms", "{mobile} 字节"])
def test_a_unit_after_the_value_vetoes_it(both, template):
    assert both("读取 " + template.format(**VALUES)) == []


@pytest.mark.parametrize("template, kind", [
    ("订单号 {card} 客户手机 {mobile}", "mobile"),  # the phone has its own label, closer than 订单号
    ("订单号 {card}，客户身份证 {id}", "id"),
    ("order {card} phone {mobile}", "mobile"),
    ("订单手机号 {mobile}", "mobile"),  # the label nearest the value is 手机号
    ("订单已发货，请联系 {mobile}", "mobile"),  # 订单 is on the line, but labels another thing
    ("the order was placed by card {visa}", "visa"),
    ("border {mobile}", "mobile"),  # "order" inside a word is no label
    ("Contacts: {mobile}", "mobile"),  # nor "ts"
    ("{mobile} 张三", "mobile"),
    ("tel-{mobile}", "mobile"),  # one word joined by '-' is a label, not an identifier
    ("客户 {mobile} 2 次来电", "mobile"),  # a digit group on one side only
])
def test_a_value_with_its_own_label_is_still_found(both, template, kind):
    text = template.format(**VALUES)
    assert (ENTITY[kind], VALUES[kind]) in both(text)
    assert all(value != VALUES["card"] for _, value in both(text))


GLUE = [
    "wait_for_{mobile}", "user_{mobile}_backup", "{mobile}_tmp", "task_{mobile}", "x{{1}}_{card}",
    "550e8400-e29b-41d4-a716-{maestro}", "deadbeef-{mobile}-cafe", "{mobile}-41d4-a716", "a3f9-0c2d-{card}",
    "pi=0.{mobile}", "{mobile}.25", "3.{visa}", "110105 {mobile} 2859", "12-{mobile}-34", "110105-{mobile}-285X",
    "hb-fuzzer-{card}", "minimized-hb-subset-fuzzer-{visa} | Bin 0 -> 1731", "harfbuzz_fuzzer-{visa}",
]


@pytest.mark.parametrize("template", GLUE)
def test_identifier_glue_vetoes_a_value(both, template):
    assert both("log " + template.format(**VALUES).replace("{1}", "1") + " end") == []


@pytest.mark.parametrize("text, expected", [
    ("https://git.example.org/cgit/coreutils.git/commit/?id=ef9650170", []),  # a commit id, not passport EF9650170
    ("fixed in e12345678", []),
    ("护照 EF9650170", [("CN_PASSPORT", "EF9650170")]),
    ("护照 E12345678", [("CN_PASSPORT", "E12345678")]),
])
def test_a_lower_case_hex_token_is_a_hash_not_a_document(both, text, expected):
    assert both(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("龙川县 12.8020653633\n进贤县 13.2075304714", []),  # a word list with weights: no house number 12
    ("北京市朝阳区 12", []),  # nor a bare number after a division (丁青县 3 nr in jieba's dictionary)
    ("北京市朝阳区 12号", [("CN_ADDRESS", "北京市朝阳区 12号")]),
])
def test_a_decimal_is_no_house_number(both, text, expected):
    assert both(text) == expected


def test_a_value_inside_a_hex_literal_is_vetoed_for_a_recognizer_without_boundaries(tmp_path):
    """Built-in patterns never start after a letter; a plugin's may (here an unbounded 11-digit pattern)."""
    path = tmp_path / "r.yaml"
    path.write_text('recognizers:\n  - {name: Eleven, supported_entity: ELEVEN, patterns: [{name: e, regex: "[0-9]{11}", score: 0.9}]}\n',
                    encoding="utf-8")
    engine = DetectionEngine([item.recognizer for item in yaml_recognizers(path)], min_score=0.4)
    assert [(r.entity_type, r.start) for r in engine.analyze("值 13812345678")] == [("ELEVEN", 2)]
    assert engine.analyze("addr 0x13812345678") == engine.analyze_everything("addr 0x13812345678") == []


def test_a_recognizer_may_bring_its_own_negative_labels(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(
        "recognizers:\n"
        "  - name: Employee\n    supported_entity: EMPLOYEE_ID\n    context: [工号]\n    negative_context: [工单, ticket ref]\n"
        '    patterns: [{name: emp, regex: "(?<![0-9A-Za-z])EMP-[0-9]{6}(?![0-9A-Za-z])", score: 0.6}]\n', encoding="utf-8")
    engine = DetectionEngine([item.recognizer for item in yaml_recognizers(path)], min_score=0.4)
    for text, expected in [("工号 EMP-123456", 1), ("工单 EMP-123456", 0), ("ticket_ref=EMP-123456", 0), ("see EMP-123456", 1)]:
        assert len(engine.analyze(text)) == len(engine.analyze_everything(text)) == expected, text


def test_a_negative_label_on_the_line_before_does_not_veto(both):
    """Only the value's own line is read: a label above labels the line, not necessarily this value."""
    assert both(f"订单号：\n客户 {MOBILE}") == [("CN_MOBILE_PHONE", MOBILE)]


# --- IPv6 and scope operators -----------------------------------------------------------

@pytest.mark.parametrize("text", ["class Abc::Def {", "A::B", "using std::map;", "Foo::Bar::baz()", "Cafe::Face::new",
                                  "impl Add::add", "BEEF::CAFE", "Dead::Beef"])
def test_scope_operators_are_not_ipv6(both, text):
    assert both(text) == []


@pytest.mark.parametrize("address", ["::", "::1", "fe80::1%eth0", "2345:0425:2CA1::0567:5673:23b5", "2001:db8::8a2e:370:7334",
                                     "::ffff:192.0.2.1", "FE80::1", "2001:0db8:0000:0000:0000:ff00:0042:8329"])
def test_ipv6_addresses_are_still_found(both, address):
    assert both(f"client {address} connected") == [("IP_ADDRESS", address)]


# --- IDs written in groups ----------------------------------------------------------------

def _grouped(number: str, separator: str) -> str:
    return separator.join((number[:6], number[6:14], number[14:]))


@pytest.mark.parametrize("separator", [" ", "-"])
@pytest.mark.parametrize("label", ["", "身份证 ", "澳门身份证 "])
def test_an_id_in_groups_is_one_resident_id_and_no_macau_id(both, separator, label):
    grouped = _grouped(RESIDENT_ID, separator)
    assert both(f"{label}{grouped}") == [("CN_RESIDENT_ID", grouped)]
    assert mask("CN_RESIDENT_ID", grouped) == mask("CN_RESIDENT_ID", RESIDENT_ID) == "110105********" + RESIDENT_ID[-4:]
    assert fingerprint(b"k" * 32, "CN_RESIDENT_ID", grouped) == fingerprint(b"k" * 32, "CN_RESIDENT_ID", RESIDENT_ID)


@pytest.mark.parametrize("grouped", [
    _grouped(RESIDENT_ID[:17] + ("0" if RESIDENT_ID[17] != "0" else "1"), " "),  # a wrong check character
    RESIDENT_ID[:6] + "-" + RESIDENT_ID[6:14] + " " + RESIDENT_ID[14:],  # two kinds of separator
])
def test_a_grouped_number_that_is_no_id_yields_nothing_not_its_date(both, grouped):
    assert both(f"身份证 {grouped}") == []


# --- full-width digits and letters --------------------------------------------------------

_FULL = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                      "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ")


@pytest.mark.parametrize("label, value, entity", [
    ("手机", MOBILE, "CN_MOBILE_PHONE"),
    ("身份证号", RESIDENT_ID, "CN_RESIDENT_ID"),
    ("卡号", CARD, "CN_BANK_CARD"),
    ("护照", "E" + MOBILE[3:], "CN_PASSPORT"),
    ("台湾身份证", synthetic.tw_id(_RNG), "TW_ID_CARD"),
    ("车牌", "京AB1234", "CN_LICENSE_PLATE"),
])
def test_full_width_values_are_found_masked_and_fingerprinted_as_their_ascii_form(both, label, value, entity):
    wide = value.translate(_FULL)
    assert wide != value
    text = f"客户{label}：{wide}。"
    assert both(text) == [(entity, wide)]
    assert mask(entity, wide) == mask(entity, value)
    assert fingerprint(b"k" * 32, entity, wide) == fingerprint(b"k" * 32, entity, value)


def test_full_width_values_through_the_cli_keep_their_columns(tmp_path):
    wide = MOBILE.translate(_FULL)
    (tmp_path / "a.txt").write_text(f"第一行\n客户手机：{wide}，ＡＢ１２３\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"客户手机：{MOBILE}\n", encoding="utf-8")
    environment = {**os.environ, "PIPLSCAN_FINGERPRINT_KEY": "k" * 32}
    result = subprocess.run([sys.executable, "-c", "from scanner.cli import main; main()", "scan", "a.txt", "b.txt", "--format", "json"],
                            cwd=tmp_path, env=environment, capture_output=True, encoding="utf-8", timeout=300)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["location"]["path"], f["location"]["line"], f["location"]["column"], f["location"]["end_column"]) for f in findings] == [
        ("a.txt", 2, 6, 17), ("b.txt", 1, 6, 17)]
    assert findings[0]["masked"] == findings[1]["masked"] == MOBILE[:3] + "****" + MOBILE[-4:]
    assert findings[0]["fingerprint"] == findings[1]["fingerprint"]


# --- the fast path equals analysing everything --------------------------------------------

def test_fast_path_equals_analyze_everything_on_a_mixed_log(engine):
    rng = random.Random(7)
    lines = [
        "2026-12-03 10:02:30,114 INFO dfs.DataNode$PacketResponder: Received block blk_-" + DISCOVER_19 + " of size 67108864",
        f"2026-12-03 10:02:31 WARN order {CARD} shipped; 客户手机 {MOBILE}",
        "订单号：", f"{VISA}", f"txn={VISA} amount={MOBILE} 元",
        f"客户张三 身份证 {_grouped(RESIDENT_ID, ' ')} 卡号 {CARD}",
        "class Abc::Def : public A::B { std::map<int, int> m; }; // peer fe80::1%eth0",
        f"trace 550e8400-e29b-41d4-a716-{MAESTRO_12} took 12 ms; 台胞证 {MOBILE[3:]}",
        f"全角：{MOBILE.translate(_FULL)} 联系人 李四 {synthetic.email(rng)}",
        f"request_id={MOBILE} user_{MOBILE}_x 0.{MOBILE} 手机 {synthetic.mobile(rng)}",
    ]
    text = "\n".join(lines * 3) + "\n"
    fast = sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in engine.analyze(text))
    reference = sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in engine.analyze_everything(text))
    assert fast == reference
    reported = {(entity, text[start:end]) for entity, start, end, _ in fast}
    assert {("CN_MOBILE_PHONE", MOBILE), ("CN_BANK_CARD", CARD), ("CN_RESIDENT_ID", _grouped(RESIDENT_ID, " "))} <= reported
    assert not {value for _, value in reported} & {DISCOVER_19, MAESTRO_12, "Abc::Def", "A::B"}


# --- the candidate pass (scanner/candidates.py) -------------------------------------------

_PIECES = ["0", "1", "9", " ", "-", ".", "/", ":", "@", "_", "x", "A", "F", "年", "月", "号", "，", "\n", "\t", "客户", "身份证",
           "13800138000", "110101199003074316", "6222020000000000", "li.si@example.com", "fe80::1%eth0", "1990-01-02",
           "POINT(116.397 39.908)", "北纬39.908 东经116.397", "邮编100000", "京A12345", "İ"]


@pytest.mark.parametrize("hyperscan_present", [True, False])
def test_candidate_pass_gives_exactly_the_matches_of_each_expression(engine, monkeypatch, hyperscan_present):
    from scanner import candidates

    if not hyperscan_present:
        monkeypatch.setattr(candidates, "hyperscan", None)
    multi = candidates.MultiPattern(engine._expressions)
    assert all(candidates.reach(e.pattern, e.flags) is not None for e in engine._expressions)  # built-ins stay bounded
    rng = random.Random(16)
    for _ in range(150):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 300)))
        for expression, matches in zip(engine._expressions, multi.matches(text)):
            expected = [m.span() for m in candidates.regex.compile(expression.pattern, expression.flags).finditer(text)]
            assert [m.span() for m in matches] == expected, (expression.pattern, text)


def test_one_long_line_is_read_as_its_lines_are(engine):
    """Context is bounded in characters: the same records on one line or on many give the same
    values, and both paths agree."""
    rng = random.Random(3)
    records = [f"客户{synthetic.person_name(rng)} 手机 {synthetic.mobile(rng)} 身份证号 {synthetic.resident_id(rng)} 订单 {rng.randrange(10**12)}"
               for _ in range(40)]
    for separator in ("\n", "  "):
        text = separator.join(records)
        fast = sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in engine.analyze(text))
        assert fast == sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in engine.analyze_everything(text))
        assert sum(1 for entity, *_ in fast if entity == "CN_MOBILE_PHONE") == 40
