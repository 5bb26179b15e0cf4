"""The ``lintas`` command: one entry point for every task on a portal.

    lintas init DIR            a new portal
    lintas new "Judul"         a new story (a draft)
    lintas terbit PATH         release a draft: its Date is the time of release
    lintas check [PATH…]       the newsroom rules, without building
    lintas build [--publish]   build (atomically) into output/
    lintas serve               live preview with rebuild on save
    lintas deploy              send output/ to the server, ping the hub
    lintas ping                ping the WebSub hub
    lintas alert               tell the newsroom what a publish held back
    lintas import-wordpress    WordPress export → story bundles

Each subcommand lives in its own module here and has ``--help`` with an
example. Commands run in the portal's folder (where ``pelicanconf.py`` is).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys

COMMANDS = {
    "init": ("init", "create a new portal in an empty folder"),
    "new": ("new", "create a new story bundle (a draft)"),
    "terbit": ("terbit", "release a draft now: remove Status: draft, write Date"),
    "check": ("check", "check stories and pages against the newsroom rules"),
    "build": ("build", "build the site; --publish for production"),
    "serve": ("serve", "live preview: build, serve, rebuild on change"),
    "deploy": ("deploy", "send the built site to the server (rsync or git)"),
    "ping": ("ping", "tell the WebSub hub the feeds changed"),
    "alert": ("alert", "tell the newsroom what the last publish held back"),
    "import-wordpress": ("import_wordpress", "convert a WordPress export into bundles"),
}
# Commands whose process should skip the interpreter's teardown (see exit_now).
FAST_EXIT = {"build", "deploy"}


def usage() -> str:
    lines = ["usage: lintas COMMAND [options]   (lintas COMMAND --help for examples)", ""]
    lines += [f"  {name:<18} {summary}" for name, (_module, summary) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(usage())
        return 0 if argv else 2
    if argv[0] == "--version":
        from lintas import __version__

        print(f"lintas {__version__}")
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"lintas: unknown command {command!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"lintas.cli.{COMMANDS[command][0]}")
    from lintas.settings import SettingsError

    try:
        return module.main(rest)
    except SettingsError as error:
        # The message names each setting and where it is set: no traceback.
        print(f"lintas {command}: settings refused:\n{error}", file=sys.stderr)
        return 1


def exit_now(status: int) -> None:
    """Leave without the interpreter's teardown: freeing every object of a
    3,000-story build took ~0.4 s after the site was already out
    (BENCHMARKS.md). Every pool is closed by then; flush and go."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def run() -> None:
    """The console script."""
    argv = sys.argv[1:]
    status = main(argv)
    if argv and argv[0] in FAST_EXIT:
        exit_now(status)
    sys.exit(status)
