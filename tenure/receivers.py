"""What tenure does when the apps below it say something happened (connected by TenureConfig.ready())."""

import datetime

from django.dispatch import receiver

from competition.formalities.signals import appointment_formalities_completed
from competition.models import Application
from tenure.services import term_start_on_appointment


# The term starts when the appointment formalities are complete (the talk, the document), not at the committee's
# decision: its start is the appointment document's effective date.
@receiver(appointment_formalities_completed, dispatch_uid="tenure.start_term_on_appointment")
def start_term_on_appointment(sender: type, *, application: Application, starts_on: datetime.date, **kwargs) -> None:
    term_start_on_appointment(application=application, starts_on=starts_on)
