"""A page with date fields, opened and saved unchanged, keeps its dates, in Chinese and in English (issue 22,
defect 1: ``2026/12/02`` in a date input came up blank and blocked the save)."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from competition.models import Campaign, Round
from tests.factories import CampaignFactory, RoundFactory

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The values a browser would submit from the page's first POST form that has a field named ``field``."""

    def __init__(self, field):
        super().__init__()
        self.field, self.inside, self.done = field, False, False
        self.data, self.types, self.select, self.textarea = {}, {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and a.get("method", "").lower() == "post":
            self.inside = True
            self.data, self.types = {}, {}
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "checkbox", "radio", "file"):
            self.data[a["name"]] = a.get("value", "")
            self.types[a["name"]] = a.get("type", "text")
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.data[a["name"]] = a.get("value", "on")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.data):
            self.data[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.data[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, self.field in self.data

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def page_form(client, url, language, field):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    parser = FormFields(field)
    parser.feed(response.content.decode())
    return parser


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_campaigns_rules_saved_with_only_the_description_changed_keep_every_date(client, office, language):
    campaign = CampaignFactory(
        start_date=datetime.date(2026, 12, 2), reappointment_deadline=datetime.date(2027, 3, 31)
    )
    client.force_login(office)
    form = page_form(client, f"/office/campaigns/{campaign.pk}/edit/", language, "start_date")
    assert form.types["start_date"] == "date" and form.data["start_date"] == "2026-12-02"
    assert form.data["unified_term_end"] == "2031-12-31" and form.data["reappointment_deadline"] == "2027-03-31"
    form.data["description"] = "只改说明"
    response = client.post(f"/office/campaigns/{campaign.pk}/edit/", form.data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.description == "只改说明"
    assert (campaign.start_date, campaign.unified_term_end, campaign.reappointment_deadline) == (
        datetime.date(2026, 12, 2), datetime.date(2031, 12, 31), datetime.date(2027, 3, 31)
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_rounds_window_saved_unchanged_keeps_its_times(client, office, language):
    opens = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))
    closes = timezone.make_aware(datetime.datetime(2031, 12, 2, 17, 30))
    round_ = RoundFactory(campaign=CampaignFactory(), registration_opens=opens, registration_closes=closes)
    client.force_login(office)
    form = page_form(client, f"/office/rounds/{round_.pk}/edit/", language, "registration_closes")
    assert form.types["registration_closes"] == "datetime-local"
    assert form.data["registration_closes"] == "2031-12-02T17:30"
    assert client.post(f"/office/rounds/{round_.pk}/edit/", form.data, HTTP_ACCEPT_LANGUAGE=language).status_code == 302
    round_ = Round.objects.get(pk=round_.pk)
    assert (round_.registration_opens, round_.registration_closes) == (opens, closes)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_candidates_profile_saved_unchanged_keeps_its_dates(client, candidate, language):
    person = candidate.person
    person.rank_since, person.work_started = datetime.date(2019, 7, 1), datetime.date(2008, 8, 15)
    person.save()
    client.force_login(candidate)
    form = page_form(client, "/candidate/profile/", language, "rank_since")
    assert form.data["rank_since"] == "2019-07-01" and form.data["work_started"] == "2008-08-15"
    client.post("/candidate/profile/", form.data, HTTP_ACCEPT_LANGUAGE=language)
    person.refresh_from_db()
    assert (person.rank_since, person.work_started) == (datetime.date(2019, 7, 1), datetime.date(2008, 8, 15))
