"""List pages numbered from the oldest story, so that a new story leaves them alone.

Pelican numbers list pages from the newest: page 2 holds stories 13–24, so
every story published shifts every page of every list it is on (516 pages to
render again for one new story at 3,000 stories, ~1,700 at 10,000;
BENCHMARKS.md). Here a list of N stories, P per page (``DEFAULT_PAGINATION``):

- the archive pages ``…/halaman/1/``, ``…/halaman/2/``, … hold fixed blocks of
  P stories counted from the *oldest*: ``halaman/1/`` the first P stories the
  list ever had, for good;
- the front page (``/``, ``/kategori/ekonomi/``) holds everything newer than
  the newest archive page: between P and 2P − 1 stories, so no story is on
  two pages and the front page is never short;
- "Newer"/"Older" walk front → highest page → … → 1.

A new story changes the front page of each list it is on; once every P
stories it also creates one archive page and changes the "Newer" link of the
page before it. The rest stays byte-identical, and keeps its URL's content
for readers' bookmarks and crawlers' caches (docs/incremental.md).

Pelican's writer (and lintas/plugins/incremental's) builds pages with
``pelican.writers.Paginator``; :func:`install` puts (through ``lintas.pelican_compat``)
:class:`OldestFirstPaginator` there. It keeps Pelican's interface: the writer
asks for ``page(1)`` … ``page(num_pages)`` in display order (front first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pelican.paginator import Page, Paginator

from lintas.pelican_compat import use_paginator


def archive_pages(count: int, per_page: int) -> int:
    """How many fixed archive pages a list of ``count`` stories has."""
    if per_page <= 0:
        return 0
    return max(0, count // per_page - 1)


class ArchivePage(Page):
    """A front page (``is_front``) or archive page ``number`` (1 = oldest)."""

    def __init__(self, *args: Any, is_front: bool, position: int) -> None:
        super().__init__(*args)
        self.is_front = is_front
        self.position = position  # 1-based, in display order (the front is 1)

    def has_next(self) -> bool:  # an older page follows
        return self.position < self.paginator.num_pages

    def has_previous(self) -> bool:  # a newer page comes before
        return self.position > 1

    def _pattern_value(self, key: str) -> str:
        # The front page takes the first pattern ({url}); archive pages the
        # last one (…/halaman/{number}/), whatever their number.
        patterns = self.settings["PAGINATION_PATTERNS"]
        rule = patterns[0] if self.is_front else patterns[-1]
        value = getattr(rule, key).format(
            save_as=self.full_name,
            url=self.base_url,
            name=self.name,
            base_name=self.base_name,
            extension=self.extension,
            number=self.number,
        )
        return value[1:] if value.startswith("/") else value  # as Pelican does

    @property
    def url(self) -> str:
        return self._pattern_value("URL")

    @property
    def save_as(self) -> str:
        return self._pattern_value("SAVE_AS")


class OldestFirstPaginator(Paginator):
    """Pelican's paginator with pages counted from the end of the list (the
    lists are newest first). ``DEFAULT_ORPHANS`` does not apply: the front
    page already takes what does not fill an archive page."""

    def __init__(
        self, name: str, url: str, object_list: Sequence[Any], settings: dict, per_page=None
    ) -> None:
        super().__init__(name, url, object_list, settings, per_page)
        self.orphans = 0
        self.archived = archive_pages(self.count, self.per_page)

    @property
    def num_pages(self) -> int:
        return 1 + self.archived

    def page(self, number: int) -> ArchivePage:
        """The page at ``number`` in display order: 1 is the front page."""
        count, per_page = self.count, self.per_page
        if number <= 1:
            shown = self.object_list[: count - self.archived * per_page]
            return ArchivePage(
                self.name, self.url, shown, 1, self, self.settings, is_front=True, position=1
            )
        archive = self.archived - number + 2  # display 2 is the newest archive page
        end = count - (archive - 1) * per_page
        return ArchivePage(
            self.name,
            self.url,
            self.object_list[end - per_page : end],
            archive,
            self,
            self.settings,
            is_front=False,
            position=number,
        )


def install() -> None:
    """Make Pelican's writers paginate lists with :class:`OldestFirstPaginator`."""
    use_paginator(OldestFirstPaginator)
