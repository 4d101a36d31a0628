"""Kernels the solvers share: a time limit that sympy cannot swallow, and union-find.

* :func:`time_limit` interrupts a block after a number of seconds by ``SIGALRM``,
  raising :class:`TimeUp`, a :class:`BaseException`, so that a library's
  ``except Exception`` (sympy has several) cannot swallow it; the alarm repeats every
  0.2 s until the block ends, in case one is lost inside a long C call.
* :class:`UnionFind` groups items that appear together (unknowns sharing an
  inequality, strategies of one component), with path halving and union by size.

The solvers' one precondition (numbers and perfect recall) is
:func:`gametoolkit.core.validate.require_solvable`.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["TimeUp", "UnionFind", "time_limit"]

T = TypeVar("T", bound=Hashable)


class TimeUp(BaseException):
    """Raised inside a :func:`time_limit` block when its time is over."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with :class:`TimeUp`.

    Parameters
    ----------
    seconds : float
        The time the block may take.  Only the main thread on POSIX can be
        interrupted; elsewhere the block runs without a limit.

    Raises
    ------
    TimeUp
        From inside the block, once the time is over.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3), 0.2)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class UnionFind(Generic[T]):
    """Disjoint sets over hashable items, grown as items are met.

    Examples
    --------
    >>> uf = UnionFind([1, 2, 3, 4])
    >>> for a, b in [(1, 2), (3, 4), (2, 4)]:
    ...     _ = uf.union(a, b)
    >>> uf.find(1) == uf.find(3)
    True
    >>> sorted(sorted(g) for g in uf.groups())
    [[1, 2, 3, 4]]
    """

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._parent: dict[T, T] = {}
        self._size: dict[T, int] = {}
        for item in items:
            self.add(item)

    def add(self, item: T) -> None:
        """Make ``item`` a set of its own if it is new."""
        if item not in self._parent:
            self._parent[item] = item
            self._size[item] = 1

    def find(self, item: T) -> T:
        """The representative of ``item``'s set (adding ``item`` if new)."""
        self.add(item)
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: T, b: T) -> T:
        """Join the sets of ``a`` and ``b``; the representative of the union."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        return ra

    def groups(self) -> list[list[T]]:
        """Every set, each in the order its items were added; sets by their first item."""
        out: dict[T, list[T]] = {}
        for item in self._parent:
            out.setdefault(self.find(item), []).append(item)
        return list(out.values())
