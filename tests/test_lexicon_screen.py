"""Lexicons and expressions read only on the lines Hyperscan finds a word on
(``candidates.LiteralLines``), and matches judged without their surroundings where it finds no
context word near, give exactly what reading everything gives: differential tests over generated
text made of the words themselves, their prefixes, other cases and line breaks."""

import random
import re
import sys

import pytest
import regex
from presidio_analyzer import PatternRecognizer

from recognizers import address, base
from recognizers.base import IGNORECASE_TO_ASCII, Terms, finditer_on_lines, lowered, word_forms
from recognizers.credentials import WORDS, _load_words
from recognizers.fields import load_field_dictionary
from recognizers.sensitive import LEXICON, _load_lexicon
from scanner import candidates
from scanner.engine import LOWER_TO_ASCII, _none_near

_FILLER = ["\n", "\n", " ", "_", "-", ".", "a", "Z", "1", "：", ":", "，", "的", "是", "患者", "\u3000", "İ", "\t"]


def _text(rng: random.Random, words: list[str]) -> str:
    pieces = []
    for _ in range(rng.randint(1, 400)):
        kind = rng.random()
        if kind < 0.25:
            word = rng.choice(words)
            pieces.append(word.upper() if rng.random() < 0.2 else word)
        elif kind < 0.4:
            word = rng.choice(words)
            pieces.append(word[:rng.randint(1, len(word))])  # a prefix: the automaton's state runs on
        else:
            pieces.append(rng.choice(_FILLER))
    return "".join(pieces)


def _leftmost_longest(words: set[str], text: str) -> list[tuple[int, int]]:
    """The definition: from each position, the longest word starting there, then on after it."""
    found, position, longest = [], 0, max(map(len, words))
    while position < len(text):
        length = max((n for n in range(1, min(longest, len(text) - position) + 1) if text[position:position + n] in words), default=0)
        if length:
            found.append((position, position + length))
        position += length or 1
    return found


@pytest.mark.parametrize("seed", range(4))
def test_longest_words_are_the_leftmost_longest(seed):
    rng = random.Random(seed)
    for _ in range(2000):
        words = {"".join(rng.choice("abc") for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 5))}
        text = "".join(rng.choice("abcx") for _ in range(rng.randint(0, 14)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        matcher = base.LongestWords(sorted(words))
        expected = [(start + first, start + last) for first, last in _leftmost_longest(words, text[start:end])]
        assert [(first, last) for first, last, _ in matcher.spans(text, start, end)] == expected


def test_a_word_after_the_start_of_a_longer_one_is_found():
    # pyahocorasick's iter_long found 钩虫病 only: after 蛋白 of 复方胃蛋白酶颗粒 it lost 白
    matcher = base.LongestWords(["复方胃蛋白酶颗粒", "白", "钩虫病"])
    text = "复方胃蛋白酶颗钩虫病"
    assert [(text[first:last], matcher.words[index]) for first, last, index in matcher.spans(text)] == [("白", "白"), ("钩虫病", "钩虫病")]


def test_longest_words_count_characters_through_astral_and_lone_surrogates():
    matcher = base.LongestWords(["密码", "pin"])
    text = "😀密码\ud800PIN\U00010000密码"
    assert [(first, last) for first, last, _ in matcher.spans(text)] == [(1, 3), (4, 7), (8, 10)]
    assert matcher.spans(text, 2, 7) == [(4, 7, 1)]  # 码 alone is no word


def _lexicons():
    lexicon, words, dictionary = _load_lexicon(LEXICON), _load_words(WORDS), load_field_dictionary(())
    return {"sensitive labels": lexicon.labels, "credential labels": words.labels, "field names": dictionary}


@pytest.fixture
def screened(monkeypatch):
    """Every range long enough to be screened."""
    monkeypatch.setattr(base, "SCREENED_RANGE", 0)  # base.screened_ranges decides for every lexicon


@pytest.mark.parametrize("name", ["sensitive labels", "credential labels", "field names"])
def test_screened_lines_give_what_the_whole_range_gives(screened, name):
    lexicon = _lexicons()[name]
    words = sorted((lexicon._words if isinstance(lexicon, Terms) else lexicon._in_text).words)
    rng = random.Random(name)
    screened_some = 0
    for _ in range(120):
        text = _text(rng, [rng.choice(words) for _ in range(12)])
        if isinstance(lexicon, Terms):
            start = rng.randrange(len(text) + 1)
            end = rng.randint(start, len(text))
            assert lexicon.find(text, start, end) == (lexicon._found(text, start, end) if start < end else [])
        else:
            assert lexicon.hits(text) == _leftmost_longest(set(words), lowered(text))
        screened_some += lexicon._lines.lines(text, 0, len(text)) is not None
    assert screened_some == 120  # Hyperscan read every text


def test_lines_are_those_holding_a_literal_with_their_line_break():
    lines = candidates.LiteralLines(["密码", "pass"])
    text = "a\nxx密码yy\nPASS\nzz\n密"
    assert lines.lines(text, 0, len(text)) == [(2, 9), (9, 14)]
    assert lines.lines(text, 4, 14) == [(4, 9), (9, 14)]  # clipped to the range
    assert lines.lines(text, 4, 12) == [(4, 9)]  # PAS: not a word
    assert lines.lines("no\nword", 0, 7) == []
    assert lines.lines("x\n密码\ud800", 0, 5) == [(2, 5)]  # a lone surrogate is read too


def test_without_the_wheel_the_whole_range_is_read(monkeypatch, screened):
    monkeypatch.setattr(candidates, "hyperscan", None)
    terms = Terms({"密码": "password", "pin code": "pin"})
    assert terms._lines.lines("密码", 0, 2) is None
    assert terms.find("x\nPin_Code 1\n密码：2") == [(2, 10, "pin code", "pin"), (13, 15, "密码", "password")]


def test_ignorecase_folds_onto_ascii_letters_only_these_characters():
    letters = [re.compile("[a-z]", re.IGNORECASE), regex.compile("[a-z]", regex.IGNORECASE)]
    folded = {chr(c) for c in range(0x80, sys.maxunicode + 1) for expression in letters if expression.fullmatch(chr(c))}
    assert folded == set(IGNORECASE_TO_ASCII)


def _expressions():
    lexicon = _load_lexicon(LEXICON)
    return {"record headings": (lexicon.heading, lexicon.heading_lines, lexicon.heading_words),
            "address context": (address.CONTEXT_RE, address._CONTEXT_LINES, address.CONTEXT_WORDS)}


@pytest.mark.parametrize("name", ["record headings", "address context"])
def test_an_expression_read_on_its_lines_finds_what_it_finds_in_the_whole_text(screened, name):
    expression, lines, words = _expressions()[name]
    forms = [form for word in words for form in word_forms(word)]
    exotic = str.maketrans({"s": "\u017f", "k": "\u212a", "i": "\u0130", "I": "\u0131"})
    rng = random.Random(5)
    found = 0
    for _ in range(150):
        chosen = [rng.choice(forms) for _ in range(6)]
        chosen += [word.title() for word in chosen[:2]] + [word.translate(exotic) for word in chosen[:3]]
        text = _text(rng, chosen)
        assert lines.lines(text, 0, len(text)) is not None
        screened = [m.span() for m in finditer_on_lines(expression, lines, text)]
        assert screened == [m.span() for m in expression.finditer(text)]
        found += len(screened)
    assert found > 100  # there were matches to find


# --- context words (scanner/engine.py) ----------------------------------------------------

def test_lower_case_gives_ascii_letters_only_for_these_and_a_chinese_character_for_none():
    changed = [chr(c) for c in range(0x80, sys.maxunicode + 1) if chr(c).lower() != chr(c)]
    assert {c for c in changed if any(x.isascii() for x in c.lower())} == set(LOWER_TO_ASCII)
    assert not [c for c in changed if any("\u3400" <= x <= "\u9fff" for x in c.lower())]


def _numbers(rng: random.Random) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.choice([6, 8, 9, 10, 12, 15, 16, 18, 19])))
    return rng.choice([digits, f"{digits[:4]} {digits[4:]}", f"19{digits[:2]}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"])


def test_a_match_with_no_context_word_near_is_judged_as_with_its_surroundings(engine, monkeypatch):
    words = sorted({w for r in engine.recognizers if isinstance(r, PatternRecognizer) for w in r.context or []})
    exotic = str.maketrans({"i": "\u0130", "k": "\u212a", "K": "\u212a"})
    rng = random.Random(9)
    near = far = 0
    for _ in range(40):
        pieces = []
        for _ in range(rng.randint(5, 60)):
            kind = rng.random()
            if kind < 0.3:
                pieces.append(_numbers(rng))
            elif kind < 0.36:
                word = rng.choice(words)
                pieces.append(rng.choice([word, word.upper(), word.translate(exotic)]))
            else:
                pieces.append(rng.choice(["\n", "：", " ", "的" * rng.randint(1, 90), "号码", "a"]))
        text = "".join(pieces)
        positions = engine._context_words.positions(text)
        assert positions is not None
        for matches in engine._candidates.matches(text):
            quiet = [_none_near(positions, m.start(), m.end()) for m in matches]
            near, far = near + quiet.count(False), far + quiet.count(True)
        screened = engine._candidate_windows(text, "", "zh")
        with monkeypatch.context() as patch:
            patch.setattr(engine, "_context_words", candidates.LiteralLines(()))  # every match's surroundings read
            assert screened == engine._candidate_windows(text, "", "zh")
    assert near > 50 and far > 50  # both kinds were judged


def test_a_context_word_written_with_a_kelvin_sign_is_near(engine):
    text = "sb\u212ah：123456789\n"  # sbKh lower-cased is sbkh, a social security number's context word
    windows, _, reportable = engine._candidate_windows(text, "", "zh")
    assert [(start, end) for start, end, _ in windows] == [(0, len(text))]
    assert {(start, end) for start, end, _ in reportable} == {(5, 14)}


def test_the_same_literals_in_any_order_are_one_database_in_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for literals in (["密码", "pass", "pin"], ["pin", "密码", "pass"], {"pass", "pin", "密码"}):
        assert candidates.LiteralLines(literals).lines("x\nPIN 1", 0, 7) == [(2, 7)]
    assert len(list((tmp_path / "piplscan").glob("hyperscan-literals-*.db"))) == 1
