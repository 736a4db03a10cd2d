"""Scoring pages read as the rules do: a dimension's weight is called a weight (each dimension is scored 0–100),
the written-score column shows only when the written exam counts, scores show two decimals (issue 22, friction 3)."""

import pytest
from django.urls import reverse

from competition.interviews import scoring
from competition.interviews import services as interviews
from tests.competition.interviews.conftest import score_all

pytestmark = pytest.mark.django_db


def test_a_dimensions_weight_reads_as_a_weight_on_the_examiners_page(client, office, session, examiner, applications):
    client.force_login(office)
    client.post(reverse("interviews:session_dimensions", args=[session.pk]), {"dimensions": "岗位认知 30\n综合分析 70"})
    interviews.session_draw(session_id=session.pk, by=office)
    interviews.session_start(session_id=session.pk, by=office)
    client.force_login(examiner)
    page = client.get(reverse("interviews:examiner_score", args=[session.pk])).content.decode()
    assert "岗位认知 <span class=\"text-secondary small\">(weight 30, 0–100)</span>" in page
    assert "(30)" not in page


@pytest.mark.parametrize("weight, shown", [(0, False), (30, True)])
def test_the_written_column_shows_only_when_the_written_exam_counts(
    client, office, campaign, started_session, interview_post, applications, weight, shown
):
    campaign.written_exam_weight, campaign.interview_weight = weight, 100 - weight
    campaign.save()
    score_all(started_session, [[88, 90, 86], [89, 87, 91], [87, 89, 85], [86, 88, 90], [90, 86, 88]])
    scoring.session_close(session_id=started_session.pk, by=office)
    client.force_login(office)
    session_page = client.get(reverse("interviews:session_detail", args=[started_session.pk])).content.decode()
    post_page = client.get(reverse("competition:post_detail", args=[interview_post.pk])).content.decode()
    assert ("<th>Written</th>" in session_page) is shown
    assert ("<th>Written</th>" in post_page) is shown
    panel = post_page.split('data-testid="interview-panel"', 1)[1]
    assert "88.00<" in panel and "88.000" not in panel
