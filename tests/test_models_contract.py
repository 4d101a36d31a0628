"""The contract every shipped model keeps (one parametrized test per check, over all models).

A model module (``models/*.py``, installed as :mod:`gametoolkit.models`) has ``SLUG``,
``TITLE``, ``CITATION``, ``PARAMETERS`` (name -> default), ``CHOICES`` (the one choice
parameter that picks an ordering), ``ORDERINGS[case][player]`` (strict preference
orderings, best first), ``tree()`` (the game with every payoff and probability a named
parameter: what the symbolic solver reads), ``build(**params)`` and ``EXPECTED``: what
the solver must find at the defaults.  Here every model

* builds with its defaults, validates, has perfect recall, and equals ``tree()``
  bound to the defaults;
* names in its orderings exactly the tree's payoff parameters, and every other
  parameter of the tree is a probability whose default lies in ``[0, 1]``; the default
  payoffs respect the ordering, and payoffs that break it are refused;
* survives a ``.efg`` round trip and a pygambit round trip unchanged;
* draws (Graphviz source, and with its first equilibrium on the tree);
* is solved by its concept into exactly the equilibria of ``EXPECTED`` (count, kind,
  behavior wherever the play goes, payoffs), and is complete when ``EXPECTED`` says so;
* passes the Gambit cross-check (every equilibrium confirmed by Gambit, every
  equilibrium Gambit finds among ours).

The ``EXPECTED`` values are each model's hand derivation, written beside them in the
model's module; the cross-check pins them to Gambit.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from types import ModuleType
from typing import Any

import pytest

from gametoolkit import ModelError, validate
from gametoolkit.catalog import Model, available
from gametoolkit.core.game import Game
from gametoolkit.core.values import exact
from gametoolkit.evaluate.profiles import reach
from gametoolkit.io.efg import format_efg, parse_efg
from gametoolkit.solution import Assessment, Solution
from gametoolkit.solvers import solve
from gametoolkit.verify.crosscheck import crosscheck, format_report

MODELS = available()
SLUGS = [m.slug for m in MODELS]
BY_SLUG = {m.slug: m for m in MODELS}

_SOLVED: dict[str, tuple[Game, Solution]] = {}


def solved(slug: str) -> tuple[Game, Solution]:
    """The model's game at its defaults and its solution for the expected concept (solved once)."""
    if slug not in _SOLVED:
        model = BY_SLUG[slug]
        game = model.build()
        _SOLVED[slug] = (game, solve(game, model.module.EXPECTED["concept"]))
    return _SOLVED[slug]


def on_path(game: Game, equilibrium: Assessment) -> dict[str, dict[str, dict[str, Fraction]]]:
    """Behavior at every player set the play reaches, actions with positive probability only."""
    r = reach(equilibrium.behavior)
    out: dict[str, dict[str, dict[str, Fraction]]] = {name: {} for name in game.players}
    for player, sets in equilibrium.behavior.to_labels().items():
        for label, dist in sets.items():
            h = game.infoset(player, label)
            if any(r[v] > 0 for v in h.nodes):
                out[player][label] = {a: x for a, x in dist.items() if x > 0}
    return out


def summary(game: Game, equilibrium: Assessment) -> dict[str, Any]:
    """An equilibrium in the form of an ``EXPECTED`` entry."""
    return {
        "kind": equilibrium.kind,
        "on_path": on_path(game, equilibrium),
        "payoffs": dict(zip(game.players, equilibrium.payoffs)),
    }


def defaults(module: ModuleType) -> dict[str, Any]:
    """The model's default values for every parameter of its ``tree()``."""
    (case_name,) = module.CHOICES
    case = module.PARAMETERS[case_name]
    values: dict[str, Any] = dict(module.default_payoffs(case))
    for name, value in module.PARAMETERS.items():
        if name != case_name and value is not None:
            values[name] = exact(value)
    return values


def test_every_model_is_listed_with_a_citation() -> None:
    assert "us-japan-alliance" in SLUGS and len(SLUGS) >= 6
    assert sorted(SLUGS) == SLUGS
    for model in MODELS:
        assert model.citation and model.title, model.slug


@pytest.mark.parametrize("slug", SLUGS)
def test_builds_with_defaults_and_validates(slug: str) -> None:
    model: Model = BY_SLUG[slug]
    game = model.build()
    validate(game, require_bound=True)  # raises on any problem
    assert game.is_numeric and game.has_perfect_recall
    assert game.title == model.module.TITLE
    # the symbolic solver's view: tree() bound to the defaults is the same game
    assert model.module.tree().bind(**defaults(model.module)) == game


@pytest.mark.parametrize("slug", SLUGS)
def test_orderings_name_the_payoffs_and_the_rest_are_probabilities(slug: str) -> None:
    module = BY_SLUG[slug].module
    (case_name,) = module.CHOICES
    assert set(module.ORDERINGS) == set(module.CHOICES[case_name])
    assert module.PARAMETERS[case_name] in module.ORDERINGS
    tree_params = module.tree().parameters
    game_players = set(module.tree().players)
    for case, orderings in module.ORDERINGS.items():
        assert set(orderings) == game_players, case
        payoffs = [name for ordering in orderings.values() for name in ordering]
        assert len(payoffs) == len(set(payoffs)), f"{case}: a payoff appears twice"
        assert set(payoffs) <= tree_params
        probabilities = tree_params - set(payoffs)
        for name in probabilities:
            assert 0 <= exact(module.PARAMETERS[name]) <= 1, name
        # the defaults respect the ordering: strictly decreasing along each chain
        values = module.default_payoffs(case)
        for player, ordering in orderings.items():
            chain = [values[name] for name in ordering]
            assert all(a > b for a, b in itertools.pairwise(chain)), (case, player, chain)
    assert set(module.PARAMETERS) == tree_params | {case_name}


@pytest.mark.parametrize("slug", SLUGS)
def test_payoffs_breaking_the_ordering_are_refused(slug: str) -> None:
    model = BY_SLUG[slug]
    (case_name,) = model.choices
    case = model.parameters[case_name]
    ordering = next(iter(model.module.ORDERINGS[case].values()))
    best, second = ordering[0], ordering[1]
    values = model.module.default_payoffs(case)
    # give the second-best the best one's value plus one: the pair (best, second) breaks
    with pytest.raises(ModelError, match=f"{best} > {second}"):
        model.build(**{second: values[best] + 1})
    with pytest.raises(ModelError):
        model.build(**{case_name: "no-such-case"})


@pytest.mark.parametrize("slug", SLUGS)
def test_efg_round_trip(slug: str) -> None:
    game = BY_SLUG[slug].build()
    assert parse_efg(format_efg(game, gambit_labels=False)) == game
    assert parse_efg(format_efg(game)).players == game.players


@pytest.mark.parametrize("slug", SLUGS)
def test_pygambit_round_trip(slug: str) -> None:
    from gametoolkit.io.pygambit import from_pygambit, to_pygambit

    game = BY_SLUG[slug].build()
    assert from_pygambit(to_pygambit(game)) == game


@pytest.mark.parametrize("slug", SLUGS)
def test_renders(slug: str) -> None:
    from gametoolkit.render import draw

    game, solution = solved(slug)
    symbols = getattr(BY_SLUG[slug].module, "TEX_NAMES", None)
    dot = draw(game, symbols=symbols).to_dot()
    assert dot.lstrip().startswith(("digraph", "//", "/*")) and "}" in dot
    figure = draw(game, equilibrium=solution.equilibria[0], symbols=symbols)
    assert figure.scene.collisions == 0
    assert "tikzpicture" in figure.to_tikz()


@pytest.mark.parametrize("slug", SLUGS)
def test_solver_finds_what_the_model_expects(slug: str) -> None:
    expected = BY_SLUG[slug].module.EXPECTED
    game, solution = solved(slug)
    assert solution.exact
    if expected.get("complete"):
        assert solution.complete, solution.notes
    found = [summary(game, e) for e in solution.equilibria]
    wanted = [dict(e) for e in expected["equilibria"]]
    for entry in wanted:
        # every set a player owns is listed for it, even with nothing reached
        entry["on_path"] = {name: entry["on_path"].get(name, {}) for name in game.players}
    assert len(found) == len(wanted), found
    unmatched = list(found)
    for entry in wanted:
        assert entry in unmatched, f"{slug}: expected {entry}, found {found}"
        unmatched.remove(entry)


@pytest.mark.parametrize("slug", SLUGS)
def test_gambit_agrees(slug: str) -> None:
    game, solution = solved(slug)
    report = crosscheck(game, solution.concept, solution, timeout=30, rational_strategic=False)
    assert report.ok, format_report(report)


SLOW_SYMBOLIC = {"quasi-alliance", "hedging"}  # quasi-alliance 60-120 s, hedging about 40 s (sign certificates of every condition)


@pytest.mark.parametrize(
    "slug", [pytest.param(s, marks=pytest.mark.slow) if s in SLOW_SYMBOLIC else s for s in SLUGS]
)
def test_symbolic_solution_agrees_with_the_numeric_solver(slug: str) -> None:
    """Every payoff and probability a symbol: the families and their conditions, checked
    on random payoffs consistent with the orderings against the exact numeric solver,
    and the families holding at the defaults name what ``EXPECTED`` records there."""
    pytest.importorskip("sympy")
    from gametoolkit.catalog import find_model
    from gametoolkit.symbolic import solve_model
    from gametoolkit.symbolic.ordinal import ordinal_analysis
    from gametoolkit.symbolic.solver import profile_name

    model = find_model(slug)
    sol = solve_model(model, {}, verify=1)
    assert sol.equilibria, "at least one family"
    report = ordinal_analysis(sol, draws=12, seed=3)
    assert report.agreed == report.draws, report.disagreements
    _game, solution = solved(slug)
    values = {name: value for name, value in defaults(model.module).items() if name in sol.parameters}
    numeric = {profile_name(e.behavior) for e in solution.equilibria}
    assert set(sol.names_at(values)) == numeric
