"""Sensitive categories (HEALTH_INFO, RELIGION, CN_ETHNICITY, MARITAL_HISTORY, SEXUAL_ORIENTATION,
CRIMINAL_RECORD, BIOMETRIC) and CREDENTIAL, through the real engine with every built-in recognizer:
a value of a category is a finding beside its label, on a person's record or in a record document,
never as a word of a policy, an advertisement or the news. Every person and number is synthetic
(tests/synthetic.py, seeded); the policy, news and advertisement lines are written here.
"""

import base64
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from recognizers import load_recognizers, restrict_to
from recognizers.base import FORM_LINE, Records
from scanner.engine import DetectionEngine
from scanner.values import fingerprint, mask, normalise
from tests import synthetic

_SCRIPT = Path(sys.executable).with_name("piplscan")
CLI = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from scanner.cli import main; main()"]

SENSITIVE = {"HEALTH_INFO", "RELIGION", "CN_ETHNICITY", "MARITAL_HISTORY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD",
             "BIOMETRIC", "CREDENTIAL"}

_r = random.Random(1528)
ID = synthetic.resident_id(_r)
MOBILE = synthetic.mobile(_r)
CARD = synthetic.unionpay_card(_r)
VISA = synthetic.visa_card(_r)
EMAIL = synthetic.email(_r)
TEMPLATE = base64.b64encode(random.Random(7).randbytes(300)).decode()
VECTOR = "[" + ", ".join(f"{random.Random(i).uniform(-1, 1):.4f}" for i in range(16)) + "]"


@pytest.fixture(scope="module")
def found(engine):
    """found(text, context) -> sorted [(entity_type, value)] of the sensitive types."""

    def run(text: str, context: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        return sorted((r.entity_type, text[r.start:r.end]) for r in engine.analyze(text, context) if r.entity_type in SENSITIVE)

    return run


TRUE = [
    # HEALTH_INFO: a diagnosis or a drug beside its label, on a person's record, in a record
    pytest.param("姓名：周建国 诊断：2型糖尿病、高血压", [("HEALTH_INFO", "2型糖尿病"), ("HEALTH_INFO", "高血压")],
                 id="health-label-two-diagnoses"),
    pytest.param(f"客户王秀英 {MOBILE} 已确诊乳腺癌", [("HEALTH_INFO", "乳腺癌")], id="health-beside-phone"),
    pytest.param(f"{ID}，既往史：否认冠心病，长期服用二甲双胍", [("HEALTH_INFO", "二甲双胍"), ("HEALTH_INFO", "冠心病")],
                 id="health-history-and-drug"),
    pytest.param("diagnosis: type 2 diabetes; medications: metformin",
                 [("HEALTH_INFO", "metformin"), ("HEALTH_INFO", "type 2 diabetes")], id="health-english-labels"),
    pytest.param(f"Patient Anna Lindqvist, {EMAIL}, asthma since 2019", [("HEALTH_INFO", "asthma")],
                 id="health-english-record"),
    pytest.param("门诊病历\n姓名：孙丽华  性别：女  年龄：52\n主诉：头晕三天\n体格检查：血压160/100\n处理：建议复查，警惕脑梗",
                 [("HEALTH_INFO", "脑梗"), ("HEALTH_INFO", "头晕三天")], id="health-record-document"),  # 主诉 by its label
    pytest.param("性别 男民族汉\n出生 1953年3月31日", [("CN_ETHNICITY", "汉")], id="ocr-label-and-value-in-one-box"),
    pytest.param("民族汉族 婚姻状况已婚", [("CN_ETHNICITY", "汉族"), ("MARITAL_HISTORY", "已婚")], id="label-without-separator"),
    # RELIGION
    pytest.param("宗教信仰：佛教", [("RELIGION", "佛教")], id="religion-label"),
    pytest.param('{"name": "Li Wei", "religion": "Buddhist"}', [("RELIGION", "Buddhist")], id="religion-json-key"),
    pytest.param("宗教信仰：□佛教 ☑基督教 □伊斯兰教", [("RELIGION", "基督教")], id="religion-checked-option"),
    pytest.param(f"会员 {MOBILE} 穆斯林，饮食禁忌请注意", [("RELIGION", "穆斯林")], id="religion-beside-phone"),
    # CN_ETHNICITY
    pytest.param("民族：汉族", [("CN_ETHNICITY", "汉族")], id="ethnicity-label"),
    pytest.param("民族：回", [("CN_ETHNICITY", "回")], id="ethnicity-short-form-after-label"),
    pytest.param("姓名\n马晓东\n民族\n回族", [("CN_ETHNICITY", "回族")], id="ethnicity-label-on-line-before"),
    pytest.param(f"张卫东 {ID} 维吾尔族 新疆乌鲁木齐", [("CN_ETHNICITY", "维吾尔族")], id="ethnicity-beside-id"),
    pytest.param("Ethnicity: Tibetan", [("CN_ETHNICITY", "Tibetan")], id="ethnicity-english-label"),
    # MARITAL_HISTORY, SEXUAL_ORIENTATION, CRIMINAL_RECORD
    pytest.param("婚姻状况：离异", [("MARITAL_HISTORY", "离异")], id="marital-label"),
    pytest.param("marital_status: divorced", [("MARITAL_HISTORY", "divorced")], id="marital-english-key"),
    pytest.param("性取向：双性恋", [("SEXUAL_ORIENTATION", "双性恋")], id="orientation-label"),
    pytest.param(f"罪犯档案 杜志明 {ID} 因盗窃罪被判处有期徒刑三年",
                 [("CRIMINAL_RECORD", "有期徒刑"), ("CRIMINAL_RECORD", "盗窃罪")], id="criminal-beside-id"),
    pytest.param("违法犯罪记录：危险驾驶罪", [("CRIMINAL_RECORD", "危险驾驶罪")], id="criminal-label"),
    # BIOMETRIC: a template, a vector or a file after a biometric label
    pytest.param(f"人脸特征值：{TEMPLATE}", [("BIOMETRIC", TEMPLATE)], id="biometric-base64-template"),
    pytest.param(f'"face_embedding": {VECTOR}', [("BIOMETRIC", VECTOR)], id="biometric-vector"),
    pytest.param("指纹模板=fp/000123.dat", [("BIOMETRIC", "fp/000123.dat")], id="biometric-file"),
    # CREDENTIAL
    pytest.param("用户名：zhang3 密码：Abc12345", [("CREDENTIAL", "Abc12345")], id="password-beside-account"),
    pytest.param(f"吴海燕 {MOBILE} 取款密码 908172", [("CREDENTIAL", "908172")], id="pin-beside-phone"),
    pytest.param(f"卡号 {CARD} CVV2：123 有效期 09/27", [("CREDENTIAL", "09/27"), ("CREDENTIAL", "123")], id="cvv-expiry-beside-card"),
    pytest.param(f"Card {VISA} exp 09/2027 CVC 4321", [("CREDENTIAL", "09/2027"), ("CREDENTIAL", "4321")], id="english-card-codes"),
    pytest.param(f"2024-05-01 10:02 sms to {MOBILE}: 您的验证码是482913，5分钟内有效", [("CREDENTIAL", "482913")],
                 id="sms-code-beside-phone"),
    pytest.param(f'{{"name": "郑丽", "mobile": "{MOBILE}", "api_key": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"}}',
                 [("CREDENTIAL", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")], id="api-key-in-customer-record"),
]


FALSE = [
    # privacy policies and consent texts: the categories named, no value of a person
    pytest.param("我们不收集您的宗教信仰、民族、性取向等敏感个人信息。", id="policy-does-not-collect"),
    pytest.param("我们可能收集您的健康信息，如体检报告、病历、诊断结果，用于为您提供服务。", id="policy-health"),
    pytest.param("我们会收集您的民族（如汉族）、宗教信仰（如佛教）。", id="policy-examples-in-brackets"),
    pytest.param("敏感个人信息包括：宗教信仰、医疗健康、金融账户、行踪轨迹。", id="policy-list-of-categories"),
    pytest.param("We do not collect your religion, ethnicity or health data such as diabetes records.", id="policy-english"),
    pytest.param("宗教信仰：例如佛教、道教", id="label-with-example-marker"),
    # news and encyclopaedic text about religions, peoples, diseases, crimes
    pytest.param("佛教是世界三大宗教之一，于东汉时期传入中国。", id="news-religion"),
    pytest.param("藏族是中国56个民族之一，主要聚居在西藏和青海。", id="news-ethnic-group"),
    pytest.param("世界卫生组织指出，糖尿病患者人数在过去三十年增加了四倍。", id="news-disease"),
    pytest.param("法院审理了一起盗窃罪案件，被告人宓某被判处有期徒刑。", id="news-crime"),
    pytest.param("教皇方济各在梵蒂冈主持天主教弥撒。", id="news-religion-with-a-name"),
    # advertisements: a disease and a phone on one line
    pytest.param(f"专治糖尿病、高血压！降糖胶囊特价99元/盒，订购热线{MOBILE}", id="drug-advert-with-phone"),
    pytest.param(f"阿莫西林胶囊 优惠促销 咨询电话 {MOBILE}", id="drug-advert-hotline"),
    # places named after peoples, phrases with a value's word
    pytest.param(f"宁夏回族自治区银川市兴庆区解放东街12号 张伟 {MOBILE}", id="ethnic-name-in-address"),
    pytest.param("民族：汉族地区的传统节日", id="ethnic-name-in-phrase"),
    pytest.param(f"{MOBILE} 发烧友俱乐部欢迎你", id="no-fever-in-enthusiast"),
    # forms without values, lists of options
    pytest.param("宗教信仰：□佛教 □基督教 □伊斯兰教 □其他", id="form-options-unchecked"),
    pytest.param("婚姻状况：未婚/已婚/离异", id="form-options-slashes"),
    pytest.param("促进民族团结，弘扬民族文化", id="label-word-in-a-phrase"),
    pytest.param("信仰基督教的人越来越多", id="adjoining-value-inside-a-phrase"),
    pytest.param("宗教信仰：______  民族：______", id="form-blank"),
    pytest.param("体检报告填写须知\n姓名：请用正楷填写\n诊断栏由医生填写", id="record-heading-of-instructions"),
    # biometric words without biometric data
    pytest.param("已开通指纹登录和人脸识别，请在设置中管理。", id="biometric-words-only"),
    pytest.param("@font-face: url(fonts/face.png)", id="css-font-face"),
    pytest.param("Key fingerprint: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", id="key-fingerprint-hash"),
    # credentials without a person or account, placeholders, hashes
    pytest.param("DB_PASSWORD=hunter22", id="config-secret-without-person"),
    pytest.param("user=postgres password=${PGPASSWORD}", id="password-placeholder"),
    pytest.param(f"张伟 {MOBILE} password: $2b$12$abcdefghijklmnopqrstuv", id="password-hashed"),
    pytest.param(f"客户张伟 {MOBILE} 支付密码 ******", id="password-masked"),
    pytest.param("login: zhang3 pwd=/home/zhang3/bin1", id="pwd-is-a-directory"),
    pytest.param("密码：请妥善保管，不要告诉他人", id="password-advice"),
    pytest.param(f"身份证号 {ID} 有效期 2020.01.01-2040.01.01", id="expiry-of-an-id-card-not-a-card"),
    pytest.param(f"CVV2：123 {MOBILE}", id="cvv-without-a-card"),
]


@pytest.mark.parametrize("text, expected", TRUE)
def test_sensitive_values_on_records(found, text, expected):
    assert found(text) == sorted(expected)


@pytest.mark.parametrize("text", FALSE)
def test_words_about_data_are_no_findings(found, text):
    assert found(text) == []


@pytest.mark.parametrize("text, context, expected", [
    pytest.param("佛教\n基督教\n\n无", ("宗教信仰",), [("RELIGION", "佛教"), ("RELIGION", "基督教")], id="religion-column"),
    pytest.param("汉\n回族\n壮", ("民族",), [("CN_ETHNICITY", "壮"), ("CN_ETHNICITY", "回族"), ("CN_ETHNICITY", "汉")],
                 id="ethnicity-column-short-forms"),
    pytest.param("2型糖尿病伴周围神经病变\n急性阑尾炎术后", ("诊断",),
                 [("HEALTH_INFO", "2型糖尿病"), ("HEALTH_INFO", "周围神经病"), ("HEALTH_INFO", "急性阑尾炎")],
                 id="diagnosis-column-free-text"),
    pytest.param(f"{TEMPLATE}\nnot-a-template", ("user_face_feature",), [("BIOMETRIC", TEMPLATE)], id="face-feature-column"),
    pytest.param("Abc12345\n$2b$12$abcdefghijklmnopqrstuv\n******", ("user_password",), [("CREDENTIAL", "Abc12345")],
                 id="password-column-plaintext-only"),
    pytest.param("佛教\n糖尿病", ("备注",), [], id="remarks-column-is-no-label"),
    pytest.param("2030-01\n09/27", ("证件有效期",), [], id="expiry-column-without-cards"),
    pytest.param("123\n4567", ("cvv",), [("CREDENTIAL", "123"), ("CREDENTIAL", "4567")], id="cvv-column"),
])
def test_column_header_is_the_label(found, text, context, expected):
    assert found(text, context) == sorted(expected)


@pytest.mark.parametrize("text", [p.values[0] for p in TRUE + FALSE])
def test_fast_path_equals_analysing_everything(engine, text):
    fast = sorted((r.entity_type, r.start, r.end, round(r.score, 2)) for r in engine.analyze(text))
    reference = sorted((r.entity_type, r.start, r.end, round(r.score, 2)) for r in engine.analyze_everything(text))
    assert fast == reference


def test_one_finding_where_a_label_and_a_record_both_hold(engine):
    text = f"姓名：周建国 {MOBILE} 宗教信仰：佛教"
    results = [r for r in engine.analyze(text) if r.entity_type == "RELIGION"]
    assert [(text[r.start:r.end], r.score) for r in results] == [("佛教", 0.85)]


def test_restricted_to_a_sensitive_type_still_reads_the_record():
    """--entities HEALTH_INFO: names and phones are found to tie a diagnosis, and not reported."""
    loaded = restrict_to(load_recognizers(), frozenset({"HEALTH_INFO"}))
    engine = DetectionEngine([item.recognizer for item in loaded], 0.4, frozenset({"HEALTH_INFO"}))
    text = f"客户王秀英 {MOBILE} 已确诊乳腺癌"
    assert [(r.entity_type, text[r.start:r.end]) for r in engine.analyze(text)] == [("HEALTH_INFO", "乳腺癌")]


@pytest.mark.parametrize("text, position, tied", [
    pytest.param(f"姓名：王芳\n电话：{MOBILE}\n民族：汉族", -2, True, id="form-line-two-below"),
    pytest.param(f"电话：{MOBILE}\n\n民族：汉族", -2, False, id="blank-line-ends-the-record"),
    pytest.param(f"电话：{MOBILE}\n" + "这是一行很长的说明文字，" * 5 + "汉族", -2, False, id="long-line-is-no-form-field"),
])
def test_records_reach_the_lines_of_a_form(engine, text, position, tied):
    records = Records(text, engine.analyze(text))
    assert records.tied(len(text) + position) is tied


def _regions_one_anchor_at_a_time(records: Records, reach: int) -> list[tuple[int, int]]:
    """What ``Records.regions`` computes in numpy, read anchor by anchor through ``tied``'s helpers."""
    spans, done = [], set()
    for anchor in records._anchors:
        line = records._line(anchor)
        start, end = records._bounds(line)
        spans.append((max(start, anchor - reach), min(end, anchor + reach)))
        if line not in done:
            done.add(line)
            spans += [records._bounds(near) for near in records._form_lines(line)
                      if near != line and records._bounds(near)[1] - records._bounds(near)[0] <= FORM_LINE]
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@pytest.mark.parametrize("seed", range(40))
def test_record_regions_are_those_read_anchor_by_anchor(seed):
    """Random forms and prose: short and long lines, blank lines (white space too), anchors at
    line starts, ends and the text's last character."""
    rng = random.Random(seed)
    blanks = ["", "  ", "\u3000\t", "\r"]
    lines = [rng.choice(blanks) if rng.random() < 0.2 else "字" * rng.choice([1, 5, 20, 39, 40, 41, 80]) for _ in range(rng.randint(1, 60))]
    text = "\n".join(lines) + rng.choice(["", "\n"])
    anchors = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, rng.randint(1, 12))))
    records = Records(text, [], extra=anchors)
    records._line(0)  # the helpers' line index
    reach = rng.choice([3, 30, 400])
    assert records.regions(reach) == _regions_one_anchor_at_a_time(records, reach)


@pytest.mark.parametrize("entity, value", [("CREDENTIAL", "Abc12345"), ("HEALTH_INFO", "2型糖尿病"), ("RELIGION", "佛教"),
                                           ("BIOMETRIC", TEMPLATE), ("CN_ETHNICITY", "维吾尔族")])
def test_masked_entirely(entity, value):
    assert mask(entity, value) == "******"


def test_a_password_keeps_its_case_in_the_fingerprint():
    assert normalise("CREDENTIAL", " Abc-12 ") == "Abc-12"
    assert fingerprint(b"k", "CREDENTIAL", "Abc12345") != fingerprint(b"k", "CREDENTIAL", "ABC12345")


# --- the command line over a record-shaped text file and a CSV export ----------------------

def test_cli_finds_a_checkup_report_and_a_diagnosis_column(tmp_path):
    rng = random.Random(88)
    name, patient_id, mobile = synthetic.person_name(rng), synthetic.resident_id(rng), synthetic.mobile(rng)
    report_lines = [
        "健康体检报告",
        f"姓名：{name}  性别：男  年龄：47",
        f"身份证号：{patient_id}",
        "民族：汉族  婚姻状况：已婚",
        "体检结论：",
        "1. 原发性高血压",
        "2. 脂肪肝",
        "建议：低盐低脂饮食，定期复查。",
    ]
    share = tmp_path / "share"
    share.mkdir()
    (share / "体检报告.txt").write_text("\n".join(report_lines) + "\n", encoding="utf-8")
    rows = [("姓名", "手机", "诊断"), (synthetic.person_name(rng), mobile, "2型糖尿病"), (synthetic.person_name(rng), synthetic.mobile(rng), "支气管哮喘")]
    (share / "门诊.csv").write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    (share / "隐私政策.txt").write_text("我们不会收集您的宗教信仰、民族或健康信息（如病历、诊断）。\n", encoding="utf-8")
    result = subprocess.run(CLI + ["scan", "share", "--format", "json", "--fail-on", "never"], cwd=tmp_path,
                            capture_output=True, encoding="utf-8", timeout=300,
                            env={**os.environ, "PIPLSCAN_FINGERPRINT_KEY": "sensitive-test"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    sensitive = [(f["entity_type"], f["location"]["path"], f["location"].get("line"), f["location"].get("column"),
                  f["location"].get("cell"), f["masked"]) for f in report["findings"] if f["entity_type"] in SENSITIVE]

    def at(line: int, value: str) -> int:
        return report_lines[line - 1].index(value) + 1

    assert sensitive == [
        ("CN_ETHNICITY", "体检报告.txt", 4, at(4, "汉族"), None, "******"),
        ("MARITAL_HISTORY", "体检报告.txt", 4, at(4, "已婚"), None, "******"),
        ("HEALTH_INFO", "体检报告.txt", 6, at(6, "原发性高血压"), None, "******"),
        ("HEALTH_INFO", "体检报告.txt", 7, at(7, "脂肪肝"), None, "******"),
        ("HEALTH_INFO", "门诊.csv", None, None, "C2", "******"),
        ("HEALTH_INFO", "门诊.csv", None, None, "C3", "******"),
    ]
    for raw in ("2型糖尿病", "支气管哮喘", "原发性高血压", "脂肪肝", "汉族", "已婚"):
        assert raw not in result.stdout
    columns = {(c["column_name"], c["entity_type"]): c["matching_rows"] for c in report["columns"]}
    assert columns[("诊断", "HEALTH_INFO")] == 2
