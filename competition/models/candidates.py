"""The candidate's file (issue 18): appeals (复核), exceptions (破格) and materials (报名材料).

How the candidate came (the nomination) is three fields of ``Application`` itself. The services are in
``competition.candidates``; the rows here are written by them only (the admin shows them read-only).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Appeal(models.Model):
    """A candidate's request for a review (复核) of his refusal at the qualification review, and the office's decision.

    Never deleted: the request and the decision stay side by side, with who and when, as the record of both.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the decision")
        UPHELD = "upheld", _("upheld")
        DISMISSED = "dismissed", _("dismissed")

    application = models.ForeignKey(
        "competition.Application", verbose_name=_("application"), on_delete=models.PROTECT, related_name="appeals"
    )
    reason = models.TextField(_("reason for the appeal"), max_length=2000)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=1000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["application", "filed_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            # appeal_file: two clicks or two tabs cannot open two appeals of one application.
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="open"), name="appeal_one_open_per_application"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="appeal_has_a_reason"),
            # appeal_decide: a decided appeal has its time and reason; an open one has neither.
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True, decision_reason="")
                | (Q(status__in=["upheld", "dismissed"], decided_at__isnull=False) & ~Q(decision_reason="")),
                name="appeal_decided_with_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_status_display()}"
