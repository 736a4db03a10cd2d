"""Step 4, the interview (面试): examiner pool, recusal, sessions, lot draw, question bank, blind scoring,
score sheets and ranking.

A session goes planned → started → closed → published. While planned the office sets its examiners,
draws the candidates' order and picks its questions; starting needs enough eligible examiners for every
candidate; while started each examiner scores (blind: they see only their own scores); closing locks the
scores (only the office corrects them afterwards, with a reason, logged); publishing writes each post's
ranking into its applications and, once every session of a post is published, moves the post on to
democratic evaluation through ``competition.workflow``.
"""

import logging
import secrets
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.rules import require_office
from competition.interviews.rules import InterviewError, draw_order, new_seed, parse_score
from competition.models import (
    Application,
    Examiner,
    ExaminerRelative,
    InterviewEvent,
    InterviewSession,
    InterviewSlot,
    Post,
    Question,
    Recusal,
    ScoreDimension,
)

logger = logging.getLogger(__name__)

Status = InterviewSession.Status
THOUSANDTH = Decimal("0.001")
HUNDREDTH = Decimal("0.01")


# --- Recusal ---------------------------------------------------------------------------------------------


def recusals(session):
    """``{(examiner_id, application_id): reason}`` for the session: same unit, declared relative, office."""
    examiners = list(session.examiners.all())
    slots = list(session.slots.select_related("application__person"))
    result = {}
    relatives = {
        (r.examiner_id, r.person_id): r.get_kind_display()
        for r in ExaminerRelative.objects.filter(
            examiner__in=examiners, person__in=[slot.application.person_id for slot in slots]
        )
    }
    for examiner in examiners:
        for slot in slots:
            application = slot.application
            units = {application.applicant_unit_id, application.person.current_unit_id} - {None}
            if examiner.unit_id and examiner.unit_id in units:
                result[(examiner.pk, application.pk)] = _("Same unit as the candidate")
            elif (examiner.pk, application.person_id) in relatives:
                result[(examiner.pk, application.pk)] = _("Declared relative: %(kind)s") % {
                    "kind": relatives[(examiner.pk, application.person_id)]
                }
    for recusal in session.recusals.all():
        result.setdefault((recusal.examiner_id, recusal.application_id), recusal.reason)
    return result


def log_event(session, kind, detail, by):
    InterviewEvent.objects.create(session=session, kind=kind, detail=detail, by=by if by and by.pk else None)
    logger.info("interview session %s: %s %s", session.pk, kind, detail)


def lock_session(session_id, *statuses):
    """The session's row, locked (its campaign read, not locked), refused unless it is in one of ``statuses``."""
    session = InterviewSession.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=session_id)
    if statuses and session.status not in statuses:
        raise InterviewError(
            _("The session is now “%(status)s”; this is no longer possible.") % {"status": session.get_status_display()}
        )
    return session


# --- The pool and the bank -------------------------------------------------------------------------------


@transaction.atomic
def examiner_create(*, by, name, unit=None, title="", specialties="", user=None):
    require_office(by, _("Only the competition office may do this."))
    return Examiner.objects.create(name=name, unit=unit, title=title, specialties=specialties, user=user)


@transaction.atomic
def examiner_add_relative(*, examiner_id, person, kind, by):
    require_office(by, _("Only the competition office may do this."))
    examiner = Examiner.objects.select_for_update().get(pk=examiner_id)
    relative, _created = ExaminerRelative.objects.update_or_create(
        examiner=examiner, person=person, defaults={"kind": kind}
    )
    return relative


@transaction.atomic
def question_create(*, by, category, text, unit_kind="", notes=""):
    require_office(by, _("Only the competition office may do this."))
    return Question.objects.create(category=category, text=text, unit_kind=unit_kind, notes=notes)


def questions_visible(session, user):
    """The session's questions: the office always, the session's examiners once it has started."""
    if roles.is_office(user):
        return session.questions.all()
    if session.status != Status.PLANNED and roles.is_examiner(user) and session.examiners.filter(pk=user.examiner.pk).exists():
        return session.questions.all()
    return Question.objects.none()


# --- Sessions --------------------------------------------------------------------------------------------


def interviewable_posts(campaign):
    return campaign.posts.filter(status=Post.Status.INTERVIEW).select_related("unit")


@transaction.atomic
def session_create(*, campaign, name, posts, by, date=None, start_time=None, venue=""):
    """A session for one post or several posts of the same kind of unit, with their qualified candidates."""
    require_office(by, _("Only the competition office may do this."))
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
    applications = Application.objects.filter(post__in=posts, status=Application.Status.QUALIFIED).exclude(
        interview_slots__isnull=False
    )
    InterviewSlot.objects.bulk_create([InterviewSlot(session=session, application=a) for a in applications])
    log_event(session, "created", ", ".join(str(p) for p in posts), by)
    return session


@transaction.atomic
def session_set_examiners(*, session_id, examiner_ids, by):
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.PLANNED)
    examiners = list(Examiner.objects.filter(pk__in=examiner_ids, active=True))
    if len(examiners) != len(set(examiner_ids)):
        raise InterviewError(_("Choose examiners from the pool."))
    session.examiners.set(examiners)
    log_event(session, "examiners", ", ".join(e.name for e in examiners), by)
    return session


@transaction.atomic
def session_add_recusal(*, session_id, examiner_id, application_id, reason, by):
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.PLANNED, Status.STARTED)
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


def parse_dimensions(text):
    """``[(name, weight)]`` from lines like “综合分析 30”; InterviewError naming the bad line."""
    dimensions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, weight = line.strip().rpartition(" ")
        try:
            weight = int(weight)
        except ValueError:
            weight = 0
        if not name.strip() or not 1 <= weight <= 100 or len(name.strip()) > 50:
            raise InterviewError(_("Line %(n)s: write a name, a space and a weight from 1 to 100.") % {"n": number})
        if name.strip() in [d[0] for d in dimensions]:
            raise InterviewError(_("Line %(n)s: this dimension appears twice.") % {"n": number})
        dimensions.append((name.strip(), weight))
    return dimensions


@transaction.atomic
def session_set_dimensions(*, session_id, dimensions, by):
    """Replace the session's scoring dimensions (empty: a single total). Only before the session starts."""
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.PLANNED)
    session.dimensions.all().delete()
    ScoreDimension.objects.bulk_create(
        [ScoreDimension(session=session, name=name, weight=weight, position=i) for i, (name, weight) in enumerate(dimensions)]
    )
    log_event(session, "dimensions", ", ".join(f"{name} {weight}" for name, weight in dimensions), by)
    return session


@transaction.atomic
def session_draw(*, session_id, by):
    """Draw the candidates' order by lot, once: a random seed, recorded and logged, decides it."""
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.PLANNED)
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


def verify_draw(session):
    """True when the recorded order is the one the recorded seed gives."""
    slots = list(session.slots.all())
    expected = draw_order(session.draw_seed, [slot.application_id for slot in slots])
    return [slot.application_id for slot in sorted(slots, key=lambda s: s.order or 0)] == expected


@transaction.atomic
def session_pick_questions(*, session_id, question_ids, by):
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.PLANNED)
    questions = list(Question.objects.filter(pk__in=question_ids, active=True))
    session.questions.set(questions)
    log_event(session, "questions", f"picked {len(questions)}", by)
    return session


def questions_for(session):
    kinds = {post.unit.kind for post in session.posts.select_related("unit")}
    return Question.objects.filter(active=True).filter(Q(unit_kind="") | Q(unit_kind__in=kinds))


@transaction.atomic
def session_draw_questions(*, session_id, count, by, category=""):
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.PLANNED)
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
def slot_set_absent(*, session_id, slot_id, absent, by):
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.PLANNED, Status.STARTED)
    slot = get_object_or_404(session.slots, pk=slot_id)
    if absent and session.scores.filter(application_id=slot.application_id).exists():
        raise InterviewError(_("This candidate already has scores."))
    slot.absent = absent
    slot.save(update_fields=["absent"])
    log_event(session, "absent" if absent else "present", str(slot.application_id), by)
    return slot


@transaction.atomic
def slot_set_written_score(*, session_id, slot_id, value, by):
    """The office records a candidate's written exam score (blank clears it), until the results are published."""
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.PLANNED, Status.STARTED, Status.CLOSED)
    slot = get_object_or_404(session.slots, pk=slot_id)
    old = slot.written_score
    slot.written_score = parse_score(value) if str(value).strip() else None
    slot.save(update_fields=["written_score"])
    log_event(session, "written", f"application {slot.application_id}: {old} → {slot.written_score}", by)
    return slot


def eligibility_problems(session):
    """Why the session cannot start: too few examiners, or too few eligible for some candidate."""
    needed = session.campaign.examiners_per_session
    examiner_ids = list(session.examiners.values_list("pk", flat=True))
    problems = []
    if len(examiner_ids) < needed:
        problems.append(_("The session needs at least %(n)s examiners.") % {"n": needed})
    recused = recusals(session)
    for slot in session.slots.filter(absent=False).select_related("application__person"):
        eligible = [e for e in examiner_ids if (e, slot.application_id) not in recused]
        if len(eligible) < needed:
            problems.append(
                _("%(name)s has only %(eligible)s eligible examiners (at least %(n)s needed).")
                % {"name": slot.application.person.name, "eligible": len(eligible), "n": needed}
            )
    return problems


@transaction.atomic
def session_start(*, session_id, by):
    require_office(by, _("Only the competition office may do this."))
    session = lock_session(session_id, Status.PLANNED)
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


def _notify_examiners(session):
    from django.urls import reverse

    from notifications.services import notify

    users = [examiner.user for examiner in session.examiners.select_related("user") if examiner.user_id]
    if users:
        notify(
            recipients=users,
            subject=_("Interview session %(name)s has started: you can score now") % {"name": session.name},
            url=reverse("interviews:examiner_score", args=[session.pk]),
            kind="interview_started",
        )
