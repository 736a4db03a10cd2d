"""Forms of step 6, inspection: the notice, the team, a candidate's checklist and conclusion, the pool."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competition.interviews.forms import IdsField
from competition.models import ExaminerRelative, FileReviewItem, Inspection, Inspector, Person, Unit
from competition.release.forms import CrispyMixin
from core.forms import DateField, DateInput, PersonalDateField

DATE = DateInput()


class NoticeForm(CrispyMixin, forms.Form):
    submit_label = _("Publish the notice")
    start_date = DateField(label=_("inspection from"), widget=DATE)
    end_date = DateField(label=_("inspection to"), widget=DATE)
    contact = forms.CharField(
        label=_("how to give views"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("From the issuing bodies' reporting channels (Settings); change it for this notice if needed."),
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_date") and cleaned.get("end_date") and cleaned["end_date"] < cleaned["start_date"]:
            self.add_error("end_date", _("The inspection cannot end before it starts."))
        return cleaned


class TeamForm(CrispyMixin, forms.Form):
    submit_label = _("Choose this team")
    inspectors = IdsField(
        label=_("members of the team"), queryset=Inspector.objects.filter(active=True).select_related("unit"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two who are not recused for each candidate: the candidate himself, members of his unit and "
                    "declared relatives are recused."),
    )  # fmt: skip


BLANK = [("", _("not checked yet"))]


class RecusalForm(forms.Form):
    inspector = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = forms.CharField(label=_("reason for recusal"), max_length=200)


class ChecklistForm(CrispyMixin, forms.Form):
    """The candidate's checklist: every part may be left blank (not done yet); a pass needs all of it."""

    submit_label = _("Save the checklist")
    integrity_opinion = forms.ChoiceField(
        label=_("integrity opinion of the discipline inspection body"), required=False, widget=forms.RadioSelect,
        choices=BLANK + Inspection.IntegrityOpinion.choices,
    )  # fmt: skip
    integrity_opinion_by = forms.CharField(
        label=_("opinion given by"), max_length=100, required=False, help_text=_("For example 区纪委监委.")
    )
    integrity_opinion_on = PersonalDateField(label=_("opinion dated"), required=False, widget=DATE)
    integrity_opinion_note = forms.CharField(
        label=_("concerns raised"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    personal_matters = forms.ChoiceField(
        label=_("personal matters report check"), required=False, widget=forms.RadioSelect,
        choices=BLANK + Inspection.PersonalMatters.choices,
    )  # fmt: skip
    personal_matters_note = forms.CharField(
        label=_("what was not consistent, and how it was handled"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    people_talked_to = forms.IntegerField(label=_("people talked to"), min_value=1, max_value=100000, required=False)
    evaluation_result = forms.CharField(
        label=_("result of the evaluation"), max_length=300, required=False,
        help_text=_("Filled in from the post's democratic evaluation; change it if the team held its own."),
    )  # fmt: skip

    def __init__(self, *args, on_record: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        on_record = on_record or {}
        items = {}
        for item, label in FileReviewItem.Item.choices:
            record = on_record.get(item) or _("nothing")
            items[f"file_{item}"] = forms.ChoiceField(
                label=_("File review: %(item)s") % {"item": label}, required=False, widget=forms.RadioSelect,
                choices=BLANK + FileReviewItem.Result.choices,
                help_text=_("On record in the system: %(value)s") % {"value": record},
            )  # fmt: skip
            items[f"file_{item}_note"] = forms.CharField(
                label=_("%(item)s: discrepancy and how it was determined") % {"item": label}, max_length=2000,
                required=False,
            )  # fmt: skip
        # The file review first, as the team works through the file.
        self.fields = {**items, **self.fields}

    @staticmethod
    def initial_for(inspection: Inspection, evaluation_result: str) -> dict:
        initial = {
            name: getattr(inspection, name)
            for name in ("integrity_opinion", "integrity_opinion_by", "integrity_opinion_on", "integrity_opinion_note",
                         "personal_matters", "personal_matters_note", "people_talked_to")
        }  # fmt: skip
        initial["evaluation_result"] = inspection.evaluation_result or evaluation_result
        for row in inspection.file_review.all():
            initial[f"file_{row.item}"], initial[f"file_{row.item}_note"] = row.result, row.note
        return initial

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.declared_fields}
        fields["file_review"] = {
            item: (data[f"file_{item}"], data[f"file_{item}_note"]) for item in FileReviewItem.Item.values
        }
        return fields


class ConclusionForm(CrispyMixin, forms.Form):
    submit_label = _("Record the conclusion")
    conclusion = forms.ChoiceField(
        label=_("conclusion"), choices=Inspection.Conclusion.choices, widget=forms.RadioSelect
    )
    findings = forms.CharField(label=_("findings"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    fail_reason = forms.CharField(
        label=_("reason the inspection was not passed"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Required when the inspection is not passed."),
    )  # fmt: skip
    report = forms.FileField(label=_("inspection report"), help_text=_("A PDF or a Word document, at most 20 MB."))

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


# What an inspection report may be, told by its first bytes (the name and the browser's type prove nothing).
REPORT_SIGNATURES = {b"%PDF-": "pdf", b"PK\x03\x04": "docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "doc"}


class _ByIdNumber(forms.Form):
    def _person(self, number: str) -> Person | None:
        person = Person.objects.with_id_number(number).first()
        if person is None:
            raise forms.ValidationError(_("No person with this ID number."))
        return person


class InspectorForm(CrispyMixin, _ByIdNumber):
    submit_label = _("Add to the pool")
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50)
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.all(), required=False)
    title = forms.CharField(label=_("current position"), max_length=100, required=False)
    id_number = forms.CharField(
        label=_("resident ID number (if he has a profile here)"), max_length=18, required=False,
        help_text=_("Links his own profile: he is never on the team that inspects himself."),
    )  # fmt: skip

    def clean_id_number(self):
        number = self.cleaned_data["id_number"].strip()
        self.cleaned_data["person"] = self._person(number) if number else None
        return number

    def service_fields(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in ("name", "unit", "title", "person")}


class InspectorRelativeForm(CrispyMixin, _ByIdNumber):
    submit_label = _("Declare")
    id_number = forms.CharField(label=_("resident ID number of the relative"), max_length=18)
    kind = forms.ChoiceField(label=_("relation"), choices=ExaminerRelative.Kind.choices)

    def clean_id_number(self):
        self.cleaned_data["person"] = self._person(self.cleaned_data["id_number"])
        return self.cleaned_data["id_number"]
