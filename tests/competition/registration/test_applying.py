"""Applying, editing and withdrawing: the window, the cap, once per post."""

import pytest
from django.urls import reverse

from competition.models import Application
from competition.registration import services as registration
from tests.competition.registration.conftest import close_window

pytestmark = pytest.mark.django_db


def test_a_candidate_applies_and_the_snapshot_and_pre_check_are_recorded(candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate, statement="我愿意")
    assert application.status == Application.Status.SUBMITTED
    assert application.round_id == reg_post.round_id
    assert (application.applicant_leadership_level, application.applicant_grade) == (person.leadership_level, person.grade) and application.applicant_education == person.education
    assert application.from_other_unit is True  # the person's unit is not the post's
    assert application.precheck_passed is True and application.precheck_failures == []


def test_an_applicant_of_the_posts_own_unit_is_recorded_as_such(candidate, person, reg_post):
    person.current_unit = reg_post.unit
    person.save()
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert application.from_other_unit is False


def test_a_late_application_is_refused_even_when_its_form_was_loaded_in_time(client, candidate, person, reg_post):
    client.force_login(candidate)
    page = client.get(reverse("registration:board_post", args=[reg_post.pk]))
    assert b'action="%s"' % reverse("registration:apply", args=[reg_post.pk]).encode() in page.content
    close_window(reg_post)
    response = client.post(reverse("registration:apply", args=[reg_post.pk]), {"statement": ""}, follow=True)
    assert not Application.objects.exists()
    assert "not open" in response.content.decode()


def test_an_application_before_the_window_opens_is_refused(candidate, person, campaign):
    from competition.models import Post
    from tests.factories import post_in_state

    announced = post_in_state(Post.Status.ANNOUNCED, campaign=campaign, max_age=None)
    with pytest.raises(registration.RegistrationError):
        registration.application_submit(post_id=announced.pk, by=candidate)


def test_applying_twice_to_a_post_is_refused(candidate, person, reg_post):
    registration.application_submit(post_id=reg_post.pk, by=candidate)
    with pytest.raises(registration.RegistrationError, match="already applied"):
        registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert Application.objects.count() == 1


def test_the_per_round_cap_holds_and_a_withdrawal_frees_the_place(candidate, person, reg_post, second_post):
    first = registration.application_submit(post_id=reg_post.pk, by=candidate)
    with pytest.raises(registration.RegistrationError, match="at most 1"):
        registration.application_submit(post_id=second_post.pk, by=candidate)
    registration.application_withdraw(application_id=first.pk, by=candidate, reason="家庭原因")
    registration.application_submit(post_id=second_post.pk, by=candidate)
    assert Application.objects.filter(person=person).exclude(status="withdrawn").count() == 1


def test_a_campaign_may_allow_more_posts_per_round(candidate, person, reg_post, second_post):
    reg_post.campaign.posts_per_candidate_per_round = 2
    reg_post.campaign.save()
    registration.application_submit(post_id=reg_post.pk, by=candidate)
    registration.application_submit(post_id=second_post.pk, by=candidate)
    assert Application.objects.filter(person=person).count() == 2


def test_applying_needs_a_profile_with_a_signed_declaration(candidate, reg_post, outsider):
    candidate.person.declaration_signed_at = None
    candidate.person.save()
    with pytest.raises(registration.RegistrationError, match="declaration"):
        registration.application_submit(post_id=reg_post.pk, by=candidate)
    with pytest.raises(registration.RegistrationError, match="profile"):
        registration.application_submit(post_id=reg_post.pk, by=outsider)


def test_withdrawal_needs_a_reason_and_is_shown_to_the_candidate(client, candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    with pytest.raises(registration.RegistrationError):
        registration.application_withdraw(application_id=application.pk, by=candidate, reason=" ")
    registration.application_withdraw(application_id=application.pk, by=candidate, reason="工作调整")
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN and application.outcome == Application.Outcome.WITHDRAWN
    client.force_login(candidate)
    page = client.get(reverse("registration:my_applications")).content.decode()
    assert "工作调整" in page


def test_withdrawal_after_the_deadline_is_refused(candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    close_window(reg_post)
    with pytest.raises(registration.RegistrationError, match="until the registration deadline"):
        registration.application_withdraw(application_id=application.pk, by=candidate, reason="晚了")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_editing_after_the_deadline_is_refused(candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate, statement="一")
    registration.application_update(application_id=application.pk, by=candidate, statement="二")
    close_window(reg_post)
    with pytest.raises(registration.RegistrationError):
        registration.application_update(application_id=application.pk, by=candidate, statement="三")
    application.refresh_from_db()
    assert application.statement == "二"


def test_an_edit_that_changes_the_profile_snapshot_sends_the_application_back_to_review(candidate, person, reg_post, office):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    registration.application_review(application_id=application.pk, by=office, qualified=True)
    registration.application_update(application_id=application.pk, by=candidate, statement="同样")
    application.refresh_from_db()
    assert application.status == Application.Status.QUALIFIED
    person.education = "high_school"  # below the post's minimum (junior college)
    person.save()
    registration.application_update(application_id=application.pk, by=candidate, statement="同样")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED and application.precheck_passed is False


def test_a_withdrawn_application_can_be_renewed_inside_the_window(candidate, person, reg_post):
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    registration.application_withdraw(application_id=application.pk, by=candidate, reason="再想想")
    again = registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert again.pk == application.pk and again.status == Application.Status.SUBMITTED and again.withdrawal_reason == ""


def test_applying_measures_the_requirements_at_the_rounds_deadline_and_records_each_failure(candidate, person, reg_post):
    import datetime

    from competition.models import Education, Grade, LeadershipLevel
    from competition.registration.services import registration_deadline

    deadline = registration_deadline(reg_post)
    # 41 on the deadline day, where the post allows 40; a bachelor where a master is required; a staff member
    # where deputy section level is required.
    person.birth_date = datetime.date(deadline.year - 41, deadline.month, min(deadline.day, 28))
    person.education, person.leadership_level, person.grade = Education.BACHELOR, "", Grade.CLERK_1
    person.save()
    type(reg_post).objects.filter(pk=reg_post.pk).update(
        max_age=40, min_education=Education.MASTER, min_leadership_level=LeadershipLevel.DEPUTY_SECTION, min_grade=Grade.PRINCIPAL_4
    )
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    application.refresh_from_db()
    assert application.precheck_passed is False
    assert [f["item"] for f in application.precheck_failures] == ["age", "education", "rank"]
    assert application.precheck_failures[0]["actual"] == 41


def test_applying_to_a_post_that_does_not_exist_is_refused(candidate, person):
    with pytest.raises(registration.RegistrationError, match="No such post"):
        registration.application_submit(post_id=987654, by=candidate)


def test_applying_takes_two_reads_and_one_insert(candidate, person, reg_post):
    """The registration rush's hot path (bench/): the applicant's locked row with the post, round and campaign in
    one read, the person's applications in another, then the insert. A rule that reads a column the first read
    does not load would add a query here."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        registration.application_submit(post_id=reg_post.pk, by=candidate, statement="我愿意")
    statements = [q["sql"] for q in queries if q["sql"].split()[0] not in ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT")]
    assert [sql.split()[0] for sql in statements] == ["SELECT", "SELECT", "INSERT"]
    if connection.features.has_select_for_update_of:
        assert "FOR UPDATE" in statements[0]
    application = Application.objects.get()
    assert (application.post_id, application.person_id, application.statement) == (reg_post.pk, person.pk, "我愿意")
