"""The audit log's filters: what an auditor asks of the log (a kind, a user, an outcome, a span of days)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from core.forms import DateField, ListFilterForm


def _select(label, choices, everything):
    return forms.ChoiceField(label=label, choices=[("", everything), *choices], required=False,
                             widget=forms.Select(attrs={"class": "form-select"}))


class AuditFilterForm(ListFilterForm):
    kind = _select(_("kind"), AuditEvent.Kind.choices, _("All kinds"))
    outcome = _select(_("outcome"), AuditEvent.Outcome.choices, _("Any outcome"))
    user = forms.CharField(label=_("user"), required=False, max_length=150,
                           widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))
    since = DateField(label=_("from"), required=False)
    until = DateField(label=_("to"), required=False)

    # The user's name as the row keeps it: a failed login names someone who may not exist.
    lookups = {"kind": "kind", "outcome": "outcome", "user": "username__icontains"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("since", "until"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The first day comes after the last."))
        return data

    def narrow(self, events, data):
        # Whole days in the district's time zone, as a range on the indexed time (not a date cast of every row).
        if data["since"]:
            events = events.filter(at__gte=_start_of(data["since"]))
        if data["until"]:
            events = events.filter(at__lt=_start_of(data["until"] + datetime.timedelta(days=1)))
        return events


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
