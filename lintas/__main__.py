"""``python -m lintas`` is the ``lintas`` command."""

from lintas.cli import run

run()
