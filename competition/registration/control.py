"""The office's control of a round's registration (issue 16, point 8): pause with a reason shown on the board,
resume, extend the deadline (the applicants are told), and let one person apply late to one post.

Who may apply is decided by ``applying_allowed``, which applying calls while it holds the round's row with a
``FOR KEY SHARE`` lock (services._ApplyingStatements). Pausing, resuming and extending take ``FOR UPDATE`` on the
same row, which waits for every application in flight and makes every later application wait for them: an
application is either committed before the pause or sees it. Appliers do not block one another (key-share locks
are compatible), so the registration rush keeps its throughput.

The periodic close (services.close_due_registrations) respects all of this: a paused round is not closed, an
extended deadline is read again under the round's lock, and a post with an unused, valid late permit stays open.
"""

import datetime

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from competition import kinds
from competition.kinds import Step
from competition.models import Application, LateRegistration, Person, Post, Round, RoundEvent
from competition.registration.errors import RegistrationError
from competition.workflow import lock_post
from notifications.messages import Paragraphs, Text
from notifications.services import notify

# Posts whose registration is still ahead or under way: a round with none of them has nothing left to control.
REGISTERING = (Post.Status.ANNOUNCED, Post.Status.REGISTRATION)
# Applications whose applicants are told of a new deadline (withdrawn ones are not).
LIVE_APPLICATIONS = (Application.Status.SUBMITTED, Application.Status.QUALIFIED, Application.Status.UNQUALIFIED)
NOT_OPEN = gettext_lazy("Registration for this post is not open.")


def lock_round(round_id: int) -> Round:
    """The round's row locked ``FOR UPDATE``: conflicts with the key-share lock every application takes on it."""
    return Round.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=round_id)


def _lock_round_to_run(round_id: int, by: User | None) -> Round:
    """``lock_round`` for whoever runs the registration of the round's campaign (the office; an internal
    competition's secretary), refused (403) to anyone else."""
    round_ = lock_round(round_id)
    kinds.require_runner(by, round_.campaign, Step.REGISTRATION, _("Only those who run the registration control it."))
    return round_


def share_round(round_id: int) -> Round | None:
    """The round's row under the key-share lock applying takes (services._ApplyingStatements): for a step that
    applies outside that statement (switching posts), so that it too is decided before a pause or after it."""
    if connection.vendor != "postgresql":
        return Round.objects.filter(pk=round_id).first()
    table = connection.ops.quote_name(Round._meta.db_table)
    return next(iter(Round.objects.raw(f"SELECT * FROM {table} WHERE id = %s FOR KEY SHARE", [round_id])), None)


def _require_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(message)
    return reason


def _require_posts_registering(round_: Round) -> None:
    if not round_.posts.filter(status__in=REGISTERING).exists():
        raise RegistrationError(_("Registration of every post of this round has ended; there is nothing to change."))


def _audit(kind: str, by: User, target, **detail) -> None:
    audit_record(kind=kind, user=by, target=target, **{k: str(v) for k, v in detail.items()})


# --- Who may apply now (called by applying, under the round's lock) ---


def usable_permits(now: datetime.datetime | None = None) -> QuerySet[LateRegistration]:
    return LateRegistration.objects.filter(used_at__isnull=True, valid_until__gt=now or timezone.now())


def applying_allowed(post: Post, *, person_id: int, now: datetime.datetime | None = None) -> LateRegistration | None:
    """Whether the person may apply to ``post`` now; raises RegistrationError with the reason if not.

    Returns the late permit the application consumes (applying after the deadline), or None in the window. The
    caller holds the round's row (key share), so ``post.round``'s pause and deadline are those committed last.
    """
    now = now or timezone.now()
    round_ = post.round if post.round_id else None
    if post.status != Post.Status.REGISTRATION or round_ is None or now < round_.registration_opens:
        raise RegistrationError(NOT_OPEN)
    if round_.paused_since is not None:
        raise RegistrationError(_("Registration is paused: %(reason)s") % {"reason": round_.pause_reason})
    if now < round_.registration_closes:
        return None
    # After the deadline only a permit lets one in. The person's row is locked by the caller, so his own
    # requests take the permit one at a time; the row lock here keeps the office from revoking it meanwhile.
    permit = usable_permits(now).select_for_update(of=("self",)).filter(post=post, person_id=person_id).first()
    if permit is None:
        raise RegistrationError(NOT_OPEN)
    return permit


def permit_use(permit: LateRegistration, application: Application, now: datetime.datetime | None = None) -> None:
    permit.used_at, permit.application = now or timezone.now(), application
    permit.save(update_fields=["used_at", "application"])


def applying_open_to(post: Post, user, now: datetime.datetime | None = None) -> bool:
    """For pages (no lock): whether ``user`` could apply to ``post`` now, by the window or by a permit."""
    now = now or timezone.now()
    if post.status != Post.Status.REGISTRATION or not post.round_id or post.round.paused_since is not None:
        return False
    if post.round.is_open(now):
        return True
    return bool(user and user.is_authenticated) and usable_permits(now).filter(post=post, person__user=user).exists()


def job_may_close(post: Post, round_: Round, now: datetime.datetime | None = None) -> bool:
    """Whether the periodic close may close ``post`` now (``round_`` read under its lock): not while its round is
    paused, not before its (possibly extended) deadline, not while a late permit for it is unused and valid."""
    now = now or timezone.now()
    if round_.paused_since is not None or not round_.has_closed(now):
        return False
    return not usable_permits(now).filter(post=post).exists()


def posts_due_for_closing(now: datetime.datetime | None = None) -> QuerySet[Post]:
    """The posts the periodic close looks at (each is checked again under its locks by ``job_may_close``)."""
    now = now or timezone.now()
    permits = usable_permits(now).filter(post=OuterRef("pk"))
    return Post.objects.filter(
        status=Post.Status.REGISTRATION, round__registration_closes__lte=now, round__paused_since__isnull=True
    ).exclude(Exists(permits))


# --- The office's actions on a round ---


@transaction.atomic
def round_pause(*, round_id: int, by: User, reason: str) -> Round:
    """Stop applying to every post of the round at once, for a reason shown on the board."""
    round_ = _lock_round_to_run(round_id, by)
    reason = _require_reason(reason, _("Say why registration is paused; applicants will read it."))
    if round_.paused_since is not None:
        raise RegistrationError(_("Registration of this round is already paused."))
    _require_posts_registering(round_)
    round_.paused_since, round_.pause_reason = timezone.now(), reason[:500]
    round_.save(update_fields=["paused_since", "pause_reason"])
    RoundEvent.objects.create(round=round_, kind=RoundEvent.Kind.PAUSED, reason=reason, by=by,
                              old_closes=round_.registration_closes)
    _audit(AuditEvent.Kind.REGISTRATION_CONTROL, by, round_, action="paused", reason=reason)
    return round_


@transaction.atomic
def round_resume(*, round_id: int, by: User, reason: str = "") -> Round:
    """Let applying go on. The deadline stays; if it passed during the pause, extend it."""
    round_ = _lock_round_to_run(round_id, by)
    if round_.paused_since is None:
        raise RegistrationError(_("Registration of this round is not paused."))
    round_.paused_since, round_.pause_reason = None, ""
    round_.save(update_fields=["paused_since", "pause_reason"])
    reason = (reason or "").strip()
    RoundEvent.objects.create(round=round_, kind=RoundEvent.Kind.RESUMED, reason=reason, by=by,
                              old_closes=round_.registration_closes)
    _audit(AuditEvent.Kind.REGISTRATION_CONTROL, by, round_, action="resumed", reason=reason)
    return round_


@transaction.atomic
def round_extend(*, round_id: int, by: User, new_closes: datetime.datetime, reason: str) -> Round:
    """Move the round's deadline later (also after it passed, while its posts are still in registration); everyone
    with a live application in the round is told the new deadline."""
    round_ = _lock_round_to_run(round_id, by)
    reason = _require_reason(reason, _("Say why the deadline is extended."))
    _require_posts_registering(round_)
    old = round_.registration_closes
    if new_closes <= old:
        raise RegistrationError(_("The new deadline must be later than the present one (%(closes)s).")
                                % {"closes": timezone.localtime(old).strftime("%Y-%m-%d %H:%M")})
    if new_closes <= timezone.now():
        raise RegistrationError(_("The new deadline must be in the future."))
    round_.registration_closes = new_closes
    round_.save(update_fields=["registration_closes"])
    RoundEvent.objects.create(round=round_, kind=RoundEvent.Kind.EXTENDED, reason=reason, by=by,
                              old_closes=old, new_closes=new_closes)
    _audit(AuditEvent.Kind.REGISTRATION_CONTROL, by, round_, action="extended", reason=reason,
           old_closes=old.isoformat(), new_closes=new_closes.isoformat())
    applications = Application.objects.filter(
        round=round_, status__in=LIVE_APPLICATIONS, post__status__in=REGISTERING, person__user__isnull=False
    ).select_related("person__user")
    users = [application.person.user for application in applications]
    if users:
        notify(
            recipients=users,
            subject=Text(gettext_lazy("The registration deadline of %(round)s is extended to %(closes)s"),
                         round=round_, closes=new_closes),
            body=Paragraphs(
                Text(gettext_lazy("The registration deadline of %(round)s has been extended from %(old)s to %(closes)s."), round=round_, old=old, closes=new_closes),
                Text(gettext_lazy("Reason: %(reason)s"), reason=reason),
                gettext_lazy("Your application stands; you may still change or withdraw it until the new deadline."),
            ),
            url=reverse("registration:my_applications"),
            kind="registration_extended",
        )
    return round_


@transaction.atomic
def late_registration_grant(
    *, post_id: int, person_id: int, by: User, reason: str, valid_until: datetime.datetime
) -> LateRegistration:
    """Let one person apply to one post after its deadline, once, until ``valid_until``; logged in the audit
    trail. The post's row is locked, as the periodic close locks it, so the close cannot slip in between."""
    post = lock_post(post_id)
    kinds.require_runner(by, post.campaign, Step.REGISTRATION, _("Only those who run the registration permit late registration."))
    reason = _require_reason(reason, _("Say why this person may register late."))
    if post.status != Post.Status.REGISTRATION:
        raise RegistrationError(
            _("The post is now “%(status)s”; late registration is possible only while it is in registration.")
            % {"status": post.get_status_display()}
        )
    if valid_until <= timezone.now():
        raise RegistrationError(_("The permit must be valid until a time in the future."))
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise RegistrationError(_("No such person."))
    if Application.objects.filter(post=post, person=person, status__in=LIVE_APPLICATIONS).exists():
        raise RegistrationError(_("%(name)s has already applied to this post.") % {"name": person.name})
    if LateRegistration.objects.filter(post=post, person=person, used_at__isnull=True).exists():
        raise RegistrationError(_("%(name)s already holds an unused permit for this post.") % {"name": person.name})
    permit = LateRegistration.objects.create(
        post=post, person=person, reason=reason, valid_until=valid_until, granted_by=by
    )
    _audit(AuditEvent.Kind.LATE_REGISTRATION, by, permit, post=post.pk, person=person.pk, reason=reason,
           valid_until=valid_until.isoformat())
    if person.user_id:
        notify(
            recipients=[person.user],
            subject=Text(gettext_lazy("You may register late for %(post)s"), post=post),
            body=Paragraphs(
                Text(gettext_lazy("You may apply to %(post)s after its registration deadline, once, until %(until)s."), post=post, until=valid_until),
                Text(gettext_lazy("Reason: %(reason)s"), reason=reason),
            ),
            url=reverse("registration:board_post", args=[post.pk]),
            kind="late_registration",
        )
    return permit


def round_history(round_: Round) -> dict:
    """What the round page shows of the control: its events and its permits."""
    return {
        "events": list(round_.events.select_related("by")),
        "permits": list(
            LateRegistration.objects.filter(post__round=round_).select_related("post__unit", "person", "granted_by")
        ),
        "registering_posts": list(round_.posts.filter(status__in=REGISTERING).select_related("unit")),
    }
