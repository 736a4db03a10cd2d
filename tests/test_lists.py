"""Every long list comes a page at a time, with its filters kept in the page links and its count exact (issue 19.1).

The page size is lowered to 2 here (core.paging.PER_PAGE) so that a handful of rows makes three pages.
"""

import html as html_module
import re

import pytest
from django.urls import reverse

from competition.interviews import services as interviews
from competition.models import Campaign, Examiner, InterviewSession, Post, Question, Round
from core import paging
from reports.models import ExportJob
from tests.factories import CampaignFactory, PostFactory, RoundFactory, UnitFactory, post_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 2)


def rows(page_html, marker):
    return len(re.findall(marker, page_html))


def count_text(html):
    """The number the list's count line shows."""
    text = re.search(r'data-testid="list-count">([^<]*)<', html).group(1)
    return int(re.search(r"\d+", text).group())


def page_links(html):
    return re.findall(r'class="page-link" href="([^"]+)"', html)


def test_the_post_list_pages_keep_the_filters_and_count_the_whole_list(client, office, unit, other_unit, campaign):
    for _ in range(5):
        PostFactory(campaign=campaign, unit=unit)
    PostFactory(campaign=campaign, unit=other_unit)
    PostFactory(unit=unit)  # another campaign's
    client.force_login(office)
    html = client.get(reverse("competition:post_list"), {"campaign": campaign.pk, "unit": unit.pk}).content.decode()
    assert count_text(html) == 5
    assert rows(html, r"/office/posts/\d+/\"") == 2
    links = page_links(html)
    assert links and all(f"campaign={campaign.pk}" in link and f"unit={unit.pk}" in link for link in links)
    last = client.get(reverse("competition:post_list"), {"campaign": campaign.pk, "unit": unit.pk, "page": 3}).content.decode()
    assert rows(last, r"/office/posts/\d+/\"") == 1
    # A page beyond the last, or not a number, is the last or the first: a stale link never fails.
    assert client.get(reverse("competition:post_list"), {"page": 999}).status_code == 200
    assert count_text(client.get(reverse("competition:post_list"), {"page": "x"}).content.decode()) == 7


def test_a_campaigns_posts_are_paged_and_filtered_by_round(client, office, unit, campaign):
    first, second = RoundFactory(campaign=campaign, number=1), RoundFactory(campaign=campaign, number=2)
    for i in range(3):
        PostFactory(campaign=campaign, unit=unit, round=first if i else second)
    client.force_login(office)
    url = reverse("competition:campaign_detail", args=[campaign.pk])
    html = client.get(url, {"round": first.pk}).content.decode()
    assert count_text(html) == 2 and not page_links(html)
    html = client.get(url).content.decode()
    assert count_text(html) == 3 and page_links(html)
    assert Round.objects.filter(campaign=campaign).count() == 2


def test_the_sessions_list_is_paged_and_filtered_by_campaign_and_state(client, office, unit, campaign):
    other = CampaignFactory(name="另一次竞岗")
    for i in range(3):
        InterviewSession.objects.create(campaign=campaign, name=f"第{i}场", venue="区委党校")
    InterviewSession.objects.create(campaign=other, name="别处", venue="区政府")
    client.force_login(office)
    url = reverse("interviews:session_list")
    html = client.get(url, {"campaign": campaign.pk}).content.decode()
    assert count_text(html) == 3 and rows(html, r"/interviews/sessions/\d+/\"") == 2
    assert "别处" not in html
    assert count_text(client.get(url, {"q": "区政府"}).content.decode()) == 1
    assert count_text(client.get(url, {"status": "published"}).content.decode()) == 0


def test_a_secretary_lists_only_the_sessions_of_his_internal_competitions(client, secretary, unit, campaign):
    internal = CampaignFactory(name="内部", kind=Campaign.Kind.INTERNAL, unit=unit)
    post = post_in_state(Post.Status.INTERVIEW, unit=unit, campaign=internal)
    interviews.session_create(campaign=internal, name="内部面试", posts=[post], by=secretary)
    InterviewSession.objects.create(campaign=campaign, name="全区面试")
    client.force_login(secretary)
    html = client.get(reverse("interviews:session_list")).content.decode()
    assert "内部面试" in html and "全区面试" not in html and count_text(html) == 1
    # The campaign filter offers only the campaigns of the sessions he sees.
    assert campaign.name not in html


def test_the_examiner_pool_and_the_question_bank_are_searched_and_paged(client, office):
    unit = UnitFactory(name="区教育局")
    for i in range(3):
        Examiner.objects.create(name=f"教育考官{i}", unit=unit)
    Examiner.objects.create(name="财政考官", specialties="预算")
    for i in range(3):
        Question.objects.create(category="综合分析", text=f"谈谈基层治理{i}")
    client.force_login(office)
    html = client.get(reverse("interviews:examiner_list"), {"q": "教育局"}).content.decode()
    assert count_text(html) == 3 and "财政考官" not in html and page_links(html)
    assert count_text(client.get(reverse("interviews:examiner_list"), {"q": "预算"}).content.decode()) == 1
    html = client.get(reverse("interviews:question_list"), {"q": "基层"}).content.decode()
    assert count_text(html) == 3 and rows(html, "谈谈基层治理") == 2


def test_the_campaign_list_is_searched_and_paged(client, office):
    for i in range(3):
        CampaignFactory(name=f"2026年统一竞岗第{i}批")
    CampaignFactory(name="公开选拔")
    client.force_login(office)
    html = client.get(reverse("competition:campaign_list"), {"q": "统一"}).content.decode()
    assert count_text(html) == 3 and "公开选拔" not in html
    assert all("q=" in link for link in page_links(html))


def test_a_user_lists_only_his_own_exports_by_state(client, office, secretary):
    for status in ("done", "done", "failed"):
        ExportJob.objects.create(kind=ExportJob.Kind.ROSTER, requested_by=office, status=status)
    ExportJob.objects.create(kind=ExportJob.Kind.ROSTER, requested_by=secretary)
    client.force_login(office)
    url = reverse("reports:export_list")
    assert count_text(client.get(url).content.decode()) == 3
    assert count_text(client.get(url, {"status": "done"}).content.decode()) == 2
    client.force_login(secretary)
    assert count_text(client.get(url).content.decode()) == 1


def test_the_audit_log_is_filtered_by_kind_user_outcome_and_days(client, audit_admin, office, secretary):
    import datetime

    import time_machine
    from django.utils import timezone

    from audit.models import AuditEvent
    from audit.services import audit_record

    for _ in range(3):
        audit_record(kind=AuditEvent.Kind.PERSONAL_DATA_EXPORT, user=office, what="roster")
    audit_record(kind=AuditEvent.Kind.PERSONAL_DATA_EXPORT, user=secretary, what="roster")
    # A failed login of last week, to be left out by the span of days (the log itself cannot be edited).
    with time_machine.travel(timezone.now() - datetime.timedelta(days=7)):
        audit_record(kind=AuditEvent.Kind.LOGIN_FAILED, username="ghost", outcome=AuditEvent.Outcome.FAILURE)
    client.force_login(audit_admin)
    url = reverse("audit:log")
    kind, today = AuditEvent.Kind.PERSONAL_DATA_EXPORT, timezone.localdate()
    html = client.get(url, {"kind": kind, "user": office.username}).content.decode()
    assert count_text(html) == 3
    links = page_links(html)
    assert links and all(f"kind={kind}" in link and f"user={office.username}" in link for link in links)
    assert count_text(client.get(url, {"outcome": "failure"}).content.decode()) == 1
    assert count_text(client.get(url, {"outcome": "failure", "since": today.isoformat()}).content.decode()) == 0
    # The first day after the last: said so, in the reader's language, and the log shown whole.
    every = AuditEvent.objects.count()
    html = client.get(url, {"since": today.isoformat(), "until": (today - datetime.timedelta(days=1)).isoformat()},
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "起始日期晚于截止日期。" in html and count_text(html) == every


def test_the_reminders_are_filtered_by_rule_and_text_and_each_tab_counts_what_the_filters_keep(client, office, candidate, secretary, unit):
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from notifications.models import Reminder

    def reminder(rule, recipient, subject, days, status=Reminder.Status.FAILED):
        Reminder.objects.create(rule=rule, content_type=ContentType.objects.get_for_model(unit), object_id=unit.pk,
                                recipient=recipient, due_date=timezone.localdate() + datetime.timedelta(days=days),
                                subject=subject, status=status,
                                sent_at=timezone.now() if status == Reminder.Status.SENT else None)

    def failed_and_sent(html):
        counts = dict(re.findall(r'status=(\w+)[^"]*">[^<]*<span class="badge[^"]*" data-testid="tab-count">(\d+)<', html))
        return int(counts["failed"]), int(counts["sent"])

    for day in range(3):
        reminder("term_ending_1_month", candidate, f"任期将满 {day}", day)
    reminder("registration_closing", secretary, "报名即将截止", 0)
    reminder("registration_closing", secretary, "报名即将截止（已发）", 1, status=Reminder.Status.SENT)
    client.force_login(office)
    url = reverse("notifications:reminder_list")
    assert failed_and_sent(client.get(url).content.decode()) == (4, 1)
    html = client.get(url, {"rule": "registration_closing"}).content.decode()
    assert failed_and_sent(html) == (1, 1)
    html = client.get(url, {"q": "任期"}).content.decode()
    assert failed_and_sent(html) == (3, 0)
    assert rows(html, 'data-testid="reminder"') == 2  # a page of two (PER_PAGE lowered)
    links = page_links(html)
    assert links and all("q=" in link for link in links)
    assert rows(client.get(url + html_module.unescape(links[-1])).content.decode(), 'data-testid="reminder"') == 1


def test_the_flags_are_filtered_by_unit_kind_and_name_and_a_secretary_cannot_widen_his_own(client, office, secretary, unit, other_unit):
    import datetime

    from tests.factories import PersonFactory, PositionFactory
    from tests.tenure.conftest import TermFactory

    old = datetime.date(1960, 1, 1)  # reaches the maximum age before 2028
    for i in range(3):
        TermFactory(unit=unit, person=PersonFactory(name=f"甲{i}", birth_date=old))
    TermFactory(unit=other_unit, person=PersonFactory(name="乙", birth_date=old))
    # A third term in a row in one post, by someone far from the maximum age.
    person, position = PersonFactory(name="丙", birth_date=datetime.date(1985, 1, 1)), PositionFactory(unit=unit)
    for start in (2014, 2019):
        TermFactory(unit=unit, person=person, position=position, start=datetime.date(start, 1, 1),
                    end=datetime.date(start + 4, 12, 31), status="ended", ended_on=datetime.date(start + 4, 12, 31))
    TermFactory(unit=unit, person=person, position=position, start=datetime.date(2024, 1, 1))
    url = reverse("tenure:flags")
    client.force_login(office)
    assert count_text(client.get(url).content.decode()) == 5
    html = client.get(url, {"unit": unit.pk, "flag": "max_age"}).content.decode()
    assert count_text(html) == 3 and "乙" not in html
    assert all(f"unit={unit.pk}" in link and "flag=max_age" in link for link in page_links(html))
    assert count_text(client.get(url, {"flag": "consecutive"}).content.decode()) == 1
    assert count_text(client.get(url, {"q": "乙"}).content.decode()) == 1
    # The secretary's list is his unit's, whatever unit the address names.
    client.force_login(secretary)
    html = client.get(url, {"unit": other_unit.pk}).content.decode()
    assert count_text(html) == 4 and "乙" not in html and 'name="unit"' not in html
