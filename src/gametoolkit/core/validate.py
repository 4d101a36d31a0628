"""Validation: every rule a game must keep, checked at once.

:func:`problems` returns a list of sentences, one per broken rule, each naming the
node by its path of action labels from the root; :func:`validate` raises them together
in one :class:`~gametoolkit.errors.ValidationError`.

Rules: players have distinct, non-empty names; every decision node's player exists and
owns the node's information set; a node has one child per action; action labels at a
node are distinct; chance probabilities are non-negative and sum to 1; every payoff
vector has one entry per player; no information set holds two nodes of one play; and,
when asked, no parameter is left unbound.

Perfect recall is not a rule (the format allows games without it); it is checked by
:func:`perfect_recall_problems` and reported, and solvers that need it refuse.

:func:`label_warnings` finds what is allowed but probably a mistake in a game written
with the DSL, where a set is known by its label: a label that is a typo of another.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from ..errors import ValidationError
from .game import CHANCE, Game
from .values import format_value, free_params

__all__ = [
    "Problem",
    "describe",
    "label_warnings",
    "located_problems",
    "one_edit",
    "perfect_recall_problems",
    "problems",
    "require_solvable",
    "validate",
]


#: A problem: the index of the node it concerns (-1 for the game as a whole) and a
#: sentence.  :func:`describe` adds the node's path (and, from a file, its line).
Problem = tuple[int, str]


def validate(game: Game, require_bound: bool = False, source: str = "", absent_minded: bool = True) -> Game:
    """Return ``game`` unchanged, or raise :class:`ValidationError` with every problem.

    ``absent_minded=False`` also refuses an information set holding two nodes of one
    play (the DSL does: in a model it is a mistake).  Gambit's format allows such sets,
    so games read from files keep them, and they count as lacking perfect recall.

    Parameters
    ----------
    game : Game
        The game to check.
    require_bound : bool
        Also refuse parameters without a value.
    source : str
        A file name, put before each problem in the message.
    absent_minded : bool
        Allow information sets holding two nodes of one play.

    Returns
    -------
    Game
        ``game`` itself, so that ``g = validate(g)`` reads naturally.

    Raises
    ------
    ValidationError
        Listing every problem, each at its node's path.
    """
    found = problems(game, require_bound=require_bound, absent_minded=absent_minded)
    if found:
        raise ValidationError(found, source)
    return game


def problems(game: Game, require_bound: bool = False, absent_minded: bool = True) -> list[str]:
    """Every rule ``game`` breaks, as sentences naming nodes by their paths."""
    return [describe(game, node, message) for node, message in located_problems(game, require_bound, absent_minded)]


def describe(game: Game, node: int, message: str, locate: Callable[[int], str] | None = None) -> str:
    """``message`` prefixed by where it happened: ``at U_H/l: ...`` (and a file line)."""
    if node < 0:
        return message
    text = f"at {game.path_str(node)}: {message}"
    return f"{locate(node)}: {text}" if locate is not None else text


def located_problems(game: Game, require_bound: bool = False, absent_minded: bool = True) -> list[Problem]:
    """Every rule ``game`` breaks, each with the node it concerns."""
    found: list[Problem] = []
    n = len(game.players)
    if n == 0:
        found.append((-1, "the game has no players"))
    seen: dict[str, int] = {}
    for i, name in enumerate(game.players):
        if name in seen and name:
            found.append((-1, f"players {seen[name] + 1} and {i + 1} are both called {name!r}"))
        seen.setdefault(name, i)

    nodes = game.nodes
    for h in game.infosets:
        # the set's name is made only where a problem needs it (this loop is hot)
        first = h.nodes[0] if h.nodes else -1
        player = h.player
        if player != CHANCE and not 0 <= player < n:
            found.append((first, f"{_iset_name(game, h.index)}: unknown player {player + 1} (the game has {n})"))
        if len(set(h.actions)) < len(h.actions):
            labelled = [a for a in h.actions if a]
            dupes = sorted({a for a in labelled if labelled.count(a) > 1})
            if dupes:
                where = _iset_name(game, h.index)
                found.append((first, f"{where}: duplicate action label(s) {', '.join(repr(a) for a in dupes)}"))
        if player == CHANCE:
            found.extend((first, m) for m in _chance_problems(game, h.index, _iset_name(game, h.index)))
        for u in h.nodes:
            if nodes[u].player != player:
                found.append((u, f"node of player {nodes[u].player + 1} in {_iset_name(game, h.index)}"))

    for v in game.nodes:
        if v.kind == "terminal":
            if v.children:
                found.append((v.index, "a leaf has children"))
            continue
        if v.infoset < 0:
            found.append((v.index, "a move without an information set"))
            continue
        want = len(game.infosets[v.infoset].actions)
        if len(v.children) != want:
            found.append((v.index, f"{len(v.children)} children for {want} actions"))

    bad_outcomes = {k for k, o in enumerate(game.outcomes) if len(o.payoffs) != n}
    if bad_outcomes:
        for v in game.nodes:
            if v.outcome in bad_outcomes:
                bad_outcomes.discard(v.outcome)
                o = game.outcomes[v.outcome]
                name = f" {o.label!r}" if o.label else ""
                found.append((v.index, f"payoff vector{name} has {len(o.payoffs)} entries for {n} players"))

    if not absent_minded:
        found.extend(_same_play_problems(game))

    if require_bound and game.parameters:
        found.append((-1, f"parameters left unbound: {', '.join(sorted(game.parameters))}"))
    return found


def _iset_name(game: Game, h: int) -> str:
    iset = game.infosets[h]
    who = "chance" if iset.player == CHANCE else (
        repr(game.players[iset.player]) if 0 <= iset.player < len(game.players) else f"player {iset.player + 1}"
    )
    name = repr(iset.label) if iset.label else f"#{h + 1}"
    return f"information set {name} of {who}"


def _chance_problems(game: Game, h: int, where: str) -> list[str]:
    iset = game.infosets[h]
    probs = iset.probs
    if probs is None:
        return [f"{where}: chance move without probabilities"]
    found: list[str] = []
    if len(probs) != len(iset.actions):
        found.append(f"{where}: {len(iset.actions)} actions but {len(probs)} probabilities")
    bound = [p for p in probs if isinstance(p, Fraction)]
    for a, p in zip(iset.actions, probs):
        if isinstance(p, Fraction) and p < 0:
            found.append(f"{where}: probability of {a!r} is negative ({p})")
    if len(bound) == len(probs) and sum(bound, Fraction(0)) != 1:
        total = sum(bound, Fraction(0))
        found.append(f"{where}: probabilities sum to {total}, not 1")
    elif len(bound) < len(probs):
        # a sum such as p + (1 - p) is 1 for every p: check by substituting two values
        names = set().union(*(free_params(p) for p in probs))
        from .values import evaluate

        for trial in (Fraction(1, 3), Fraction(2, 7)):
            try:
                total_value = sum((evaluate(p, dict.fromkeys(names, trial)) for p in probs), Fraction(0))
            except ZeroDivisionError:
                continue
            if total_value != 1:
                shown = " + ".join(format_value(p) for p in probs)
                found.append(f"{where}: probabilities {shown} do not sum to 1")
                break
    return found


def _same_play_problems(game: Game) -> list[Problem]:
    """Information sets holding two nodes of one play (one above the other)."""
    found: list[Problem] = []
    # only a player's set of two or more nodes can; with none (perfect information) skip the walk
    if not any(len(h.nodes) > 1 and h.player != CHANCE for h in game.infosets):
        return found
    on_path: dict[int, int] = {}
    stack: list[int] = []
    reported: set[int] = set()
    for v in game.nodes:
        while stack and stack[-1] != v.parent:
            u = stack.pop()
            h = game.nodes[u].infoset
            if h >= 0:
                on_path[h] -= 1
        h = v.infoset
        if h >= 0 and game.infosets[h].player != CHANCE:
            if on_path.get(h, 0) > 0 and h not in reported:
                reported.add(h)
                found.append(
                    (v.index, f"{_iset_name(game, h)} holds two nodes of one play (this node and one above it)")
                )
        if v.kind != "terminal":
            stack.append(v.index)
            if h >= 0:
                on_path[h] = on_path.get(h, 0) + 1
    return found


def require_solvable(game: Game, what: str) -> None:
    """The one precondition of the exact solvers: numbers everywhere, and perfect recall.

    Parameters
    ----------
    game : Game
        The game to be solved.
    what : str
        What needs it, for the message (``"perfect Bayesian equilibrium"``).

    Raises
    ------
    SolverError
        Naming the unbound parameters, or the first reason recall fails.
    """
    from ..errors import SolverError

    if game.parameters:
        names = ", ".join(sorted(game.parameters))
        raise SolverError(
            f"{what} needs numbers, but the game has unbound parameters ({names}); bind the parameters {names} "
            "first (game.bind(...) or --set NAME=VALUE), or use the symbolic solver (--symbolic)"
        )
    recall = game.perfect_recall_problems()
    if recall:
        raise SolverError(f"{what} needs perfect recall; this game lacks it: {recall[0]}")


def perfect_recall_problems(game: Game) -> list[str]:
    """Why ``game`` lacks perfect recall; empty when every player recalls.

    A player recalls perfectly when all nodes of each of its information sets share
    the player's own last move (information set and action) on the way to them; by
    induction over the sets this is the same as sharing the whole own history.
    """
    found: list[str] = [
        f"at {game.path_str(v)}: absent-minded: {message}" for v, message in _same_play_problems(game)
    ]
    n = len(game.players)
    last_move: dict[int, tuple[int, int] | None] = {}
    stack: list[int] = []  # path from the root to the current node's parent
    own: list[list[int]] = [[] for _ in range(n)]  # positions in stack where each player moved
    reported: set[int] = set()
    for v in game.nodes:
        while stack and stack[-1] != v.parent:
            stack.pop()
            for positions in own:
                if positions and positions[-1] >= len(stack):
                    positions.pop()
        if v.kind == "decision" and 0 <= v.player < n:
            positions = own[v.player]
            if positions:
                pos = positions[-1]
                ancestor = game.nodes[stack[pos]]
                step = stack[pos + 1] if pos + 1 < len(stack) else v.index
                mine: tuple[int, int] | None = (ancestor.infoset, game.nodes[step].action)
            else:
                mine = None
            h = v.infoset
            if h in last_move:
                if last_move[h] != mine and h not in reported:
                    reported.add(h)
                    iset = game.infosets[h]
                    found.append(
                        f"player {game.players[v.player]!r} forgets at information set "
                        f"{iset.label or '#' + str(h + 1)!r}: nodes {game.path_str(iset.nodes[0])} and "
                        f"{game.path_str(v)} follow different own moves"
                    )
            else:
                last_move[h] = mine
        if v.kind != "terminal":
            stack.append(v.index)
            if v.kind == "decision" and 0 <= v.player < n:
                own[v.player].append(len(stack) - 1)
    return found


#: The shortest word a one-letter typo is looked for in (see :func:`label_warnings`).
TYPO_MIN_WORD = 4

#: Labels longer than this are not compared (generated labels such as long paths).
TYPO_MAX_LABEL = 80


def one_edit(a: str, b: str) -> tuple[int, str, str] | None:
    """Where ``a`` and ``b`` are one edit apart (Levenshtein distance 1), else ``None``.

    Returns ``(i, x, y)``: position ``i`` in the longer label (either, when the lengths
    are equal) where the character ``x`` of ``a`` became ``y`` of ``b``; an insertion
    or deletion has ``""`` for the side without a character.

    >>> one_edit("after signl", "after signal")
    (10, '', 'a')
    >>> one_edit("after l", "after h")
    (6, 'l', 'h')
    >>> one_edit("ab", "ba") is None
    True
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return None
    i = 0
    shortest = min(len(a), len(b))
    while i < shortest and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return (i, a[i], b[i]) if a[i + 1 :] == b[i + 1 :] else None
    if len(a) < len(b):
        return (i, "", b[i]) if a[i:] == b[i + 1 :] else None
    return (i, a[i], "") if a[i + 1 :] == b[i:] else None


def _word_at(text: str, i: int) -> str:
    """The run of letters in ``text`` around position ``i``."""
    start = i
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = i
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


#: A word without one of these is a code (``LLRL``, ``UHhh``), not a word of text.
_VOWELS = frozenset("aeiouy")


def _made_of(word: str, actions: frozenset[str]) -> bool:
    """True when ``word`` is a run of action labels (``lrl`` with actions ``l``, ``r``)."""
    ends = [True] + [False] * len(word)
    for i in range(len(word)):
        if ends[i]:
            for j in range(i + 1, len(word) + 1):
                if word[i:j] in actions:
                    ends[j] = True
    return ends[-1]


def _looks_like_typo(a: str, b: str, actions: frozenset[str]) -> bool:
    """True when ``a`` and ``b`` differ by one letter inside a word of at least
    :data:`TYPO_MIN_WORD` letters, with a vowel, that is not in both labels a run of
    action labels (see :func:`label_warnings`)."""
    edit = one_edit(a, b)
    if edit is None:
        return False
    i, x, y = edit
    if not all(c.isalpha() for c in x + y):
        return False
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    word = _word_at(longer, i)
    if len(word) < TYPO_MIN_WORD or not _VOWELS.intersection(word.lower()):
        return False
    other = _word_at(shorter, min(i, len(shorter) - 1)) if len(a) == len(b) else _word_at(shorter, max(i - 1, 0))
    return not (_made_of(word, actions) and _made_of(other, actions))


def _long_word_positions(label: str) -> list[int]:
    """Positions of the letters of ``label`` inside words of :data:`TYPO_MIN_WORD` letters or more."""
    positions: list[int] = []
    start = 0
    for i in range(len(label) + 1):
        if i == len(label) or not label[i].isalpha():
            if i - start >= TYPO_MIN_WORD:
                positions.extend(range(start, i))
            start = i + 1
    return positions


def _typo_pairs(labels: list[str], actions: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Pairs of ``labels`` one letter apart in a long word, found without comparing all pairs.

    Two strings one edit apart share a key: the shorter one itself against the longer
    with one character deleted (insertion), or both with the character at the same
    position deleted (substitution).  Only these candidates are compared, and only
    deletions inside long words are keys (an edit elsewhere is not flagged).
    """
    keys: dict[tuple[str, int], list[str]] = {}
    for label in labels:
        keys.setdefault((label, -1), []).append(label)
        for i in _long_word_positions(label):
            keys.setdefault((label[:i] + label[i + 1 :], i), []).append(label)
    pairs: set[tuple[str, str]] = set()
    for (key, pos), group in keys.items():
        if pos >= 0:
            # substitutions: the labels in this group; insertions: the key itself, if a label
            candidates = list(group)
            if (key, -1) in keys:
                candidates.append(key)
            if len(candidates) < 2:
                continue
            for j, a in enumerate(candidates):
                for b in candidates[j + 1 :]:
                    if a != b and _looks_like_typo(a, b, actions):
                        pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def label_warnings(game: Game) -> list[str]:
    """Information-set labels that are allowed but probably mistakes, as sentences.

    In the DSL a set is known by its player and label, so a typo silently makes a new
    set (and another game), and a node given another player's label makes a new set
    of its own player.  Two findings:

    * two labels of one player that differ by one letter inside a word of at least
      four letters (one insertion, deletion or substitution of a letter: Levenshtein
      distance 1): ``"after signl"`` and ``"after signal"``, ``"Strong"`` and
      ``"strong"``.  Labels that differ in a short word (``"after l"`` and
      ``"after h"``, ``"Type A"`` and ``"Type B"``), in a digit (``"x1"``, ``"x2"``),
      in a space or sign, in a word without a vowel (``"after LLRL"`` and
      ``"after LLRR"``: a code, not text), or in a word made of the game's action
      labels in both (``"after abab"`` and ``"after abbb"`` with actions ``a`` and
      ``b``) are taken as meant: short words, numbers, signs, codes and runs of
      actions are how labels name histories and rounds, and one character there is a
      real difference.  Labels longer than 80 characters are not compared.
    * one label used by the sets of two players (chance counts as a player).

    Empty labels are skipped.

    Parameters
    ----------
    game : Game
        Any game; the DSL's :func:`~gametoolkit.core.dsl.game` warns with these.

    Returns
    -------
    list of str
        One sentence per finding, naming both labels and the player(s).

    Examples
    --------
    >>> from gametoolkit.core.dsl import decision, game, leaf
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     g = game("typo", ["S", "R"], decision("S", "s",
    ...         a=decision("R", "after signal", x=leaf(1, 0), y=leaf(0, 1)),
    ...         b=decision("R", "after signl", x=leaf(0, 1), y=leaf(1, 0))))
    >>> label_warnings(g)
    ["information sets 'after signal' and 'after signl' of 'R' differ by one letter: a typo? (they are two sets)"]
    """
    owners: dict[str, list[int]] = {}
    by_player: dict[int, list[str]] = {}
    for h in game.infosets:
        if not h.label:
            continue
        players = owners.setdefault(h.label, [])
        if h.player not in players:
            players.append(h.player)
            by_player.setdefault(h.player, []).append(h.label)
    found: list[str] = []
    actions = frozenset(a for h in game.infosets for a in h.actions if a)
    for player, labels in by_player.items():
        short = [label for label in labels if len(label) <= TYPO_MAX_LABEL]
        for a, b in _typo_pairs(short, actions):
            found.append(
                f"information sets {a!r} and {b!r} of {_player_name(game, player)} differ by one letter: "
                "a typo? (they are two sets)"
            )
    for label, players in owners.items():
        if len(players) > 1:
            names = " and ".join(_player_name(game, p) for p in players)
            found.append(
                f"information set label {label!r} is used by {names}: a set belongs to one player, so these are "
                f"{len(players)} sets; rename one if one set was meant"
            )
    return found


def _player_name(game: Game, player: int) -> str:
    if player == CHANCE:
        return "chance"
    return repr(game.players[player]) if 0 <= player < len(game.players) else f"player {player + 1}"
