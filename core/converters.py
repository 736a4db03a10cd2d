"""Path converters: ``<id:...>`` is a row id of at most 18 ASCII digits.

Django's own ``int`` converter takes any length: a 20-digit id reached the database, where SQLite raises OverflowError
(a 500) and PostgreSQL a DataError. 18 digits stay below 2**63, so such a URL is a 404 before any query. It is
registered under its own name (overriding ``int`` is deprecated from Django 5.1); every URLconf of the project uses
``<id:...>``, and tests/test_urls.py fails on a pattern that uses ``int``.
"""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def register() -> None:
    from django.urls import register_converter
    from django.urls.converters import get_converters

    if "id" not in get_converters():
        register_converter(IdConverter, "id")


# Imported first by config/urls.py: the converter must be registered before any URL pattern is built.
register()
