from django import forms
from django.utils.translation import gettext_lazy as _

from competition.interviews.forms import MULTI_HELP, IdsField, SheetUploadForm
from competition.interviews.rules import InterviewError, parse_dimensions
from competition.models import AdmissionTicket, Campaign, Post
from competition.release.forms import CrispyMixin
from competition.written.services import MarkEntry, MarkError
from competition.written.sheets import parse_mark
from core.exceptions import ActionRefused
from core.forms import DateTimeField


class WrittenCampaignForm(forms.Form):
    """The first step of a new session: the campaign whose posts sit it (a GET form, no script needed)."""

    campaign = forms.ModelChoiceField(
        label=_("campaign"),
        queryset=Campaign.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns.filter(has_written_exam=True, posts__status=Post.Status.WRITTEN).distinct()


class WrittenSessionForm(CrispyMixin, forms.Form):
    """A new session of one campaign: its posts at the written exam step, when and where, and its rooms."""

    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.all(), widget=forms.HiddenInput)
    name = forms.CharField(label=_("name"), max_length=100)
    posts = IdsField(label=_("posts"), queryset=Post.objects.none(), help_text=MULTI_HELP)
    starts_at = DateTimeField(label=_("exam starts"))
    ends_at = DateTimeField(label=_("exam ends"))
    venue = forms.CharField(label=_("venue"), max_length=200)
    rooms = forms.CharField(
        label=_("rooms"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One room a line: its name, a space and its number of seats, as “第一考场 30”."),
    )
    rules = forms.CharField(
        label=_("exam rules"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Printed on every admission ticket; blank for the usual rules."),
    )  # fmt: skip

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen_campaign = campaign
        self.initial["campaign"] = campaign.pk
        self.fields["posts"].queryset = Post.objects.filter(
            campaign=campaign, status=Post.Status.WRITTEN, written_sessions__isnull=True
        ).select_related("unit")

    def clean_rooms(self):
        try:
            rooms = parse_dimensions(self.cleaned_data["rooms"])
        except InterviewError as error:
            raise forms.ValidationError(str(error)) from None
        if not rooms:
            raise forms.ValidationError(_("Give at least one room with its seats."))
        return rooms

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("campaign") != self.chosen_campaign:
            raise forms.ValidationError(_("The campaign changed; choose the posts again."))
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("The exam must end after it starts."))
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        return {key: data[key] for key in ("campaign", "name", "posts", "starts_at", "ends_at", "venue", "rooms", "rules")}


class SessionActionForm(forms.Form):
    invalid_message = _("Unknown action.")
    ACTIONS = ("issue", "publish")
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])


class MarksUploadForm(SheetUploadForm):
    """The mark sheet, as the interview's score sheet is uploaded (a correction needs a reason)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].label = _("mark sheet (.xlsx)")
        self.fields["correction"].label = _("Import as a correction of marks already entered")
        self.fields["correction"].help_text = _("Without this, a sheet that changes a mark already entered is refused.")


class MarksForm(forms.Form):
    """The marks page: per ticket a mark out of 100 or absent (缺考); a blank row is left as it is. ``entries()`` gives
    the rows filled in, or ``errors_by_row`` lists every wrong row (nothing is saved then)."""

    reason = forms.CharField(
        label=_("reason for corrections"), max_length=200, required=False,
        help_text=_("Needed only to change a mark (or an absence) already entered."),
    )  # fmt: skip

    def __init__(self, *args, tickets: list[AdmissionTicket], **kwargs):
        super().__init__(*args, **kwargs)
        self.tickets = tickets
        for ticket in tickets:
            self.fields[f"mark-{ticket.pk}"] = forms.CharField(
                label=_("mark of %(number)s") % {"number": ticket.number}, max_length=10, required=False,
                initial=ticket.mark,
            )  # fmt: skip
            self.fields[f"absent-{ticket.pk}"] = forms.BooleanField(
                label=_("absent (缺考)"), required=False, initial=ticket.absent
            )
        self.mark_errors: list[MarkError] = []

    def rows(self):
        """Each ticket with its two fields, for the template."""
        return [(ticket, self[f"mark-{ticket.pk}"], self[f"absent-{ticket.pk}"]) for ticket in self.tickets]

    def entries(self) -> list[MarkEntry]:
        entries = []
        for ticket in self.tickets:
            raw = (self.cleaned_data.get(f"mark-{ticket.pk}") or "").strip()
            absent = bool(self.cleaned_data.get(f"absent-{ticket.pk}"))
            if absent and raw and raw != "缺考":
                self.mark_errors.append(MarkError(ticket.number, str(_("Mark")), str(_("Either a mark or absent, not both."))))
                continue
            if absent:
                entries.append(MarkEntry(ticket_id=ticket.pk, mark=None, absent=True, row=ticket.number))
                continue
            if not raw:
                continue
            try:
                mark, is_absent = parse_mark(raw)
            except ActionRefused as error:
                self.mark_errors.append(MarkError(ticket.number, str(_("Mark")), str(error)))
                continue
            entries.append(MarkEntry(ticket_id=ticket.pk, mark=mark, absent=is_absent, row=ticket.number))
        return entries
