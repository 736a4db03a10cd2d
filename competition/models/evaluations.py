"""Step 5, democratic evaluation (民主测评): one-time ballot codes, anonymous ballots, paper tallies.

Secrecy is structural: a ``Ballot`` has no link to the ``BallotCode`` that allowed it and no time finer
than its evaluation's date, and a code is stored only as a salted hash. Consuming a code and storing the
ballot happen in one transaction (``competition.evaluations.ballot_cast``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basic", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


class Evaluation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for voting")
        CLOSED = "closed", _("Closed")

    post = models.OneToOneField(
        "competition.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="evaluation"
    )
    date = models.DateField(_("evaluation date"), default=timezone.localdate)
    called = models.PositiveIntegerField(
        _("participants called"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    # Per-evaluation salt of the code hashes: a hash list copied from one evaluation says nothing of another.
    salt = models.CharField(max_length=64, editable=False)
    codes_issued = models.PositiveIntegerField(_("ballot codes issued"), default=0)
    paper_ballots = models.PositiveIntegerField(_("paper ballots returned"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    turnout_reached = models.BooleanField(_("turnout reached"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("democratic evaluation")
        verbose_name_plural = _("democratic evaluations")
        constraints = [
            models.CheckConstraint(condition=Q(called__gte=1), name="evaluation_called_at_least_one"),
        ]

    def __str__(self):
        return f"{self.post} {self.date:%Y-%m-%d}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class EvaluationCandidate(models.Model):
    """A candidate on the ballot, in interview-rank order, with the paper tally and the result."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="candidates")
    application = models.ForeignKey(
        "competition.Application", on_delete=models.PROTECT, related_name="evaluation_entries"
    )
    order = models.PositiveSmallIntegerField(_("order on the ballot"))
    paper_excellent = models.PositiveIntegerField(_("paper: excellent"), default=0)
    paper_competent = models.PositiveIntegerField(_("paper: competent"), default=0)
    paper_basic = models.PositiveIntegerField(_("paper: basically competent"), default=0)
    paper_incompetent = models.PositiveIntegerField(_("paper: incompetent"), default=0)
    passed = models.BooleanField(_("passed"), null=True, editable=False)

    class Meta:
        ordering = ["evaluation", "order"]
        verbose_name = _("evaluation candidate")
        verbose_name_plural = _("evaluation candidates")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "application"], name="evaluation_candidate_once"),
        ]

    def __str__(self):
        return str(self.application.person)


class BallotCode(models.Model):
    """A one-time code, kept only as a hash. Who received which slip is never recorded."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="codes")
    # The code entry page finds a code by its hash.
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ballot code")
        verbose_name_plural = _("ballot codes")


class Ballot(models.Model):
    """One anonymous ballot. Deliberately no link to its code and no timestamp: the evaluation's date is all.

    A random primary key, so that the row order does not follow the order of voting either.
    """

    id = models.UUIDField(primary_key=True, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="ballots")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")


class BallotMark(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="marks")
    candidate = models.ForeignKey(EvaluationCandidate, on_delete=models.CASCADE, related_name="marks")
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)

    class Meta:
        verbose_name = _("ballot mark")
        verbose_name_plural = _("ballot marks")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "candidate"], name="ballot_mark_once_per_candidate"),
        ]
