from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """Gives each new SQLite connection the functions the site search compares text with
    (``search.text.SearchKey``); PostgreSQL has its own full-text search."""
    if connection.vendor != "sqlite":
        return
    from .text import sqlite_search_key, sqlite_search_key_json

    raw = connection.connection
    raw.create_function("portal_search_key", 1, sqlite_search_key, deterministic=True)
    raw.create_function("portal_search_key_json", 1, sqlite_search_key_json, deterministic=True)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        connection_created.connect(register_sqlite_functions)
