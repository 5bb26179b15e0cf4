"""Lintas Totabuan — production settings: the development settings plus what
the public site needs (`lintas build --publish` reads this file)."""

import os
import sys

# Pelican's convention: the settings folder is importable, for pelicanconf.
sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("LINTAS_SITEURL", "https://totabuan.lintas.example")
NEWSROOM_STRICT = True  # a story with a problem is held back, the rest publishes (exit 3)

# --- Deploy (`lintas deploy`, `make deploy`; docs/operations.md) ---------------
DEPLOY_METHOD = os.environ.get("LINTAS_DEPLOY_METHOD", "rsync")
DEPLOY_TARGET = os.environ.get("LINTAS_DEPLOY_TARGET", "")
DEPLOY_BRANCH = os.environ.get("LINTAS_DEPLOY_BRANCH", "gh-pages")
