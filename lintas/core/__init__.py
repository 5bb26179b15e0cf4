"""The core every plugin may import (and the only thing a plugin imports from
Lintas): the article model and its rules, problems, the build clock, dates,
settings declarations, and the helpers written once for all plugins (atomic
writes, forked process pools, worker counts, gettext catalogs). Nothing here
imports a plugin."""
