import functools
import operator

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competition.models import Campaign, Examiner, ExaminerRelative, InterviewSession, Person, Post, Question, Unit
from competition.release.forms import CrispyMixin
from core.forms import DateField, DateInput, ListFilterForm


class IdsField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids beyond a 64-bit integer before querying: SQLite raised
    OverflowError on them (a 500) where PostgreSQL simply finds nothing."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # the parent reports it as an invalid value
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class IdField(forms.IntegerField):
    """A row's id posted by a page: a positive 64-bit integer. A larger one reached SQLite through a foreign-key
    lookup and raised OverflowError (a 500) where PostgreSQL simply finds nothing; now it is a form error."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


class ExaminerForm(CrispyMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50)
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.all(), required=False)
    title = forms.CharField(label=pgettext_lazy("person", "title"), max_length=100, required=False)
    specialties = forms.CharField(label=_("specialties"), max_length=200, required=False)
    username = forms.CharField(
        label=_("login name of the examiner's account"),
        max_length=150,
        required=False,
        help_text=_("The account the examiner logs in with to score; blank for a paper-only examiner."),
    )

    def clean_username(self):
        from accounts.models import User

        username = self.cleaned_data["username"].strip()
        if not username:
            self.cleaned_data["user"] = None
            return ""
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account with this login name."))
        if Examiner.objects.filter(user=user).exists():
            raise forms.ValidationError(_("This account already belongs to an examiner."))
        self.cleaned_data["user"] = user
        return username

    def service_fields(self):
        data = self.cleaned_data
        return {key: data[key] for key in ("name", "unit", "title", "specialties", "user")}


class RelativeForm(CrispyMixin, forms.Form):
    submit_label = _("Declare")
    id_number = forms.CharField(label=_("resident ID number of the relative"), max_length=18)
    kind = forms.ChoiceField(label=_("relation"), choices=ExaminerRelative.Kind.choices)

    def clean_id_number(self):
        person = Person.objects.with_id_number(self.cleaned_data["id_number"]).first()
        if person is None:
            raise forms.ValidationError(_("No person with this ID number."))
        self.cleaned_data["person"] = person
        return person.id_number


class QuestionForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["category", "unit_kind", "text", "notes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}


MULTI_HELP = _("Hold Ctrl (⌘ on a Mac) and click to choose several; click again with Ctrl to deselect.")


class SessionForm(CrispyMixin, forms.Form):
    """A new session of one campaign: ``campaign`` (chosen first, on the same page) limits the posts offered to that
    campaign's posts at the interview step."""

    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.all(), widget=forms.HiddenInput)
    name = forms.CharField(label=_("name"), max_length=100)
    posts = IdsField(
        label=_("posts"), queryset=Post.objects.none(), help_text=MULTI_HELP,
    )
    date = DateField(label=_("date"), required=False, widget=DateInput())
    start_time = forms.TimeField(label=_("start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    venue = forms.CharField(label=_("venue"), max_length=200, required=False)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen_campaign = campaign
        self.initial["campaign"] = campaign.pk
        self.fields["posts"].queryset = (
            Post.objects.filter(campaign=campaign, status=Post.Status.INTERVIEW).select_related("unit")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("campaign") != self.chosen_campaign:
            # The campaign is a hidden field: its error goes on top of the form, where it shows.
            raise forms.ValidationError(_("The campaign changed; choose the posts again."))
        return cleaned


class SessionCampaignForm(forms.Form):
    """The first step of a new session: the campaign whose posts it interviews (a GET form, no script needed)."""

    campaign = forms.ModelChoiceField(
        label=_("campaign"),
        queryset=Campaign.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, campaigns, **kwargs):
        """``campaigns``: those whose interview the user runs (``access.campaigns_run_by``); those with posts at the
        interview step are offered."""
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns.filter(posts__status=Post.Status.INTERVIEW).distinct()


class ExaminerAccountForm(CrispyMixin, forms.Form):
    """A new login for an examiner of the pool: an invitation by email, or a one-time password to print."""

    submit_label = _("Create the account")
    username = forms.CharField(label=_("login name"), max_length=150)
    email = forms.EmailField(label=_("email"), required=False, help_text=_("Needed for an invitation."))
    method = forms.ChoiceField(
        label=_("how the examiner gets his password"),
        choices=[
            ("invite", _("Email an invitation link (valid seven days) to choose a password")),
            ("password", _("Print a one-time password, to be changed at first login")),
        ],
        widget=forms.RadioSelect,
        initial="invite",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = ""

    def clean(self):
        data = super().clean()
        if data.get("method") == "invite" and not data.get("email"):
            self.add_error("email", _("An invitation needs the examiner's email address."))
        return data


class ExaminerAttachForm(CrispyMixin, forms.Form):
    submit_label = _("Attach the account")
    username = forms.CharField(
        label=_("login name of an existing account"), max_length=150, help_text=_("An active account no other examiner holds.")
    )


class PanelForm(forms.Form):
    """A small form posted from the session page or the examiner's page: when it is invalid the page shows
    ``invalid_message`` (what to do), not Django's per-field errors, which name no field there."""

    invalid_message = _("Please correct the form.")


class ExaminersForm(PanelForm):
    invalid_message = _("Choose examiners from the pool.")
    examiners = IdsField(queryset=Examiner.objects.filter(active=True), required=False, help_text=MULTI_HELP)


class RecusalForm(PanelForm):
    invalid_message = _("Choose an examiner and a candidate, and give a reason.")
    examiner = IdField()
    application = IdField()
    reason = forms.CharField(max_length=200)


class QuestionsForm(PanelForm):
    invalid_message = _("Choose questions from the bank.")
    questions = IdsField(queryset=Question.objects.filter(active=True), required=False)


class SessionActionForm(PanelForm):
    invalid_message = _("Unknown action.")
    ACTIONS = ["draw", "draw_questions", "start", "close", "publish"]
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    count = forms.IntegerField(min_value=1, max_value=50, required=False)


class AbsentForm(PanelForm):
    invalid_message = _("Choose a candidate.")
    slot = IdField()
    absent = forms.BooleanField(required=False)


class ScoreForm(PanelForm):
    invalid_message = _("Enter a number from 0 to 100.")
    application = IdField()
    value = forms.CharField(max_length=10, required=False)


class DimensionsForm(PanelForm):
    invalid_message = _("The list of dimensions is too long.")
    dimensions = forms.CharField(max_length=2000, required=False)


class WrittenScoreForm(PanelForm):
    invalid_message = _("Choose a candidate.")
    slot = IdField()
    value = forms.CharField(max_length=10, required=False)


class ExtraInterviewForm(PanelForm):
    invalid_message = _("Give the extra interview score and a reason.")
    application = IdField()
    value = forms.CharField(max_length=10)
    reason = forms.CharField(max_length=200)


class CorrectionForm(PanelForm):
    invalid_message = _("Give the new score and a reason.")
    score = IdField()
    value = forms.CharField(max_length=10)
    reason = forms.CharField(max_length=200)


class SheetUploadForm(forms.Form):
    MAX_BYTES = 2 * 1024 * 1024
    sheet = forms.FileField(label=_("score sheet (.xlsx)"))
    correction = forms.BooleanField(
        label=_("Import as a correction of scores already entered"),
        required=False,
        help_text=_("Without this, a sheet that changes a score already entered is refused."),
    )
    reason = forms.CharField(label=_("reason for the correction"), max_length=200, required=False)

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if sheet.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        return sheet

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("correction") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the correction."))
        return cleaned

    def correction_reason(self) -> str:
        return self.cleaned_data["reason"].strip() if self.cleaned_data.get("correction") else ""


class SessionFilterForm(ListFilterForm):
    """The sessions list's filters: campaign, status and a text in the session's name or venue."""

    campaign = forms.ModelChoiceField(label=_("campaign"), required=False, queryset=Campaign.objects.none(),
                                      empty_label=_("All campaigns"), widget=forms.Select(attrs={"class": "form-select"}))
    status = forms.ChoiceField(label=_("status"), required=False,
                               choices=[("", _("All states")), *InterviewSession.Status.choices],
                               widget=forms.Select(attrs={"class": "form-select"}))
    q = forms.CharField(label=_("search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))

    lookups = {"campaign": "campaign", "status": "status"}
    search_fields = ("name", "venue")

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns.order_by("-start_date", "name")


class PoolSearchForm(forms.Form):
    """A text to find in the examiner pool (name, unit, title, specialties) or the question bank (text, category)."""

    q = forms.CharField(label=_("search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))

    def filter(self, items, *fields: str):
        if not self.is_valid() or not self.cleaned_data["q"]:
            return items
        text = self.cleaned_data["q"]
        return items.filter(functools.reduce(operator.or_, (Q(**{f"{field}__icontains": text}) for field in fields)))
