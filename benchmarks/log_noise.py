"""False positives on real machine logs, next to recall on synthetic customer records (issue 13).

Order numbers, block ids, sizes, serials and hashes fill real logs; none of them is personal
data. This collects, from the machine it runs on (copied into a temporary folder, never into
the repository), text that nobody working on piplscan wrote:

- ``var-log``: the text logs under /var/log (apt, dpkg, alternatives, rabbitmq, redis …; rotated
  .gz/.xz ones decompressed), except the database servers' own;
- ``postgresql``: the server's log (found from its settings), after a pgbench run on 127.0.0.1
  whose session logs every statement (``log_statement=all`` for that session only) in a scratch
  database dropped afterwards;
- ``mariadb``: the error log and the slow-query log (found from ``@@log_error`` and
  ``@@slow_query_log_file``), after a mariadb-slap run whose sessions log every query
  (``long_query_time=0`` per session; the slow log is switched on for the run and back after);
- ``pip``: the debug logs pip itself writes (``pip --log``) while listing, showing the files of
  and checking every installed distribution;
- ``site-packages``: data- and log-like files shipped in installed Python packages (*.txt, *.csv,
  *.tsv, *.json, *.log, *.dat, RECORD, changelogs) of this interpreter and of the system's;
- ``debian-changelogs``: /usr/share/doc/*/changelog*.gz.

Held out, never read: loghub, hutool, any-rule and libphonenumber's numbers (the phonenumbers
package). No customer data lives on this machine, so every finding other than IP_ADDRESS and
MAC_ADDRESS is counted as a false positive; its masked value is printed so a reader can check.
The real CLI scans each source (``piplscan scan DIR --format json``); a table file's values are
counted from its column tallies (matching rows), a text file's from its findings.

In the same run, a file of synthetic prose records (``客户张三 手机138… 身份证…``, values with
valid check characters from tests/synthetic.py, some beside an order number or a block id, some
written in groups or full width) shows the recall of genuine values, by entity, located by line
and column.

    .venv/bin/python benchmarks/log_noise.py [--no-activity] [--max-mb 40] [--records 3000] [--keep DIR]

Two rates are printed per source: every finding but IP and MAC addresses, and "numbers": also
without PERSON, CN_ADDRESS and EMAIL_ADDRESS, which lexicons find in word lists and which
package metadata and changelogs hold for real (their authors' names and addresses).

Exit status: 0 if every source is at or below 1 false positive in numbers per 10,000 lines and
recall is at least 0.99 for every entity with no finding where none was planted; 1 otherwise;
a failed scan stops the run with its message.
"""

import argparse
import gzip
import importlib.metadata
import json
import lzma
import os
import random
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import synthetic  # noqa: E402  (needs the repository root on sys.path)

PIPLSCAN = str(Path(sys.executable).with_name("piplscan"))
NOT_COUNTED = {"IP_ADDRESS", "MAC_ADDRESS"}  # real in logs, and not what this measures
# Found by lexicons or a shape anyone's text has; the rest are numbers and codes, what issue 13 is about.
WORDS = {"PERSON", "CN_ADDRESS", "EMAIL_ADDRESS"}
TARGET_PER_10K = 1.0
HELD_OUT = ("loghub", "hutool", "any-rule", "any_rule", "phonenumbers")
DATA_SUFFIXES = (".txt", ".csv", ".tsv", ".json", ".log", ".dat")
DATA_NAMES = ("RECORD", "CHANGELOG", "CHANGES", "NEWS", "HISTORY")
SCRATCH = f"piplscan_log_noise_{os.getpid()}"
EXAMPLES = 12


# --- collecting the sources ------------------------------------------------------------

def _is_text(data: bytes) -> bool:
    return bool(data) and b"\0" not in data[:8192]


def _decompressed(path: Path) -> bytes:
    opener = gzip.open if path.suffix == ".gz" else lzma.open if path.suffix == ".xz" else open
    with opener(path, "rb") as handle:
        return handle.read()


class Budget:
    """Copies files into a source's folder until it holds ``limit`` bytes."""

    def __init__(self, folder: Path, limit: int):
        self.folder, self.left = folder, limit
        folder.mkdir(parents=True)

    def add(self, path: Path, name: str, clean=None) -> None:
        """``clean``: bytes -> bytes, applied before the text test."""
        if self.left <= 0 or any(word in str(path).lower() for word in HELD_OUT):
            return
        try:
            data = _decompressed(path)
        except (OSError, EOFError, lzma.LZMAError):
            return
        data = clean(data) if clean else data
        if not _is_text(data):
            return
        target = self.folder / name.removesuffix(".gz").removesuffix(".xz").lstrip("/").replace("/", "__")
        target.write_bytes(data[:self.left])
        self.left -= len(data)


def _run(command: list[str], env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=timeout)


def collect_var_log(budget: Budget, _activity: bool) -> None:
    for path in sorted(Path("/var/log").rglob("*")):
        if path.is_file() and not {"postgresql", "mysql", "journal"} & set(path.parts):
            budget.add(path, str(path))


def collect_postgresql(budget: Budget, activity: bool) -> None:
    server = "postgresql://postgres@127.0.0.1:5432/"
    if activity and _run(["psql", server + "postgres", "-qc", f"CREATE DATABASE {SCRATCH}"]).returncode == 0:
        try:
            every_statement = {"PGOPTIONS": "-c log_statement=all", "PGUSER": "postgres", "PGHOST": "127.0.0.1"}
            _run(["pgbench", "-i", "-s", "2", SCRATCH], env=every_statement)
            _run(["pgbench", "-c", "2", "-t", "1500", SCRATCH], env=every_statement)
        finally:
            _run(["psql", server + "postgres", "-qc", f"DROP DATABASE IF EXISTS {SCRATCH}"])
    settings = _run(["psql", server + "postgres", "-Atc",
                     "SELECT current_setting('data_directory') || '/' || current_setting('log_directory')"]).stdout.strip()
    for folder in (Path("/var/log/postgresql"), Path(settings) if settings else None):
        if folder and folder.is_dir():
            for path in sorted(folder.glob("*")):
                if path.is_file():
                    budget.add(path, str(path), clean=_without_test_sessions)


def _without_test_sessions(data: bytes) -> bytes:
    """Lines of sessions on the database "test" (Debian's prefix: ``… [pid] user@test ``) come from
    the test suites of people here, which log synthetic ID numbers on purpose."""
    return b"".join(line for line in data.splitlines(keepends=True) if b"@test " not in line)


def collect_mariadb(budget: Budget, activity: bool) -> None:
    mysql = ["mysql", "-h127.0.0.1", "-uroot", "-N", "-e"]
    found = _run(mysql + ["SELECT @@log_error, @@datadir, @@slow_query_log_file, @@slow_query_log"]).stdout.split("\t")
    if len(found) != 4:
        return
    error_log, datadir, slow_log, slow_was_on = (part.strip() for part in found)
    if activity:
        _run(mysql + ["SET GLOBAL slow_query_log = 1"])
        try:
            _run(["mariadb-slap", "-h127.0.0.1", "-uroot", "--init-command=SET SESSION long_query_time = 0",
                  "--auto-generate-sql", "--auto-generate-sql-load-type=mixed", "--auto-generate-sql-add-autoincrement",
                  "--number-of-queries=4000", "--concurrency=2", f"--create-schema={SCRATCH}"])
        finally:
            _run(mysql + [f"SET GLOBAL slow_query_log = {slow_was_on}"])
    for name in (error_log, slow_log):
        if name:
            path = Path(name) if Path(name).is_absolute() else Path(datadir) / name
            if path.is_file():
                budget.add(path, str(path), clean=lambda data: data.replace(b"\0", b""))  # mariadb-slap ends queries with NUL


def collect_pip(budget: Budget, _activity: bool) -> None:
    names = sorted({dist.metadata["Name"] for dist in importlib.metadata.distributions() if dist.metadata["Name"]})
    names = [name for name in names if not any(word in name.lower() for word in HELD_OUT)]
    log = budget.folder.parent / "pip.log"
    for arguments in (["list", "-v"], ["show", "-f", *names], ["check"], ["freeze"]):
        _run([sys.executable, "-m", "pip", "--log", str(log), "--disable-pip-version-check", *arguments])
    if log.exists():
        budget.add(log, "pip.log")


def _site_folders() -> list[Path]:
    folders = [Path(sysconfig.get_paths()["purelib"]), Path("/usr/lib/python3/dist-packages")]
    return [folder for folder in dict.fromkeys(folders) if folder.is_dir()]


def collect_site_packages(budget: Budget, _activity: bool) -> None:
    for folder in _site_folders():
        for path in sorted(folder.rglob("*")):
            wanted = path.suffix.lower() in DATA_SUFFIXES or path.name.upper().startswith(DATA_NAMES)
            if wanted and path.is_file() and path.stat().st_size >= 1024:
                budget.add(path, f"{folder.name}/{path.relative_to(folder)}")


def collect_debian_changelogs(budget: Budget, _activity: bool) -> None:
    for path in sorted(Path("/usr/share/doc").glob("*/changelog*.gz")):
        budget.add(path, str(path))


SOURCES = {
    "var-log": collect_var_log,
    "postgresql": collect_postgresql,
    "mariadb": collect_mariadb,
    "pip": collect_pip,
    "site-packages": collect_site_packages,
    "debian-changelogs": collect_debian_changelogs,
}


# --- scanning --------------------------------------------------------------------------

def scan(folder: Path, report: Path) -> dict:
    result = _run([PIPLSCAN, "scan", str(folder), "--format", "json", "--output", str(report), "--fail-on", "never",
                   "--workers", "1", "--quiet"], timeout=3600)
    if result.returncode != 0:
        sys.exit(f"piplscan failed on {folder} (exit {result.returncode}): {result.stderr.strip()[-400:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def counted(report: dict) -> tuple[Counter, dict[str, list[str]]]:
    """Values by entity (a table's from its column tallies, a text file's from its findings) and
    masked examples with their file."""
    by_entity, examples = Counter(), defaultdict(list)
    for column in report.get("columns") or []:
        by_entity[column["entity_type"]] += column["matching_rows"]
        examples[column["entity_type"]] += [f'{sample}  ({Path(column["path"]).name}, column {column["column_name"]})'
                                            for sample in column["samples"]]
    for finding in report["findings"]:
        location = finding["location"]
        if location.get("cell") or location.get("table"):
            continue  # counted in its column
        by_entity[finding["entity_type"]] += 1
        examples[finding["entity_type"]].append(f'{finding["masked"]}  ({Path(location["path"]).name}:{location.get("line")})')
    return by_entity, examples


def lines_in(folder: Path) -> int:
    return sum(path.read_bytes().count(b"\n") for path in folder.rglob("*") if path.is_file())


# --- recall on synthetic records -------------------------------------------------------

def _grouped(number: str, separator: str) -> str:
    return separator.join((number[:6], number[6:14], number[14:]))


_FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def records(rng: random.Random, count: int) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Prose lines and where each genuine value sits: (line, column, entity), both 1-based.
    Some lines hold an order number, a block id or an amount beside the customer's values."""
    lines, planted = [], []
    for number in range(1, count + 1):
        name, mobile, card = synthetic.person_name(rng), synthetic.mobile(rng), synthetic.unionpay_card(rng)
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 60))
        resident_id = synthetic.resident_id(rng, born=born)
        order = f"{rng.randrange(10**17, 10**18)}"
        kind = number % 8
        parts = [
            [f"客户{name} 手机", (mobile, "CN_MOBILE_PHONE"), " 身份证", (resident_id, "CN_RESIDENT_ID")],
            ["订单号 ", order, " 客户手机 ", (mobile, "CN_MOBILE_PHONE"), " 已发货"],
            [f"{name}，卡号 ", (card, "CN_BANK_CARD"), "，电话 ", (synthetic.landline(rng), "CN_LANDLINE_PHONE")],
            [f"Customer {name} phone ", (mobile, "CN_MOBILE_PHONE"), " card ", (synthetic.visa_card(rng), "CREDIT_CARD")],
            ["身份证号码：", (_grouped(resident_id, rng.choice(" -")), "CN_RESIDENT_ID"), f" 流水号 {order}"],
            [f"收件人 {name} 手机 ", (mobile.translate(_FULL_WIDTH), "CN_MOBILE_PHONE"), " 运单号 ", order],
            [f"2026-12-03 10:00:{number % 60:02d} INFO login phone=", (mobile, "CN_MOBILE_PHONE"),
             f" blk_-{order} size 134217728 email ", (synthetic.email(rng), "EMAIL_ADDRESS")],
            [f"退款至 {name} 的银行卡 ", (card, "CN_BANK_CARD"), f"，交易号 {order}，身份证 ",
             (resident_id.translate(_FULL_WIDTH), "CN_RESIDENT_ID")],
        ][kind]
        line = ""
        for part in parts:
            if isinstance(part, tuple):
                planted.append((number, len(line) + 1, part[1]))
                part = part[0]
            line += part
        lines.append(line)
    return lines, planted


def recall(folder: Path, count: int, seed: int) -> tuple[dict[str, tuple[int, int]], int]:
    """Found/planted per entity, and the findings at no planted position (order numbers and
    block ids reported, or a value reported as the wrong type)."""
    folder.mkdir(parents=True)
    lines, planted = records(random.Random(seed), count)
    (folder / "customers.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = scan(folder, folder.parent / "records.json")
    located = {(f["location"]["line"], f["location"]["column"], f["entity_type"]) for f in report["findings"]}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for place in planted:
        totals[place[2]][0] += place in located
        totals[place[2]][1] += 1
    stray = len({place for place in located - set(planted) if place[2] != "PERSON"})  # names are in the records, unplanted
    return {entity: (found, all_) for entity, (found, all_) in sorted(totals.items())}, stray


# --- main ------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-activity", action="store_true", help="read the database logs as they are, generate nothing")
    parser.add_argument("--max-mb", type=float, default=40, help="bytes read per source at most (MB)")
    parser.add_argument("--records", type=int, default=3000, help="synthetic record lines for the recall")
    parser.add_argument("--keep", type=Path, help="keep the collected sources and reports in this (new) folder")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="piplscan-log-noise-")) if options.keep is None else options.keep
    work.mkdir(parents=True, exist_ok=True)
    failed = False
    try:
        print(f"{'source':<18} {'files':>6} {'MB':>7} {'lines':>9} {'FP':>6} {'FP/10k':>7} {'numbers':>8} {'/10k':>6}"
              "  findings by entity but IP and MAC (numbers: all but names, addresses, e-mails)")
        all_examples = {}
        for name, collect in SOURCES.items():
            budget = Budget(work / name, int(options.max_mb * 10**6))
            collect(budget, not options.no_activity)
            files = [path for path in budget.folder.rglob("*") if path.is_file()]
            if not files:
                print(f"{name:<18} {'-':>6}  nothing to read on this machine")
                continue
            report = scan(budget.folder, work / f"{name}.json")
            by_entity, examples = counted(report)
            lines = lines_in(budget.folder)
            false_positives = sum(count for entity, count in by_entity.items() if entity not in NOT_COUNTED)
            numbers = sum(count for entity, count in by_entity.items() if entity not in NOT_COUNTED | WORDS)
            rate, numbers_rate = (count * 10_000 / max(lines, 1) for count in (false_positives, numbers))
            failed |= numbers_rate > TARGET_PER_10K
            size = sum(path.stat().st_size for path in files) / 10**6
            entities = ", ".join(f"{entity} {count}" for entity, count in by_entity.most_common() if entity not in NOT_COUNTED)
            network = ", ".join(f"{entity} {count}" for entity, count in by_entity.most_common() if entity in NOT_COUNTED)
            entities = (entities or "none") + (f"  (not counted: {network})" if network else "")
            print(f"{name:<18} {len(files):>6} {size:>7.1f} {lines:>9} {false_positives:>6} {rate:>7.2f} {numbers:>8} {numbers_rate:>6.2f}"
                  f"  {entities}")
            all_examples[name] = {entity: values for entity, values in examples.items() if entity not in NOT_COUNTED}
        print(f"\ntarget: at most {TARGET_PER_10K:g} false positive per 10,000 lines per source (numbers and codes)")
        for name, examples in all_examples.items():
            for entity, values in sorted(examples.items()):
                print(f"  {name} {entity}: " + "; ".join(values[:EXAMPLES]) + (" …" if len(values) > EXAMPLES else ""))

        found, stray = recall(work / "records", options.records, seed=20261203)
        print(f"\nrecall on {options.records} synthetic record lines (genuine values, located by line and column):")
        for entity, (hits, planted) in found.items():
            print(f"  {entity:<18} {hits:>5} / {planted:<5} {hits / planted:.3f}")
            failed |= hits / planted < 0.99
        print(f"  findings at no planted value (order numbers, block ids, wrong types): {stray}")
        failed |= stray > 0
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
