"""Forms of step 6, inspection."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from competition.models import Inspection
from core.forms import DateField, DateInput

DATE = DateInput()


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
        field_classes = {"start_date": DateField, "end_date": DateField}

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
