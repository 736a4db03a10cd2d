"""Step 7, pre-appointment publicity (任前公示) and objections (异议)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PublicityQuerySet(models.QuerySet):
    def on_show(self, day):
        """Notices on the public page on ``day``."""
        return self.filter(status=Publicity.Status.PUBLISHED, start_date__lte=day, end_date__gte=day)


class Publicity(models.Model):
    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting", _("Awaiting the unit secretary's approval")
        RETURNED = "returned", _("Returned to the office")
        PUBLISHED = "published", _("Published")
        ENDED = "ended", _("Ended")
        STOPPED = "stopped", _("Stopped by an objection")

    # A notice still running: its post waits for it before the committee, a substitution or a close.
    RUNNING_STATES = (Status.AWAITING_APPROVAL, Status.RETURNED, Status.PUBLISHED)

    post = models.ForeignKey("competition.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="publicities")
    application = models.ForeignKey(
        "competition.Application", verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="publicities"
    )
    # The post's notice this candidate is on: the candidates of a post publicised together (one per place) share
    # one notice, approved, published and printed as one; a substitute publicised later is on the post's next one.
    notice_no = models.PositiveSmallIntegerField(_("notice"), default=1, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AWAITING_APPROVAL)
    contact = models.TextField(
        _("how to object"),
        help_text=_("Telephone, address or mailbox for objections, besides the online form."),
    )
    note = models.TextField(_("further text"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days"))
    start_date = models.DateField(_("publicity from"), null=True, blank=True)
    end_date = models.DateField(_("publicity to"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The candidate's particulars as approved (name, sex, birth date, education, unit and position, the post):
    # fixed when the unit secretary approves, and what the public page and the print show from then on, whatever
    # the profile says later. Empty until approved (the draft shows the live profile for the secretary to check).
    particulars = models.JSONField(_("particulars as approved"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PublicityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("publicity")
        verbose_name_plural = _("publicities")
        constraints = [
            models.UniqueConstraint(fields=["post", "application"], name="publicity_once_per_candidate"),
            models.CheckConstraint(
                condition=Q(status__in=["awaiting", "returned"]) | Q(start_date__isnull=False, end_date__isnull=False),
                name="publicity_published_has_period",
            ),
        ]
        indexes = [
            # The periodic task and the public page look for published notices by their end date.
            models.Index(fields=["status", "end_date"], name="publicity_status_end"),
        ]

    def __str__(self):
        return f"{self.application.person} · {self.post}"

    def fix_particulars(self, row: dict | None = None) -> None:
        """Copy the candidate's particulars and the post into ``particulars`` (at approval); ``row`` is his whole line
        on the notice as the documents print it (competition.documents.contexts.notice_candidate)."""
        person = self.application.person
        self.particulars = {
            "name": person.name,
            "sex": person.sex,
            "birth_date": person.birth_date.isoformat(),
            "education": person.education,
            "unit": person.unit_display,
            "position": person.current_position,
            "post_unit": self.post.unit.name,
            "post_title": self.post.title,
            **({"row": row} if row else {}),
        }

    def notice_rows(self):
        """Every candidate's row of this notice (this one included), in the order they were drafted (rank order)."""
        return Publicity.objects.filter(post_id=self.post_id, notice_no=self.notice_no).select_related(
            "application__person", "post__unit"
        ).order_by("pk")

    def batch_rows(self):
        """Every candidate's row of the notice as issued: once approved, the campaign's whole batch going up with it
        (every post's candidates published for the same period: one notice, several posts and people), in the order of
        the posts and then of their candidates, without one stopped by an objection (unless it is this one); before
        approval, the rows of this post's notice."""
        related = ("application__person", "post__unit", "post__campaign")
        if self.start_date is None or self.approved_at is None or self.post.campaign_id is None:
            return self.notice_rows()
        return (
            Publicity.objects.filter(
                post__campaign_id=self.post.campaign_id, start_date=self.start_date, end_date=self.end_date,
                approved_at__isnull=False,
            )
            .filter(~Q(status=Publicity.Status.STOPPED) | Q(pk=self.pk))
            .select_related(*related)
            .order_by("post_id", "notice_no", "pk")
        )  # fmt: skip

    def has_open_objections(self):
        return self.objections.filter(result="").exists()


class Objection(models.Model):
    class Result(models.TextChoices):
        PENDING = "", _("Under investigation")
        SUBSTANTIATED = "substantiated", _("Substantiated")
        UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")

    publicity = models.ForeignKey(Publicity, verbose_name=_("publicity"), on_delete=models.PROTECT, related_name="objections")
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    name = models.CharField(_("name (optional)"), max_length=50, blank=True)
    # Optional: 提倡实名反映, but an anonymous objection without any contact is received and investigated too.
    contact = models.CharField(_("contact (optional)"), max_length=100, blank=True)
    text = models.TextField(_("objection"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    investigation = models.TextField(_("investigation"), blank=True)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, default="", blank=True)
    investigated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    investigated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return self.reference
