from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .units import Level


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(models.TextChoices):
    """Ordered from lowest to highest; ``Education.rank(value)`` compares them."""

    HIGH_SCHOOL = "high_school", _("High school or below")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master (postgraduate)")
    DOCTORATE = "doctorate", _("Doctorate (postgraduate)")

    @classmethod
    def rank(cls, value):
        return list(cls.values).index(value) if value in cls.values else -1


class Rank(models.TextChoices):
    """A civil servant's current rank, ordered from lowest to highest."""

    NONE = "none", _("No rank (outside the civil service)")
    STAFF = Level.STAFF.value, Level.STAFF.label
    DEPUTY_SECTION = Level.DEPUTY_SECTION.value, Level.DEPUTY_SECTION.label
    SECTION = Level.SECTION.value, Level.SECTION.label

    @classmethod
    def rank(cls, value):
        return list(cls.values).index(value) if value in cls.values else -1


class PoliticalStatus(models.TextChoices):
    """政治面貌, as the personnel forms list it; a party requirement of a post is checked against it."""

    PARTY_MEMBER = "party_member", _("CPC member")
    PROBATIONARY_MEMBER = "probationary_member", _("CPC probationary member")
    LEAGUE_MEMBER = "league_member", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("Member of a democratic party")
    MASSES = "masses", _("No party affiliation")


class Person(models.Model):
    """A cadre or candidate: the profile behind applications and terms.

    Candidates create theirs online (with a ``user``); roster imports create people without an account.
    Birth date and sex are derived from the resident ID number, never typed twice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("resident ID number"), max_length=18, unique=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    current_unit = models.ForeignKey(
        "competition.Unit",
        verbose_name=_("current unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    current_unit_other = models.CharField(
        _("current unit (outside the district)"), max_length=100, blank=True
    )
    current_position = models.CharField(_("current position"), max_length=100, blank=True)
    is_leadership = models.BooleanField(_("holds a leadership position"), default=False)
    rank = models.CharField(_("current rank"), max_length=20, choices=Rank.choices, default=Rank.STAFF)
    rank_since = models.DateField(_("in this rank since"), null=True, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    major = models.CharField(_("major"), max_length=100, blank=True)
    political_status = models.CharField(_("political status"), max_length=50, choices=PoliticalStatus.choices, blank=True)
    political_status_since = models.DateField(_("joined on"), null=True, blank=True)
    work_started = models.DateField(_("started work"), null=True, blank=True)
    # Registration (competition.registration): a photo checked by content, and the signed declaration.
    photo = models.FileField(_("photo"), upload_to="photos/", blank=True)
    declaration_signed_at = models.DateTimeField(_("declaration signed"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    @property
    def unit_display(self):
        return self.current_unit.name if self.current_unit_id else self.current_unit_other

    def age_on(self, day):
        """Whole years of age on ``day``."""
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years
