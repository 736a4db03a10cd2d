"""Forms of step 7, publicity and objections, and the working-day overrides."""


from django import forms
from django.utils.translation import gettext_lazy as _

from competition.models import Objection, WorkdayOverride
from core.forms import DateField, DateInput

DATE = DateInput()


class PublicityForm(forms.Form):
    contact = forms.CharField(label=_("how to object"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("further text"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(forms.ModelForm):
    """An objection to one candidate of the notice: with several on it, the objector says which."""

    candidate = forms.TypedChoiceField(label=_("the objection concerns"), coerce=int, required=False)

    class Meta:
        model = Objection
        fields = ["candidate", "name", "contact", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        # 提倡实名反映, but neither a name nor a contact is required: the reference number answers an anonymous one.
        help_texts = {
            "name": _("Reports under one's own name are encouraged; you may also report anonymously."),
            "contact": _("Optional. The outcome can be looked up with the reference number without it."),
        }

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        rows = list(rows)
        if len(rows) > 1:
            self.fields["candidate"].choices = [(row.pk, row.particulars.get("name") or row.application.person.name) for row in rows]
            self.fields["candidate"].required = True
        else:
            del self.fields["candidate"]


class InvestigationForm(forms.Form):
    investigation = forms.CharField(label=_("investigation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.ChoiceField(
        label=_("result"),
        choices=[(Objection.Result.SUBSTANTIATED, Objection.Result.SUBSTANTIATED.label), (Objection.Result.UNSUBSTANTIATED, Objection.Result.UNSUBSTANTIATED.label)],
    )


class WorkdayOverrideForm(forms.ModelForm):
    class Meta:
        model = WorkdayOverride
        fields = ["date", "is_working_day", "note"]
        widgets = {"date": DATE}
        field_classes = {"date": DateField}
