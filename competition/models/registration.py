"""Registration and qualification review (报名和资格审核): the candidate's work history and the review log.

The application itself is ``competition.models.applications.Application``; the services are in
``competition.registration``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class WorkHistoryEntry(models.Model):
    """One line of a candidate's work history (工作简历)."""

    person = models.ForeignKey(
        "competition.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="work_history"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True, help_text=_("Blank: until now."))
    organisation = models.CharField(_("unit or organisation"), max_length=100)
    position = models.CharField(_("position"), max_length=100)

    class Meta:
        ordering = ["person", "start"]
        verbose_name = _("work history entry")
        verbose_name_plural = _("work history entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="work_history_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.start:%Y-%m} {self.organisation} {self.position}"


class QualificationReview(models.Model):
    """The office's decision on an application (confirming or overriding the pre-check), with its reason.

    Never edited: a new decision adds a row, so the log shows every change of mind.
    """

    application = models.ForeignKey(
        "competition.Application", verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    qualified = models.BooleanField(_("qualified"))
    precheck_passed = models.BooleanField(_("pre-check passed"), null=True)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "at"]
        verbose_name = _("qualification review")
        verbose_name_plural = _("qualification reviews")

    def __str__(self):
        return f"{self.application_id}: {'✓' if self.qualified else '✗'}"

    @property
    def is_override(self):
        return self.precheck_passed is not None and self.precheck_passed != self.qualified
