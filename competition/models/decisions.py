"""Step 8, committee decision (党委(组)讨论决定): the meeting, each member's attendance and vote, the result."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")

    post = models.ForeignKey("competition.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="decisions")
    application = models.ForeignKey(
        "competition.Application", verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting_date = models.DateField(_("meeting date"))
    members_total = models.PositiveSmallIntegerField(_("committee members"))
    present = models.PositiveSmallIntegerField(_("members present"))
    agree = models.PositiveSmallIntegerField(_("agree"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "recorded_at"]
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        constraints = [
            models.UniqueConstraint(fields=["post", "application"], name="decision_once_per_candidate"),
            # At most one passing decision per post: two secretaries submitting at once cannot appoint twice.
            models.UniqueConstraint(fields=["post"], condition=Q(result="passed"), name="decision_one_pass_per_post"),
        ]

    def __str__(self):
        return f"{self.post} {self.meeting_date:%Y-%m-%d} {self.get_result_display()}"


class DecisionMember(models.Model):
    class Vote(models.TextChoices):
        ABSENT = "", _("Absent")
        AGREE = "agree", _("Agree")
        DISAGREE = "disagree", _("Disagree")
        DEFER = "defer", _("Defer")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("member"), max_length=50)
    attended = models.BooleanField(_("present"))
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices, blank=True)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("committee member's vote")
        verbose_name_plural = _("committee members' votes")
        constraints = [
            models.UniqueConstraint(fields=["decision", "name"], name="decision_member_once"),
            # Only a member present votes, and every member present votes (a deferral is a vote).
            models.CheckConstraint(
                condition=Q(attended=True, vote__in=["agree", "disagree", "defer"]) | Q(attended=False, vote=""),
                name="decision_member_votes_iff_present",
            ),
        ]
