"""Lintas: a static newsroom for regional Indonesian news portals, on Pelican.

The engine is this package: ``lintas.core`` (the article model and the helpers
every part shares), ``lintas.plugins`` (Pelican plugins, each depending on the
core only), the reader theme (``lintas/theme``, package data a portal
overrides template by template) and the ``lintas`` command (``lintas.cli``).
A portal is a folder with ``pelicanconf.py``, ``publishconf.py`` and
``content/``; ``lintas init`` makes one.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lintas")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
