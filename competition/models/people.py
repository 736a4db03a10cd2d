from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.sealed import keyed_hash, mask_id_number, seal, unseal

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


class PersonQuerySet(models.QuerySet):
    def with_id_number(self, number: str) -> "PersonQuerySet":
        return self.filter(id_number_hash=keyed_hash(number.strip().upper()))

    def with_id_numbers(self, numbers) -> "PersonQuerySet":
        return self.filter(id_number_hash__in=[keyed_hash(number) for number in numbers])


class Person(models.Model):
    """A cadre or candidate: the profile behind applications and terms.

    Candidates create theirs online (with a ``user``); roster imports create people without an account.
    Birth date and sex are derived from the resident ID number, never typed twice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    name = models.CharField(_("name"), max_length=50)
    # The resident ID number is sensitive personal information (PIPL art. 28): stored sealed (core.sealed), found by
    # its keyed hash (unique: one profile per number; the imports and the search look it up), read through the
    # ``id_number`` property, shown as ``masked_id_number`` unless revealed (competition.registration.views).
    id_number_sealed = models.TextField(_("resident ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(_("resident ID number (keyed hash)"), max_length=64, unique=True, editable=False)
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
    # What the appointment and removal approval form (干部任免审批表) and the application form ask besides the above
    # (competition.documents): free text as the personnel file writes it, blank until the person or the office fills it.
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    native_place = models.CharField(_("native place"), max_length=50, blank=True)
    birthplace = models.CharField(_("birthplace"), max_length=50, blank=True)
    health = models.CharField(_("health"), max_length=50, blank=True)
    professional_title = models.CharField(_("professional title"), max_length=100, blank=True)
    fulltime_education = models.CharField(
        _("full-time education"), max_length=20, choices=Education.choices, blank=True
    )
    fulltime_degree = models.CharField(_("full-time degree"), max_length=50, blank=True)
    fulltime_school = models.CharField(_("full-time school and major"), max_length=100, blank=True)
    inservice_education = models.CharField(
        _("in-service education"), max_length=20, choices=Education.choices, blank=True
    )
    inservice_degree = models.CharField(_("in-service degree"), max_length=50, blank=True)
    inservice_school = models.CharField(_("in-service school and major"), max_length=100, blank=True)
    rewards_penalties = models.TextField(_("rewards and penalties"), max_length=1000, blank=True)
    annual_assessments = models.TextField(
        _("annual assessment results"),
        max_length=500,
        blank=True,
        help_text=_("The last three years, for example: 2023年度称职，2024年度优秀，2025年度称职."),
    )
    declaration_signed_at = models.DateTimeField(_("declaration signed"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # The applicants list reads 50 people in name order among 50,000 (issue 19): the index gives them in order.
        indexes = [models.Index(fields=["name", "id"], name="person_name_order")]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    @property
    def id_number(self) -> str:
        if not self.id_number_sealed:
            return ""
        cached = getattr(self, "_id_number", None)
        if cached is None or cached[0] != self.id_number_sealed:
            cached = (self.id_number_sealed, unseal(self.id_number_sealed))
            self._id_number = cached
        return cached[1]

    @id_number.setter
    def id_number(self, number: str) -> None:
        self.id_number_sealed = seal(number)
        self.id_number_hash = keyed_hash(number)
        self._id_number = (self.id_number_sealed, number)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def unit_display(self):
        return self.current_unit.name if self.current_unit_id else self.current_unit_other

    def age_on(self, day):
        """Whole years of age on ``day``."""
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class FamilyMember(models.Model):
    """One line of the approval form's 家庭主要成员及重要社会关系."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("relation"), max_length=20)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=50, choices=PoliticalStatus.choices, blank=True
    )
    work = models.CharField(_("unit and post"), max_length=100, blank=True)

    class Meta:
        ordering = ["person", "pk"]
        verbose_name = _("family member")
        verbose_name_plural = _("family members")

    def __str__(self):
        return f"{self.relation} {self.name}"
