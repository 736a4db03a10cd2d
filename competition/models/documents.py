"""The office's documents (competition.documents): who issues them, and the Word templates the office replaced."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IssuerSettings(models.Model):
    """The district's issuing bodies and the reporting channels its notices print: one row (``current()``)."""

    district_name = models.CharField(_("district"), max_length=50, default="", blank=True)
    department_name = models.CharField(
        _("organization department"), max_length=100, default="", blank=True,
        help_text=_("For example 中共某某区委组织部."),
    )
    report_phone = models.CharField(_("reporting telephone"), max_length=50, blank=True)
    report_line = models.CharField(_("reporting line"), max_length=50, default="12380", blank=True)
    report_website = models.CharField(_("reporting website"), max_length=100, default="www.12380.gov.cn", blank=True)
    letters_address = models.CharField(_("address for letters"), max_length=200, blank=True)
    letters_postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    visits_address = models.CharField(_("address for visits"), max_length=200, blank=True)
    visits_hours = models.CharField(
        _("hours for visits"), max_length=100, blank=True, help_text=_("For example 工作日上午8:30—11:30，下午1:30—5:00.")
    )
    # What the publicity notice names as its basis (根据《…》等有关规定): the rules, each in 《》.
    publicity_basis = models.CharField(
        _("basis of the publicity notice"), max_length=200,
        default="《党政领导干部选拔任用工作条例》和《党政机关竞争上岗工作暂行规定》",
        validators=[RegexValidator(r"^(《[^《》]+》[和、及与]?)+$", _("Name each rule in 《》, for example 《党政领导干部选拔任用工作条例》."))],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("issuing bodies and reporting channels")
        verbose_name_plural = _("issuing bodies and reporting channels")
        constraints = [
            # A singleton: every document reads the same row.
            models.CheckConstraint(condition=Q(pk=1), name="issuer_settings_singleton"),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "IssuerSettings":
        """The row, or its defaults unsaved until the office saves it (a public page that prints a notice writes
        nothing)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class DocumentTemplate(models.Model):
    """A Word template the office uploaded in place of the default one of its kind (checked before it is kept)."""

    kind = models.CharField(_("document"), max_length=40, unique=True)
    content = models.BinaryField(_("template"), editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self):
        return f"{self.kind} ({self.original_name})"
