"""Forms of steps 5 to 8: democratic evaluation, inspection, publicity and objections, committee decision."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition.models import DecisionMember, Inspection, Objection, Rating, WorkdayOverride

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EvaluationOpenForm(forms.Form):
    called = forms.IntegerField(
        label=_("participants called"), min_value=1, max_value=2000, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    date = forms.DateField(
        label=_("evaluation date"), initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("ballot code"), max_length=60, widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))


class BallotForm(forms.Form):
    """One rating per candidate; the code travels along in a hidden field until the ballot is cast."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=60)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            self.fields[f"c{candidate.pk}"] = forms.ChoiceField(
                label=candidate.application.person.name,
                choices=Rating.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )

    def ratings(self):
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.candidates}

    def candidate_fields(self):
        return [(c, self[f"c{c.pk}"]) for c in self.candidates]


class PaperTallyForm(forms.Form):
    ballots = forms.IntegerField(label=_("paper ballots returned"), min_value=0)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            for rating, label in Rating.choices:
                self.fields[f"c{candidate.pk}_{rating}"] = forms.IntegerField(
                    label=label, min_value=0, initial=getattr(candidate, f"paper_{rating}")
                )

    def counts(self):
        return {c.pk: tuple(self.cleaned_data[f"c{c.pk}_{r}"] for r in Rating.values) for c in self.candidates}

    def rows(self):
        return [(c, [self[f"c{c.pk}_{r}"] for r in Rating.values]) for c in self.candidates]


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["team", "start_date", "end_date", "people_talked_to", "findings", "conclusion", "report"]
        widgets = {
            "team": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 5}),
            "start_date": DATE,
            "end_date": DATE,
            "conclusion": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no empty "---------" choice: the field is required and starts unchecked.
        self.fields["conclusion"].choices = Inspection.Conclusion.choices

    def clean_report(self):
        """A PDF or a Word document, by its content, at most 20 MB, stored under a generated name."""
        report = self.cleaned_data["report"]
        if not report:
            return report
        if report.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The report is larger than 20 MB."))
        report.seek(0)
        head = report.read(8)
        report.seek(0)
        extension = next((ext for signature, ext in REPORT_SIGNATURES.items() if head.startswith(signature)), None)
        if extension is None:
            raise forms.ValidationError(_("The report must be a PDF or a Word document."))
        report.name = f"{uuid.uuid4().hex}.{extension}"
        return report

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_date") and cleaned.get("end_date") and cleaned["end_date"] < cleaned["start_date"]:
            self.add_error("end_date", _("The inspection cannot end before it starts."))
        return cleaned


# What an inspection report may be, told by its first bytes (the name and the browser's type prove nothing).
REPORT_SIGNATURES = {b"%PDF-": "pdf", b"PK\x03\x04": "docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "doc"}


class PublicityForm(forms.Form):
    contact = forms.CharField(label=_("how to object"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("further text"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["name", "contact", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class InvestigationForm(forms.Form):
    investigation = forms.CharField(label=_("investigation"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.ChoiceField(
        label=_("result"),
        choices=[(Objection.Result.SUBSTANTIATED, Objection.Result.SUBSTANTIATED.label), (Objection.Result.UNSUBSTANTIATED, Objection.Result.UNSUBSTANTIATED.label)],
    )


class DecisionForm(forms.Form):
    meeting_date = forms.DateField(
        label=_("meeting date"), initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
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


class WorkdayOverrideForm(forms.ModelForm):
    class Meta:
        model = WorkdayOverride
        fields = ["date", "is_working_day", "note"]
        widgets = {"date": DATE}
