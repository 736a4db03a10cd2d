"""Forms of post release, and the pieces the other steps' forms share: the crispy submit button, Bootstrap's
widget classes, the fields a service takes, a service's errors shown on its form, the filters over a list of posts."""

from collections.abc import Callable
from typing import Any, TypeVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from competition.models import Campaign, Post, Round, Unit
from competition.release.services import SCORING_RULES
from core.exceptions import ActionRefused
from core.forms import DateField, DateInput, DateTimeField, DateTimeInput, ListFilterForm

T = TypeVar("T")


class CrispyMixin:
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class BootstrapWidgetsMixin:
    """Bootstrap's classes on every widget, for a form that a template renders field by field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs["class"] = "form-control"


class ServiceFieldsMixin:
    """For a ModelForm whose service takes the form's fields as keyword arguments."""

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def save_through(form: forms.BaseForm, call: Callable[[], T]) -> T | None:
    """Run the service that saves a valid form and return its result; if the service refuses or finds the data
    invalid, show why on the form instead (on the field it names, if the form has it) and return None."""
    try:
        return call()
    except ActionRefused as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        for field, errors in (error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}).items():
            form.add_error(field if field in form.fields else None, errors)
    return None


class CampaignForm(CrispyMixin, ServiceFieldsMixin, forms.ModelForm):
    identity_checks = forms.MultipleChoiceField(
        label=_("identity checks (open selection)"),
        choices=Campaign.IdentityCheck.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What applicants from outside the district's public service must give before applying."),
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "unit",
            "identity_checks",
            "start_date",
            "release_deadline",
            "closed_on",
            "description",
            "min_qualified_applicants",
            "too_few_action",
            "posts_per_candidate_per_round",
            *SCORING_RULES,
            "publicity_working_days",
            "appeal_working_days",
            "max_substitutions",
            "unified_term_end",
            "reappointment_deadline",
        ]
        widgets = {
            "start_date": DateInput(),
            "release_deadline": DateInput(),
            "closed_on": DateInput(),
            "unified_term_end": DateInput(),
            "reappointment_deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"start_date": DateField, "release_deadline": DateField, "closed_on": DateField,
                         "unified_term_end": DateField, "reappointment_deadline": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out (a form from before the rule existed): the campaign keeps what it has, a new one the default.
        self.fields["appeal_working_days"].required = False
        self.fields["written_pass_line"].required = False

    def clean_appeal_working_days(self):
        value = self.cleaned_data.get("appeal_working_days")
        return value if value is not None else self.instance.appeal_working_days

    def clean_written_pass_line(self):
        value = self.cleaned_data.get("written_pass_line")
        return value if value is not None else self.instance.written_pass_line


class RoundForm(CrispyMixin, ServiceFieldsMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["number", "registration_opens", "registration_closes"]
        widgets = {
            "registration_opens": DateTimeInput(),
            "registration_closes": DateTimeInput(),
        }
        field_classes = {"registration_opens": DateTimeField, "registration_closes": DateTimeField}

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
    "min_leadership_level",
    "min_grade",
    "min_years_in_rank",
    "party_member_required",
    "other_requirements",
    "duties",
    "term_goals",
]


class PostForm(CrispyMixin, ServiceFieldsMixin, forms.ModelForm):
    """The post as a unit drafts it. A new post's unit is one of ``unit_choices`` (``access.units_for_release``);
    an existing post keeps its unit."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), label=_("unit"))

    class Meta:
        model = Post
        fields = POST_FIELDS
        widgets = {
            "other_requirements": forms.Textarea(attrs={"rows": 3}),
            "duties": forms.Textarea(attrs={"rows": 3}),
            "term_goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, unit_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            return
        self.fields["unit"].queryset = unit_choices
        if unit_choices.count() == 1:
            self.fields["unit"].initial = unit_choices.first()
            self.fields["unit"].widget = forms.HiddenInput()


class ReasonForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RoundAssignForm(forms.Form):
    """The round of a post; with ``announce``, the post is announced in it at once (the guided path's step)."""

    # Shown beside its button without a visible label on some pages: the select still has an accessible name.
    round = forms.ModelChoiceField(
        queryset=Round.objects.none(), label=_("round"), widget=forms.Select(attrs={"aria-label": _("round")})
    )
    announce = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = campaign.rounds.all()
        self.fields["round"].widget.attrs["class"] = "form-select"


class AnnounceAllForm(forms.Form):
    """Announce every accepted post of a campaign; those without a round go into the round chosen here."""

    round = forms.ModelChoiceField(
        queryset=Round.objects.none(), label=_("round for posts without one"), required=False
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = campaign.rounds.all()
        self.fields["round"].widget.attrs["class"] = "form-select"


class RereleaseForm(forms.Form):
    """Where the office offers a failed post again: a campaign (its own, or the next), and a round of it."""

    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label=_("campaign"))
    round = forms.ModelChoiceField(queryset=Round.objects.none(), label=_("round"), required=False)

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        campaigns = Campaign.objects.filter(closed_on__isnull=True).filter(
            ~Q(kind=Campaign.Kind.INTERNAL) | Q(unit_id=post.unit_id)
        )
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].initial = post.campaign_id
        self.fields["round"].queryset = Round.objects.filter(campaign__in=campaigns).select_related("campaign")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class PostFilterBase(BootstrapWidgetsMixin, ListFilterForm):
    """Filters over a list of posts: a unit, a free-text search, and what each list adds.

    ``lookups`` maps each choice field to the lookup it filters on; ``search_fields`` are the text fields the
    search looks in.
    """

    unit = forms.ModelChoiceField(label=_("unit"), required=False, queryset=Unit.objects.all(), empty_label=_("All units"))
    q = forms.CharField(label=_("search"), required=False, max_length=100)

    lookups: dict[str, str] = {"unit": "unit"}
    search_fields: tuple[str, ...] = ("title", "unit__name")


class PostFilterForm(PostFilterBase):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", _("All states"))] + list(Post.Status.choices))

    lookups = {"status": "status", "unit": "unit"}


class CampaignPostFilterForm(PostFilterForm):
    """A campaign's posts: also by round."""

    round = forms.ModelChoiceField(label=_("round"), required=False, queryset=Round.objects.none(), empty_label=_("All rounds"))

    lookups = {"status": "status", "unit": "unit", "round": "round"}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = campaign.rounds.order_by("number")


class PostListFilterForm(PostFilterForm):
    """Every post the user sees: also by campaign (those he sees)."""

    campaign = forms.ModelChoiceField(label=_("campaign"), required=False, queryset=Campaign.objects.none(),
                                      empty_label=_("All campaigns"))

    lookups = {"status": "status", "unit": "unit", "campaign": "campaign"}

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns.order_by("-start_date", "name")


class VacancyOverrideForm(forms.Form):
    reason = forms.CharField(label=_("reason for exceeding the approved number"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
