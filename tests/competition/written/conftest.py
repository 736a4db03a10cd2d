"""A campaign with a written exam, posts at the written exam step with candidates who have accounts, and a session
whose exam has begun (marks may be entered)."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from competition import workflow
from competition.models import Post, Round
from competition.written import services as written
from competition.written import sheets
from tests.factories import ApplicationFactory, CampaignFactory, CandidateUserFactory, post_in_state


@pytest.fixture
def campaign(db):
    return CampaignFactory(has_written_exam=True, written_exam_weight=40, interview_weight=60)


def post_at_written(campaign, applicants=5, **kwargs):
    """A post moved by the services to the written exam step, with ``applicants`` qualified candidates."""
    post = post_in_state(Post.Status.REGISTRATION, campaign=campaign, **kwargs)
    Round.objects.filter(pk=post.round_id).update(
        registration_opens=timezone.now() - datetime.timedelta(days=10),
        registration_closes=timezone.now() - datetime.timedelta(seconds=1),
    )
    for _ in range(applicants):
        ApplicationFactory(post=post, round=post.round, person=CandidateUserFactory().person)
    workflow.post_start_written(post_id=post.pk, by=None)
    post.refresh_from_db()
    return post


@pytest.fixture
def post(campaign):
    return post_at_written(campaign)


def make_session(post, by, *, name="第一场", rooms=(("第一考场", 30),), begun=True, posts=None):
    start = timezone.now() + datetime.timedelta(hours=-1 if begun else 24)
    return written.written_session_create(
        campaign=post.campaign, name=name, posts=posts or [post], starts_at=start,
        ends_at=start + datetime.timedelta(hours=2), venue="区委党校", rooms=list(rooms), by=by,
    )  # fmt: skip


@pytest.fixture
def session(post, office):
    return make_session(post, office)


@pytest.fixture
def issued(session, office):
    return written.written_session_issue(session_id=session.pk, by=office)


def tickets_by_person(session):
    """The session's tickets, in the order of their applications (the order the candidates applied)."""
    return list(session.tickets.select_related("application__person__user").order_by("application_id"))


def enter(session, by, marks, reason=""):
    """Enter marks on the page: ``marks`` in application order, a number or "absent"."""
    entries = [
        written.MarkEntry(ticket_id=t.pk, mark=None if m == "absent" else sheets.parse_mark(m)[0], absent=m == "absent")
        for t, m in zip(tickets_by_person(session), marks)
    ]
    return written.written_marks_enter(session_id=session.pk, entries=entries, by=by, correction_reason=reason)


def filled_sheet(session, marks_by_number):
    """The session's own mark sheet with column F filled from ``{ticket number: value}``."""
    workbook = load_workbook(io.BytesIO(sheets.session_sheet(session)))
    sheet = workbook["marks"]
    for row in range(2, sheet.max_row + 1):
        number = sheet.cell(row=row, column=1).value
        if number in marks_by_number:
            sheet.cell(row=row, column=6).value = marks_by_number[number]
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
