"""The post page says when publicity ends and that the post moves on by itself; the office can end a publicity
whose period is over at once (issue 22, defect 3)."""

import datetime

import pytest
from django.utils import timezone

from competition.models import Post, Publicity
from competition.publicity import services as publicity
from competition.workflow import WorkflowError
from tests.competition.stages import published

pytestmark = pytest.mark.django_db


def test_the_post_page_says_the_last_working_day_and_that_it_moves_on_by_itself(client, unit, office, secretary):
    post, notice = published(unit, office, secretary)
    client.force_login(office)
    page = client.get(f"/office/posts/{post.pk}/").content.decode()
    assert f"runs until {notice.end_date:%Y-%m-%d}, its last working day" in page
    assert "by itself the next morning" in page
    assert "End the publicity now" not in page  # its period is not over


def test_the_office_cannot_end_a_publicity_before_its_last_working_day_is_over(unit, office, secretary):
    post, notice = published(unit, office, secretary)
    with pytest.raises(WorkflowError, match="runs until"):
        publicity.publicity_end(publicity_id=notice.pk, by=office)
    notice.refresh_from_db()
    assert notice.status == Publicity.Status.PUBLISHED


def test_an_open_objection_keeps_the_publicity_running(unit, office, secretary):
    post, notice = published(unit, office, secretary)
    publicity.objection_file(publicity_id=notice.pk, name="王五", contact="x@example.org", text="反映问题")
    Publicity.objects.filter(pk=notice.pk).update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(WorkflowError, match="objection"):
        publicity.publicity_end(publicity_id=notice.pk, by=office)


def test_the_office_ends_an_overdue_publicity_on_the_post_page_and_the_secretary_cannot(client, unit, office, secretary):
    post, notice = published(unit, office, secretary)
    Publicity.objects.filter(pk=notice.pk).update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    url = f"/office/posts/{post.pk}/publicity/end/"
    assert client.post(url).status_code == 302 and Post.objects.get(pk=post.pk).status == Post.Status.PUBLICITY
    client.force_login(secretary)
    assert "End the publicity now" not in client.get(f"/office/posts/{post.pk}/").content.decode()
    client.post(url)
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLICITY
    client.force_login(office)
    assert "End the publicity now" in client.get(f"/office/posts/{post.pk}/").content.decode()
    client.post(url)
    assert Post.objects.get(pk=post.pk).status == Post.Status.DECISION
    assert Publicity.objects.get(pk=notice.pk).status == Publicity.Status.ENDED
