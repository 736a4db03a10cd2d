"""The views: the public board, candidates' own pages, the office's actions. Anonymous → wrong role →
wrong object → right one for every protected view."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from competition.models import Application, Person, Post, WorkHistoryEntry
from competition.registration import selectors
from competition.registration import services as registration
from tests.competition.registration.conftest import close_window
from tests.factories import post_in_state

pytestmark = pytest.mark.django_db

def _image(format, size=(120, 160), **params):
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(stream, format=format, **params)
    return stream.getvalue()


PNG = _image("PNG")
JPEG = _image("JPEG")


def login_url(url):
    return reverse("accounts:login") + "?next=" + url


# --- The public board ---


def test_the_board_lists_announced_posts_without_login_and_filters(client, reg_post, other_unit, campaign):
    draft = post_in_state(Post.Status.DRAFT, campaign=campaign, title="草稿职位")
    other = post_in_state(Post.Status.ANNOUNCED, unit=other_unit, campaign=campaign)
    page = client.get(reverse("registration:board")).content.decode()
    assert reg_post.title in page and other.title in page and draft.title not in page
    page = client.get(reverse("registration:board"), {"kind": "bureau"}).content.decode()
    assert other.title in page and reg_post.title not in page
    page = client.get(reverse("registration:board"), {"unit": reg_post.unit_id, "q": reg_post.title}).content.decode()
    assert reg_post.title in page and other.title not in page
    assert client.get(reverse("registration:board_post", args=[reg_post.pk])).status_code == 200
    assert client.get(reverse("registration:board_post", args=[draft.pk])).status_code == 404


def test_script_in_free_text_comes_back_escaped(client, candidate, person, reg_post, office):
    Post.objects.filter(pk=reg_post.pk).update(duties="<script>alert(1)</script>")
    application = registration.application_submit(post_id=reg_post.pk, by=candidate, statement="<script>alert(2)</script>")
    registration.application_withdraw(application_id=application.pk, by=candidate, reason="<img src=x onerror=alert(3)>")
    page = client.get(reverse("registration:board_post", args=[reg_post.pk])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    client.force_login(candidate)
    page = client.get(reverse("registration:application_edit", args=[application.pk])).content.decode()
    assert "<script>alert(2)" not in page and "&lt;script&gt;alert(2)" in page
    assert "<img src=x" not in page
    client.force_login(office)
    page = client.get(reverse("competition:post_detail", args=[reg_post.pk])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


# --- Candidates' own pages ---


def test_candidate_pages_need_a_login(client, reg_post):
    for url in [reverse("registration:profile"), reverse("registration:my_applications")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == login_url(url)
    response = client.post(reverse("registration:apply", args=[reg_post.pk]))
    assert response.status_code == 302 and not Application.objects.exists()


def test_a_candidate_never_sees_or_changes_another_candidates_application_or_profile(
    client, candidate, person, other_candidate, reg_post
):
    theirs = registration.application_submit(post_id=reg_post.pk, by=other_candidate, statement="他人的陈述")
    entry = WorkHistoryEntry.objects.create(person=other_candidate.person, start="2010-01-01", organisation="某局", position="科员")
    Person.objects.filter(pk=other_candidate.person.pk).update(photo="photos/theirs.png")
    client.force_login(candidate)
    assert client.get(reverse("registration:application_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("registration:application_edit", args=[theirs.pk]), {"statement": "改"}).status_code == 404
    assert client.post(reverse("registration:application_withdraw", args=[theirs.pk]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("registration:work_history_delete", args=[entry.pk])).status_code == 404
    assert client.get(reverse("registration:photo", args=[other_candidate.person.pk])).status_code == 404
    for url in [reverse("registration:person_history", args=[other_candidate.person.pk]), reverse("registration:people")]:
        assert client.get(url).status_code == 403
    page = client.get(reverse("registration:my_applications")).content.decode()
    assert "他人的陈述" not in page and reg_post.title not in page
    theirs.refresh_from_db()
    assert theirs.status == Application.Status.SUBMITTED and theirs.statement == "他人的陈述"
    assert WorkHistoryEntry.objects.filter(pk=entry.pk).exists()
    # The profile page only ever shows one's own profile.
    page = client.get(reverse("registration:profile")).content.decode()
    assert other_candidate.person.masked_id_number not in page and person.masked_id_number in page


def test_the_candidate_applies_edits_and_withdraws_through_the_pages(client, candidate, person, reg_post):
    client.force_login(candidate)
    response = client.post(reverse("registration:apply", args=[reg_post.pk]), {"statement": "陈述"})
    assert response.status_code == 302
    application = Application.objects.get(person=person)
    client.post(reverse("registration:application_edit", args=[application.pk]), {"statement": "新陈述"})
    application.refresh_from_db()
    assert application.statement == "新陈述"
    client.post(reverse("registration:application_withdraw", args=[application.pk]), {"reason": "个人原因"})
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert client.get(reverse("registration:application_withdraw", args=[application.pk])).status_code == 405


def profile_data(unit, **kwargs):
    data = {
        "name": "张三", "id_number": "11010519491231002x", "phone": "13800000000", "email": "z@example.org",
        "current_unit": unit.pk, "current_unit_other": "", "current_position": "科员", "leadership_level": "", "grade": "clerk_1",
        "rank_since": "2020-01-01", "education": "bachelor", "major": "法学", "political_status": "party_member",
        "work_started": "2010-07-01", "declaration": "on",
    }
    data.update(kwargs)
    return data


def test_a_new_candidate_fills_in_a_profile_with_birth_date_and_sex_from_the_id_number(client, outsider, unit):
    client.force_login(outsider)
    photo = SimpleUploadedFile("me.png", PNG, content_type="image/png")
    response = client.post(reverse("registration:profile"), profile_data(unit, photo_upload=photo))
    assert response.status_code == 302
    person = Person.objects.get(user=outsider)
    assert person.id_number == "11010519491231002X"
    assert str(person.birth_date) == "1949-12-31" and person.sex == "F"
    assert person.declaration_signed_at is not None
    assert person.photo.name.startswith("photos/") and person.photo.name.endswith(".png") and "me" not in person.photo.name
    page = client.get(reverse("registration:profile")).content.decode()
    assert "1949-12-31" in page
    assert client.get(reverse("registration:photo", args=[person.pk]))["Content-Type"] == "image/png"


def test_the_profile_refuses_a_bad_id_number_and_a_missing_declaration(client, outsider, unit):
    client.force_login(outsider)
    response = client.post(reverse("registration:profile"), profile_data(unit, id_number="110105194912310021"))
    assert response.status_code == 200 and "check character" in response.content.decode()
    data = profile_data(unit)
    del data["declaration"]
    response = client.post(reverse("registration:profile"), data)
    assert response.status_code == 200
    assert not Person.objects.filter(user=outsider).exists()


def test_the_profile_refuses_an_id_number_someone_else_registered(client, outsider, unit, person):
    client.force_login(outsider)
    response = client.post(reverse("registration:profile"), profile_data(unit, id_number=person.id_number))
    assert response.status_code == 200 and "already registered" in response.content.decode()


@pytest.mark.parametrize("content, name, message", [
    (b"GIF89a" + b"\x00" * 100, "photo.jpg", "JPEG or PNG"),
    (b"<html><script>alert(1)</script>", "photo.png", "JPEG or PNG"),
    (JPEG + b"\x00" * (2 * 1024 * 1024), "photo.jpg", "larger than 2 MB"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "photo.jpg", "JPEG or PNG"),  # starts like a JPEG, is none
    (PNG[:60], "photo.png", "JPEG or PNG"),  # a truncated image
    (_image("PNG", size=(5000, 20)), "photo.png", "pixels"),
    (_image("GIF"), "photo.png", "JPEG or PNG"),
])
def test_a_photo_of_the_wrong_type_or_size_is_refused(client, outsider, unit, content, name, message):
    client.force_login(outsider)
    photo = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post(reverse("registration:profile"), profile_data(unit, photo_upload=photo))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Person.objects.filter(user=outsider).exists()


def test_work_history_is_added_and_removed_by_its_owner(client, candidate, person):
    client.force_login(candidate)
    client.post(reverse("registration:work_history_add"), {"start": "2010-07-01", "organisation": "区财政局", "position": "科员"})
    entry = WorkHistoryEntry.objects.get(person=person)
    assert "区财政局" in client.get(reverse("registration:profile")).content.decode()
    client.post(reverse("registration:work_history_delete", args=[entry.pk]))
    assert not WorkHistoryEntry.objects.exists()


# --- The office's actions ---


def test_review_actions_anonymous_wrong_role_and_office(client, candidate, person, secretary, office, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    review = reverse("registration:review", args=[application.pk])
    confirm = reverse("registration:confirm_passing", args=[reg_post.pk])
    close = reverse("registration:close", args=[reg_post.pk])
    assert client.post(review, {"decision": "qualified"}).status_code == 302  # to the login page
    for user in (candidate, secretary):
        client.force_login(user)
        assert client.post(review, {"decision": "qualified"}).status_code == 403
        assert client.post(confirm).status_code == 403
        assert client.post(close, {"too_few_action": "fail"}).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    client.force_login(office)
    assert client.get(review).status_code == 405
    client.post(review, {"decision": "unqualified", "reason": "不符合"})
    application.refresh_from_db()
    assert application.status == Application.Status.UNQUALIFIED
    client.post(confirm)
    close_window(reg_post)
    response = client.post(close, {"too_few_action": "fail", "reason": ""}, follow=True)
    reg_post.refresh_from_db()
    assert reg_post.status == Post.Status.FAILED and response.status_code == 200


def test_the_panel_shows_applications_to_the_office_and_the_posts_secretary_only(
    client, candidate, person, secretary, other_secretary, office, reg_post
):
    registration.application_submit(post_id=reg_post.pk, by=candidate)
    url = reverse("competition:post_detail", args=[reg_post.pk])
    client.force_login(other_secretary)
    assert client.get(url).status_code == 404
    client.force_login(secretary)
    page = client.get(url).content.decode()
    assert 'data-testid="registration-panel"' in page and person.name in page
    assert reverse("registration:confirm_passing", args=[reg_post.pk]) not in page
    client.force_login(office)
    page = client.get(url).content.decode()
    assert reverse("registration:review", args=[Application.objects.get().pk]) in page


def test_rosters_anonymous_wrong_role_wrong_object_and_right_one(
    client, candidate, person, secretary, other_secretary, office, reg_post
):
    person.name = "=HYPERLINK(\"http://evil\")"
    person.save()
    registration.application_submit(post_id=reg_post.pk, by=candidate)
    post_url = reverse("registration:post_roster", args=[reg_post.pk])
    campaign_url = reverse("registration:campaign_roster", args=[reg_post.campaign_id])
    assert client.get(post_url).status_code == 302
    client.force_login(candidate)
    assert client.get(post_url).status_code == 403 and client.get(campaign_url).status_code == 403
    client.force_login(other_secretary)
    assert client.get(post_url).status_code == 404
    sheet = load_workbook(io.BytesIO(client.get(campaign_url).content)).active
    assert sheet.max_row == 1  # headers only: no other unit's applications
    for user in (secretary, office):
        client.force_login(user)
        for url in (post_url, campaign_url):
            response = client.get(url)
            assert response.status_code == 200
            sheet = load_workbook(io.BytesIO(response.content)).active
            rows = list(sheet.values)
            assert len(rows) == 2
            assert rows[1][4] == "'=HYPERLINK(\"http://evil\")"
            assert rows[1][3] == reg_post.title


def test_roster_headers_are_simplified_chinese_by_default(client, office, reg_post, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(office)
    response = client.get(reverse("registration:post_roster", args=[reg_post.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    headers = list(load_workbook(io.BytesIO(response.content)).active.values)[0]
    assert len(headers) == len(selectors.roster_headers())


def test_the_history_pages_are_for_the_office_only(client, candidate, person, secretary, office, reg_post):
    registration.application_submit(post_id=reg_post.pk, by=candidate)
    url = reverse("registration:person_history", args=[person.pk])
    assert client.get(url).status_code == 302
    for user in (candidate, secretary):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(office)
    assert client.get(url + "0").status_code == 404
    assert reg_post.title in client.get(url).content.decode()
    assert person.name in client.get(reverse("registration:people"), {"q": person.id_number}).content.decode()


def test_a_photo_is_stored_re_encoded_without_its_exif_and_gps(client, outsider, unit):
    from PIL import Image

    exif = Image.Exif()
    exif[0x010E] = "secret-description"  # ImageDescription
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPS IFD
    original = _image("JPEG", exif=exif.tobytes())
    assert b"secret-description" in original
    client.force_login(outsider)
    photo = SimpleUploadedFile("me.jpg", original + b"<script>alert(1)</script>", content_type="image/jpeg")
    assert client.post(reverse("registration:profile"), profile_data(unit, photo_upload=photo)).status_code == 302
    stored = Person.objects.get(user=outsider).photo.read()
    assert b"secret-description" not in stored and b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (120, 160) and not image.getexif()


def test_the_roster_download_is_named_by_campaign_unit_post_and_date(client, office, reg_post, settings):
    from urllib.parse import unquote

    from django.utils import timezone

    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(office)
    response = client.get(reverse("registration:post_roster", args=[reg_post.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    name = unquote(disposition.split("filename*=UTF-8''", 1)[1])
    assert name.startswith(f"{reg_post.campaign.name}-{reg_post.unit.name}-{reg_post.title}-".replace(" ", "_"))
    assert name.endswith(f"名册-{timezone.localdate():%Y%m%d}.xlsx")


def test_people_of_the_same_name_in_one_unit_are_told_apart_in_the_people_list(client, office, unit, other_unit):
    import datetime

    from tests.factories import ApplicationFactory, PersonFactory, post_in_state

    post = post_in_state(Post.Status.REGISTRATION)
    for name, person_unit, born, position in [
        ("张伟", unit, datetime.date(1985, 3, 15), "综治办副主任"),
        ("张伟", unit, datetime.date(1979, 11, 3), "党政办主任"),
        ("张伟", other_unit, datetime.date(1990, 1, 1), "科员"),
        ("李强", unit, datetime.date(1980, 1, 1), "科员"),
    ]:
        person = PersonFactory(name=name, current_unit=person_unit, birth_date=born, current_position=position)
        ApplicationFactory(post=post, person=person)
    client.force_login(office)
    page = client.get(reverse("registration:people"), {"q": "张伟"}).content.decode()
    assert "born 1985，综治办副主任" in page and "born 1979，党政办主任" in page
    assert "1990" not in page  # the namesake of another unit is no namesake here
    page = client.get(reverse("registration:people"), {"q": "李强"}).content.decode()
    assert "born 1980" not in page
