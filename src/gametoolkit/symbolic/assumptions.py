"""What the author assumes about the parameters, and signs decided from it.

An :class:`Assumptions` holds strict preference orderings (``x4 > x2 > x6 > bU``),
the names that are probabilities (``0 < p < 1``), and any further inequalities the
author states.  Its one question is :meth:`Assumptions.sign`: is an expression
positive, negative or zero for *every* assignment of numbers consistent with the
assumptions?

The answer comes with a certificate, not a guess.  Each ordering ``a1 > a2 > ... > ak``
is rewritten ``ak = b``, ``a(k-1) = b + d1``, ..., with fresh ``d1, d2, ... > 0``, and a
probability ``p`` as ``u/(1 + u)`` with ``u > 0``.  When the expression's numerator and
denominator then become polynomials in the positive unknowns alone whose coefficients
all share one sign, that sign holds everywhere.  When they do not, the sign is
reported unknown (``None``) and the caller keeps the expression as a condition:
that is never wrong, at worst not as simple as it could be.  Further inequalities
the author states are not used in the certificate; they only filter samples.

:meth:`Assumptions.sample` draws exact random points that satisfy everything, used
for the ordinal analysis and to check every symbolic answer against the numeric
solver.
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

__all__ = ["AssumptionError", "Assumptions"]


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
        against its neighbours and the ordering split around it.
        """
        chains: list[tuple[str, ...]] = []
        for chain in self.orderings:
            for a, b in itertools.pairwise(chain):
                if a in bound and b in bound and not bound[a] > bound[b]:
                    raise AssumptionError(f"{a} = {bound[a]} must exceed {b} = {bound[b]}")
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
        return Assumptions(tuple(chains), probs, self.extra)

    # ------------------------------------------------------------ certificates

    def _substitution(self) -> tuple[dict[Any, Any], set[Any]]:
        if "subs" not in self._cache:
            subs: dict[Any, Any] = {}
            positive: set[Any] = set()
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
            self._cache["subs"] = (subs, positive)
        result: tuple[dict[Any, Any], set[Any]] = self._cache["subs"]
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
        subs, positive = self._substitution()
        rewritten = sympy.together(expr.xreplace(subs))
        num, den = sympy.fraction(rewritten)
        s_num = _poly_sign(num, positive)
        if s_num == 0:
            return 0
        s_den = _poly_sign(den, positive)
        if s_num is None or s_den is None or s_den == 0:
            return None
        return s_num * s_den

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
        ``[-10, 10]``.  Points failing a further inequality are drawn again.
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
            for name in wanted:
                if name not in point:
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


def _poly_sign(expr: Any, positive: set[Any]) -> int | None:
    """Sign of a polynomial whose monomials use only ``positive`` unknowns, one sign each."""
    expr = sympy.expand(expr)
    if expr == 0:
        return 0
    gens: Sequence[Any] = sorted(expr.free_symbols, key=str)
    if any(g not in positive for g in gens):
        return None
    if not gens:
        return int(sympy.sign(expr))
    signs = {int(sympy.sign(c)) for c in sympy.Poly(expr, *gens).coeffs()}
    return signs.pop() if len(signs) == 1 else None
