"""The interview's line into the evaluation (competition.shortlists): a group tied at the line goes on whole and the
office's ranking shows it."""

import pytest
from django.urls import reverse

from competition.interviews import scoring
from competition.models import Application, Campaign
from tests.competition.interviews.conftest import score_all


@pytest.mark.django_db
def test_publishing_lets_a_group_tied_at_the_line_go_on_and_shows_it(client, office, started_session, interview_post):
    Campaign.objects.filter(pk=interview_post.campaign_id).update(advance_count=1, tie_rule=Campaign.TieRule.EXTRA_INTERVIEW)
    interview_post.refresh_from_db()
    # Candidates 1 and 2 both 85 (rank 1, tied); candidate 3: 60. One place, ratio 1:1: the line falls in the tie.
    score_all(started_session, [[85, 85, 60]] * 5)
    scoring.session_close(session_id=started_session.pk, by=office)
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[interview_post.pk])).content.decode()
    assert page.count('data-testid="tie-at-line"') == 2 and 'data-testid="tie-note"' in page
    scoring.session_publish(session_id=started_session.pk, by=office)
    first, second, third = Application.objects.filter(post=interview_post).order_by("pk")
    assert (first.combined_rank, second.combined_rank, third.combined_rank) == (1, 1, 3)
    assert (first.advanced_to_evaluation, second.advanced_to_evaluation, third.advanced_to_evaluation) == (True, True, False)
