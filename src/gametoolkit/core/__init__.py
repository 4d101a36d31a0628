"""The game model: the frozen tree, exact values and parameters, the builder, the DSL and validation.

* :mod:`.values`: exact numbers, named parameters and small expressions over them;
* :mod:`.game`: the immutable tree (:class:`~.game.Game`);
* :mod:`.validate`: every rule a game keeps, perfect recall among them;
* :mod:`.builder`: the one way games come into being; :mod:`.dsl` writes trees as calls.

Importing the package installs the validation rules into :class:`~.game.Game`
(:func:`~.game.install_rules`), so that ``game.bind(...)`` validates without the
game module importing the validator.
"""

from .game import install_rules
from .validate import perfect_recall_problems, validate

install_rules(validate, perfect_recall_problems)
