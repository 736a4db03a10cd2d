"""The written exam (笔试), a campaign option between registration and the interview: its sessions (when, where, the
rooms and their seats), the admission tickets (准考证) with each candidate's seat, and after the exam each ticket's
mark out of 100 or his absence (缺考). The services live in ``competition.written``; the published mark goes into
``Application.written_score``, which the combined score reads (competition.ranking)."""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MARK_RANGE = [MinValueValidator(0), MaxValueValidator(100)]


class WrittenExamSession(models.Model):
    """A sitting of the campaign's written exam for the candidates of some of its posts (each post sits one)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ISSUED = "issued", _("Admission tickets issued")
        PUBLISHED = "published", _("Results published")

    campaign = models.ForeignKey(
        "competition.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="written_sessions"
    )
    name = models.CharField(_("name"), max_length=100)
    posts = models.ManyToManyField("competition.Post", verbose_name=_("posts"), related_name="written_sessions")
    starts_at = models.DateTimeField(_("exam starts"))
    ends_at = models.DateTimeField(_("exam ends"))
    venue = models.CharField(_("venue"), max_length=200)
    rules = models.TextField(_("exam rules"), max_length=3000, help_text=_("Printed on every admission ticket."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # The seat draw: a random seed from ``secrets``; the seats are a deterministic shuffle of it (reproducible).
    seat_seed = models.CharField(_("seat draw seed"), max_length=64, blank=True, editable=False)
    issued_at = models.DateTimeField(_("tickets issued at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "starts_at", "name"]
        verbose_name = _("written exam session")
        verbose_name_plural = _("written exam sessions")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="written_session_unique_name"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="written_session_ends_after_start"),
        ]

    def __str__(self):
        return self.name


class WrittenExamRoom(models.Model):
    """A room (考场) of a session with its number of seats."""

    session = models.ForeignKey(WrittenExamSession, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=50)
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("exam room")
        verbose_name_plural = _("exam rooms")
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="written_room_unique_name"),
            models.CheckConstraint(condition=Q(seats__gte=1) & Q(seats__lte=500), name="written_room_seats_1_500"),
        ]

    def __str__(self):
        return self.name


class AdmissionTicket(models.Model):
    """A candidate's admission ticket (准考证): number, room and seat; after the exam his mark or his absence.

    One per application (a candidate sits the exam of a post once); one candidate per seat."""

    session = models.ForeignKey(WrittenExamSession, on_delete=models.CASCADE, related_name="tickets")
    application = models.OneToOneField(
        "competition.Application", on_delete=models.PROTECT, related_name="admission_ticket"
    )
    room = models.ForeignKey(WrittenExamRoom, verbose_name=_("room"), on_delete=models.PROTECT, related_name="tickets")
    seat = models.PositiveSmallIntegerField(_("seat"), validators=[MinValueValidator(1)])
    number = models.CharField(_("admission ticket number"), max_length=20, unique=True)
    mark = models.DecimalField(
        _("written exam mark"), max_digits=5, decimal_places=2, null=True, blank=True, validators=MARK_RANGE
    )
    absent = models.BooleanField(_("absent (缺考)"), default=False)
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session", "number"]
        verbose_name = _("admission ticket")
        verbose_name_plural = _("admission tickets")
        constraints = [
            models.UniqueConstraint(fields=["room", "seat"], name="admission_ticket_one_per_seat"),
            models.CheckConstraint(
                condition=Q(mark__isnull=True) | Q(mark__gte=0, mark__lte=100), name="admission_ticket_mark_0_100"
            ),
            # Absent (缺考) and a mark exclude each other: an absent candidate has no mark.
            models.CheckConstraint(
                condition=Q(absent=False) | Q(mark__isnull=True), name="admission_ticket_absent_has_no_mark"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_marked(self):
        return self.absent or self.mark is not None


class WrittenMarkCorrection(models.Model):
    """A change to a mark (or an absence) already entered, with its reason: from the marks page or a sheet."""

    ticket = models.ForeignKey(AdmissionTicket, on_delete=models.CASCADE, related_name="corrections")
    old_mark = models.DecimalField(_("old mark"), max_digits=5, decimal_places=2, null=True, blank=True)
    old_absent = models.BooleanField(_("was absent"), default=False)
    new_mark = models.DecimalField(_("new mark"), max_digits=5, decimal_places=2, null=True, blank=True)
    new_absent = models.BooleanField(_("now absent"), default=False)
    reason = models.CharField(_("reason"), max_length=200)
    source = models.CharField(_("source"), max_length=10, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("written mark correction")
        verbose_name_plural = _("written mark corrections")


class WrittenExamEvent(models.Model):
    """The session's log: creation, the seat draw (with its seed), marks entered and imported, publication."""

    session = models.ForeignKey(WrittenExamSession, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30)
    detail = models.TextField(_("detail"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    # The kinds competition.written.services writes, in the reader's words (21.1: no English in the Chinese pages).
    KINDS = {
        "created": _("session created"),
        "issued": _("tickets issued, seats drawn by lot"),
        "correction": _("mark corrected"),
        "page": _("marks entered"),
        "sheet": _("mark sheet imported"),
        "published": _("results published"),
    }

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("written exam log entry")
        verbose_name_plural = _("written exam log")

    def kind_label(self) -> str:
        return str(self.KINDS.get(self.kind, self.kind))

    def describe(self) -> str:
        """The detail in the reader's words where the services wrote it in a known form (the seat draw, the marks, a
        correction); as written otherwise (the posts' names)."""
        if match := re.fullmatch(r"seed=(\S+) order=(.*)", self.detail, re.S):
            return _("lot seed %(seed)s, seat order %(order)s") % {"seed": match[1], "order": match[2]}
        if match := re.fullmatch(r"(\d+) marked, (\d+) corrected", self.detail):
            return _("%(new)s marked, %(changed)s corrected") % {"new": match[1], "changed": match[2]}
        if match := re.fullmatch(r"ticket (\S+): (.*) → (.*) \((.*)\)", self.detail, re.S):
            return _("ticket %(number)s: %(old)s → %(new)s (%(reason)s)") % {
                "number": match[1], "old": match[2] or "—", "new": match[3], "reason": match[4]
            }
        return self.detail
