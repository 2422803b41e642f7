"""`sweep --jobs N`: the runs in parallel processes, the output byte for byte the same.

Each run of a sweep is fixed by its own seed, so where it runs cannot change
its row; these tests hold the parallel path to that (CSV, its side file, JSON
and the table), check the rows come back in the order of the runs whatever
order they finish in, and that the progress bar is told of every run.
"""

from __future__ import annotations

import subprocess
import sys

from sim.cli import run_sweep_rows
from sim.scenario import apply_overrides, load_scenario

SMALL = ["--set", "people=3000", "--set", "hours=4", "--set", "start_hour=8"]
SWEEP = ["sweep", "--scenario", "city", *SMALL, "--param", "threshold", "--values", "80,95"]


def sim(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_two_jobs_write_the_csv_json_and_table_of_one(tmp_path) -> None:
    out = {}
    for jobs in ("1", "2"):
        csv = tmp_path / f"jobs{jobs}.csv"
        r = sim(*SWEEP, "--repeats", "2", "--jobs", jobs, "--csv", str(csv), cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        j = sim(*SWEEP, "--repeats", "2", "--jobs", jobs, "--json", cwd=tmp_path)
        assert j.returncode == 0, j.stderr
        side = csv.with_name(f"jobs{jobs}.meta.txt").read_text(encoding="utf-8")
        out[jobs] = (csv.read_text(encoding="utf-8"), side.replace(f"jobs{jobs}", "X"), j.stdout)
        out[jobs] += (r.stdout,)  # the table printed beside the CSV
    assert out["1"] == out["2"]
    assert '"faces_scanned": 0' not in out["1"][2]  # a day with faces, not an empty night


def test_rows_come_in_the_order_of_the_runs_and_every_run_ticks() -> None:
    base = apply_overrides(load_scenario("city").params, [s for s in SMALL if s != "--set"])
    tasks = []
    for people in (3000, 600, 1500):  # unequal runs: they finish out of order
        p = base.copy()
        p.set("people", people, "test")
        tasks += [("city", str(people), p, seed) for seed in (1, 2)]
    ticks = []
    parallel = list(run_sweep_rows(tasks, 3, lambda: ticks.append(1)))
    serial = list(run_sweep_rows(tasks, 1))
    assert parallel == serial
    assert [row[:2] for row in parallel] == [[t[1], t[3]] for t in tasks]
    assert len(ticks) == len(tasks)


def test_jobs_must_be_a_positive_whole_number(tmp_path) -> None:
    for bad in ("0", "-2", "two"):
        r = sim(*SWEEP, "--jobs", bad, cwd=tmp_path)
        assert r.returncode == 2, (bad, r.stderr)
        assert "--jobs" in r.stderr and "Traceback" not in r.stderr


def _sigint_handler_at_start(out) -> None:
    """In a spawned worker: what Ctrl+C does to it, as it was when the program began."""
    import signal

    out.put(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)


def test_workers_ignore_ctrl_c_from_their_first_instruction() -> None:
    """A Ctrl+C while a worker still imports the program must not print its traceback.

    The worker's own initializer comes too late for that second, so the
    workers are started with Ctrl+C ignored, which Python keeps. Outside the
    block, a new process takes Ctrl+C as usual (the check tells both apart).
    """
    import multiprocessing
    import signal

    from sim.cli import _children_deaf_to_ctrl_c

    ctx = multiprocessing.get_context("spawn")
    seen = []
    for deaf in (True, False):
        out = ctx.Queue()
        proc = ctx.Process(target=_sigint_handler_at_start, args=(out,))
        if deaf:
            with _children_deaf_to_ctrl_c():
                proc.start()
        else:
            proc.start()
        seen.append(out.get(timeout=120))
        proc.join(timeout=120)
    assert seen == [True, False]
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN  # the parent hears it again
