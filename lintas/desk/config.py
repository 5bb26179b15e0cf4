"""Decap CMS's ``config.yml``, generated at serve time from the article model.

One source of truth: the fields come from ``ARTICLE_FIELD_SPECS`` in
``lintas/core/schema.py``, their choices from the settings (sections,
regions, authors, statuses), their labels from the desk catalog. A field
added to the schema, or a section added to ``pelicanconf.py``, reaches the
desk at the next ``lintas serve --desk`` with no edit here.

The result is JSON, which is YAML too: Decap reads it as its config.yml.
"""

from __future__ import annotations

from collections.abc import Callable

from lintas.core.schema import ARTICLE_FIELD_SPECS, STATUSES, FieldSpec

COLLECTION = "articles"
FORMAT = "lintas-header"  # the custom format static/desk.js registers
BODY_WIDGET = "lintas-body"
SPONSOR_WIDGET = "lintas-sponsor"
HEADER_FIELD = "lintas_header"  # hidden: the file's own header lines, for exact round trips
API_PATH = "/admin/api/v1"
# Stored as the header wants it; the picker shows the reporter's wall clock,
# which Lintas reads in the site's timezone (the label says which).
DATETIME = {
    "widget": "datetime",
    "format": "YYYY-MM-DD HH:mm",
    "date_format": "DD-MM-YYYY",
    "time_format": "HH:mm",
}
FOCUS_PATTERN = r"^\s*(0(\.\d+)?|1(\.0+)?)\s*,\s*(0(\.\d+)?|1(\.0+)?)\s*$"
# Fields the desk does not offer: the folder name is the slug.
NOT_IN_DESK = {"slug"}


def field_key(spec: FieldSpec) -> str:
    """The name of a header field in Decap's entry data (Author and Authors share one)."""
    if spec.kind == "authors":
        return "author"
    return spec.name.lower().replace("-", "_")


def desk_fields() -> list[dict]:
    """Header name, data key and kind of every header field, in header order
    (what the custom format in desk.js needs to read and write headers)."""
    return [
        {"name": spec.name, "key": field_key(spec), "kind": spec.kind}
        for spec in ARTICLE_FIELD_SPECS
    ]


def _widget(spec: FieldSpec, settings: dict, _: Callable[[str], str]) -> dict:
    kind = spec.kind
    if kind == "datetime":
        return dict(DATETIME)
    if kind == "text":
        return {"widget": "text"}
    if kind == "category":
        return {"widget": "select", "options": list(settings["NEWSROOM_CATEGORIES"])}
    if kind == "region":
        return {"widget": "select", "options": list(settings["NEWSROOM_REGIONS"])}
    if kind == "authors":
        return {
            "widget": "select",
            "multiple": True,
            "min": 1,
            "options": list(settings["NEWSROOM_AUTHORS"]),
        }
    if kind == "list":
        return {"widget": "list"}
    if kind == "photo":
        return {"widget": "image", "choose_url": False}
    if kind == "focus":
        return {"widget": "string", "pattern": [FOCUS_PATTERN, _("field.focus.pattern")]}
    if kind == "sponsor":
        return {"widget": SPONSOR_WIDGET, "advertorial": settings["ADVERTORIAL_CATEGORY"]}
    if kind == "status":
        return {
            "widget": "select",
            "default": "draft",
            "options": [{"label": _(f"status.{s}"), "value": s} for s in STATUSES],
        }
    if kind == "correction":
        return {
            "widget": "list",
            "label_singular": _("field.correction.singular"),
            "summary": "{{fields.time}} | {{fields.text}}",
            "fields": [
                {"name": "time", "label": _("field.correction.time"), **DATETIME},
                {"name": "text", "label": _("field.correction.text"), "widget": "string"},
            ],
        }
    return {"widget": "string"}


def article_fields(settings: dict, _: Callable[[str], str]) -> list[dict]:
    fields: list[dict] = []
    seen: set[str] = set()
    for spec in ARTICLE_FIELD_SPECS:
        key = field_key(spec)
        if key in seen or key in NOT_IN_DESK:
            continue
        seen.add(key)
        field = {
            "name": key,
            "label": _(f"field.{key}"),
            "hint": _(f"field.{key}.hint"),
            "required": spec.required,
            **_widget(spec, settings, _),
        }
        if spec.kind == "datetime":
            field["label"] += f" ({settings['TIMEZONE_LABEL']})"
        fields.append(field)
    fields.append({"name": "body", "label": _("field.body"), "widget": BODY_WIDGET})
    fields.append({"name": HEADER_FIELD, "widget": "hidden", "required": False})
    return fields


def decap_config(settings: dict, _: Callable[[str], str], language: str) -> dict:
    articles = settings["ARTICLE_PATHS"][0]
    return {
        "backend": {"name": "proxy", "proxy_url": API_PATH, "branch": "main"},
        "locale": language,
        "site_url": settings["SITEURL"],
        "display_url": settings["SITEURL"],
        # Decap needs a site-wide media folder; stories keep photos in their own.
        "media_folder": articles,
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": COLLECTION,
                "label": _("collection.label"),
                "label_singular": _("collection.singular"),
                "description": _("collection.description"),
                "folder": articles,
                # {{year}}/{{month}} come from the story's Date field.
                "path": "{{year}}/{{month}}/{{slug}}/index",
                "extension": "md",
                "format": FORMAT,
                # Photos go into the story's own folder, beside index.md.
                "media_folder": "",
                "public_folder": "",
                "create": True,
                "slug": "{{slug}}",
                "identifier_field": "title",
                "summary": "{{title}} · {{status}}",
                "sortable_fields": ["date", "title"],
                "view_filters": [
                    {"label": _(f"status.{s}"), "field": "status", "pattern": s} for s in STATUSES
                ],
                "fields": article_fields(settings, _),
            }
        ],
    }
