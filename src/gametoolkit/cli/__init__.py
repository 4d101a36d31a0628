"""The ``gametoolkit`` command: one module per command over the library.

:mod:`.main` builds the parser and dispatches; :mod:`.check`, :mod:`.draw` and
:mod:`.sweep` hold the larger commands; :mod:`.demo` is the job ``make demo`` runs.
"""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
