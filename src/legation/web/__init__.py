"""The web reading room: page routes (``pages``), view helpers (``views``), the serving layer (``service``),
Jinja2 templates and static files.  The FastAPI app is built by :func:`legation.api.create_app`."""
