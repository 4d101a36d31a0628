"""The ``gametoolkit`` command: a thin layer over the library.

Every command takes ``MODEL``: a shipped model's slug (``us-japan-alliance``), a path
to a model ``.py`` file, or a game file (``.efg``, ``.json``), with ``--set NAME=VALUE``
for parameters.  Bad input prints one line on stderr and exits with status 2; no
traceback.  A warning of the toolkit (:class:`~gametoolkit.errors.GameWarning`) is one
line ``warning: ...`` on stderr.  When the reader of the output goes away
(``gametoolkit solve ... | head -1``) the command stops quietly with status 141, as a
command killed by SIGPIPE does, and writes nothing to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from .. import __version__
from ..errors import GameToolkitError, GameWarning
from ._common import EXIT_USAGE, Parser, UsageError
from .check import register as register_check
from .convert import register as register_convert
from .draw import register as register_draw
from .estimate import register as register_estimate
from .models import register as register_models
from .show import register as register_show
from .solve import register as register_solve
from .sweep import register as register_sweep
from .validate import register as register_validate

__all__ = ["EXIT_PIPE", "build_parser", "main"]

#: The status after the output pipe closed early: 128 + SIGPIPE (13).
EXIT_PIPE = 141


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="gametoolkit", description="Extensive-form games: build, validate, convert, solve, draw.")
    parser.add_argument("--version", action="version", version=f"gametoolkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    for register in _COMMANDS:
        register(sub)
    return parser


#: The subcommands, in the order ``--help`` lists them; each module has ``register``.
_COMMANDS: tuple[Callable[[Any], None], ...] = (
    register_models,
    register_show,
    register_validate,
    register_convert,
    register_solve,
    register_check,
    register_draw,
    register_sweep,
    register_estimate,
)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``gametoolkit`` command with ``argv`` (default: ``sys.argv[1:]``).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program's name.

    Returns
    -------
    int
        The exit status: 0 done, 1 a check disagreed, 2 bad input, 3 a bug,
        130 interrupted, 141 the output pipe closed.
    """
    with warnings.catch_warnings():
        shown = warnings.showwarning

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: Any = None,
            line: str | None = None,
        ) -> None:
            if issubclass(category, GameWarning):
                print(f"warning: {_one_line(str(message))}", file=sys.stderr)
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        try:
            status = _run(argv)
            sys.stdout.flush()  # a closed pipe shows here when the output was short
        except BrokenPipeError:
            _drop_stdout()
            return EXIT_PIPE
        return status


def _drop_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush on exit
    does not fail again (and print "Exception ignored") on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a file (captured in a test)
        pass


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_USAGE
        return int(args.func(args))
    except UsageError as err:
        print(f"error: {_one_line(str(err))} (see gametoolkit --help)", file=sys.stderr)
        return EXIT_USAGE
    except GameToolkitError as err:
        print(f"error: {_one_line(str(err))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        raise  # the reader of our output went away: main stops quietly
    except OSError as err:
        where = f"{err.filename}: " if getattr(err, "filename", None) else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except RecursionError:
        print("error: input nested too deeply", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:
        if debug:
            raise
        print(
            f"internal error: {type(err).__name__}: {_one_line(str(err))} (a bug in gametoolkit; rerun with --debug)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
