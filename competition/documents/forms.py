from django import forms
from django.utils.translation import gettext_lazy as _

from competition.models import IssuerSettings, Unit
from competition.release.forms import BootstrapWidgetsMixin

from .kinds import KINDS
from .services import ISSUER_FIELDS


class IssuerSettingsForm(BootstrapWidgetsMixin, forms.ModelForm):
    class Meta:
        model = IssuerSettings
        fields = ISSUER_FIELDS


class UnitIssuerForm(BootstrapWidgetsMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["party_body", "short_code"]


class TemplateUploadForm(BootstrapWidgetsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("document"), choices=[(k.name, k.label) for k in KINDS.values()])
    template = forms.FileField(label=_("Word template (.docx)"))
