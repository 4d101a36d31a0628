"""The Intuitive Criterion and D1 over any ordered field, with signs asked of an oracle.

This module is the one place the two tests are written, for payoffs that are numbers
*or expressions*: every comparison is a question ``x OP 0`` put to an :class:`Oracle`.
With exact numbers the oracle just compares Fractions (:class:`ExactOracle`; this is
what :mod:`.intuitive` and :mod:`.d1` run on a numeric game's equilibria); with
expressions in parameters it answers where the parameters' region decides the sign
and otherwise raises, so that the caller splits the region into the cases and runs
the test again in each (:mod:`gametoolkit.symbolic.refinements`).

The linear feasibility questions (is some belief over some types such that these
responses are best replies? is some mixture over these responses good for one type
and bad for another?) are homogeneous: unknowns ``x >= 0`` with ``sum(x) > 0`` and
rows ``sum(c_i x_i) >= 0`` or ``= 0``.  They are decided by Fourier-Motzkin
elimination that multiplies rows by the *absolute values* of coefficients and never
divides, so the only questions put to the oracle are the signs of coefficients,
which are differences of payoffs and their products: the comparisons the criteria
are about.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

from .verdict import Verdict, names_of, text

__all__ = ["ExactOracle", "Oracle", "Table", "d1", "intuitive"]


class Oracle(Protocol):
    """Decides signs of the values the criteria compare."""

    def test(self, x: Any, op: str) -> bool:
        """Is ``x OP 0`` (OP ``>``, ``>=`` or ``=``)?  May raise to split the question."""
        ...

    def sign(self, x: Any) -> int:
        """-1, 0 or +1.  May raise to split the question."""
        ...

    def peek(self, x: Any, op: str) -> bool | None:
        """``x OP 0`` where it is already decided, else None; never raises (for reasons)."""
        ...

    def norm(self, x: Any) -> Any:
        """``x`` in a simplest form (products and differences grow during elimination)."""
        ...

    def show(self, x: Any) -> str:
        """``x`` as text."""
        ...


class ExactOracle:
    """The oracle for exact numbers: every question is answered by comparing."""

    def test(self, x: Any, op: str) -> bool:
        v = Fraction(x)
        return v > 0 if op == ">" else v >= 0 if op == ">=" else v == 0

    def sign(self, x: Any) -> int:
        v = Fraction(x)
        return (v > 0) - (v < 0)

    def peek(self, x: Any, op: str) -> bool | None:
        return self.test(x, op)

    def norm(self, x: Any) -> Any:
        return x

    def show(self, x: Any) -> str:
        return text(Fraction(x))


@dataclass(frozen=True)
class Table:
    """One message: the sender's and the receiver's payoff at each (type, response)."""

    label: str
    types: tuple[int, ...]  # type positions that can send it
    responses: tuple[str, ...]
    sender: Mapping[int, Sequence[Any]]
    receiver: Mapping[int, Sequence[Any]]
    on_path: bool


# ------------------------------------------------------------------ feasibility
_Row = tuple[list[Any], str]  # coefficients, OP (">=" or "="): sum(c_i x_i) OP 0


def homogeneous_feasible(o: Oracle, n: int, rows: Sequence[_Row]) -> bool:
    """Some ``x >= 0`` with ``sum(x) > 0`` meeting every row (Fourier-Motzkin)."""
    one = [1] * n
    eqs = [(list(c), op) for c, op in rows if op == "="]
    ineqs: list[tuple[list[Any], bool]] = [(list(c), False) for c, op in rows if op != "="]
    ineqs += [([1 if i == j else 0 for i in range(n)], False) for j in range(n)]
    ineqs.append((one, True))
    live = list(range(n))
    while eqs:
        c, _ = eqs.pop()
        j = next((j for j in live if o.sign(c[j]) != 0), None)
        if j is None:
            continue  # 0 = 0
        s = o.sign(c[j])

        def put(row: list[Any], c: list[Any] = c, j: int = j, s: int = s) -> list[Any]:
            a = row[j]
            return [o.norm(s * (c[j] * row[i] - a * c[i])) for i in range(n)]

        eqs = [(put(r), op) for r, op in eqs]
        ineqs = [(put(r), strict) for r, strict in ineqs]
        live.remove(j)
    for j in live:
        pos: list[tuple[list[Any], bool]] = []
        neg: list[tuple[list[Any], bool]] = []
        rest: list[tuple[list[Any], bool]] = []
        for row, strict in ineqs:
            s = o.sign(row[j])
            (pos if s > 0 else neg if s < 0 else rest).append((row, strict))
        for (p, sp), (q, sq) in itertools.product(pos, neg):
            rest.append(([o.norm(-q[j] * p[i] + p[j] * q[i]) for i in range(n)], sp or sq))
        ineqs = rest
    return all(not strict for _, strict in ineqs)  # every row is now 0 >= 0 or 0 > 0


def belief_exists(o: Oracle, m: Table, types: Sequence[int], face: Sequence[int]) -> bool:
    """Some belief over ``types`` makes every response in ``face`` a best reply."""
    if not types:
        return False
    rows: list[_Row] = []
    for a in face:
        for b in range(len(m.responses)):
            if b != a:
                rows.append(([o.norm(m.receiver[t][a] - m.receiver[t][b]) for t in types], ">="))
    return homogeneous_feasible(o, len(types), rows)


def best_reply_faces(o: Oracle, m: Table, types: Sequence[int]) -> list[tuple[int, ...]]:
    """Every set of responses that are all best replies to one belief over ``types``."""
    n = len(m.responses)
    return [f for size in range(1, n + 1) for f in itertools.combinations(range(n), size) if belief_exists(o, m, types, f)]


def pure_best_replies(o: Oracle, m: Table, types: Sequence[int]) -> list[int]:
    """Responses that are a best reply to some belief over ``types``."""
    return [a for a in range(len(m.responses)) if belief_exists(o, m, types, (a,))]


def mixture_exists(
    o: Oracle, m: Table, face: Sequence[int],
    at_least: Sequence[tuple[int, Any]] = (), at_most: Sequence[tuple[int, Any]] = (),
) -> bool:
    """Some mixture over ``face`` giving each listed type at least / at most its value."""
    rows: list[_Row] = [([o.norm(m.sender[t][a] - x) for a in face], ">=") for t, x in at_least]
    rows += [([o.norm(x - m.sender[t][a]) for a in face], ">=") for t, x in at_most]
    return homogeneous_feasible(o, len(face), rows)


# ------------------------------------------------------------------ helpers
def _extreme(o: Oracle, values: Sequence[Any], largest: bool) -> str:
    """The largest (smallest) of ``values`` as text where the region decides which it
    is, else ``max(...)`` (``min(...)``)."""
    distinct: list[Any] = []
    for v in values:
        if not any(o.peek(o.norm(v - w), "=") for w in distinct):
            distinct.append(v)
    for v in distinct:
        if all(o.peek(o.norm(v - w) if largest else o.norm(w - v), ">=") for w in distinct):
            return o.show(v)
    return ("max(" if largest else "min(") + ", ".join(o.show(v) for v in distinct) + ")"


def _above_all(o: Oracle, x: Any, values: Sequence[Any]) -> bool:
    return all(o.test(o.norm(x - v), ">") for v in values)


def _below_all(o: Oracle, x: Any, values: Sequence[Any]) -> bool:
    return all(o.test(o.norm(v - x), ">") for v in values)


# ------------------------------------------------------------------ the criteria
def intuitive(o: Oracle, tables: Sequence[Table], star: Mapping[int, Any], names: Sequence[str]) -> Verdict:
    """The Intuitive Criterion (see :mod:`.intuitive`), every comparison put to ``o``."""
    notes = []
    for m in tables:
        if m.on_path:
            continue
        theta = list(m.types)
        replies = pure_best_replies(o, m, theta)
        dominated = [t for t in theta if _above_all(o, star[t], [m.sender[t][a] for a in replies])]
        rest = [t for t in theta if t not in dominated]
        if not rest:
            notes.append(f"{m.label!r} is equilibrium-dominated for every type that can send it")
            continue
        restricted = pure_best_replies(o, m, rest)
        for t in rest:
            pays = [m.sender[t][a] for a in restricted]
            if _below_all(o, star[t], pays):
                why = (
                    f"type(s) {names_of(names, dominated)} cannot gain from it "
                    + ", ".join(
                        f"({names[d]}: equilibrium {o.show(star[d])} > at most "
                        f"{_extreme(o, [m.sender[d][a] for a in replies], True)})"
                        for d in dominated
                    )
                    + "; so the receiver's belief rests on "
                    + names_of(names, rest)
                    if dominated
                    else f"no type is excluded, the belief may rest on {names_of(names, rest)}"
                )
                return Verdict(
                    False,
                    f"fails the Intuitive Criterion: type {names[t]} would send the off-path message {m.label!r}: "
                    f"{why}, and every best response ("
                    + ", ".join(m.responses[a] for a in restricted)
                    + f") gives type {names[t]} at least {_extreme(o, pays, False)}, more than its equilibrium "
                    f"payoff {o.show(star[t])}",
                )
        excluded = f" (equilibrium-dominated for {names_of(names, dominated)})" if dominated else ""
        notes.append(f"{m.label!r}{excluded} leaves a best response that no type would gain from")
    if not notes:
        return Verdict(True, "survives the Intuitive Criterion: every message is sent on the path")
    return Verdict(True, "survives the Intuitive Criterion: off-path message " + "; ".join(notes))


def d1(o: Oracle, tables: Sequence[Table], star: Mapping[int, Any], names: Sequence[str]) -> Verdict:
    """Criterion D1 (see :mod:`.d1`), every comparison put to ``o``."""
    notes = []
    for m in tables:
        if m.on_path:
            continue
        faces = best_reply_faces(o, m, list(m.types))
        pruned: dict[int, int] = {}
        for t in m.types:
            for other in m.types:
                if other != t and not any(
                    mixture_exists(o, m, f, at_least=[(t, star[t])], at_most=[(other, star[other])]) for f in faces
                ):
                    pruned[t] = other
                    break
        rest = [t for t in m.types if t not in pruned]
        if not rest:
            replies = sorted({a for f in faces for a in f})
            rest = [t for t in m.types if any(o.test(o.norm(m.sender[t][a] - star[t]), ">=") for a in replies)]
            rest = rest or list(m.types)
        every = [(t, star[t]) for t in m.types]
        if any(mixture_exists(o, m, f, at_most=every) for f in best_reply_faces(o, m, rest)):
            if len(pruned) == len(m.types):
                cut = " (every type pruned: the belief rests on the types it does not equilibrium-dominate)"
            else:
                cut = f" (type(s) {names_of(names, sorted(pruned))} pruned)" if pruned else ""
            notes.append(f"{m.label!r}{cut} has a best reply to beliefs on {names_of(names, rest)} that deters every type")
            continue
        prune_text = "; ".join(
            f"type {names[t]} is pruned: wherever it would weakly gain, type {names[other]} gains strictly"
            for t, other in sorted(pruned.items())
        )
        replies = pure_best_replies(o, m, rest)
        gainers = [t for t in rest if _below_all(o, star[t], [m.sender[t][a] for a in replies])]
        if gainers:
            t = gainers[0]
            tail = (
                f"with beliefs on {names_of(names, rest)} every best response gives type {names[t]} at least "
                f"{_extreme(o, [m.sender[t][a] for a in replies], False)}, more than its equilibrium payoff "
                f"{o.show(star[t])}"
            )
        else:
            tail = f"no best reply to beliefs on {names_of(names, rest)} keeps every type at or below its equilibrium payoff"
        lead = f"type {names[gainers[0]]} would send" if gainers else "a type would send"
        return Verdict(
            False,
            f"fails D1: {lead} the off-path message {m.label!r}: " + (prune_text + "; " if prune_text else "") + tail,
        )
    if not notes:
        return Verdict(True, "survives D1: every message is sent on the path")
    return Verdict(True, "survives D1: off-path message " + "; ".join(notes))


#: The criteria by name.
CRITERIA: dict[str, Callable[[Oracle, Sequence[Table], Mapping[int, Any], Sequence[str]], Verdict]] = {
    "intuitive": intuitive,
    "d1": d1,
}
