"""Forms of the appointment formalities: the pre-appointment talk and the appointment document."""

from django import forms
from django.utils.translation import gettext_lazy as _

from competition.release.forms import BootstrapWidgetsMixin
from core.forms import DateField, DateInput


class TalkForm(BootstrapWidgetsMixin, forms.Form):
    talked_by = forms.CharField(label=_("talk held by"), max_length=100)
    talk_on = DateField(label=_("talk held on"), widget=DateInput())
    talk_points = forms.CharField(label=_("points made in the talk"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class DocumentForm(BootstrapWidgetsMixin, forms.Form):
    document_seq = forms.IntegerField(
        label=_("number in the year"), required=False, min_value=1, max_value=99999,
        help_text=_("Blank: the body's next number of the document's year."),
    )
    document_date = DateField(label=_("document date"), widget=DateInput())
    effective_on = DateField(label=_("effective date"), widget=DateInput())
