"""Builds ``person_model.json``, the statistics behind ``recognizers/person.py``.

    python recognizers/data/person_build.py   # rewrites recognizers/data/person_model.json

Source: the word list ``dict.txt`` bundled with jieba 0.42.1 (https://github.com/fxsjy/jieba),
MIT licence, Copyright (c) 2013 Sun Junyi. Only derived statistics are written (character
log-ratios, rounded, and a list of common words), never the list itself; the surname lists
below are the traditional Hundred Family Surnames and common-surname knowledge (public domain).

What is derived, each as log(P(char | role) / P(char)) in tenths, with P(char) the frequency
of the character in jieba's weighted word list:
- ``surname``: the role "first character of a person name" (jieba's ``nr``/``nrfg`` entries
  of three characters starting with a listed surname, counted as types);
- ``given``: the role "character of a given name" (the last one or two characters of those);
- ``translit``: the role "character of a transliterated foreign name" (``nrt`` entries);
- ``words``: two-character words of frequency >= WORD_MIN_FREQ, used to tell a surname that
  is really the end or start of an ordinary word (提高新 → 提高, 文明, 高新, 银行卡);
- ``foreign_words``: words with two or more characters much likelier in transliterations than
  in text that are not names: countries, cities, clubs, brands, loanwords such as 沙发;
  frequency >= FOREIGN_MIN_FREQ; and places, organisations and other proper nouns of three to
  six characters (tags ns, nt, nz) of frequency >= PLACE_MIN_FREQ.
"""

import json
import math
from collections import Counter
from pathlib import Path

import jieba

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛"
    "邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝"
    "路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕"
    "楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈"
    "晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶"
    "斯元束檀衣信展阴昝智幸奉植衡富尧闭由蓟郦晏靖贲麴芦阎"
)
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "司徒", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "皇甫", "尉迟", "公羊", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "公孙", "仲孙", "轩辕", "令狐", "钟离", "宇文", "长孙", "慕容", "鲜于", "闾丘", "司空", "亓官", "司寇", "子车", "端木", "巫马", "公西", "漆雕", "乐正", "壤驷", "公良", "拓跋", "夹谷", "宰父", "谷梁", "段干", "百里", "东郭", "南门", "呼延", "羊舌", "梁丘", "左丘", "东门", "西门", "第五", "申屠", "欧"][:-1]
WORD_MIN_FREQ = 300
BACKGROUND_MIN_FREQ = 20000  # a character this frequent and never in the role counts against it
FOREIGN_MIN_FREQ = 20
PLACE_TAGS = {"ns", "nt", "nz"}
PLACE_MIN_FREQ = 50
NAME_TAGS = {"nr", "nrfg"}


def log_ratios(role: Counter, background: Counter, floor: int) -> dict[str, int]:
    """Every character of the word list: seen ``floor`` times or more in the role, or common
    enough in text that never seeing it in the role says something (a pseudo-count of 0.5)."""
    role_total, bg_total = sum(role.values()), sum(background.values())
    out = {}
    for char, bg in background.items():
        n = role.get(char, 0)
        if n < floor and bg < BACKGROUND_MIN_FREQ:
            continue
        ratio = math.log(max(n, 0.5) / role_total) - math.log(max(bg, 1) / bg_total)
        out[char] = max(-60, min(60, round(ratio * 10)))
    return out


def main() -> None:
    entries = []
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split()
            entries.append((word, int(freq), tag))
    surnames = set(SURNAMES)
    chars = Counter()
    for word, freq, _ in entries:
        for ch in word:
            chars[ch] += freq
    first, given, translit = Counter(), Counter(), Counter()
    for word, _, tag in entries:
        if tag in NAME_TAGS and len(word) == 3 and word[0] in surnames:
            first[word[0]] += 1
            given.update(word[1:])
        elif tag == "nrt" and len(word) >= 2:
            translit.update(word)
    translit_scores = log_ratios(translit, chars, 3)
    strong_translit = {c for c, s in translit_scores.items() if s >= 15}
    for compound in COMPOUND_SURNAMES:
        chars[compound[0]] += 0  # listed starts, with or without statistics
    words = sorted(w for w, f, t in entries if len(w) == 2 and f >= WORD_MIN_FREQ and not (t in NAME_TAGS | {"nrt"} and f < 1000))
    foreign = sorted(w for w, f, t in entries if 2 <= len(w) <= 6 and (
        (t not in NAME_TAGS | {"nrt"} and f >= FOREIGN_MIN_FREQ and sum(c in strong_translit for c in w) >= 2)
        or (t in PLACE_TAGS and f >= PLACE_MIN_FREQ and len(w) >= 3)))
    model = {
        "source": "derived from jieba 0.42.1 dict.txt (MIT licence) by person_build.py",
        "surnames": "".join(dict.fromkeys(SURNAMES)),
        "compound_surnames": " ".join(dict.fromkeys(COMPOUND_SURNAMES)),
        "surname": {c: s for c, s in log_ratios(first, chars, 1).items() if c in surnames},
        "given": log_ratios(given, chars, 3),
        "translit": translit_scores,
        "words": " ".join(words),
        "foreign_words": " ".join(foreign),
    }
    out = Path(__file__).with_name("person_model.json")
    out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"{out}: {out.stat().st_size} bytes, {len(words)} words, {len(foreign)} foreign words")


if __name__ == "__main__":
    main()
