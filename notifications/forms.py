"""The reminders list's filters: by rule, and a text in the recipient's name or the subject."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ListFilterForm
from notifications.registry import REGISTRY


class ReminderFilterForm(ListFilterForm):
    rule = forms.ChoiceField(label=_("Rule"), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    q = forms.CharField(label=_("search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))

    lookups = {"rule": "rule"}
    search_fields = ("recipient__full_name", "recipient__username", "subject")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rules registered in this process, by label (the apps register theirs when they load).
        rules = sorted(((name, rule.label) for name, rule in REGISTRY.items()), key=lambda choice: str(choice[1]))
        self.fields["rule"].choices = [("", _("All rules")), *rules]
