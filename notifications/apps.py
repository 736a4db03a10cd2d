from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    # The reminder rules are registered by the apps that own their data (competition's step packages, tenure),
    # from their AppConfig.ready(): notifications knows no model of theirs.
