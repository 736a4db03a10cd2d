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

    application_id = forms.TypedChoiceField(label=_("candidate"), coerce=int, required=False)

    def __init__(self, *args, campaign_start=None, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign_start = campaign_start
        # A post with several places: the committee votes on each candidate; the record says which.
        candidates = list(candidates)
        if len(candidates) > 1:
            field = self.fields["application_id"]
            field.choices = [(c.pk, c.person.name) for c in candidates]
            field.required = True
            field.widget.attrs["class"] = "form-select"
        else:
            del self.fields["application_id"]

    def clean_meeting_date(self):
        date = self.cleaned_data["meeting_date"]
        if self.campaign_start and date < self.campaign_start:
            raise forms.ValidationError(_("The meeting cannot be before the campaign began."))
        return date


class MemberForm(forms.Form):
    """One member's row: a single control says both whether the member was present and how they voted ("缺席" is
    absence), so the two cannot contradict each other."""

    name = forms.CharField(
        label=_("member"), max_length=50, required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "aria-label": _("member")}),
    )
    vote = forms.ChoiceField(
        label=_("attendance and vote"), choices=DecisionMember.Vote.choices, required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": _("attendance and vote")}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name"):
            cleaned["attended"] = bool(cleaned.get("vote"))
        return cleaned


MemberFormSet = forms.formset_factory(MemberForm, extra=0, max_num=50, absolute_max=50)
MEMBER_ROWS = 11


class SubstituteForm(forms.Form):
    replaced_id = forms.IntegerField(label=_("replaced candidate"), min_value=1)
    reason = forms.CharField(label=_("reason"), max_length=2000)
