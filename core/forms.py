"""The date widgets every form uses: ``<input type="date">`` and ``<input type="datetime-local">`` accept only ISO
values (``2026-12-02``, ``2026-12-02T09:00``) whatever the interface's language, so these widgets always render ISO,
and the form fields read ISO back in every language."""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's name
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's name
        super().__init__(attrs=attrs, format=ISO_DATETIME)


class DateField(forms.DateField):
    """A date field with the ISO widget that reads ISO in every language."""

    widget = DateInput


class DateTimeField(forms.DateTimeField):
    """A date and time field with the ISO widget; reads ``2026-12-02T09:00`` and ``2026-12-02 09:00``."""

    widget = DateTimeInput
