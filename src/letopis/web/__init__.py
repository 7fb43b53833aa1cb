"""The web app of ``letopis serve``: ``letopis.web.app.create_app(db_path)`` (see docs/web.md)."""
