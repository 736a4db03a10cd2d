"""The reminder scan's writes, in plain SQL: the rows it inserts and the waiting rows it hands to the workers.

At province scale the scan writes 100,000 rows and more (bench/pages_scale.py, issue 19.3). Through the ORM the
insert cost more in Python than in the database (a model instance, then sixteen prepared values, per row) and the
hand-over updated every new row a second time through a list of 100,000 ids; here the rows go in as tuples, each
distinct value prepared once, and a row the scan inserts comes back with its id and its lease already set
(``RETURNING``), so it is handed over without a second write. PostgreSQL and SQLite (3.35 and later) both read
these statements; the columns are named from the model's metadata.

Idempotence and concurrency stay with the database: the insert skips a row whose unique key exists (two scans at
once insert each row once, and only the scan that inserted it gets its id back), and the hand-over of waiting rows
is one conditional UPDATE, so a row is handed over by one scan only.
"""

import csv
import datetime
import io
import json
from typing import Any, Iterable

from django.db import connection, transaction
from django.db.models import JSONField

from notifications.models import Reminder

# In this order in each row that insert() takes.
INSERTED = ("rule", "content_type", "object_id", "recipient", "due_date", "subject", "body", "message", "url")
# The same for every row, given once per scan.
FIXED = ("status", "attempts", "last_error", "retry_after", "created_at")
# Rows per statement: fewer round trips than the ORM's 500, and a statement PostgreSQL parses in milliseconds.
BATCH = 2000


def _field(name):
    return Reminder._meta.get_field(name)


def prepared(name: str, value: Any) -> Any:
    """``value`` of the model's field ``name`` as the database takes it (a date on SQLite, the JSON of a message)."""
    field = _field(name)
    if isinstance(field, JSONField):
        # As text, which both databases read into the column: the driver's JSON adapter would serialise the same
        # message again for every row that carries it.
        return json.dumps(value, cls=field.encoder, ensure_ascii=False)
    return field.get_db_prep_save(value, connection)


def insert(rows: Iterable[tuple], *, lease: datetime.datetime, now: datetime.datetime) -> list[int]:
    """Insert ``rows`` (values of INSERTED, already prepared) as pending reminders handed over until ``lease``;
    a row whose key exists is skipped. Returns the ids of the rows inserted, in no particular order."""
    rows = list(rows)
    if not rows:
        return []
    fixed = [
        prepared("status", Reminder.Status.PENDING),
        0,
        "",
        prepared("retry_after", lease),
        prepared("created_at", now),
    ]
    with connection.cursor() as cursor:
        if hasattr(cursor.cursor, "copy_expert"):  # psycopg2, PostgreSQL
            return _insert_copied(cursor, rows, fixed)
        return _insert_values(cursor, rows, fixed)


def _names(names) -> str:
    q = connection.ops.quote_name
    return ", ".join(q(_field(name).column) for name in names)


def _insert_values(cursor, rows, fixed) -> list[int]:
    q = connection.ops.quote_name
    width = len(INSERTED) + len(FIXED)
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    per_statement = min(BATCH, max(connection.features.max_query_params or 999_999, width) // width)
    ids: list[int] = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        cursor.execute(
            f"INSERT INTO {q(Reminder._meta.db_table)} ({_names(INSERTED + FIXED)}) "
            f"VALUES {', '.join([row_sql] * len(chunk))} "
            f"ON CONFLICT DO NOTHING RETURNING {q(Reminder._meta.pk.column)}",
            [value for row in chunk for value in (*row, *fixed)],
        )
        ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _insert_copied(cursor, rows, fixed) -> list[int]:
    """On PostgreSQL the rows go through COPY into a temporary table, then into the reminders in one statement: a
    100,000-row INSERT ... VALUES is 90 MB of SQL to parse, which took the database twice as long as the insert."""
    q = connection.ops.quote_name
    table = q(Reminder._meta.db_table)
    data = io.StringIO()
    # Every value quoted: an unquoted empty value would be read as NULL (an empty body is a value).
    csv.writer(data, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    data.seek(0)
    with transaction.atomic():
        # Without the table's constraints (CREATE TABLE AS copies none): the insert below checks them.
        cursor.execute(
            f"CREATE TEMPORARY TABLE reminder_scan_rows ON COMMIT DROP AS "
            f"SELECT {_names(INSERTED)} FROM {table} WITH NO DATA"
        )
        cursor.cursor.copy_expert(f"COPY reminder_scan_rows ({_names(INSERTED)}) FROM STDIN WITH (FORMAT csv)", data)
        cursor.execute(
            f"INSERT INTO {table} ({_names(INSERTED + FIXED)}) "
            f"SELECT {_names(INSERTED)}, {', '.join(['%s'] * len(FIXED))} FROM reminder_scan_rows "
            f"ON CONFLICT DO NOTHING RETURNING {q(Reminder._meta.pk.column)}",
            fixed,
        )
        ids = [row[0] for row in cursor.fetchall()]
        # Dropped now, not only at commit: a scan inside a longer transaction (a test's) inserts once per rule.
        cursor.execute("DROP TABLE reminder_scan_rows")
        return ids


def claim_waiting(*, now: datetime.datetime, lease: datetime.datetime) -> list[int]:
    """The pending rows whose next attempt is due (Reminder.objects.dispatchable), leased until ``lease`` in the
    same statement: a concurrent scan waits for the row, finds it leased, and leaves it."""
    q = connection.ops.quote_name
    retry_after = q(_field("retry_after").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {q(Reminder._meta.db_table)} SET {retry_after} = %s "
            f"WHERE {q(_field('status').column)} = %s AND ({retry_after} IS NULL OR {retry_after} <= %s) "
            f"RETURNING {q(Reminder._meta.pk.column)}",
            [prepared("retry_after", lease), prepared("status", Reminder.Status.PENDING), prepared("retry_after", now)],
        )
        return sorted(row[0] for row in cursor.fetchall())
