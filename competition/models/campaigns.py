from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition import kinds


class Campaign(models.Model):
    """A competition (竞争上岗): unified, internal to one unit, or an open selection, run in rounds.

    The rules carry the defaults of DOMAIN.md; each campaign may change them. What its kind decides (who sees its
    posts, who may apply, who runs each step) is in ``competition.kinds``.
    """

    class Kind(models.TextChoices):
        UNIFIED = "unified", _("Unified competition")
        INTERNAL = "internal", _("Internal competition")
        OPEN = "open", _("Open selection")

    # What an open selection asks of applicants from outside the district's public service (competition.kinds).
    IdentityCheck = kinds.IdentityCheck

    class TieRule(models.TextChoices):
        INTERVIEW_FIRST = "interview", _("Higher interview score first, then higher written score")
        WRITTEN_FIRST = "written", _("Higher written score first, then higher interview score")
        EXTRA_INTERVIEW = "extra", _("An extra interview decides")

    class TooFewAction(models.TextChoices):
        INTERNAL = "internal", _("Move it to the unit's internal competition")
        FAIL = "fail", _("Fail it for re-release in a later round")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UNIFIED)
    unit = models.ForeignKey(
        "competition.Unit",
        verbose_name=_("unit (internal competition)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="internal_campaigns",
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    # The units' secretaries who have not released their posts by then are reminded before it
    # (competition.release.reminders).
    release_deadline = models.DateField(
        _("units release their posts by"),
        null=True,
        blank=True,
        help_text=_("The date by which units must release their posts; their secretaries are reminded before it."),
    )
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_("A closed campaign takes no more posts: a post moved to its unit's internal competition then "
                    "opens a new one."),
    )
    identity_checks = models.JSONField(
        _("identity checks (open selection)"),
        default=list,
        blank=True,
        help_text=_("What applicants from outside the district's public service must give before applying."),
    )
    description = models.TextField(_("description"), blank=True)

    # Rules (DOMAIN.md gives the defaults).
    min_qualified_applicants = models.PositiveSmallIntegerField(
        _("minimum qualified applicants per post"), default=3, validators=[MinValueValidator(1)]
    )
    posts_per_candidate_per_round = models.PositiveSmallIntegerField(
        _("posts a candidate may apply to per round"), default=1, validators=[MinValueValidator(1)]
    )
    too_few_action = models.CharField(
        _("when a post has too few qualified applicants"),
        max_length=10,
        choices=TooFewAction.choices,
        default=TooFewAction.INTERNAL,
        help_text=_("What the automatic close of registration does; the office may choose otherwise when closing by hand."),
    )
    examiners_per_session = models.PositiveSmallIntegerField(
        _("examiners per interview session"),
        default=5,
        help_text=_("Odd, at least 5."),
    )
    trim_each_end = models.PositiveSmallIntegerField(
        _("scores dropped at each end"),
        default=1,
        help_text=_("The final interview score drops this many highest and lowest scores (with at least 5 scores)."),
    )
    written_exam_weight = models.PositiveSmallIntegerField(
        _("written exam weight (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 means the interview score alone decides."),
    )
    # The combined score (综合成绩) weighs the parts in percent; the three weights make 100 (database check).
    interview_weight = models.PositiveSmallIntegerField(
        _("interview weight (%)"), default=100, validators=[MaxValueValidator(100)]
    )
    evaluation_weight = models.PositiveSmallIntegerField(
        _("democratic evaluation weight (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 means the evaluation only passes or fails; otherwise its approval rate counts in the combined score."),
    )
    tie_rule = models.CharField(
        _("tie rule"),
        max_length=10,
        choices=TieRule.choices,
        default=TieRule.INTERVIEW_FIRST,
        help_text=_("How equal combined scores are ranked; a tie the rule leaves is shown and an extra interview "
                    "(加试) recorded by the office breaks it."),
    )
    advance_count = models.PositiveSmallIntegerField(
        _("candidates going on to democratic evaluation per place"), default=2, validators=[MinValueValidator(1)]
    )
    advance_percent = models.PositiveSmallIntegerField(
        _("share of interviewed candidates going on (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("If set, used instead of the count per place: this share of those interviewed, rounded up, "
                    "and at least one per place."),
    )
    # The written exam (笔试, competition.written): held only when the campaign says so; those at or above the pass
    # line go on to the interview at ``interview_ratio`` to the places.
    has_written_exam = models.BooleanField(
        _("has a written exam"),
        default=False,
        help_text=_("Posts then go from registration to the written exam, and its best go on to the interview."),
    )
    written_pass_line = models.DecimalField(
        _("written exam pass line"),
        max_digits=5,
        decimal_places=2,
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Marked out of 100; a candidate at or above the line passes, an absent one does not."),
    )
    # Shortlist ratios (差额, competition.shortlists); advance_count above is the one into the evaluation.
    interview_ratio = models.PositiveSmallIntegerField(
        _("candidates going on from the written exam to the interview per place"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("1:3 by default; everyone who passes goes on when fewer."),
    )
    inspection_extra = models.PositiveSmallIntegerField(
        _("candidates inspected beyond the places"),
        default=0,
        validators=[MaxValueValidator(10)],
        help_text=_("0: as many as the places; 1: places + 1 (差额考察)."),
    )
    evaluation_turnout_numerator = models.PositiveSmallIntegerField(_("evaluation turnout: numerator"), default=2)
    evaluation_turnout_denominator = models.PositiveSmallIntegerField(
        _("evaluation turnout: denominator"), default=3, validators=[MinValueValidator(1)]
    )
    evaluation_pass_numerator = models.PositiveSmallIntegerField(
        _("evaluation pass threshold: numerator"),
        default=1,
        help_text=_("Share of valid ballots rating the candidate excellent or competent that passes."),
    )
    evaluation_pass_denominator = models.PositiveSmallIntegerField(
        _("evaluation pass threshold: denominator"), default=2, validators=[MinValueValidator(1)]
    )
    publicity_working_days = models.PositiveSmallIntegerField(
        _("publicity working days"), default=5, validators=[MinValueValidator(5)]
    )
    appeal_working_days = models.PositiveSmallIntegerField(
        _("working days to ask for a review"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("A candidate found not qualified may ask for a review (复核) within this many working days."),
    )
    max_substitutions = models.PositiveSmallIntegerField(
        _("substitutions per post"),
        default=2,
        validators=[MaxValueValidator(10)],
        help_text=_("How many times per post the next-ranked candidate may move up when a chosen candidate drops out."),
    )
    unified_term_end = models.DateField(
        _("unified term end date"),
        null=True,
        blank=True,
        help_text=_("Terms started by this campaign end on this date; blank means five years."),
    )
    reappointment_deadline = models.DateField(
        _("deadline for reappointing posts not competed"), null=True, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="internal", unit__isnull=False) | (~Q(kind="internal") & Q(unit__isnull=True)),
                name="campaign_internal_has_unit",
            ),
            # A post moved inward goes to its unit's one open internal competition (competition.offering).
            models.UniqueConstraint(
                fields=["unit"], condition=Q(kind="internal", closed_on__isnull=True),
                name="campaign_one_open_internal_per_unit",
            ),
            # Identity checks are an open selection's (competition.kinds.apply_refusal reads them).
            models.CheckConstraint(
                condition=Q(kind="open") | Q(identity_checks=[]), name="campaign_identity_checks_only_open"
            ),
            models.CheckConstraint(
                condition=Q(examiners_per_session__gte=5) & Q(examiners_per_session__in=[5, 7, 9, 11, 13]),
                name="campaign_examiners_odd_at_least_5",
            ),
            models.CheckConstraint(
                condition=Q(evaluation_turnout_numerator__lte=F("evaluation_turnout_denominator"))
                & Q(evaluation_pass_numerator__lte=F("evaluation_pass_denominator")),
                name="campaign_fractions_at_most_one",
            ),
            # Trimming must leave a majority of the examiners' scores to average (5 examiners: at most 1 a side),
            # and a turnout or pass threshold of 0 would let an evaluation nobody attended pass.
            models.CheckConstraint(
                condition=Q(examiners_per_session__gt=F("trim_each_end") * 4),
                name="campaign_trim_leaves_a_majority",
            ),
            models.CheckConstraint(
                condition=Q(evaluation_turnout_numerator__gte=1) & Q(evaluation_pass_numerator__gte=1),
                name="campaign_thresholds_above_zero",
            ),
            models.CheckConstraint(
                condition=Q(interview_ratio__gte=1) & Q(interview_ratio__lte=20) & Q(inspection_extra__lte=10),
                name="campaign_shortlist_ratios",
            ),
            models.CheckConstraint(
                condition=Q(written_pass_line__gte=0) & Q(written_pass_line__lte=100), name="campaign_pass_line_0_100"
            ),
            # competition.candidates.services.appeal_deadline counts at least one working day.
            models.CheckConstraint(condition=Q(appeal_working_days__gte=1), name="campaign_appeal_days_at_least_one"),
            # competition.ranking.combined_score divides by 100: the weights must make exactly 100.
            models.CheckConstraint(
                condition=Q(written_exam_weight__lte=100)
                & Q(interview_weight__lte=100)
                & Q(evaluation_weight__lte=100)
                & Q(interview_weight=100 - F("written_exam_weight") - F("evaluation_weight")),
                name="campaign_weights_make_100",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.kind == self.Kind.INTERNAL and not self.unit_id:
            errors["unit"] = _("An internal competition belongs to one unit.")
        if self.kind != self.Kind.INTERNAL and self.unit_id:
            errors["unit"] = _("Only an internal competition names a unit.")
        if self.release_deadline and self.start_date and self.release_deadline < self.start_date:
            errors["release_deadline"] = _("The units' release deadline cannot come before the campaign starts.")
        checks = self.identity_checks or []
        if not isinstance(checks, list) or any(check not in self.IdentityCheck.values for check in checks):
            errors["identity_checks"] = _("Choose identity checks from the list.")
        elif checks and self.kind != self.Kind.OPEN:
            errors["identity_checks"] = _("Identity checks are set only for an open selection.")
        if self.examiners_per_session is not None and (
            self.examiners_per_session < 5 or self.examiners_per_session % 2 == 0
        ):
            errors["examiners_per_session"] = _("The number of examiners must be odd and at least 5.")
        if (
            self.examiners_per_session is not None
            and self.trim_each_end is not None
            and self.trim_each_end * 4 >= self.examiners_per_session
        ):
            errors["trim_each_end"] = _(
                "Dropping this many scores at each end leaves fewer than half of the examiners' scores to average."
            )
        if self.evaluation_turnout_numerator == 0:
            errors["evaluation_turnout_numerator"] = _("A turnout threshold of 0 would let an evaluation nobody attended count.")
        if self.evaluation_pass_numerator == 0:
            errors["evaluation_pass_numerator"] = _("A pass threshold of 0 would pass every candidate.")
        if (
            self.evaluation_turnout_denominator
            and self.evaluation_turnout_numerator is not None
            and self.evaluation_turnout_numerator > self.evaluation_turnout_denominator
        ):
            errors["evaluation_turnout_numerator"] = _("The turnout cannot be more than everyone called.")
        if (
            self.evaluation_pass_denominator
            and self.evaluation_pass_numerator is not None
            and self.evaluation_pass_numerator > self.evaluation_pass_denominator
        ):
            errors["evaluation_pass_numerator"] = _("The threshold cannot be more than all ballots.")
        weights = (self.written_exam_weight, self.interview_weight, self.evaluation_weight)
        if None not in weights and sum(weights) != 100:
            errors["interview_weight"] = _(
                "The weights of the written exam, the interview and the evaluation must make 100 (now %(sum)s)."
            ) % {"sum": sum(weights)}
        if errors:
            raise ValidationError(errors)

    def current_round(self):
        return self.rounds.order_by("-number").first()


class Round(models.Model):
    """A round (轮次) of a campaign with its registration window."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"), validators=[MinValueValidator(1)])
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    # Set while the office has paused registration (competition.registration.control); the reason is shown on the
    # board. Applying reads it under a lock on this row, so a pause and an application never interleave.
    paused_since = models.DateTimeField(_("registration paused since"), null=True, blank=True, editable=False)
    pause_reason = models.CharField(_("reason for the pause"), max_length=500, blank=True, editable=False)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(
                condition=(Q(paused_since__isnull=True) & Q(pause_reason=""))
                | (Q(paused_since__isnull=False) & ~Q(pause_reason="")),
                name="round_pause_has_a_reason",
            ),
            models.UniqueConstraint(fields=["campaign", "number"], name="round_unique_number_per_campaign"),
            models.CheckConstraint(
                condition=Q(registration_closes__gt=F("registration_opens")), name="round_window_ends_after_start"
            ),
        ]

    def __str__(self):
        return _("%(campaign)s, round %(number)s") % {"campaign": self.campaign.name, "number": self.number}

    def clean(self):
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            raise ValidationError({"registration_closes": _("The registration window must end after it starts.")})

    def is_open(self, at=None):
        at = at or timezone.now()
        return self.registration_opens <= at < self.registration_closes

    def has_closed(self, at=None):
        return (at or timezone.now()) >= self.registration_closes

    @property
    def is_paused(self):
        return self.paused_since is not None
