"""What step 8 tells the apps above competition (tenure starts the appointee's term)."""

from django.dispatch import Signal

# Sent by decision_record when the committee appoints, with ``decision``, ``application`` and ``decided_on``.
# Sent inside the decision's transaction, not on commit: the term is created (or fails) together with the decision.
appointment_decided = Signal()
