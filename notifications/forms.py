"""The reminders list's filters: by rule, and a text in the recipient's name or the subject."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.registry import REGISTRY


class ReminderFilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    q = forms.CharField(label=_("search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rules registered in this process, by label (the apps register theirs when they load).
        self.fields["rule"].choices = [("", _("All rules")), *sorted(((name, rule.label) for name, rule in REGISTRY.items()),
                                                                    key=lambda choice: str(choice[1]))]

    def filter(self, reminders):
        if not self.is_valid():
            return reminders
        data = self.cleaned_data
        if data["rule"]:
            reminders = reminders.filter(rule=data["rule"])
        if data["q"]:
            text = data["q"]
            reminders = reminders.filter(
                Q(recipient__full_name__icontains=text) | Q(recipient__username__icontains=text) | Q(subject__icontains=text)
            )
        return reminders
