"""Step 6, organizational inspection (组织考察): the public inspection notice (考察预告) that comes before it, the pool of
people the office draws its teams from (with their declared relatives), and per candidate the team (with its
recusals), the checklist (档案审核, 廉政意见, 个人有关事项报告核查, talks and evaluation) and the conclusion. The services
live in ``competition.inspection``."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .interviews import ExaminerRelative


class Inspector(models.Model):
    """A member of the pool the inspection teams are drawn from (考察组成员库): usually the organization department's
    cadres. ``person`` is his own profile when he has one: he is never on the team that inspects himself."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    unit = models.ForeignKey(
        "competition.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspectors",
    )
    title = models.CharField(_("current position"), max_length=100, blank=True)
    person = models.ForeignKey(
        "competition.Person",
        verbose_name=_("own profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspector_seats",
    )
    active = models.BooleanField(_("in the inspection pool"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("inspection team member in the pool")
        verbose_name_plural = _("inspection team pool")

    def __str__(self):
        return self.name


class InspectorRelative(models.Model):
    """A relative the member of the pool declares: he is recused for that candidate."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="relatives")
    person = models.ForeignKey(
        "competition.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="inspector_relations"
    )
    kind = models.CharField(_("relation"), max_length=12, choices=ExaminerRelative.Kind.choices)

    class Meta:
        verbose_name = _("inspection team member's declared relative")
        verbose_name_plural = _("inspection team members' declared relatives")
        constraints = [models.UniqueConstraint(fields=["inspector", "person"], name="inspector_relative_once")]

    def __str__(self):
        return f"{self.inspector} – {self.person} ({self.get_kind_display()})"


class InspectionNoticeQuerySet(models.QuerySet):
    def on_show(self, day):
        """Notices on the public page on ``day``: from their publication to the end of the inspection period."""
        return self.filter(published_on__lte=day, end_date__gte=day)


class InspectionNotice(models.Model):
    """The inspection notice (考察预告) the office publishes before the inspection starts: who is to be inspected for
    which post, the period, and how to give views. A post may have more than one (a substitute who moves up is
    announced in his own notice)."""

    post = models.ForeignKey(
        "competition.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="inspection_notices"
    )
    number = models.PositiveSmallIntegerField(_("notice number"), default=1)
    start_date = models.DateField(_("inspection from"))
    end_date = models.DateField(_("inspection to"))
    contact = models.TextField(_("how to give views"))
    # What the public page shows of each candidate, fixed at publication (name, current unit and post, the post
    # inspected for), whatever the profile says later: no ID number, no birth date.
    particulars = models.JSONField(_("candidates as published"), default=list, editable=False)
    published_on = models.DateField(_("published on"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InspectionNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["post", "number"]
        verbose_name = _("inspection notice")
        verbose_name_plural = _("inspection notices")
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="inspection_notice_number_once"),
            # The notice comes before the inspection (competition.inspection.services.inspection_notice_publish).
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")) & Q(start_date__gte=F("published_on")),
                name="inspection_notice_before_period",
            ),
        ]

    def __str__(self):
        return f"{self.post} · {self.number}"

    @property
    def names(self) -> str:
        return "、".join(row["name"] for row in self.particulars)


class Inspection(models.Model):
    """The inspection of one candidate: opened by the notice that announces him, concluded once (by the office).
    Records made before the checklist existed keep their free-text ``team`` and no checklist."""

    class Conclusion(models.TextChoices):
        PASS = "pass", _("Inspection passed")
        FAIL = "fail", _("Inspection not passed")

    class IntegrityOpinion(models.TextChoices):
        CLEAR = "clear", _("No objection to the appointment")
        CONCERNS = "concerns", _("Concerns raised")

    class PersonalMatters(models.TextChoices):
        CONSISTENT = "consistent", _("Consistent with the report")
        INCONSISTENT = "inconsistent", _("Not consistent with the report")

    post = models.ForeignKey(
        "competition.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="inspections"
    )
    application = models.ForeignKey(
        "competition.Application", verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="inspections"
    )
    notice = models.ForeignKey(
        InspectionNotice, verbose_name=_("inspection notice"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="inspections",
    )  # fmt: skip
    team = models.TextField(_("inspection team (as typed before the pool)"), blank=True)
    start_date = models.DateField(_("inspection from"))
    end_date = models.DateField(_("inspection to"))
    # The checklist (competition.inspection.checklist): blank until the team records each part.
    integrity_opinion = models.CharField(
        _("integrity opinion of the discipline inspection body"),
        max_length=10,
        choices=IntegrityOpinion.choices,
        blank=True,
    )
    integrity_opinion_by = models.CharField(_("opinion given by"), max_length=100, blank=True)
    integrity_opinion_on = models.DateField(_("opinion dated"), null=True, blank=True)
    integrity_opinion_note = models.TextField(_("concerns raised"), blank=True)
    personal_matters = models.CharField(
        _("personal matters report check"), max_length=12, choices=PersonalMatters.choices, blank=True
    )
    personal_matters_note = models.TextField(_("what was not consistent, and how it was handled"), blank=True)
    people_talked_to = models.PositiveIntegerField(_("people talked to"), null=True, blank=True)
    evaluation_result = models.CharField(_("result of the evaluation"), max_length=300, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=4, choices=Conclusion.choices, blank=True)
    fail_reason = models.TextField(_("reason the inspection was not passed"), blank=True)
    report = models.FileField(_("inspection report"), upload_to="inspections/%Y/", blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "recorded_at"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.UniqueConstraint(fields=["post", "application"], name="inspection_once_per_candidate"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="inspection_ends_after_start"),
        ]

    def __str__(self):
        if not self.conclusion:
            return f"{self.application.person} · {_('under inspection')}"
        return f"{self.application.person} · {self.get_conclusion_display()}"

    @property
    def concluded(self) -> bool:
        return bool(self.conclusion)


class FileReviewItem(models.Model):
    """One item of the personnel file review (档案审核, 三龄二历一身份): confirmed, or a discrepancy recorded."""

    class Item(models.TextChoices):
        BIRTH_DATE = "birth_date", _("Birth date")
        WORK_START = "work_start", _("Date of starting work")
        PARTY_DATE = "party_date", _("Date of joining the Party")
        EDUCATION = "education", _("Education and degrees")
        WORK_HISTORY = "work_history", _("Work history")
        IDENTITY = "identity", _("Cadre identity")

    class Result(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        DISCREPANCY = "discrepancy", _("Discrepancy found")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="file_review")
    item = models.CharField(_("item"), max_length=12, choices=Item.choices)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    note = models.TextField(_("discrepancy and how it was determined"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("personnel file review item")
        verbose_name_plural = _("personnel file review")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="file_review_item_once"),
            # A discrepancy is recorded with what it is (competition.inspection.services.inspection_checklist_save).
            models.CheckConstraint(
                condition=~Q(result="discrepancy") | ~Q(note=""), name="file_review_discrepancy_noted"
            ),
        ]

    def __str__(self):
        return f"{self.get_item_display()}: {self.get_result_display()}"


class InspectionTeamMember(models.Model):
    """A member of the team that inspects one candidate, drawn from the pool; recused for him with the reason
    (the candidate himself, same unit, a declared relative), kept as it was found when the team was chosen."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team_members")
    inspector = models.ForeignKey(
        Inspector, verbose_name=_("member"), on_delete=models.PROTECT, related_name="team_seats"
    )
    recused = models.BooleanField(_("recused"), default=False)
    recusal_reason = models.CharField(_("reason for recusal"), max_length=200, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "recused", "inspector__name", "pk"]
        verbose_name = _("inspection team member")
        verbose_name_plural = _("inspection team members")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspector"], name="inspection_team_member_once"),
            models.CheckConstraint(
                condition=Q(recused=False) | ~Q(recusal_reason=""), name="inspection_recusal_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.inspector}{' (' + self.recusal_reason + ')' if self.recused else ''}"
