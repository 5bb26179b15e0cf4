"""embeds: YouTube, Instagram, TikTok, X and Facebook posts as click-to-load facades.

``!embed[URL]`` (optionally ``!embed[URL | caption](poster.jpg)``) alone in a
paragraph becomes a link to the post that ``theme/static/js/embed.js`` turns
into the platform's iframe when a reader taps it (``markdown.py``). No request
reaches the platform before that tap; ``deploy/nginx.conf`` opens
``frame-src`` for exactly the hosts in ``platforms.FRAME_HOSTS``.

The work happens in the newsroom reader's Markdown pass (the extension is
contributed by ``settings.markdown_extensions``), so this plugin connects to
no Pelican signal: a story that embeds sets ``has_embeds``, and the theme
loads the script on that page only.
"""

from __future__ import annotations


def register() -> None:
    """Nothing to connect: see the module docstring."""
