"""Step 4, the interview (面试): the examiner pool, the question bank, and a session until it starts.

A session goes planned → started → closed → published. While planned the office sets its examiners, its
scoring dimensions and its questions, records recusals and draws the candidates' order; starting needs enough
eligible examiners for every candidate. Scoring, the close and the publication are in ``scoring``, the paper
score sheet in ``sheets``, the reads in ``selectors``. Every change to a session locks its row and is logged
(``journal``).
"""

import datetime
import secrets
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.rules import require_office
from accounts.services import account_create, invitation_token
from accounts.tasks import send_mail
from audit.models import AuditEvent
from audit.services import audit_record
from competition import kinds
from competition.interviews.journal import lock_session_to_run, log_event
from competition.interviews.rules import InterviewError, draw_order, new_seed, parse_score
from competition.interviews.selectors import eligibility_problems, questions_for, session_conflicts
from competition.models import (
    Application,
    Campaign,
    Examiner,
    ExaminerRelative,
    InterviewSession,
    InterviewSlot,
    Person,
    Post,
    Question,
    Recusal,
    ScoreDimension,
    Unit,
)
from notifications.messages import Text, language_of, render

Status = InterviewSession.Status


def _lock_examiner(examiner_id: int) -> Examiner:
    return Examiner.objects.select_for_update(of=("self",)).get(pk=examiner_id)


def _session_slot(session: InterviewSession, slot_id: int) -> InterviewSlot:
    """A slot of the locked session (the session's row lock covers its slots)."""
    slot = session.slots.filter(pk=slot_id).first()
    if slot is None:
        raise InterviewError(_("This candidate is not in the session."))
    return slot


# --- The pool and the bank -------------------------------------------------------------------------------


@transaction.atomic
def examiner_create(
    *, by: User, name: str, unit: Unit | None = None, title: str = "", specialties: str = "", user: User | None = None
) -> Examiner:
    require_office(by, _("Only the competition office may do this."))
    return Examiner.objects.create(name=name, unit=unit, title=title, specialties=specialties, user=user)


# --- Examiner accounts: the office gives an examiner of the pool a login -------------------------------------

INVITED, ONE_TIME_PASSWORD = "invite", "password"


def _examiner_without_account(examiner_id: int) -> Examiner:
    examiner = _lock_examiner(examiner_id)
    if examiner.user_id:
        raise InterviewError(_("This examiner has an account already."))
    return examiner


def _audit_examiner_account(examiner: Examiner, user: User, method: str, by: User, client_address: str | None) -> None:
    audit_record(
        kind=AuditEvent.Kind.EXAMINER_ACCOUNT,
        user=by,
        ip_address=client_address,
        path=reverse("interviews:examiner_detail", args=[examiner.pk]),
        examiner=examiner.pk,
        account=user.get_username(),
        method=method,
    )


@transaction.atomic
def examiner_account_create(
    *,
    examiner_id: int,
    username: str,
    email: str,
    method: str,
    invite_url_for: Callable[[str], str],
    by: User,
    client_address: str | None = None,
) -> tuple[Examiner, str]:
    """Create the examiner's login. ``method`` INVITED mails a signed link (valid seven days, spent once) that sets
    the password; ONE_TIME_PASSWORD returns a password for the office to print, to be changed at first login.
    Returns the examiner and the one-time password ("" for an invitation); the password is not stored in clear."""
    require_office(by, _("Only the competition office may do this."))
    examiner = _examiner_without_account(examiner_id)
    username, email = username.strip(), email.strip()
    if method == INVITED and not email:
        raise InterviewError(_("An invitation needs the examiner's email address."))
    if User.objects.filter(username__iexact=username).exists():
        raise InterviewError(_("This login name is taken; choose another."))
    try:
        with transaction.atomic():
            user, password = account_create(
                username=username, full_name=examiner.name, email=email, one_time=method == ONE_TIME_PASSWORD
            )
    except IntegrityError:  # the same name taken in the same instant
        raise InterviewError(_("This login name is taken; choose another.")) from None
    examiner.user = user
    examiner.save(update_fields=["user"])
    if method == INVITED:
        link = invite_url_for(invitation_token(user))
        language = language_of(user)
        subject = Text(gettext_lazy("Your examiner's account for the competition"))
        body = Text(
            gettext_lazy(
                "%(name)s, the competition office has added you to the examiner pool and created your account, "
                "login name %(username)s. Follow this link within seven days to choose your password: %(link)s\n\n"
                "You will then be told of each interview session you are assigned to, and score on the session's page."
            ),
            name=examiner.name,
            username=username,
            link=link,
        )
        send_mail.delay_on_commit(subject=render(subject, language), body=render(body, language), recipients=[email])
    _audit_examiner_account(examiner, user, method, by, client_address)
    return examiner, password


@transaction.atomic
def examiner_account_attach(*, examiner_id: int, username: str, by: User, client_address: str | None = None) -> Examiner:
    """Give the examiner an existing active account (one no other examiner holds)."""
    require_office(by, _("Only the competition office may do this."))
    examiner = _examiner_without_account(examiner_id)
    user = User.objects.select_for_update(of=("self",)).filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise InterviewError(_("No active account with this login name."))
    if Examiner.objects.filter(user=user).exists():
        raise InterviewError(_("This account already belongs to an examiner."))
    examiner.user = user
    examiner.save(update_fields=["user"])
    _audit_examiner_account(examiner, user, "attach", by, client_address)
    return examiner


@transaction.atomic
def examiner_add_relative(*, examiner_id: int, person: Person, kind: str, by: User) -> ExaminerRelative:
    require_office(by, _("Only the competition office may do this."))
    examiner = _lock_examiner(examiner_id)
    relative, _created = ExaminerRelative.objects.update_or_create(
        examiner=examiner, person=person, defaults={"kind": kind}
    )
    return relative


@transaction.atomic
def question_create(*, by: User, category: str, text: str, unit_kind: str = "", notes: str = "") -> Question:
    require_office(by, _("Only the competition office may do this."))
    return Question.objects.create(category=category, text=text, unit_kind=unit_kind, notes=notes)


# --- Sessions --------------------------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    campaign: Campaign,
    name: str,
    posts: Iterable[Post],
    by: User,
    date: datetime.date | None = None,
    start_time: datetime.time | None = None,
    venue: str = "",
) -> InterviewSession:
    """A session for one post or several posts of the same kind of unit, with their qualified candidates."""
    kinds.require_runner(by, campaign, kinds.Step.INTERVIEW)
    posts = list(posts)
    if not posts:
        raise InterviewError(_("Choose at least one post."))
    for post in posts:
        if post.campaign_id != campaign.pk or post.status != Post.Status.INTERVIEW:
            raise InterviewError(_("“%(post)s” is not at the interview step of this campaign.") % {"post": post})
    if len({post.unit.kind for post in posts}) > 1:
        raise InterviewError(_("The posts of one session must be of the same kind."))
    if InterviewSession.objects.filter(campaign=campaign, name=name).exists():
        raise InterviewError(_("This campaign already has a session of that name."))
    session = InterviewSession.objects.create(
        campaign=campaign, name=name, date=date, start_time=start_time, venue=venue
    )
    session.posts.set(posts)
    # Those the written exam cut (competition.written) have ended with their outcome: only those in the running.
    applications = Application.objects.filter(
        post__in=posts, status=Application.Status.QUALIFIED, outcome=Application.Outcome.IN_PROGRESS
    ).exclude(interview_slots__isnull=False)
    InterviewSlot.objects.bulk_create([InterviewSlot(session=session, application=a) for a in applications])
    log_event(session, "created", ", ".join(str(p) for p in posts), by)
    return session


@transaction.atomic
def session_set_examiners(*, session_id: int, examiner_ids: Iterable[int], by: User) -> InterviewSession:
    session = lock_session_to_run(session_id, Status.PLANNED, by=by)
    wanted = set(examiner_ids)
    examiners = list(Examiner.objects.filter(pk__in=wanted, active=True))
    if len(examiners) != len(wanted):
        raise InterviewError(_("Choose examiners from the pool."))
    session.examiners.set(examiners)
    log_event(session, "examiners", ", ".join(e.name for e in examiners), by)
    conflicts = session_conflicts(session)
    if conflicts:
        transaction.on_commit(lambda: _notify_office_of_conflicts(session, conflicts))
    return session


def _notify_office_of_conflicts(session: InterviewSession, conflicts: list[tuple[Examiner, Application]]) -> None:
    """Tell the office that examiners of the session applied in its campaign themselves (they are recused from
    their own applications; the office decides whether they should examine at all)."""
    from notifications.registry import office_users
    from notifications.services import notify

    names = "; ".join(f"{examiner.name} ({application.post})" for examiner, application in conflicts)
    notify(
        recipients=office_users(),
        subject=_("Examiners of %(session)s applied in the same campaign: %(names)s") % {"session": session.name, "names": names},
        url=reverse("interviews:session_detail", args=[session.pk]),
        kind="examiner_conflict",
    )


@transaction.atomic
def session_add_recusal(*, session_id: int, examiner_id: int, application_id: int, reason: str, by: User) -> Recusal:
    session = lock_session_to_run(session_id, Status.PLANNED, Status.STARTED, by=by)
    if not reason.strip():
        raise InterviewError(_("Please give a reason."))
    if not session.examiners.filter(pk=examiner_id).exists() or not session.slots.filter(
        application_id=application_id
    ).exists():
        raise InterviewError(_("Choose an examiner and a candidate of this session."))
    if session.scores.filter(examiner_id=examiner_id, application_id=application_id).exists():
        raise InterviewError(_("This examiner has already scored this candidate."))
    recusal, _created = Recusal.objects.get_or_create(
        session=session, examiner_id=examiner_id, application_id=application_id, defaults={"reason": reason, "by": by}
    )
    log_event(session, "recusal", f"examiner {examiner_id} / application {application_id}: {reason}", by)
    return recusal


@transaction.atomic
def session_set_dimensions(*, session_id: int, dimensions: Iterable[tuple[str, int]], by: User) -> InterviewSession:
    """Replace the session's scoring dimensions (empty: a single total). Only before the session starts."""
    session = lock_session_to_run(session_id, Status.PLANNED, by=by)
    named = list(dimensions)
    session.dimensions.all().delete()
    ScoreDimension.objects.bulk_create(
        [ScoreDimension(session=session, name=name, weight=weight, position=i) for i, (name, weight) in enumerate(named)]
    )
    log_event(session, "dimensions", ", ".join(f"{name} {weight}" for name, weight in named), by)
    return session


@transaction.atomic
def session_draw(*, session_id: int, by: User) -> InterviewSession:
    """Draw the candidates' order by lot, once: a random seed, recorded and logged, decides it."""
    session = lock_session_to_run(session_id, Status.PLANNED, by=by)
    if session.draw_seed:
        raise InterviewError(_("The order has already been drawn."))
    slots = {slot.application_id: slot for slot in session.slots.all()}
    if not slots:
        raise InterviewError(_("The session has no candidates."))
    seed = new_seed()
    order = draw_order(seed, slots)
    for number, application_id in enumerate(order, start=1):
        slots[application_id].order = number
    InterviewSlot.objects.bulk_update(slots.values(), ["order"])
    session.draw_seed = seed
    session.drawn_at = timezone.now()
    session.save(update_fields=["draw_seed", "drawn_at"])
    log_event(session, "draw", f"seed={seed} order={order}", by)
    return session


@transaction.atomic
def session_pick_questions(*, session_id: int, question_ids: Iterable[int], by: User) -> InterviewSession:
    session = lock_session_to_run(session_id, Status.PLANNED, by=by)
    questions = list(Question.objects.filter(pk__in=question_ids, active=True))
    session.questions.set(questions)
    log_event(session, "questions", f"picked {len(questions)}", by)
    return session


@transaction.atomic
def session_draw_questions(*, session_id: int, count: int, by: User, category: str = "") -> InterviewSession:
    session = lock_session_to_run(session_id, Status.PLANNED, by=by)
    pool = questions_for(session)
    if category:
        pool = pool.filter(category=category)
    ids = list(pool.values_list("pk", flat=True))
    if count < 1 or count > len(ids):
        raise InterviewError(_("The bank has %(n)s suitable questions.") % {"n": len(ids)})
    chosen = secrets.SystemRandom().sample(ids, count)
    session.questions.set(chosen)
    log_event(session, "questions", f"drew {sorted(chosen)}", by)
    return session


@transaction.atomic
def slot_set_absent(*, session_id: int, slot_id: int, absent: bool, by: User) -> InterviewSlot:
    session = lock_session_to_run(session_id, Status.PLANNED, Status.STARTED, by=by)
    slot = _session_slot(session, slot_id)
    if absent and session.scores.filter(application_id=slot.application_id).exists():
        raise InterviewError(_("This candidate already has scores."))
    slot.absent = absent
    slot.save(update_fields=["absent"])
    log_event(session, "absent" if absent else "present", str(slot.application_id), by)
    return slot


@transaction.atomic
def slot_set_written_score(*, session_id: int, slot_id: int, value: object, by: User) -> InterviewSlot:
    """The office records a candidate's written exam score (blank clears it), until the results are published."""
    session = lock_session_to_run(session_id, Status.PLANNED, Status.STARTED, Status.CLOSED, by=by)
    if session.campaign.has_written_exam:
        raise InterviewError(_("This campaign holds a written exam: its marks come from the written exam's results."))
    slot = _session_slot(session, slot_id)
    old = slot.written_score
    slot.written_score = parse_score(value) if str(value).strip() else None
    slot.save(update_fields=["written_score"])
    log_event(session, "written", f"application {slot.application_id}: {old} → {slot.written_score}", by)
    return slot


@transaction.atomic
def session_start(*, session_id: int, by: User) -> InterviewSession:
    session = lock_session_to_run(session_id, Status.PLANNED, by=by)
    if not session.draw_seed:
        raise InterviewError(_("Draw the candidates' order first."))
    problems = eligibility_problems(session)
    if problems:
        raise InterviewError(" ".join(problems))
    session.status = Status.STARTED
    session.started_at = timezone.now()
    session.save(update_fields=["status", "started_at"])
    log_event(session, "started", "", by)
    _notify_examiners(session)
    return session


def _notify_examiners(session: InterviewSession) -> None:
    from notifications.messages import Text
    from notifications.services import notify

    users = [examiner.user for examiner in session.examiners.select_related("user") if examiner.user_id]
    if users:
        notify(
            recipients=users,
            subject=Text(gettext_lazy("Interview session %(name)s has started: you can score now"), name=session.name),
            body=Text(
                gettext_lazy(
                    "The competition office has started interview session %(name)s of %(day)s, to which you are assigned "
                    "as an examiner. Open the scoring page, score each candidate on every dimension as he is heard, and "
                    "submit your scores; you score independently and see no other examiner's scores. If you are related "
                    "to a candidate or work in his unit, tell the office before scoring him."
                ),
                name=session.name,
                day=session.date,
            ),
            url=reverse("interviews:examiner_score", args=[session.pk]),
            kind="interview_started",
        )
