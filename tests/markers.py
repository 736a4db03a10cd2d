"""Markers shared by the concurrency tests."""

import pytest
from django.db import connection

# Threads on SQLite's shared in-memory test database get "database table is locked" at once instead of waiting,
# so races cannot be staged there; they are a PostgreSQL matter, and CI runs every one of them on PostgreSQL.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races need PostgreSQL; SQLite's test database locks whole tables"
)
