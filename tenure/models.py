from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from accounts import rules as roles

# The same four grades (优秀 / 称职 / 基本称职 / 不称职) as a democratic evaluation.
from competition.models.evaluations import Rating
from competition.models.people import Grade, LeadershipLevel
from competition.models.units import Level


class TerminationReason(models.TextChoices):
    """Why a term ends before its scheduled end (DOMAIN.md, Tenure)."""

    ILLNESS = "illness", _("Illness")
    REORGANISATION = "reorganisation", _("Reorganisation")
    MAX_AGE = "max_age", _("Maximum age reached")
    UNFIT = "unfit", _("Found unfit in assessment")
    RESIGNATION = "resignation", _("Resignation")
    DISCIPLINE = "discipline", _("Discipline")
    SPECIAL_WORK_NEEDS = "special_work_needs", _("Special work needs (move to another post)")
    PROBATION_NOT_CONFIRMED = "probation", _("Not confirmed at the end of probation")
    OTHER = "other", _("Other")


class TermQuerySet(models.QuerySet):
    def serving_on(self, day):
        """Terms held on ``day``: started on or before it and not yet ended."""
        return self.filter(start__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))

    def current(self):
        """Terms not ended: on probation or serving."""
        return self.filter(ended_on__isnull=True, status__in=[Term.Status.PROBATION, Term.Status.SERVING])

    def reappointable(self, day):
        """Current terms, and terms that ran to their scheduled end within the last year (late reappointments)."""
        import datetime

        ran_its_course = Q(status=Term.Status.ENDED, ended_on=F("end"), end__gte=day - datetime.timedelta(days=366))
        current = Q(ended_on__isnull=True, status__in=[Term.Status.PROBATION, Term.Status.SERVING])
        return self.filter(current | ran_its_course)

    def section_chiefs(self):
        """Terms in section-level leadership positions: what the unit's quota (三定职数) bounds."""
        return self.filter(position__level=Level.SECTION, position__is_leadership=True)

    def visible_to(self, user):
        """The office sees every term; a unit secretary their own unit's."""
        if roles.is_office(user):
            return self
        if roles.is_unit_secretary(user):
            return self.filter(unit_id=user.secretary_of_id)
        return self.none()


class Term(models.Model):
    """A term (任期) held by a person in a standing position."""

    class Origin(models.TextChoices):
        COMPETITION = "competition", _("Competition")
        REAPPOINTMENT = "reappointment", _("Reappointment of a post not competed")
        IMPORT = "import", _("Import")
        SPECIAL_MOVE = "special_move", _("Move for special work needs")

    class Status(models.TextChoices):
        PROBATION = "probation", _("On probation")
        SERVING = "serving", _("Serving")
        ENDED = "ended", pgettext_lazy("term", "Ended")
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
    termination_reason = models.CharField(
        _("reason for early termination"), max_length=20, choices=TerminationReason.choices, blank=True
    )
    # Moves for special work needs in this term period; the new term of a move inherits the count.
    special_moves = models.PositiveSmallIntegerField(_("moves for special work needs"), default=0)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="term_end_after_start"),
            # At most one move for special work needs per term (term_move_for_special_needs checks it first).
            models.CheckConstraint(condition=Q(special_moves__lte=1), name="term_at_most_one_special_move"),
            # An appointment creates one term per competed post and person.
            models.UniqueConstraint(
                fields=["post", "person"], condition=Q(post__isnull=False), name="term_once_per_post_and_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.position} ({self.start:%Y-%m-%d} – {self.end:%Y-%m-%d})"


class Certificate(models.Model):
    """An appointment certificate (聘书): one per term, numbered per unit and year."""

    term = models.OneToOneField(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="certificate")
    unit = models.ForeignKey("competition.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="certificates")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit__name", "year", "number"]
        verbose_name = _("appointment certificate")
        verbose_name_plural = _("appointment certificates")
        constraints = [
            # certificate_issue numbers under a lock on the unit; this is the last line against a duplicate.
            models.UniqueConstraint(fields=["unit", "year", "number"], name="certificate_unique_number_per_unit_year"),
        ]

    def __str__(self):
        return self.code

    @property
    def code(self):
        # Numbered with the unit's short code for document numbers (罗委聘〔2026〕3号), its name until one is set.
        return f"{self.unit.document_code}聘〔{self.year}〕{self.number}号"


class TermGoal(models.Model):
    """A term goal (任期目标) with the measures that will show it was reached."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="goals")
    goal = models.TextField(_("goal"))
    measures = models.TextField(_("measures"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term", "created_at", "pk"]
        verbose_name = _("term goal")
        verbose_name_plural = _("term goals")

    def __str__(self):
        return self.goal[:50]


class AnnualReview(models.Model):
    """The yearly review of a term-holder during the term (supervision)."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="annual_reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["term", "year"]
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        constraints = [models.UniqueConstraint(fields=["term", "year"], name="annual_review_once_per_year")]

    def __str__(self):
        return f"{self.term_id} {self.year}"


class TermAssessment(models.Model):
    """The term-end assessment (任期考核), shown to the office when the person next applies."""

    term = models.OneToOneField(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="assessment")
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    assessed_on = models.DateField(_("assessed on"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on"]
        verbose_name = _("term assessment")
        verbose_name_plural = _("term assessments")

    def __str__(self):
        return f"{self.term} · {self.get_rating_display()}"


class ProbationAssessment(models.Model):
    """The assessment that ends a promotion's probation (试用期满考核): confirmed, or not confirmed with a reason, in
    which case the term ends and the person returns to a post at his former level (recorded here)."""

    class Result(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed in the post")
        NOT_CONFIRMED = "not_confirmed", _("Not confirmed")

    term = models.OneToOneField(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="probation_assessment"
    )
    assessed_on = models.DateField(_("assessed on"))
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    reason = models.TextField(_("reason"), blank=True)
    # Not confirmed: the level he held before the promotion, and the post at that level he returns to.
    returned_to_level = models.CharField(
        _("returns to the level"), max_length=20, choices=LeadershipLevel.choices, blank=True
    )
    returned_to_grade = models.CharField(_("returns to the grade"), max_length=20, choices=Grade.choices, blank=True)
    returned_to_post = models.CharField(_("returns to the post"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on"]
        verbose_name = _("probation assessment")
        verbose_name_plural = _("probation assessments")
        constraints = [
            # probation_assess checks these first; a "not confirmed" without its reason and return is refused here too.
            models.CheckConstraint(
                condition=Q(result="confirmed", returned_to_post="")
                | (Q(result="not_confirmed") & ~Q(reason="") & ~Q(returned_to_post="")),
                name="probation_not_confirmed_has_reason_and_return",
            ),
        ]

    def returned_to_standing_display(self) -> str:
        """The leadership level he returns to, else the grade."""
        if self.returned_to_level:
            return self.get_returned_to_level_display()
        return self.get_returned_to_grade_display() if self.returned_to_grade else ""

    def __str__(self):
        return f"{self.term} · {self.get_result_display()}"


class Exit(models.Model):
    """The exit procedure (退岗) after a term ends early or is not renewed, with the person's next arrangement."""

    class Arrangement(models.TextChoices):
        UNDECIDED = "undecided", _("Not decided yet")
        LEADERSHIP = "leadership", _("Another leadership post")
        NON_LEADERSHIP = "non_leadership", _("Non-leadership position")
        RETIREMENT = "retirement", _("Retirement")
        LEAVES_SERVICE = "leaves", _("Leaves the civil service")
        OTHER = "other", _("Other")

    term = models.OneToOneField(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="exit")
    # The procedure's steps, in order; each date records when the step was done.
    talk_on = models.DateField(_("exit talk held on"), null=True, blank=True)
    handover_on = models.DateField(_("work handed over on"), null=True, blank=True)
    filed_on = models.DateField(_("personnel file updated on"), null=True, blank=True)
    arrangement = models.CharField(
        _("next arrangement"), max_length=20, choices=Arrangement.choices, default=Arrangement.UNDECIDED
    )
    arrangement_details = models.CharField(_("details of the arrangement"), max_length=200, blank=True)

    STEPS = ("talk_on", "handover_on", "filed_on")

    class Meta:
        verbose_name = _("exit")
        verbose_name_plural = _("exits")

    def __str__(self):
        return str(self.term)

    @property
    def is_complete(self):
        return all(getattr(self, step) for step in self.STEPS) and self.arrangement != self.Arrangement.UNDECIDED


def _is_office(reappointment, user):
    return roles.is_office(user)


def _is_office_or_unit_secretary(reappointment, user):
    return roles.is_office(user) or roles.is_unit_secretary_of(user, reappointment)


def _results_recorded(reappointment):
    return bool(reappointment.evaluation_result and reappointment.performance_result)


def _results_pass(reappointment):
    return Rating.INCOMPETENT not in (reappointment.evaluation_result, reappointment.performance_result)


def _publicity_set(reappointment):
    return bool(reappointment.publicity_start and reappointment.publicity_end)


def _publicity_over(reappointment):
    from django.utils import timezone

    return reappointment.publicity_end is not None and reappointment.publicity_end < timezone.localdate()


class Reappointment(FSMModelMixin, models.Model):
    """A post not competed: its incumbent is reappointed for the new term period, step by step.

    Democratic evaluation and performance report (述职考核) results → unit publicity → office review →
    certificate. Each step is a transition from the one before, so none can be skipped; django-fsm-log keeps
    who did what and when. ``tenure.reappointment`` holds the service functions that move it.
    """

    class Status(models.TextChoices):
        STARTED = "started", _("Awaiting evaluation and performance report")
        EVALUATED = "evaluated", _("Results recorded")
        PUBLICITY = "publicity", _("Unit publicity")
        REVIEW = "review", _("Office review")
        APPROVED = "approved", _("Approved, awaiting the certificate")
        CERTIFIED = "certified", _("Certificate issued")
        REJECTED = "rejected", _("Not reappointed")

    OPEN_STATES = (Status.STARTED, Status.EVALUATED, Status.PUBLICITY, Status.REVIEW, Status.APPROVED)

    campaign = models.ForeignKey(
        "competition.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="reappointments"
    )
    unit = models.ForeignKey("competition.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reappointments")
    previous_term = models.ForeignKey(
        Term, verbose_name=_("incumbent's term"), on_delete=models.PROTECT, related_name="reappointments"
    )
    new_term = models.OneToOneField(
        Term, verbose_name=_("new term"), null=True, blank=True, on_delete=models.PROTECT, related_name="reappointed_by"
    )
    evaluation_result = models.CharField(_("democratic evaluation result"), max_length=20, choices=Rating.choices, blank=True)
    performance_result = models.CharField(_("performance report result"), max_length=20, choices=Rating.choices, blank=True)
    publicity_start = models.DateField(_("publicity starts"), null=True, blank=True)
    publicity_end = models.DateField(_("publicity ends"), null=True, blank=True)
    review_note = models.TextField(_("office review note"), blank=True)
    status = FSMField(_("status"), default=Status.STARTED, choices=Status.choices, protected=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__name", "pk"]
        verbose_name = _("reappointment")
        verbose_name_plural = _("reappointments")
        constraints = [
            # One reappointment per incumbent's term and campaign: reappointment_start relies on it.
            models.UniqueConstraint(fields=["campaign", "previous_term"], name="reappointment_once_per_term"),
        ]

    def __str__(self):
        return f"{self.previous_term.person} · {self.previous_term.position}"

    @property
    def is_late_today(self):
        from django.utils import timezone

        return self.is_late(timezone.localdate())

    def is_late(self, day):
        deadline = self.campaign.reappointment_deadline
        return self.status in self.OPEN_STATES and deadline is not None and day > deadline

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.STARTED,
        target=Status.EVALUATED,
        permission=_is_office_or_unit_secretary,
        conditions=[_results_recorded],
    )
    def record_results(self, by=None, description=None):
        """The democratic evaluation and the performance report have results."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.EVALUATED,
        target=Status.PUBLICITY,
        permission=_is_office_or_unit_secretary,
        conditions=[_results_pass, _publicity_set],
    )
    def start_publicity(self, by=None, description=None):
        """The unit publishes the reappointment."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.PUBLICITY,
        target=Status.REVIEW,
        permission=_is_office_or_unit_secretary,
        conditions=[_publicity_over],
    )
    def submit_for_review(self, by=None, description=None):
        """After the publicity, the unit sends the case to the office."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.REVIEW, target=Status.APPROVED, permission=_is_office)
    def approve(self, by=None, description=None):
        """The office approves the reappointment."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.STARTED, Status.EVALUATED, Status.PUBLICITY, Status.REVIEW],
        target=Status.REJECTED,
        permission=_is_office,
    )
    def reject(self, by=None, description=None):
        """The office decides the incumbent is not reappointed; the post will be competed."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.APPROVED, target=Status.CERTIFIED, permission=_is_office_or_unit_secretary)
    def certify(self, by=None, description=None):
        """The new term starts and its certificate is issued (``tenure.reappointment`` does both)."""
