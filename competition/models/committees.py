"""The unit's Party committee (党委/党组) as a standing body: its members with their periods, and the relatives
each member declares. A committee meeting (step 8) takes its attendance from the members serving on its date."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .interviews import ExaminerRelative


class CommitteeMemberQuerySet(models.QuerySet):
    def serving_on(self, day):
        """Members whose period covers ``day`` (both ends included)."""
        return self.filter(serving_from__lte=day).filter(Q(serving_until__isnull=True) | Q(serving_until__gte=day))


class CommitteeMember(models.Model):
    """A member of a unit's Party committee for a period (from, and until when the period is over)."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY = "deputy", _("Deputy secretary")
        MEMBER = "member", _("Committee member")

    unit = models.ForeignKey(
        "competition.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="committee_members"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    role = models.CharField(_("role on the committee"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    # The member's own profile, when he has one: a member who is himself a candidate is recused for his own item.
    person = models.ForeignKey(
        "competition.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    serving_from = models.DateField(_("serving from"))
    serving_until = models.DateField(_("serving until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "serving_from", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("members of the committees")
        constraints = [
            models.CheckConstraint(
                condition=Q(serving_until__isnull=True) | Q(serving_until__gte=models.F("serving_from")),
                name="committee_member_period_in_order",
            ),
            models.UniqueConstraint(fields=["unit", "name", "serving_from"], name="committee_member_seat_once"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


class CommitteeMemberRelative(models.Model):
    """A relative the committee member declares: the member is recused for that candidate's item."""

    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="relatives")
    person = models.ForeignKey(
        "competition.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="committee_relations"
    )
    kind = models.CharField(_("relation"), max_length=12, choices=ExaminerRelative.Kind.choices)

    class Meta:
        verbose_name = _("committee member's declared relative")
        verbose_name_plural = _("committee members' declared relatives")
        constraints = [models.UniqueConstraint(fields=["member", "person"], name="committee_relative_once")]

    def __str__(self):
        return f"{self.member.name} – {self.person} ({self.get_kind_display()})"
