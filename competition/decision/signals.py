"""What step 8 tells the apps above competition. The term does not start here: it waits for the appointment
formalities (``competition.formalities.signals.appointment_formalities_completed``)."""

from django.dispatch import Signal

# Sent by decision_record when the committee appoints, with ``decision``, ``application`` and ``decided_on``.
# Sent inside the decision's transaction, not on commit.
appointment_decided = Signal()
