"""What tenure does when the apps below it say something happened (connected by TenureConfig.ready())."""

import datetime

from django.dispatch import receiver

from competition.decision.signals import appointment_decided
from competition.models import Application
from tenure.services import term_start_from_decision


@receiver(appointment_decided, dispatch_uid="tenure.start_term_on_appointment")
def start_term_on_appointment(sender: type, *, application: Application, decided_on: datetime.date, **kwargs) -> None:
    term_start_from_decision(application=application, decided_on=decided_on)
