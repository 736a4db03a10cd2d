"""Django's ModelBackend, reading the user of each logged-in request with one statement written once.

Every logged-in request loads its user. In a registration rush the ORM's compiling of that one query was a fifth
of an application request's time (bench/); ``core.plain_sql`` turns the row into a ``User`` exactly as the ORM
would. Logging in, permissions and the rest are Django's.
"""

import functools

from django.contrib.auth import backends
from django.db import connection

from accounts.models import User
from core.plain_sql import Columns


@functools.cache
def _user_by_id(vendor):
    columns = Columns(User)
    q = connection.ops.quote_name
    return columns, f"SELECT {columns.select} FROM {q(User._meta.db_table)} WHERE {q(User._meta.pk.column)} = %s"


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        columns, sql = _user_by_id(connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        user = columns.instance(row) if row else None
        return user if user is not None and self.user_can_authenticate(user) else None
