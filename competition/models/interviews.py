"""Interview sessions (面试): the examiner pool, recusal, sessions and their drawn order, the question bank,
blind scoring and corrections. The services live in ``competition.interviews``."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .units import Unit


class Examiner(models.Model):
    """A member of the examiner pool (考官库). ``user`` gives the examiner role (accounts.rules.is_examiner)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="examiner"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    unit = models.ForeignKey(
        "competition.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="examiners"
    )
    title = models.CharField(pgettext_lazy("person", "title"), max_length=100, blank=True)
    specialties = models.CharField(_("specialties"), max_length=200, blank=True)
    active = models.BooleanField(_("in the pool"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("examiner")
        verbose_name_plural = _("examiners")

    def __str__(self):
        return self.name


class ExaminerRelative(models.Model):
    """A relative the examiner declares: an examiner is recused for a candidate who is a declared relative."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        DIRECT = "direct", _("Direct blood relative")
        COLLATERAL = "collateral", _("Collateral relative within three generations")
        IN_LAW = "in_law", _("Close in-law")

    examiner = models.ForeignKey(Examiner, on_delete=models.CASCADE, related_name="relatives")
    person = models.ForeignKey(
        "competition.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="examiner_relations"
    )
    kind = models.CharField(_("relation"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("declared relative")
        verbose_name_plural = _("declared relatives")
        constraints = [
            models.UniqueConstraint(fields=["examiner", "person"], name="examiner_relative_once"),
        ]

    def __str__(self):
        return f"{self.examiner} – {self.person} ({self.get_kind_display()})"


class Question(models.Model):
    """A question of the interview bank (面试题库), by category and kind of post."""

    category = models.CharField(_("category"), max_length=50)
    unit_kind = models.CharField(
        _("kind of post"), max_length=10, choices=Unit.Kind.choices, blank=True, help_text=_("Blank: any kind.")
    )
    text = models.TextField(_("question"))
    notes = models.TextField(_("scoring notes"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return f"{self.category}: {self.text[:30]}"


class InterviewSession(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        STARTED = "started", _("Started")
        CLOSED = "closed", _("Closed (scores locked)")
        PUBLISHED = "published", _("Results published")

    campaign = models.ForeignKey(
        "competition.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="interview_sessions"
    )
    name = models.CharField(_("name"), max_length=100)
    posts = models.ManyToManyField("competition.Post", verbose_name=_("posts"), related_name="interview_sessions")
    date = models.DateField(_("date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)

    start_time = models.TimeField(_("start time"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    examiners = models.ManyToManyField(Examiner, verbose_name=_("examiners"), blank=True, related_name="sessions")
    questions = models.ManyToManyField(Question, verbose_name=_("questions"), blank=True, related_name="sessions")
    # The lot draw: a random seed from ``secrets``; the order is a deterministic shuffle of it (reproducible).
    draw_seed = models.CharField(_("draw seed"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "date", "name"]
        verbose_name = _("interview session")
        verbose_name_plural = _("interview sessions")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="interview_session_unique_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_locked(self):
        return self.status in (self.Status.CLOSED, self.Status.PUBLISHED)


class InterviewSlot(models.Model):
    """A candidate's place in a session: the drawn order, and whether they came."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="slots")
    application = models.ForeignKey(
        "competition.Application", on_delete=models.PROTECT, related_name="interview_slots"
    )
    order = models.PositiveSmallIntegerField(_("drawn order"), null=True, blank=True)
    absent = models.BooleanField(_("absent"), default=False)
    written_score = models.DecimalField(
        _("written exam score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["session", "order"]
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        constraints = [
            models.UniqueConstraint(fields=["session", "application"], name="interview_slot_once_per_session"),
        ]


class Recusal(models.Model):
    """A recusal the office adds with a reason (the automatic ones, same unit or declared relative, are computed)."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="recusals")
    examiner = models.ForeignKey(Examiner, on_delete=models.CASCADE, related_name="recusals")
    application = models.ForeignKey("competition.Application", on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("reason"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.UniqueConstraint(fields=["session", "examiner", "application"], name="recusal_once"),
        ]


class ScoreDimension(models.Model):
    """A scored dimension of a session (e.g. 综合分析 30%); with none, examiners give a single total."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField(_("dimension"), max_length=50)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("scoring dimension")
        verbose_name_plural = _("scoring dimensions")
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="score_dimension_unique_name"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="score_dimension_weight_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight})"


class Score(models.Model):
    """One examiner's score (0–100) of one candidate in one session."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="scores")
    examiner = models.ForeignKey(Examiner, on_delete=models.PROTECT, related_name="scores")
    application = models.ForeignKey("competition.Application", on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            # One score per examiner and candidate: a double submit updates, never adds a second vote.
            models.UniqueConstraint(fields=["session", "examiner", "application"], name="score_once_per_examiner"),
            models.CheckConstraint(condition=Q(value__gte=0) & Q(value__lte=100), name="score_between_0_and_100"),
        ]


class ScorePart(models.Model):
    """An examiner's score of one dimension; the score's value is the weighted mean of its parts."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="parts")
    dimension = models.ForeignKey(ScoreDimension, on_delete=models.PROTECT, related_name="parts")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("score by dimension")
        verbose_name_plural = _("scores by dimension")
        constraints = [
            models.UniqueConstraint(fields=["score", "dimension"], name="score_part_once_per_dimension"),
            models.CheckConstraint(condition=Q(value__gte=0) & Q(value__lte=100), name="score_part_between_0_and_100"),
        ]


class ScoreCorrection(models.Model):
    """A correction of a locked score by the office, with its reason and the old and new values."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="corrections")
    old_value = models.DecimalField(_("old score"), max_digits=5, decimal_places=2)
    new_value = models.DecimalField(_("new score"), max_digits=5, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("score correction")
        verbose_name_plural = _("score corrections")


class InterviewEvent(models.Model):
    """The session's log: draws (with their seed), start, close, publication, imports, recusals.

    What happened is kept as data (``kind`` and ``params``) and put into words when it is read, in the reader's
    language (``describe``): a Chinese page shows no English log (issue 21). ``detail`` holds the free text of rows
    logged before that, which migration 0024 turned into ``params`` where it could read them.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Session created")
        EXAMINERS = "examiners", _("Examiners set")
        RECUSAL = "recusal", _("Recusal recorded")
        DIMENSIONS = "dimensions", _("Scoring dimensions set")
        DRAW = "draw", _("Order drawn by lot")
        QUESTIONS = "questions", _("Questions chosen")
        ABSENT = "absent", _("Marked absent")
        PRESENT = "present", _("Marked present")
        WRITTEN = "written", _("Written exam score entered")
        STARTED = "started", _("Session started")
        CLOSED = "closed", _("Session closed")
        CORRECTION = "correction", _("Score corrected")
        PUBLISHED = "published", _("Results published")
        IMPORT = "import", _("Score sheet imported")

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    params = models.JSONField(_("particulars"), default=dict, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("interview log entry")
        verbose_name_plural = _("interview log")

    def describe(self) -> str:
        """The particulars in the active language ("" when there are none)."""
        p, listed = self.params or {}, pgettext("list separator", ", ")
        if not p:
            return self.detail
        application = pgettext("interview log", "application %(id)s")
        texts = {
            self.Kind.CREATED: lambda: gettext("Posts: %(posts)s") % {"posts": listed.join(p.get("posts", []))},
            self.Kind.EXAMINERS: lambda: (
                gettext("Examiners: %(names)s") % {"names": listed.join(p.get("examiners", []))}
            ),
            self.Kind.RECUSAL: lambda: (
                gettext("Examiner %(examiner)s is recused for %(application)s: %(reason)s")
                % {
                    "examiner": p.get("examiner_name") or f"#{p.get('examiner')}",
                    "application": application % {"id": p.get("application")},
                    "reason": p.get("reason", ""),
                }
            ),
            self.Kind.DIMENSIONS: lambda: (
                listed.join(f"{name} {weight}" for name, weight in p.get("dimensions", [])) or gettext("a single total")
            ),
            self.Kind.DRAW: lambda: (
                gettext("Seed %(seed)s; order: %(order)s")
                % {"seed": p.get("seed", ""), "order": listed.join(application % {"id": i} for i in p.get("order", []))}
            ),
            self.Kind.ABSENT: lambda: application % {"id": p.get("application")},
            self.Kind.PRESENT: lambda: application % {"id": p.get("application")},
            self.Kind.WRITTEN: lambda: (
                gettext("%(application)s: %(old)s → %(new)s")
                % {
                    "application": application % {"id": p.get("application")},
                    "old": p.get("old") or "—",
                    "new": p.get("new") or "—",
                }
            ),
            self.Kind.CORRECTION: lambda: gettext("Score #%(score)s: %(old)s → %(new)s (%(reason)s)") % p,
            self.Kind.IMPORT: lambda: gettext("%(scores)s scores, %(corrections)s corrections") % p,
        }
        if self.kind == self.Kind.QUESTIONS:
            if "drawn" in p:
                return gettext("%(n)s drawn by lot") % {"n": len(p["drawn"])}
            return gettext("%(n)s chosen") % {"n": p.get("picked", 0)}
        text = texts.get(self.kind)
        try:
            return text() if text else ""
        except (KeyError, TypeError, ValueError):
            return self.detail
