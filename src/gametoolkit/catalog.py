"""Find and load games: shipped models by slug, model files, and ``.efg``/``.json`` files.

A *model* is a Python module with ``SLUG``, ``TITLE``, ``CITATION``, ``PARAMETERS`` (a
dict of parameter names to defaults; ``None`` means "the model chooses") and
``build(**params) -> Game``.  The shipped ones live in :mod:`gametoolkit.models`.

``MODEL`` on the command line is a slug (``us-japan-alliance``), a path to a model's
``.py`` file, or a game file (``.efg``, ``.json``).  ``--set NAME=VALUE`` settings are
read by :func:`parse_setting`: exact numbers (``3/10``, ``0.3``, ``-2``) become
:class:`~fractions.Fraction`, anything else stays text (``high``) for the model to
check.  Text is never evaluated.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

from .core.game import Game
from .core.values import parse_number
from .errors import GameToolkitError, ModelError

__all__ = ["Model", "available", "find_model", "load", "load_game", "parse_setting", "parse_settings"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class Model:
    """A model: its metadata and the module whose ``build`` makes the game.

    Attributes
    ----------
    slug : str
        The name to type (``us-japan-alliance``).
    title, citation : str
        What ``gametoolkit models`` shows.
    module : module
        The model's module: ``build(**settings)``, and optionally ``tree()``,
        ``CHOICES``, ``ORDERINGS``, ``ASSUMPTIONS`` and ``TEX_NAMES``.
    parameters : mapping
        The parameters with their defaults (``None`` when the model computes it).
    """

    slug: str
    title: str
    citation: str
    module: ModuleType = field(repr=False, compare=False)
    parameters: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def choices(self) -> Mapping[str, tuple[str, ...]]:
        """Named settings and their allowed values (the module's ``CHOICES``)."""
        return getattr(self.module, "CHOICES", {})

    def build(self, **settings: Any) -> Game:
        """The model's game with ``settings`` (unknown names are refused)."""
        unknown = sorted(set(settings) - set(self.parameters))
        if unknown:
            known = ", ".join(self.parameters) or "none"
            raise ModelError(f"model {self.slug!r} has no parameter(s) {', '.join(unknown)}; its parameters are {known}")
        for name, allowed in self.choices.items():
            if name in settings and settings[name] not in allowed:
                raise ModelError(
                    f"model {self.slug!r}: {name} must be one of {', '.join(allowed)}, not {settings[name]!s}"
                )
        game = self.module.build(**settings)
        if not isinstance(game, Game):
            raise ModelError(f"model {self.slug!r}: build() returned {type(game).__name__}, not a Game")
        return game

    def describe(self) -> dict[str, Any]:
        """The model's ``slug``, ``title`` and ``citation``, as ``models --json`` prints them."""
        return {"slug": self.slug, "title": self.title, "citation": self.citation}


def _from_module(module: ModuleType, fallback_slug: str) -> Model:
    if not callable(getattr(module, "build", None)):
        raise ModelError(f"{module.__name__}: a model module needs a build(**params) function")
    return Model(
        slug=getattr(module, "SLUG", fallback_slug),
        title=getattr(module, "TITLE", fallback_slug),
        citation=getattr(module, "CITATION", ""),
        module=module,
        parameters=dict(getattr(module, "PARAMETERS", {})),
    )


def available() -> list[Model]:
    """The shipped models, sorted by slug.

    Returns
    -------
    list of Model
        One per module of ``gametoolkit.models``.
    """
    models = importlib.import_module("gametoolkit.models")

    found = []
    for info in pkgutil.iter_modules(models.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        if callable(getattr(module, "build", None)):
            found.append(_from_module(module, info.name.replace("_", "-")))
    return sorted(found, key=lambda m: m.slug)


def find_model(name: str) -> Model:
    """A shipped model by slug (``us-japan-alliance``) or a model ``.py`` file."""
    if name.endswith(".py"):
        return _load_file(Path(name))
    for model in available():
        if model.slug == name or model.module.__name__.rsplit(".", 1)[-1] == name:
            return model
    if name.lower().endswith(".nfg"):
        raise ModelError(f"{name}: a strategic-form (.nfg) game; gametoolkit reads extensive-form games (.efg, .json)")
    slugs = ", ".join(m.slug for m in available())
    raise ModelError(f"no model {name!r}: give a shipped model ({slugs}), a model .py file or a .efg/.json file")


def _load_file(path: Path) -> Model:
    if not path.is_file():
        raise ModelError(f"{path}: no such model file")
    module_name = f"gametoolkit_user_model_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ModelError(f"{path}: cannot load as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except GameToolkitError:
        raise
    except Exception as err:  # a user's model file failed to import
        raise ModelError(f"{path}: the model file failed to load: {type(err).__name__}: {err}") from err
    return _from_module(module, path.stem.replace("_", "-"))


def load(name: str, **settings: Any) -> Game:
    """The game of a shipped model (or a model file), with ``settings`` put in.

    Parameters
    ----------
    name : str
        A model's slug (``gametoolkit models`` lists them) or the path of a model
        file ending in ``.py``.
    **settings
        Values of the model's parameters: numbers as ``Fraction``, ``int`` or text
        (``p="3/10"``), named choices as text (``china="high"``).  Parameters left
        out take the model's defaults.

    Returns
    -------
    Game
        The model's game, validated.

    Raises
    ------
    ModelError
        For an unknown model, a parameter the model does not have, or a value it
        refuses.

    Examples
    --------
    >>> from gametoolkit import load
    >>> game = load("us-japan-alliance", china="high", p="3/10")
    >>> game.players, len(game.nodes)
    (('US', 'Japan'), 24)
    """
    return find_model(name).build(**settings)


def load_game(spec: str, settings: Mapping[str, Any] | None = None) -> Game:
    """The game named by ``spec``, as the command line finds it.

    Parameters
    ----------
    spec : str
        A model's slug, a model file (``.py``), or a game file (``.efg``, ``.json``).
    settings : mapping, optional
        Parameter values: passed to the model, or bound in the game read from a file.

    Returns
    -------
    Game

    Raises
    ------
    ModelError
        For an unknown model or parameter.
    ParseError, ValidationError
        For a game file that does not read or breaks a rule.
    """
    settings = dict(settings or {})
    suffix = Path(spec).suffix.lower()
    if suffix in (".efg", ".json"):
        from .io.files import read_game

        game = read_game(spec)
        if settings:
            return game.bind(settings)
        return game
    return find_model(spec).build(**settings)


def parse_setting(text: str) -> tuple[str, Any]:
    """``"p=3/10"`` -> ``("p", Fraction(3, 10))``; ``"china=high"`` -> ``("china", "high")``."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not _NAME.match(name):
        raise ModelError(f"--set {text!r}: expected NAME=VALUE with NAME a parameter name")
    value = value.strip()
    if not value:
        raise ModelError(f"--set {text!r}: no value after '='")
    if value[0].isdigit() or value[0] in "+-.":
        try:
            number: Fraction = parse_number(value)
        except ValueError as err:
            raise ModelError(f"--set {name}: {err}") from err
        return name, number
    if len(value) > 200:
        raise ModelError(f"--set {name}: value too long")
    return name, value


def parse_settings(items: Iterable[str]) -> dict[str, Any]:
    """Several ``NAME=VALUE`` settings; a name given twice is refused."""
    settings: dict[str, Any] = {}
    for item in items:
        name, value = parse_setting(item)
        if name in settings:
            raise ModelError(f"--set {name} given twice")
        settings[name] = value
    return settings
