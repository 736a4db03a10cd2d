from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionConfig(AppConfig):
    name = "competition"
    verbose_name = _("Competition")

    def ready(self):
        # Each step registers its post-page panels when its module is imported.
        from competition import appointment_panels  # noqa: F401
