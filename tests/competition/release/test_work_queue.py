"""The home page is each role's work queue (issue 20.1): what needs this person now, counted, linked, oldest first."""

import datetime

import pytest
from django.utils import timezone

from competition import workqueue
from competition.models import Application, Examiner, InterviewSession, Post
from tenure.models import Certificate
from tests.competition.stages import at_decision, published
from tests.factories import ApplicationFactory, PostFactory, RoundFactory, UserFactory, post_in_state

pytestmark = pytest.mark.django_db


def queue(user):
    return {task.label: task for task in workqueue.work_for(user)}


def test_the_office_sees_posts_awaiting_acceptance_and_reviews_pending_oldest_first(office, unit, other_unit):
    older = post_in_state(Post.Status.RELEASED, unit=unit)
    Post.objects.filter(pk=older.pk).update(updated_at=timezone.now() - datetime.timedelta(days=5))
    post_in_state(Post.Status.RELEASED, unit=other_unit)
    registering = post_in_state(Post.Status.REGISTRATION, unit=unit)
    ApplicationFactory(post=registering, round=registering.round, status=Application.Status.SUBMITTED)
    ApplicationFactory(post=registering, round=registering.round)  # reviewed already
    Application.objects.filter(post=registering).update(created_at=timezone.now() - datetime.timedelta(days=9))

    tasks = workqueue.work_for(office)
    by_label = {task.label: task for task in tasks}
    awaiting = by_label["Posts awaiting acceptance"]
    assert awaiting.count == 2 and awaiting.url == "/office/posts/?status=released"
    assert by_label["Applications awaiting qualification review"].count == 1
    # Oldest first: the applications waiting nine days come before the post waiting five.
    labels = [task.label for task in tasks]
    assert labels.index("Applications awaiting qualification review") < labels.index("Posts awaiting acceptance")
    # Nothing with a count of 0 is listed.
    assert all(task.count for task in tasks) and "Committee decisions due" not in by_label


def test_one_waiting_post_links_to_the_post_itself(office, unit):
    post = post_in_state(Post.Status.RELEASED, unit=unit)
    assert queue(office)["Posts awaiting acceptance"].url == f"/office/posts/{post.pk}/"


def test_the_office_sees_decisions_due_certificates_not_issued_and_sessions_today(office, secretary, unit):
    post = at_decision(unit, office, secretary)
    session = InterviewSession.objects.create(campaign=post.campaign, name="第二场", date=timezone.localdate())
    session.posts.add(post)
    tasks = queue(office)
    assert tasks["Committee decisions due"].url == f"/office/posts/{post.pk}/"
    assert tasks["Interview sessions today"].count == 1
    from tenure.models import Term
    from tests.factories import PersonFactory, PositionFactory

    term = Term.objects.create(
        person=PersonFactory(), position=PositionFactory(unit=unit), unit=unit, origin=Term.Origin.COMPETITION,
        start=timezone.localdate(), end=timezone.localdate() + datetime.timedelta(days=365 * 3),
        status=Term.Status.PROBATION,
    )  # fmt: skip
    assert queue(office)["Certificates not issued"].count == 1
    Certificate.objects.create(term=term, unit=unit, year=2026, number=1, issued_on=timezone.localdate(), issued_by=office)
    assert "Certificates not issued" not in queue(office)


def test_a_unit_secretary_sees_only_the_own_units_drafts_returned_posts_and_notices(
    office, secretary, unit, other_unit
):
    post_in_state(Post.Status.DRAFT, unit=unit)
    post_in_state(Post.Status.DRAFT, unit=other_unit)
    from competition import workflow

    workflow.post_return(post_id=post_in_state(Post.Status.RELEASED, unit=unit).pk, by=office, reason="职数不符")
    tasks = queue(secretary)
    assert tasks["Drafts to release"].count == 1
    assert tasks["Posts returned by the office"].count == 1
    assert "Posts awaiting acceptance" not in tasks  # the office's work, not the unit's
    published(unit, office, secretary)  # approved: nothing left to approve
    assert "Publicity notices to approve" not in queue(secretary)


def test_an_examiner_sees_todays_sessions_only(unit, campaign):
    user = UserFactory(username="kaoguan")
    examiner = Examiner.objects.create(name="孙考官", unit=unit, user=user)
    today = InterviewSession.objects.create(campaign=campaign, name="今天", date=timezone.localdate())
    tomorrow = InterviewSession.objects.create(
        campaign=campaign, name="明天", date=timezone.localdate() + datetime.timedelta(days=1)
    )
    today.examiners.add(examiner)
    tomorrow.examiners.add(examiner)
    tasks = queue(user)
    assert tasks["Your interview sessions today"].count == 1
    assert tasks["Your interview sessions today"].url == f"/interviews/sessions/{today.pk}/score/"


def test_a_candidates_home_lists_each_application_with_its_next_date_soonest_first(client, candidate, unit, campaign):
    soon = RoundFactory(campaign=campaign, registration_closes=timezone.now() + datetime.timedelta(days=2))
    later = RoundFactory(campaign=campaign, registration_closes=timezone.now() + datetime.timedelta(days=20))
    first = ApplicationFactory(post=post_in_state(Post.Status.REGISTRATION, unit=unit, round=later), round=later, person=candidate.person)
    second = ApplicationFactory(post=post_in_state(Post.Status.REGISTRATION, unit=unit, round=soon), round=soon, person=candidate.person)
    steps = workqueue.candidate_steps(candidate)
    assert [step.application for step in steps] == [second, first]
    assert steps[0].next_label == "Registration closes" and steps[0].next_date == soon.registration_closes
    client.force_login(candidate)
    page = client.get("/").content.decode()
    assert page.count('data-testid="application-step"') == 2
    assert page.index(second.post.title) < page.index(first.post.title) or second.post.title == first.post.title
    from django.template.defaultfilters import date

    assert f"Registration closes: {date(timezone.localtime(soon.registration_closes))}" in page
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    closes = timezone.localtime(soon.registration_closes)
    assert f"报名截止：{closes.year}年{closes.month}月{closes.day}日" in page


def test_the_home_page_shows_the_queue_with_counts_and_an_empty_state(client, office, unit):
    client.force_login(office)
    page = client.get("/").content.decode()
    assert 'data-testid="work-queue-empty"' in page
    post_in_state(Post.Status.RELEASED, unit=unit)
    post_in_state(Post.Status.RELEASED, unit=unit)
    page = client.get("/").content.decode()
    assert 'data-testid="work-queue-empty"' not in page
    assert 'href="/office/posts/?status=released"' in page
    assert '<span class="badge text-bg-primary rounded-pill" data-testid="task-count">2</span>' in page


def test_the_work_queue_costs_the_same_queries_however_many_posts(office, unit, django_assert_max_num_queries):
    for _ in range(3):
        post_in_state(Post.Status.RELEASED, unit=unit)
    with django_assert_max_num_queries(30) as few:
        workqueue.work_for(office)
    for _ in range(10):
        PostFactory(unit=unit)
        post_in_state(Post.Status.RELEASED, unit=unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        workqueue.work_for(office)
