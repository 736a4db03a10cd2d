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
    # The meeting as its record names it: 中共罗店镇委员会2026年第12次会议, where, and who chaired it (a member present).
    meeting_no = models.PositiveSmallIntegerField(_("meeting number in the year"), null=True, blank=True)
    place = models.CharField(_("place of the meeting"), max_length=100, blank=True)
    chair = models.CharField(_("chaired by"), max_length=50, blank=True)
    members_total = models.PositiveSmallIntegerField(_("committee members"))
    present = models.PositiveSmallIntegerField(_("members present"))
    agree = models.PositiveSmallIntegerField(_("agree"))
    # Members recused for this candidate (the candidate himself, a declared relative): on the roster, not present.
    recused = models.PositiveSmallIntegerField(_("members recused"), default=0)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    # A passing decision fills one of the post's places: numbered 1, 2, ... under the post's row lock, with the
    # post's number of places copied beside it so that the database itself refuses a place beyond them.
    place_no = models.PositiveSmallIntegerField(_("place"), null=True, blank=True, editable=False)
    places = models.PositiveSmallIntegerField(_("places of the post"), null=True, blank=True, editable=False)
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
            # No more passing decisions than places: each pass takes a place number of its own (two secretaries
            # submitting at once cannot take the same place), and no number beyond the post's places.
            models.UniqueConstraint(fields=["post", "place_no"], name="decision_one_pass_per_place"),
            models.CheckConstraint(
                # NULLs spelled out: a CHECK whose condition is NULL passes.
                condition=Q(
                    result="passed",
                    place_no__isnull=False,
                    places__isnull=False,
                    place_no__gte=1,
                    places__gte=1,
                    place_no__lte=models.F("places"),
                )
                | Q(result="failed", place_no__isnull=True),
                name="decision_pass_takes_a_place_within_places",
            ),
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
    # The roster's member (decisions recorded before the roster existed have typed names only).
    member = models.ForeignKey(
        "competition.CommitteeMember",
        verbose_name=_("committee member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes",
    )
    name = models.CharField(_("member"), max_length=50)
    attended = models.BooleanField(_("present"))
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices, blank=True)
    recused = models.BooleanField(_("recused"), default=False)
    recusal_reason = models.CharField(_("reason for recusal"), max_length=200, blank=True)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("committee member's vote")
        verbose_name_plural = _("committee members' votes")
        constraints = [
            models.UniqueConstraint(fields=["decision", "name"], name="decision_member_once"),
            # Only a member present votes, and every member present votes (a deferral is a vote); a recused member
            # is not present for the item.
            models.CheckConstraint(
                condition=Q(attended=True, recused=False, vote__in=["agree", "disagree", "defer"])
                | Q(attended=False, vote=""),
                name="decision_member_votes_iff_present",
            ),
            models.CheckConstraint(
                condition=Q(recused=False) | ~Q(recusal_reason=""), name="decision_member_recusal_has_a_reason"
            ),
            models.UniqueConstraint(
                fields=["decision", "member"], condition=Q(member__isnull=False), name="decision_member_seat_once"
            ),
        ]


class Substitution(models.Model):
    """A substitution (递补): the office confirmed the next-ranked candidate in place of a chosen one who dropped out.

    Numbered per post under the post's row lock, with the campaign's limit copied beside the number so that the
    database refuses a substitution beyond it, and a candidate is replaced at most once.
    """

    post = models.ForeignKey(
        "competition.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="substitutions"
    )
    replaced = models.OneToOneField(
        "competition.Application",
        verbose_name=_("replaced candidate"),
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    substitute = models.OneToOneField(
        "competition.Application", verbose_name=_("substitute"), on_delete=models.PROTECT, related_name="substitution"
    )
    reason = models.TextField(_("reason"))
    number = models.PositiveSmallIntegerField(_("substitution number"), editable=False)
    limit = models.PositiveSmallIntegerField(_("substitutions allowed"), editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        ordering = ["post", "number"]
        verbose_name = _("substitution")
        verbose_name_plural = _("substitutions")
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="substitution_number_once_per_post"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=models.F("limit")), name="substitution_within_limit"
            ),
        ]

    def __str__(self):
        return f"{self.post} #{self.number}"
