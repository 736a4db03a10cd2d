from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenureConfig(AppConfig):
    name = "tenure"
    verbose_name = _("Tenure")

    def ready(self):
        # Register tenure's reminder rules with notifications.registry.
        from tenure import reminders  # noqa: F401
