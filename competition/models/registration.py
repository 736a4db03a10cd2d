"""Registration and qualification review (报名和资格审核): the candidate's work history and the review log.

The application itself is ``competition.models.applications.Application``; the services are in
``competition.registration``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkHistoryEntry(models.Model):
    """One line of a candidate's work history (工作简历)."""

    person = models.ForeignKey(
        "competition.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="work_history"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True, help_text=_("Blank: until now."))
    organisation = models.CharField(_("unit or organisation"), max_length=100)
    position = models.CharField(pgettext_lazy("person", "position"), max_length=100)

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


class RoundEvent(models.Model):
    """The office's control of a round's registration: a pause, a resumption or an extension of the deadline.

    Written by ``competition.registration.control`` only, never edited: the history of the window with who, when
    and why (the round itself holds the current state).
    """

    class Kind(models.TextChoices):
        PAUSED = "paused", _("Registration paused")
        RESUMED = "resumed", _("Registration resumed")
        EXTENDED = "extended", _("Deadline extended")

    round = models.ForeignKey(
        "competition.Round", verbose_name=_("round"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    old_closes = models.DateTimeField(_("previous deadline"), null=True, blank=True)
    new_closes = models.DateTimeField(_("new deadline"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["round", "at", "pk"]
        verbose_name = _("registration control event")
        verbose_name_plural = _("registration control events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="extended") | Q(new_closes__gt=F("old_closes")),
                name="round_event_extension_moves_the_deadline_later",
            ),
        ]

    def __str__(self):
        return f"{self.round_id}: {self.get_kind_display()}"


class LateRegistration(models.Model):
    """The office's permit for one person to apply to one post after registration has closed (逾期报名), with its
    reason. Used once: ``used_at`` is set by the application it let in. While a permit is unused and valid the
    periodic job leaves the post's registration open."""

    post = models.ForeignKey(
        "competition.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="late_registrations"
    )
    person = models.ForeignKey(
        "competition.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="late_registrations"
    )
    reason = models.TextField(_("reason"), max_length=1000)
    valid_until = models.DateTimeField(_("valid until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    application = models.ForeignKey(
        "competition.Application", verbose_name=_("application"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["post", "granted_at"]
        verbose_name = _("late registration permit")
        verbose_name_plural = _("late registration permits")
        constraints = [
            # One open permit per person and post: applying consumes it (registration.control.applying_allowed).
            models.UniqueConstraint(
                fields=["post", "person"], condition=Q(used_at__isnull=True), name="late_registration_one_open_per_person_post"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="late_registration_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.person} → {self.post}"

    def is_usable(self, at):
        return self.used_at is None and self.valid_until > at
