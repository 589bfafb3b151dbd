"""Throughput, equivalence and memory benchmark of the detection fast path.

The requirement measured: on a 5 MB synthetic Chinese corpus with sparse PII, one
process scans at least 5 MB/s through the real pipeline (``Scanner`` over a
``FileSource``), and its findings are identical to running every recognizer (and jieba)
over every chunk (``DetectionEngine.analyze_everything``). Both figures are printed side
by side, with peak memory; a second, ~50 MB file shows whether memory stays flat.

Each measurement runs in a fresh child process (this script re-invoked with a hidden
``--worker`` option), so every path gets a fresh engine, its own startup figure and its
own ``ru_maxrss`` (a process's peak RSS only ever grows, so measuring two paths in one
process would mix them). The corpus is synthetic: values from ``tests/synthetic.py``.

    /work/venv/bin/python benchmarks/throughput.py [--size-mb 5] [--big-mb 50] [--skip-reference]

MB here is 10**6 bytes (of UTF-8 file content). Exit status: 0 on success, 1 if the
findings differ or the fast path is below 5 MB/s, 2 if a measurement itself failed.
"""

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

_PROCESS_START = time.perf_counter()  # a worker's startup figure counts its imports from here
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import synthetic  # noqa: E402  (needs the repository root on sys.path)

REQUIRED_MB_S = 5.0
SEED = 20240611
MB = 10**6
FINGERPRINT_KEY = b"throughput-benchmark-fixed-key!!"  # fixed: the runs are meant to be reproducible
# The last line's context word is on the line before, out of the prescan's reach: presidio and jieba load.
WARM_UP = "联系电话：13800138000，邮箱 zhang.wei@example.com\n身份证号码 110101199003074316，登录IP 10.1.2.3\n台胞证信息如下：\n号码：12345678\n"

# --- the synthetic corpus -------------------------------------------------------------

SPARSE_PII_EVERY = (8000, 16000)  # bytes between two planted values: "sparse", the requirement
DENSE_PII_EVERY = (2000, 4000)  # a customer-heavy document, printed for comparison
NOISE_EVERY = (400, 1200)  # bytes between two non-PII numbers


def _prose(rng: random.Random, low: int, high: int) -> str:
    return synthetic.prose_line(rng, rng.randint(low, high))


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)


def _noise(rng: random.Random) -> str:
    """A number that is not personal data: dates, amounts, order numbers, hotlines, versions."""
    y, m, d = _date(rng)
    kind = rng.randrange(12)
    if kind == 0:
        return f"{y}年{m}月{d}日"
    if kind == 1:
        return f"{y}-{m:02d}-{d:02d}"
    if kind == 2:
        return f"{y}/{m:02d}/{d:02d} {rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    if kind == 3:
        return f"报表日期{y}{m:02d}{d:02d}"  # 8 digits: a Taiwan-permit shape without its context
    if kind == 4:
        return f"金额{rng.randint(1, 999999):,}.{rng.randrange(100):02d}元"
    if kind == 5:
        return f"合计¥{rng.randint(100, 99999)}.{rng.randrange(100):02d}，同比增长{rng.randint(1, 60)}.{rng.randrange(10)}%"
    if kind == 6:
        return f"订单号DD{y}{m:02d}{d:02d}{rng.randrange(10**8):08d}"
    if kind == 7:
        return f"订单编号：{y}{m:02d}{d:02d}{rng.randrange(10**10):010d}"  # 18 digits, no letters
    if kind == 8:
        return rng.choice(["客服热线400-820-8820", "服务电话 4006-695-555", "请拨打4008123123咨询", "热线95588", "400 610 1234"])
    if kind == 9:
        return f"系统版本V{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}"
    if kind == 10:
        return f"发票号码{rng.randrange(10**8):08d}，发票代码0{rng.randrange(10**11):011d}"
    return f"第{rng.randint(1, 4)}季度共{rng.randint(2, 5000)}人次，{rng.randint(8, 18)}:{rng.choice(['00', '30'])}开始"


def _mobile_written(rng: random.Random) -> str:
    number = synthetic.mobile(rng)
    style = rng.randrange(5)
    if style == 1:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style == 2:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style == 3:
        return "+86 " + number
    return number  # 0, 4: the most common way it is written


def _card_written(rng: random.Random) -> str:
    card = synthetic.unionpay_card(rng, rng.choice([16, 19]))
    return " ".join(card[i:i + 4] for i in range(0, len(card), 4)) if rng.random() < 0.3 else card


def _ip(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice([10, 172, 192])}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randint(1, 254)}"
    return f"{rng.randint(11, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randint(1, 254)}"


def _birth_date(rng: random.Random) -> str:
    y, m, d = rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{y}年{m}月{d}日", f"{y}{m:02d}{d:02d}"])


_CONTEXT_REQUIRED_KINDS = [
    (["出生日期：", "生日 ", "出生年月日"], _birth_date, "DATE_OF_BIRTH"),
    (["经纬度：", "定位坐标 "], lambda rng: ",".join(reversed(synthetic.coordinates(rng))), "LOCATION_COORDINATES"),
    (["IMEI：", "手机串号 "], synthetic.imei, "DEVICE_ID"),
    (["开户行：中国工商银行 账号：", "银行账户 "], synthetic.bank_account, "CN_BANK_ACCOUNT"),
    (["驾驶证档案编号：", "档案编号 "], synthetic.driver_license_file, "CN_DRIVER_LICENSE"),
    (["社保电脑号：", "社会保障卡号 "], lambda rng: f"{rng.randrange(10**8, 10**9)}", "CN_SOCIAL_SECURITY"),
    (["邮编：", "邮政编码 "], lambda rng: rng.choice(["100022", "200001", "310012", "518057"]), "CN_POSTCODE"),
    (["军官证号：", "士兵证 "], lambda rng: f"{rng.choice('南北沈兰济广成')}字第{rng.randrange(10**7):07d}号",
     "CN_MILITARY_ID"),
]


def _pii_lines(rng: random.Random) -> tuple[list[str], str]:
    """One planted value, in one line or (Taiwan permit) two: (lines, entity type)."""
    before, after = _prose(rng, 5, 60), _prose(rng, 5, 80)
    kind = rng.randrange(8 + len(_CONTEXT_REQUIRED_KINDS))
    if kind >= 8:  # a value of a type reported only next to its context word
        labels, make, entity = _CONTEXT_REQUIRED_KINDS[kind - 8]
        return [f"{before}，{rng.choice(labels)}{make(rng)}，{after}"], entity
    if kind == 0:
        label, value, entity = rng.choice(["身份证号码：", "身份证号", "公民身份号码 ", "证件号码："]), synthetic.resident_id(rng), "CN_RESIDENT_ID"
    elif kind == 1:
        label, value, entity = rng.choice(["联系电话：", "手机", "电话 ", "联系人手机号"]), _mobile_written(rng), "CN_MOBILE_PHONE"
    elif kind == 2:
        label, value, entity = rng.choice(["办公电话：", "座机", "传真 ", "联系电话 "]), synthetic.landline(rng), "CN_LANDLINE_PHONE"
    elif kind == 3:
        label, value, entity = rng.choice(["银行卡号：", "卡号", "收款账号 "]), _card_written(rng), "CN_BANK_CARD"
    elif kind == 4:
        label, value, entity = rng.choice(["邮箱：", "电子邮件 ", "E-mail: "]), synthetic.email(rng), "EMAIL_ADDRESS"
    elif kind == 5:
        label, value, entity = rng.choice(["护照号码：", "护照号 ", "所持护照"]), synthetic.passport(rng), "CN_PASSPORT"
    elif kind == 6:
        label, value, entity = rng.choice(["登录IP：", "客户端地址 ", "来源IP "]), _ip(rng), "IP_ADDRESS"
    else:  # the context word on the line before the value
        permit = f"{rng.randrange(10**8):08d}"
        return [before + "，" + rng.choice(["台胞证信息如下：", "申请人持台胞证办理：", "台胞证号码"]), f"号码：{permit}，" + after], "CN_TAIWAN_PERMIT"
    return [f"{before}，{label}{value}，{after}"], entity


def corpus_lines(seed: int = SEED, pii_every: tuple[int, int] = SPARSE_PII_EVERY):
    """Endless, deterministic lines of Chinese prose with sparse PII: yields (line, planted entity or None)."""
    rng = random.Random(seed)
    next_pii, next_noise = rng.randint(*pii_every), rng.randint(*NOISE_EVERY)
    while True:
        shape = rng.random()
        if shape < 0.03:
            line = ""
        elif shape < 0.13:
            line = _prose(rng, 2, 20)  # headings, list items
        elif shape < 0.75:
            line = _prose(rng, 20, 120)
        else:
            line = _prose(rng, 120, 240)
        if rng.random() < 0.1:
            line = "\u3000\u3000" + line  # a paragraph indented with full-width spaces
        size = len(line.encode()) + 1
        next_noise -= size
        if next_noise <= 0 and line:
            at = rng.randrange(len(line) + 1)
            line = line[:at] + _noise(rng) + line[at:]
            next_noise = rng.randint(*NOISE_EVERY)
        yield line, None
        next_pii -= size
        if next_pii <= 0:
            lines, entity = _pii_lines(rng)
            for index, pii_line in enumerate(lines):
                yield pii_line, entity if index == len(lines) - 1 else None
            next_pii = rng.randint(*pii_every)


def write_corpora(targets: list[tuple[Path, int]], pii_every: tuple[int, int] = SPARSE_PII_EVERY) -> list[dict]:
    """Write each file from the start of the same line stream until it holds at least its byte count."""
    outs = [(path, target, path.open("wb")) for path, target in targets]
    stats = [{"path": str(path), "bytes": 0, "lines": 0, "planted": Counter()} for path, _ in targets]
    try:
        for line, entity in corpus_lines(pii_every=pii_every):
            data = (line + "\n").encode("utf-8")
            active = False
            for (_, target, out), stat in zip(outs, stats):
                if stat["bytes"] < target:
                    out.write(data)
                    stat["bytes"] += len(data)
                    stat["lines"] += 1
                    if entity:
                        stat["planted"][entity] += 1
                    active = True
            if not active:
                break
    finally:
        for _, _, out in outs:
            out.close()
    return stats


# --- the workers (one fresh process each) ---------------------------------------------


def _cpu_seconds() -> float:
    """User + system time of this process: the per-core figure, whatever else runs on the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def _load_engine(timings: dict, structured: bool = False):
    """``structured``: the pattern recognizers only (no names, addresses or record recognizers)."""
    started = _PROCESS_START
    from recognizers import load_recognizers
    from recognizers.base import SpanRecognizer
    from scanner.config import ScanConfig
    from scanner.engine import DetectionEngine

    timings["imports"] = time.perf_counter() - started
    clock = time.perf_counter()
    recognizers = [item.recognizer for item in load_recognizers()]
    if structured:
        recognizers = [r for r in recognizers if not isinstance(r, SpanRecognizer)]
    engine = DetectionEngine(recognizers, ScanConfig().min_score)
    engine.analyzer  # presidio, the registry and the blank spaCy pipelines
    timings["engine"] = time.perf_counter() - clock
    clock = time.perf_counter()
    engine.analyze(WARM_UP)  # jieba's dictionary, tldextract's suffix list, libphonenumber metadata
    timings["warm_up"] = time.perf_counter() - clock
    timings["total"] = time.perf_counter() - started
    return engine


def _absolute_findings(path: Path, findings) -> list[list]:
    """(entity_type, start, end, score) in characters of the decoded file, from line/column."""
    text = path.read_text(encoding="utf-8")
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    rows = []
    for finding in findings:
        start = line_starts[finding.location.line - 1] + finding.location.column - 1
        end = start + len(finding.value)
        if text[start:end] != finding.value:
            raise AssertionError(f"line/column of a {finding.entity_type} finding does not point at its value")
        rows.append([finding.entity_type, start, end, finding.score])
    return rows


def work_fast(args) -> dict:
    """The real pipeline: Scanner over a FileSource, exactly as the CLI wires it."""
    timings: dict = {}
    engine = _load_engine(timings, args.structured)
    from scanner.pipeline import Scanner
    from scanner.sources.files import FileSource, WalkOptions

    path = Path(args.file)
    options = WalkOptions(chunk_chars=args.chunk_chars)
    rss_after_startup = _peak_rss_bytes()

    def scan():
        return Scanner(engine, FINGERPRINT_KEY, show_data=True).scan([str(path)], [FileSource(path, options)])

    clock, cpu = time.perf_counter(), _cpu_seconds()
    report = scan()
    seconds, cpu_seconds = time.perf_counter() - clock, _cpu_seconds() - cpu
    peak_rss = _peak_rss_bytes()
    result = {
        "startup": timings,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "bytes": report.stats.bytes_scanned,
        "files_scanned": report.stats.files_scanned,
        "errors": [f"{e.path}: {e.error}" for e in report.errors] + [f"{s.path}: skipped, {s.reason}" for s in report.skipped],
        "count": len(report.findings),
        "by_entity": dict(Counter(f.entity_type for f in report.findings)),
        "rss_after_startup": rss_after_startup,
        "peak_rss": peak_rss,
    }
    if args.findings:
        result["findings"] = _absolute_findings(path, report.findings)
    if args.tracemalloc:
        Path(args.result).write_text(json.dumps(result))  # kept should the traced run not finish
        del report
        tracemalloc.start()
        clock = time.perf_counter()
        traced_report = scan()
        result["traced_seconds"] = time.perf_counter() - clock
        result["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        result["traced_count"] = len(traced_report.findings)
    return result


def work_reference(args) -> dict:
    """Every recognizer and jieba over every chunk, the same chunks the pipeline reads."""
    timings: dict = {}
    engine = _load_engine(timings, args.structured)
    from scanner.sources.decoding import SAMPLE_BYTES, detect_encoding, read_chunks

    path = Path(args.file)
    rss_after_startup = _peak_rss_bytes()
    spacy_pipelines = {lang: engine.analyzer.nlp_engine.pipeline(lang) for lang in engine.analyzer.nlp_engine.languages}
    notes = []
    rows = []
    chunk_lengths = []
    clock, cpu = time.perf_counter(), _cpu_seconds()
    with path.open("rb") as stream:
        sample = stream.read(SAMPLE_BYTES)
        encoding = detect_encoding(sample, complete=len(sample) == path.stat().st_size)
        stream.seek(0)
        for chunk in read_chunks(stream, encoding, args.chunk_chars):
            chunk_lengths.append(len(chunk.text))
            # spaCy refuses texts over nlp.max_length (1,000,000 characters, a guard sized for
            # parsers and NER, which blank pipelines do not have); the pipeline's chunks are
            # up to chunk_chars + 2 KB, so the reference lifts the guard to analyse them whole.
            for lang, nlp in spacy_pipelines.items():
                if len(chunk.text) > nlp.max_length:
                    notes.append(f"spaCy '{lang}' max_length raised from {nlp.max_length:,} to {len(chunk.text):,} characters for a chunk")
                    nlp.max_length = len(chunk.text)
            for r in engine.analyze_everything(chunk.text):
                if chunk.own_start <= chunk.offset + r.start < chunk.own_end:
                    rows.append([r.entity_type, chunk.offset + r.start, chunk.offset + r.end, round(r.score, 2)])
    seconds, cpu_seconds = time.perf_counter() - clock, _cpu_seconds() - cpu
    return {
        "startup": timings,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "bytes": path.stat().st_size,
        "count": len(rows),
        "by_entity": dict(Counter(row[0] for row in rows)),
        "rss_after_startup": rss_after_startup,
        "peak_rss": _peak_rss_bytes(),
        "chunks": chunk_lengths,
        "notes": notes,
        "findings": rows,
        "errors": [],
    }


def work_posseg(args) -> dict:
    """jieba's part-of-speech tagger alone over the same text, line by line: what finding names
    with it (its ``nr`` tags) would cost before any recognizer ran."""
    clock = time.perf_counter()
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    startup = time.perf_counter() - clock
    path = Path(args.file)
    text = path.read_text(encoding="utf-8")
    rss_after_startup = _peak_rss_bytes()
    clock, cpu = time.perf_counter(), _cpu_seconds()
    names = sum(1 for line in text.splitlines() for pair in jieba.posseg.cut(line) if pair.flag == "nr")
    return {"startup": {"total": startup, "imports": startup, "engine": 0.0, "warm_up": 0.0}, "seconds": time.perf_counter() - clock,
            "cpu_seconds": _cpu_seconds() - cpu,
            "bytes": path.stat().st_size, "count": names, "by_entity": {}, "rss_after_startup": rss_after_startup,
            "peak_rss": _peak_rss_bytes(), "errors": []}


STRUCTURED = "--structured" in sys.argv  # the workers inherit the choice


def _baselines(path: Path) -> list[list[str]]:
    """The physical limits beside the figures: reading and decoding the file, and ``grep -P`` for
    a mobile number (one regular expression in C); wall and CPU seconds, and MB per CPU second."""
    size = path.stat().st_size / MB
    clock, cpu = time.perf_counter(), _cpu_seconds()
    path.read_bytes().decode("utf-8")
    rows = [("plain read + decode", time.perf_counter() - clock, _cpu_seconds() - cpu)]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = time.perf_counter()
    subprocess.run(["grep", "-cP", r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", str(path)], capture_output=True)
    seconds, after = time.perf_counter() - clock, resource.getrusage(resource.RUSAGE_CHILDREN)
    grep_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    rows.append(("grep -P (one mobile pattern, with its process)", seconds, grep_cpu))
    return [[name, f"{seconds:.3f}", f"{cpu:.3f}", f"{size / seconds:.0f}", f"{size / max(cpu, 1e-3):.0f}"] for name, seconds, cpu in rows]


def run_worker(kind: str, file: Path, chunk_chars: int, findings: bool, traced: bool, result_path: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--file", str(file),
               "--chunk-chars", str(chunk_chars), "--result", str(result_path)]
    command += ["--findings"] if findings else []
    command += ["--tracemalloc"] if traced else []
    command += ["--structured"] if STRUCTURED else []
    done = subprocess.run(command, capture_output=True, text=True)
    result = json.loads(result_path.read_text()) if result_path.exists() else None
    if result:  # printed as soon as measured: a long run keeps what it has
        print(f"    {result['bytes'] / MB:.1f} MB in {result['seconds']:.2f} s = {result['bytes'] / MB / result['seconds']:.2f} MB/s "
              f"({result['bytes'] / MB / result['cpu_seconds']:.2f} MB per CPU second), "
              f"{result['count']:,} findings, startup {result['startup']['total']:.2f} s, peak RSS {_mb(result['peak_rss'])}"
              + (f"; traced run {result['traced_seconds']:.2f} s, tracemalloc peak {_mb(result['tracemalloc_peak'])}"
                 if "tracemalloc_peak" in result else ""), flush=True)
    if done.returncode != 0:
        print(f"\n{kind} worker failed (exit {done.returncode}):\n{done.stderr}", file=sys.stderr)
        sys.exit(2)
    return result


# --- the report ------------------------------------------------------------------------


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message} ...", flush=True)


def _mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        lines.append(" | ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
        if index == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _compare(fast: list, reference: list) -> tuple[list, list]:
    fast_set = Counter(tuple(row) for row in fast)
    reference_set = Counter(tuple(row) for row in reference)
    return sorted((fast_set - reference_set).elements()), sorted((reference_set - fast_set).elements())


def _code_version() -> str:
    """The commit measured, and whether the working tree differs from it."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" + uncommitted changes" if dirty.strip() else "")


def main_benchmark(args) -> int:
    print(f"piplscan throughput benchmark{' (structured types only)' if args.structured else ''}  (code {_code_version()}, python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"MB = 10^6 bytes, seed {SEED}, chunk {args.chunk_chars:,} characters)")
    status = 0
    with tempfile.TemporaryDirectory(prefix="piplscan-bench-") as tmp:
        tmp = Path(tmp)
        small = tmp / "corpus.txt"
        big = tmp / "corpus-big.txt"
        targets = [(small, int(args.size_mb * MB))] + ([(big, int(args.big_mb * MB))] if args.big_mb > 0 else [])
        clock = time.perf_counter()
        corpora = write_corpora(targets, DENSE_PII_EVERY if args.dense else SPARSE_PII_EVERY)
        planted = corpora[0]["planted"]
        big_planted = corpora[1]["planted"] if len(corpora) > 1 else Counter()
        print(f"corpus: {corpora[0]['bytes']:,} bytes, {corpora[0]['lines']:,} lines, {sum(planted.values()):,} planted values "
              f"(one per {corpora[0]['bytes'] / max(1, sum(planted.values())):,.0f} bytes)"
              + (f"; big: {corpora[1]['bytes']:,} bytes, {sum(corpora[1]['planted'].values()):,} planted" if len(corpora) > 1 else "")
              + f"  [written in {time.perf_counter() - clock:.1f} s]")

        progress(f"running the fast path on {corpora[0]['bytes'] / MB:.1f} MB"
                 + (", then again under tracemalloc" if not args.no_tracemalloc else ""))
        baselines = _baselines(small)
        fast = run_worker("fast", small, args.chunk_chars, True, not args.no_tracemalloc, tmp / "fast.json")
        reference = big_run = None
        if not args.skip_reference:
            progress(f"running the reference path on {corpora[0]['bytes'] / MB:.1f} MB")
            reference = run_worker("reference", small, args.chunk_chars, True, False, tmp / "reference.json")
        progress(f"running jieba.posseg alone on {corpora[0]['bytes'] / MB:.1f} MB")
        posseg = run_worker("posseg", small, args.chunk_chars, False, False, tmp / "posseg.json")
        if args.big_mb > 0:
            progress(f"running the fast path on {corpora[1]['bytes'] / MB:.1f} MB")
            big_run = run_worker("fast", big, args.chunk_chars, False, False, tmp / "big.json")

    for name, result in (("fast", fast), ("reference", reference), ("fast (big)", big_run)):
        if result and result["errors"]:
            print(f"\n{name}: the scan reported errors: {result['errors']}")
            status = 2

    def row(name, result):
        return [name, f"{result['seconds']:.2f}", f"{result['cpu_seconds']:.2f}", f"{result['bytes'] / MB / result['seconds']:.2f}",
                f"{result['bytes'] / MB / result['cpu_seconds']:.2f}", f"{result['count']:,}",
                f"{result['startup']['total']:.2f}", _mb(result["rss_after_startup"]), _mb(result["peak_rss"]),
                _mb(result["tracemalloc_peak"]) if "tracemalloc_peak" in result else "-"]

    rows = [["path", "seconds", "CPU s", "MB/s", "MB/CPU s", "findings", "startup s", "RSS after startup", "peak RSS", "tracemalloc peak"]]
    rows.append(row(f"fast ({fast['bytes'] / MB:.1f} MB)", fast))
    if reference:
        rows.append(row(f"reference ({reference['bytes'] / MB:.1f} MB)", reference))
    if big_run:
        rows.append(row(f"fast ({big_run['bytes'] / MB:.1f} MB)", big_run))
    rows.append(row(f"jieba.posseg alone ({posseg['bytes'] / MB:.1f} MB; findings: nr tags)", posseg))
    rows += [[f"{name} ({fast['bytes'] / MB:.1f} MB)", *figures, "-", "-", "-", "-", "-"] for name, *figures in baselines]
    print()
    print(_table(rows))
    print()
    for name, result in (("fast", fast), ("reference", reference)):
        if result:
            s = result["startup"]
            print(f"startup {name}: {s['total']:.2f} s (imports {s['imports']:.2f}, engine {s['engine']:.2f}, "
                  f"jieba/warm-up {s['warm_up']:.2f}); not counted in seconds or MB/s")
    if "traced_seconds" in fast:
        print(f"tracemalloc: peak from a second fast-path run with tracing on ({fast['traced_seconds']:.2f} s, "
              f"{fast['traced_count']:,} findings); seconds and MB/s above are from the untraced run")

    fast_mb_s = fast["bytes"] / MB / fast["seconds"]
    if reference:
        print(f"speed-up: {reference['seconds'] / fast['seconds']:.1f}x "
              f"(reference chunks: {len(reference['chunks'])}, longest {max(reference['chunks']):,} characters)")
        for note in reference["notes"]:
            print(f"note: {note}")
    if big_run:
        growth = big_run["peak_rss"] - fast["peak_rss"]
        print(f"memory flatness: peak RSS {_mb(fast['peak_rss'])} at {fast['bytes'] / MB:.1f} MB, {_mb(big_run['peak_rss'])} at "
              f"{big_run['bytes'] / MB:.1f} MB ({growth / 2**20:+,.0f} MiB); big-file findings {big_run['count']:,}, "
              f"planted {sum(big_planted.values()):,}")

    entities = sorted(set(planted) | set(fast["by_entity"]) | set(reference["by_entity"] if reference else ()))
    table = [["entity", "planted", "fast"] + (["reference"] if reference else [])]
    for entity in entities:
        table.append([entity, str(planted.get(entity, 0)), str(fast["by_entity"].get(entity, 0))]
                     + ([str(reference["by_entity"].get(entity, 0))] if reference else []))
    print()
    print(_table(table))
    print()

    if reference:
        only_fast, only_reference = _compare(fast["findings"], reference["findings"])
        if not only_fast and not only_reference:
            print(f"identical: yes ({len(fast['findings']):,} findings compared as (entity_type, start, end, score))")
        else:
            status = max(status, 1)
            print(f"identical: NO ({len(only_fast)} only in the fast path, {len(only_reference)} only in the reference)")
            for label, rows_ in (("only fast", only_fast), ("only reference", only_reference)):
                for r in rows_[:20]:
                    print(f"  {label}: {r}")
                if len(rows_) > 20:
                    print(f"  {label}: ... {len(rows_) - 20} more")
    else:
        print("identical: not checked (--skip-reference)")
    if fast_mb_s < REQUIRED_MB_S:
        status = max(status, 1)
        print(f"throughput: FAIL, fast path {fast_mb_s:.2f} MB/s < {REQUIRED_MB_S} MB/s required")
    else:
        print(f"throughput: ok, fast path {fast_mb_s:.2f} MB/s >= {REQUIRED_MB_S} MB/s required")
    return status


def main() -> int:
    from scanner.sources.files import WalkOptions

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=5, help="size of the compared corpus in MB (default 5)")
    parser.add_argument("--skip-reference", action="store_true", help="do not run the (slow) reference path")
    parser.add_argument("--dense", action="store_true", help="plant a value every 2-4 KB instead of every 8-16 KB")
    parser.add_argument("--big-mb", type=float, default=50, help="size of the memory-flatness file in MB (default 50, 0 to skip)")
    parser.add_argument("--structured", action="store_true", help="pattern recognizers only: no names, addresses, records")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the second, traced fast-path run")
    parser.add_argument("--chunk-chars", type=int, default=WalkOptions().chunk_chars, help=argparse.SUPPRESS)
    parser.add_argument("--worker", choices=["fast", "reference", "posseg"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--findings", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        result = {"fast": work_fast, "reference": work_reference, "posseg": work_posseg}[args.worker](args)
        Path(args.result).write_text(json.dumps(result))
        return 0
    return main_benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
