"""CN_ADDRESS recognizer tests, in the style of presidio's recognizer tests: each true case
lists the exact spans reported (checked by start and end), each false case must yield nothing.

Every address here is made up for the test: real division names (they are public facts) with
invented roads, house numbers and rooms.
"""

import random

import pytest
import regex

from recognizers import address
from recognizers.address import CnAddressRecognizer


@pytest.fixture(scope="module")
def recognizer() -> CnAddressRecognizer:
    return CnAddressRecognizer()


def _spans(text: str, *values: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for value in values:
        start = text.index(value, at)
        spans.append((start, start + len(value)))
        at = start + len(value)
    return spans


def _t(text: str, *values: str, context: tuple[str, ...] = (), id: str):
    return pytest.param(text, context, _spans(text, *values), id=id)


ADDRESS_TRUE = [
    _t("广东省深圳市南山区科技园南区高新南七道18号A栋1203室", "广东省深圳市南山区科技园南区高新南七道18号A栋1203室",
       id="province-city-district-road-number-building-room"),
    _t("客户住址：浙江省杭州市西湖区文三路398号5幢2单元601室，电话待补", "浙江省杭州市西湖区文三路398号5幢2单元601室",
       id="inside a sentence, ends at the room"),
    _t("内蒙古自治区呼和浩特市赛罕区大学西街235号", "内蒙古自治区呼和浩特市赛罕区大学西街235号", id="autonomous region"),
    _t("云南省红河哈尼族彝族自治州蒙自市天马路17号", "云南省红河哈尼族彝族自治州蒙自市天马路17号", id="autonomous prefecture"),
    _t("内蒙古锡林郭勒盟锡林浩特市额尔敦路32号", "内蒙古锡林郭勒盟锡林浩特市额尔敦路32号", id="league (盟)"),
    _t("阿拉善盟阿拉善左旗巴彦浩特镇王府街8号", "阿拉善盟阿拉善左旗巴彦浩特镇王府街8号", id="banner (旗)"),
    _t("广西南宁市青秀区民族大道136号3栋", "广西南宁市青秀区民族大道136号3栋", id="short province and city"),
    _t("寄到内蒙古包头市昆都仑区钢铁大街61号", "内蒙古包头市昆都仑区钢铁大街61号", id="short province 内蒙古"),
    _t("朝阳区建国路88号", "朝阳区建国路88号", id="district first"),
    _t("公司在浦东新区张杨路500号13楼", "浦东新区张杨路500号13楼", id="district first 浦东新区"),
    _t("深圳市南山区粤海街道科技南路16号", "深圳市南山区粤海街道科技南路16号", id="city first with subdistrict"),
    _t("上海市 黄浦区 延安东路700号 1006室", "上海市 黄浦区 延安东路700号 1006室", id="spaced parts"),
    _t("四川省绵阳市三台县芦溪镇石桥村5组", "四川省绵阳市三台县芦溪镇石桥村5组", id="town, village and group"),
    _t("北京市东城区建设路紫薇花园", "北京市东城区建设路紫薇花园", id="road and compound without number"),
    _t("上海市世纪大道", "上海市世纪大道", id="division and road only"),
    _t("成都市新津县金桥路9号", "成都市新津县金桥路9号", id="county renamed since (县 under a known city)"),
    _t("台湾省台北市信义区松仁路100号", "台湾省台北市信义区松仁路100号", id="Taiwan"),
    _t("青岛市市南区中山路10号", "青岛市市南区中山路10号", id="road named after a city is not a division"),
    _t("寄件：上海市徐汇区漕溪北路88号；收件：北京市海淀区中关村大街27号",
       "上海市徐汇区漕溪北路88号", "北京市海淀区中关村大街27号", id="two addresses on one line"),
    _t("地址：深圳市盐田区，大梅沙海景花园221栋", "深圳市盐田区，大梅沙海景花园221栋", id="comma after the divisions"),
    _t("所在地区: 广东省深圳市龙岗区龙岗街道 详细地址: 水村三巷10号三楼", "广东省深圳市龙岗区龙岗街道 详细地址: 水村三巷10号三楼",
       id="detail label inside"),
    _t("收货地址：中山北路1208弄6号301室", "中山北路1208弄6号301室", id="road first after a context word"),
    _t("联系地址\n长江路77号8楼", "长江路77号8楼", id="road first, context word on the line before"),
    _t("解放路12号3单元502室", "解放路12号3单元502室", context=("dz",), id="road first, column dz"),
    _t("人民路45号\n和平街6号2栋", "人民路45号", "和平街6号2栋", context=("家庭住址",), id="road first, column 家庭住址, one cell a line"),
    _t("长江路77号", "长江路77号", context=("jtzz",), id="road first, column jtzz"),
    _t("湖北省武汉市洪山区武大科技园兴业楼南楼二单元702", "湖北省武汉市洪山区武大科技园兴业楼南楼二单元702",
       id="bare room after a unit"),
    _t("北京市顺义区胜利街道宜宾南区2-2-401", "北京市顺义区胜利街道宜宾南区2-2-401", id="hyphenated building number after an area"),
    _t("上海南京东路 13.2075304714", "上海南京东路", id="a road, then a decimal in a word list"),
]

ADDRESS_FALSE = [
    ("北京", (), "bare city"),
    ("台湾", (), "bare province"),
    ("柳州地区忻城县", (), "old prefecture and county"),
    ("广东省深圳市南山区", (), "divisions only"),
    ("嘉定区外冈镇", (), "district and town only"),
    ("内蒙古通辽市科尔沁左翼后旗", (), "banner only"),
    ("深圳市腾飞科技有限公司", (), "organisation"),
    ("北京市第一人民医院", (), "hospital"),
    ("北京市政府召开道路安全会议", (), "sentence with 道路"),
    ("我在上海市场买了两本书", (), "上海 before 市场"),
    ("上海地铁2号线今日起延长运营", (), "metro line number"),
    ("北京路线图已更新", (), "北京 before 路线"),
    ("江苏特产礼盒7号装", (), "product number"),
    ("霄云路26号鹏润大厦A座25层", (), "road first without a context word"),
    ("下周前往杭州出差三天", (), "travel sentence"),
    ("广州、深圳、珠海等城市", (), "list of cities"),
    ("北京市2025年地区生产总值增长5.2%", (), "statistics"),
    ("收货地址：广东省深圳市", (), "context word but no street part"),
    ("丁青县 3 nr", (), "a county, its frequency and tag in a word list"),
    ("七台河市 8 ns\n万宁市 4 ns", (), "word list lines"),
    ("深圳市 12 号", (), "bare number after a division"),
    ("", (), "empty"),
]


@pytest.mark.parametrize("text, context, expected", ADDRESS_TRUE)
def test_address(recognizer, text, context, expected):
    results = recognizer.find(text, context)
    assert [(r.start, r.end) for r in results] == expected
    assert all(r.entity_type == "CN_ADDRESS" and 0.4 <= r.score <= 1.0 for r in results)


@pytest.mark.parametrize("text, context, label", ADDRESS_FALSE, ids=[c[2] for c in ADDRESS_FALSE])
def test_not_address(recognizer, text, context, label):
    assert recognizer.find(text, context) == []


def test_confidence_grows_with_completeness(recognizer):
    def score(text):
        (result,) = recognizer.find(text)
        return result.score

    assert score("广东省深圳市南山区科技南路16号A栋1203室") > score("广东省深圳市南山区科技南路16号") > score("广东省深圳市南山区科技南路")


def test_context_word_raises_score(recognizer):
    bare = recognizer.find("杭州市西湖区文三路398号")[0].score
    assert recognizer.find("住址：杭州市西湖区文三路398号")[0].score > bare
    assert recognizer.find("杭州市西湖区文三路398号", ("address",))[0].score > bare


def test_english_instance_finds_nothing():
    assert CnAddressRecognizer(supported_language="en").find("广东省深圳市南山区科技南路16号") == []


def test_many_lines_offsets(recognizer):
    lines = ["会议纪要：各部门按计划推进。", "朝阳区建国路88号", "无关内容", "浙江省杭州市西湖区文三路398号"]
    text = "\n".join(lines)
    found = [text[r.start:r.end] for r in recognizer.find(text)]
    assert found == ["朝阳区建国路88号", "浙江省杭州市西湖区文三路398号"]


def test_registered_in_engine(engine):
    found = [(r.entity_type, r.start, r.end) for r in engine.analyze("地址：广东省深圳市南山区科技南路16号") if r.entity_type == "CN_ADDRESS"]
    assert found == [("CN_ADDRESS", 3, 19)]


def test_a_column_of_addresses_finds_roads_first_beside_whole_addresses(recognizer):
    lines = ["浙江省杭州市西湖区文三路398号5幢2单元601室", "霄云路26号鹏润大厦A座25层", "朝阳区建国路88号，霄云路26号",
             "广东省深圳市南山区科技南路16号 备用：人民路12号"]
    text = "\n".join(lines)
    found = [(text[r.start:r.end], r.score) for r in recognizer.find(text, ("地址",))]
    assert found == [(lines[0], 1.0), (lines[1], 0.85), ("朝阳区建国路88号", 0.8), ("霄云路26号", 0.7),
                     ("广东省深圳市南山区科技南路16号", 0.9), ("人民路12号", 0.7)]


def test_unit_expressions_in_re_match_as_regexs_set_subtraction_did():
    """The street-level expressions are ``re``'s, a lookahead per name character standing for
    ``regex``'s set subtraction: at every position of generated address-like text, both read the
    same unit, of the same kind, over the same characters."""
    subtracted = r"[[\u4e00-\u9fffA-Za-z0-9０-９]--[" + address._NOT_IN_NAMES + "]]"
    area = subtracted.replace("村组", "")
    reference = {name: regex.compile(expression.pattern.replace(address._RUN, subtracted).replace(address._RUN_AREA, area),
                                     regex.V1)
                 for name, expression in (("units", address.UNIT_RE), ("road first", address._ROAD_FIRST_RE))}
    rng = random.Random(17)
    alphabet = ("0123456789０１２AB-#·  ，" + address._NOT_IN_NAMES + "科技园南山大厦花园小区栋幢座单元室楼层号院东西中段交叉口"
                "街道办事处开发区居民安定广场中心酒店甲附第一二三十百零.．" + "省市区县州盟旗")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(4000)]
    texts += ["科技园南区高新南七道18号A栋1203室", "建设路紫薇花园3栋", "海伦国际2号", "银座2606", "南区2-2-401", "龙川县 12.80"]
    for text in texts:
        for start in range(len(text)):
            for name, expression in (("units", address.UNIT_RE), ("road first", address._ROAD_FIRST_RE)):
                ours, theirs = expression.match(text, start), reference[name].match(text, start)
                assert (ours and (ours.span(), ours.lastgroup)) == (theirs and (theirs.span(), theirs.lastgroup)), (name, text, start)


@pytest.mark.parametrize("seed", range(3))
def test_an_address_read_from_the_memo_is_the_address_read_afresh(seed):
    """The memo keys a read by the rest of its line: whatever comes before an address on its
    line (a label, a name, a division, other text) and the lines around it, a text read by a
    recognizer whose memo another arrangement filled gives what a recognizer without one gives."""
    rng = random.Random(seed)
    addresses = ["广东省深圳市南山区科技园路12号3栋1201室", "北京市朝阳区建国路88号", "柳北区胜利路5号", "浙江省杭州市西湖区文三路90号",
                 "四川省成都市新津县五津镇兴园3路", "上海市静安区南京西路1266号恒隆广场", "河南省省直辖县级行政区划济源市天坛路1号"]
    before = ["", "收货地址：", "广西 柳州 ", "张伟 ", "地址", "寄往", "我家在", "广东省", " ", "详细地址: "]
    after = ["", "，电话13812345678", "。", " 邮编518057", "附近", "2号楼"]

    def text() -> str:
        return "\n".join(rng.choice(before) + rng.choice(addresses) + rng.choice(after) for _ in range(300))

    remembering = CnAddressRecognizer()
    remembering.find(text())  # the memo filled by another arrangement
    afresh = CnAddressRecognizer()
    afresh.MEMO_CHARS = -1
    for _ in range(3):
        sample = text()
        assert [(r.start, r.end, r.score) for r in remembering.find(sample)] == [(r.start, r.end, r.score) for r in afresh.find(sample)]
    assert remembering._memo and not afresh._memo
