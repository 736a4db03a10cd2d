from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. Roles come from relations, not permission tables.

    - office staff: ``is_office``;
    - unit secretary: ``secretary_of`` names the one unit;
    - examiner: an ``Examiner`` row points at the user (interviews);
    - candidate: a ``Person`` profile points at the user.
    One user may hold several roles.
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
    # Notifications are written in this language; blank: the site's (Simplified Chinese).
    # Set when the office prints a one-time password: the user must choose his own before anything else.
    password_change_required = models.BooleanField(_("must change password at next login"), default=False)
    language = models.CharField(_("language of notifications"), max_length=10, choices=settings.LANGUAGES, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self):
        return self.full_name or self.username
