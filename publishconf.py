"""Production settings: the development settings plus what the public site needs."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("LINTAS_SITEURL", "https://totabuan.lintas.example")
NEWSROOM_STRICT = True  # any content problem stops the build; nothing is published
PLUGINS = [p for p in PLUGINS if p != "live_preview"]  # noqa: F405 — dev preview only

# --- Deploy (scripts/deploy.py, `make deploy`; docs/operations.md) -------------
# "rsync": DEPLOY_TARGET is a local folder or user@host:/path (over ssh).
# "git": DEPLOY_TARGET is a git remote (URL or path) whose DEPLOY_BRANCH gets the site.
DEPLOY_METHOD = os.environ.get("LINTAS_DEPLOY_METHOD", "rsync")
DEPLOY_TARGET = os.environ.get("LINTAS_DEPLOY_TARGET", "")
DEPLOY_BRANCH = os.environ.get("LINTAS_DEPLOY_BRANCH", "gh-pages")
DEPLOY_RSYNC_OPTIONS: list[str] = []  # extra rsync options, e.g. ["-e", "ssh -p 2222"]
# Paths on the target that are not ours and --delete must leave alone
# (certbot's ACME challenges, search-console verification files).
DEPLOY_PROTECT = [".well-known/"]
DEPLOY_GIT_CACHE = ".cache/deploy-git"  # scratch repository of the git method
