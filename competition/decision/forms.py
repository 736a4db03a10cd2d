"""Forms of step 8, the committee decision."""


from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition.models import DecisionMember
from core.forms import DateField, DateInput

DATE = DateInput()


class DecisionForm(forms.Form):
    meeting_date = DateField(
        label=_("meeting date"), initial=timezone.localdate,
        widget=DateInput(attrs={"class": "form-control"}),
    )
    notes = forms.CharField(
        label=_("notes"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class MemberForm(forms.Form):
    name = forms.CharField(
        label=_("member"), max_length=50, required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "aria-label": _("member")}),
    )
    attended = forms.BooleanField(
        label=_("present"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input", "aria-label": _("present")})
    )
    vote = forms.ChoiceField(
        label=_("vote"), choices=DecisionMember.Vote.choices, required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": _("vote")}),
    )


MemberFormSet = forms.formset_factory(MemberForm, extra=0, max_num=50, absolute_max=50)
MEMBER_ROWS = 11
