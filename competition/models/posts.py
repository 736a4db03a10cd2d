"""The post (竞岗职位): a standing position offered in a campaign, and its eight-step state machine.

Transition methods only say which moves exist, with their conditions and permissions. They are never
called directly by views: ``competition.workflow`` wraps each in a service function that checks the
permission, locks the row, transitions and saves in one transaction (the django-fsm-log row included).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from accounts import rules as roles
from competition import kinds
from competition.kinds import Step

from .people import Education, Rank
from .units import Level


class PostQuerySet(models.QuerySet):
    def announced(self):
        """Posts on the public board: published and not yet past registration."""
        return self.filter(status__in=[Post.Status.ANNOUNCED, Post.Status.REGISTRATION])

    def active(self):
        return self.exclude(status__in=Post.TERMINAL_STATES)

    def visible_to(self, user):
        """Posts a user may see in the back office: the office all, a unit secretary their unit's; anyone else
        the board's (``kinds.board_filter``: an internal competition's posts only to the unit's staff)."""
        if roles.is_office(user):
            return self
        if roles.is_unit_secretary(user):
            return self.filter(unit_id=user.secretary_of_id)
        return self.on_board_for(user)

    def on_board_for(self, user):
        """The announced posts ``user`` may see on the board (``competition.kinds`` decides by the campaign's kind)."""
        return self.announced().filter(kinds.board_filter(user))

    def counts_by_status(self):
        return dict(self.order_by().values_list("status").annotate(n=Count("id")))


def registration_window_set(post):
    round_ = post.round
    return round_ is not None and round_.registration_closes > timezone.now()


def registration_window_opened(post):
    return post.round is not None and post.round.registration_opens <= timezone.now()


def registration_closed(post):
    return post.round is not None and post.round.has_closed()


def enough_qualified_applicants(post):
    return post.qualified_applications().count() >= post.campaign.min_qualified_applicants


def has_written_exam(post):
    return post.campaign.has_written_exam


def no_written_exam(post):
    """Without a written exam registration closes straight into the interview (competition.written otherwise)."""
    return not post.campaign.has_written_exam


def written_results_published(post):
    """Every written exam session of the post has its results published."""
    return not post.written_sessions.exclude(status="published").exists()


def interview_results_published(post):
    """Every interview session of the post has its results published (a post without sessions passes:
    tests and data imports move posts along without interviewing)."""
    return not post.interview_sessions.exclude(status="published").exists()


def has_appointee(post):
    return post.decisions.filter(result="passed").exists()


def is_office(post, user):
    return roles.is_office(user)


def runs(step):
    """The permission of a step whose runner the campaign's kind decides (``competition.kinds``)."""

    def permission(post, user):
        return kinds.runs(user, post.campaign, step)

    permission.__name__ = f"runs_{step}"
    return permission


def can_fail(post, user):
    """The office fails a post at any step; whoever runs registration (an internal competition's secretary) may
    fail it when registration closes with too few."""
    if roles.is_office(user):
        return True
    return post.status == Post.Status.REGISTRATION and kinds.runs(user, post.campaign, Step.REGISTRATION)


def may_move_to_internal(post):
    return kinds.may_move_to_internal(post.campaign)


def is_post_unit_secretary(post, user):
    return roles.is_unit_secretary_of(user, post)


def is_office_or_post_unit_secretary(post, user):
    return roles.is_office(user) or roles.is_unit_secretary_of(user, post)


def can_cancel(post, user):
    """The office may cancel any open post; a unit secretary only a draft their unit has not submitted."""
    if roles.is_office(user):
        return True
    return roles.is_unit_secretary_of(user, post) and post.status in (Post.Status.DRAFT, Post.Status.RETURNED)


class Post(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RELEASED = "released", _("Released (awaiting the office)")
        RETURNED = "returned", _("Returned to the unit")
        ACCEPTED = "accepted", _("Accepted")
        ANNOUNCED = "announced", _("Announced")
        REGISTRATION = "registration", _("Registration")
        WRITTEN = "written", _("Written exam")
        INTERVIEW = "interview", _("Interview")
        EVALUATION = "evaluation", _("Democratic evaluation")
        INSPECTION = "inspection", _("Inspection")
        PUBLICITY = "publicity", _("Pre-appointment publicity")
        DECISION = "decision", _("Committee decision")
        APPOINTED = "appointed", _("Appointed")
        INTERNAL = "internal", _("Moved to internal competition")
        FAILED = "failed", _("Failed (re-release in a later round)")
        CANCELLED = "cancelled", _("Cancelled")

    TERMINAL_STATES = (Status.APPOINTED, Status.INTERNAL, Status.FAILED, Status.CANCELLED)
    # The states from which a post can fail: once registration has started, no suitable candidate may be found.
    FAILABLE_STATES = (
        Status.REGISTRATION,
        Status.WRITTEN,
        Status.INTERVIEW,
        Status.EVALUATION,
        Status.INSPECTION,
        Status.PUBLICITY,
        Status.DECISION,
    )
    CANCELLABLE_STATES = (
        Status.DRAFT,
        Status.RELEASED,
        Status.RETURNED,
        Status.ACCEPTED,
        Status.ANNOUNCED,
        *FAILABLE_STATES,
    )

    campaign = models.ForeignKey(
        "competition.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="posts"
    )
    round = models.ForeignKey(
        "competition.Round",
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
        help_text=_("The round whose registration window this post is offered in."),
    )
    unit = models.ForeignKey("competition.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="posts")
    position = models.ForeignKey(
        "competition.Position", verbose_name=_("position"), on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(_("title"), max_length=100)
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.SECTION)

    # Requirements (任职条件): checked automatically at qualification review.
    min_education = models.CharField(
        _("minimum education"), max_length=20, choices=Education.choices, default=Education.JUNIOR_COLLEGE
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age at the registration deadline"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(25, _("A maximum age below 25 would exclude every civil servant of this level.")),
            MaxValueValidator(60, _("A maximum age above 60 is past retirement age.")),
        ],
    )
    min_rank = models.CharField(_("minimum current rank"), max_length=20, choices=Rank.choices, default=Rank.STAFF)
    min_years_in_rank = models.PositiveSmallIntegerField(
        _("minimum years in rank"), default=0, validators=[MaxValueValidator(30)]
    )
    party_member_required = models.BooleanField(
        _("CPC membership required"), default=False, help_text=_("Full members only; probationary members do not qualify.")
    )
    other_requirements = models.TextField(_("further requirements"), blank=True)
    duties = models.TextField(_("duties"), blank=True)
    term_goals = models.TextField(_("term goals"), blank=True)

    status = FSMField(_("status"), default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True)
    rereleased_from = models.ForeignKey(
        "self",
        verbose_name=_("re-release of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rereleases",
    )
    # A post moved to its unit's internal competition stays as it was (its applications, its log, the campaign's
    # figures); a draft in the internal competition carries it on (competition.offering). One per original.
    moved_from = models.OneToOneField(
        "self",
        verbose_name=_("moved from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moved_to",
    )
    # The office's permission to offer this post beyond the unit's approved number (competition.vacancies).
    vacancy_override_reason = models.TextField(_("reason for exceeding the approved number"), max_length=1000, blank=True,
                                               editable=False)
    vacancy_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved number exceeded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    vacancy_override_at = models.DateTimeField(_("approved number exceeded at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["unit__name", "title"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            # The campaign page lists posts by state and unit.
            models.Index(fields=["campaign", "status", "unit"], name="post_campaign_status_unit"),
        ]
        constraints = [
            # An override of the approved number is recorded whole: its reason and when (by may be deleted later).
            models.CheckConstraint(
                condition=models.Q(vacancy_override_at__isnull=True, vacancy_override_reason="")
                | (models.Q(vacancy_override_at__isnull=False) & ~models.Q(vacancy_override_reason="")),
                name="post_vacancy_override_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.unit.name} {self.title}"

    @property
    def moved_to_or_none(self):
        """The draft that carries this post on in its unit's internal competition, if it moved there."""
        try:
            return self.moved_to
        except Post.moved_to.RelatedObjectDoesNotExist:
            return None

    @property
    def is_terminal(self):
        return self.status in self.TERMINAL_STATES

    def qualified_applications(self):
        from .applications import Application

        return self.applications.filter(status=Application.Status.QUALIFIED)

    # --- Step 1: post release (推出职位) ---

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.DRAFT, Status.RETURNED],
        target=Status.RELEASED,
        permission=is_post_unit_secretary,
    )
    def submit(self, by=None, description=None):
        """The unit secretary submits the post to the office."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RELEASED, target=Status.RETURNED, permission=runs(Step.RELEASE))
    def return_to_unit(self, by=None, description=None):
        """The office returns the post to the unit, with a reason."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RELEASED, target=Status.ACCEPTED, permission=runs(Step.RELEASE))
    def accept(self, by=None, description=None):
        """The office accepts the post into the campaign."""

    # --- Step 2: announcement (公布职位与任职条件) ---

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.ACCEPTED,
        target=Status.ANNOUNCED,
        permission=runs(Step.RELEASE),
        conditions=[registration_window_set],
    )
    def announce(self, by=None, description=None):
        """The office publishes the post and its requirements with the registration window."""

    # --- Step 3: registration and qualification review (报名和资格审核) ---

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.ANNOUNCED,
        target=Status.REGISTRATION,
        permission=runs(Step.RELEASE),
        conditions=[registration_window_opened],
    )
    def open_registration(self, by=None, description=None):
        """Registration opens when the round's window does."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.REGISTRATION,
        target=Status.INTERVIEW,
        permission=runs(Step.REGISTRATION),
        conditions=[registration_closed, enough_qualified_applicants, no_written_exam],
    )
    def start_interview(self, by=None, description=None):
        """Registration has closed with enough qualified applicants: the post goes to interview."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.REGISTRATION,
        target=Status.WRITTEN,
        permission=runs(Step.REGISTRATION),
        conditions=[registration_closed, enough_qualified_applicants, has_written_exam],
    )
    def start_written(self, by=None, description=None):
        """Registration has closed with enough qualified applicants and the campaign holds a written exam."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.WRITTEN,
        target=Status.INTERVIEW,
        permission=runs(Step.WRITTEN),
        conditions=[written_results_published],
    )
    def finish_written(self, by=None, description=None):
        """The written exam's results are published: those who passed, within the ratio, go on to the interview."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.REGISTRATION,
        target=Status.INTERNAL,
        permission=runs(Step.REGISTRATION),
        conditions=[registration_closed, may_move_to_internal],
    )
    def move_to_internal(self, by=None, description=None):
        """Too few qualified applicants, or none suitable: the unit runs an internal competition."""

    # --- Steps 4 to 8 ---

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.INTERVIEW,
        target=Status.EVALUATION,
        permission=runs(Step.INTERVIEW),
        conditions=[interview_results_published],
    )
    def start_evaluation(self, by=None, description=None):
        """The interview results are published; the leading candidates go on to democratic evaluation."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.EVALUATION, target=Status.INSPECTION, permission=runs(Step.EVALUATION_APPROVE))
    def start_inspection(self, by=None, description=None):
        """The evaluation is tallied; the organization inspects the candidate."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.INSPECTION, target=Status.PUBLICITY, permission=is_office)
    def start_publicity(self, by=None, description=None):
        """The inspection passed; the pre-appointment publicity is drafted and published."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.PUBLICITY, target=Status.DECISION, permission=is_office)
    def await_decision(self, by=None, description=None):
        """The publicity ended without a substantiated objection; the committee decides."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status, source=Status.DECISION, target=Status.APPOINTED, permission=is_office_or_post_unit_secretary
    )
    def appoint(self, by=None, description=None):
        """The committee's decision passed: the candidate is appointed and the term starts."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status, source=[Status.PUBLICITY, Status.DECISION], target=Status.INSPECTION, permission=is_office
    )
    def return_to_inspection(self, by=None, description=None):
        """The candidate was stopped by the publicity or the committee: the next-ranked candidate is inspected."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.INSPECTION, Status.PUBLICITY, Status.DECISION],
        target=Status.APPOINTED,
        permission=is_office,
        conditions=[has_appointee],
    )
    def close_with_fewer(self, by=None, description=None):
        """The office closes a post with fewer appointees than places, with a reason."""

    # --- Side exits ---

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=FAILABLE_STATES, target=Status.FAILED, permission=can_fail)
    def fail(self, by=None, description=None):
        """No suitable candidate: the post fails and may be re-released in a later round."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=CANCELLABLE_STATES,
        target=Status.CANCELLED,
        permission=can_cancel,
    )
    def cancel(self, by=None, description=None):
        """The post is withdrawn from the campaign."""
