"""The executor that fans work out: in process, local processes (joblib), a Dask cluster.

The reference for every fanned-out run is the same work done in this process: a sweep
must write the same CSV, and the random-game campaign count the same things, whatever
runs them.  Time limits are checked with tasks that sleep far past them (a run that
waited for them would take a minute, not seconds).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from gametoolkit.analysis.executor import Executor, FanoutError, TaskUnfinished, Unfinished
from gametoolkit.analysis.grid import parse_vary
from gametoolkit.analysis.sweep import csv_text, sweep
from gametoolkit.errors import GameToolkitError

DETERRENCE = str(Path(__file__).parent / "data" / "models" / "deterrence.py")
CAMPAIGN = Path(__file__).parent.parent / "benchmarks" / "crosscheck_random.py"
SLEEP = 60.0  # how long a hanging task would run; every limit below is far shorter


def _square(x: int) -> int:
    return x * x


def _fails(x: int) -> int:
    if x == 3:
        raise GameToolkitError(f"task {x} failed")
    return x


def _hangs_at_3(x: int) -> int:
    if x == 3:
        time.sleep(SLEEP)
    return x * x


def _dies_at_2(x: int) -> int:
    if x == 2:
        os._exit(7)  # as a crash in compiled code would: no exception, no answer
    return x * x


def _hangs_with_a_child(path: str) -> int:
    """Start a grandchild that would outlive us, note its pid, then hang."""
    child = subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({SLEEP})"])
    Path(path).write_text(str(child.pid), encoding="utf-8")
    time.sleep(SLEEP)
    return 0


_WARM = False


def _warm_slowly() -> None:
    global _WARM
    time.sleep(1.5)
    _WARM = True


def _is_warm(x: int) -> bool:
    return _WARM


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


# ---------------------------------------------------------------------- in process, local processes
def test_in_process_map_keeps_order_and_counts_progress() -> None:
    seen: list[int] = []
    assert Executor().map(_square, list(range(7)), seen.append) == [x * x for x in range(7)]
    assert sum(seen) == 7


def test_bad_settings_are_clear_errors() -> None:
    with pytest.raises(FanoutError, match="at least 1"):
        Executor(jobs=0)
    with pytest.raises(FanoutError, match="time limit of a task must be positive"):
        Executor(task_timeout=0)
    with pytest.raises(FanoutError, match="chunk_size must be at least 1"):
        Executor(chunk_size=0)


def test_local_processes_keep_order_and_raise_the_tasks_error() -> None:
    pytest.importorskip("joblib")
    seen: list[int] = []
    assert Executor(jobs=2).map(_square, list(range(50)), seen.append) == [x * x for x in range(50)]
    assert sum(seen) == 50
    with pytest.raises(GameToolkitError, match="task 3 failed"):
        Executor(jobs=2).map(_fails, list(range(6)))


def test_as_completed_gives_every_index_once() -> None:
    pytest.importorskip("joblib")
    pairs = list(Executor(jobs=2, chunk_size=3).as_completed(_square, list(range(20))))
    assert sorted(pairs) == [(x, x * x) for x in range(20)]


# ---------------------------------------------------------------------- time limits
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_task_past_the_time_limit_is_reported_and_the_others_are_unchanged(jobs: int) -> None:
    if jobs > 1:
        pytest.importorskip("joblib")
    items = list(range(8))
    start = time.perf_counter()
    with Executor(jobs=jobs, task_timeout=1.0, chunk_size=2) as ex:
        out = ex.map(_hangs_at_3, items, unfinished="return")
    assert time.perf_counter() - start < SLEEP / 2
    stopped = out[3]
    assert isinstance(stopped, Unfinished) and stopped.timed_out and stopped.index == 3
    assert 1.0 <= stopped.seconds < SLEEP / 2
    assert "time limit of 1 s" in stopped.message
    assert out[:3] + out[4:] == [x * x for x in items if x != 3]


def test_a_time_out_raises_by_default_naming_the_task() -> None:
    with Executor(task_timeout=0.5) as ex, pytest.raises(TaskUnfinished, match=r"task 1: ran past the time limit") as info:
        ex.map(_hangs_at_3, [2, 3, 4])
    assert info.value.unfinished.index == 1 and info.value.unfinished.timed_out


@pytest.mark.parametrize("jobs", [1, 2])
def test_with_a_time_limit_results_are_identical_and_ordered(jobs: int) -> None:
    if jobs > 1:
        pytest.importorskip("joblib")
    items = list(range(-20, 20))
    reference = Executor().map(abs, items)
    seen: list[int] = []
    with Executor(jobs=jobs, task_timeout=30.0, chunk_size=3) as ex:
        assert ex.map(abs, items, seen.append) == reference
        with pytest.raises(GameToolkitError, match="task 3 failed"):  # a task's error still comes back as itself
            ex.map(_fails, list(range(6)))
    assert sum(seen) == len(items)


def test_a_crashed_task_is_reported_and_the_next_tasks_run() -> None:
    with Executor(task_timeout=30.0) as ex:
        out = ex.map(_dies_at_2, [0, 1, 2, 3, 4], unfinished="return")
    died = out[2]
    assert isinstance(died, Unfinished) and died.kind == "died" and not died.timed_out
    assert "exit code 7" in died.message
    assert out[:2] + out[3:] == [0, 1, 9, 16]


def test_the_initializer_runs_in_each_sandbox_outside_the_time_limit() -> None:
    with Executor(task_timeout=1.0, initializer=_warm_slowly) as ex:
        out = ex.map(_is_warm, [0, 1, 2, 3, 4], unfinished="return")
        assert out == [True] * 5  # and none stopped, though the initializer takes longer than the limit
        out = ex.map(_hangs_at_3, [2, 3, 4], unfinished="return")  # a fresh sandbox after the time-out is warm too
        assert out[0] == 4 and isinstance(out[1], Unfinished) and out[2] == 16
        assert ex.map(_is_warm, [0]) == [True]
    assert _WARM is False  # it ran in the child, not here


def test_without_cloudpickle_a_scripts_function_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cloudpickle", None)  # import cloudpickle now fails
    with Executor(task_timeout=30.0) as ex:
        assert ex.map(_square, [1, 2, 3]) == [1, 4, 9]  # a module's function goes by name, with pickle

        def in_a_script(x: int) -> int:
            return x

        in_a_script.__module__ = "__main__"
        with pytest.raises(FanoutError, match=r"defined in a script.*cloudpickle"):
            ex.map(in_a_script, [1])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_a_time_out_kills_the_processes_the_task_started(tmp_path: Path) -> None:
    note = tmp_path / "pid"
    with Executor(task_timeout=2.0) as ex:
        (out,) = ex.map(_hangs_with_a_child, [str(note)], unfinished="return")
    assert isinstance(out, Unfinished) and out.timed_out
    pid = int(note.read_text(encoding="utf-8"))
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), f"process {pid}, started by the stopped task, still runs"


# ---------------------------------------------------------------------- sweeps
def _grid() -> list:
    return [parse_vary("q=0:1:6"), parse_vary("c=0:3:4")]


def test_a_sweep_on_two_processes_writes_the_same_csv() -> None:
    pytest.importorskip("joblib")
    local = csv_text(sweep(DETERRENCE, _grid(), {"a": 0}, method="numeric"))
    fanned = csv_text(sweep(DETERRENCE, _grid(), {"a": 0}, method="numeric", executor=Executor(jobs=2)))
    assert fanned == local
    assert local.count("\n") == 1 + 6 * 4


# ---------------------------------------------------------------------- a Dask cluster on loopback
@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as running:
        yield running


def test_a_sweep_through_a_dask_scheduler_on_loopback_writes_the_same_csv(cluster: Any) -> None:
    local = csv_text(sweep(DETERRENCE, _grid(), {"a": 0}, method="numeric"))
    with Executor(scheduler=cluster.scheduler_address) as ex:
        fanned = sweep(DETERRENCE, _grid(), {"a": 0}, method="numeric", executor=ex)
    assert csv_text(fanned) == local


def test_one_client_for_the_executors_lifetime(cluster: Any) -> None:
    clients = cluster.scheduler.clients  # the scheduler runs in this process: its table of clients
    before = set(clients)
    with Executor(scheduler=cluster.scheduler_address) as ex:
        assert ex.map(_square, list(range(10))) == [x * x for x in range(10)]
        client = ex.client
        assert set(clients) - before == {client.id}  # still connected between batches
        assert ex.map(_square, list(range(5))) == [x * x for x in range(5)]
        assert ex.client is client
        assert set(clients) - before == {client.id}  # and no second client
    assert client.status == "closed"
    deadline = time.monotonic() + 10
    while client.id in clients and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.id not in clients


def test_a_time_limit_on_dask_workers(cluster: Any) -> None:
    # Dask's worker processes are daemons, which multiprocessing forbids to have children:
    # the sandbox must start anyway
    start = time.perf_counter()
    with Executor(scheduler=cluster.scheduler_address, task_timeout=1.0, chunk_size=1) as ex:
        out = ex.map(_hangs_at_3, list(range(6)), unfinished="return")
    assert time.perf_counter() - start < SLEEP / 2
    assert isinstance(out[3], Unfinished) and out[3].timed_out and out[3].index == 3
    assert out[:3] + out[4:] == [0, 1, 4, 16, 25]


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(FanoutError, match="cannot reach the Dask scheduler"):
        Executor(scheduler="tcp://127.0.0.1:9", connect_timeout=2).map(_square, [1, 2])


# ---------------------------------------------------------------------- the random-game campaign
# Games of run 1 (benchmarks/README.md): 3, 13 and 29 are checked in well under a second
# (29 without perfect recall), game 8 takes a minute or more, so an 8 s limit stops it
# and leaves the others room on a loaded machine.
GAMES = [3, 8, 13, 29]
LIMIT = 8.0


@pytest.fixture(scope="module")
def campaign() -> ModuleType:
    pytest.importorskip("pygambit")
    pytest.importorskip("cloudpickle")
    spec = importlib.util.spec_from_file_location("crosscheck_random", CAMPAIGN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # while its dataclasses are made
    try:
        spec.loader.exec_module(module)
    finally:
        # not importable by name, as when the script runs as __main__: the workers, which
        # cannot import benchmarks/, get its functions by value (cloudpickle), as they would
        del sys.modules[spec.name]
    return module


def _expected(module: ModuleType) -> dict[str, Any]:
    """The counts of GAMES other than 8, each checked here directly without any executor."""
    by_players: Counter[int] = Counter()
    recall: Counter[str] = Counter()
    checked: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    for k in GAMES:
        if k == 8:
            continue
        report = module.check_campaign_game((1, k, 0.05, 80, False))
        assert not report.disagreements
        by_players[report.players] += 1
        recall["perfect recall" if report.perfect_recall else "without perfect recall"] += 1
        checked.update(report.checked)
        skipped.update(report.skipped)
    assert recall["without perfect recall"] == 1  # game 29: the refusal path is in the run
    return {"by_players": by_players, "recall": recall, "checked": checked, "skipped": skipped}


def _counts(result: Any) -> dict[str, Any]:
    return {"by_players": result.by_players, "recall": result.recall, "checked": result.checked, "skipped": result.skipped}


@pytest.fixture(scope="module")
def expected(campaign: ModuleType) -> dict[str, Any]:
    return _expected(campaign)


def _run(campaign: ModuleType, ex: Executor, out: Path) -> Any:
    lines: list[str] = []
    done: list[int] = []
    result = campaign.run_campaign(GAMES, ex, seed=1, full_every=0, out=out, say=lines.append, advance=done.append)
    assert result.games == len(GAMES) and sum(done) == len(GAMES)
    assert result.timed_out == [8] and result.disagreeing == [] and lines == []
    assert sorted(k for _, k in result.slowest) == [3, 13, 29]
    assert (out / "1-8.efg").exists() and f"timed out after {LIMIT:g} s" in (out / "1-8.txt").read_text(encoding="utf-8")
    return result


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_campaign_on_local_processes(campaign: ModuleType, expected: dict[str, Any], tmp_path: Path, jobs: int) -> None:
    if jobs > 1:
        pytest.importorskip("joblib")
    with Executor(jobs=jobs, task_timeout=LIMIT, chunk_size=1, initializer=campaign.warm_up) as ex:
        result = _run(campaign, ex, tmp_path)
    assert _counts(result) == expected


def test_the_campaign_on_a_dask_cluster(
    campaign: ModuleType, expected: dict[str, Any], cluster: Any, tmp_path: Path
) -> None:
    with Executor(scheduler=cluster.scheduler_address, task_timeout=LIMIT, chunk_size=1, initializer=campaign.warm_up) as ex:
        result = _run(campaign, ex, tmp_path)
    assert _counts(result) == expected
