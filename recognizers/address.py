"""CN_ADDRESS: Chinese postal addresses, from the first administrative division to the last
street-level part (广东省深圳市南山区科技园南区高新南七道18号A栋1203室).

An address must have an administrative division (GB/T 2260 names in ``data/divisions.txt``:
province, prefecture, county, with short forms such as 广西, 内蒙古, 深圳) followed by a
street-level part (road, house number, building, unit, room, village, compound). A bare place
name (北京, 柳州地区忻城县, 嘉定区外冈镇) is not an address. Next to a context word (地址,
住址, 收货地址, a column named ``address`` or ``dz``) a road with a house number is one too,
without a division before it (霄云路26号).

How it stays fast: one regex finds the places where a division name can end (its suffix
character 省/市/区/县/州/盟/旗) or a short form starts; the name is then checked in a hash set
by looking back a few characters, and only then does a bounded, anchored regex read the
street-level units after it. Prose without addresses costs one regex scan and a few set
look-ups per 市场-like word.
"""

import re
from functools import cached_property
from pathlib import Path

import regex

from recognizers.base import LineIndex, SpanRecognizer, Spans, finditer_on_lines, word_lines

_DATA = Path(__file__).with_name("data") / "divisions.txt"

CONTEXT_WORDS = ("地址", "住址", "住所", "户籍", "居住地", "现住", "收货", "收件", "寄件", "送货", "联系地址",
                 "address", "addr", "dz", "jtzz", "hjdz", "xzz")
_ASCII_CONTEXT = [w for w in CONTEXT_WORDS if w.isascii()]
_CJK_CONTEXT = [w for w in CONTEXT_WORDS if not w.isascii()]
CONTEXT_RE = regex.compile(
    "|".join(_CJK_CONTEXT) + "|(?<![A-Za-z])(?:" + "|".join(_ASCII_CONTEXT) + ")(?![A-Za-z])", regex.IGNORECASE)
_CONTEXT_LINES = word_lines(CONTEXT_WORDS)  # a long text is searched for context words on these lines only

_SUFFIXES = "省市区县州盟旗"
_DIRECT = "省直辖县级行政区划"
_OLD_COUNTY = re.compile(r"[\u4e00-\u9fff]{1,3}?[县旗]")
# Characters a name may be made of inside a unit; the unit's own keyword ends it. The
# characters excluded never stand inside a road or compound name before its keyword, so a name
# cannot run across two units (建设路紫薇花园 is two units, not one). The expressions built from
# these are ``re``'s, not ``regex``'s: a column of addresses matches units twice as fast.
_NOT_IN_NAMES = "路街号巷弄镇乡村组的了是在与及或这那们我你他她它吗呢吧着过被把对要说"
_RUN = r"(?:(?![" + _NOT_IN_NAMES + r"])[\u4e00-\u9fffA-Za-z0-9０-９])"
_CNUM = "[一二三四五六七八九十百千零〇两]"
_DIGITS = "[0-9０-９]"
_DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９")
_ID = r"[0-9０-９A-Za-z]+(?:[-－—_/][0-9０-９A-Za-z]+)*"
_ROAD_KEY = r"(?:大道|大街|公路|胡同|路|街(?!道)|巷|弄|道(?=[0-9０-９一二三四五六七八九十甲乙]|[东西南北中]?段|交|与|$|[^\u4e00-\u9fff]))"
_ROAD = (_RUN + "{1,8}?" + _ROAD_KEY + r"(?:[东西南北中]?段|" + _CNUM + "+段|[东西南北]?[一二三四五六七八九十]+[路巷街]|[东西南北中]|[0-9]+段)?"
         + "(?:[与和]" + _RUN + "{1,8}?" + _ROAD_KEY + ")?(?:交叉口|交汇处|交汇口|交界处|交口|路口)?"
         + r"(?![路街道巷])")
# Town-level parts: they carry an address on but are not precise enough by themselves.
_RUN_AREA = _RUN.replace("村组", "")
_AREA = (_RUN_AREA + "{1,10}?(?:街道办事处|街道办|街道|办事处|镇|乡|苏木|嘎查|开发区|工业区|工业园区|工业园|产业园区|产业园|"
         "科技园|园区|新区|高新区|试验区|示范区|保税区|经济区|管理区|片区|社区|[东西南北中]区|(?<![小])区|"
         "广场|中心|酒店|宾馆)")
_COMPOUND = ("(?:" + _RUN + "{1,10}?(?:小区|花园|家园|新村|公寓|大厦|大楼|商厦|写字楼|公馆|山庄|别墅|华府|雅居|综合楼|办公楼|商务楼|苑|座|村(?![镇乡])|屯|组|队"
             "|(?<![民邻安定乡])居(?![民住委]))(?:小区|花园|公寓)?|写字楼|大厦|大楼|商务楼|办公楼|综合楼|公寓)")
# Any other name directly before a house or building number: 海伦国际2号, 东湖金悦8幢.
_NAMED = _RUN + "{2,12}?(?=" + r"[ \t\u3000·]{0,2}" + r"(?:第|甲|乙|丙|附|特)?(?:" + _ID + r"|[一二三四五六七八九十]+)(?:号院|号楼|号|栋|幢|座|单元|室|楼|层|#))"
_UNIT_KEY = "(?:号院|号楼|号|弄|栋|幢|座|单元|室|楼|层|户|房|门|队|组|期|区|排|号?铺|F|f|#)"
_NUMBER = (r"(?:第|甲|乙|丙|附|特|之)?(?:" + _ID + "|" + _CNUM + r"+)" + _UNIT_KEY + r"(?![线码称召令位机年月日次名人个装])"
           # a bare house number, not the whole part of a decimal (龙川县 12.80 in a word list)
           + r"|" + _DIGITS + r"+(?:-" + _DIGITS + r"+)*(?![.．][0-9０-９])(?=[^\u4e00-\u9fffA-Za-z0-9０-９]|$)")
_ROOMISH = "(?>" + _ID + r")(?![.．][0-9０-９])"  # a bare number after a building: 银座2606, 21-102; not 13.207
_BARE_SIX_DIGITS = re.compile(_DIGITS + "{6}")
_SEP = r"[ \t\u3000·]{0,2}"
_LABEL = r"(?:(?:详细地址|详细|地址)[:：]?[ \t\u3000]{0,2})?"  # 所在地区: 广东省… 详细地址: 格水村…

UNIT_RE = re.compile(
    _SEP + _LABEL + "(?:(?P<number>" + _NUMBER + ")|(?P<road>" + _ROAD + ")|(?P<compound>" + _COMPOUND + ")|(?P<area>" + _AREA + ")"
    + "|(?P<room>" + _ROOMISH + ")|(?P<named>" + _NAMED + "))")
_ROAD_FIRST_RE = re.compile(_ROAD + r"(?=" + _SEP + _NUMBER + ")")
_ROOM_KEYS = set("栋幢座单元室楼层户房#Ff")
_ALNUM = re.compile("[0-9０-９A-Za-z]")
_LEADING_NOISE = re.compile(r"(?:(?:" + "|".join(_CJK_CONTEXT) + r")+[\u4e00-\u9fff]{0,2}?|家住|住在|位于|现住|在)")
_TRIGGER = re.compile("[" + _SUFFIXES + "路街巷弄号]|大道")
_UNREAD = object()  # a rest of a line not in the memo (None there: read, no address)
_STREET_AFTER = re.compile(r"[东西南北中]?(?:大道|大街|路|街|道|巷|弄|胡同)")


class CnAddressRecognizer(SpanRecognizer):
    CONTEXT = list(CONTEXT_WORDS)
    MAX_LINE = 4000  # longer "lines" (minified files) are not read for addresses
    # A read depends only on the rest of its line: a rest this short (a cell of an export, where
    # a customer's address recurs order after order) is read once; the memo is emptied when full.
    MEMO_CHARS = 80
    MEMO_SIZE = 1 << 16

    def __init__(self, supported_language: str = "zh"):
        super().__init__(supported_entities=["CN_ADDRESS"], supported_language=supported_language,
                         name="CnAddressRecognizer", context=self.CONTEXT)
        self._memo: dict[str, tuple[int, float] | None] = {}

    # --- data, loaded on first use ---------------------------------------------------------

    @cached_property
    def _names(self) -> dict[str, tuple[int, bool]]:
        """name -> (level, is short form); an official name wins over a short form."""
        names: dict[str, tuple[int, bool]] = {}
        for line in _DATA.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            name, level, form = line.split("\t")
            entry = (int(level), form == "s")
            if name not in names or (names[name][1] and not entry[1]) or (names[name][1] == entry[1] and entry[0] < names[name][0]):
                names[name] = entry
        return names

    @cached_property
    def _lengths(self) -> dict[str, tuple[int, ...]]:
        """last character -> the lengths of the names ending in it, longest first."""
        return _lengths_by(self._names, -1)

    @cached_property
    def _lengths_from(self) -> dict[str, tuple[int, ...]]:
        """first character -> the lengths of the names starting with it, longest first."""
        return _lengths_by(self._names, 0)

    @cached_property
    def _short_lengths(self) -> dict[str, tuple[int, ...]]:
        """first character -> lengths of the prefecture-or-higher names without a suffix character."""
        return _lengths_by({n: e for n, e in self._names.items() if n[-1] not in _SUFFIXES and e[0] < 3}, 0)

    def load(self) -> None:
        self._short_lengths, self._lengths, self._lengths_from  # noqa: B018 - read the gazetteer now

    # --- matching --------------------------------------------------------------------------

    def cues(self) -> list:
        return []  # Chinese text only, which is never ASCII

    def find(self, text: str, context: tuple[str, ...] = ()) -> list:
        if self.supported_language != "zh" or not text:
            return []
        names, lengths = self._names, self._lengths
        column_context = any(_is_context(c) for c in context)
        spans: list[tuple[int, int, float]] = []
        last_end = 0
        lines = LineIndex(text)
        hit = _TRIGGER.search(text)
        while hit is not None:
            p = hit.start()
            hit = _TRIGGER.search(text, hit.end())  # the next one; once an address is read, the one after it
            line_start, line_end = lines.bounds(p)
            line_start = max(line_start, last_end)
            if text[p] in _SUFFIXES:
                start = self._name_ending_at(text, p + 1, names, lengths, line_start)
                if start is None:
                    continue
            else:  # a street anchor: is there a division without a suffix (广西, 深圳) before it?
                start = self._short_before(text, p, line_start)
                if start is None:
                    continue
            start = self._extend_back(text, start, line_start)
            found = self._read(text, start, line_end)
            if found is None:
                continue
            end, score = found
            spans.append((start, end, score))
            last_end = end
            if hit is not None and hit.start() < end:
                hit = _TRIGGER.search(text, end)
        context_words = [] if column_context else list(finditer_on_lines(CONTEXT_RE, _CONTEXT_LINES, text))
        if column_context or context_words:
            spans += self._road_first(text, lines, spans, column_context, context_words)
            spans.sort()
        results = []
        in_context: dict[int, bool] = {}  # by line start: a line of addresses is searched once
        for start, end, score in spans:
            if column_context or self._line_has_context(text, lines, start, in_context):
                score = min(1.0, score + 0.1)
            results.append(self.result("CN_ADDRESS", start, end, round(score, 2)))
        return results

    def _short_before(self, text: str, anchor: int, line_start: int) -> int | None:
        """The first division name without a suffix character within 24 characters before a street anchor."""
        names, lengths = self._names, self._short_lengths
        for s in range(max(line_start, anchor - 24), anchor - 1):
            for n in lengths.get(text[s], ()):
                if s + n <= anchor and text[s:s + n] in names:
                    return s
        return None

    def _extend_back(self, text: str, start: int, line_start: int) -> int:
        """Over the divisions written before this one (广西 柳州 before 柳北区)."""
        names, lengths = self._names, self._lengths
        while start > line_start:
            s = start
            while s > line_start and text[s - 1] in " \t\u3000" and start - s < 2:
                s -= 1
            before = self._name_ending_at(text, s, names, lengths, line_start, shorts=True)
            if before is None:
                break
            start = before
        return start

    @staticmethod
    def _name_ending_at(text: str, end: int, names, lengths, line_start: int, shorts: bool = False) -> int | None:
        if end <= line_start:
            return None
        for n in lengths.get(text[end - 1], ()):
            if end - n >= line_start:
                entry = names.get(text[end - n:end])
                if entry is not None and not (entry[1] and (entry[0] == 3 or not shorts)):
                    return end - n
        return None

    def _admin_at(self, text: str, pos: int, line_end: int, chained: bool) -> tuple[int, int] | None:
        """The longest division name starting at ``pos``: (end, level), or None."""
        names = self._names
        if pos >= line_end:
            return None
        for n in self._lengths_from.get(text[pos], ()):
            end = pos + n
            if end > line_end:
                continue
            entry = names.get(text[pos:end])
            if entry is None:
                continue
            level, short = entry
            if short and level == 3 and not chained:
                continue
            if not chained and n == 2 and level == 3:
                continue  # 城区, 郊区, 赵县: only after the division above them
            if _STREET_AFTER.match(text, end, min(line_end, end + 3)):
                continue  # 中山路, 北京西路, 延安路: a road named after a place
            if short and end < line_end and text[end] in "镇乡村":
                continue  # 金华镇 under 新津县: a town named like a city
            return end, level
        return None

    def _read(self, text: str, start: int, line_end: int) -> tuple[int, float] | None:
        """Divisions from ``start``, then street-level units: (end, score), or None. Reads
        text[start:line_end] only (bounded matches, lookarounds inside the parts they follow)."""
        if line_end - start > self.MEMO_CHARS:
            return self._read_divisions(text, start, line_end)
        rest = text[start:line_end]
        if (known := self._memo.get(rest, _UNREAD)) is _UNREAD:
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.clear()
            found = self._read_divisions(text, start, line_end)
            known = self._memo[rest] = None if found is None else (found[0] - start, found[1])
        return None if known is None else (start + known[0], known[1])

    def _read_divisions(self, text: str, start: int, line_end: int) -> tuple[int, float] | None:
        pos, levels = start, []
        while True:
            at = pos
            if levels:
                while at < line_end and text[at] in " \t\u3000" and at - pos < 2:
                    at += 1
            admin = self._admin_at(text, at, line_end, bool(levels))
            if admin is None and levels and levels[-1] < 3:  # a county renamed since (成都市新津县)
                old = _OLD_COUNTY.match(text, at, line_end)
                if old is not None and not _STREET_AFTER.match(text, old.end(), min(line_end, old.end() + 3)):
                    admin = old.end(), 3
            if admin is None and levels and text.startswith(_DIRECT, at):
                admin = self._admin_at(text, at + len(_DIRECT), line_end, True)  # 河南省省直辖县级行政区划济源市
            if admin is None:
                break
            pos, level = admin
            levels.append(level)
        if not levels:
            return None
        return self._read_units(text, pos, line_end, len(levels), len(levels) + (3 - min(levels)))

    def _read_units(self, text: str, pos: int, line_end: int, admins: int, depth: int) -> tuple[int, float] | None:
        limit = min(line_end, pos + 80)
        end = None  # end of the last street-level part
        road = number = room = compound = False
        pending = None  # a road or compound not yet confirmed by what follows it
        prev, street_seen = "admin", False
        while pos < limit:
            m = UNIT_RE.match(text, pos, limit)
            if m is None and prev in ("admin", "area") and text[pos] in "，,":
                m = UNIT_RE.match(text, pos + 1, limit)  # 深圳市盐田区，大梅沙…; 新仓镇，塔山村
                if m is not None and m.lastgroup not in ("road", "compound", "named"):
                    m = None
            if m is None:
                break
            kind = m.lastgroup
            if kind == "room" and prev not in ("road", "compound", "number", "room"):
                break
            if kind in ("number", "room") and _BARE_SIX_DIGITS.fullmatch(m.group(kind)):
                break  # no house or room is numbered so: a postcode after the address (CN_POSTCODE)
            if pending is not None:  # what follows confirms a road or compound
                end, road, compound = pending[0], road or pending[1] == "road", compound or pending[1] == "compound"
                pending = None
            if kind in ("road", "compound"):
                pending = (m.end(), kind)
                street_seen = True
            elif kind == "number" or kind == "room":
                value = m.group(kind).rstrip()
                is_room = kind == "room" or value[-1] in _ROOM_KEYS or value.endswith("单元")
                # 特产礼盒9号: a house number needs a road or compound before it, or a division
                # right before it (南翔镇655号 has a town between, 海伦国际2号 a road before).
                # A bare number (no 号, 栋 …) right after a division or area is no address part
                # (丁青县 3 nr in a word list), unless hyphenated like a building's (南区2-2-401).
                if (kind == "number" and value[-1] in _DIGIT_CHARS and "-" not in value
                        and not street_seen and prev not in ("number", "room")):
                    break
                if street_seen or prev != "named" or (is_room and _ALNUM.search(value)):
                    end = m.end()
                    room, number = room or is_room, number or not is_room
                    street_seen = True
            pos, prev = m.end(), kind
        if pending is not None and (pos >= line_end or not _is_name_char(text[pos])):
            end, road, compound = pending[0], road or pending[1] == "road", compound or pending[1] == "compound"
        if end is None:
            return None
        score = 0.5 + 0.15 * number + 0.15 * room + (0.05 if road and (number or room) else 0) + 0.05 * (admins >= 2) + 0.05 * (depth >= 3)
        return end, min(score, 0.95)

    def _road_first(self, text: str, lines: LineIndex, taken: list[tuple[int, int, float]],
                    column_context: bool, context_words: list) -> list[tuple[int, int, float]]:
        """Addresses that start at the road (霄云路26号), on lines with a context word."""
        found: list[tuple[int, int, float]] = []
        covered = Spans(taken)
        for line_start, line_end in _lines_with_context(text, lines, column_context, context_words):
            whole = covered.end_covering(line_start)
            if line_end - line_start > self.MAX_LINE or (whole is not None and whole >= line_end):
                continue  # a line one address already covers (a column of addresses) has no match to take
            for m in _ROAD_FIRST_RE.finditer(text, line_start, line_end):
                start = m.start()
                if covered.end_covering(start) is not None or (found and start < found[-1][1]):
                    continue
                trimmed = _LEADING_NOISE.match(text, start, m.end() - 2)
                if trimmed:
                    start = trimmed.end()
                read = self._read_units(text, start, line_end, 0, 0)
                if read is None:
                    continue
                end, score = read
                found.append((start, end, max(0.4, score - 0.1)))
        return found

    @staticmethod
    def _line_has_context(text: str, lines: LineIndex, pos: int, known: dict[int, bool]) -> bool:
        line_start, line_end = lines.bounds(pos)
        if line_start not in known:
            known[line_start] = CONTEXT_RE.search(text, lines.previous_start(line_start), line_end) is not None
        return known[line_start]


def _lengths_by(names, index: int) -> dict[str, tuple[int, ...]]:
    table: dict[str, set[int]] = {}
    for name in names:
        table.setdefault(name[index], set()).add(len(name))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in table.items()}


def _is_name_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch.isalpha()


def _is_context(word: str) -> bool:
    word = word.strip()
    return bool(word) and CONTEXT_RE.search(word) is not None


def _lines_with_context(text: str, lines: LineIndex, everywhere: bool, context_words: list):
    """(start, end) of each line that has a context word (``context_words``: CONTEXT_RE's matches)
    on it or on the line before."""
    if everywhere:
        start = 0
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            yield start, end
            start = end + 1
        return
    last = -1
    for m in context_words:
        line_start = lines.bounds(m.start())[0]
        if line_start <= last:
            continue
        line_end = lines.bounds(m.end())[1]
        yield line_start, line_end
        last = line_end
        if line_end < len(text):  # the line after a label line
            next_end = lines.bounds(line_end + 1)[1]
            yield line_end + 1, next_end
            last = next_end

