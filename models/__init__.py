"""Shipped models: one module per game, each with ``SLUG``, ``TITLE``, ``CITATION``,
``PARAMETERS`` (name -> default) and ``build(**params) -> Game``.

Installed as the subpackage ``gametoolkit.models``; list and load them with
:mod:`gametoolkit.catalog`.
"""
