"""Forms of registration: the public board's filters, sign-up, the profile, applying and reviewing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from competition import kinds
from competition.candidates.forms import NominationFieldsMixin
from competition.models import Campaign, FamilyMember, Person, Post, Unit, WorkHistoryEntry
from competition.registration.idcard import IdNumberError, parse_id_number
from competition.registration.services import TOO_FEW_FAIL, TOO_FEW_INTERNAL
from competition.release.forms import BootstrapWidgetsMixin, PostFilterBase, ServiceFieldsMixin
from core.forms import DateInput, DateTimeField, PersonalDateField


class BoardFilterForm(PostFilterBase):
    campaign = forms.ModelChoiceField(
        label=_("campaign"), required=False, queryset=Campaign.objects.none(), empty_label=_("All campaigns")
    )
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("All kinds of unit"))] + list(Unit.Kind.choices))

    lookups = {"campaign": "campaign", "unit": "unit", "kind": "unit__kind"}
    search_fields = ("title", "unit__name", "duties", "other_requirements")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(posts__in=Post.objects.announced()).distinct()


PROFILE_FIELDS = [
    "name",
    "phone",
    "email",
    "current_unit",
    "current_unit_other",
    "current_position",
    "is_leadership",
    "rank",
    "rank_since",
    "education",
    "major",
    "political_status",
    "political_status_since",
    "work_started",
    # What the application form and the approval form (competition.documents) print besides the above.
    "ethnicity",
    "native_place",
    "birthplace",
    "health",
    "professional_title",
    "fulltime_education",
    "fulltime_degree",
    "fulltime_school",
    "inservice_education",
    "inservice_degree",
    "inservice_school",
    "rewards_penalties",
    "annual_assessments",
]


MIN_WORKING_AGE = 16  # the Labour Law's minimum age


def _birthday(birth, age):
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:  # born on 29 February
        return birth.replace(year=birth.year + age, month=3, day=1)


class ProfileForm(BootstrapWidgetsMixin, ServiceFieldsMixin, forms.ModelForm):
    id_number = forms.CharField(
        label=_("resident ID number"),
        max_length=18,
        min_length=18,
        help_text=_("18 characters; your birth date and sex are read from it."),
    )
    photo_upload = forms.FileField(label=_("photo"), required=False, help_text=_("JPEG or PNG, at most 2 MB."))
    declaration = forms.BooleanField(
        label=_("I declare that the information I give is true and complete; false information disqualifies me."),
        required=True,
    )

    class Meta:
        model = Person
        fields = PROFILE_FIELDS
        widgets = {
            "rank_since": DateInput(),
            "work_started": DateInput(),
            "political_status_since": DateInput(),
        }
        field_classes = {"rank_since": PersonalDateField, "work_started": PersonalDateField, "political_status_since": PersonalDateField}

    field_order = ["name", "id_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Shown masked like everywhere else (the full number is one explicit, audited reveal away); sent back
            # unchanged, the mask stands for the number on file.
            self.fields["id_number"].initial = self.instance.masked_id_number
        self.fields["email"].required = True
        self.fields["phone"].required = True
        self.fields["name"].label = _("full name")  # a person's 姓名, not the "name" (名称) of a unit

    def clean_id_number(self):
        value = self.cleaned_data["id_number"]
        if self.instance.pk and value == self.instance.masked_id_number:
            return self.instance.id_number
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("current_unit") and not (cleaned.get("current_unit_other") or "").strip():
            self.add_error("current_unit", _("Choose your unit, or name it below if it is outside the district."))
        # The dates' range (1900 to today) is their fields' (core.forms.PersonalDateField).
        started = cleaned.get("work_started")
        if started and cleaned.get("id_number"):
            try:
                birth = parse_id_number(cleaned["id_number"]).birth_date
            except IdNumberError:
                birth = None  # the service reports the number itself
            if birth and started < _birthday(birth, MIN_WORKING_AGE):
                self.add_error("work_started", _("Work cannot start before the age of 16."))
        return cleaned


class WorkHistoryForm(forms.ModelForm):
    class Meta:
        model = WorkHistoryEntry
        fields = ["start", "end", "organisation", "position"]
        widgets = {
            "start": DateInput(attrs={"class": "form-control", "aria-label": _("from")}),
            "end": DateInput(attrs={"class": "form-control", "aria-label": _("to")}),
            "organisation": forms.TextInput(
                attrs={"class": "form-control", "placeholder": _("unit or organisation"), "aria-label": _("unit or organisation")}
            ),
            "position": forms.TextInput(attrs={"class": "form-control", "placeholder": _("position"), "aria-label": _("position")}),
        }
        field_classes = {"start": PersonalDateField, "end": PersonalDateField}


class FamilyMemberForm(forms.ModelForm):
    class Meta:
        model = FamilyMember
        fields = ["relation", "name", "birth_date", "political_status", "work"]
        widgets = {
            "relation": forms.TextInput(attrs={"class": "form-control", "placeholder": _("relation"), "aria-label": _("relation")}),
            "name": forms.TextInput(attrs={"class": "form-control", "placeholder": _("full name"), "aria-label": _("full name")}),
            "birth_date": DateInput(attrs={"class": "form-control", "aria-label": _("birth date")}),
            "political_status": forms.Select(attrs={"class": "form-select", "aria-label": _("political status")}),
            "work": forms.TextInput(attrs={"class": "form-control", "placeholder": _("unit and post"), "aria-label": _("unit and post")}),
        }
        field_classes = {"birth_date": PersonalDateField}


class ApplicationForm(NominationFieldsMixin, forms.Form):
    statement = forms.CharField(
        label=_("statement"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("Optional: why you apply, what you would do in the post."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for withdrawal"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("qualified", _("Qualified")), ("unqualified", _("Not qualified"))])
    reason = forms.CharField(required=False, max_length=1000)


class CloseForm(forms.Form):
    too_few_action = forms.ChoiceField(
        label=_("if too few are qualified"),
        choices=[(TOO_FEW_INTERNAL, _("move to internal competition")), (TOO_FEW_FAIL, _("fail for re-release"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(label=_("reason"), required=False, max_length=1000)


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=50)


# --- The office's control of a round's registration (registration.control) ---


class PauseForm(BootstrapWidgetsMixin, forms.Form):
    prefix = "pause"
    reason = forms.CharField(label=_("reason shown on the board"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ResumeForm(BootstrapWidgetsMixin, forms.Form):
    prefix = "resume"
    reason = forms.CharField(label=_("note"), required=False, max_length=1000)


class ExtendForm(BootstrapWidgetsMixin, forms.Form):
    prefix = "extend"
    new_closes = DateTimeField(label=_("new deadline"))
    reason = forms.CharField(label=_("reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class LateRegistrationForm(BootstrapWidgetsMixin, forms.Form):
    """One person (found by ID number, as the office knows people) and one post of the round."""

    prefix = "late"
    post = forms.ModelChoiceField(label=_("post"), queryset=Post.objects.none())
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    valid_until = DateTimeField(label=_("valid until"))
    reason = forms.CharField(label=_("reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = round_.posts.filter(status=Post.Status.REGISTRATION).select_related("unit")
        self.people = Person.objects.all()
        if kinds.rules_of(round_.campaign).own_unit_only:
            # An internal competition's secretary finds only his unit's staff: the form tells him nothing of others.
            self.people = self.people.filter(current_unit_id=round_.campaign.unit_id)

    def clean_id_number(self):
        try:
            number = parse_id_number(self.cleaned_data["id_number"]).number
        except IdNumberError as error:
            raise forms.ValidationError(_(str(error))) from None
        person = self.people.with_id_number(number).first()
        if person is None:
            raise forms.ValidationError(_("No profile has this ID number."))
        self.cleaned_data["person"] = person
        return number


class SwitchForm(forms.Form):
    post = forms.IntegerField(min_value=1, max_value=2**63 - 1)
