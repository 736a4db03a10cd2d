"""Path converters: ``<int:...>`` matches at most 18 ASCII digits.

Django's own ``int`` converter takes any length: a 20-digit id reached the database, where SQLite raises OverflowError
(a 500) and PostgreSQL a DataError. 18 digits stay below 2**63, so such a URL is a 404 before any query.
"""


class BoundedIntConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    from django.urls import register_converter

    register_converter(BoundedIntConverter, "int")


# Imported first by config/urls.py: the converter must be registered before any URL pattern is built.
register()
