"""ui_language reads ``UI_LANGUAGE``, declared by the core (messages use it too)."""

SETTINGS = ()
