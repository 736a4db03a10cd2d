"""The back office's navigation is grouped by task with the current place marked, and every back-office page
covered by an entry shows breadcrumbs (issue 20.2)."""

import re

import pytest

from tests.factories import post_in_state

pytestmark = pytest.mark.django_db


def groups(page):
    return re.findall(r'data-bs-toggle="dropdown"[^>]*>([^<]+)</a>', page)


def test_the_office_menu_has_five_groups_instead_of_a_long_row(client, office):
    client.force_login(office)
    page = client.get("/office/posts/").content.decode()
    assert groups(page) == ["Competitions", "People", "Tenure", "Settings"]  # Reports is a single link
    assert re.search(r'<a class="nav-link text-body" href="/reports/">Reports</a>', page)
    # The current place: its group and its entry are marked, and the breadcrumbs lead back.
    assert re.search(r'class="nav-link dropdown-toggle text-body active fw-semibold"[^>]*aria-current="true">Competitions', page)
    assert '<a class="dropdown-item active" href="/office/posts/" aria-current="page">Posts</a>' in page
    assert re.search(r'data-testid="breadcrumbs">.*Home.*Competitions.*aria-current="page">Posts</li>', page, re.S)


def test_a_page_below_an_entry_links_back_to_it(client, office, unit):
    post = post_in_state("released", unit=unit)
    client.force_login(office)
    page = client.get(f"/office/posts/{post.pk}/").content.decode()
    crumbs = page[page.index('data-testid="breadcrumbs"'):]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert '<a href="/office/posts/">Posts</a>' in crumbs


def test_the_longest_match_wins_in_tenure(client, office):
    client.force_login(office)
    page = client.get("/tenure/flags/").content.decode()
    assert '<a class="dropdown-item active" href="/tenure/flags/" aria-current="page">Flags</a>' in page
    assert 'class="dropdown-item active" href="/tenure/"' not in page


def test_a_unit_secretary_sees_only_what_the_role_may_use(client, secretary):
    client.force_login(secretary)
    page = client.get("/").content.decode()
    assert groups(page) == ["Competitions", "Tenure"]
    for hidden in ("/registration/people/", "/interviews/examiners/", "/office/workdays/", "/documents/templates/"):
        assert f'href="{hidden}"' not in page


def test_candidates_keep_a_short_flat_menu_without_breadcrumbs(client, candidate):
    client.force_login(candidate)
    page = client.get("/candidate/applications/").content.decode()
    assert groups(page) == [] and 'data-testid="breadcrumbs"' not in page
    assert 'href="/candidate/applications/"' in page



def test_a_section_of_one_entry_is_named_once_in_the_breadcrumbs(client, office):
    client.force_login(office)
    page = client.get("/reports/import/").content.decode()
    crumbs = page[page.index('data-testid="breadcrumbs"'):]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert re.findall(r'<li class="breadcrumb-item[^"]*"[^>]*>(?:<a href="[^"]*">)?([^<]+)<', crumbs) == ["Home", "Reports"]
