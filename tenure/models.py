from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class TermQuerySet(models.QuerySet):
    def serving_on(self, day):
        """Terms held on ``day``: started on or before it and not yet ended."""
        return self.filter(start__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


class Term(models.Model):
    """A term (任期) held by a person in a standing position."""

    class Origin(models.TextChoices):
        COMPETITION = "competition", _("Competition")
        REAPPOINTMENT = "reappointment", _("Reappointment of a post not competed")
        IMPORT = "import", _("Import")

    class Status(models.TextChoices):
        PROBATION = "probation", _("On probation")
        SERVING = "serving", _("Serving")
        ENDED = "ended", _("Ended")
        TERMINATED = "terminated", _("Terminated early")

    person = models.ForeignKey("competition.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="terms")
    position = models.ForeignKey(
        "competition.Position", verbose_name=_("position"), on_delete=models.PROTECT, related_name="terms"
    )
    unit = models.ForeignKey("competition.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="terms")
    post = models.ForeignKey(
        "competition.Post",
        verbose_name=_("post competed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="terms",
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("scheduled end"))
    probation_end = models.DateField(_("probation ends"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SERVING)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="term_end_after_start"),
            # An appointment creates one term per competed post and person.
            models.UniqueConstraint(
                fields=["post", "person"], condition=Q(post__isnull=False), name="term_once_per_post_and_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.position} ({self.start:%Y-%m-%d} – {self.end:%Y-%m-%d})"
