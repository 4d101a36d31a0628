"""The executor that fans work out: in process, local processes (joblib), a Dask cluster.

The reference for every fanned-out run is the same work done in this process: a sweep
must write the same CSV whatever runs its points.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gametoolkit.analysis.executor import Executor, FanoutError
from gametoolkit.analysis.grid import parse_vary
from gametoolkit.analysis.sweep import csv_text, sweep
from gametoolkit.errors import GameToolkitError

DETERRENCE = str(Path(__file__).parent / "data" / "models" / "deterrence.py")


def _square(x: int) -> int:
    return x * x


def _fails(x: int) -> int:
    if x == 3:
        raise GameToolkitError(f"task {x} failed")
    return x


def test_in_process_map_keeps_order_and_counts_progress() -> None:
    seen: list[int] = []
    assert Executor().map(_square, list(range(7)), seen.append) == [x * x for x in range(7)]
    assert sum(seen) == 7


def test_jobs_must_be_positive() -> None:
    with pytest.raises(FanoutError, match="at least 1"):
        Executor(jobs=0)


def test_local_processes_keep_order_and_raise_the_tasks_error() -> None:
    pytest.importorskip("joblib")
    seen: list[int] = []
    assert Executor(jobs=2).map(_square, list(range(50)), seen.append) == [x * x for x in range(50)]
    assert sum(seen) == 50
    with pytest.raises(GameToolkitError, match="task 3 failed"):
        Executor(jobs=2).map(_fails, list(range(6)))


def _grid() -> list:
    return [parse_vary("q=0:1:6"), parse_vary("c=0:3:4")]


def test_a_sweep_on_two_processes_writes_the_same_csv() -> None:
    pytest.importorskip("joblib")
    local = csv_text(sweep(DETERRENCE, _grid(), {"a": 0}, method="numeric"))
    fanned = csv_text(sweep(DETERRENCE, _grid(), {"a": 0}, method="numeric", executor=Executor(jobs=2)))
    assert fanned == local
    assert local.count("\n") == 1 + 6 * 4


def test_a_sweep_through_a_dask_scheduler_on_loopback_writes_the_same_csv() -> None:
    distributed = pytest.importorskip("distributed")
    local = csv_text(sweep(DETERRENCE, _grid(), {"a": 0}, method="numeric"))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        fanned = sweep(DETERRENCE, _grid(), {"a": 0}, method="numeric", executor=Executor(scheduler=cluster.scheduler_address))
    assert csv_text(fanned) == local


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(FanoutError, match="cannot reach the Dask scheduler"):
        Executor(scheduler="tcp://127.0.0.1:9", connect_timeout=2).map(_square, [1, 2])
