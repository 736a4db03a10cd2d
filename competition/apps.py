from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The steps in their order; each package may have a ``panel`` module (its panel on the post page, registered
# with competition.progress) and a ``reminders`` module (its reminder rules, registered with
# notifications.registry). Importing them here registers both, panels in the order of the steps.
STEPS = ("release", "registration", "interviews", "evaluation", "inspection", "publicity", "decision")


class CompetitionConfig(AppConfig):
    name = "competition"
    verbose_name = _("Competition")

    def ready(self):
        from importlib import import_module
        from importlib.util import find_spec

        for step in STEPS:
            for part in ("panel", "reminders"):
                name = f"competition.{step}.{part}"
                if find_spec(name) is not None:
                    import_module(name)
