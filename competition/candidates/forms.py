"""Forms of the candidate's file: the nomination (18.2), appeals (18.4), exceptions (18.3) and materials (18.1)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competition.candidates import files
from competition.candidates.nomination import MAX_SIGNATURES, NominationRefused, nomination_clean
from competition.models import MaterialRequirement, NominationSource, Post, Requirement
from core.forms import DateTimeField, DateTimeInput


class NominationFieldsMixin(forms.Form):
    """How the candidate came: the source and the one particular it needs (checked by ``nomination_clean``).
    ``cleaned_data["nomination"]`` is the ``Nomination`` the services take."""

    nomination_source = forms.ChoiceField(
        label=_("nomination source"),
        choices=NominationSource.choices,
        initial=NominationSource.SELF,
        required=False,  # not given: a self-nomination, as applying always was
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    nominated_by = forms.CharField(
        label=_("nominated by"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("For an organisation's nomination: the organisation."),
    )
    nomination_signatures = forms.IntegerField(
        label=_("number of signatures"),
        required=False,
        min_value=1,
        max_value=MAX_SIGNATURES,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=_("For colleagues' nomination: how many signed it."),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.has_error("nomination_source"):
            try:
                cleaned["nomination"] = nomination_clean(
                    cleaned["nomination_source"], cleaned.get("nominated_by"), cleaned.get("nomination_signatures")
                )
            except NominationRefused as refusal:
                self.add_error(None, str(refusal))
        return cleaned


class NominationForm(NominationFieldsMixin, forms.Form):
    """The office sets or corrects how a candidate came (on the review panel)."""


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the appeal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("What was misjudged, and what shows it (the office may ask for documents)."),
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("uphold", _("Uphold")), ("dismiss", _("Dismiss"))])
    reason = forms.CharField(label=_("reason for the decision"), max_length=1000)


class ExceptionRequestForm(forms.Form):
    requirement = forms.ChoiceField(label=_("requirement"), choices=[], widget=forms.Select(attrs={"class": "form-select"}))
    reason = forms.CharField(
        label=_("reason for the exception"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Why you should be admitted although you do not meet the requirement (achievements, special needs of the post)."),
    )
    evidence = forms.FileField(
        label=_("evidence"), required=False, help_text=_("PDF, JPEG or PNG, at most 5 MB; checked by its content.")
    )

    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [(item, Requirement(item).label) for item in requirements if item in Requirement.values]


class ExceptionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    reason = forms.CharField(label=_("reason for the decision"), max_length=1000)


class RequirementForm(forms.Form):
    post = forms.ModelChoiceField(
        label=_("post"), queryset=Post.objects.none(), required=False, empty_label=_("every post of the campaign"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(label=_("kind of material"), choices=MaterialRequirement.Kind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    title = forms.CharField(label=pgettext_lazy("material", "title"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"}))
    required = forms.BooleanField(label=_("required"), required=False, initial=True)
    deadline = DateTimeField(label=_("deadline"), widget=DateTimeInput(attrs={"class": "form-control"}))
    allowed_types = forms.MultipleChoiceField(
        label=_("allowed file types"), choices=list(files.KINDS.items()), widget=forms.CheckboxSelectMultiple,
    )
    max_mb = forms.IntegerField(label=_("maximum size (MB)"), min_value=1, max_value=50, initial=10,
                                widget=forms.NumberInput(attrs={"class": "form-control"}))

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = Post.objects.filter(campaign=campaign).select_related("unit").order_by("unit__name", "title")


class MaterialUploadForm(forms.Form):
    requirement = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    file = forms.FileField(label=_("file"))
