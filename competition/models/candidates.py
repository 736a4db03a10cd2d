"""The candidate's file (issue 18): appeals (复核), exceptions (破格) and materials (报名材料).

How the candidate came (the nomination) is three fields of ``Application`` itself. The services are in
``competition.candidates``; the rows here are written by them only (the admin shows them read-only).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Appeal(models.Model):
    """A candidate's request for a review (复核) of his refusal at the qualification review, and the office's decision.

    Never deleted: the request and the decision stay side by side, with who and when, as the record of both.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the decision")
        UPHELD = "upheld", _("upheld")
        DISMISSED = "dismissed", _("dismissed")

    application = models.ForeignKey(
        "competition.Application", verbose_name=_("application"), on_delete=models.PROTECT, related_name="appeals"
    )
    reason = models.TextField(_("reason for the appeal"), max_length=2000)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=1000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["application", "filed_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            # appeal_file: two clicks or two tabs cannot open two appeals of one application.
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="open"), name="appeal_one_open_per_application"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="appeal_has_a_reason"),
            # appeal_decide: a decided appeal has its time and reason; an open one has neither.
            models.CheckConstraint(
                condition=Q(status="open", decided_at__isnull=True, decision_reason="")
                | (Q(status__in=["upheld", "dismissed"], decided_at__isnull=False) & ~Q(decision_reason="")),
                name="appeal_decided_with_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_status_display()}"


class Requirement(models.TextChoices):
    """The requirements the automatic pre-check measures (``competition.registration.services.precheck``)."""

    AGE = "age", _("maximum age")
    EDUCATION = "education", _("minimum education")
    RANK = "rank", _("minimum leadership level or grade")
    YEARS_IN_RANK = "years_in_rank", _("minimum years in the level or grade")
    PARTY_MEMBERSHIP = "party_membership", _("CPC membership")


class ExceptionRequest(models.Model):
    """A candidate's request to be admitted by exception (破格) to a requirement he does not meet, with his reason
    and evidence; the office's decision with its reason, and a second office member's confirmation.

    The two people are the database's rule (``exception_two_people``), not only the service's. An approved
    exception lets the pre-check pass for that requirement of that application.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("waiting for the office's decision")
        PROPOSED = "proposed", _("decided, waiting for a second office member's confirmation")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    application = models.ForeignKey(
        "competition.Application", verbose_name=_("application"), on_delete=models.PROTECT, related_name="exceptions"
    )
    requirement = models.CharField(_("requirement"), max_length=20, choices=Requirement.choices)
    reason = models.TextField(_("reason for the exception"), max_length=2000)
    # Stored under a generated name (competition.candidates.files); the name the candidate gave is kept apart.
    evidence = models.FileField(_("evidence"), upload_to="exceptions/%Y/", blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    approve = models.BooleanField(_("approve"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=1000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["application", "filed_at"]
        verbose_name = _("exception request")
        verbose_name_plural = _("exception requests")
        constraints = [
            # exception_request: one request per requirement at a time, and none once one is approved.
            models.UniqueConstraint(
                fields=["application", "requirement"],
                condition=Q(status__in=["requested", "proposed", "approved"]),
                name="exception_one_per_requirement",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="exception_has_a_reason"),
            # exception_confirm: the one who confirms is never the one who decided.
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | (Q(decided_by__isnull=False) & ~Q(confirmed_by=F("decided_by"))),
                name="exception_two_people",
            ),
            # Each state has exactly the particulars it needs: a decision has its reason and who made it; a final
            # outcome its confirmation, and it agrees with the decision.
            models.CheckConstraint(
                condition=Q(status="requested", approve__isnull=True, decided_by__isnull=True, confirmed_by__isnull=True)
                | (
                    Q(status="proposed", approve__isnull=False, decided_by__isnull=False, confirmed_by__isnull=True)
                    & ~Q(decision_reason="")
                )
                | (
                    Q(status="approved", approve=True, decided_by__isnull=False, confirmed_by__isnull=False)
                    & ~Q(decision_reason="")
                )
                | (
                    Q(status="refused", approve=False, decided_by__isnull=False, confirmed_by__isnull=False)
                    & ~Q(decision_reason="")
                ),
                name="exception_states_complete",
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_requirement_display()} ({self.get_status_display()})"


MATERIAL_FILE_KINDS = ("pdf", "docx", "pptx", "jpg", "png")  # competition.candidates.files.KINDS


class MaterialRequirement(models.Model):
    """A material the candidates of a campaign (or of one post, where it differs) hand in: what, until when, in
    which kinds of file and up to which size. A post's requirement of a kind replaces the campaign's of that kind."""

    class Kind(models.TextChoices):
        WORK_PLAN = "work_plan", _("work plan (工作设想)")
        SLIDES = "slides", _("speech slides")
        CERTIFICATES = "certificates", _("certificates")
        OTHER = "other", _("other material")

    campaign = models.ForeignKey(
        "competition.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="material_requirements"
    )
    post = models.ForeignKey(
        "competition.Post", verbose_name=_("post"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="material_requirements", help_text=_("Blank: every post of the campaign."),
    )
    kind = models.CharField(_("kind of material"), max_length=20, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("material", "title"), max_length=100)
    required = models.BooleanField(_("required"), default=True)
    deadline = models.DateTimeField(_("deadline"))
    allowed_types = models.JSONField(_("allowed file types"), default=list)
    max_mb = models.PositiveSmallIntegerField(_("maximum size (MB)"), default=10)

    class Meta:
        ordering = ["campaign", "post", "kind"]
        verbose_name = _("material requirement")
        verbose_name_plural = _("material requirements")
        constraints = [
            # requirements_for: one requirement of a kind for the campaign, and at most one per post replacing it.
            models.UniqueConstraint(
                fields=["campaign", "kind"], condition=Q(post__isnull=True), name="material_requirement_once_per_campaign"
            ),
            models.UniqueConstraint(
                fields=["post", "kind"], condition=Q(post__isnull=False), name="material_requirement_once_per_post"
            ),
            models.CheckConstraint(condition=Q(max_mb__gte=1, max_mb__lte=50), name="material_requirement_size_1_50"),
        ]

    def __str__(self):
        return self.title


class Material(models.Model):
    """A candidate's material for one requirement of his application: the latest upload (a new one replaces it)."""

    application = models.ForeignKey(
        "competition.Application", verbose_name=_("application"), on_delete=models.CASCADE, related_name="materials"
    )
    requirement = models.ForeignKey(
        MaterialRequirement, verbose_name=_("material requirement"), on_delete=models.PROTECT, related_name="materials"
    )
    # Stored under a generated name (competition.candidates.files); the name the candidate gave is kept apart.
    file = models.FileField(_("file"), upload_to="materials/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    file_kind = models.CharField(_("file type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["application", "requirement"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            # material_upload replaces: one file per requirement and application, even for two uploads at once.
            models.UniqueConstraint(fields=["application", "requirement"], name="material_once_per_requirement"),
        ]

    def __str__(self):
        return f"{self.application}: {self.requirement}"
