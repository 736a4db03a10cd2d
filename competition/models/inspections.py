"""Step 6, organizational inspection (组织考察): one record per candidate inspected, in rank order."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Inspection(models.Model):
    class Conclusion(models.TextChoices):
        PASS = "pass", pgettext_lazy("inspection", "Passed")
        FAIL = "fail", pgettext_lazy("inspection", "Failed")

    post = models.ForeignKey("competition.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="inspections")
    application = models.ForeignKey(
        "competition.Application", verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="inspections"
    )
    team = models.TextField(_("inspection team"), help_text=_("The members of the team, one per line."))
    start_date = models.DateField(_("inspection from"))
    end_date = models.DateField(_("inspection to"))
    people_talked_to = models.PositiveIntegerField(_("people talked to"))
    findings = models.TextField(_("findings"))
    conclusion = models.CharField(_("conclusion"), max_length=4, choices=Conclusion.choices)
    report = models.FileField(_("inspection report"), upload_to="inspections/%Y/")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "recorded_at"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.UniqueConstraint(fields=["post", "application"], name="inspection_once_per_candidate"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="inspection_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.application.person} · {self.get_conclusion_display()}"
