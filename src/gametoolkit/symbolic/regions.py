"""Regions of parameter space: is a set of conditions possible under the assumptions?

A region is the set of points consistent with an :class:`~.assumptions.Assumptions`
where every condition ``expr OP 0`` (OP ``>``, ``>=``, ``=``) holds.  :func:`decide`
answers whether it is empty:

* every assumption becomes a row of the system too, so that eliminating a parameter
  keeps the parameter's own assumptions;
* an equation linear in some parameter whose coefficient has a certified sign is
  solved for it and substituted everywhere;
* a parameter in which every row is linear with a coefficient of certified sign is
  eliminated symbolically (Fourier-Motzkin: a lower and an upper bound give
  ``-c2*d1 + c1*d2 OP 0``, multiplied through by the positive coefficients, so no
  division);
* once the rows are polynomials in a single parameter, :func:`~.cells.decide_univariate`
  decides exactly by isolating their real roots; polynomials in two parameters that no
  step above reduces go to :func:`~.cells.decide_bivariate` (a cell decomposition);
* once every row is linear in the parameters, :func:`~.feasibility.witness` decides
  exactly, in rational arithmetic, and gives a witness point; before that, the linear
  rows alone being impossible proves the whole impossible.

Each step keeps the projection of the region exact, so the answer is a proof either
way; where no step applies the answer is ``None`` (undecided) and the caller keeps the
family with a note.  :func:`implied` uses the same test to drop a condition the
others and the assumptions imply, and :func:`search` looks for a witness point of a
region :func:`decide` could not settle, by random consistent points with each
equation solved for one of its parameters.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy

from .assumptions import Assumptions, linear_row
from .cells import decide_bivariate, decide_univariate
from .expr import compare, evaluate_exact
from .feasibility import Undecided, witness

__all__ = ["decide", "implied", "negations", "search"]

#: Most rows the symbolic elimination may hold before it gives up.
MAX_ROWS = 400

Row = tuple[Any, str]


def negations(expr: Any, op: str) -> list[Row]:
    """The cases of ``not (expr OP 0)``: one row, or two for an equation."""
    if op == ">":
        return [(-expr, ">=")]
    if op == ">=":
        return [(-expr, ">")]
    return [(expr, ">"), (-expr, ">")]


def implied(assumptions: Assumptions, others: Sequence[Row], cond: Row, cells: bool = False) -> bool:
    """True when ``others`` and the assumptions prove ``cond`` (False: not proved).

    Without ``cells`` no cell decomposition is tried in two parameters (it is the
    costly step, and a condition kept because it was not proved implied is harmless).
    """
    return all(decide(assumptions, [*others, neg], cells)[0] is False for neg in negations(*cond))


def decide(
    assumptions: Assumptions, conditions: Sequence[Row], cells: bool = True
) -> tuple[bool | None, dict[str, Fraction] | None]:
    """``(True, point)``, ``(False, None)`` or ``(None, None)``: is the region non-empty?

    ``cells``: decide polynomial rows in two parameters by a cell decomposition.
    """
    cleaned = _clean([*assumptions.relations(), *conditions], assumptions)
    if cleaned is None:
        return False, None
    rows, exact = cleaned
    full = True  # no parameter eliminated symbolically yet: a witness is a point of the region
    for _ in range(64):
        linear = [linear_row(e, op) for e, op in rows]
        names = {s for e, _ in rows for s in e.free_symbols}
        if len(names) == 1 and not all(r is not None for r in linear):
            (x,) = names
            found, value = decide_univariate(rows, x)
            if not found:
                return False, None
            if full and value is not None and _check(conditions, assumptions, {str(x.name): value}):
                return True, {str(x.name): value}
            return (True, None) if exact else (None, None)
        if not all(r is not None for r in linear):
            try:  # the linear rows alone already impossible: so is the whole
                if witness([r for r in linear if r is not None], ()) is None:
                    return False, None
            except Undecided:
                pass
        else:
            try:
                point = witness([r for r in linear if r is not None], _names(conditions, assumptions))
            except Undecided:
                return None, None
            if point is None:
                return False, None
            if full and _check(conditions, assumptions, point):
                return True, point
            return (True, None) if exact else (None, None)
        step = _substitute_equation(rows, assumptions) or _eliminate_one(rows, assumptions)
        if step is None and cells and len(names) == 2:
            x, y = sorted(names, key=str)
            status, pair = decide_bivariate(rows, x, y)
            if status is False:
                return False, None
            if status and full and pair is not None and _check(conditions, assumptions, pair):
                return True, pair
            return (True, None) if status and exact else (None, None)
        if step is None or len(step) > MAX_ROWS:
            return None, None
        full = False
        cleaned = _clean(step, assumptions)
        if cleaned is None:
            return False, None
        rows = cleaned[0]
        exact = exact and cleaned[1]
    return None, None


def _names(conditions: Sequence[Row], assumptions: Assumptions) -> set[str]:
    out = set(assumptions.names)
    for e, _ in conditions:
        out |= {str(s.name) for s in (sympy.Integer(0) + e).free_symbols}
    return out


def _check(conditions: Sequence[Row], assumptions: Assumptions, point: Mapping[str, Fraction]) -> bool:
    try:
        return assumptions.satisfied(point) and all(compare(evaluate_exact(sympy.Integer(0) + e, point), op) for e, op in conditions)
    except (ValueError, ZeroDivisionError):
        return False


def _clean(rows: Sequence[Row], assumptions: Assumptions) -> tuple[list[Row], bool] | None:
    """Rows as polynomials (denominators of known sign cleared), constants checked.

    None when a constant row fails; the flag is False when a denominator of unknown
    sign had to be multiplied in (the rows then describe a slightly larger set).
    """
    out: list[Row] = []
    exact = True
    seen: set[tuple[Any, str]] = set()
    for e, op in rows:
        num, den = sympy.fraction(sympy.together(sympy.Integer(0) + e))
        s = assumptions.sign(den)
        if s is None or s == 0:
            exact = False
            num = num * den if op != "=" else num
        elif s < 0:
            num = -num
        num = sympy.expand(num)
        if num.is_number:
            if not compare(Fraction(int(num.p), int(num.q)) if num.is_Rational else Fraction(float(num)), op):
                return None
            continue
        if (num, op) not in seen:
            seen.add((num, op))
            out.append((num, op))
    for num, op in out:  # e > 0 together with -e >= 0: impossible
        if op != "=" and any((-num, o) in seen for o in ((">", ">=") if op == ">" else (">",))):
            return None
    return out, exact


def _substitute_equation(rows: list[Row], assumptions: Assumptions) -> list[Row] | None:
    for k, (e, op) in enumerate(rows):
        if op != "=":
            continue
        for x in sorted(e.free_symbols, key=str):
            poly = sympy.Poly(e, x)
            if poly.degree() != 1:
                continue
            c, d = poly.all_coeffs()
            if assumptions.sign(c) not in (1, -1):
                continue
            value = -d / c
            return [(r.xreplace({x: value}), o) for j, (r, o) in enumerate(rows) if j != k]
    return None


def _eliminate_one(rows: list[Row], assumptions: Assumptions) -> list[Row] | None:
    """Fourier-Motzkin on one parameter whose coefficients all have a certified sign."""
    nonlinear = {s for e, op in rows if linear_row(e, op) is None for s in e.free_symbols}
    candidates = sorted({s for e, _ in rows for s in e.free_symbols}, key=lambda s: (s not in nonlinear, str(s)))
    for x in candidates:
        lower: list[tuple[Any, Any, str]] = []
        upper: list[tuple[Any, Any, str]] = []
        rest: list[Row] = []
        ok = True
        for e, op in rows:
            if x not in e.free_symbols:
                rest.append((e, op))
                continue
            poly = sympy.Poly(e, x)
            s = assumptions.sign(poly.all_coeffs()[0]) if poly.degree() == 1 else None
            if op == "=" or s is None or s == 0:
                ok = False
                break
            c, d = poly.all_coeffs()
            (lower if s > 0 else upper).append((c, d, op))
        if not ok:
            continue
        for c1, d1, op1 in lower:
            for c2, d2, op2 in upper:
                rest.append((sympy.expand(-c2 * d1 + c1 * d2), ">" if ">" in (op1, op2) else ">="))
        return rest
    return None


def search(
    assumptions: Assumptions, conditions: Sequence[Row], names: Sequence[str], rng: random.Random, tries: int = 200
) -> dict[str, Fraction] | None:
    """A random consistent point meeting ``conditions`` (equations solved for a parameter), or None."""
    for _ in range(tries):
        point = assumptions.sample(rng, names)
        for e, op in conditions:
            if op != "=":
                continue
            point = _solve_at(e, point) or point
        if _check(conditions, assumptions, point):
            return point
    return None


def _solve_at(e: Any, point: dict[str, Fraction]) -> dict[str, Fraction] | None:
    """``point`` with one parameter of ``e`` changed so that ``e = 0`` (linear in it)."""
    for x in sorted(e.free_symbols, key=str):
        others = {
            s: sympy.Rational(point[str(s.name)].numerator, point[str(s.name)].denominator)
            for s in e.free_symbols
            if s != x and str(s.name) in point
        }
        reduced = sympy.expand(e.xreplace(others))
        if reduced.free_symbols != {x}:
            continue
        poly = sympy.Poly(reduced, x)
        if poly.degree() != 1:
            continue
        c, d = poly.all_coeffs()
        value = -d / c
        return {**point, str(x.name): Fraction(int(value.p), int(value.q))}
    return None
