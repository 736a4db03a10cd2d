from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionConfig(AppConfig):
    name = "competition"
    verbose_name = _("Competition")

    def ready(self):
        # Post-page panels register themselves on import.
        from competition import interview_panels  # noqa: F401
