"""What a feed file is made from, for ``incremental.reuse``.

Feeds (plugins/syndication) are built in Python, not by a template, so their
reads are not recorded. The syndication plugin asks ``incremental.reuse``
with the inputs of each feed file (its spec, format, the stories it carries);
each story counts as a digest of *the whole story*: every attribute it holds
(content objects it points to, such as its neighbours, as their source paths),
its URL, its summary and its body with intra-site links written out. Nothing
here names what a feed item shows, so a feed builder that starts to print
another field is covered without an edit; the price is that a feed is made
again when a story changes in a way its items do not show.

Only Pelican's own plumbing is left out: the settings and the shared context
every object holds (the settings are in the code key), and the raw forms of
what is digested in its final form (``_content``, ``_summary``, ``metadata``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pelican.contents import Content

from lintas.pelican_compat import content_html

from .tracing import value_digest

# Pelican's attributes that are not the story's data (see the module docstring).
PLUMBING = frozenset({"settings", "_context", "metadata", "_summary", "_content"})


class StoryDigests:
    """One digest per story, computed once per build."""

    def __init__(self) -> None:
        self._found: dict[int, str] = {}

    def story(self, item: Content) -> str:
        key = id(item)  # the objects live for the whole build
        found = self._found.get(key)
        if found is None:
            state = vars(item)
            fields = [(k, state[k]) for k in sorted(state) if k not in PLUMBING]
            body = item.get_content(item.settings["SITEURL"]) if content_html(item) else ""
            found = self._found[key] = value_digest(
                type(item).__name__, item.url, item.summary, body, fields
            )
        return found

    def inputs(self, inputs: Sequence[Any]) -> list:
        """``inputs`` with every story (alone or in a list) as its digest."""

        def item(value: Any) -> Any:
            if isinstance(value, Content):
                return self.story(value)
            if isinstance(value, list | tuple) and value and isinstance(value[0], Content):
                return [item(v) for v in value]
            return value

        return [item(value) for value in inputs]
