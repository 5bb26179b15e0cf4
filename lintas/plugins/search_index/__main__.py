"""Index a built site by hand, the way the plugin does at the end of a build.

    .venv/bin/python -m lintas.plugins.search_index OUTPUT --settings pelicanconf.py
        [--articles LIST] [--previous OUTPUT]

``LIST``: the articles' output paths, one a line (what Pelican wrote); without
it, every page of ``OUTPUT`` that carries ``data-pagefind-body``. ``--previous``:
the output of an earlier build, whose bundles are reused where their pages are
unchanged (by default ``OUTPUT``'s own index). scripts/bench.py
times this command (its ``search`` row).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from lintas.plugins.search_index.indexer import MARKER, build_index, find_articles, settings_from
from lintas.settings import read_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search_index", description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--settings", type=Path, required=True)
    parser.add_argument("--articles", type=Path, help="article paths, one a line")
    parser.add_argument("--previous", type=Path, help="an earlier output to reuse bundles from")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # The engine's settings (the plugins' defaults too): Pelican's own reader
    # would leave SEARCH_INDEX_CHUNK_ARTICLES unset, i.e. one bundle.
    config = settings_from(read_settings(args.settings))
    if args.articles:
        articles = args.articles.read_text(encoding="utf-8").split()
    else:
        articles = find_articles(args.output, config)
        logging.info("%d page(s) carry %s", len(articles), MARKER)
    build_index(args.output, config, articles, args.previous)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
