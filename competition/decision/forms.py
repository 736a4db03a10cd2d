"""Forms of step 8, the committee decision."""


from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition.models import DecisionMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("meeting date"), initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(
        label=_("notes"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )

    def __init__(self, *args, campaign_start=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign_start = campaign_start

    def clean_meeting_date(self):
        date = self.cleaned_data["meeting_date"]
        if self.campaign_start and date < self.campaign_start:
            raise forms.ValidationError(_("The meeting cannot be before the campaign began."))
        return date


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
