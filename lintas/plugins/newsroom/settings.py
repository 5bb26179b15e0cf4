"""The newsroom plugin reads the core's settings only (``lintas.core.settings``)."""

SETTINGS = ()
