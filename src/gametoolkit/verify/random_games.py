"""Random extensive-form games for testing against Gambit, seeded and reproducible.

:func:`random_game` draws a game from a :class:`random.Random`; the same generator
state gives the same game on every machine and Python version (only ``randrange``,
``random`` and ``choice``-like draws built on them are used).  The games are meant to
be *hostile* rather than typical:

* 1 to 4 players (two most often, since most checks apply to two players), some of
  whom may never move;
* chance nodes anywhere, with exact :class:`~fractions.Fraction` probabilities, now and
  then a probability of zero (a branch no play reaches) and now and then two chance
  nodes sharing one chance information set;
* 2 to 4 actions per move;
* information sets with several nodes, made with perfect recall: two nodes of a player
  share a set only when the player's own earlier moves (set and action) on the way to
  them are the same and they have as many actions; with ``perfect_recall=False`` some
  player *forgets* (the game is guaranteed to lack perfect recall, so a test can check
  that solvers refuse it);
* up to ``max_nodes`` nodes (80 at most);
* payoffs that are integers, fractions, a few distinct values only, copies of another
  leaf's payoffs, constant for one player, zero-sum, or large (``10**9`` scale), and
  now and then an outcome at an inner node (its payoffs add to every play through it).

Every game is built with the DSL (:mod:`gametoolkit.core.dsl`), so it is validated like a
model author's game.  Standard library only: no pygambit, no hypothesis.

>>> import random
>>> g = random_game(random.Random(7), max_nodes=20)
>>> 3 <= len(g.nodes) <= 20 and g.has_perfect_recall
True
>>> random_game(random.Random(7), max_nodes=20) == g
True
>>> random_game(random.Random(3), perfect_recall=False).has_perfect_recall
False
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..core.dsl import chance, decision, game, leaf
from ..core.game import Game

__all__ = ["CAMPAIGN_SIZES", "MAX_NODES", "PAYOFF_STYLES", "campaign_game", "game_rng", "random_game"]

#: The largest tree :func:`random_game` draws.
MAX_NODES = 80

#: How the payoffs of a game are drawn (one style per game, chosen at random).
PAYOFF_STYLES = ("integer", "fraction", "mixed", "few", "binary", "large")

_KIND_CHANCE = "chance"
_KIND_DECISION = "decision"
_KIND_LEAF = "leaf"


@dataclass
class _Node:
    kind: str
    parent: int
    depth: int
    player: int = -1
    arity: int = 0
    children: list[int] = field(default_factory=list)
    infoset: int = -1
    probs: tuple[Fraction, ...] = ()
    payoffs: tuple[Fraction, ...] = ()
    outcome: tuple[Fraction, ...] | None = None


def game_rng(seed: int, index: int) -> random.Random:
    """The generator of game number ``index`` in a run with ``seed`` (reproducible alone)."""
    return random.Random(f"gametoolkit-random-game:{seed}:{index}")


#: The long run's size tiers: (largest tree, weight).  Most games are small, where
#: every solver and check applies and degenerate cases are dense; one in ten is large
#: (up to :data:`MAX_NODES` nodes), where some solvers refuse for size.
CAMPAIGN_SIZES = ((10, 3), (16, 4), (24, 3), (40, 1), (MAX_NODES, 1))


def campaign_game(seed: int, index: int, imperfect: float = 0.05, max_nodes: int = MAX_NODES) -> Game:
    """Game number ``index`` of the long run with ``seed``: a size tier from
    :data:`CAMPAIGN_SIZES` (capped at ``max_nodes``), and with probability ``imperfect``
    a game without perfect recall."""
    rng = game_rng(seed, index)
    largest = min(_weighted(rng, CAMPAIGN_SIZES), max_nodes)
    forget = rng.random() < imperfect
    return random_game(
        rng, max_nodes=max(3, largest), perfect_recall=not forget, title=f"random game {seed}/{index}"
    )


def random_game(
    rng: random.Random,
    *,
    players: int | None = None,
    max_nodes: int = 40,
    min_nodes: int = 3,
    chance_share: float = 0.2,
    merge: float = 0.6,
    perfect_recall: bool = True,
    payoffs: str | None = None,
    title: str = "random game",
) -> Game:
    """A random game (see the module's notes); ``rng`` is the only source of randomness.

    ``players`` fixes the number of players (1 to 4; drawn when ``None``); the tree has
    between ``min_nodes`` and ``max_nodes`` nodes (at most :data:`MAX_NODES`);
    ``chance_share`` is the share of inner nodes that are chance moves; ``merge`` is the
    probability that a decision node joins an existing information set it may join;
    ``payoffs`` picks one of :data:`PAYOFF_STYLES` (drawn when ``None``).  With
    ``perfect_recall=False`` the result lacks perfect recall.
    """
    if players is not None and not 1 <= players <= 4:
        raise ValueError(f"players must be 1 to 4, not {players}")
    if not 3 <= min_nodes <= max_nodes <= MAX_NODES:
        raise ValueError(f"need 3 <= min_nodes <= max_nodes <= {MAX_NODES}, got {min_nodes} and {max_nodes}")
    if payoffs is not None and payoffs not in PAYOFF_STYLES:
        raise ValueError(f"payoffs must be one of {', '.join(PAYOFF_STYLES)}, not {payoffs!r}")
    n = players if players is not None else _weighted(rng, ((1, 1), (2, 5), (3, 3), (4, 2)))
    for _ in range(100):
        nodes = _tree(rng, n, rng.randint(min_nodes, max_nodes), chance_share)
        _infosets(rng, nodes, n, merge, forget=not perfect_recall)
        if perfect_recall or _forgets(nodes, n):
            break
    else:  # an unlucky run of small trees: a game that forgets by construction
        nodes = _forgetful_tree(n)
    _chance(rng, nodes)
    _payoffs(rng, nodes, n, payoffs or rng.choice(PAYOFF_STYLES))
    return _build(rng, nodes, n, title)


def _weighted(rng: random.Random, pairs: tuple[tuple[int, int], ...]) -> int:
    total = sum(w for _, w in pairs)
    x = rng.randrange(total)
    for value, w in pairs:
        if x < w:
            return value
        x -= w
    raise AssertionError("unreachable")


def _arity(rng: random.Random) -> int:
    return _weighted(rng, ((2, 6), (3, 3), (4, 1)))


# ---------------------------------------------------------------------- the tree
def _tree(rng: random.Random, n: int, target: int, chance_share: float) -> list[_Node]:
    """A random tree of at most ``target`` nodes; the root always moves.

    Nodes at one depth tend to belong to one player with one number of actions, so
    that information sets with several nodes can form.
    """
    layer_player: dict[int, int] = {}
    layer_arity: dict[tuple[int, int], int] = {}
    nodes = [_Node(_KIND_LEAF, -1, 0)]
    frontier = [0]
    while frontier:
        v = frontier.pop(rng.randrange(len(frontier)))
        node = nodes[v]
        root_chance = v == 0 and rng.random() < 0.35
        if root_chance or (v != 0 and rng.random() < chance_share):
            kind, player = _KIND_CHANCE, -1
            arity = _arity(rng)
        else:
            kind = _KIND_DECISION
            if node.depth not in layer_player:
                layer_player[node.depth] = rng.randrange(n)
            player = layer_player[node.depth] if rng.random() < 0.7 else rng.randrange(n)
            if (node.depth, player) not in layer_arity:
                layer_arity[(node.depth, player)] = _arity(rng)
            arity = layer_arity[(node.depth, player)] if rng.random() < 0.8 else _arity(rng)
        if len(nodes) + arity > target:
            if v == 0:  # the root moves in every game: two actions always fit
                kind, player, arity = _KIND_DECISION, rng.randrange(n), 2
            else:
                continue  # stays a leaf
        node.kind, node.player, node.arity = kind, player, arity
        for _ in range(arity):
            node.children.append(len(nodes))
            frontier.append(len(nodes))
            nodes.append(_Node(_KIND_LEAF, v, node.depth + 1))
    return nodes


def _prefix(nodes: list[_Node]) -> list[int]:
    order: list[int] = []
    stack = [0]
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(reversed(nodes[v].children))
    return order


def _ancestors(nodes: list[_Node], v: int) -> list[int]:
    out = []
    u = nodes[v].parent
    while u >= 0:
        out.append(u)
        u = nodes[u].parent
    return out


def _own_history(nodes: list[_Node], v: int, player: int) -> tuple[tuple[int, int], ...]:
    """The player's own moves (set, action) on the way to ``v``, from the root."""
    steps = []
    child = v
    u = nodes[v].parent
    while u >= 0:
        if nodes[u].kind == _KIND_DECISION and nodes[u].player == player:
            steps.append((nodes[u].infoset, nodes[u].children.index(child)))
        child = u
        u = nodes[u].parent
    return tuple(reversed(steps))


def _infosets(rng: random.Random, nodes: list[_Node], n: int, merge: float, forget: bool) -> None:
    """Group decision nodes into information sets, in prefix order.

    With perfect recall a node may join a set of its player with the same number of
    actions and the same own history; with ``forget`` the history need not match (but
    a set never holds two nodes of one play: the DSL refuses absent-mindedness).
    """
    members: list[list[int]] = []
    histories: list[tuple[tuple[int, int], ...]] = []
    for v in _prefix(nodes):
        node = nodes[v]
        if node.kind != _KIND_DECISION:
            continue
        history = _own_history(nodes, v, node.player)
        above = set(_ancestors(nodes, v))
        candidates = [
            h
            for h, held in enumerate(members)
            if nodes[held[0]].player == node.player
            and nodes[held[0]].arity == node.arity
            and (forget or histories[h] == history)
            and not above.intersection(held)
        ]
        if candidates and rng.random() < merge:
            h = candidates[rng.randrange(len(candidates))]
            members[h].append(v)
        else:
            h = len(members)
            members.append([v])
            histories.append(history)
        node.infoset = h


def _forgets(nodes: list[_Node], n: int) -> bool:
    """Whether some set holds two nodes with different own histories."""
    seen: dict[int, tuple[tuple[int, int], ...]] = {}
    for v, node in enumerate(nodes):
        if node.kind != _KIND_DECISION:
            continue
        history = _own_history(nodes, v, node.player)
        if seen.setdefault(node.infoset, history) != history:
            return True
    return False


def _forgetful_tree(n: int) -> list[_Node]:
    """Player 1 moves, then moves again not knowing its first move."""
    nodes = [_Node(_KIND_DECISION, -1, 0, player=0, arity=2, children=[1, 2], infoset=0)]
    nodes.append(_Node(_KIND_DECISION, 0, 1, player=0, arity=2, children=[3, 4], infoset=1))
    nodes.append(_Node(_KIND_DECISION, 0, 1, player=0, arity=2, children=[5, 6], infoset=1))
    for parent in (1, 1, 2, 2):
        nodes.append(_Node(_KIND_LEAF, parent, 2))
    return nodes


# ---------------------------------------------------------------------- numbers
def _chance(rng: random.Random, nodes: list[_Node]) -> None:
    """Exact probabilities; now and then a zero, now and then a set shared by two nodes.

    A shared chance set (one per number of actions) never holds two nodes of one play.
    """
    shared: dict[int, tuple[tuple[Fraction, ...], list[int]]] = {}
    sets = 0
    for v in _prefix(nodes):
        node = nodes[v]
        if node.kind != _KIND_CHANCE:
            continue
        if node.arity in shared and rng.random() < 0.1:
            probs, held = shared[node.arity]
            if not set(_ancestors(nodes, v)).intersection(held):
                node.probs = probs
                node.infoset = -2 - node.arity  # the shared chance set of this arity
                held.append(v)
                continue
        weights = [rng.randint(1, 6) for _ in range(node.arity)]
        if rng.random() < 0.1:
            weights[rng.randrange(node.arity)] = 0
        total = sum(weights)
        node.probs = tuple(Fraction(w, total) for w in weights)
        if node.arity not in shared:
            shared[node.arity] = (node.probs, [v])
            node.infoset = -2 - node.arity
        else:
            node.infoset = sets
            sets += 1


def _value(rng: random.Random, style: str, values: list[Fraction]) -> Fraction:
    if style == "integer":
        return Fraction(rng.randint(-5, 5))
    if style == "fraction":
        return Fraction(rng.randint(-12, 12), rng.choice((1, 2, 3, 4, 6, 7)))
    if style == "mixed":
        return _value(rng, rng.choice(("integer", "fraction")), values)
    if style in ("few", "binary"):
        return values[rng.randrange(len(values))]
    # large: magnitudes near 10**9 with small differences, and large denominators
    return Fraction(10**9 + rng.randint(-3, 3), rng.choice((1, 1, 1, 10**6 + 3)))


def _payoffs(rng: random.Random, nodes: list[_Node], n: int, style: str) -> None:
    few = [Fraction(0), Fraction(1)] if style == "binary" else [Fraction(rng.randint(-3, 3)) for _ in range(3)]
    leaves = [v for v in _prefix(nodes) if nodes[v].kind == _KIND_LEAF]
    copy = rng.choice((0.0, 0.0, 0.15, 0.4))
    constant = rng.randrange(n) if rng.random() < 0.1 else -1
    zero_sum = n == 2 and rng.random() < 0.12
    done: list[tuple[Fraction, ...]] = []
    for v in leaves:
        if done and rng.random() < copy:
            pay = list(done[rng.randrange(len(done))])
        else:
            pay = [_value(rng, style, few) for _ in range(n)]
        if constant >= 0:
            pay[constant] = few[0]
        if zero_sum:
            pay[1] = -pay[0]
        nodes[v].payoffs = tuple(pay)
        done.append(nodes[v].payoffs)
    if rng.random() < 0.1:  # outcomes at inner nodes add to every play through them
        for node in nodes:
            if node.kind != _KIND_LEAF and rng.random() < 0.25:
                extra = [Fraction(rng.randint(-2, 2)) for _ in range(n)]
                if zero_sum:
                    extra[1] = -extra[0]
                if constant >= 0:
                    extra[constant] = Fraction(0)
                node.outcome = tuple(extra)


# ---------------------------------------------------------------------- the game
def _build(rng: random.Random, nodes: list[_Node], n: int, title: str) -> Game:
    names = [f"P{i + 1}" for i in range(n)]
    if rng.random() < 0.2:
        names = [f"Player {i + 1}" for i in range(n)]
    generic = rng.random() < 0.3  # the same action labels at every set
    set_labels: dict[int, str] = {}
    action_labels: dict[int, list[str]] = {}
    counter: dict[int, int] = {}
    for v in _prefix(nodes):
        node = nodes[v]
        if node.kind == _KIND_DECISION and node.infoset not in set_labels:
            k = counter.get(node.player, 0) + 1
            counter[node.player] = k
            label = f"{names[node.player]}:{k}"
            set_labels[node.infoset] = label
            letters = "abcd"[: node.arity]
            action_labels[node.infoset] = list(letters) if generic else [f"{x}{node.player + 1}.{k}" for x in letters]
    specs: dict[int, Any] = {}
    for v in reversed(_prefix(nodes)):  # children before parents
        node = nodes[v]
        outcome = list(node.outcome) if node.outcome is not None else None
        if node.kind == _KIND_LEAF:
            specs[v] = leaf(*node.payoffs)
        elif node.kind == _KIND_DECISION:
            labels = action_labels[node.infoset]
            branches = [(a, specs.pop(c)) for a, c in zip(labels, node.children)]
            specs[v] = decision(names[node.player], set_labels[node.infoset], branches, outcome=outcome)
        else:
            labels = [f"n{k + 1}" for k in range(node.arity)]
            moves = [(a, (p, specs.pop(c))) for a, p, c in zip(labels, node.probs, node.children)]
            key = f"nature {-node.infoset - 2}" if node.infoset <= -2 else None
            specs[v] = chance(key, moves, outcome=outcome) if key else chance(moves, outcome=outcome)
    return game(title, names, specs[0])
