from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A town, street office or committee/office/bureau, with its approved leadership quota (三定职数)."""

    class Kind(models.TextChoices):
        TOWN = "town", _("Town")
        STREET_OFFICE = "street", _("Street office")
        BUREAU = "bureau", _("Committee / office / bureau")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    leadership_quota = models.PositiveSmallIntegerField(
        _("approved section-chief leadership posts"),
        help_text=_("The unit's 三定职数 for section-level leadership positions."),
    )
    deputy_leadership_quota = models.PositiveSmallIntegerField(
        _("approved deputy-section leadership posts"),
        null=True,
        blank=True,
        help_text=_("The unit's 三定职数 for deputy-section leadership positions; blank: not checked at release."),
    )
    # The issuing body of the unit's certificates and decisions (competition.documents, tenure's certificates).
    party_body = models.CharField(
        _("Party body"), max_length=100, blank=True, help_text=_("For example 中共罗店镇委员会 or 区财政局党组.")
    )
    short_code = models.CharField(
        _("short code for document numbers"), max_length=10, blank=True, help_text=_("For example 罗委.")
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            # Two bodies with one short code would issue the same number (罗委〔2026〕12号) twice.
            models.UniqueConstraint(
                fields=["short_code"], condition=~Q(short_code=""), name="unit_short_code_once",
                violation_error_message=_("Another unit already has this short code."),
            ),
        ]

    def __str__(self):
        return self.name

    def approved_number(self, level: str) -> int | None:
        """The approved number (三定职数) of leadership posts at ``level``; None where none is set (not checked)."""
        if level == Level.SECTION:
            return self.leadership_quota
        if level == Level.DEPUTY_SECTION:
            return self.deputy_leadership_quota
        return None

    @property
    def issuing_body(self) -> str:
        """The unit's Party body as it signs, or the unit's name until the office has set it."""
        return self.party_body or self.name

    @property
    def document_code(self) -> str:
        """The short code in its document numbers (罗委〔2026〕12号), or the unit's name until set."""
        return self.short_code or self.name


class Level(models.TextChoices):
    STAFF = "staff", _("Staff member")
    DEPUTY_SECTION = "deputy_section", _("Deputy section level")
    SECTION = "section", _("Section level")


class Position(models.Model):
    """A standing leadership position of a unit (罗店镇综治办主任); terms are held in it, one after another."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("title"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.SECTION)
    is_leadership = models.BooleanField(_("leadership position"), default=True)

    class Meta:
        ordering = ["unit__name", "title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            # Roster imports and post release find positions by (unit, title).
            models.UniqueConstraint(fields=["unit", "title"], name="position_unique_title_per_unit"),
        ]

    def __str__(self):
        return f"{self.unit.name} {self.title}"
