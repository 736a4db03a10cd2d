from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Roles come from relations, not permission tables.

    - office staff: ``is_office``;
    - unit secretary: ``secretary_of`` names the one unit;
    - examiner: an ``Examiner`` row points at the user (interviews);
    - candidate: a ``Person`` profile points at the user;
    - the three administrators of separated duties (三员分立): ``is_system_admin`` (accounts and roles),
      ``is_security_admin`` (settings, lockouts, two-factor resets), ``is_audit_admin`` (reads the audit log).
      One account holds at most one of them unless ``ALLOW_COMBINED_ADMIN_ROLES`` is on (a small office).
    One user may hold several other roles.
    """

    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    is_office = models.BooleanField(_("competition office staff"), default=False)
    secretary_of = models.ForeignKey(
        "competition.Unit",
        verbose_name=_("unit secretary of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="secretaries",
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    is_system_admin = models.BooleanField(_("system administrator"), default=False)
    is_security_admin = models.BooleanField(_("security administrator"), default=False)
    is_audit_admin = models.BooleanField(_("audit administrator"), default=False)
    # Set when the user confirms a second factor, cleared by a reset: whether the login asks for one is known
    # without a query on every request.
    two_factor_enrolled = models.BooleanField(_("two-factor login enrolled"), default=False, editable=False)
    # Notifications are written in this language; blank: the site's (Simplified Chinese).
    # Set when the office prints a one-time password: the user must choose his own before anything else.
    password_change_required = models.BooleanField(_("must change password at next login"), default=False)
    language = models.CharField(_("language of notifications"), max_length=10, choices=settings.LANGUAGES, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    ADMIN_ROLES = ("is_system_admin", "is_security_admin", "is_audit_admin")

    def admin_roles(self) -> list[str]:
        return [role for role in self.ADMIN_ROLES if getattr(self, role)]

    def clean(self):
        super().clean()
        if len(self.admin_roles()) > 1 and not settings.ALLOW_COMBINED_ADMIN_ROLES:
            raise ValidationError(
                _("One account may hold only one of the system, security and audit administrator roles.")
            )

    @property
    def needs_two_factor(self) -> bool:
        """Office staff, every staff or superuser account and the three administrators must log in with two
        factors; anyone else who enrolled must too."""
        return bool(
            self.is_office
            or self.is_staff
            or self.is_superuser
            or self.admin_roles()
            or self.two_factor_enrolled
        )

    @property
    def display_name(self):
        return self.full_name or self.username
