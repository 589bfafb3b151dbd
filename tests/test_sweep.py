"""The file sweep end to end: FileSource walking, encoding detection, chunked reading,
line/column arithmetic, and how the Scanner handles errors, privacy and fingerprints.

Everything runs through the real components (the session ``engine``, ``FileSource``,
``read_chunks``, ``Scanner``) over real files in ``tmp_path``. Every value is synthetic
(``tests/synthetic.py`` with a seeded ``random.Random``).
"""

import codecs
import dataclasses
import errno
import io
import os
import random
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from scanner.model import Document, Skipped
from scanner.pipeline import Scanner
from scanner.sources import decoding
from scanner.sources.decoding import detect_encoding, read_chunks
from scanner.sources.files import FileSource, WalkOptions
from scanner.values import mask
from tests import synthetic

KEY = b"piplscan-sweep-test-key"


# --------------------------------------------------------------------------- helpers


def scan(engine, *targets, options: WalkOptions = WalkOptions(), key: bytes = KEY, show_data: bool = False):
    return Scanner(engine, key, show_data=show_data).scan(
        [str(target) for target in targets], [FileSource(Path(target), options) for target in targets]
    )


def positions(report) -> list[tuple[str, int, int]]:
    """(entity, line, column) of every finding, in report order."""
    return [(f.entity_type, f.location.line, f.location.column) for f in report.findings]


def located(report) -> list[tuple[str, str, int, int]]:
    """(entity, path, line, column) of every finding, in report order."""
    return [(f.entity_type, f.location.path, f.location.line, f.location.column) for f in report.findings]


@contextmanager
def deadline(seconds: int, message: str):
    """Turn a hang (a blocked open, an endless walk) into a failure instead of a stuck run."""

    class Expired(BaseException):  # not an Exception: the Scanner's per-document handler must not swallow it
        pass

    def expired(signum, frame):
        raise Expired

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    except Expired:
        pytest.fail(message)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def where(text: str, start: int) -> tuple[int, int]:
    """1-based line and column, in characters, of text[start] (reference implementation)."""
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, start - line_start + 1


def own_text(chunks) -> str:
    return "".join(chunk.text[chunk.own_start - chunk.offset:chunk.own_end - chunk.offset] for chunk in chunks)


def resident_id_ending_in_x(rng: random.Random) -> str:
    while True:
        value = synthetic.resident_id(rng)
        if value.endswith("X"):
            return value


def taiwan_permit(rng: random.Random) -> str:
    """Eight digits: reported only next to a context word such as 台胞证."""
    return str(rng.choice("23468")) + f"{rng.randrange(10**7):07d}"


class _Builder:
    """Builds a text and records where each planted value starts."""

    def __init__(self):
        self.text = ""
        self.expected: list[tuple[str, int, int, str]] = []  # entity, line, column, value

    def add(self, text: str):
        self.text += text

    def value(self, entity: str, value: str):
        line, column = where(self.text, len(self.text))
        self.expected.append((entity, line, column, value))
        self.text += value

    def sorted_expected(self):
        return sorted(self.expected, key=lambda item: (item[1], item[2], item[0]))


# --------------------------------------------------------------------------- 1. encodings


def _encoding_sample(rng: random.Random):
    """Mostly-ASCII text (so UTF-16-LE without a BOM is recognisable) with Chinese context."""
    rid, mob = synthetic.resident_id(rng), synthetic.mobile(rng)
    text = (
        "customer export, batch 7 客户导出\n"
        f"name: Wang Wei, 身份证号: {rid} ok\r\n"
        "\n"
        f"mobile (手机) {mob}\n"
        f"{mob} first on the line, then the id again {rid}\n"
    )
    expected = [
        ("PERSON", 2, 7, "Wang Wei"),
        ("CN_RESIDENT_ID", 2, 23, rid),
        ("CN_MOBILE_PHONE", 4, 13, mob),
        ("CN_MOBILE_PHONE", 5, 1, mob),
        ("CN_RESIDENT_ID", 5, 50, rid),
    ]
    return text, expected


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-bom-native": lambda text: text.encode("utf-16"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda text: text.encode("utf-16-le"),
    "gb18030": lambda text: text.encode("gb18030"),
    "gbk": lambda text: text.encode("gbk"),
}


def test_encoding_sample_positions_are_what_the_test_claims():
    text, expected = _encoding_sample(random.Random(11))
    for _, line, column, value in expected:
        assert text.split("\n")[line - 1][column - 1:column - 1 + len(value)] == value


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_every_encoding_gives_the_same_findings(engine, tmp_path, name):
    text, expected = _encoding_sample(random.Random(11))
    path = tmp_path / f"{name}.txt"
    path.write_bytes(ENCODINGS[name](text))

    report = scan(engine, path, show_data=True)

    assert report.errors == () and report.skipped == ()
    assert [(f.entity_type, f.location.line, f.location.column, f.value) for f in report.findings] == expected
    assert {f.location.path for f in report.findings} == {str(path)}
    assert report.stats.files_scanned == 1 and report.stats.bytes_scanned == path.stat().st_size


def test_all_encodings_agree_with_each_other(engine, tmp_path):
    text, _ = _encoding_sample(random.Random(12))
    results = {}
    for name, encode in ENCODINGS.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(encode(text))
        results[name] = positions(scan(engine, path))
    reference = results["utf-8"]
    assert len(reference) == 5
    assert all(found == reference for found in results.values()), results


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_short_one_line_gbk_file(engine, tmp_path, encoding):
    """Twenty-odd bytes of GBK: too short for a statistical guesser, decoded by trying GB18030."""
    rng = random.Random(13)
    rid, mob = synthetic.resident_id(rng), synthetic.mobile(rng)
    data = f"身份证：{rid}".encode(encoding)
    assert len(data) < 40
    path = tmp_path / "short.txt"
    path.write_bytes(data)
    assert detect_encoding(data, complete=True) == "gb18030"

    report = scan(engine, path, show_data=True)
    assert [(f.entity_type, f.location.line, f.location.column, f.value) for f in report.findings] == [
        ("CN_RESIDENT_ID", 1, 5, rid)
    ]

    path.write_bytes(f"手机：{mob}\n".encode(encoding))
    report = scan(engine, path, show_data=True)
    assert [(f.entity_type, f.location.line, f.location.column, f.value) for f in report.findings] == [
        ("CN_MOBILE_PHONE", 1, 4, mob)
    ]


def test_short_gbk_context_word_is_decoded(engine, tmp_path):
    """A value that is only reported next to its context word: the GBK context must decode."""
    permit = taiwan_permit(random.Random(14))
    path = tmp_path / "permit.txt"
    path.write_bytes(f"台胞证：{permit}".encode("gbk"))
    report = scan(engine, path, show_data=True)
    assert [(f.entity_type, f.location.line, f.location.column, f.value) for f in report.findings] == [
        ("CN_TAIWAN_PERMIT", 1, 5, permit)
    ]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("客户名单 身份证号".encode("utf-8"), "utf-8"),
        (b"plain ascii text\n", "utf-8"),
        (codecs.BOM_UTF8 + "客户".encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "客户 list".encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + "客户 list".encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + "客户".encode("utf-32-le"), "utf-32"),
        (codecs.BOM_UTF32_BE + "客户".encode("utf-32-be"), "utf-32"),
        ("mobile number list, 客户\n".encode("utf-16-le"), "utf-16-le"),
        ("mobile number list, 客户\n".encode("utf-16-be"), "utf-16-be"),
        ("身份证号：".encode("gbk"), "gb18030"),
        ("客户名单，手机号码".encode("gb18030"), "gb18030"),
        ("生僻字𠀀与表情😀".encode("gb18030"), "gb18030"),
    ],
)
def test_detect_encoding(data, encoding):
    assert detect_encoding(data, complete=True) == encoding


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00",
        bytes(range(256)) * 8,
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" * 16,
    ],
)
def test_detect_encoding_binary_is_none(data):
    assert detect_encoding(data, complete=True) is None


def test_detect_encoding_sample_cut_inside_a_character():
    """A sample that is not the whole file may end inside a multi-byte character."""
    utf8 = "客户名单".encode("utf-8")
    assert detect_encoding(utf8[:-1], complete=False) == "utf-8"
    gbk = "客户名单".encode("gbk")
    assert detect_encoding(gbk[:-1], complete=False) == "gb18030"
    # As a whole file the same bytes end in a broken character: still UTF-8, read around it.
    assert detect_encoding(utf8[:-1], complete=True) == "utf-8"


# --------------------------------------------------------------------------- 2. chunking


def _mixed_text(rng: random.Random, lines: int = 80) -> str:
    parts = []
    for _ in range(lines):
        kind = rng.randrange(5)
        if kind == 0:
            parts.append("")
        elif kind == 1:
            parts.append(synthetic.prose_line(rng, rng.randrange(5, 60)))
        elif kind == 2:
            # Longer than a chunk, with a CRLF ending.
            parts.append(synthetic.prose_line(rng, 100) + synthetic.prose_line(rng, rng.randrange(50, 150)) + "\r")
        elif kind == 3:
            parts.append("😀 tab\there " + synthetic.prose_line(rng, 20))
        else:
            parts.append("ascii only line " * rng.randrange(1, 8))
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("chunk_chars", [64, 100, 200])
def test_read_chunks_own_ranges_reproduce_the_text(chunk_chars):
    text = _mixed_text(random.Random(chunk_chars))
    chunks = list(read_chunks(io.BytesIO(text.encode("utf-8")), "utf-8", chunk_chars=chunk_chars))

    assert len(chunks) > len(text) // chunk_chars
    assert own_text(chunks) == text
    assert chunks[0].own_start == 0 and chunks[-1].own_end == len(text)
    for before, after in zip(chunks, chunks[1:]):
        assert before.own_end == after.own_start
    for chunk in chunks:
        assert chunk.offset <= chunk.own_start < chunk.own_end <= chunk.offset + len(chunk.text)
        assert chunk.text == text[chunk.offset:chunk.offset + len(chunk.text)]
        assert (chunk.first_line, chunk.first_column) == where(text, chunk.offset)


def test_read_chunks_cut_at_line_ends_and_start_with_the_line_before():
    rng = random.Random(21)
    text = "\n".join(synthetic.prose_line(rng, rng.randrange(10, 40)) for _ in range(60)) + "\n"
    chunks = list(read_chunks(io.BytesIO(text.encode("utf-8")), "utf-8", chunk_chars=100))
    assert len(chunks) > 10
    for chunk in chunks[:-1]:
        assert text[chunk.own_end - 1] == "\n"  # a line end is in every window's second half
        assert chunk.own_end - chunk.own_start <= 100
    for chunk in chunks[1:]:
        # The context before the owned text is exactly the previous line.
        context = text[chunk.offset:chunk.own_start]
        assert context.endswith("\n") and context.count("\n") == 1
        assert chunk.offset == 0 or text[chunk.offset - 1] == "\n"
        assert chunk.first_column == 1


def test_read_chunks_empty_stream_yields_nothing():
    assert list(read_chunks(io.BytesIO(b""), "utf-8", chunk_chars=64)) == []


def test_read_chunks_hard_cut_of_a_long_line():
    rng = random.Random(22)
    text = synthetic.prose_line(rng, 150) * 10  # 1500 characters, no newline
    chunks = list(read_chunks(io.BytesIO(text.encode("utf-8")), "utf-8", chunk_chars=64))
    assert len(chunks) >= -(-len(text) // 64)
    assert own_text(chunks) == text
    for chunk in chunks:
        assert chunk.own_end - chunk.own_start <= 64
        assert chunk.first_line == 1 and chunk.first_column == chunk.offset + 1
    for chunk in chunks[:-1]:
        # A cut chunk runs past its end, so a value starting before the cut is whole in it.
        assert chunk.offset + len(chunk.text) >= min(len(text), chunk.own_end + 32)


def _long_line_with_values_across_cuts(rng: random.Random, every: int):
    """One line without a newline; values planted so that each straddles a multiple of ``every``."""
    filler = "客户信息登记表备注说明，请核对。"
    builder = _Builder()
    for index in range(12):
        if index % 2:
            entity, value = "CN_RESIDENT_ID", synthetic.resident_id(rng)
        else:
            entity, value = "CN_MOBILE_PHONE", synthetic.mobile(rng)
        cut = every * (index + 1) * 2
        start = cut - 1 - index % (len(value) - 2)  # the cut falls inside the value
        while len(builder.text) < start:
            builder.add(filler[len(builder.text) % len(filler)])
        builder.value(entity, value)
    builder.add("，结束。")
    return builder


def test_long_single_line_values_at_the_cut_found_once(engine, tmp_path):
    builder = _long_line_with_values_across_cuts(random.Random(23), every=64)
    text = builder.text
    assert "\n" not in text
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")

    # Precondition: the chunker does cut inside the planted values.
    chunks = list(read_chunks(io.BytesIO(text.encode("utf-8")), "utf-8", chunk_chars=64))
    cuts = {chunk.own_end for chunk in chunks[:-1]}
    starts = [column - 1 for _, _, column, _ in builder.expected]
    straddling = [s for s, (_, _, _, v) in zip(starts, builder.expected) if any(s < cut < s + len(v) for cut in cuts)]
    assert len(straddling) >= 6

    for chunk_chars in (64, 1 << 20):
        report = scan(engine, path, options=WalkOptions(chunk_chars=chunk_chars), show_data=True)
        found = [(f.entity_type, f.location.line, f.location.column, f.value) for f in report.findings]
        assert found == builder.sorted_expected(), chunk_chars


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("read_bytes", [1, 3, 7])
def test_multibyte_characters_split_across_read_blocks(monkeypatch, encoding, read_bytes):
    monkeypatch.setattr(decoding, "READ_BYTES", read_bytes)
    text = "客户名单 😀 身份证号：ABC\r\n第二行𠀀内容，手机 phone\n" * 6
    chunks = list(read_chunks(io.BytesIO(text.encode(encoding)), encoding, chunk_chars=40))
    assert "\ufffd" not in "".join(chunk.text for chunk in chunks)
    assert own_text(chunks) == text
    for chunk in chunks:
        assert (chunk.first_line, chunk.first_column) == where(text, chunk.offset)


def test_scanner_with_tiny_read_blocks_gives_the_same_findings(engine, tmp_path, monkeypatch):
    text, expected = _encoding_sample(random.Random(24))
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    monkeypatch.setattr(decoding, "READ_BYTES", 3)
    report = scan(engine, path, options=WalkOptions(chunk_chars=64), show_data=True)
    assert [(f.entity_type, f.location.line, f.location.column, f.value) for f in report.findings] == expected


def _many_values_file(rng: random.Random) -> _Builder:
    """A file with many values: short and long (hard-cut) lines, CRLF, and a context word on the
    line before a line-end cut at chunk_chars=100."""
    builder = _Builder()
    # Block 1: the first window [0, 100) has its last line end right after "台胞证：", so the cut
    # separates the context word from the value.
    builder.add(synthetic.prose_line(rng, 60) + "\n")
    builder.add("台胞证：\n")
    builder.value("CN_TAIWAN_PERMIT", taiwan_permit(rng))
    builder.add(" 已登记，请" + synthetic.prose_line(rng, 40) + "\n")
    for index in range(30):
        kind = index % 5
        if kind == 0:
            builder.add(synthetic.prose_line(rng, rng.randrange(10, 50)) + " 身份证号：")
            builder.value("CN_RESIDENT_ID", synthetic.resident_id(rng))
            builder.add("\r\n")
        elif kind == 1:
            builder.value("CN_MOBILE_PHONE", synthetic.mobile(rng))
            builder.add(" " + synthetic.prose_line(rng, rng.randrange(5, 80)) + "\n")
        elif kind == 2:
            # A line longer than a chunk with values all along it.
            for _ in range(4):
                builder.add(synthetic.prose_line(rng, rng.randrange(15, 45)) + "，手机")
                builder.value("CN_MOBILE_PHONE", synthetic.mobile(rng))
            builder.add("。\n")
        elif kind == 3:
            builder.add(synthetic.prose_line(rng, rng.randrange(20, 70)) + "\n台胞证：\n")
            builder.value("CN_TAIWAN_PERMIT", taiwan_permit(rng))
            builder.add("\n")
        else:
            builder.add(synthetic.prose_line(rng, rng.randrange(30, 110)) + "\n\n")
    return builder


def test_chunked_scan_equals_whole_file_scan(engine, tmp_path):
    builder = _many_values_file(random.Random(25))
    text = builder.text
    path = tmp_path / "many.txt"
    path.write_bytes(text.encode("utf-8"))
    expected = builder.sorted_expected()
    assert len(expected) == 43

    # Preconditions at chunk_chars=100: some values straddle a cut, and one Taiwan permit
    # starts exactly where a chunk starts, its context word owned by the chunk before.
    chunks = list(read_chunks(io.BytesIO(text.encode("utf-8")), "utf-8", chunk_chars=100))
    own_starts = {chunk.own_start for chunk in chunks}
    value_starts = [(entity, text.index(value), value) for entity, _, _, value in builder.expected]
    assert any(chunk.own_start < start < chunk.own_end < start + len(value)
               for chunk in chunks for _, start, value in value_starts)
    first_permit_start = value_starts[0][1]
    assert value_starts[0][0] == "CN_TAIWAN_PERMIT" and first_permit_start in own_starts
    assert text[first_permit_start - len("台胞证：\n"):first_permit_start] == "台胞证：\n"

    whole = scan(engine, path, show_data=True)
    chunked = scan(engine, path, options=WalkOptions(chunk_chars=100), show_data=True)
    as_tuples = [(f.entity_type, f.location.line, f.location.column, f.value) for f in whole.findings]
    assert as_tuples == expected
    assert [(f.entity_type, f.location.line, f.location.column, f.value) for f in chunked.findings] == expected
    assert [f.fingerprint for f in chunked.findings] == [f.fingerprint for f in whole.findings]


# --------------------------------------------------------------------------- 3. line and column


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{mob} is on the first line", [("CN_MOBILE_PHONE", 1, 1)]),
        ("客户王伟的手机号码是{mob}", [("PERSON", 1, 3), ("CN_MOBILE_PHONE", 1, 11)]),
        ("身份证号：{rid}\n手机：{mob}", [("CN_RESIDENT_ID", 1, 6), ("CN_MOBILE_PHONE", 2, 4)]),
        ("第一行\r\n第二行\r\n  {mob}\r\n", [("CN_MOBILE_PHONE", 3, 3)]),
        ("\r\n\r\n\r\n身份证 {rid}\r\n", [("CN_RESIDENT_ID", 4, 5)]),
        ("😀😀{mob}", [("CN_MOBILE_PHONE", 1, 3)]),
        ("\t\t{mob}", [("CN_MOBILE_PHONE", 1, 3)]),
        ("\n\n\n\n{rid} {mob}\n", [("CN_RESIDENT_ID", 5, 1), ("CN_MOBILE_PHONE", 5, 20)]),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_line_and_column_in_characters(engine, tmp_path, content, expected, encoding):
    rng = random.Random(31)
    rid, mob = synthetic.resident_id(rng), synthetic.mobile(rng)
    path = tmp_path / "doc.txt"
    path.write_bytes(content.format(rid=rid, mob=mob).encode(encoding))
    assert positions(scan(engine, path)) == expected


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_value_right_after_a_bom_is_column_one(engine, tmp_path, bom):
    rng = random.Random(32)
    rid, mob = synthetic.resident_id(rng), synthetic.mobile(rng)
    text = f"{rid}\n号码{mob}"
    encoding = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}[bom]
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + text.encode(encoding))
    report = scan(engine, path, show_data=True)
    assert [(f.entity_type, f.location.line, f.location.column, f.value) for f in report.findings] == [
        ("CN_RESIDENT_ID", 1, 1, rid),
        ("CN_MOBILE_PHONE", 2, 3, mob),
    ]


# --------------------------------------------------------------------------- 4. walking


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_directory_recursion_and_relative_posix_paths(engine, tmp_path):
    rng = random.Random(41)
    root = tmp_path / "share"
    ids = [synthetic.resident_id(rng) for _ in range(3)]
    # Created out of order on purpose.
    _write(root / "财务部" / "客户 名单" / "list.txt", f"姓名,身份证\n王伟,{ids[0]}\n")
    _write(root / "a" / "b" / "c" / "deep.txt", f"x\ny\n身份证号 {ids[1]}\n")
    _write(root / "top.txt", f"{ids[2]}\n")

    report = scan(engine, root)

    assert located(report) == [
        ("CN_RESIDENT_ID", "a/b/c/deep.txt", 3, 6),
        ("CN_RESIDENT_ID", "top.txt", 1, 1),
        ("PERSON", "财务部/客户 名单/list.txt", 2, 1),
        ("CN_RESIDENT_ID", "财务部/客户 名单/list.txt", 2, 4),
    ]
    assert report.errors == () and report.skipped == ()
    assert report.stats.files_scanned == 3
    assert report.stats.bytes_scanned == sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    assert all("\\" not in f.location.path and not f.location.path.startswith("/") for f in report.findings)


def test_relative_directory_target(engine, tmp_path, monkeypatch):
    mob = synthetic.mobile(random.Random(42))
    _write(tmp_path / "data" / "sub" / "f.txt", f"手机 {mob}\n")
    monkeypatch.chdir(tmp_path)
    for target in ("data", "data/", "./data"):
        assert located(scan(engine, target)) == [("CN_MOBILE_PHONE", "sub/f.txt", 1, 4)], target


def test_file_given_directly_keeps_its_path(engine, tmp_path, monkeypatch):
    mob = synthetic.mobile(random.Random(43))
    path = _write(tmp_path / "dir" / "名单.txt", f"手机 {mob}\n")
    assert located(scan(engine, path)) == [("CN_MOBILE_PHONE", str(path), 1, 4)]
    monkeypatch.chdir(tmp_path)
    assert located(scan(engine, "dir/名单.txt")) == [("CN_MOBILE_PHONE", "dir/名单.txt", 1, 4)]


def test_missing_target_is_an_error_and_the_scan_goes_on(engine, tmp_path):
    mob = synthetic.mobile(random.Random(44))
    good = _write(tmp_path / "good.txt", f"手机 {mob}\n")
    missing = tmp_path / "missing.txt"
    report = scan(engine, missing, good)
    assert located(report) == [("CN_MOBILE_PHONE", str(good), 1, 4)]
    assert [error.path for error in report.errors] == [str(missing)]
    assert "\n" not in report.errors[0].error


def test_hidden_files_and_folders(engine, tmp_path):
    rng = random.Random(45)
    visible, hidden_file, hidden_dir = (synthetic.resident_id(rng) for _ in range(3))
    _write(tmp_path / "visible.txt", visible)
    _write(tmp_path / ".env", f"ID={hidden_file}")
    _write(tmp_path / ".git" / "logs" / "HEAD", f"身份证 {hidden_dir}")

    assert located(scan(engine, tmp_path)) == [("CN_RESIDENT_ID", "visible.txt", 1, 1)]
    assert located(scan(engine, tmp_path, options=WalkOptions(include_hidden=True))) == [
        ("CN_RESIDENT_ID", ".env", 1, 4),
        ("CN_RESIDENT_ID", ".git/logs/HEAD", 1, 5),
        ("CN_RESIDENT_ID", "visible.txt", 1, 1),
    ]


def test_exclude_globs_by_name_and_by_relative_path(engine, tmp_path):
    rng = random.Random(46)
    value = synthetic.mobile(rng)
    for relative in ("keep.txt", "app.log", "sub/app.log", "sub/keep.txt", "sub/private/a.txt",
                     "other/private/b.txt", "node_modules/pkg/c.txt", "deep/node_modules/d.txt"):
        _write(tmp_path / relative, f"手机 {value}\n")

    def paths(*patterns):
        return [f.location.path for f in scan(engine, tmp_path, options=WalkOptions(exclude=patterns)).findings]

    everything = paths()
    assert len(everything) == 8
    # By name, at any depth: files and folders.
    assert paths("*.log") == ["deep/node_modules/d.txt", "keep.txt", "node_modules/pkg/c.txt",
                              "other/private/b.txt", "sub/keep.txt", "sub/private/a.txt"]
    assert paths("node_modules") == ["app.log", "keep.txt", "other/private/b.txt", "sub/app.log",
                                     "sub/keep.txt", "sub/private/a.txt"]
    # By relative path: only that folder, not a folder of the same name elsewhere.
    assert paths("sub/private") == ["app.log", "deep/node_modules/d.txt", "keep.txt", "node_modules/pkg/c.txt",
                                    "other/private/b.txt", "sub/app.log", "sub/keep.txt"]
    assert paths("sub/*.log") == ["app.log", "deep/node_modules/d.txt", "keep.txt", "node_modules/pkg/c.txt",
                                  "other/private/b.txt", "sub/keep.txt", "sub/private/a.txt"]
    # "*" crosses folders in a relative-path glob.
    assert paths("*/private/*") == ["app.log", "deep/node_modules/d.txt", "keep.txt", "node_modules/pkg/c.txt",
                                    "sub/app.log", "sub/keep.txt"]


def test_max_file_size(engine, tmp_path):
    rng = random.Random(47)
    small, large = synthetic.mobile(rng), synthetic.mobile(rng)
    at_limit = _write(tmp_path / "at_limit.txt", f"手机 {small}\n")
    limit = at_limit.stat().st_size
    _write(tmp_path / "over.txt", f"手机 {large}\n\n")
    report = scan(engine, tmp_path, options=WalkOptions(max_file_size=limit))
    assert located(report) == [("CN_MOBILE_PHONE", "at_limit.txt", 1, 4)]
    assert [item.path for item in report.skipped] == ["over.txt"]
    assert "size limit" in report.skipped[0].reason and str(limit) in report.skipped[0].reason
    assert report.stats.files_skipped == 1 and report.stats.files_scanned == 1


def test_binary_file_is_skipped(engine, tmp_path):
    rid = synthetic.resident_id(random.Random(48))
    # A binary file with an ID embedded between NUL bytes: not scanned as text.
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02\xff" * 64 + rid.encode() + bytes(range(256)))
    _write(tmp_path / "notes.txt", f"{rid}\n")
    report = scan(engine, tmp_path)
    assert located(report) == [("CN_RESIDENT_ID", "notes.txt", 1, 1)]
    assert report.skipped == (Skipped("blob.bin", "binary content"),)
    assert report.errors == ()


@pytest.mark.parametrize("name", ["report.doc", "deck.PPT", "letter.rtf", "backup.7z", "backup.rar", "mail.msg"])
def test_unsupported_formats_are_skipped_with_a_reason(engine, tmp_path, name):
    rid = synthetic.resident_id(random.Random(49))
    (tmp_path / name).write_text(f"身份证号：{rid}\n", encoding="utf-8")  # text inside: still not read
    report = scan(engine, tmp_path)
    assert report.findings == ()
    assert [item.path for item in report.skipped] == [name]
    assert Path(name).suffix.lower() in report.skipped[0].reason
    assert report.stats.files_scanned == 0


@pytest.mark.parametrize("name", ["report.docx", "scan.pdf", "sheet.xlsx", "backup.zip", "notes.odt", "list.ods",
                                  "photo.png"])
def test_a_text_file_with_a_document_suffix_is_read_as_text(engine, tmp_path, name):
    """The extractor trusts content over names: text saved as .docx is text."""
    rid = synthetic.resident_id(random.Random(49))
    (tmp_path / name).write_text(f"身份证号：{rid}\n", encoding="utf-8")
    report = scan(engine, tmp_path)
    assert located(report) == [("CN_RESIDENT_ID", name, 1, 6)]
    assert report.skipped == () and report.errors == ()


def test_fifo_is_not_a_regular_file(engine, tmp_path):
    mob = synthetic.mobile(random.Random(50))
    os.mkfifo(tmp_path / "pipe")
    _write(tmp_path / "z.txt", f"手机 {mob}\n")
    with deadline(15, "the scan blocked opening a FIFO"):
        report = scan(engine, tmp_path)
    assert located(report) == [("CN_MOBILE_PHONE", "z.txt", 1, 4)]
    assert [item.path for item in report.skipped] == ["pipe"]


def test_symlinks_not_followed_by_default(engine, tmp_path):
    rng = random.Random(51)
    rid = synthetic.resident_id(rng)
    _write(tmp_path / "real" / "data.txt", f"{rid}\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real" / "data.txt")
    (tmp_path / "linkdir").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")

    report = scan(engine, tmp_path)
    assert located(report) == [("CN_RESIDENT_ID", "real/data.txt", 1, 1)]
    assert [item.path for item in report.skipped] == ["dangling.txt", "link.txt", "linkdir"]
    assert all("symbolic link" in item.reason for item in report.skipped)
    assert report.errors == ()

    followed = scan(engine, tmp_path, options=WalkOptions(follow_symlinks=True))
    assert located(followed) == [
        ("CN_RESIDENT_ID", "link.txt", 1, 1),
        ("CN_RESIDENT_ID", "linkdir/data.txt", 1, 1),
        ("CN_RESIDENT_ID", "real/data.txt", 1, 1),
    ]
    assert [error.path for error in followed.errors] == ["dangling.txt"]


def test_followed_link_loops_terminate_and_dangling_links_are_errors(engine, tmp_path):
    rng = random.Random(52)
    ids = [synthetic.resident_id(rng) for _ in range(3)]
    root = tmp_path / "root"
    _write(root / "a.txt", f"{ids[0]}\n")
    _write(root / "sub" / "b.txt", f"身份证 {ids[1]}\n")
    _write(root / "sub" / "z.txt", f"\n{ids[2]}\n")
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)  # a folder linking to its parent
    (root / "sub" / "top").symlink_to(root, target_is_directory=True)
    (root / "sub" / "dangling.txt").symlink_to(root / "gone.txt")
    (root / "sub" / "self").symlink_to(root / "sub" / "self")  # ELOOP

    with deadline(15, "the walk did not terminate on a link loop"):
        report = scan(engine, root, options=WalkOptions(follow_symlinks=True), show_data=True)

    assert located(report) == [
        ("CN_RESIDENT_ID", "a.txt", 1, 1),
        ("CN_RESIDENT_ID", "sub/b.txt", 1, 5),
        ("CN_RESIDENT_ID", "sub/z.txt", 2, 1),
    ]
    assert [error.path for error in report.errors] == ["sub/dangling.txt", "sub/self"]
    for error in report.errors:
        assert error.error and "\n" not in error.error
        assert not any(value in error.error for value in ids)
    assert report.stats.files_scanned == 3


def test_results_are_in_a_deterministic_order(engine, tmp_path):
    rng = random.Random(53)
    names = ["m.txt", "b/z.txt", "a.txt", "b.txt", "b/a.txt", "Z.txt", "中文.txt", "a/x.txt"]
    for name in names:  # not in sorted order
        _write(tmp_path / name, f"{synthetic.mobile(rng)}\n身份证 {synthetic.resident_id(rng)}\n")
    (tmp_path / "skip.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "b" / "skip.ppt").write_bytes(b"\xd0\xcf\x11\xe0")

    first = scan(engine, tmp_path)
    second = scan(engine, tmp_path)
    assert located(first) == located(second)
    assert first.skipped == second.skipped and first.errors == second.errors
    keys = [(f.location.path, f.location.line, f.location.column) for f in first.findings]
    assert keys == sorted(keys)
    assert len(first.findings) == 2 * len(names)
    assert sorted({f.location.path for f in first.findings}) == sorted(names)
    assert sorted(item.path for item in first.skipped) == ["b/skip.ppt", "skip.doc"]


# --------------------------------------------------------------------------- 5. errors


class _FailMidway:
    """A FileSource whose document ``path`` raises ``exc`` after yielding its first chunk."""

    def __init__(self, source: FileSource, path: str, exc: Exception):
        self.source, self.path, self.exc = source, path, exc
        self.yielded = 0

    def items(self):
        for item in self.source.items():
            if isinstance(item, Document) and item.path == self.path:
                item = dataclasses.replace(item, chunks=self._failing(item.chunks))
            yield item

    def _failing(self, chunks):
        def run():
            iterator = chunks()
            yield next(iterator)
            self.yielded += 1
            raise self.exc

        return run


def _two_good_one_broken(tmp_path: Path, rng: random.Random):
    ids = [synthetic.resident_id(rng) for _ in range(6)]
    _write(tmp_path / "a.txt", f"身份证 {ids[0]}\n")
    lines = [synthetic.prose_line(rng, 40) + f" 身份证 {value}" for value in ids[1:5]]
    _write(tmp_path / "broken.txt", "\n".join(lines) + "\n")
    _write(tmp_path / "c.txt", f"\n{ids[5]}\n")
    return ids


@pytest.mark.parametrize(
    "make_exc",
    [
        lambda raw: OSError(errno.EIO, "Input/output error"),
        lambda raw: OSError(f"device error while reading {raw}"),
        lambda raw: ValueError(f"cannot analyse {raw}"),
        lambda raw: UnicodeDecodeError("utf-8", raw.encode(), 0, 1, "invalid start byte"),
    ],
)
def test_failing_document_is_an_error_and_the_scan_goes_on(engine, tmp_path, make_exc):
    ids = _two_good_one_broken(tmp_path, random.Random(61))
    chunk_chars = 64
    assert len(list(read_chunks(io.BytesIO((tmp_path / "broken.txt").read_bytes()), "utf-8", chunk_chars))) > 2
    source = _FailMidway(FileSource(tmp_path, WalkOptions(chunk_chars=chunk_chars)), "broken.txt", make_exc(ids[2]))

    report = Scanner(engine, KEY).scan([str(tmp_path)], [source])

    assert source.yielded == 1  # it did fail mid-way, after a chunk was analysed
    assert [(f.entity_type, f.location.path, f.location.line, f.location.column)
            for f in report.findings if f.location.path != "broken.txt"] == [
        ("CN_RESIDENT_ID", "a.txt", 1, 5),
        ("CN_RESIDENT_ID", "c.txt", 2, 1),
    ]
    assert [error.path for error in report.errors] == ["broken.txt"]
    message = report.errors[0].error
    assert message and "\n" not in message
    assert not any(value in message for value in ids)
    assert report.stats.files_scanned == 2


def test_file_vanishing_before_it_is_read_is_an_error(engine, tmp_path):
    rng = random.Random(62)
    ids = _two_good_one_broken(tmp_path, rng)

    class Vanishing:
        def __init__(self, source):
            self.source = source

        def items(self):
            for item in self.source.items():
                if isinstance(item, Document) and item.path == "broken.txt":
                    (tmp_path / "broken.txt").unlink()
                yield item

    report = Scanner(engine, KEY).scan([str(tmp_path)], [Vanishing(FileSource(tmp_path, WalkOptions()))])
    assert located(report) == [("CN_RESIDENT_ID", "a.txt", 1, 5), ("CN_RESIDENT_ID", "c.txt", 2, 1)]
    assert [error.path for error in report.errors] == ["broken.txt"]
    assert "\n" not in report.errors[0].error
    assert not any(value in report.errors[0].error for value in ids)


# --------------------------------------------------------------------------- 6. privacy and fingerprints


def _privacy_files(tmp_path: Path, rng: random.Random):
    rid, mob = resident_id_ending_in_x(rng), synthetic.mobile(rng)
    text = f"客户 王伟\n身份证号：{rid}，手机：{mob}\n"
    _write(tmp_path / "a.txt", text)
    return rid, mob, text


@pytest.mark.parametrize(("entity", "value", "masked"), [
    ("PERSON", "欧阳娜娜", "欧***"),
    ("PERSON", "Wang Wei", "W******"),
    ("CN_ADDRESS", "浙江省杭州市西湖区学院路77号3幢502室", "浙江省" + "*" * 18),
    ("CN_ADDRESS", "朝阳区建国路88号", "朝阳区******"),
    ("CN_MOBILE_PHONE", "+86 138 1234 5678", "138****5678"),
])
def test_masks_keep_too_little_to_use(entity, value, masked):
    assert mask(entity, value) == masked


def test_without_show_data_no_value_leaves_the_scan(engine, tmp_path):
    rid, mob, _ = _privacy_files(tmp_path, random.Random(71))
    report = scan(engine, tmp_path)
    assert positions(report) == [("PERSON", 1, 4), ("CN_RESIDENT_ID", 2, 6), ("CN_MOBILE_PHONE", 2, 28)]
    assert all(f.value is None for f in report.findings)
    by_type = {f.entity_type: f for f in report.findings}
    assert by_type["CN_RESIDENT_ID"].masked == rid[:6] + "*" * 8 + rid[-4:]
    assert by_type["CN_MOBILE_PHONE"].masked == mob[:3] + "****" + mob[-4:]
    assert by_type["PERSON"].masked == "王*"
    for finding in report.findings:
        for raw in (rid, mob, "王伟"):
            assert raw not in finding.masked and raw not in repr(finding.location)
            assert raw not in finding.fingerprint


def test_with_show_data_value_is_the_exact_text(engine, tmp_path):
    rng = random.Random(72)
    rid, mob, text = _privacy_files(tmp_path, rng)
    spaced = f"+86 {mob[:3]} {mob[3:7]} {mob[7:]}"
    lower = rid.lower()
    _write(tmp_path / "b.txt", f"电话 {spaced}\nid {lower}\n")
    report = scan(engine, tmp_path, show_data=True)
    assert [(f.entity_type, f.location.path, f.location.line, f.location.column, f.value) for f in report.findings] == [
        ("PERSON", "a.txt", 1, 4, "王伟"),
        ("CN_RESIDENT_ID", "a.txt", 2, 6, rid),
        ("CN_MOBILE_PHONE", "a.txt", 2, 28, mob),
        ("CN_MOBILE_PHONE", "b.txt", 1, 4, spaced),
        ("CN_RESIDENT_ID", "b.txt", 2, 4, lower),
    ]
    files = {"a.txt": text, "b.txt": f"电话 {spaced}\nid {lower}\n"}
    for f in report.findings:
        line = files[f.location.path].split("\n")[f.location.line - 1]
        assert line[f.location.column - 1:f.location.column - 1 + len(f.value)] == f.value


def test_fingerprints_within_and_across_scans(engine, tmp_path):
    rng = random.Random(73)
    rid, mob = resident_id_ending_in_x(rng), synthetic.mobile(rng)
    other_rid = synthetic.resident_id(rng)
    _write(tmp_path / "one.txt", f"身份证 {rid}\n手机 {mob}\n")
    _write(tmp_path / "two.txt", f"手机 {mob}\n身份证 {rid}\n身份证 {other_rid}\n")
    # The same values written another way: normalised before hashing.
    _write(tmp_path / "three.txt", f"id {rid.lower()}\n电话 +86 {mob[:3]}-{mob[3:7]}-{mob[7:]}\n")

    first = scan(engine, tmp_path)
    assert located(first) == [
        ("CN_RESIDENT_ID", "one.txt", 1, 5),
        ("CN_MOBILE_PHONE", "one.txt", 2, 4),
        ("CN_RESIDENT_ID", "three.txt", 1, 4),
        ("CN_MOBILE_PHONE", "three.txt", 2, 4),
        ("CN_MOBILE_PHONE", "two.txt", 1, 4),
        ("CN_RESIDENT_ID", "two.txt", 2, 5),
        ("CN_RESIDENT_ID", "two.txt", 3, 5),
    ]
    prints = [f.fingerprint for f in first.findings]
    id_print, mobile_print, other_print = prints[0], prints[1], prints[6]
    assert prints == [id_print, mobile_print, id_print, mobile_print, mobile_print, id_print, other_print]
    assert len({id_print, mobile_print, other_print}) == 3
    assert all(len(p) == 64 and int(p, 16) >= 0 for p in prints)

    same_key = scan(engine, tmp_path)
    assert [f.fingerprint for f in same_key.findings] == prints

    other_key = scan(engine, tmp_path, key=b"another-key")
    assert located(other_key) == located(first)
    other_prints = [f.fingerprint for f in other_key.findings]
    assert not set(other_prints) & set(prints)
    assert other_prints[0] == other_prints[2] == other_prints[5]  # still equal within that scan


def test_findings_read_before_a_failure_are_kept(engine, tmp_path):
    ids = _two_good_one_broken(tmp_path, random.Random(61))
    source = _FailMidway(FileSource(tmp_path, WalkOptions(chunk_chars=64)), "broken.txt", OSError(errno.EIO, "Input/output error"))
    report = Scanner(engine, KEY).scan([str(tmp_path)], [source])
    # Only the first chunk (the first line) was analysed before the failure; its value is still reported.
    assert [(f.entity_type, f.location.line, f.location.column, f.fingerprint) for f in report.findings if f.location.path == "broken.txt"] == [
        ("CN_RESIDENT_ID", 1, 46, next(f.fingerprint for f in scan(engine, tmp_path / "broken.txt").findings if f.location.line == 1)),
    ]
    assert [error.path for error in report.errors] == ["broken.txt"] and ids


def test_gbk_after_a_megabyte_of_ascii_switches_encoding(engine, tmp_path):
    rng = random.Random(71)
    rid = synthetic.resident_id(rng)
    head_lines = decoding.SAMPLE_BYTES // 17 + 10
    path = tmp_path / "export.txt"
    path.write_bytes(("id,amount,status\n" * head_lines).encode() + f"台胞证：\n12345678\n身份证号：{rid}\n".encode("gbk"))
    assert detect_encoding(path.read_bytes()[:decoding.SAMPLE_BYTES], complete=False) == "utf-8"
    assert positions(scan(engine, path)) == [
        ("CN_TAIWAN_PERMIT", head_lines + 2, 1),
        ("CN_RESIDENT_ID", head_lines + 3, 6),
    ]


def test_utf8_text_with_a_bad_byte_later_keeps_its_utf8_characters(engine, tmp_path):
    rng = random.Random(72)
    mobile = synthetic.mobile(rng)
    path = tmp_path / "mixed.txt"
    path.write_bytes(("客户资料\n" * (decoding.SAMPLE_BYTES // 13 + 10)).encode() + b"\xff\n" + f"手机 {mobile}\n".encode())
    assert positions(scan(engine, path))[-1][1:] == (decoding.SAMPLE_BYTES // 13 + 12, 4)


def test_latin1_text_is_not_read_as_gb18030(engine, tmp_path):
    mobile = synthetic.mobile(random.Random(73))
    path = _write(tmp_path / "kunden.txt", "")
    path.write_bytes(f"Kundin Müller, Zürich: {mobile}\n".encode("latin-1"))
    assert detect_encoding(path.read_bytes(), complete=True) != "gb18030"
    assert positions(scan(engine, path)) == [("CN_MOBILE_PHONE", 1, 24)]


@pytest.mark.parametrize("typed", ["./data/a.txt", "data//a.txt", "data/./a.txt"])
def test_a_file_given_directly_keeps_the_path_as_typed(engine, tmp_path, monkeypatch, typed):
    rid = synthetic.resident_id(random.Random(74))
    _write(tmp_path / "data" / "a.txt", f"{rid}\n")
    monkeypatch.chdir(tmp_path)
    report = Scanner(engine, KEY).scan([typed], [FileSource(typed, WalkOptions())])
    assert located(report) == [("CN_RESIDENT_ID", typed, 1, 1)]


def test_the_vocabulary_does_not_grow_with_the_tokens_a_scan_meets(engine):
    """spaCy interns every new token for good; each analysis runs in a memory zone, so a scan of
    millions of distinct order numbers and IDs keeps the vocabulary it started with."""
    rng = random.Random(7)

    def lines(count: int) -> str:  # passports need their context word: jieba and spaCy read these lines
        return "".join(f"订单Q{rng.randrange(10**12):012d} 护照号码 {synthetic.passport(rng)}\n" for _ in range(count))

    assert len(engine.analyze(lines(50))) == 50
    vocabulary = engine._pattern_analyzer.nlp_engine.pipeline("zh").vocab
    before = len(vocabulary.strings)
    assert [r.entity_type for r in engine.analyze(lines(500))] == ["CN_PASSPORT"] * 500
    assert len(vocabulary.strings) == before
