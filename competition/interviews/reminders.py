"""Step 4's reminder rules, registered with notifications.registry when CompetitionConfig.ready() imports this module.
"""

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy

from notifications.messages import Paragraphs, Text
from notifications.registry import Due, office_users, reminder_rule, user_of


@reminder_rule("interview_tomorrow", label=gettext_lazy("Interview tomorrow (candidates and examiners)"), lead_days=1)
def interview_tomorrow(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The candidates of a session (not marked absent) and, once the interview step adds them, its examiners."""
    from competition.models import InterviewSession

    horizon = today + datetime.timedelta(days=lead_days)
    sessions = InterviewSession.objects.filter(date__gt=today, date__lte=horizon).prefetch_related(
        "slots__application__person__user", "examiners__user"
    )
    for session in sessions:
        subject = Text(gettext_lazy("Interview %(session)s on %(day)s"), session=session, day=session.date)
        venue = Text(gettext_lazy("Venue: %(venue)s"), venue=session.venue) if session.venue else ""
        body = Paragraphs(
            venue,
            gettext_lazy(
                "Come on time with your identity card; candidates are heard in the drawn order. If you cannot come, "
                "tell the competition office at once."
            ),
        )
        for slot in session.slots.all():
            user = user_of(slot.application.person)
            if user is not None and not slot.absent:
                yield Due(session, user, session.date, subject, body, reverse("registration:my_applications"))
        # The session's examiners who have an account (a member of the pool may have none).
        examiners = getattr(session, "examiners", None)
        if examiners is not None:
            for examiner in examiners.all():
                user = getattr(examiner, "user", examiner)
                if user is not None and user.is_active:
                    yield Due(
                        session,
                        user,
                        session.date,
                        subject,
                        Paragraphs(
                            venue,
                            gettext_lazy(
                                "You are an examiner of this session. Scoring opens when the office starts the session; "
                                "tell the office before the day if you are related to a candidate or work in his unit."
                            ),
                        ),
                        reverse("interviews:examiner_score", args=[session.pk]),
                    )


@reminder_rule("scores_missing", label=gettext_lazy("Scores missing after a session (examiners and office)"), lead_days=0)
def scores_missing(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """Each examiner who still owes scores once a session's day is over, and the office; once a day until it closes.

    ``lead_days`` is how many days after the session's day the first reminder waits (default 0: the next morning).
    """
    from competition.interviews.selectors import missing_scores
    from competition.models import InterviewSession

    sessions = InterviewSession.objects.filter(
        status=InterviewSession.Status.STARTED, date__lt=today - datetime.timedelta(days=lead_days)
    )
    for session in sessions:
        missing = missing_scores(session)
        if not missing:
            continue
        subject = Text(gettext_lazy("Scores missing for %(session)s of %(day)s"), session=session, day=session.date)
        owed = {}
        for examiner, _slot in missing:
            owed[examiner] = owed.get(examiner, 0) + 1
        for examiner, count in owed.items():
            if examiner.user_id and examiner.user.is_active:
                yield Due(
                    session, examiner.user, today, subject,
                    Text(gettext_lazy("You have %(n)s candidate(s) still to score. Open the scoring page and submit them."), n=count),
                    reverse("interviews:examiner_score", args=[session.pk]),
                )
        for user in office_users():
            yield Due(
                session, user, today, subject,
                Text(gettext_lazy("%(n)s score(s) are missing; the session cannot close until they are in."), n=len(missing)),
                reverse("interviews:session_detail", args=[session.pk]),
            )
