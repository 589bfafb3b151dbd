"""The column engine gives exactly the text engine's results on a column of whole values, and
leaves to the text engine what it cannot class."""

import random
from datetime import date

import pytest

from scanner.column_engine import ColumnEngine
from scanner.pipeline import Scanner, sources_for
from scanner.sources.files import WalkOptions
from tests import synthetic


def _typo(value: str) -> str:
    """A wrong last digit: the check fails."""
    return value[:-1] + ("0" if value[-1] != "0" else "1") if value[-1].isdigit() else value


def _digit_credit_code(rng) -> str:
    """A credit code of digits only (GB 32100's check passes; its middle is no birth date)."""
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    while True:
        body = "9111" + "".join(rng.choice("0123456789") for _ in range(13))
        check = (31 - sum(int(c) * w for c, w in zip(body, weights)) % 31) % 31
        if check < 10:
            return body + str(check)


def _results(results) -> list[tuple]:
    return sorted((r.entity_type, r.start, r.end, r.score, r.recognition_metadata["recognizer_name"]) for r in results)


@pytest.mark.parametrize("header, make", [
    ("身份证号", lambda rng: synthetic.resident_id(rng)),
    ("col", lambda rng: synthetic.resident_id(rng, born=date(2015, 6, 1))),
    ("手机号", synthetic.mobile),
    ("卡号", synthetic.unionpay_card),
    ("email", synthetic.email),
    ("amount", lambda rng: f"{rng.randrange(10**8) / 100:.2f}"),
    ("产品编码", lambda rng: f"SKU-{rng.randint(10**5, 10**6 - 1)}"),
    ("col", lambda rng: _digit_credit_code(rng)),
    ("设备号", synthetic.imei),
    ("order_no", lambda rng: f"DD{rng.randrange(10**10):010d}"),
    ("香港身份证", lambda rng: f"A{rng.randrange(10**7):07d}"),
    ("护照", lambda rng: f"E{rng.randrange(10**8):08d}"),
    ("台湾身份证", lambda rng: f"A{rng.choice('12')}{rng.randrange(10**8):08d}"),
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


class _TextEngineOnly:
    @staticmethod
    def judge(text, context):
        return None


def test_a_scan_with_the_column_engine_reports_what_the_text_engine_reports(engine, rng, tmp_path):
    """Findings, columns, counts and ratings of a CSV export: the same through both paths."""
    export = tmp_path / "客户.csv"
    rows = ["身份证号,手机号,邮箱,会员号,金额"]
    for i in range(600):
        resident = synthetic.resident_id(rng, born=date(2012, 5, 1) if i % 7 == 0 else None)
        mobile = synthetic.mobile(rng)
        rows.append(",".join([resident.lower() if i % 3 == 0 else _typo(resident) if i % 50 == 0 else resident,
                              f"86{mobile}" if i % 4 == 0 else f"0086{mobile}" if i % 5 == 0 else mobile,
                              synthetic.email(rng).upper() if i % 2 else synthetic.email(rng),
                              f"VIP-{rng.randrange(10**6):06d}", f"{rng.randrange(10**6) / 100:.2f}"]))
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    reports = []
    for column_engine in (True, False):
        scanner = Scanner(engine, b"k" * 32, today=date(2026, 12, 3))
        if not column_engine:
            scanner.column_engine = _TextEngineOnly()
        report = scanner.scan([str(export)], sources_for([str(export)], WalkOptions()))
        reports.append((sorted(map(repr, report.findings)), report.columns, report.columns_rejected, report.counts, report.risk))
    assert reports[0] == reports[1]
    assert {c.entity_type for c in reports[0][1]} == {"CN_RESIDENT_ID", "CN_MOBILE_PHONE", "EMAIL_ADDRESS"}


@pytest.mark.parametrize("today", [date(2026, 2, 28), date(2024, 2, 29), date(2026, 12, 31)])
def test_minors_of_a_column_are_those_is_minor_finds(engine, today):
    from scanner.values import is_minor

    numbers = [f"110101{year}{month_day}123X" for year in range(2005, 2011) for month_day in ("0101", "0228", "0229", "0301", "1231", "0230", "1301")]
    numbers += [f"110101{year % 100:02d}{month_day}123" for year in range(1900, 1911) for month_day in ("0228", "0229", "1231")]
    minors = ColumnEngine(engine, today).minors(numbers, 18)
    assert minors.tolist() == [is_minor("CN_RESIDENT_ID", number, today, 18) for number in numbers]
    assert 0 < minors.sum() < len(numbers)
