"""Time ``minning city`` over the nine districts, each a git repository of N progress records.

    .venv/bin/python benchmarks/city.py --entries 100000 --runs 5

Builds, under ``--work`` (a temporary folder unless given), nine district repositories the
way ``examples/make_city_demo.py`` does (a git repository per district, the ledger in
``data/``, one commit with a fixed author and date) with ``benchmarks/generate.py``'s ledger
of ``--entries`` records each (the shipped table with the district's name, a different seed
per district, so no two districts' files are alike), and a city file naming all nine. Then it
times ``minning city fetch`` once, and ``minning city status --format json`` cold (an empty
parse cache, a new one for every run) and warm (one cache filled beforehand), ``--runs``
times each, taken in turn; the copies the fetch made are kept apart (``--cache``) so that a
cold run empties only the parse cache. CPU time and peak memory come from ``wait4`` and
``/usr/bin/time``, as in ``run.py``. The section "Nine districts (city status)" at the end
of ``--output`` (BENCHMARKS.md) is written between markers, replaced on a rerun.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "examples"))

from generate import write_ledger  # noqa: E402
from make_city_demo import commit_all  # noqa: E402
from run import CITY_BEGIN as BEGIN  # noqa: E402
from run import CITY_END as END  # noqa: E402
from run import Measure, base_env, minning_command, run_once  # noqa: E402

from minning_cli import __version__  # noqa: E402
from minning_cli.ledger.tasks_file import read_tasks  # noqa: E402
from minning_cli.writing.city_init import city_text  # noqa: E402
from minning_cli.writing.init import GITATTRIBUTES, GITIGNORE  # noqa: E402

AS_OF = "2023-12-31"
SHIPPED_DISTRICT = "  district: 鼓楼区\n"


def build(work: Path, entries: int) -> tuple[Path, list[str]]:
    """Nine district repositories of ``entries`` records and the city file; its path, names."""
    ledger, _source, problems = read_tasks(ROOT / "data")
    assert ledger is not None, problems
    text = city_text(ledger, "data/tasks.yaml").replace(
        "name: ~  # 待填写：市名，如 福州市", "name: 福州市"
    )
    names: list[str] = []
    for indicator in (i for t in ledger.tasks for i in t.indicators if i.city):
        names += [name for name in indicator.city if name not in names]
    shipped = (ROOT / "data" / "tasks.yaml").read_text(encoding="utf-8")
    assert SHIPPED_DISTRICT in shipped
    for number, district in enumerate(names, start=1):
        repo = work / "repos" / f"d{number}"
        data = repo / "data"
        subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
        write_ledger(data, entries, seed=2023 + number)
        tasks = shipped.replace(SHIPPED_DISTRICT, f"  district: {district}\n")
        (data / "tasks.yaml").write_text(tasks, encoding="utf-8")
        (data / ".gitattributes").write_text(GITATTRIBUTES, encoding="utf-8")
        (data / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        commit_all(repo, f"{district}台账（基准，生成）")
        pointer = f"  - name: {district}\n    # 待填写：git: 台账仓库地址或路径（或 path: 目录）\n"
        assert pointer in text, district
        text = text.replace(pointer, f"  - name: {district}\n    git: ../repos/d{number}\n")
        print(f"  {district}: {entries} records", flush=True)
    (work / "city").mkdir(parents=True, exist_ok=True)
    path = work / "city" / "city.yaml"
    path.write_text(text, encoding="utf-8")
    return path, names


def measure(work: Path, city: Path, cold_runs: int, warm_runs: int) -> dict[str, Measure]:
    """Fetch once; then cold and warm ``city status --format json`` in turn."""
    minning = minning_command()
    copies = work / "copies"
    env = base_env()
    fetch = Measure("city fetch")
    fetch_cache = work / "fetch-cache"
    fetch.samples.append(run_once([*minning, "city", "fetch", "--city", str(city),
                                   "--cache", str(copies)],
                                  {**env, "MINNING_CACHE": str(fetch_cache)}))  # fmt: skip
    status = [*minning, "city", "status", "--city", str(city), "--cache", str(copies),
              "--as-of", AS_OF, "--format", "json"]  # fmt: skip
    warm_cache = work / "warm-cache"
    run_once(status, {**env, "MINNING_CACHE": str(warm_cache)})
    cold = Measure("city status --format json cold")
    warm = Measure("city status --format json warm")
    for round_ in range(max(cold_runs, warm_runs)):
        if round_ < cold_runs:
            folder = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
            try:
                cold.samples.append(run_once(status, {**env, "MINNING_CACHE": str(folder)}))
            finally:
                shutil.rmtree(folder)
        if round_ < warm_runs:
            warm.samples.append(run_once(status, {**env, "MINNING_CACHE": str(warm_cache)}))
        print(f"  round {round_ + 1} done", flush=True)
    return {m.label: m for m in (fetch, cold, warm)}


def check_summed(work: Path, city: Path, names: list[str]) -> int:
    """How many districts the status sums (all nine, or the figures mean little)."""
    done = subprocess.run([*minning_command(), "city", "status", "--city", str(city),
                           "--cache", str(work / "copies"), "--as-of", AS_OF, "--format", "json"],
                          env={**base_env(), "MINNING_CACHE": str(work / "warm-cache")},
                          capture_output=True, text=True, check=True)  # fmt: skip
    report = json.loads(done.stdout)
    states = {d["name"]: d["state"] for d in report["districts"]}
    assert set(states) == set(names), states
    assert all(not d["errors"] for d in report["districts"]), report["districts"]
    return sum(state in ("ok", "stale") for state in states.values())


def section(results: dict[str, Measure], entries: int, runs: tuple[int, int], argv: str,
            summed: int, seconds: float) -> str:  # fmt: skip
    """The Markdown section, between its markers."""
    cold_runs, warm_runs = runs
    lines = [
        BEGIN,
        "## Nine districts (city status)",
        "",
        f"`{argv}` — minning {__version__}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {dt.date.today().isoformat()}; "
        f"the whole run took {seconds:.0f} s.",
        "",
        f"Nine district ledgers of {entries:,} records each ({9 * entries:,} in all), each "
        "`benchmarks/generate.py`'s ledger on the shipped table with the district's name and "
        "its own seed, committed to its own git repository as `examples/make_city_demo.py` "
        "does; the city file names all nine (`git: ../repos/dN`). `city fetch` ran once "
        "(cloning nine repositories and copying their ledgers). `city status --as-of "
        f"{AS_OF} --format json` then read the nine copies: cold is an empty parse cache "
        f"(`MINNING_CACHE`, a new folder for every run; medians of {cold_runs} runs), warm "
        f"the cache an earlier run filled (medians of {warm_runs} runs); runs taken in turn. "
        "The status reads each district's copy through the same parse cache as a district's "
        "own `status`: warm, every figure, the count of entries and the last entry's date "
        "come from each file's summary (a count of entries per day), and no entry is read "
        "(`tests/test_city.py::test_warm_status_reads_no_entry`); the districts are loaded "
        "one at a time, each let go once its figures are taken. "
        f"All nine copies read without errors; {summed} of nine summed. Every district "
        "carries the shipped table's own targets, so the status also lists where they "
        "differ from the city's assignments, as it would for a real city.",
        "",
        "| command | runs | CPU (s) | wall (s) | peak memory (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for measure_ in results.values():
        lines.append(
            f"| `{measure_.label}` | {len(measure_.samples)} | {measure_.cpu:.2f} | "
            f"{measure_.wall:.2f} | {measure_.peak_mb:.0f} |"
        )
    lines += ["", END]
    return "\n".join(lines) + "\n"


def write_section(output: Path, text: str) -> None:
    """Replace the section between the markers, or add it at the end."""
    old = output.read_text(encoding="utf-8") if output.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        new = head + text + (("\n" + tail) if tail else "")
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + text
    output.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000, help="records per district")
    parser.add_argument("--runs", type=int, default=5, help="runs of each status (cold, warm)")
    parser.add_argument("--cold-runs", type=int, default=None, help="cold runs if not --runs")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--work", type=Path, default=None, help="kept; a temporary folder if not")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    cold_runs = args.cold_runs if args.cold_runs is not None else args.runs
    with tempfile.TemporaryDirectory(prefix="minning-city-") as temporary:
        work = args.work or Path(temporary)
        if work.exists() and any(work.iterdir()):
            sys.exit(f"{work} exists and is not empty")
        print(f"building nine districts in {work} ...", flush=True)
        city, names = build(work, args.entries)
        results = measure(work, city, cold_runs, args.runs)
        summed = check_summed(work, city, names)
    command = " ".join(["python benchmarks/city.py", *(argv if argv is not None else sys.argv[1:])])
    elapsed = time.perf_counter() - started
    text = section(results, args.entries, (cold_runs, args.runs), command, summed, elapsed)
    write_section(args.output, text)
    print(text)


if __name__ == "__main__":
    main()
