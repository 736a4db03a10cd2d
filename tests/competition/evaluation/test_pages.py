"""The code-slip page prints and leads back; the evaluation's results are a plain button once it is closed
(issue 22, friction 4)."""

import pytest
from django.utils import timezone

from competition.evaluation import services as evaluations
from competition.models import Rating
from tests.competition.stages import at_evaluation, vote_all

pytestmark = pytest.mark.django_db


def test_the_code_slips_have_a_print_button_and_a_way_back(client, office, unit):
    post = at_evaluation(unit)
    evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    client.force_login(office)
    page = client.post(f"/office/posts/{post.pk}/evaluation/codes/").content.decode()
    assert page.count('data-testid="code"') == 3
    assert "data-print" in page and f'href="/office/posts/{post.pk}/"' in page


def test_a_closed_evaluations_results_are_a_primary_button_on_the_post_page(client, office, unit):
    post = at_evaluation(unit)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    client.force_login(office)
    page = client.get(f"/office/posts/{post.pk}/").content.decode()
    assert "View the evaluation results" not in page
    vote_all(evaluation, [[Rating.EXCELLENT, Rating.COMPETENT]] * 3)
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    page = client.get(f"/office/posts/{post.pk}/").content.decode()
    assert '<a class="btn btn-sm btn-primary" href="/office/posts/%s/evaluation/" data-testid="evaluation-results"' % post.pk in page
    assert "View the evaluation results" in page


def test_each_slip_carries_a_qr_code_of_the_vote_page_with_its_code_in_the_fragment(client, office, unit):
    """Issue 20.4: the QR code opens the vote page with the code after '#', which no browser sends to the server."""
    import re

    import segno

    post = at_evaluation(unit)
    evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    client.force_login(office)
    page = client.post(f"/office/posts/{post.pk}/evaluation/codes/").content.decode()
    codes = re.findall(r'data-testid="code">([^<]+)<', page)
    assert len(codes) == 3
    drawn = re.findall(r'<path [^>]*d="([^"]+)"', page)
    assert len(drawn) == 3
    for code, path in zip(codes, drawn, strict=True):
        expected = segno.make(f"http://testserver/vote/#code={code}", error="m").svg_inline(scale=3, border=2)
        # The same modules as a QR code of exactly that address: not of a query string, not of another slip's code.
        assert re.search(r'd="([^"]+)"', expected).group(1) == path
    assert "?code=" not in page
    # Drawn on the server: the page loads no image or script from elsewhere.
    assert "<img" not in page and "https://" not in page.split("</nav>", 1)[-1]

