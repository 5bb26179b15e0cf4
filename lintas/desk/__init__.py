"""The web desk: Decap CMS at ``/admin/`` of ``lintas serve --desk``.

Reporters who never open a terminal write stories in a browser; the desk
writes the same ``content/articles/YYYY/MM/slug/index.md`` bundles an editor
writes by hand, in the exact header format the build reads.

- ``vendor/decap_cms/``: the prebuilt Decap CMS bundle from npm, pinned
  (``scripts/vendor_decap.py``); no CDN.
- ``config.py``: Decap's ``config.yml``, generated at serve time from the
  article model (``lintas.core.schema.ARTICLE_FIELD_SPECS``) and the settings
  (sections, regions, authors), so the desk follows both.
- ``locale.py``: Decap's interface in Indonesian, from the gettext catalog
  ``lintas/theme/translations/<lang>/LC_MESSAGES/desk.po``.
- ``server.py``: the desk's part of the preview server: ``/admin/`` files,
  and the API proxy in front of ``decap-server`` (a Node program, started
  alongside) that knows who is saving (``X-Remote-User`` from nginx), keeps
  non-editors from publishing and writes every save to the audit log.
- ``static/desk.js``: the header format (``CMS.registerCustomFormat``), the
  body editor that keeps every byte, the photo and gallery components, the
  preview with the build's problems.

Never part of a publish build: only the preview server serves it.
"""
