from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionConfig(AppConfig):
    name = "competition"
    verbose_name = _("Competition")

    def ready(self):
        # Each step registers its post-page panels when its module is imported, in the order of the steps.
        from competition import registration_panel  # noqa: F401, I001
        from competition import interview_panels  # noqa: F401
        from competition import appointment_panels  # noqa: F401
        # Register the reminder rules of steps 5 to 8 with notifications.registry.
        from competition import reminder_rules  # noqa: F401
