from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The steps in their order; each package may have a ``panel`` module (its panel on the post page, registered
# with competition.progress), a ``reminders`` module (its reminder rules, registered with notifications.registry)
# and a ``tasks`` module (its Celery tasks: the worker's autodiscovery looks only at each app's own ``tasks``).
# Importing them here registers all three, panels in the order of the steps.
# "documents" is not a step: its panel (the post's Word documents) comes after them all; "candidates" neither: the
# candidate's file (appeals, exceptions, materials) sits under the registration panel it belongs to.
STEPS = ("release", "registration", "candidates", "written", "interviews", "evaluation", "inspection", "publicity", "decision", "documents")
PARTS = ("panel", "reminders", "tasks")


class CompetitionConfig(AppConfig):
    name = "competition"
    verbose_name = _("Competition")

    def ready(self):
        from importlib import import_module
        from importlib.util import find_spec

        for step in STEPS:
            for part in PARTS:
                name = f"competition.{step}.{part}"
                if find_spec(name) is not None:
                    import_module(name)
