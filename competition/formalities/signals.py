"""What the appointment formalities tell the apps above competition (tenure starts the appointee's term)."""

from django.dispatch import Signal

# Sent by formalities_complete with ``formalities``, ``application`` and ``starts_on`` (the document's effective date).
# Sent inside the formalities' transaction, not on commit: the term is created (or fails) together with them.
appointment_formalities_completed = Signal()
