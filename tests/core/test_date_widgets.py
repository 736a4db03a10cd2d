"""Every date and datetime input in the project renders ISO (what ``<input type="date">`` accepts) in both
languages, and a form saved with its dates unchanged keeps them; every date field of every form refuses a date that
cannot be (year 1, before 1900, far ahead; a person's date in the future) with a message, by the one rule of
``core.forms``."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

import competition
import tenure
from core import forms as core_forms
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


def _date_fields():
    for cls in _all_form_classes():
        for name, field in getattr(cls, "base_fields", {}).items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                yield f"{cls.__module__}.{cls.__name__}.{name}", field


# A person's dates: a birth, a job held, a rank or a party membership since: never in the future.
PERSONAL = {
    "competition.registration.forms.ProfileForm.rank_since",
    "competition.registration.forms.ProfileForm.political_status_since",
    "competition.registration.forms.ProfileForm.work_started",
    "competition.registration.forms.WorkHistoryForm.start",
    "competition.registration.forms.WorkHistoryForm.end",
    "competition.registration.forms.FamilyMemberForm.birth_date",
    "competition.inspection.forms.ChecklistForm.integrity_opinion_on",  # an opinion already given: not ahead
}


def test_every_date_field_of_every_form_is_one_of_the_bounded_fields():
    fields = dict(_date_fields())
    assert len(fields) >= 30  # campaign, round, session, term, review, termination, exits, decision, inspection, ...
    offenders = [
        name for name, field in fields.items()
        if not isinstance(field, (core_forms.DateField, core_forms.DateTimeField))
        or isinstance(field, core_forms.PersonalDateField) != (name in PERSONAL)
    ]
    assert offenders == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_date_field_of_every_form_refuses_impossible_and_absurd_dates_with_a_message(language):
    today = datetime.date.today()
    far = today.replace(year=today.year + core_forms.YEARS_AHEAD + 1)
    with translation.override(language):
        for name, field in _date_fields():
            time = "T09:00" if isinstance(field, forms.DateTimeField) else ""
            bad = ["0001-01-01", "1899-12-31", far.isoformat(), "9999-12-31"]
            if name in PERSONAL:
                bad.append((today + datetime.timedelta(days=1)).isoformat())
            for value in bad:
                with pytest.raises(ValidationError) as caught:
                    field.clean(value + time)
                message = caught.value.messages[0]
                assert ("1900年1月1日" if language == "zh-hans" else "1900-01-01") in message, (name, value, message)
                assert ("日期" in message) == (language == "zh-hans"), (name, message)
            good = "2004-11-30" if name in PERSONAL else today.isoformat()
            assert field.clean(good + time)
