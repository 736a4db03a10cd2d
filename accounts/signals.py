"""Security events that accounts raises and the audit log records (audit sits above accounts: a signal inverts it).

``security_event.send(sender=User, kind=..., user=..., target=..., outcome="success"|"failure", **detail)``; the
receiver in audit/signals.py writes the row, with the client address of the request being served.
"""

from django.dispatch import Signal

security_event = Signal()


def emit(kind: str, *, user, target=None, outcome: str = "success", **detail) -> None:
    from accounts.models import User

    security_event.send(sender=User, kind=kind, user=user, target=target, outcome=outcome, detail=detail)
