"""The campaign page and the post list make the same number of queries for 10 posts as for 200, and show 200 a page
of 50 at a time (core.paging), with the exact count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PostFactory, RoundFactory, UnitFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["competition:campaign_detail", "competition:post_list"])
def test_query_count_does_not_grow_with_posts(client, office, campaign, url_name):
    round_ = RoundFactory(campaign=campaign)
    units = [UnitFactory() for _ in range(5)]
    for i in range(10):
        PostFactory(campaign=campaign, unit=units[i % 5], round=round_)
    client.force_login(office)
    url = reverse(url_name, kwargs={"campaign_id": campaign.pk} if "campaign" in url_name else {})
    few = queries_for(client, url)
    for i in range(190):
        PostFactory(campaign=campaign, unit=units[i % 5], round=round_)
    many = queries_for(client, url)
    assert many == few
    page = client.get(url).content.decode()
    assert page.count('href="/office/posts/') >= 50 and 'data-testid="pages"' in page
    assert "200" in page.split('data-testid="list-count">')[1].split("<")[0]
    assert queries_for(client, url + "?page=4") == many
