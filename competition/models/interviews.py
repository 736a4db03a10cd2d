"""Interview sessions (面试). The foundation declares the session and its slots; the interview step
(examiners, recusal, the draw, scoring) builds on them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterviewSession(models.Model):
    campaign = models.ForeignKey(
        "competition.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="interview_sessions"
    )
    name = models.CharField(_("name"), max_length=100)
    posts = models.ManyToManyField("competition.Post", verbose_name=_("posts"), related_name="interview_sessions")
    date = models.DateField(_("date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)

    class Meta:
        ordering = ["campaign", "date", "name"]
        verbose_name = _("interview session")
        verbose_name_plural = _("interview sessions")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="interview_session_unique_name"),
        ]

    def __str__(self):
        return self.name


class InterviewSlot(models.Model):
    """A candidate's place in a session: the drawn order, and whether they came."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="slots")
    application = models.ForeignKey(
        "competition.Application", on_delete=models.PROTECT, related_name="interview_slots"
    )
    order = models.PositiveSmallIntegerField(_("drawn order"), null=True, blank=True)
    absent = models.BooleanField(_("absent"), default=False)

    class Meta:
        ordering = ["session", "order"]
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="interview_slot_once_per_session"),
        ]
