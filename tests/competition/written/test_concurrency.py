"""Two publishes, two imports, two sessions taking the same post at the same moment: the session's (or the post's)
row lock lets one through and the other sees what the first did."""

import threading

import pytest
from django.db import connection

from competition.models import AdmissionTicket, Post, WrittenExamSession
from competition.written import services as written
from competition.written import sheets
from notifications.models import Notification
from tests.competition.written.conftest import enter, filled_sheet, make_session, tickets_by_person

pytestmark = [
    pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def race(*calls):
    """Run the calls at the same moment in threads; return what each raised (None when it went through)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_publishes_at_once_publish_once_and_tell_each_candidate_once(office, post, issued):
    enter(issued, office, ["90", "80", "70", "60", "50"])
    results = race(*[lambda: written.written_session_publish(session_id=issued.pk, by=office)] * 2)
    assert sorted(type(r).__name__ for r in results) == ["NoneType", "WrittenError"]
    post.refresh_from_db()
    assert post.status == Post.Status.INTERVIEW
    assert Notification.objects.filter(kind="written_results").count() == 5
    assert post.applications.filter(outcome="written_failed").count() == 2  # 60 beyond the ratio, 50 below the line


def test_two_imports_at_once_save_one_sheet_and_refuse_the_other_without_a_reason(office, issued):
    numbers = [t.number for t in tickets_by_person(issued)]
    first = filled_sheet(issued, dict(zip(numbers, [80, 70, 60, 50, 40])))
    second = filled_sheet(issued, dict(zip(numbers, [81, 71, 61, 51, 41])))
    results = race(
        lambda: sheets.written_marks_import(session_id=issued.pk, file=first, by=office),
        lambda: sheets.written_marks_import(session_id=issued.pk, file=second, by=office),
    )
    refused = [r for r in results if r is not None]
    assert len(refused) == 1 and isinstance(refused[0], written.MarksInvalid)
    assert len(refused[0].errors) == 5  # every mark the loser would have changed, named
    saved = [t.mark for t in tickets_by_person(issued)]
    assert saved in ([80, 70, 60, 50, 40], [81, 71, 61, 51, 41])


def test_two_sessions_cannot_take_the_same_post_at_once(office, post):
    results = race(
        lambda: make_session(post, office, name="甲"),
        lambda: make_session(post, office, name="乙"),
    )
    assert sorted(type(r).__name__ for r in results) == ["NoneType", "WrittenError"]
    assert WrittenExamSession.objects.count() == 1


def test_issuing_twice_at_once_gives_one_ticket_each(office, session):
    results = race(*[lambda: written.written_session_issue(session_id=session.pk, by=office)] * 2)
    assert sorted(type(r).__name__ for r in results) == ["NoneType", "WrittenError"]
    assert AdmissionTicket.objects.count() == 5
