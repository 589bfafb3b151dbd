"""What CI pays for piplscan on a repository: a pull request's diff and a whole history.

Builds a repository with ``git fast-import`` (--commits commits on main, each editing a few
files of generated prose with a value now and then; a branch ``pr`` of a typical pull request on
top), then times the CLI end to end, start-up included, next to git doing the same walk alone:

- start-up: ``piplscan --version`` and a scan of an empty diff (imports, recognizers);
- the pull requests: ``piplscan scan --diff main...pr`` against ``git diff main...pr``, a
  prose-heavy one whose values need context words (the only case that loads jieba), and one of
  5 files of code with no personal data (the prescreen's case: presidio is never imported);
- the history: ``piplscan scan --git REPO --history`` against ``git log -p --all``.

Each command runs --repeat times, after one run that fills the cache directory (the Hyperscan
databases, the prescreen's manifest); the median wall time and the peak RSS (of the process and
its children, i.e. git) are printed. ``--before PIPLSCAN`` also times another installation's
piplscan (e.g. the main branch's) on the pull requests, in the same run.
Run: python benchmarks/git_scan.py [--commits 2000] [--before /path/to/piplscan]
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests import synthetic  # noqa: E402  (checksum-valid fake values)

PIPLSCAN = str(Path(sys.executable).with_name("piplscan"))
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _code_pull_request(rng: random.Random) -> dict[str, list[str]]:
    """What a pull request in an application repository adds: code, a migration, a test fixture
    copied from production, a log committed by mistake, a Chinese design note; ~400 lines."""
    code = [f"def handle_{rng.randrange(10**4)}(request):  # 处理客户请求\n    return service.lookup(request.args['id'], limit={rng.randrange(100)})"
            for _ in range(40)]
    migration = [f"ALTER TABLE customer_{i} ADD COLUMN phone VARCHAR(20); -- 手机号，需脱敏" for i in range(30)]
    fixture = ["姓名,身份证号,手机号,银行卡号"] + [
        f"{synthetic.person_name(rng)},{synthetic.resident_id(rng)},{synthetic.mobile(rng)},{synthetic.unionpay_card(rng)}"
        for _ in range(15)]
    log = [f"2026-03-0{rng.randrange(1, 10)} 10:{rng.randrange(60):02d} INFO login ok user={rng.randrange(10**6)} "
           f"phone={synthetic.mobile(rng)} passport {synthetic.passport(rng)}" for _ in range(30)]
    note = [synthetic.prose_line(rng) for _ in range(20)]
    return {"app/handlers.py": code, "db/migrations/0042_phone.sql": migration, "tests/fixtures/customers.csv": fixture,
            "logs/app.log": log, "docs/设计说明.md": note}


def _clean_pull_request(rng: random.Random) -> dict[str, list[str]]:
    """A pull request of code with no personal data: 5 files, ~200 lines."""
    def module(name: str) -> list[str]:
        lines = [f'"""{name}: request handlers."""', "", "import logging", "", "log = logging.getLogger(__name__)", ""]
        for _ in range(8):
            number = rng.randrange(10**4)
            lines += [f"def handle_{number}(request, limit={rng.randrange(100)}):", f'    """Look up the items of request {number}."""',
                      "    items = service.lookup(request.args['id'], limit=limit)",
                      f"    log.debug('found %d items in %.2f s', len(items), {rng.random():.3f})", "    return items", ""]
        return lines
    return {f"app/{name}.py": module(name) for name in ("orders", "search", "billing", "export", "health")}


def build_repository(path: Path, commits: int, rng: random.Random) -> dict:
    """main: ``commits`` commits over 200 files of prose, a value now and then. Two pull
    requests on top of it, 5 commits each: ``pr`` adds code, a fixture and a log (a typical PR
    in an application repository); ``pr-prose`` adds ~400 lines of Chinese prose to 12 files,
    where values need context words (jieba's dictionary is loaded)."""
    files: dict[str, list[str]] = {f"src/module_{i:03d}/notes.txt": [synthetic.prose_line(rng) for _ in range(20)] for i in range(200)}
    stream: list[bytes] = []
    values = 0

    def commit(branch: str, number: int, changed: dict[str, list[str]], parent: str | None) -> None:
        when = 1_600_000_000 + number * 3600
        message = f"change {number}".encode()
        stream.append(f"commit refs/heads/{branch}\nmark :{number}\n".encode())
        stream.append(f"author Dev <dev@example.com> {when} +0800\ncommitter Dev <dev@example.com> {when} +0800\n".encode())
        stream.append(b"data %d\n%s\n" % (len(message), message))
        if parent:
            stream.append(f"from {parent}\n".encode())
        for name, lines in changed.items():
            content = ("\n".join(lines) + "\n").encode("utf-8")
            stream.append(f"M 100644 inline {name}\ndata {len(content)}\n".encode() + content + b"\n")

    def edit(count: int, added: int) -> dict[str, list[str]]:
        nonlocal values
        changed = {}
        for name in rng.sample(sorted(files), count):
            lines = files[name]
            for _ in range(added):
                line = synthetic.prose_line(rng)
                if rng.random() < 0.05:
                    # a checksum-valid value (certain) or one that only context words confirm
                    line += rng.choice([f" 客户手机 {synthetic.mobile(rng)}", f" 联系电话 {synthetic.landline(rng)}",
                                        f" 护照号码 {synthetic.passport(rng)}", f" 身份证 {synthetic.resident_id(rng)}"])
                    values += 1
                lines.insert(rng.randrange(len(lines) + 1), line)
            if len(lines) > 60 and rng.random() < 0.5:
                del lines[rng.randrange(len(lines))]
            changed[name] = lines
        return changed

    commit("main", 1, dict(files), None)
    for number in range(2, commits + 1):
        commit("main", number, edit(3, 2), f":{number - 1}")
    code_files = _code_pull_request(rng)
    parent = f":{commits}"
    for number, names in zip(range(commits + 1, commits + 6), [list(code_files)[i::5] for i in range(5)]):
        commit("pr", number, {name: code_files[name] for name in names}, parent)
        parent = f":{number}"
    parent = f":{commits}"
    for number in range(commits + 6, commits + 11):
        commit("pr-prose", number, edit(12, 7), parent)
        parent = f":{number}"
    clean = _clean_pull_request(rng)
    parent = f":{commits}"
    for number, name in zip(range(commits + 11, commits + 16), clean):
        commit("pr-clean", number, {name: clean[name]}, parent)
        parent = f":{number}"
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], env=ENV, check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=b"".join(stream), env=ENV, check=True)
    return {"values planted": values}


# A forked child's peak RSS starts at its parent's, so each command runs under this small launcher,
# which reports the peak of the command alone (and of the processes it waited for, i.e. git), and
# their CPU seconds.
LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
cpu = usage.ru_utime + usage.ru_stime
print(time.perf_counter() - started, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_measured(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS in MiB and exit code of one run of the command."""
    result = subprocess.run([sys.executable, "-c", LAUNCHER, *command], cwd=cwd, env=env or ENV,
                            capture_output=True, text=True)
    wall, cpu, rss, code = result.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({code}): {result.stderr[-500:]}")
    return float(wall), float(cpu), int(rss) / 1024, int(code)


def measure(command: list[str], cwd: Path, repeat: int) -> tuple[float, float, int]:
    """Median wall seconds, peak RSS in MiB of the command and its children, and the exit code."""
    runs = [run_measured(command, cwd) for _ in range(repeat)]
    return statistics.median(wall for wall, _, _, _ in runs), max(rss for _, _, rss, _ in runs), runs[-1][3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", help="another installation's piplscan, timed beside this one on the pull requests")
    args = parser.parse_args()
    rng = random.Random(2000)
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder) / "repo"
        started = time.perf_counter()
        planted = build_repository(repo, args.commits, rng)
        patch_bytes = len(subprocess.run(["git", "log", "-p", "--all"], cwd=repo, env=ENV, capture_output=True).stdout)
        sizes = {branch: subprocess.run(["git", "diff", "--shortstat", f"main...{branch}"], cwd=repo, env=ENV,
                                        capture_output=True, text=True).stdout.strip() for branch in ("pr", "pr-prose", "pr-clean")}
        print(f"repository: {args.commits} commits on main, {patch_bytes / 1e6:.1f} MB of patches, "
              f"{planted['values planted']} values planted; built in {time.perf_counter() - started:.1f} s")
        for branch, size in sizes.items():
            print(f"  {branch}: {size}")
        rows = [
            ("start-up: piplscan --version", [PIPLSCAN, "--version"]),
            ("start-up: scan of an empty diff", [PIPLSCAN, "scan", "--diff", "pr...pr"]),
            ("git diff main...pr-clean", ["git", "diff", "main...pr-clean"]),
            ("piplscan scan --diff main...pr-clean", [PIPLSCAN, "scan", "--diff", "main...pr-clean"]),
            ("git diff main...pr", ["git", "diff", "main...pr"]),
            ("piplscan scan --diff main...pr", [PIPLSCAN, "scan", "--diff", "main...pr"]),
            ("piplscan scan --diff main...pr-prose", [PIPLSCAN, "scan", "--diff", "main...pr-prose"]),
            ("git log -p --all", ["git", "log", "-p", "--all"]),
            ("piplscan scan --history", [PIPLSCAN, "scan", "--git", ".", "--history"]),
        ]
        if args.before:
            rows[4:4] = [(f"before: {label[9:]}", [args.before, *command[1:]]) for label, command in rows
                         if label.startswith("piplscan scan --diff")]
        for label, command in rows:  # fills the cache directory (databases, manifest) as any earlier run would have
            if "history" not in label and "log" not in label:
                measure(command, repo, 1)
        results = {}
        print(f"{'command':<40} {'wall s':>8} {'peak RSS MiB':>13} {'exit':>5}")
        for label, command in rows:
            repeat = 1 if "history" in label or "log" in label else args.repeat
            results[label] = measure(command, repo, repeat)
            wall, rss, code = results[label]
            print(f"{label:<40} {wall:>8.3f} {rss:>13.0f} {code:>5}")
        diff, git_diff = results["piplscan scan --diff main...pr"][0], results["git diff main...pr"][0]
        history, git_log = results["piplscan scan --history"][0], results["git log -p --all"][0]
        prose = results["piplscan scan --diff main...pr-prose"][0]
        clean, git_clean = results["piplscan scan --diff main...pr-clean"][0], results["git diff main...pr-clean"][0]
        print(f"pull request with no personal data: {clean:.2f} s wall including start-up (target <= 0.5 s); "
              f"git diff alone {git_clean:.3f} s" + (f"; before {results['before: scan --diff main...pr-clean'][0]:.2f} s" if args.before else ""))
        print(f"pull request: {diff:.2f} s wall including start-up (target < 2 s); {diff / git_diff:.0f}x git diff alone; "
              f"prose-heavy pull request {prose:.2f} s")
        print(f"history: {history:.1f} s for {args.commits} commits = {args.commits / history:.0f} commits/s, "
              f"{patch_bytes / 1e6 / history:.1f} MB/s of patches; {history / git_log:.1f}x git log -p alone")


if __name__ == "__main__":
    main()
