"""One executor for work that fans out: in this process, in local processes, or on a Dask cluster.

Sweeps (and any other caller with many independent, picklable tasks) hand their tasks
to an :class:`Executor`:

* ``Executor()`` runs them one after another in this process;
* ``Executor(jobs=N)`` runs them in ``N`` worker processes on this machine through
  joblib's process backend (loky), which starts workers that import the package
  afresh, so nothing depends on how the parent was started;
* ``Executor(scheduler="tcp://HOST:8786")`` sends them to the workers of a running
  ``dask.distributed`` scheduler (started with ``dask scheduler`` and ``dask worker``,
  dask-jobqueue on an HPC system, or a Kubernetes deployment).

Whatever runs them, :meth:`Executor.map` returns the results in the order of the
tasks, so a sweep writes the same table on a laptop and on a cluster.  Tasks are sent
in chunks (several tasks per message) because a single equilibrium computation is
often shorter than the round trip to a worker.  joblib and dask are optional
(``pip install 'gametoolkit[distributed]'``); asking for them without them installed
is a clear :class:`FanoutError`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from ..errors import GameToolkitError

__all__ = ["Executor", "FanoutError"]

T = TypeVar("T")
R = TypeVar("R")


class FanoutError(GameToolkitError):
    """Work cannot be fanned out as asked (a missing library, a scheduler out of reach)."""


def _run_chunk(fn: Callable[[Any], Any], chunk: Sequence[Any]) -> list[Any]:
    """Run ``fn`` over one chunk of tasks (in a worker)."""
    return [fn(item) for item in chunk]


class Executor:
    """Maps a function over tasks, here, in local processes or on a Dask cluster.

    Parameters
    ----------
    jobs : int
        Worker processes on this machine (1: in this process).  Ignored when
        ``scheduler`` is given.
    scheduler : str, optional
        The address of a ``dask.distributed`` scheduler (``tcp://127.0.0.1:8786``).
    chunks_per_worker : int
        About how many chunks each worker receives; more balance the load, fewer
        save messages.
    connect_timeout : float
        Seconds to wait for the scheduler before giving up.

    Examples
    --------
    >>> Executor().map(abs, [-1, 2, -3])
    [1, 2, 3]
    """

    def __init__(
        self, jobs: int = 1, scheduler: str | None = None, chunks_per_worker: int = 4, connect_timeout: float = 30.0
    ) -> None:
        if jobs < 1:
            raise FanoutError(f"jobs must be at least 1, not {jobs}")
        self.jobs = jobs
        self.scheduler = scheduler
        self.chunks_per_worker = max(1, chunks_per_worker)
        self.connect_timeout = connect_timeout

    @property
    def where(self) -> str:
        """A short description of where the work runs, for messages."""
        if self.scheduler:
            return f"the Dask scheduler at {self.scheduler}"
        return "this process" if self.jobs == 1 else f"{self.jobs} local processes"

    def map(
        self, fn: Callable[[T], R], items: Sequence[T], advance: Callable[[int], None] | None = None
    ) -> list[R]:
        """``[fn(x) for x in items]``, in that order, computed where the executor says.

        Parameters
        ----------
        fn : callable
            A function importable by name (defined at the top level of a module), so
            that worker processes can receive it.
        items : sequence
            The tasks; each must pickle.
        advance : callable, optional
            Called with the number of tasks finished, as they finish (a progress bar).

        Returns
        -------
        list
            The results, in the order of ``items``.

        Raises
        ------
        FanoutError
            When joblib or dask is needed and missing, or the scheduler cannot be reached.
        Exception
            Whatever ``fn`` raised for the first failing task (re-raised here).
        """
        step = advance or (lambda n: None)
        if not items:
            return []
        if self.scheduler:
            return self._dask(fn, items, step)
        if self.jobs == 1 or len(items) == 1:
            out = []
            for item in items:
                out.append(fn(item))
                step(1)
            return out
        return self._joblib(fn, items, step)

    def _chunks(self, items: Sequence[T], workers: int) -> list[Sequence[T]]:
        size = max(1, math.ceil(len(items) / (workers * self.chunks_per_worker)))
        return [items[k : k + size] for k in range(0, len(items), size)]

    def _joblib(self, fn: Callable[[T], R], items: Sequence[T], step: Callable[[int], None]) -> list[R]:
        try:
            from joblib import Parallel, delayed
        except ImportError:
            raise FanoutError(
                "--jobs above 1 needs joblib: pip install 'gametoolkit[distributed]'"
            ) from None
        chunks = self._chunks(items, self.jobs)
        runner = Parallel(n_jobs=self.jobs, backend="loky", return_as="generator")
        out: list[R] = []
        results: Iterator[list[R]] = runner(delayed(_run_chunk)(fn, chunk) for chunk in chunks)
        for done in results:
            out.extend(done)
            step(len(done))
        return out

    def _dask(self, fn: Callable[[T], R], items: Sequence[T], step: Callable[[int], None]) -> list[R]:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise FanoutError(
                "--scheduler needs dask.distributed: pip install 'gametoolkit[distributed]'"
            ) from None
        try:
            client = Client(self.scheduler, timeout=self.connect_timeout)
        except (OSError, TimeoutError) as err:
            raise FanoutError(f"cannot reach the Dask scheduler at {self.scheduler}: {err}") from None
        with client:
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            chunks = self._chunks(items, workers)
            futures = [client.submit(_run_chunk, fn, chunk, pure=False) for chunk in chunks]
            index = {f.key: k for k, f in enumerate(futures)}
            parts: list[list[R] | None] = [None] * len(chunks)
            for future in as_completed(futures):
                done = future.result()
                parts[index[future.key]] = done
                step(len(done))
            return [x for part in parts if part is not None for x in part]
