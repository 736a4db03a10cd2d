from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition.models import Campaign, Position, Unit
from core.forms import DateField, DateInput, DateTimeField, DateTimeInput, ListFilterForm
from tenure.models import (
    AnnualReview,
    Exit,
    ProbationAssessment,
    Rating,
    TermAssessment,
    TermGoal,
    TerminationReason,
)

DATE = DateInput()


class GoalForm(forms.ModelForm):
    class Meta:
        model = TermGoal
        fields = ["goal", "measures"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 2}), "measures": forms.Textarea(attrs={"rows": 2})}


class AnnualReviewForm(forms.ModelForm):
    class Meta:
        model = AnnualReview
        fields = ["year", "rating", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def clean_year(self):
        # A review is of a year that has begun: none for a future year, none before the archive's first.
        year = self.cleaned_data["year"]
        if year is not None and not 1900 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("An annual review is for a year up to this one."))
        return year


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = TermAssessment
        fields = ["rating", "assessed_on", "notes"]
        widgets = {"assessed_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"assessed_on": DateField}


class ProbationForm(forms.Form):
    result = forms.ChoiceField(label=_("result"), choices=ProbationAssessment.Result.choices)
    assessed_on = DateField(label=_("assessed on"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("reason (when not confirmed)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    returned_to_post = forms.CharField(
        label=_("returns to the post (when not confirmed)"), required=False, max_length=200
    )


class TerminateForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        # A move and a probation not confirmed have actions of their own (they record more than a reason).
        choices=[
            c
            for c in TerminationReason.choices
            if c[0] not in (TerminationReason.SPECIAL_WORK_NEEDS, TerminationReason.PROBATION_NOT_CONFIRMED)
        ],
    )
    on = DateField(label=_("Ends on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class SpecialMoveForm(forms.Form):
    position = forms.ModelChoiceField(label=_("New position"), queryset=Position.objects.none())
    on = DateField(label=_("Moves on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Special work needs"), max_length=200)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions.select_related("unit")


class ExitForm(forms.ModelForm):
    class Meta:
        model = Exit
        fields = ["talk_on", "handover_on", "filed_on", "arrangement", "arrangement_details"]
        widgets = {"talk_on": DATE, "handover_on": DATE, "filed_on": DATE}
        field_classes = {"talk_on": DateField, "handover_on": DateField, "filed_on": DateField}


class ResultsForm(forms.Form):
    evaluation_result = forms.ChoiceField(label=_("Democratic evaluation result"), choices=Rating.choices)
    performance_result = forms.ChoiceField(label=_("Performance report result"), choices=Rating.choices)


class PublicityForm(forms.Form):
    publicity_start = DateField(label=_("Publicity starts"), widget=DATE)
    publicity_end = DateField(label=_("Publicity ends"), widget=DATE)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReappointmentStartForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.filter(kind=Campaign.Kind.UNIFIED))
    term = forms.ModelChoiceField(label=_("Incumbent's term"), queryset=None)

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms.select_related("person", "position__unit")


class UnitChoiceForm(forms.Form):
    """The office's first step where a form offers one unit's terms or positions (a reappointment's term, a special
    move's position): a province's every term or position in one list would be tens of thousands of options."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.order_by("name"), empty_label=None,
                                  widget=forms.Select(attrs={"class": "form-select"}))


class FlagFilterForm(ListFilterForm):
    """The flags page's filters: a unit (the office's; a secretary sees his own), a kind of flag, a name."""

    FLAGS = [
        ("max_age", _("Maximum age")),
        ("consecutive", _("Consecutive terms in one post")),
        ("years_at_level", _("Years at the same level")),
    ]

    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.order_by("name"),
                                  empty_label=_("All units"), widget=forms.Select(attrs={"class": "form-select"}))
    flag = forms.ChoiceField(label=_("Flags"), required=False, choices=[("", _("Every flag")), *FLAGS],
                             widget=forms.Select(attrs={"class": "form-select"}))
    q = forms.CharField(label=_("search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))

    lookups = {"unit": "unit"}
    search_fields = ("person__name", "position__title")

    def __init__(self, *args, whole_district: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not whole_district:
            del self.fields["unit"]  # a secretary's flags are his unit's


class TermChangeForm(forms.Form):
    name = forms.CharField(label=_("Name of the new campaign"), max_length=200)
    expiring_by = DateField(label=_("Terms expiring by"), widget=DATE)
    registration_opens = DateTimeField(
        label=_("Registration opens"), widget=DateTimeInput()
    )
    registration_closes = DateTimeField(
        label=_("Registration closes"), widget=DateTimeInput()
    )
    unified_term_end = DateField(label=_("Unified end of the new terms"), widget=DATE)
    reappointment_deadline = DateField(
        label=_("Deadline for reappointing posts not competed"), widget=DATE, required=False
    )
