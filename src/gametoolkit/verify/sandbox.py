"""Run a job in a child process with a time limit.

Gambit's solvers and its ``max_regret()`` can take exponential time and cannot be
interrupted from Python, so they run in a child process that is stopped when time is
up: :func:`in_child` runs a generator there and collects what it yields in time.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["in_child"]


def in_child(job: Callable[..., Iterator[Any]], args: tuple[Any, ...], timeout: float) -> tuple[list[Any], str, float]:
    """Run the generator ``job(*args)`` in a child process for at most ``timeout`` seconds.

    The child is forked where the platform allows it (else spawned, and then ``job``
    and ``args`` must pickle); it is stopped in any case.

    Parameters
    ----------
    job : callable
        A generator function; each item it yields is sent to the parent (it must pickle).
    args : tuple
        The arguments of ``job``.
    timeout : float
        Seconds the child may run.

    Returns
    -------
    messages : list
        What ``job`` yielded before the time was up, in order.
    status : str
        ``"done"``, ``"timeout"``, or a message saying what went wrong in the child.
    seconds : float
        The time spent, in seconds.
    """
    methods = multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_main, args=(sender, job, args), daemon=True)
    start = time.perf_counter()
    process.start()
    sender.close()
    messages: list[Any] = []
    status = "timeout"
    try:
        while True:
            left = start + timeout - time.perf_counter()
            if left <= 0 or not receiver.poll(left):
                break
            try:
                kind, payload = receiver.recv()
            except EOFError:
                status = f"the child process died (exit code {process.exitcode})"
                break
            if kind == "message":
                messages.append(payload)
            elif kind == "done":
                status = "done"
                break
            else:
                status = str(payload)
                break
    finally:
        receiver.close()
        process.join(timeout=0.5)
        if process.is_alive():
            process.kill()
            process.join()
    return messages, status, time.perf_counter() - start


def _child_main(conn: Any, job: Callable[..., Iterator[Any]], args: tuple[Any, ...]) -> None:
    try:
        for message in job(*args):
            conn.send(("message", message))
        conn.send(("done", None))
    except BaseException as err:  # report anything, even a KeyboardInterrupt, to the parent
        conn.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()

