"""Appointment formalities (办理任职手续) after a passing committee decision: the pre-appointment talk (任前谈话) and the
appointment document (任职通知: 文号, date, effective date). The term starts only when they are complete, on the
document's effective date (``competition.formalities``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Formalities(models.Model):
    decision = models.OneToOneField(
        "competition.Decision", verbose_name=_("committee decision"), on_delete=models.PROTECT, related_name="formalities"
    )
    talk_on = models.DateField(_("talk held on"), null=True, blank=True)
    talked_by = models.CharField(_("talk held by"), max_length=100, blank=True)
    talk_points = models.TextField(_("points made in the talk"), blank=True)
    talk_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document_no = models.CharField(_("document number"), max_length=60, blank=True)
    # The appointment notice (任职通知) is numbered per issuing body (the post's unit's Party body) and year:
    # 罗委〔2026〕12号 is the 12th of 2026 of the body whose short code is 罗委 (formalities_complete, under the unit's lock).
    issuer = models.ForeignKey(
        "competition.Unit", verbose_name=_("issuing body"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="appointment_notices", editable=False,
    )
    document_year = models.PositiveSmallIntegerField(_("year of the document"), null=True, blank=True, editable=False)
    document_seq = models.PositiveIntegerField(_("number in the year"), null=True, blank=True, editable=False)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["decision"]
        verbose_name = _("appointment formalities")
        verbose_name_plural = _("appointment formalities")
        constraints = [
            # The talk is recorded whole: who, when and what was said.
            models.CheckConstraint(
                condition=Q(talk_on__isnull=True, talked_by="", talk_points="")
                | (Q(talk_on__isnull=False) & ~Q(talked_by="") & ~Q(talk_points="")),
                name="formalities_talk_whole",
            ),
            # Complete only with the talk and the whole document (formalities_complete checks it first).
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | (
                    Q(talk_on__isnull=False, document_date__isnull=False, effective_on__isnull=False)
                    & ~Q(document_no="")
                ),
                name="formalities_complete_with_talk_and_document",
            ),
            models.UniqueConstraint(fields=["document_no"], condition=~Q(document_no=""), name="formalities_document_no_once"),
            # Two notices of one body never share a number in a year, whoever numbers them at the same moment.
            models.UniqueConstraint(
                fields=["issuer", "document_year", "document_seq"], name="formalities_number_once_per_body_and_year"
            ),
            models.CheckConstraint(
                condition=Q(issuer__isnull=True, document_year__isnull=True, document_seq__isnull=True)
                | Q(issuer__isnull=False, document_year__isnull=False, document_seq__gte=1),
                name="formalities_number_whole",
            ),
        ]

    def __str__(self):
        return f"{self.decision} {self.document_no}"

    @property
    def complete(self) -> bool:
        return self.completed_at is not None
