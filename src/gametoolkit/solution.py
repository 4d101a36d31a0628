"""The one result every solver returns, and its JSON form (the CLI's contract).

A :class:`Solution` is frozen: the game, the concept (``spe``, ``nash``,
``pure-nash``, ``pbe``), the method, whether it is exact and whether the list is
proven complete, and the equilibria as :class:`Assessment` objects (behavior at every
information set, beliefs at every set with more than one node, expected payoffs, the
conditions under which the equilibrium holds, and its kind for signaling games).

:meth:`Solution.to_json` prints exactly the schema of ``DESIGN.md``; keys are labels,
a node is named by its label when that is non-empty and unique, else by its path of
action labels joined with ``/``.  Keys beyond the schema are only ever added.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .core.game import CHANCE, Game, display_svg
from .core.values import format_value
from .evaluate.profiles import Profile

__all__ = ["Assessment", "Solution"]


def _format_exact(value: Any) -> str:
    """An exact value's text: ``format_value`` for rationals and expressions; an exact
    algebraic number (a sympy object, from the n-player Nash solver) as sympy prints
    it, ``sqrt(2)/2`` or ``CRootOf(x**5 - x - 1, 0)``, which sympy reads back."""
    if type(value).__module__.startswith("sympy"):
        return str(value)
    return format_value(value)


def _format_decimal(value: Any) -> str:
    """A float result (``exact`` false, as ``qre``) as a decimal string."""
    return repr(float(value))


def _short(value: Any) -> str:
    """A value for a one-line repr: exact when short, else ``~`` and six significant digits."""
    text = _format_exact(value)
    if len(text) <= 16:
        return text
    try:
        return f"~{float(value):.6g}"
    except (TypeError, ValueError, OverflowError):
        return _clip(text, 16)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


@dataclass(frozen=True)
class Assessment:
    """An equilibrium: behavior, beliefs, payoffs, and when it holds.

    ``beliefs`` maps each player set with more than one node to a distribution over its
    nodes (on the path: Bayes' rule; off the path: one supporting belief).
    ``conditions`` are ASCII inequalities that must all hold (on parameters, and on
    off-path beliefs, e.g. ``mu(UL-l) >= 1/2``).  ``component`` groups extreme points
    of one connected set of equilibria; ``extra`` carries solver-specific details that
    the JSON adds under its own keys.  ``refinements`` (set by
    :func:`gametoolkit.refine.refine`, else ``None``) maps a refinement's name to
    ``{"holds": True | False | None, "reason": str}``.

    Attributes
    ----------
    behavior : Profile
        The probability of each action at each information set.
    beliefs : mapping of int to tuple of Fraction
        For each player set of several nodes (by index), a distribution over them.
    payoffs : tuple of Fraction
        Each player's expected payoff.
    conditions : tuple of str
        Inequalities that must all hold.
    kind : str or None
        ``separating``, ``pooling``, ``semi-separating`` in a signaling game.
    component : int or None
        Which connected set of equilibria this extreme point belongs to.
    extra : mapping
        Solver-specific details.
    refinements : mapping or None
        Verdicts of the refinements, when asked for.
    """

    behavior: Profile
    beliefs: Mapping[int, tuple[Fraction, ...]]
    payoffs: tuple[Fraction, ...]
    conditions: tuple[str, ...] = ()
    kind: str | None = None
    component: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    refinements: Mapping[str, Mapping[str, Any]] | None = None

    def __repr__(self) -> str:
        """One line: kind, payoffs by player, where play is mixed, how many conditions.

        ``<Assessment pooling: payoffs US 3, Japan 5/2; pure; 2 conditions>``
        """
        game = getattr(self.behavior, "game", None)
        players: Sequence[str] = game.players if isinstance(game, Game) else ()
        names = list(players) if len(players) == len(self.payoffs) else [f"#{k + 1}" for k in range(len(self.payoffs))]
        payoffs = ", ".join(f"{name} {_short(x)}" for name, x in zip(names, self.payoffs))
        parts = [f"payoffs {payoffs}" if payoffs else "no payoffs"]
        probs = getattr(self.behavior, "probs", None)
        if isinstance(game, Game) and probs is not None:
            mixed = sum(
                1
                for h, dist in zip(game.infosets, probs)
                if h.player != CHANCE and sum(1 for x in dist if x > 0) > 1
            )
            parts.append("pure" if not mixed else f"mixed at {mixed} information set{'s' if mixed > 1 else ''}")
        if self.conditions:
            parts.append(f"{len(self.conditions)} condition{'s' if len(self.conditions) > 1 else ''}")
        head = "Assessment" + (f" {self.kind}" if self.kind else "")
        if self.component is not None:
            head += f" (component {self.component})"
        return f"<{head}: {'; '.join(parts)}>"

    def _repr_svg_(self) -> str | None:
        """The game drawn with this equilibrium, as SVG for Jupyter; ``None`` without Graphviz."""
        return display_svg(self)

    def to_json(self, game: Game, exact: bool = True) -> dict[str, Any]:
        format_value = _format_exact if exact else _format_decimal
        behavior: dict[str, dict[str, dict[str, str]]] = {name: {} for name in game.players}
        for player, sets in self.behavior.to_labels().items():
            for label, actions in sets.items():
                behavior[player][label] = {a: format_value(x) for a, x in actions.items()}
        beliefs: dict[str, dict[str, dict[str, str]]] = {name: {} for name in game.players}
        for h, dist in sorted(self.beliefs.items()):
            iset = game.infosets[h]
            if iset.player == CHANCE or len(iset.nodes) < 2:
                continue
            label = game.infoset_name(h)
            beliefs[game.players[iset.player]][label] = {
                game.node_name(v): format_value(x) for v, x in zip(iset.nodes, dist)
            }
        out: dict[str, Any] = {
            "behavior": behavior,
            "beliefs": beliefs,
            "payoffs": {name: format_value(x) for name, x in zip(game.players, self.payoffs)},
            "kind": self.kind,
            "conditions": list(self.conditions),
        }
        if self.component is not None:
            out["component"] = self.component
        out.update(self.extra)
        if self.refinements is not None:
            out["refinements"] = {name: dict(verdict) for name, verdict in self.refinements.items()}
        return out


@dataclass(frozen=True, kw_only=True)
class Solution:
    """What a solver found: the game, the concept and method, and the equilibria.

    Returned by :func:`gametoolkit.solve`.  It is a sequence of its equilibria
    (``len(solution)``, ``solution[0]``, ``for eq in solution``), and a notebook
    draws it.

    Attributes
    ----------
    game : Game
        The game solved.
    concept : str
        ``pbe``, ``spe``, ``nash``, ...
    method : str
        How it was solved (``support-enumeration``, ...).
    exact : bool
        Whether the numbers are exact fractions (false for ``qre``).
    complete : bool
        Whether the list is proven to hold every equilibrium (every extreme point
        of a continuum).
    equilibria : tuple of Assessment
        The equilibria found.
    notes : tuple of str
        What the solver wants the reader to know.
    """

    game: Game
    concept: str
    method: str
    exact: bool
    complete: bool
    equilibria: tuple[Assessment, ...]
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Any:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> Assessment:
        return self.equilibria[k]

    def _repr_svg_(self) -> str | None:
        """The equilibria drawn on the tree, as SVG for Jupyter; ``None`` without Graphviz."""
        return display_svg(self)

    def __repr__(self) -> str:
        """One line: concept, method, game, how many equilibria of which kinds, exactness.

        ``<Solution pbe (support-enumeration) of 'US-Japan': 3 equilibria (separating,
        pooling, semi-separating); exact, complete>``; a kind found more than once is
        counted (``2 pooling``).
        """
        count = len(self.equilibria)
        kinds: dict[str, int] = {}
        for eq in self.equilibria:
            if eq.kind:
                kinds[eq.kind] = kinds.get(eq.kind, 0) + 1
        listed = ", ".join(kind if n == 1 else f"{n} {kind}" for kind, n in kinds.items())
        found = f"{count} equilibri{'um' if count == 1 else 'a'}" + (f" ({listed})" if listed else "")
        state = ("exact" if self.exact else "approximate") + (", complete" if self.complete else ", not proven complete")
        title = _clip(self.game.title, 60) if self.game.title else "untitled game"
        return f"<Solution {self.concept} ({self.method}) of {title!r}: {found}; {state}>"

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object (``DESIGN.md``), plus ``method`` and ``notes``."""
        return {
            "game": {"title": self.game.title, "players": list(self.game.players)},
            "concept": self.concept,
            "exact": self.exact,
            "complete": self.complete,
            "equilibria": [e.to_json(self.game, self.exact) for e in self.equilibria],
            "method": self.method,
            "notes": list(self.notes),
        }
