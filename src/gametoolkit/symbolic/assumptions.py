"""What the author assumes about the parameters, and signs decided from it.

An :class:`Assumptions` holds strict preference orderings (``x4 > x2 > x6 > bU``),
the names that are probabilities (``0 < p < 1``), and any further relations: the
model's own ``ASSUMPTIONS`` (``["c > 0", "a >= 0"]``) and every ``--assume``.  Its
central question is :meth:`Assumptions.sign`: is an expression positive, negative or
zero for *every* assignment of numbers consistent with all of them?

The answer comes with a certificate, not a guess, and uses every assumption:

* *Positive coefficients.*  Each ordering ``a1 > a2 > ... > ak`` is rewritten
  ``ak = b``, ``a(k-1) = b + d1``, ..., with fresh ``d1, d2, ... > 0``; a probability
  ``p`` as ``u/(1 + u)`` with ``u > 0``; a name with a bound of its own (``c > 0``,
  ``a >= 0``, ``x <= 3``) as the bound plus or minus a fresh positive (or
  non-negative) unknown.  When the numerator and denominator then become polynomials
  whose coefficients share one sign, that sign holds everywhere (strictly when some
  monomial uses positive unknowns only).
* *Linear programming.*  For an expression linear in the parameters, the sign is
  decided exactly over the polyhedron of every linear assumption (strict and
  non-strict kept apart): ``f > 0`` everywhere iff the assumptions together with
  ``f <= 0`` have no solution, which :func:`~.feasibility.witness` decides by exact
  Fourier-Motzkin elimination in rational arithmetic.

When neither certifies a sign it is reported unknown (``None``) and the caller keeps
the expression as a condition or splits into sign cases: never wrong, at worst not as
simple as it could be.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from ..errors import GameToolkitError
from .expr import Relation
from .feasibility import Linear, Undecided, witness

__all__ = ["AssumptionError", "Assumptions", "linear_row"]


class AssumptionError(GameToolkitError):
    """Assumptions that contradict each other or cannot be sampled."""


def _sym(name: str) -> Any:
    return sympy.Symbol(name, real=True)


@dataclass(frozen=True)
class Assumptions:
    """Strict orderings (best first), probabilities in (0, 1), further inequalities."""

    orderings: tuple[tuple[str, ...], ...] = ()
    probabilities: tuple[str, ...] = ()
    extra: tuple[Relation, ...] = ()
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def __post_init__(self) -> None:
        seen: dict[str, int] = {}
        for k, chain in enumerate(self.orderings):
            for name in chain:
                if name in seen:
                    raise AssumptionError(
                        f"{name} appears in two orderings ({' > '.join(self.orderings[seen[name]])} and "
                        f"{' > '.join(chain)}); join them into one ordering"
                    )
                seen[name] = k
        both = sorted(set(seen) & set(self.probabilities))
        if both:
            raise AssumptionError(f"{', '.join(both)} cannot be both a payoff in an ordering and a probability")

    @property
    def names(self) -> frozenset[str]:
        """Every name the assumptions mention."""
        out = {n for chain in self.orderings for n in chain} | set(self.probabilities)
        for rel in self.extra:
            out |= {str(s.name) for s in rel.expr.free_symbols}
        return frozenset(out)

    def restrict(self, bound: Mapping[str, Fraction]) -> Assumptions:
        """The assumptions left once the names in ``bound`` have numbers.

        Orderings keep their free names; a bound value inside an ordering is checked
        against its neighbours, the ordering split around it, and its free neighbours
        keep their relation to the number (``x4 > 5``).  Further relations get the
        numbers put in; one left with no name is checked and dropped.
        """
        extra: list[Relation] = []
        chains: list[tuple[str, ...]] = []
        for chain in self.orderings:
            for a, b in itertools.pairwise(chain):
                if a in bound and b in bound and not bound[a] > bound[b]:
                    raise AssumptionError(f"{a} = {bound[a]} must exceed {b} = {bound[b]}")
                if (a in bound) != (b in bound):
                    extra.append(Relation(_value(a, bound), ">", _value(b, bound)))
            part: list[str] = []
            for name in chain:
                if name in bound:
                    if len(part) > 1:
                        chains.append(tuple(part))
                    part = []
                else:
                    part.append(name)
            if len(part) > 1:
                chains.append(tuple(part))
        for name in self.probabilities:
            if name in bound and not 0 < bound[name] < 1:
                raise AssumptionError(f"{name} = {bound[name]} must lie strictly between 0 and 1")
        probs = tuple(n for n in self.probabilities if n not in bound)
        numbers = {_sym(k): sympy.Rational(v.numerator, v.denominator) for k, v in bound.items()}
        for rel in self.extra:
            lhs = (sympy.Integer(0) + rel.lhs).xreplace(numbers)
            put = Relation(lhs, rel.op, (sympy.Integer(0) + rel.rhs).xreplace(numbers))
            if put.expr.free_symbols:
                extra.append(put)
            elif not put.holds({}):
                names = sorted(str(x.name) for x in rel.expr.free_symbols)
                given = ", ".join(f"{n} = {bound[n]}" for n in names if n in bound)
                raise AssumptionError(f"{given} breaks the assumption {rel}")
        return Assumptions(tuple(chains), probs, tuple(extra))

    # ------------------------------------------------------------ certificates

    def relations(self) -> list[tuple[Any, str]]:
        """Every assumption as ``expr OP 0`` (OP ``>``, ``>=``, ``=``), in sympy."""
        if "relations" not in self._cache:
            out: list[tuple[Any, str]] = []
            for chain in self.orderings:
                out.extend((_sym(a) - _sym(b), ">") for a, b in itertools.pairwise(chain))
            for name in self.probabilities:
                out += [(_sym(name), ">"), (1 - _sym(name), ">")]
            for rel in self.extra:
                expr, op = rel.expr, rel.op
                if op in ("<", "<="):
                    expr, op = -expr, {"<": ">", "<=": ">="}[op]
                out.append((expr, op))
            self._cache["relations"] = out
        result: list[tuple[Any, str]] = self._cache["relations"]
        return result

    def linear_rows(self) -> list[Linear]:
        """The assumptions that are linear in the parameters, as rows for :func:`witness`."""
        if "rows" not in self._cache:
            rows = [linear_row(e, op) for e, op in self.relations()]
            self._cache["rows"] = [r for r in rows if r is not None]
        result: list[Linear] = self._cache["rows"]
        return result

    def check(self) -> None:
        """Raise :class:`AssumptionError` when the linear assumptions contradict each other."""
        try:
            point = witness(self.linear_rows(), self.names)
        except Undecided:
            return
        if point is None:
            raise AssumptionError("the assumptions contradict each other: " + "; ".join(self.describe()))

    def _bounds(self) -> dict[str, tuple[Fraction, int, bool]]:
        """Names (outside orderings and probabilities) with a bound of their own:
        name -> (bound, +1 above / -1 below, strict)."""
        if "bounds" not in self._cache:
            taken = {n for chain in self.orderings for n in chain} | set(self.probabilities)
            out: dict[str, tuple[Fraction, int, bool]] = {}
            for expr, op in self.relations():
                row = linear_row(expr, op)
                if row is None or op == "=" or len(row.coeffs) != 1:
                    continue
                ((name, a),) = row.coeffs
                if name in taken or name in out:
                    continue
                out[name] = (-row.const / a, 1 if a > 0 else -1, op == ">")
            self._cache["bounds"] = out
        result: dict[str, tuple[Fraction, int, bool]] = self._cache["bounds"]
        return result

    def _substitution(self) -> tuple[dict[Any, Any], set[Any], set[Any]]:
        if "subs" not in self._cache:
            subs: dict[Any, Any] = {}
            positive: set[Any] = set()
            nonnegative: set[Any] = set()
            for k, chain in enumerate(self.orderings):
                base = sympy.Symbol(f"_b{k}", real=True)
                value = base
                for j, name in enumerate(reversed(chain)):
                    if j > 0:
                        gap = sympy.Symbol(f"_d{k}_{j}", positive=True)
                        positive.add(gap)
                        value = value + gap
                    subs[_sym(name)] = value
            for k, name in enumerate(self.probabilities):
                u = sympy.Symbol(f"_u{k}", positive=True)
                positive.add(u)
                subs[_sym(name)] = u / (1 + u)
            for k, (name, (bound, side, strict)) in enumerate(sorted(self._bounds().items())):
                v = sympy.Symbol(f"_v{k}", nonnegative=True)
                (positive if strict else nonnegative).add(v)
                subs[_sym(name)] = sympy.Rational(bound.numerator, bound.denominator) + side * v
            self._cache["subs"] = (subs, positive, nonnegative)
        result: tuple[dict[Any, Any], set[Any], set[Any]] = self._cache["subs"]
        return result

    def sign(self, expr: Any) -> int | None:
        """+1, -1 or 0 when that sign holds under every consistent assignment; else None."""
        expr = sympy.Integer(0) + expr  # plain numbers become sympy numbers
        if expr.is_Rational:
            return int(sympy.sign(expr))
        signs: dict[Any, int | None] = self._cache.setdefault("signs", {})
        if expr not in signs:
            signs[expr] = self._certify(expr)
        return signs[expr]

    def _certify(self, expr: Any) -> int | None:
        subs, positive, nonnegative = self._substitution()
        rewritten = sympy.together(expr.xreplace(subs))
        num, den = sympy.fraction(rewritten)
        s_num = _poly_sign(num, positive, nonnegative)
        if s_num == 0:
            return 0
        s_den = _poly_sign(den, positive, nonnegative)
        if s_num is not None and s_den is not None and s_den != 0:
            return s_num * s_den
        num, den = sympy.fraction(sympy.together(expr))
        s_den = self._linear_sign(den) if s_den is None or s_den == 0 else s_den
        if s_den is None or s_den == 0:
            return None
        s_num = self._linear_sign(num)
        return None if s_num is None else s_num * s_den

    def _linear_sign(self, expr: Any) -> int | None:
        """The sign of a linear ``expr`` over the polyhedron of the linear assumptions."""
        if sympy.Integer(0) + expr == 0:
            return 0
        up = linear_row(expr, ">")
        if up is None:
            return None
        down = linear_row(-expr, ">")
        assert down is not None
        rows = self.linear_rows()
        try:
            if witness([*rows, _negate(up)], ()) is None:
                return 1
            if witness([*rows, _negate(down)], ()) is None:
                return -1
            if witness([*rows, up], ()) is None and witness([*rows, down], ()) is None:
                return 0
        except Undecided:
            return None
        return None

    def entails(self, expr: Any, op: str) -> bool | None:
        """True when ``expr OP 0`` holds at every consistent point (OP ``>``, ``>=``, ``=``).

        Exact for linear ``expr``; otherwise from :meth:`sign`; None when undecided.
        """
        s = self.sign(expr)
        if s is not None:
            return s > 0 if op == ">" else s >= 0 if op == ">=" else s == 0
        row = linear_row(expr, op)
        if row is None or op == "=":
            return None
        try:
            if witness([*self.linear_rows(), _negate(row)], ()) is None:
                return True
        except Undecided:
            pass
        return None

    # ----------------------------------------------------------------- samples

    def satisfied(self, values: Mapping[str, Fraction]) -> bool:
        """True when ``values`` meets every assumption on the names it binds."""
        for chain in self.orderings:
            bound = [values[n] for n in chain if n in values]
            if any(not a > b for a, b in itertools.pairwise(bound)):
                return False
        if any(n in values and not 0 < values[n] < 1 for n in self.probabilities):
            return False
        for rel in self.extra:
            names = {str(s.name) for s in rel.expr.free_symbols}
            if names <= set(values) and not rel.holds({n: values[n] for n in names}):
                return False
        return True

    def sample(self, rng: random.Random, names: Iterable[str] = (), tries: int = 10_000) -> dict[str, Fraction]:
        """A random exact point meeting every assumption, binding ``names`` too.

        Orderings get distinct values from ``[-20, 20]`` in steps of 1/4, sorted; a
        probability a multiple of 1/1000 in (0, 1); any other name a value from
        ``[-10, 10]``, or, when it has a bound of its own (``c > 0``), the bound plus or
        minus a value from ``[0, 10]`` (the bound itself only when it is not strict).
        Points failing a further relation are drawn again.
        """
        wanted = sorted(set(names) | self.names)
        for _ in range(tries):
            point: dict[str, Fraction] = {}
            for chain in self.orderings:
                picks = sorted(
                    (Fraction(v, 4) for v in rng.sample(range(-80, 81), len(chain))), reverse=True
                )
                point.update(zip(chain, picks))
            for name in self.probabilities:
                point[name] = Fraction(rng.randint(1, 999), 1000)
            bounds = self._bounds()
            for name in wanted:
                if name in point:
                    continue
                if name in bounds:
                    bound, side, strict = bounds[name]
                    point[name] = bound + side * Fraction(rng.randint(1 if strict else 0, 40), 4)
                else:
                    point[name] = Fraction(rng.randint(-40, 40), 4)
            if self.satisfied(point):
                return point
        raise AssumptionError(f"no point satisfying the assumptions found in {tries} random draws")

    def describe(self) -> list[str]:
        """The assumptions as ASCII lines (``x4 > x2 > x6``, ``0 < p < 1``)."""
        out = [" > ".join(chain) for chain in self.orderings]
        out += [f"0 < {n} < 1" for n in self.probabilities]
        out += [str(rel) for rel in self.extra]
        return out


def _value(name: str, bound: Mapping[str, Fraction]) -> Any:
    if name in bound:
        return sympy.Rational(bound[name].numerator, bound[name].denominator)
    return _sym(name)


def _poly_sign(expr: Any, positive: set[Any], nonnegative: frozenset[Any] | set[Any] = frozenset()) -> int | None:
    """Sign of a polynomial in ``positive`` and ``nonnegative`` unknowns whose
    coefficients share one sign; strict only when a monomial uses positive unknowns alone."""
    expr = sympy.expand(expr)
    if expr == 0:
        return 0
    gens: Sequence[Any] = sorted(expr.free_symbols, key=str)
    if any(g not in positive and g not in nonnegative for g in gens):
        return None
    if not gens:
        return int(sympy.sign(expr))
    poly = sympy.Poly(expr, *gens)
    signs = {int(sympy.sign(c)) for c in poly.coeffs()}
    if len(signs) != 1:
        return None
    weak = [k for k, g in enumerate(gens) if g not in positive]
    if all(any(monom[k] > 0 for k in weak) for monom in poly.monoms()):
        return None  # zero where the non-negative unknowns are
    return signs.pop()


def linear_row(expr: Any, op: str) -> Linear | None:
    """``expr OP 0`` as a :class:`~.feasibility.Linear` row, or None when not linear."""
    expr = sympy.expand(sympy.Integer(0) + expr)
    gens = sorted(expr.free_symbols, key=str)
    if not gens:
        if not expr.is_Rational:
            return None
        return Linear.make({}, Fraction(int(expr.p), int(expr.q)), op)
    try:
        poly = sympy.Poly(expr, *gens)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() > 1:
        return None
    coeffs: dict[str, Fraction] = {}
    const = Fraction(0)
    for monom, c in poly.terms():
        if not c.is_Rational:
            return None
        value = Fraction(int(c.p), int(c.q))
        if sum(monom) == 0:
            const = value
        else:
            coeffs[str(gens[monom.index(1)].name)] = value
    return Linear.make(coeffs, const, op)


def _negate(row: Linear) -> Linear:
    """The complement of ``row`` (``>`` becomes ``<=`` and the reverse); not for ``=``."""
    coeffs = {x: -a for x, a in row.coeffs}
    return Linear.make(coeffs, -row.const, ">=" if row.op == ">" else ">")
