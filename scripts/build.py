"""Build the site into a staging folder and swap it in only when the whole
build succeeded: a failed or interrupted build leaves the previous output
byte-for-byte as it was.

    python scripts/build.py --settings publishconf.py --output output
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BuildFailed(Exception):
    pass


def _raise_interrupt(signum, frame):  # noqa: ARG001
    raise KeyboardInterrupt(f"signal {signum}")


def run_pelican(settings_path: Path, output: Path, overrides: dict | None = None) -> None:
    """One Pelican run into ``output``; raises on any failure."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(settings_path), override={"OUTPUT_PATH": str(output), **(overrides or {})}
    )
    Pelican(settings).run()


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames on one filesystem."""
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        os.replace(output, retired)
    os.replace(staging, output)
    shutil.rmtree(retired, ignore_errors=True)


def build_site(settings_path: Path, output: Path, overrides: dict | None = None) -> None:
    output = output.resolve()
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    previous = {s: signal.signal(s, _raise_interrupt) for s in (signal.SIGTERM,)}
    try:
        run_pelican(settings_path, staging, overrides)
        swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def configure_logging(verbose: bool = False) -> None:
    """Plain one-line messages, so `path:line: …` stays clickable in editors."""
    from pelican.log import init

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    init(level=logging.INFO if verbose else logging.WARNING, handler=handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    configure_logging(verbose=args.verbose)
    try:
        build_site(args.settings, args.output)
    except KeyboardInterrupt:
        print("build interrupted; the previous output is unchanged", file=sys.stderr)
        return 130
    except Exception as error:  # every failure ends the same way: nothing published
        print(f"build failed: {error}", file=sys.stderr)
        print("the previous output is unchanged", file=sys.stderr)
        return 1
    print(f"built {args.output}")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
