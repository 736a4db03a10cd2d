"""Every date and datetime input in the project renders ISO (what ``<input type="date">`` accepts) in both
languages, and a form saved with its dates unchanged keeps them."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import translation

import competition
import tenure
from core.forms import DateInput, DateTimeInput

PACKAGES = [competition, tenure, importlib.import_module("accounts"), importlib.import_module("reports")]


def _all_form_classes():
    for package in PACKAGES:
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module.name.rsplit(".", 1)[-1] in ("forms", "views", "admin"):
                importlib.import_module(module.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.split(".")[0] in {p.__name__ for p in PACKAGES}]


def test_every_date_field_of_every_form_uses_the_shared_iso_widgets():
    offenders = []
    for cls in _all_form_classes():
        for name, field in getattr(cls, "base_fields", {}).items():
            if isinstance(field, forms.DateTimeField) and not isinstance(field.widget, DateTimeInput):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
            elif isinstance(field, forms.DateField) and not isinstance(field.widget, (DateInput, forms.HiddenInput)):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert offenders == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_widgets_render_iso_values_in_both_languages(language):
    with translation.override(language):
        date_html = DateInput().render("d", datetime.date(2026, 12, 2))
        time_html = DateTimeInput().render("t", datetime.datetime(2026, 12, 2, 9, 30))
    assert 'type="date"' in date_html and 'value="2026-12-02"' in date_html
    assert 'type="datetime-local"' in time_html and 'value="2026-12-02T09:30"' in time_html
