"""The ``gametoolkit models`` command: the shipped models, as text or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ._common import EXIT_OK

__all__ = ["cmd_models", "register"]


def cmd_models(args: argparse.Namespace) -> int:
    from ..catalog import available

    models = available()
    if args.json:
        print(json.dumps([m.describe() for m in models], indent=1, ensure_ascii=False))
        return EXIT_OK
    width = max((len(m.slug) for m in models), default=4)
    for m in models:
        print(f"{m.slug:<{width}}  {m.title}")
        if m.citation:
            print(f"{'':<{width}}  {m.citation}")
        params = ", ".join(f"{k}={v}" if v is not None else k for k, v in m.parameters.items())
        if params:
            print(f"{'':<{width}}  parameters: {params}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the command to the subcommands."""
    p = sub.add_parser("models", help="list the shipped models")
    p.add_argument("--json", action="store_true", help="print a JSON list (slug, title, citation)")
    p.set_defaults(func=cmd_models)
