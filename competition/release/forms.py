from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from competition.models import Campaign, Post, Round, Unit


class CrispyMixin:
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class CampaignForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "unit",
            "start_date",
            "description",
            "min_qualified_applicants",
            "too_few_action",
            "posts_per_candidate_per_round",
            "examiners_per_session",
            "trim_each_end",
            "written_exam_weight",
            "advance_count",
            "advance_percent",
            "evaluation_turnout_numerator",
            "evaluation_turnout_denominator",
            "evaluation_pass_numerator",
            "evaluation_pass_denominator",
            "publicity_working_days",
            "unified_term_end",
            "reappointment_deadline",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "unified_term_end": forms.DateInput(attrs={"type": "date"}),
            "reappointment_deadline": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class RoundForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["number", "registration_opens", "registration_closes"]
        widgets = {
            "registration_opens": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "registration_closes": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        if not self.instance.pk and not self.initial.get("number"):
            last = campaign.rounds.order_by("-number").first()
            self.initial["number"] = (last.number + 1) if last else 1

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("The registration window must end after it starts."))
        return cleaned


POST_FIELDS = [
    "title",
    "places",
    "level",
    "min_education",
    "max_age",
    "min_rank",
    "min_years_in_rank",
    "other_requirements",
    "duties",
    "term_goals",
]


class PostForm(CrispyMixin, forms.ModelForm):
    """The post as a unit drafts it. The office also chooses the unit."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), label=_("unit"))

    class Meta:
        model = Post
        fields = POST_FIELDS
        widgets = {
            "other_requirements": forms.Textarea(attrs={"rows": 3}),
            "duties": forms.Textarea(attrs={"rows": 3}),
            "term_goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, unit_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_choices
        if self.instance.pk:
            del self.fields["unit"]
        elif unit_choices.count() == 1:
            self.fields["unit"].initial = unit_choices.first()
            self.fields["unit"].widget = forms.HiddenInput()

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in POST_FIELDS}


class ReasonForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RoundAssignForm(forms.Form):
    round = forms.ModelChoiceField(queryset=Round.objects.none(), label=_("round"))

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = campaign.rounds.all()


class PostFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", _("All states"))] + list(Post.Status.choices))
    unit = forms.ModelChoiceField(label=_("unit"), required=False, queryset=Unit.objects.all(), empty_label=_("All units"))
    q = forms.CharField(label=_("search"), required=False, max_length=100)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("unit"):
            queryset = queryset.filter(unit=data["unit"])
        if data.get("q"):
            queryset = queryset.filter(Q(title__icontains=data["q"]) | Q(unit__name__icontains=data["q"]))
        return queryset
