from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenureConfig(AppConfig):
    name = "tenure"
    verbose_name = _("Tenure")

    def ready(self):
        # Register tenure's reminder rules with notifications.registry, and connect what it does when a
        # committee decision appoints (competition.decision.signals: tenure sits above competition).
        # Its tasks join the home work queue (competition.workqueue) the same way.
        # Who serves, for the vacancy check at release (competition.vacancies: competition cannot import tenure).
        from competition import vacancies
        from tenure import receivers, reminders, workqueue  # noqa: F401
        from tenure.selectors import serving_leaders_by_unit

        vacancies.register_serving_counter(serving_leaders_by_unit)
