"""Every row lock the interview step takes is on its own row only (``FOR UPDATE OF`` the row's table): locking a
session must not lock its campaign, which every other session and post of the campaign reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competition.interviews import scoring
from competition.interviews import services as interviews
from competition.models import Score
from tests.competition.interviews.conftest import score_all

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has no row locks: nothing to see in its SQL"),
]


def test_the_interview_services_lock_only_their_own_rows(office, session, panel, examiner, applications):
    with CaptureQueriesContext(connection) as queries:
        interviews.session_draw(session_id=session.pk, by=office)
        interviews.session_start(session_id=session.pk, by=office)
        score_all(session, [[80, 81, 82]] * 5)
        scoring.session_close(session_id=session.pk, by=office)
        score = Score.objects.get(examiner__user=examiner, application=applications[0])
        scoring.score_correct(score_id=score.pk, value="79", reason="笔误", by=office)
        scoring.session_publish(session_id=session.pk, by=office)
        interviews.examiner_add_relative(examiner_id=panel[1].pk, person=applications[0].person, kind="spouse", by=office)
    locks = [query["sql"] for query in queries.captured_queries if "FOR UPDATE" in query["sql"]]
    # update_or_create() locks with a plain FOR UPDATE, on a query of one table: that locks its own row too.
    assert locks and all("FOR UPDATE OF" in sql or " JOIN " not in sql for sql in locks), locks
    session_locks = [sql for sql in locks if 'FROM "competition_interviewsession"' in sql]
    assert session_locks and all(sql.endswith('FOR UPDATE OF "competition_interviewsession"') for sql in session_locks)
