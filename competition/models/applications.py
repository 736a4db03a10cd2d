from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .people import Education, Grade, LeadershipLevel

SCORE_RANGE = [MinValueValidator(0), MaxValueValidator(100)]


class NominationSource(models.TextChoices):
    """How a candidate came to the post (issue 18.2): the rules know three ways."""

    SELF = "self", _("self-nomination")
    ORGANISATION = "organisation", _("organisation's nomination")
    COLLEAGUES = "colleagues", _("colleagues' nomination")


class Application(models.Model):
    """An application (报名) of a person to a post, in the post's round.

    ``status`` follows registration and qualification review. ``outcome`` records how the application
    ended, set by the step that ended it, with ``outcome_on`` (for an appointment: the decision date).
    The ``applicant_*`` fields keep the applicant's situation when applying, so that statistics
    (promotion or exchange, from another unit) do not change when the profile changes later.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        QUALIFIED = "qualified", _("Qualified")
        UNQUALIFIED = "unqualified", _("Not qualified")

    class Outcome(models.TextChoices):
        IN_PROGRESS = "", _("In progress")
        UNQUALIFIED = "unqualified", _("Not qualified")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        WRITTEN_FAILED = "written_failed", _("Not through the written exam")
        INTERVIEW_FAILED = "interview_failed", _("Not through the interview")
        EVALUATION_FAILED = "evaluation_failed", _("Not through the democratic evaluation")
        INSPECTION_FAILED = "inspection_failed", _("Not through the inspection")
        PUBLICITY_FAILED = "publicity_failed", _("Stopped by the publicity")
        DECISION_FAILED = "decision_failed", _("Not passed by the committee")
        INTERNAL = "internal", _("Post moved to internal competition")
        POST_FAILED = "post_failed", _("Post failed")
        NOT_APPOINTED = "not_appointed", _("Another candidate was appointed")
        APPOINTED = "appointed", _("Appointed")

    post = models.ForeignKey("competition.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="applications")
    round = models.ForeignKey(
        "competition.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    person = models.ForeignKey(
        "competition.Person", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default="", blank=True)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)

    # The applicant's situation when applying.
    applicant_unit = models.ForeignKey(
        "competition.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applicant_position = models.CharField(_("position when applying"), max_length=100, blank=True)
    applicant_leadership_level = models.CharField(
        _("leadership level when applying"), max_length=20, choices=LeadershipLevel.choices, blank=True
    )
    applicant_grade = models.CharField(_("grade when applying"), max_length=20, choices=Grade.choices, blank=True)
    applicant_education = models.CharField(_("education when applying"), max_length=20, choices=Education.choices, blank=True)
    from_other_unit = models.BooleanField(_("from another unit than the post's"), default=True)

    # Registration and qualification review (competition.registration).
    statement = models.TextField(_("statement"), blank=True, max_length=2000)
    # How the candidate came (competition.candidates.nomination): chosen when applying, or set by the office.
    nomination_source = models.CharField(
        _("nomination source"), max_length=20, choices=NominationSource.choices, default=NominationSource.SELF
    )
    nominated_by = models.CharField(_("nominated by"), max_length=100, blank=True)
    nomination_signatures = models.PositiveSmallIntegerField(_("number of signatures"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, max_length=1000)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    precheck_passed = models.BooleanField(_("passed the automatic pre-check"), null=True, blank=True)
    precheck_failures = models.JSONField(_("failed requirements"), default=list, blank=True)
    review_reason = models.TextField(_("review reason"), blank=True, max_length=1000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    # Filled by the interview step: the ranking decides who goes on to democratic evaluation.
    final_score = models.DecimalField(_("final score"), max_digits=6, decimal_places=3, null=True, blank=True)
    interview_rank = models.PositiveSmallIntegerField(_("interview rank"), null=True, blank=True)
    advanced_to_evaluation = models.BooleanField(_("went on to democratic evaluation"), default=False)
    # The combined score (综合成绩) and its parts, each to two decimals (competition.ranking): written in at the
    # interview's publication, the evaluation's close and an extra interview; ``combined_rank`` is the order the
    # later steps use (competition.ranking.ranked). Candidates tied after the campaign's tie rule share a rank.
    written_score = models.DecimalField(
        _("written exam score"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_RANGE
    )
    interview_score = models.DecimalField(
        _("interview score"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_RANGE
    )
    evaluation_score = models.DecimalField(
        _("evaluation score"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_RANGE
    )
    extra_interview_score = models.DecimalField(
        _("extra interview score"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_RANGE
    )
    combined_score = models.DecimalField(
        _("combined score"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_RANGE
    )
    combined_rank = models.PositiveSmallIntegerField(_("rank by combined score"), null=True, blank=True)
    # One of the post's chosen candidates (拟任人选): the best-ranked after the evaluation, up to the post's places,
    # and the substitutes the office confirmed (competition.decision.substitutes). Only they are inspected.
    chosen = models.BooleanField(_("chosen candidate"), default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["post", "created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One application per person and post: two clicks or two tabs cannot register twice.
            models.UniqueConstraint(fields=["post", "person"], name="application_once_per_post"),
            # A nomination says who nominated in the one way that fits its source: an organisation's names the
            # organisation, colleagues' counts the signatures, a self-nomination has neither.
            models.CheckConstraint(
                condition=(
                    Q(nomination_source=NominationSource.SELF, nominated_by="", nomination_signatures__isnull=True)
                    | (
                        Q(nomination_source=NominationSource.ORGANISATION, nomination_signatures__isnull=True)
                        & ~Q(nominated_by="")
                    )
                    | Q(
                        nomination_source=NominationSource.COLLEAGUES,
                        nominated_by="",
                        # NOT NULL said outright: NULL >= 1 is unknown, which a check lets through.
                        nomination_signatures__isnull=False,
                        nomination_signatures__gte=1,
                    )
                ),
                name="application_nomination_consistent",
            ),
            models.CheckConstraint(
                condition=Q(written_score__gte=0, written_score__lte=100)
                | Q(written_score__isnull=True),
                name="application_written_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(interview_score__gte=0, interview_score__lte=100) | Q(interview_score__isnull=True),
                name="application_interview_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(evaluation_score__gte=0, evaluation_score__lte=100) | Q(evaluation_score__isnull=True),
                name="application_evaluation_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(extra_interview_score__gte=0, extra_interview_score__lte=100)
                | Q(extra_interview_score__isnull=True),
                name="application_extra_score_0_100",
            ),
            models.CheckConstraint(
                condition=Q(combined_score__gte=0, combined_score__lte=100) | Q(combined_score__isnull=True),
                name="application_combined_score_0_100",
            ),
        ]
        indexes = [
            # The per-round cap counts a person's applications in a round.
            models.Index(fields=["person", "round"], name="application_person_round"),
        ]

    def __str__(self):
        return f"{self.person} → {self.post}"

    def applicant_standing_display(self) -> str:
        """The leadership level held when applying, else the grade (现职务层次或职级)."""
        if self.applicant_leadership_level:
            return self.get_applicant_leadership_level_display()
        return self.get_applicant_grade_display() if self.applicant_grade else ""

    def profile_changes(self) -> list[str]:
        """The particulars the application was judged on (fixed at submission) that the profile no longer shows:
        the office sees them flagged on the review panel. Labels of the changed fields; none when unchanged."""
        person = self.person
        pairs = [
            ("applicant_unit", self.applicant_unit_id, person.current_unit_id),
            ("applicant_position", self.applicant_position, person.current_position),
            ("applicant_leadership_level", self.applicant_leadership_level, person.leadership_level),
            ("applicant_grade", self.applicant_grade, person.grade),
            ("applicant_education", self.applicant_education, person.education),
        ]
        labels = {"applicant_unit": _("current unit")}
        return [
            str(labels.get(name) or self._meta.get_field(name).verbose_name)
            for name, then, now in pairs
            if then != now
        ]

    def snapshot_applicant(self, person=None):
        """Record the applicant's situation now (called when the application is made). ``person``: anything with the
        person's current_unit_id, current_position, leadership_level, grade and education (the archive import passes
        the few values it keeps of each person instead of a Person); the application's own by default."""
        person = person or self.person
        self.applicant_unit_id = person.current_unit_id
        self.applicant_position = person.current_position
        self.applicant_leadership_level = person.leadership_level
        self.applicant_grade = person.grade
        self.applicant_education = person.education
        self.from_other_unit = person.current_unit_id != self.post.unit_id
