"""Settings of the web desk (``lintas serve --desk``)."""

from __future__ import annotations

from lintas.core.config import setting

ROLES = ("editor", "reporter")

SETTINGS = (
    setting(
        "DESK_USERS",
        {},
        dict,
        doc="login → {'name': …, 'role': 'editor' or 'reporter'}: who may use the desk "
        "behind nginx; only editors may set a story to published",
    ),
    setting(
        "DESK_LOCAL_ROLE",
        "editor",
        str,
        doc="role of whoever uses the desk on the machine running lintas serve "
        "(no nginx, no login)",
    ),
    setting(
        "DESK_AUDIT_LOG",
        ".audit.log",
        str,
        doc="file, relative to the content folder, where every save of the desk is "
        "recorded with the login that made it",
    ),
    setting(
        "DESK_DECAP_SERVER",
        "",
        str,
        doc="path of decap-server's dist/index.js; empty: node_modules/decap-server "
        "beside the settings file, then in the current folder",
    ),
)
