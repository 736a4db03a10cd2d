"""The planner's statistics after a bulk write.

PostgreSQL plans a query from each table's statistics, which ``ANALYZE`` gathers; autovacuum gathers them some time
after a large write, or never where it is off (as on this project's build machines). A report run right after an
archive import of 100,000 applications was planned for the empty tables: seconds instead of a fraction of one
(issue 19). So a bulk import ends by analysing the tables it wrote, once its transaction has committed.
"""

from django.db import connection, transaction


def analyze_after_commit(*models) -> None:
    """``ANALYZE`` the models' tables when the current transaction commits (at once outside one); PostgreSQL only."""
    if connection.vendor != "postgresql" or not models:
        return
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)

    def analyze():
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")

    transaction.on_commit(analyze)
