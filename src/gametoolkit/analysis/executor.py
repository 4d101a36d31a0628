"""One executor for work that fans out: in this process, in local processes, or on a Dask cluster.

Sweeps, the random-game campaign (and any other caller with many independent,
picklable tasks) hand their tasks to an :class:`Executor`:

* ``Executor()`` runs them one after another in this process;
* ``Executor(jobs=N)`` runs them in ``N`` worker processes on this machine through
  joblib's process backend (loky), which starts workers that import the package
  afresh, so nothing depends on how the parent was started;
* ``Executor(scheduler="tcp://HOST:8786")`` sends them to the workers of a running
  ``dask.distributed`` scheduler (started with ``dask scheduler`` and ``dask worker``,
  dask-jobqueue on an HPC system, or a Kubernetes deployment).  The executor holds one
  client for its whole life; close it (``with Executor(...) as ex:``) to disconnect.

Whatever runs them, :meth:`Executor.map` returns the results in the order of the
tasks, so a sweep writes the same table on a laptop and on a cluster.  Tasks are sent
in chunks (several tasks per message) because a single equilibrium computation is
often shorter than the round trip to a worker.  joblib and dask are optional
(``pip install 'gametoolkit[distributed]'``); asking for them without them installed
is a clear :class:`FanoutError`.

Time limits
-----------
``Executor(task_timeout=SECONDS)`` stops any task that runs longer.  Python cannot
interrupt a computation stuck in compiled code (Gambit's solvers), so each task then
runs in a *sandbox*: a child interpreter, one per worker process (per worker thread on
Dask), started once and reused task after task.  A task past its limit has its sandbox
killed, with every process the task started, and a fresh sandbox takes the next task;
a sandbox that dies (a crash in compiled code) is replaced the same way.  Such a task
has no result: :meth:`Executor.map` raises :class:`TaskUnfinished`, or, with
``unfinished="return"``, puts an :class:`Unfinished` record in its place and goes on.
The other tasks' results are those of a run without a limit, in the same order.  The
limit covers the task's call only: starting the sandbox, loading the task function
there (its imports) and the executor's ``initializer`` (run once in each new sandbox:
imports and caches the first task would otherwise pay within its limit) are not
counted.  The sandbox is a plain child process (not :mod:`multiprocessing`), so it
also runs inside Dask's daemonic worker processes, which may not start children of
their own.  The task function and its arguments travel to the sandbox by pickle
(``cloudpickle`` when installed, so a function defined in a script works too); time
limits need a POSIX system (Linux, macOS).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import math
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, overload

from ..errors import GameToolkitError

__all__ = ["Executor", "FanoutError", "TaskUnfinished", "Unfinished"]

T = TypeVar("T")
R = TypeVar("R")

#: seconds a sandbox may take to start (import the package) before it is given up on
SANDBOX_START_SECONDS = 120.0


class FanoutError(GameToolkitError):
    """Work cannot be fanned out as asked (a missing library, a scheduler out of reach)."""


@dataclass(frozen=True)
class Unfinished:
    """A task that returned nothing: stopped at the time limit, or its process died.

    Attributes
    ----------
    index : int
        The task's position in the items given to :meth:`Executor.map`.
    kind : {"timeout", "died"}
        Why: ``timeout`` when it ran past the executor's ``task_timeout``, ``died``
        when the process running it ended without an answer (a crash).
    seconds : float
        How long it ran before it was stopped or died.
    message : str
        One sentence saying what happened.
    """

    index: int
    kind: Literal["timeout", "died"]
    seconds: float
    message: str

    @property
    def timed_out(self) -> bool:
        """Whether the task was stopped at the time limit."""
        return self.kind == "timeout"


class TaskUnfinished(FanoutError):
    """A task ran past the time limit or its process died (``unfinished="raise"``)."""

    def __init__(self, unfinished: Unfinished) -> None:
        super().__init__(f"task {unfinished.index}: {unfinished.message}")
        self.unfinished = unfinished


# ---------------------------------------------------------------------- tasks run in a worker
def _run_chunk(fn: Callable[[Any], Any], start: int, chunk: Sequence[Any]) -> tuple[int, list[Any]]:
    """Run ``fn`` over one chunk of tasks (in a worker); the chunk's first index and its results."""
    return start, [fn(item) for item in chunk]


def _run_chunk_limited(
    fn: Callable[[Any], Any],
    start: int,
    chunk: Sequence[Any],
    timeout: float,
    initializer: Callable[[], Any] | None = None,
) -> tuple[int, list[Any]]:
    """Run ``fn`` over one chunk, each task in this worker's sandbox with a time limit."""
    payload = _dumps(fn, "the task function")
    init = _dumps(initializer, "the initializer") if initializer is not None else None
    box = _local_sandbox()
    return start, [box.run(payload, init, item, timeout, start + j) for j, item in enumerate(chunk)]


def _dumps(obj: Any, what: str = "a task") -> bytes:
    """Pickle ``obj`` for a sandbox: cloudpickle when installed, else pickle."""
    try:
        import cloudpickle
    except ImportError:
        if getattr(obj, "__module__", None) == "__main__":  # pickle would name it, and the child has no such name
            raise FanoutError(
                f"{what} ({getattr(obj, '__qualname__', obj)!r}) is defined in a script: it can run with a time "
                "limit only with cloudpickle installed (pip install 'gametoolkit[distributed]')"
            ) from None
        dumps: Callable[..., bytes] = pickle.dumps
    else:
        dumps = cloudpickle.dumps
    try:
        return dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as err:
        raise FanoutError(
            f"{what} cannot be sent to the process that runs it with a time limit ({type(err).__name__}: {err}); "
            "define it at the top level of a module, or install cloudpickle"
        ) from None


# ---------------------------------------------------------------------- sandboxes
class _Sandbox:
    """A child interpreter that runs one task at a time; killed and replaced when one overruns."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.inbox: Any = None  # our end of the pipe to the child
        self.outbox: Any = None  # our end of the pipe from the child
        self.fn: bytes | None = None  # the function the child holds
        self.init: bytes | None = None  # the initializer the child has run

    def _start(self) -> None:
        from multiprocessing.connection import Connection

        if os.name != "posix":
            raise FanoutError("a time limit per task needs a POSIX system (Linux, macOS)")
        if not sys.executable:
            raise FanoutError("a time limit per task needs the path of the Python interpreter (sys.executable)")
        to_child, child_in = os.pipe()[::-1]  # (write end, read end)
        child_out, from_child = os.pipe()[::-1]
        code = (
            "import sys, json; sys.path[:0] = json.loads(sys.argv[1]); "
            "from gametoolkit.analysis.executor import _sandbox_main; _sandbox_main(int(sys.argv[2]), int(sys.argv[3]))"
        )
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code, json.dumps(sys.path), str(child_in), str(child_out)],
                pass_fds=(child_in, child_out),
                stdin=subprocess.DEVNULL,
                stdout=2,  # a task's prints go to stderr, never into a command's stdout
                start_new_session=True,  # its own process group: killed with every process it started
            )
        finally:
            os.close(child_in)
            os.close(child_out)
        self.inbox = Connection(to_child, readable=False)
        self.outbox = Connection(from_child, writable=False)
        self.fn = self.init = None
        ready = b""
        with contextlib.suppress(EOFError, OSError):
            if self.outbox.poll(SANDBOX_START_SECONDS):
                ready = self.outbox.recv_bytes()
        if ready != b"ready":
            code_ = self._kill()
            raise FanoutError(
                f"the child process that runs tasks with a time limit did not start (exit code {code_}); "
                "see its message above"
            )

    def _kill(self) -> int | None:
        """Kill the child and every process in its group; its exit code."""
        process, self.process = self.process, None
        for conn in (self.inbox, self.outbox):
            if conn is not None:
                conn.close()
        self.inbox = self.outbox = None
        self.fn = self.init = None
        if process is None:
            return None
        if process.returncode is None:  # not reaped yet, so its group id is still its own
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        return process.wait()

    def close(self) -> None:
        """Let the child finish (it exits when its input closes), else kill it."""
        process = self.process
        if process is None:
            return
        if self.inbox is not None:
            self.inbox.close()
            self.inbox = None
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=2)
        self._kill()

    def _ask(self, kind: str, payload: Any, limit: float) -> tuple[str, Any]:
        """Send one request; ``("ok" | "error", value)``, ``("timeout", None)`` or ``("died", exit code)``."""
        message = _dumps((kind, payload), "a task's argument")
        try:
            self.inbox.send_bytes(message)
            data = self.outbox.recv_bytes() if self.outbox.poll(limit) else None
        except (EOFError, OSError):
            return "died", self._kill()
        if data is None:
            self._kill()
            return "timeout", None
        answer: tuple[str, Any] = pickle.loads(data)
        return answer

    def _prepare(self, fn: bytes, init: bytes | None) -> None:
        """A running child that holds ``fn`` and has run ``init``: untimed (imports are not the task's time)."""
        if self.process is None or self.process.poll() is not None:
            self._kill()
            self._start()
        for kind, payload in (("init", init), ("fn", fn)):
            if payload is None or payload == getattr(self, kind):
                continue
            status, value = self._ask(kind, payload, SANDBOX_START_SECONDS)
            if status == "error":
                raise value
            if status != "ok":
                what = "the initializer" if kind == "init" else "loading the task function"
                why = f"no answer in {SANDBOX_START_SECONDS:g} s" if status == "timeout" else f"exit code {value}"
                raise FanoutError(f"{what} did not finish in the child process that runs tasks with a time limit ({why})")
            setattr(self, kind, payload)

    def run(self, fn: bytes, init: bytes | None, item: Any, timeout: float, index: int) -> Any:
        """``fn(item)`` in the child, or :class:`Unfinished` after ``timeout`` seconds or a crash."""
        self._prepare(fn, init)
        start = time.perf_counter()
        status, value = self._ask("call", item, timeout)
        seconds = time.perf_counter() - start
        if status == "timeout":
            return Unfinished(index, "timeout", seconds, f"ran past the time limit of {timeout:g} s")
        if status == "died":
            return Unfinished(index, "died", seconds, f"the process running it died (exit code {value})")
        if status == "error":
            raise value
        return value


def _sandbox_main(read_fd: int, write_fd: int) -> None:
    """The sandbox's loop (in the child): run each task that arrives, send back its result or error."""
    from multiprocessing.connection import Connection

    inbox = Connection(read_fd, writable=False)
    outbox = Connection(write_fd, readable=False)
    outbox.send_bytes(b"ready")
    fn: Callable[[Any], Any] | None = None
    while True:
        try:
            message = inbox.recv_bytes()
        except EOFError:  # the parent is done (or gone)
            return
        try:
            kind, payload = pickle.loads(message)
            if kind == "fn":
                fn = pickle.loads(payload)
                reply: tuple[str, Any] = ("ok", None)
            elif kind == "init":
                pickle.loads(payload)()
                reply = ("ok", None)
            else:
                assert fn is not None, "a task before its function"
                reply = ("ok", fn(payload))
        except BaseException as err:  # everything goes back to the parent, which raises it
            reply = ("error", err)
        try:
            data = _dumps(reply)
        except FanoutError as err:
            data = pickle.dumps(("error", FanoutError(f"the task's result or error cannot be sent back: {err}")))
        outbox.send_bytes(data)


_LOCAL = threading.local()
_SANDBOXES: list[_Sandbox] = []
_SANDBOX_LOCK = threading.Lock()


def _local_sandbox() -> _Sandbox:
    """This thread's sandbox (made on first use)."""
    box: _Sandbox | None = getattr(_LOCAL, "box", None)
    if box is None:
        box = _LOCAL.box = _Sandbox()
        with _SANDBOX_LOCK:
            _SANDBOXES.append(box)
    return box


@atexit.register
def _close_sandboxes() -> None:
    with _SANDBOX_LOCK:
        boxes = list(_SANDBOXES)
    for box in boxes:
        box.close()


# ---------------------------------------------------------------------- the executor
class Executor:
    """Maps a function over tasks, here, in local processes or on a Dask cluster.

    Parameters
    ----------
    jobs : int
        Worker processes on this machine (1: in this process).  Ignored when
        ``scheduler`` is given.
    scheduler : str, optional
        The address of a ``dask.distributed`` scheduler (``tcp://127.0.0.1:8786``).
        One client connects on first use and stays connected until :meth:`close`.
    chunks_per_worker : int
        About how many chunks each worker receives; more balance the load, fewer
        save messages.
    connect_timeout : float
        Seconds to wait for the scheduler before giving up.
    task_timeout : float, optional
        Seconds a task may run; a task that runs longer is stopped (its process
        killed) and reported (see :meth:`map`).  Each task then runs in a child
        process of the worker (see the module docs).
    chunk_size : int, optional
        Tasks per chunk, instead of the size ``chunks_per_worker`` gives; 1 suits
        tasks of a second or more (the progress then moves task by task).
    initializer : callable, optional
        With ``task_timeout``: called (without arguments) once in each child process
        before its first task, outside the time limit; for imports and caches that the
        first task would otherwise pay for within its limit.

    Raises
    ------
    FanoutError
        For ``jobs``, ``task_timeout`` or ``chunk_size`` below their minimum.

    Examples
    --------
    >>> Executor().map(abs, [-1, 2, -3])
    [1, 2, 3]
    >>> with Executor(jobs=1) as ex:
    ...     ex.where
    'this process'
    """

    def __init__(
        self,
        jobs: int = 1,
        scheduler: str | None = None,
        chunks_per_worker: int = 4,
        connect_timeout: float = 30.0,
        task_timeout: float | None = None,
        chunk_size: int | None = None,
        initializer: Callable[[], Any] | None = None,
    ) -> None:
        if jobs < 1:
            raise FanoutError(f"jobs must be at least 1, not {jobs}")
        if task_timeout is not None and not task_timeout > 0:
            raise FanoutError(f"the time limit of a task must be positive, not {task_timeout}")
        if chunk_size is not None and chunk_size < 1:
            raise FanoutError(f"chunk_size must be at least 1, not {chunk_size}")
        self.jobs = jobs
        self.scheduler = scheduler
        self.chunks_per_worker = max(1, chunks_per_worker)
        self.connect_timeout = connect_timeout
        self.task_timeout = task_timeout
        self.chunk_size = chunk_size
        self.initializer = initializer
        self._client: Any = None

    @property
    def where(self) -> str:
        """A short description of where the work runs, for messages."""
        if self.scheduler:
            return f"the Dask scheduler at {self.scheduler}"
        return "this process" if self.jobs == 1 else f"{self.jobs} local processes"

    # ------------------------------------------------------------------ lifetime
    @property
    def client(self) -> Any:
        """The ``distributed.Client`` this executor holds (connected on first use), or None.

        Raises
        ------
        FanoutError
            When dask.distributed is missing or the scheduler cannot be reached.
        """
        if not self.scheduler:
            return None
        if self._client is None:
            try:
                from distributed import Client
            except ImportError:
                raise FanoutError(
                    "--scheduler needs dask.distributed: pip install 'gametoolkit[distributed]'"
                ) from None
            try:
                self._client = Client(self.scheduler, timeout=self.connect_timeout, set_as_default=False)
            except (OSError, TimeoutError) as err:
                raise FanoutError(f"cannot reach the Dask scheduler at {self.scheduler}: {err}") from None
        return self._client

    def close(self) -> None:
        """Disconnect from the scheduler and stop this process's sandboxes (it can be used again)."""
        client, self._client = self._client, None
        if client is not None:
            client.close()
        box: _Sandbox | None = getattr(_LOCAL, "box", None)
        if box is not None:
            box.close()

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ work
    @overload
    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        advance: Callable[[int], None] | None = None,
        *,
        unfinished: Literal["raise"] = "raise",
    ) -> list[R]: ...

    @overload
    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        advance: Callable[[int], None] | None = None,
        *,
        unfinished: Literal["return"],
    ) -> list[R | Unfinished]: ...

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        advance: Callable[[int], None] | None = None,
        *,
        unfinished: Literal["raise", "return"] = "raise",
    ) -> list[R] | list[R | Unfinished]:
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
        unfinished : {"raise", "return"}
            What a task stopped at the time limit (or whose process died) gives:
            :class:`TaskUnfinished` raised at once, or an :class:`Unfinished` record
            in its place while the others go on.

        Returns
        -------
        list
            The results, in the order of ``items``.

        Raises
        ------
        FanoutError
            When joblib or dask is needed and missing, or the scheduler cannot be reached.
        TaskUnfinished
            With ``unfinished="raise"``, for a task stopped or crashed.
        Exception
            Whatever ``fn`` raised for the first failing task (re-raised here).
        """
        step = advance or (lambda n: None)
        out: list[Any] = [None] * len(items)
        with contextlib.closing(self._chunks_done(fn, items)) as chunks:
            for start, results in chunks:
                if unfinished == "raise":
                    _raise_unfinished(results)
                out[start : start + len(results)] = results
                step(len(results))
        return out

    @overload
    def as_completed(
        self, fn: Callable[[T], R], items: Sequence[T], *, unfinished: Literal["raise"] = "raise"
    ) -> Iterator[tuple[int, R]]: ...

    @overload
    def as_completed(
        self, fn: Callable[[T], R], items: Sequence[T], *, unfinished: Literal["return"]
    ) -> Iterator[tuple[int, R | Unfinished]]: ...

    def as_completed(
        self, fn: Callable[[T], R], items: Sequence[T], *, unfinished: Literal["raise", "return"] = "raise"
    ) -> Iterator[tuple[int, R]] | Iterator[tuple[int, R | Unfinished]]:
        """``(index, fn(items[index]))`` pairs as the tasks finish, for work that reports as it goes.

        The pairs come chunk by chunk in the order the chunks finish (the order of
        ``items`` in this process); :meth:`map` is the same work collected in order.
        Parameters and errors are those of :meth:`map`.

        Yields
        ------
        tuple of (int, object)
            A task's index in ``items`` and its result (or :class:`Unfinished`).

        Examples
        --------
        >>> sorted(Executor().as_completed(abs, [-1, 2, -3]))
        [(0, 1), (1, 2), (2, 3)]
        """
        with contextlib.closing(self._chunks_done(fn, items)) as chunks:
            for start, results in chunks:
                if unfinished == "raise":
                    _raise_unfinished(results)
                yield from enumerate(results, start)

    # ------------------------------------------------------------------ backends
    def _chunks_done(
        self, fn: Callable[[Any], Any], items: Sequence[Any]
    ) -> Generator[tuple[int, list[Any]], None, None]:
        """``(first index, results)`` of each chunk, as the chunks finish."""
        if not items:
            return
        if self.scheduler:
            yield from self._dask(fn, items)
        elif self.jobs == 1 or len(items) == 1:
            if self.task_timeout is None:
                for k, item in enumerate(items):
                    yield k, [fn(item)]
            else:
                for k, item in enumerate(items):
                    yield _run_chunk_limited(fn, k, [item], self.task_timeout, self.initializer)
        else:
            yield from self._joblib(fn, items)

    def _chunks(self, items: Sequence[T], workers: int) -> list[tuple[int, Sequence[T]]]:
        size = self.chunk_size or max(1, math.ceil(len(items) / (workers * self.chunks_per_worker)))
        return [(k, items[k : k + size]) for k in range(0, len(items), size)]

    def _task(self, fn: Callable[[Any], Any], start: int, chunk: Sequence[Any]) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if self.task_timeout is None:
            return _run_chunk, (fn, start, chunk)
        return _run_chunk_limited, (fn, start, chunk, self.task_timeout, self.initializer)

    def _joblib(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[int, list[Any]]]:
        try:
            from joblib import Parallel, delayed
        except ImportError:
            raise FanoutError(
                "--jobs above 1 needs joblib: pip install 'gametoolkit[distributed]'"
            ) from None
        runner = Parallel(n_jobs=self.jobs, backend="loky", return_as="generator_unordered")
        calls = (self._task(fn, start, chunk) for start, chunk in self._chunks(items, self.jobs))
        results = runner(delayed(job)(*args) for job, args in calls)
        try:
            yield from results
        finally:
            results.close()

    def _dask(self, fn: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[tuple[int, list[Any]]]:
        from distributed import as_completed

        client = self.client
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        futures = [client.submit(job, *args, pure=False) for job, args in
                   (self._task(fn, start, chunk) for start, chunk in self._chunks(items, workers))]
        try:
            for future in as_completed(futures, loop=client.loop):
                yield future.result()
        finally:
            client.cancel(futures)


def _raise_unfinished(results: list[Any]) -> None:
    for r in results:
        if isinstance(r, Unfinished):
            raise TaskUnfinished(r)
