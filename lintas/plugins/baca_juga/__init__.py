"""baca_juga: ``!baca[slug]`` in a story becomes a linked card of another story.

Signals:

- (none while reading: the extension in ``markdown.py`` runs in the newsroom
  reader and leaves a placeholder per reference);
- ``article_generator_pretaxonomy``: every story is read and the drafts,
  embargoed and held-back ones are out of ``articles``. Each placeholder
  becomes a card (title, date, the story's lead photo as a small thumbnail);
  a reference to a story that does not exist or is not published is a
  ``path:line`` problem (``lintas.core.problems.report_problems``) and the
  story holding it is left out before categories, tags and archives are
  built — never a link to a draft. Runs after the photos plugin
  (``PLUGIN_ORDER``), whose lead photos it shows and whose left-out stories
  it must not link.

A reference is a story's slug (``!baca[pemkot-teken-mou]``) or its path
(``!baca[2016/09/pemkot-teken-mou]``, ``!baca[/2016/09/pemkot-teken-mou/]``).
"""

from __future__ import annotations

import html
import re

from lintas.core.catalogs import N_, translations_for
from lintas.core.dates import make_filters
from lintas.core.messages import msg
from lintas.core.problems import Problem, report_problems
from lintas.pelican_compat import content_html, set_content_html

from .markdown import EXTRAS_KEY, PLACEHOLDER_ATTRIBUTE

PLACEHOLDER = re.compile(rf'<aside {PLACEHOLDER_ATTRIBUTE}="(\d+)"></aside>')
LABEL = N_("Read also")  # msgid of the theme catalog
THUMBNAIL_SIZES = "96px"

# Editor messages (lintas.core.messages: rendered in MESSAGES_LANGUAGE).
HINT_MISSING = msg("write the folder name of a published story, e.g. !baca[pemkot-teken-mou]")
HINT_UNPUBLISHED = msg("a draft or embargoed story cannot be linked: remove the line or wait")
MESSAGE_ITSELF = msg("'baca juga' names the story itself")
HINT_ITSELF = msg("name another story")


def _key(reference: str) -> str:
    return reference.strip().strip("/")


def _card(target, settings: dict, filters: dict, label: str) -> str:
    url = f"{settings['SITEURL']}/{target.url}"
    photo = getattr(target, "lead_photo", None)
    thumbnail = ""
    if photo is not None:
        thumbnail = (
            f'<img class="baca-juga__photo" src="{settings["SITEURL"]}{html.escape(photo.src)}" '
            f'srcset="{html.escape(_absolute_srcset(photo.srcset, settings["SITEURL"]))}" '
            f'sizes="{THUMBNAIL_SIZES}" width="{photo.width}" height="{photo.height}" alt="" '
            'loading="lazy" decoding="async">'
        )
    return (
        f'<aside class="baca-juga"><p class="baca-juga__label">{html.escape(label)}</p>'
        f'<a class="baca-juga__link" href="{html.escape(url)}">{thumbnail}'
        f'<span class="baca-juga__title">{html.escape(target.title)}</span> '
        f'<time class="baca-juga__date" datetime="{filters["iso"](target.date)}">'
        f"{filters['tanggal'](target.date)}</time></a></aside>"
    )


def _absolute_srcset(srcset: str, siteurl: str) -> str:
    return ", ".join(
        f"{siteurl}{item.strip()}" if item.strip().startswith("/") else item.strip()
        for item in srcset.split(",")
        if item.strip()
    )


def _resolve(generator) -> None:
    settings = generator.settings
    filters = make_filters(settings)
    label = translations_for(settings).gettext(LABEL)
    lists = [generator.articles, generator.translations]
    while True:
        published = {}
        for article in (a for items in lists for a in items):
            published.setdefault(article.slug, article)
            published.setdefault(_key(article.url), article)
        unpublished = {a.slug for a in generator.drafts} | {_key(a.url) for a in generator.drafts}
        failed = []
        for article in (a for items in lists for a in items):
            refs = getattr(article, EXTRAS_KEY, None)
            if not refs:
                continue
            if not hasattr(article, "baca_source_html"):
                article.baca_source_html = content_html(article)
            problems, cards = [], {}
            shown = getattr(article, "newsroom_source", None) or article.source_path
            for number, (reference, line) in enumerate(refs):
                target = published.get(_key(reference))
                if target is article:
                    problems.append(Problem(shown, line, MESSAGE_ITSELF, HINT_ITSELF))
                elif target is None and _key(reference) in unpublished:
                    message = msg(
                        "'baca juga' names '%(ref)s', which is not published yet", ref=reference
                    )
                    problems.append(Problem(shown, line, message, HINT_UNPUBLISHED))
                elif target is None:
                    message = msg(
                        "'baca juga' names '%(ref)s', which is no published story", ref=reference
                    )
                    problems.append(Problem(shown, line, message, HINT_MISSING))
                else:
                    cards[number] = _card(target, settings, filters, label)
            if problems:
                failed.append((article, problems))
                continue
            article.has_read_also = True  # the theme loads the cards' styles
            set_content_html(
                article,
                PLACEHOLDER.sub(
                    lambda m, cards=cards: cards[int(m.group(1))], article.baca_source_html
                ),
            )
        if not failed:
            return
        for article, problems in failed:
            report_problems(problems)
            for items in lists:
                items[:] = [a for a in items if a is not article]
            generator.context["generated_content"][article.get_relative_source_path()] = None
        # A story left out may be named by another: resolve again without it.


def register() -> None:
    from pelican import signals

    signals.article_generator_pretaxonomy.connect(_resolve)
