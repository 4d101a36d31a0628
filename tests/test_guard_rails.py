"""Guard rails for a new user (issue 19): warnings for set-label typos and floats, a
clear error for a chance node without probabilities, a quiet exit on a closed pipe,
and short reprs (and a notebook drawing) for solutions and equilibria."""

from __future__ import annotations

import itertools
import random
import shutil
import subprocess
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import pytest

from gametoolkit import Assessment, Solution, load, solve
from gametoolkit.catalog import available
from gametoolkit.cli import main
from gametoolkit.core.dsl import Decision, chance, decision, game, leaf, param
from gametoolkit.core.game import Game
from gametoolkit.core.validate import label_warnings, one_edit
from gametoolkit.errors import FloatWarning, GameWarning, LabelWarning, ValidationError


def _signaling(receiver_set_after_b: str, sender: str = "S", receiver: str = "R") -> Game:
    """A two-type signaling game; the receiver's set after message ``b`` at the second
    type is labelled ``receiver_set_after_b`` (``"after b"`` makes one set)."""

    def reply(set_label: str, good: int) -> Decision:
        return decision(receiver, set_label, x=leaf(good, 1), y=leaf(0, 0))

    return game(
        "Signals",
        [sender, receiver],
        chance(
            "Nature",
            t1=("1/2", decision(sender, "type 1", a=reply("after signal", 2), b=reply("after b", 1))),
            t2=("1/2", decision(sender, "type 2", a=reply("after signal", 1), b=reply(receiver_set_after_b, 2))),
        ),
    )


def _quiet(build: object) -> Game:
    """``build()`` with every GameWarning turned into an error (it must issue none)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", GameWarning)
        result = build()  # type: ignore[operator]
    assert isinstance(result, Game)
    return result


# ---------------------------------------------------------------- label typos


def _levenshtein(a: str, b: str) -> int:
    """The textbook dynamic programme, as an independent reference for ``one_edit``."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def test_one_edit_is_levenshtein_distance_one() -> None:
    rng = random.Random(19)
    alphabet = "ab c"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))) for _ in range(300)]
    checked = 0
    for a, b in itertools.product(words[:60], words):
        assert (one_edit(a, b) is not None) == (_levenshtein(a, b) == 1), (a, b)
        checked += _levenshtein(a, b) == 1
    assert checked > 50  # the random words do include pairs one edit apart


def test_a_typo_in_a_set_label_warns_naming_both_labels() -> None:
    with pytest.warns(LabelWarning) as caught:
        g = _signaling("after signl")
    messages = [str(w.message) for w in caught if issubclass(w.category, LabelWarning)]
    assert len(messages) == 1
    assert "'after signal'" in messages[0] and "'after signl'" in messages[0] and "'R'" in messages[0]
    # the warning points at the caller's line, not inside gametoolkit
    assert Path(caught[0].filename).name == "test_guard_rails.py"
    # the typo did split the set: the game is another game, which is why it warns
    assert len([h for h in g.infosets if h.player == 1]) == 3


def test_case_and_deletion_typos_are_flagged() -> None:
    for typo in ("After signal", "after sigal", "after signall"):
        with pytest.warns(LabelWarning, match=typo):
            _signaling(typo)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("after l", "after h"),  # the US-Japan model's labels: one short word
        ("Type A", "Type B"),
        ("x1", "x2"),  # a digit
        ("round 10", "round 11"),
        ("after LLRL", "after LLRR"),  # a code without vowels
        ("after-signal", "after signal"),  # a sign, not a letter
        ("after bet", "after bat"),  # a word of three letters
    ],
)
def test_labels_one_meaningful_character_apart_do_not_warn(first: str, second: str) -> None:
    def build() -> Game:
        return game(
            "Two sets",
            ["S", "R"],
            decision(
                "S", "s",
                a=decision("R", first, x=leaf(1, 0), y=leaf(0, 1)),
                b=decision("R", second, x=leaf(0, 1), y=leaf(1, 0)),
            ),
        )

    g = _quiet(build)
    assert _levenshtein(first, second) == 1  # one edit apart, and still not a typo
    assert label_warnings(g) == []


def test_runs_of_action_labels_do_not_warn() -> None:
    def build() -> Game:
        return game(
            "Histories",
            ["A", "B"],
            decision(
                "A", "start",
                ab=decision("B", "after abab", a=leaf(1, 0), b=leaf(0, 1)),
                bb=decision("B", "after abbb", a=leaf(0, 1), b=leaf(1, 0)),
            ),
        )

    assert label_warnings(_quiet(build)) == []


def test_one_label_used_by_two_players_warns() -> None:
    with pytest.warns(LabelWarning) as caught:
        game(
            "Shared label",
            ["A", "B"],
            decision("A", "start", go=decision("B", "start", x=leaf(1, 0), y=leaf(0, 1)), stop=leaf(0, 0)),
        )
    (message,) = [str(w.message) for w in caught]
    assert "'start'" in message and "'A'" in message and "'B'" in message


def test_many_findings_are_capped() -> None:
    labels = [f"after signal {k}" for k in range(12)] + [f"after signl {k}" for k in range(12)]
    children = {label: decision("R", label, x=leaf(1, 0), y=leaf(0, 1)) for label in labels}
    with pytest.warns(LabelWarning) as caught:
        g = game("Many", ["S", "R"], decision("S", "s", children))
    assert len(label_warnings(g)) == 12
    assert len(caught) == 11 and "and 2 more" in str(caught[-1].message)


def test_the_shipped_models_build_without_warnings() -> None:
    built = 0
    for model in available():
        names = list(model.choices)
        for values in itertools.product(*(model.choices[name] for name in names)):
            g = _quiet(lambda: model.build(**dict(zip(names, values))))  # noqa: B023
            assert label_warnings(g) == []
            built += 1
    assert built >= 12


def test_validate_prints_the_label_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    start = source.index("def _signaling(")
    end = source.index("def _quiet(")
    model = tmp_path / "typo_model.py"
    model.write_text(
        "from gametoolkit.core.dsl import Decision, chance, decision, game, leaf\n"
        "from gametoolkit.core.game import Game\n\n"
        + source[start:end]
        + "\ndef build() -> Game:\n    return _signaling('after signl')\n",
        encoding="utf-8",
    )
    code = main(["validate", str(model)])
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith("valid:")
    assert "warning: information sets 'after signal' and 'after signl' of 'R'" in out
    assert "after signl" not in err  # printed once, by validate


# ---------------------------------------------------------------- floats


def test_a_float_in_bind_warns_naming_the_value_it_became() -> None:
    q = param("q")
    g = game("Prior", ["A"], chance("N", a=(q, leaf(1)), b=(1 - q, leaf(0))))
    with pytest.warns(FloatWarning) as caught:
        bound = g.bind(q=1 / 3)
    (message,) = [str(w.message) for w in caught]
    became = bound.infosets[0].probs[0] if bound.infosets[0].probs else None
    assert became == Fraction(3333333333333333, 10**16)  # the float's 16 decimal digits
    assert f"read as {became}" in message
    assert "parameter q" in message and 'Fraction(1, 3) or "1/3"' in message
    assert Path(caught[0].filename).name == "test_guard_rails.py"


@pytest.mark.parametrize("value", [Fraction(1, 3), "1/3", 1, "0.3", 0.5, 0.25, 2.0])
def test_exact_values_in_bind_do_not_warn(value: object) -> None:
    q = param("q")
    g = _quiet(lambda: game("Stake", ["A"], decision("A", "s", a=leaf(q), b=leaf(0))))
    with warnings.catch_warnings():
        warnings.simplefilter("error", GameWarning)
        bound = g.bind(q=value)
    # 0.5, 0.25 and 2.0 are binary fractions: the float is exactly the number it becomes
    expected = Fraction(value) if isinstance(value, float) else Fraction(str(value))
    assert bound.outcomes[0].payoffs[0] == expected


def test_floats_in_the_dsl_warn_with_their_place() -> None:
    with pytest.warns(FloatWarning) as caught:
        game("Floats", ["A", "B"], chance("N", a=(0.3, leaf(0.1, 1)), b=(0.7, leaf(Fraction(1, 2), "1/3"))))
    (message,) = [str(w.message) for w in caught]
    assert "at root: probability of 'a' is the float 0.3, read as 3/10" in message
    assert "at a: payoff 1 is the float 0.1, read as 1/10" in message
    assert "'b'" in message  # 0.7 too
    assert "1/2" not in message and "payoff 2" not in message  # Fractions and strings are exact


def test_a_float_in_a_parameter_expression_warns() -> None:
    p = param("p")
    with pytest.warns(FloatWarning, match=r"0\.1 \+ 0\.2|0\.30000000000000004"):
        expr = p * (0.1 + 0.2)
    assert "7500000000000001/25000000000000000" in str(expr)


def test_float_sums_that_break_validation_still_warn() -> None:
    with pytest.warns(FloatWarning, match=r'Fraction\(1, 3\) or "1/3"'), pytest.raises(ValidationError, match="not 1"):
        game("Thirds", ["A"], chance("N", a=(1 / 3, leaf(1)), b=(2 / 3, leaf(0))))


# ---------------------------------------------------------------- chance without probabilities


def test_a_chance_node_without_probabilities_is_named() -> None:
    with pytest.raises(ValidationError) as info:
        game("Rain", ["A"], decision("A", "s", go=chance("Weather", rain=leaf(1), sun=leaf(0)), stay=leaf(0)))  # type: ignore[arg-type]
    (problem,) = info.value.problems
    assert problem.startswith("at go: chance node 'Weather' has no probabilities")
    assert "rain=(probability, child)" in problem
    assert "no actions" not in problem


def test_a_chance_node_missing_one_probability_names_the_action() -> None:
    with pytest.raises(ValidationError) as info:
        game("Rain", ["A"], chance("Weather", rain=leaf(1), sun=("1/2", leaf(0))))  # type: ignore[arg-type]
    (problem,) = info.value.problems
    assert "chance node 'Weather' has no probability for 'rain'" in problem


def test_a_subtree_under_a_chance_node_without_probabilities_is_still_checked() -> None:
    with pytest.raises(ValidationError) as info:
        game("Rain", ["A"], chance("Weather", rain=decision("C", "s", go=leaf(1)), sun=leaf(0)))  # type: ignore[arg-type]
    problems = info.value.problems
    assert len(problems) == 2
    assert any("has no probabilities" in p for p in problems) and any("unknown player 'C'" in p for p in problems)


def test_a_chance_node_without_actions_is_named() -> None:
    with pytest.raises(ValidationError, match="chance node 'Weather' has no actions: give each as"):
        game("Rain", ["A"], chance("Weather"))


# ---------------------------------------------------------------- closed pipe


def test_a_closed_pipe_exits_quietly() -> None:
    command = [sys.executable, "-m", "gametoolkit", "solve", "us-japan-alliance"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the command writes a line
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) in (0, 141)
    assert err == b""


def test_head_one_reads_a_line_and_nothing_reaches_stderr() -> None:
    if shutil.which("head") is None:
        pytest.skip("no head")
    script = f"'{sys.executable}' -m gametoolkit solve us-japan-alliance --json | head -1"
    done = subprocess.run(["bash", "-c", script], capture_output=True, timeout=120, check=False)
    assert done.stdout == b"{\n"
    assert done.stderr == b""


# ---------------------------------------------------------------- reprs


@pytest.fixture(scope="module")
def pbe() -> Solution:
    return solve(load("us-japan-alliance"), "pbe")


def test_solution_repr_is_one_short_line(pbe: Solution) -> None:
    text = repr(pbe)
    kinds = [eq.kind for eq in pbe if eq.kind]
    assert text.startswith("<Solution pbe (") and text.endswith(">")
    assert f"{len(pbe)} equilibria" in text
    for kind in set(kinds):
        count = kinds.count(kind)
        assert (f"{count} {kind}" if count > 1 else kind) in text
    assert "complete" in text and "Fraction" not in text and "\n" not in text
    assert len(text) < 200


def test_assessment_repr_names_kind_and_payoffs(pbe: Solution) -> None:
    eq = pbe[0]
    text = repr(eq)
    payoffs = ", ".join(f"{name} {value}" for name, value in zip(pbe.game.players, eq.payoffs))
    assert text.startswith(f"<Assessment {eq.kind}")
    assert f"payoffs {payoffs}" in text
    assert "Fraction" not in text and len(text) < 120


def test_assessment_repr_shortens_long_numbers() -> None:
    g = _quiet(lambda: game("One move", ["A"], decision("A", "s", a=leaf(1), b=leaf(0))))
    from gametoolkit.evaluate.profiles import Profile

    eq = Assessment(Profile.pure(g, {0: 0}), {}, (Fraction(10**30 + 1, 3 * 10**29),))
    assert repr(eq) == "<Assessment: payoffs A ~3.33333; pure>"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_an_assessment_draws_itself_for_jupyter(pbe: Solution) -> None:
    svg = pbe[0]._repr_svg_()
    assert svg is not None and "<svg" in svg
    assert svg != pbe[1]._repr_svg_()  # each equilibrium is drawn, not just the game
