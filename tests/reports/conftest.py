"""A small campaign whose every figure is known by hand (see test_statistics.py for the sums)."""

import datetime
from types import SimpleNamespace

import pytest

from competition.models import Application, Education, InterviewSession, InterviewSlot, Post, Sex
from competition.models.people import from_archive_rank
from competition.models.units import Level
from tenure.models import Term
from tests.factories import CampaignFactory, PersonFactory, PositionFactory, PostFactory, RoundFactory

DECIDED = datetime.date(2024, 6, 30)
O = Application.Outcome  # noqa: E741
S = Post.Status


def _person(unit, birth, *, sex=Sex.MALE, education=Education.BACHELOR, rank=Level.DEPUTY_SECTION, leadership=True):
    """A person described as the archive describes one (现职级 and leadership), read as the 2019 reform reads it."""
    level, grade = from_archive_rank(rank, leadership)
    return PersonFactory(
        current_unit=unit, birth_date=birth, sex=sex, education=education, leadership_level=level, grade=grade
    )


def _apply(post, person, outcome="", status=Application.Status.QUALIFIED):
    application = Application(post=post, round=post.round, person=person, status=status, outcome=outcome)
    if outcome:
        application.outcome_on = DECIDED
    application.snapshot_applicant()
    application.save()
    return application


@pytest.fixture
def known_campaign(unit, other_unit):
    """Units A (unit) and B (other_unit), quota 8 each; posts P1..P4 released, P2 re-released from P2a."""
    a, b = unit, other_unit
    campaign = CampaignFactory(name="已知竞岗", start_date=datetime.date(2024, 1, 1))
    r1 = RoundFactory(campaign=campaign, number=1)
    r2 = RoundFactory(campaign=campaign, number=2)

    def post(u, status, round_, **kw):
        return PostFactory(campaign=campaign, unit=u, round=round_, status=status, **kw)

    p1 = post(a, S.APPOINTED, r1, places=2)
    p2a = post(b, S.FAILED, r1)
    p2 = post(b, S.APPOINTED, r2, position=p2a.position, rereleased_from=p2a)
    p3 = post(a, S.INSPECTION, r1)
    p4 = post(b, S.INTERNAL, r1)
    post(a, S.DRAFT, r1)
    p6 = post(b, S.CANCELLED, r1)

    x1 = _person(b, datetime.date(1994, 6, 30), sex=Sex.FEMALE)  # 30 at the decision, deputy-section leader
    x2 = _person(a, datetime.date(1985, 1, 1))
    x3 = _person(b, datetime.date(1985, 1, 1))
    x4 = _person(b, datetime.date(1984, 7, 1), education=Education.JUNIOR_COLLEGE, rank=Level.SECTION)  # 39
    x5 = _person(b, datetime.date(1985, 1, 1))
    x6 = _person(a, datetime.date(1985, 1, 1))
    x7 = _person(a, datetime.date(1985, 1, 1))
    x8 = _person(b, datetime.date(1985, 1, 1))
    x9 = _person(b, datetime.date(1985, 1, 1))
    x10 = _person(a, datetime.date(1985, 1, 1))
    x11 = _person(a, datetime.date(1998, 1, 1), rank=Level.STAFF, leadership=False)  # 26, staff member
    y = _person(a, datetime.date(1970, 1, 1), rank=Level.SECTION)

    apps = SimpleNamespace(
        x1p1=_apply(p1, x1, O.APPOINTED),
        x11p1=_apply(p1, x11, O.APPOINTED),
        x2p1=_apply(p1, x2, O.INTERVIEW_FAILED),
        x3p1=_apply(p1, x3, O.UNQUALIFIED, Application.Status.UNQUALIFIED),
        x4p2a=_apply(p2a, x4, O.INSPECTION_FAILED),
        x5p2a=_apply(p2a, x5, O.INTERVIEW_FAILED),
        x4p2=_apply(p2, x4, O.APPOINTED),
        x6p2=_apply(p2, x6, O.WITHDRAWN, Application.Status.WITHDRAWN),
        x7p3=_apply(p3, x7),
        x8p3=_apply(p3, x8, O.EVALUATION_FAILED),
        x9p4=_apply(p4, x9, O.INTERNAL),
        x10p6=_apply(p6, x10),
    )
    s1 = InterviewSession.objects.create(campaign=campaign, name="第一场")
    s1.posts.add(p1, p2a)
    s2 = InterviewSession.objects.create(campaign=campaign, name="第二场")
    s2.posts.add(p2, p3)
    for session, application, absent in [
        (s1, apps.x1p1, False),
        (s1, apps.x2p1, False),
        (s1, apps.x4p2a, False),
        (s1, apps.x5p2a, True),
        (s2, apps.x4p2, False),
        (s2, apps.x7p3, False),
        (s2, apps.x8p3, False),
    ]:
        InterviewSlot.objects.create(session=session, application=application, absent=absent)

    chief_b = PositionFactory(unit=b, title="财政局科长")
    chief_a = PositionFactory(unit=a, title="综治办主任")
    staff_a = PositionFactory(unit=a, title="科员岗", level=Level.STAFF, is_leadership=False)

    def term(person, position, start, ended_on=None, post=None):
        return Term.objects.create(
            person=person, position=position, unit=position.unit, post=post, origin=Term.Origin.IMPORT,
            start=start, end=start.replace(year=start.year + 5), ended_on=ended_on,
        )

    term(x4, chief_b, datetime.date(2020, 1, 1), ended_on=DECIDED)
    term(y, chief_a, datetime.date(2019, 5, 1), ended_on=datetime.date(2024, 3, 1))
    term(x9, staff_a, datetime.date(2019, 5, 1))  # not a leadership position: never in the cohort
    term(x4, p2.position, DECIDED, post=p2)
    term(x1, p1.position, DECIDED, post=p1)
    term(x11, p1.position, DECIDED, post=p1)
    return SimpleNamespace(campaign=campaign, a=a, b=b, posts=(p1, p2a, p2, p3, p4, p6), apps=apps)
