"""Forms of step 8, the committee decision."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competition.models import CommitteeMember, DecisionMember, ExaminerRelative
from competition.release.forms import BootstrapWidgetsMixin
from core.forms import DateField, DateInput

DATE = DateInput()


class DecisionForm(forms.Form):
    """The meeting's record for one candidate: one control per roster member serving on the meeting's date, which
    says both whether the member was present and how they voted ("缺席" is absence), so the two cannot contradict.
    A member recused for the candidate has no control: the page shows the reason."""

    meeting_date = DateField(
        label=_("meeting date"), initial=timezone.localdate,
        widget=DateInput(attrs={"class": "form-control"}),
    )
    meeting_no = forms.IntegerField(
        label=_("meeting number in the year"), min_value=1, max_value=999,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=_("The committee's meeting of the year: 12 for 第12次会议."),
    )
    place = forms.CharField(label=_("place of the meeting"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"}))
    chair = forms.ChoiceField(label=_("chaired by"), widget=forms.Select(attrs={"class": "form-select"}))
    notes = forms.CharField(
        label=_("notes"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )

    application_id = forms.TypedChoiceField(label=_("candidate"), coerce=int, required=False)

    def __init__(self, *args, campaign_start=None, candidates=(), seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign_start = campaign_start
        self.seats = list(seats)
        # A post with several places: the committee votes on each candidate; the record says which.
        candidates = list(candidates)
        if len(candidates) > 1:
            field = self.fields["application_id"]
            field.choices = [(c.pk, c.person.name) for c in candidates]
            field.required = True
            field.widget.attrs["class"] = "form-select"
        else:
            del self.fields["application_id"]
        # The chair is a member present for the item (the service checks it against the votes).
        chairs = [seat.member for seat in self.seats if not seat.recusal]
        self.fields["chair"].choices = [("", "---------")] + [(member.name, member.name) for member in chairs]
        secretary = next((m for m in chairs if m.role == CommitteeMember.Role.SECRETARY), None)
        if secretary and not self.is_bound:
            self.initial.setdefault("chair", secretary.name)
        for seat in self.seats:
            if seat.recusal:
                continue
            self.fields[self.vote_field(seat.member)] = forms.ChoiceField(
                label=seat.member.name, choices=DecisionMember.Vote.choices, required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": seat.member.name}),
            )

    @staticmethod
    def vote_field(member) -> str:
        return f"vote_{member.pk}"

    def rows(self):
        """(seat, its bound control or None when recused), in roster order, for the template."""
        return [(seat, None if seat.recusal else self[self.vote_field(seat.member)]) for seat in self.seats]

    def votes(self) -> dict[int, str]:
        return {
            seat.member.pk: self.cleaned_data.get(self.vote_field(seat.member)) or ""
            for seat in self.seats
            if not seat.recusal
        }

    def service_fields(self) -> dict:
        keys = ("meeting_date", "notes", "application_id", "meeting_no", "place", "chair")
        data = {key: self.cleaned_data.get(key) for key in keys if key in self.fields}
        return {**data, "votes": self.votes()}

    def clean_meeting_date(self):
        date = self.cleaned_data["meeting_date"]
        if self.campaign_start and date < self.campaign_start:
            raise forms.ValidationError(_("The meeting cannot be before the campaign began."))
        return date


class SubstituteForm(forms.Form):
    replaced_id = forms.IntegerField(label=_("replaced candidate"), min_value=1)
    reason = forms.CharField(label=_("reason"), max_length=2000)


class CommitteeMemberForm(BootstrapWidgetsMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50)
    role = forms.ChoiceField(label=_("role on the committee"), choices=CommitteeMember.Role.choices)
    serving_from = DateField(label=_("serving from"), widget=DateInput())
    serving_until = DateField(label=_("serving until"), required=False, widget=DateInput())
    person = forms.ModelChoiceField(
        label=_("the member's own profile (if he applies)"), queryset=None, required=False
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class CommitteeMemberEndForm(forms.Form):
    serving_until = DateField(label=_("serving until"), widget=DateInput(attrs={"class": "form-control form-control-sm"}))


class CommitteeRelativeForm(BootstrapWidgetsMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("relative (a candidate of the unit's posts)"), queryset=None)
    kind = forms.ChoiceField(label=_("relation"), choices=ExaminerRelative.Kind.choices)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
