"""What every write to an interview session shares: its row lock and its event log.

``services``, ``scoring`` and ``sheets`` each change a session; each locks the row here first (so a change never
slips past a status change, say a score after the close) and logs what it did in the same transaction.
"""

import logging

from django.utils.translation import gettext as _

from accounts.models import User
from competition import kinds
from competition.interviews.rules import InterviewError
from competition.models import InterviewEvent, InterviewSession

logger = logging.getLogger(__name__)


def lock_session(session_id: int, *statuses: str) -> InterviewSession:
    """The session's row, locked (its campaign read, not locked), refused unless it is in one of ``statuses``."""
    session = _locked(session_id)
    _require_status(session, statuses)
    return session


def lock_session_to_run(session_id: int, *statuses: str, by: User | None) -> InterviewSession:
    """``lock_session`` for whoever runs the interview of the session's campaign (``kinds.runs``: the office; an
    internal competition's secretary), refused (403) to anyone else before its status is told."""
    session = _locked(session_id)
    kinds.require_runner(by, session.campaign, kinds.Step.INTERVIEW)
    _require_status(session, statuses)
    return session


def _locked(session_id: int) -> InterviewSession:
    return InterviewSession.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=session_id)


def _require_status(session: InterviewSession, statuses: tuple[str, ...]) -> None:
    if statuses and session.status not in statuses:
        raise InterviewError(
            _("The session is now “%(status)s”; this is no longer possible.") % {"status": session.get_status_display()}
        )


def log_event(session: InterviewSession, kind: str, params: dict | None, by: User | None) -> InterviewEvent:
    """Record one change to the session (who, what), in the caller's transaction. ``params`` are data (ids, names,
    numbers as text), put into words in the reader's language by ``InterviewEvent.describe``."""
    event = InterviewEvent.objects.create(
        session=session, kind=kind, params=params or {}, by=by if by and by.pk else None
    )
    logger.info("interview session %s: %s %s", session.pk, kind, params or "")
    return event
