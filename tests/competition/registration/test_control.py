"""The office's control of a round's registration (issue 16, point 8): pause with a reason, resume, extend the
deadline (applicants told), a late permit for one person and one post; the periodic close respects all of it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit.models import AuditEvent
from competition.models import Application, LateRegistration, Post, RoundEvent
from competition.registration import control
from competition.registration import services as registration
from competition.registration.tasks import close_registrations
from notifications.models import Notification
from tests.competition.registration.conftest import close_window

pytestmark = pytest.mark.django_db


def later(**delta):
    return timezone.now() + datetime.timedelta(**delta)


def test_a_pause_refuses_applying_with_its_reason(office, candidate, person, reg_post):
    round_ = control.round_pause(round_id=reg_post.round_id, by=office, reason="职位条件更正中")
    assert round_.is_paused and round_.pause_reason == "职位条件更正中"
    with pytest.raises(registration.RegistrationError, match="职位条件更正中"):
        registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert not Application.objects.exists()
    event = RoundEvent.objects.get()
    assert (event.kind, event.reason, event.by) == (RoundEvent.Kind.PAUSED, "职位条件更正中", office)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REGISTRATION_CONTROL, actor=office).count() == 1


def test_a_pause_needs_a_reason_and_the_office(office, secretary, reg_post):
    with pytest.raises(registration.RegistrationError, match="Say why"):
        control.round_pause(round_id=reg_post.round_id, by=office, reason="  ")
    with pytest.raises(PermissionDenied):
        control.round_pause(round_id=reg_post.round_id, by=secretary, reason="x")
    reg_post.round.refresh_from_db()
    assert not reg_post.round.is_paused


def test_pausing_twice_and_resuming_an_unpaused_round_are_refused(office, reg_post):
    with pytest.raises(registration.RegistrationError, match="not paused"):
        control.round_resume(round_id=reg_post.round_id, by=office)
    control.round_pause(round_id=reg_post.round_id, by=office, reason="更正")
    with pytest.raises(registration.RegistrationError, match="already paused"):
        control.round_pause(round_id=reg_post.round_id, by=office, reason="更正")


def test_resuming_lets_applying_go_on(office, candidate, person, reg_post):
    control.round_pause(round_id=reg_post.round_id, by=office, reason="更正")
    round_ = control.round_resume(round_id=reg_post.round_id, by=office, reason="已更正")
    assert not round_.is_paused and round_.pause_reason == ""
    application = registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert application.status == Application.Status.SUBMITTED
    assert list(RoundEvent.objects.values_list("kind", flat=True)) == ["paused", "resumed"]


def test_extending_moves_the_deadline_and_tells_the_applicants(office, candidate, person, reg_post, other_candidate):
    registration.application_submit(post_id=reg_post.pk, by=candidate)
    withdrawn = registration.application_submit(post_id=reg_post.pk, by=other_candidate)
    registration.application_withdraw(application_id=withdrawn.pk, by=other_candidate, reason="个人原因")
    old = reg_post.round.registration_closes
    new = later(days=30)
    round_ = control.round_extend(round_id=reg_post.round_id, by=office, new_closes=new, reason="报名人数不足")
    assert round_.registration_closes == new
    event = RoundEvent.objects.get()
    assert (event.kind, event.old_closes, event.new_closes) == (RoundEvent.Kind.EXTENDED, old, new)
    told = Notification.objects.filter(kind="registration_extended")
    assert [n.recipient for n in told] == [candidate]  # not the one who withdrew
    assert "报名人数不足" in told.get().body


def test_an_extension_after_the_deadline_reopens_applying_and_the_job_leaves_the_post_open(office, candidate, person, reg_post):
    close_window(reg_post)
    control.round_extend(round_id=reg_post.round_id, by=office, new_closes=later(days=3), reason="延长")
    assert close_registrations() == 0
    reg_post.refresh_from_db()
    assert reg_post.status == Post.Status.REGISTRATION
    registration.application_submit(post_id=reg_post.pk, by=candidate)


def test_an_extension_must_move_the_deadline_later_into_the_future(office, reg_post):
    with pytest.raises(registration.RegistrationError, match="later than the present one"):
        control.round_extend(round_id=reg_post.round_id, by=office,
                             new_closes=reg_post.round.registration_closes - datetime.timedelta(hours=1), reason="x")
    close_window(reg_post)
    with pytest.raises(registration.RegistrationError, match="in the future"):
        control.round_extend(round_id=reg_post.round_id, by=office,
                             new_closes=timezone.now() - datetime.timedelta(microseconds=500), reason="x")
    assert not RoundEvent.objects.exists()


def test_nothing_is_controlled_once_every_post_has_left_registration(office, reg_post):
    Post.objects.filter(pk=reg_post.pk).update(status=Post.Status.INTERVIEW)
    with pytest.raises(registration.RegistrationError, match="nothing to change"):
        control.round_pause(round_id=reg_post.round_id, by=office, reason="x")
    with pytest.raises(registration.RegistrationError, match="nothing to change"):
        control.round_extend(round_id=reg_post.round_id, by=office, new_closes=later(days=3), reason="x")


def test_the_periodic_close_leaves_a_paused_round_alone(office, reg_post):
    control.round_pause(round_id=reg_post.round_id, by=office, reason="更正")
    close_window(reg_post)
    assert close_registrations() == 0
    reg_post.refresh_from_db()
    assert reg_post.status == Post.Status.REGISTRATION
    control.round_resume(round_id=reg_post.round_id, by=office)
    assert close_registrations() == 1  # too few applicants: it moves on (internal competition by default)
    reg_post.refresh_from_db()
    assert reg_post.status != Post.Status.REGISTRATION


def test_the_job_rechecks_the_pause_under_the_lock(office, reg_post):
    """A pause committed after the job listed its posts still stops the close of each one."""
    close_window(reg_post)
    control.round_pause(round_id=reg_post.round_id, by=office, reason="更正")
    with pytest.raises(registration.RegistrationError, match="paused"):
        registration.registration_close(post_id=reg_post.pk, by=None)


def test_a_late_permit_lets_exactly_that_person_apply_to_that_post_once(
    office, candidate, person, other_candidate, reg_post, second_post
):
    permit = control.late_registration_grant(
        post_id=reg_post.pk, person_id=person.pk, by=office, reason="出差在外，经批准补报", valid_until=later(days=1)
    )
    close_window(reg_post)
    # Another person, and the same person on another post, are still refused.
    with pytest.raises(registration.RegistrationError, match="not open"):
        registration.application_submit(post_id=reg_post.pk, by=other_candidate)
    with pytest.raises(registration.RegistrationError, match="not open"):
        registration.application_submit(post_id=second_post.pk, by=candidate)
    application = registration.application_submit(post_id=reg_post.pk, by=candidate, statement="补报")
    permit.refresh_from_db()
    assert permit.used_at is not None and permit.application == application
    # Once: after withdrawing, the used permit lets him in no more.
    Application.objects.filter(pk=application.pk).update(status=Application.Status.WITHDRAWN)
    with pytest.raises(registration.RegistrationError, match="not open"):
        registration.application_submit(post_id=reg_post.pk, by=candidate)
    audit = AuditEvent.objects.get(kind=AuditEvent.Kind.LATE_REGISTRATION)
    assert audit.actor == office and audit.detail["reason"] == "出差在外，经批准补报"
    assert audit.detail["person"] == str(person.pk) and audit.detail["post"] == str(reg_post.pk)
    assert Notification.objects.filter(recipient=candidate, kind="late_registration").exists()


def test_an_expired_permit_lets_no_one_in(office, candidate, person, reg_post):
    control.late_registration_grant(post_id=reg_post.pk, person_id=person.pk, by=office, reason="补报",
                                    valid_until=later(days=1))
    close_window(reg_post)
    LateRegistration.objects.update(valid_until=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(registration.RegistrationError, match="not open"):
        registration.application_submit(post_id=reg_post.pk, by=candidate)


def test_a_pause_stops_a_permit_holder_too(office, candidate, person, reg_post):
    control.late_registration_grant(post_id=reg_post.pk, person_id=person.pk, by=office, reason="补报",
                                    valid_until=later(days=1))
    control.round_pause(round_id=reg_post.round_id, by=office, reason="暂停")
    close_window(reg_post)
    with pytest.raises(registration.RegistrationError, match="paused"):
        registration.application_submit(post_id=reg_post.pk, by=candidate)


def test_the_periodic_close_waits_for_an_open_permit_then_closes(office, candidate, person, reg_post):
    control.late_registration_grant(post_id=reg_post.pk, person_id=person.pk, by=office, reason="补报",
                                    valid_until=later(days=1))
    close_window(reg_post)
    assert close_registrations() == 0
    with pytest.raises(registration.RegistrationError, match="late registration permit"):
        registration.registration_close(post_id=reg_post.pk, by=None)
    registration.application_submit(post_id=reg_post.pk, by=candidate)
    assert close_registrations() == 1  # the permit is used: nothing holds the post any more


def test_a_permit_is_refused_without_a_reason_twice_or_to_an_applicant(office, candidate, person, reg_post):
    with pytest.raises(registration.RegistrationError, match="Say why"):
        control.late_registration_grant(post_id=reg_post.pk, person_id=person.pk, by=office, reason="",
                                        valid_until=later(days=1))
    control.late_registration_grant(post_id=reg_post.pk, person_id=person.pk, by=office, reason="补报",
                                    valid_until=later(days=1))
    with pytest.raises(registration.RegistrationError, match="unused permit"):
        control.late_registration_grant(post_id=reg_post.pk, person_id=person.pk, by=office, reason="补报",
                                        valid_until=later(days=1))
    registration.application_submit(post_id=reg_post.pk, by=candidate)
    with pytest.raises(registration.RegistrationError, match="already applied"):
        control.late_registration_grant(post_id=reg_post.pk, person_id=person.pk, by=office, reason="补报",
                                        valid_until=later(days=1))


def test_a_permit_for_a_post_past_registration_is_refused(office, person, reg_post):
    Post.objects.filter(pk=reg_post.pk).update(status=Post.Status.INTERVIEW)
    with pytest.raises(registration.RegistrationError, match="only while it is in registration"):
        control.late_registration_grant(post_id=reg_post.pk, person_id=person.pk, by=office, reason="补报",
                                        valid_until=later(days=1))


def test_the_board_shows_the_pause_reason(client, office, reg_post):
    control.round_pause(round_id=reg_post.round_id, by=office, reason="职位条件更正中")
    board = client.get("/posts/").content.decode()
    page = client.get(f"/posts/{reg_post.pk}/").content.decode()
    assert "职位条件更正中" in board and "职位条件更正中" in page
    assert f'action="/posts/{reg_post.pk}/apply/"' not in page


def test_the_post_page_offers_applying_to_a_permit_holder_after_the_deadline(client, office, candidate, person, reg_post):
    control.late_registration_grant(post_id=reg_post.pk, person_id=person.pk, by=office, reason="补报",
                                    valid_until=later(days=1))
    close_window(reg_post)
    client.force_login(candidate)
    assert f'action="/posts/{reg_post.pk}/apply/"' in client.get(f"/posts/{reg_post.pk}/").content.decode()
