"""Production settings: the development settings plus what the public site needs."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402, F403

SITEURL = os.environ.get("LINTAS_SITEURL", "https://totabuan.lintas.example")
NEWSROOM_STRICT = True  # any content problem stops the build; nothing is published
PLUGINS = [p for p in PLUGINS if p != "live_preview"]  # noqa: F405 — dev preview only
