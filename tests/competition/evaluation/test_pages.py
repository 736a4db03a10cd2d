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



def test_the_paper_form_lists_each_person_evaluated_with_the_four_grades_of_the_tally(client, office, unit):
    """Issue 21.7: the printable 民主测评表 matches the paper tally: the same persons, in order, the same four grades."""
    import re

    from competition.models import Application

    post = at_evaluation(unit)
    Application.objects.filter(post=post).update(applicant_position="副主任")
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    client.force_login(office)
    page = client.get(f"/office/posts/{post.pk}/evaluation/form/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"{post}民主测评表" in page
    assert "在相应栏内划√，每人限选一项，多选或不选视为无效。" in page and "本表不记名" in page
    assert re.findall(r'data-testid="grade">([^<]+)<', page) == ["优秀", "称职", "基本称职", "不称职"]
    names = [c.application.person.name for c in evaluation.candidates.order_by("order")]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>([^<]*)</td>', page)
    assert [name for name, _ in rows] == names and all(current.endswith("副主任") for _, current in rows)
    assert page.count('class="paper-box"') == 4 * len(names)
    tally = client.get(f"/office/posts/{post.pk}/evaluation/paper/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    head = tally[tally.index("<thead>"): tally.index("</thead>")]
    assert re.findall(r"<th>([^<]+)</th>", head)[1:] == ["优秀", "称职", "基本称职", "不称职"]


def test_the_vote_page_is_the_posts_evaluation_form_with_its_instruction_and_current_posts(client, office, unit):
    from competition.models import Application

    post = at_evaluation(unit)
    Application.objects.filter(post=post).update(applicant_position="副主任")
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    code = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=office)[0]
    page = client.post("/vote/", {"code": code}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"{post}民主测评表" in page
    assert "请对每位测评对象选择一个等次，每人限选一项。本表不记名。" in page
    assert page.count('data-testid="current-post"') == evaluation.candidates.count()
    assert "现任职务：" in page and "副主任" in page


def test_each_slip_has_a_heading_naming_the_post_and_its_validity(client, office, unit):
    post = at_evaluation(unit)
    evaluations.evaluation_open(post_id=post.pk, called=2, date=timezone.localdate(), by=office)
    client.force_login(office)
    page = client.post(f"/office/posts/{post.pk}/evaluation/codes/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert page.count(f'data-testid="slip-heading">{post}民主测评<') == 2
    assert page.count("限填一张测评票，测评结束后作废。") == 2
