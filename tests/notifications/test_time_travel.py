"""A year of a campaign, one scan a day: who gets which reminder, and on which day."""

import datetime
from zoneinfo import ZoneInfo

from django.core import mail

from competition.models import Application, InterviewSession, InterviewSlot, Post
from notifications.models import Reminder
from tenure.models import Term
from tests.factories import (
    ApplicationFactory,
    CandidateUserFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
    RoundFactory,
)

TZ = ZoneInfo("Asia/Shanghai")


def at(day, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def in_registration(**kwargs):
    post = PostFactory(**kwargs)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.REGISTRATION)
    return post


def test_a_campaign_year_sends_each_reminder_once_on_its_day(time_machine, scan, office, secretary, unit, campaign):
    d = datetime.date
    time_machine.move_to(at(d(2025, 3, 1)), tick=False)
    alice, bob, carol, erin = (CandidateUserFactory(username=name) for name in ("alice", "bob", "carol", "erin"))

    # Round 1 closes on Friday 14 March: Alice's application still awaits review, Bob's is qualified.
    round1 = RoundFactory(campaign=campaign, registration_opens=at(d(2025, 3, 3)), registration_closes=at(d(2025, 3, 14), 17))
    post_a = in_registration(campaign=campaign, unit=unit, round=round1)
    alice_application = ApplicationFactory(post=post_a, round=round1, person=alice.person, status=Application.Status.SUBMITTED)
    bob_application = ApplicationFactory(post=post_a, round=round1, person=bob.person, status=Application.Status.QUALIFIED)
    # A post with enough qualified applicants (without accounts) draws no reminder.
    post_b = in_registration(campaign=campaign, unit=unit, round=round1)
    for _ in range(3):
        ApplicationFactory(post=post_b, round=round1)
    # The interview on Tuesday 25 March: Alice comes, Bob is marked absent.
    session = InterviewSession.objects.create(campaign=campaign, name="第一场", date=d(2025, 3, 25), venue="区委党校")
    InterviewSlot.objects.create(session=session, application=alice_application, order=1)
    InterviewSlot.objects.create(session=session, application=bob_application, order=2, absent=True)
    # Round 2 closes on Thursday 9 October, right after the National Day holiday (1–8 October).
    round2 = RoundFactory(campaign=campaign, registration_opens=at(d(2025, 9, 1)), registration_closes=at(d(2025, 10, 9), 17))
    post_c = in_registration(campaign=campaign, unit=unit, round=round2)
    ApplicationFactory(post=post_c, round=round2, person=erin.person, status=Application.Status.SUBMITTED)
    # Carol's term ends on 31 December; Dan (no account) turns 60 on 10 August, within his term.
    Term.objects.create(
        person=carol.person, position=PositionFactory(unit=unit), unit=unit, origin="import",
        start=d(2021, 1, 1), end=d(2025, 12, 31),
    )
    dan = PersonFactory(birth_date=d(1965, 8, 10))
    Term.objects.create(
        person=dan, position=PositionFactory(unit=unit), unit=unit, origin="import", start=d(2024, 1, 1), end=d(2028, 12, 31)
    )

    day = d(2025, 3, 1)
    while day <= d(2025, 12, 31):
        time_machine.move_to(at(day), tick=False)
        scan()
        day += datetime.timedelta(days=1)

    sent = {
        (r.rule, r.recipient.username, r.sent_at.astimezone(TZ).date())
        for r in Reminder.objects.select_related("recipient")
    }
    assert sent == {
        # Two working days before the close; the office the same day for the post short of applicants.
        ("registration_closing", "alice", d(2025, 3, 12)),
        ("registration_few_applicants", "office", d(2025, 3, 12)),
        # One working day before the close.
        ("reviews_pending", "office", d(2025, 3, 13)),
        ("interview_tomorrow", "alice", d(2025, 3, 24)),
        # 90 days before Dan's 60th birthday.
        ("max_age_in_term", "secretary", d(2025, 5, 12)),
        ("max_age_in_term", "office", d(2025, 5, 12)),
        ("term_ending_6_months", "carol", d(2025, 7, 1)),
        ("term_ending_6_months", "secretary", d(2025, 7, 1)),
        # Two working days before 9 October are 30 September and 9 October itself: the holiday does not count.
        ("registration_closing", "erin", d(2025, 9, 29)),
        ("registration_few_applicants", "office", d(2025, 9, 29)),
        ("reviews_pending", "office", d(2025, 9, 30)),
        # Sixty days before Carol's term ends, its term-end assessment (not recorded).
        ("term_assessment_due", "secretary", d(2025, 11, 1)),
        ("term_ending_1_month", "carol", d(2025, 11, 30)),
        ("term_ending_1_month", "secretary", d(2025, 11, 30)),
        # Thirty days before 31 December, the year's review of Carol's and of Dan's term (two reminders).
        ("annual_review_due", "secretary", d(2025, 12, 1)),
    }
    assert Reminder.objects.exclude(status=Reminder.Status.SENT).count() == 0
    assert Reminder.objects.filter(rule="annual_review_due").count() == 2
    assert len(mail.outbox) == Reminder.objects.count() == len(sent) + 1
    by_recipient = {}
    for message in mail.outbox:
        by_recipient.setdefault(message.to[0], []).append(message.subject)
    assert len(by_recipient[alice.email]) == 2 and bob.email not in by_recipient
