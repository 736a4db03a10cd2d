"""Model instances from plain SQL, for the two reads that the ORM made too slow.

In a registration rush every request reads its user (``accounts.backends``) and every application reads the
applicant with the post (``competition.registration``). Compiling those ORM queries cost more than running them
(bench/: the user's query alone was a fifth of an application request), so those statements are written once
from the models' metadata, and their rows become model instances here exactly as the ORM would make them: the
same converters (SQLite hands back dates and datetimes as text, for one) and ``Model.from_db``.
Everything else, and every write, stays with the ORM.
"""

from django.db import connection


class Columns:
    """Some fields of a model under a table alias: the SELECT list, and the values back to an instance."""

    def __init__(self, model, names=None, *, alias=None):
        self.model = model
        self.alias = alias or model._meta.db_table
        # Model.from_db takes the values in the order of the model's concrete fields.
        self.fields = [field for field in model._meta.concrete_fields if names is None or field.name in names]
        unknown = set(names or ()) - {field.name for field in self.fields}
        if unknown:
            raise ValueError(f"{model.__name__} has no concrete fields {sorted(unknown)}")
        self._attnames = [field.attname for field in self.fields]
        self._converters = []
        for field in self.fields:
            column = field.get_col(self.alias)
            converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            self._converters.append((column, converters))

    def __len__(self):
        return len(self.fields)

    @property
    def select(self):
        q = connection.ops.quote_name
        return ", ".join(f"{q(self.alias)}.{q(field.column)}" for field in self.fields)

    def instance(self, values):
        """The instance these values (in ``select``'s order) describe; None if the primary key is NULL, which is
        how an outer join says it found no row. The primary key must be among the fields."""
        converted = []
        for value, (column, converters) in zip(values, self._converters, strict=True):
            for converter in converters:
                value = converter(value, column, connection)
            converted.append(value)
        instance = self.model.from_db(connection.alias, self._attnames, converted)
        return None if instance.pk is None else instance
