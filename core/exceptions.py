"""The one error a service raises when an action cannot happen now.

Each step may subclass it to name its own refusals (``WorkflowError``, ``InterviewError``, ...); a view catches
the base, and the message, written for the user, becomes a message on the page (``core.http.refusal``).
Permission failures stay Django's ``PermissionDenied`` (a 403), and a missing object is the access layer's 404:
services never raise ``Http404``.
"""


class ActionRefused(Exception):
    """An action the rules do not allow now; ``str(error)`` is the user's message."""
