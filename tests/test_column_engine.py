"""The column engine gives exactly the text engine's results on a column of whole values, and
leaves to the text engine what it cannot class."""

import random
from datetime import date

import pytest

from scanner.column_engine import ColumnEngine
from tests import synthetic


def _typo(value: str) -> str:
    """A wrong last digit: the check fails."""
    return value[:-1] + ("0" if value[-1] != "0" else "1") if value[-1].isdigit() else value


def _results(results) -> list[tuple]:
    return sorted((r.entity_type, r.start, r.end, r.score, r.recognition_metadata["recognizer_name"]) for r in results)


@pytest.mark.parametrize("header, make", [
    ("身份证号", lambda rng: synthetic.resident_id(rng)),
    ("col", lambda rng: synthetic.resident_id(rng, born=date(2015, 6, 1))),
    ("手机号", synthetic.mobile),
    ("卡号", synthetic.unionpay_card),
    ("email", synthetic.email),
    ("amount", lambda rng: f"{rng.randrange(10**8) / 100:.2f}"),
    ("出生日期", lambda rng: f"{rng.randint(1950, 2030)}-{rng.randint(1, 13):02d}-{rng.randint(1, 31):02d}"),
])
def test_a_column_of_whole_values_gets_the_text_engines_results(engine, rng, header, make):
    values = [header] + [make(rng) if i % 20 else _typo(make(rng)) for i in range(2000)] + [""]
    text = "\n".join(values)
    judged = ColumnEngine(engine, date.today()).judge(text, (header,))
    assert judged is not None
    mine = [judged.result(entity, i) for entity in judged.entities for i in range(len(entity.rows))]
    assert _results(mine) == _results(engine.analyze(text, (header,)))


@pytest.mark.parametrize("values", [
    ["客户来电 13812345678 要求回访"] * 50,  # a value inside words
    ["张三", "李四", "王五"] * 20,  # names need the text engine's lexicons
    [str(random.Random(i).randrange(10**15, 10**19)) for i in range(5000)],  # varied numbers: classes past the bound
])
def test_what_it_cannot_class_goes_to_the_text_engine(engine, values):
    assert ColumnEngine(engine, date.today()).judge("\n".join(values), ("col",)) is None
