"""Tell the WebSub hub that the site's feeds changed (run after a deploy).

    lintas ping [--settings publishconf.py] [--output output]

POSTs ``hub.mode=publish&hub.url=<feed URL>`` to ``WEBSUB_HUB`` for every
feed in the built output. Without a hub configured it says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lintas.core.messages import msg, msgn, say, use_settings


def main(argv: list[str] | None = None) -> int:
    from lintas.plugins.syndication.config import read_config
    from lintas.plugins.syndication.websub import TIMEOUT_SECONDS, feed_urls, ping_all
    from lintas.settings import read_settings

    parser = argparse.ArgumentParser(
        prog="lintas ping",
        description=__doc__.splitlines()[0],
        epilog="example:\n  lintas ping --hub https://hub.example/   after `lintas deploy`",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--settings", type=Path, default=Path("publishconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--hub", help="override WEBSUB_HUB from the settings")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS)
    args = parser.parse_args(argv)

    settings = read_settings(args.settings)
    use_settings(settings)  # its lines in MESSAGES_LANGUAGE
    config = read_config(settings)
    hub = args.hub or config.websub_hub
    if not hub:
        print(
            say(
                msg(
                    "no WebSub hub configured (WEBSUB_HUB in %(settings)s): nothing to ping",
                    settings=args.settings.name,
                )
            )
        )
        return 0
    urls = feed_urls(args.output, config)
    if not urls:
        print(
            say(msg("no feeds found in %(output)s — build the site first", output=args.output)),
            file=sys.stderr,
        )
        return 1
    results = ping_all(hub, urls, args.timeout)
    failed = [result for result in results if not result.ok]
    for result in failed:
        status = result.status if result.status is not None else say(msg("unreachable"))
        print(f"{result.feed_url}: {status} {result.error}".rstrip(), file=sys.stderr)
    accepted = msgn(
        "%(hub)s: %(accepted)d of %(count)d feed accepted",
        "%(hub)s: %(accepted)d of %(count)d feeds accepted",
        len(results),
        hub=hub,
        accepted=len(results) - len(failed),
    )
    print(say(accepted))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
