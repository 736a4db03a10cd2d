"""Terms and what happens to them: start, certificates, goals, reviews, assessments, termination, exit, flags.

Each action is a service function ``<entity>_<action>(*, ..., by)`` that checks the permission, locks the rows
it changes and saves in one transaction. Reappointment of posts not competed is in ``tenure.reappointment``,
the term change (换届) in ``tenure.term_change``.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import DateField, Exists, ExpressionWrapper, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.models import User
from competition.models import Application, LeadershipLevel, Person, Position, Post, Unit
from competition.models.units import Level
from core import dates
from core.exceptions import ActionRefused
from tenure.models import (
    AnnualReview,
    Certificate,
    Exit,
    ProbationAssessment,
    Rating,
    Term,
    TermAssessment,
    TermGoal,
    TerminationReason,
)


class TenureError(ActionRefused):
    """An action that cannot happen now; the message is for the user."""


TERM_YEARS = 5
PROBATION_YEARS = 1


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def is_promotion(application: Application) -> bool:
    """Anyone who did not already hold a section-level leadership post is promoted; the others are exchanged."""
    return application.applicant_leadership_level != LeadershipLevel.SECTION


@transaction.atomic
def term_start_on_appointment(*, application: Application, starts_on: datetime.date) -> Term:
    """Start the appointee's term on ``starts_on`` (the appointment document's effective date, once the appointment
    formalities are complete); end their earlier serving term there.

    The term ends on the campaign's unified end date, or five years later; a promotion has a one-year probation.
    """
    post = application.post
    end = post.campaign.unified_term_end or _years_later(starts_on, TERM_YEARS)
    if end <= starts_on:
        end = _years_later(starts_on, TERM_YEARS)
    current = (Term.Status.SERVING, Term.Status.PROBATION)
    earlier_ids = Term.objects.filter(person=application.person, ended_on__isnull=True, status__in=current)
    for earlier in map(lock_term, list(earlier_ids.values_list("pk", flat=True))):
        if earlier.ended_on is not None or earlier.status not in current:  # it ended before we held the lock
            continue
        earlier.ended_on = starts_on
        earlier.status = Term.Status.ENDED
        earlier.end_reason = "new appointment"
        earlier.save(update_fields=["ended_on", "status", "end_reason"])
    promoted = is_promotion(application)
    term, _created = Term.objects.get_or_create(
        post=post,
        person=application.person,
        defaults={
            "position": post.position,
            "unit": post.unit,
            "origin": Term.Origin.COMPETITION,
            "start": starts_on,
            "end": end,
            "probation_end": _years_later(starts_on, PROBATION_YEARS) if promoted else None,
            "status": Term.Status.PROBATION if promoted else Term.Status.SERVING,
        },
    )
    if _created:
        _person_takes_up(application.person, post, starts_on)
        _carry_term_goals(post, term)
    return term


# "1. ", "2、", "（3）", "- ": the numbering units put before each goal of a post.
_GOAL_NUMBERING = re.compile(r"^\s*(?:[-•·*]|[（(]\d+[)）]|\d+(?:[、)）]|[.．](?!\d)))\s*")


def _carry_term_goals(post: Post, term: Term) -> None:
    """The post's term goals (任期目标), one per line as the unit wrote them, become the term's goals."""
    goals = [_GOAL_NUMBERING.sub("", line).strip() for line in (post.term_goals or "").splitlines()]
    TermGoal.objects.bulk_create([TermGoal(term=term, goal=goal) for goal in goals if goal])


def _person_takes_up(person: Person, post: Post, day: datetime.date) -> None:
    """The appointee's profile now shows the new post: unit, position, and the leadership level it carries.

    Statistics keep reading the situation at the time of applying (Application.applicant_*), so they do not move.
    """
    fields = {"current_unit": post.unit, "current_unit_other": "", "current_position": post.title}
    if post.level in LeadershipLevel.values and post.level and post.level != person.leadership_level:
        # A new leadership level (a promotion, or a grade's holder taking a leadership post): counted from today.
        fields.update(leadership_level=post.level, rank_since=day)
    for name, value in fields.items():
        setattr(person, name, value)
    person.save(update_fields=list(fields))


def terms_advance_statuses(day: datetime.date | None = None) -> int:
    """Bring term statuses up to ``day``: past the scheduled end → ended. Returns how many ended.

    A probation does not end by itself: it ends with its assessment (``probation_assess``), which the reminder
    ``probation_ending`` asks for. A conditional UPDATE, so running it twice (or in two workers) changes nothing more.
    """
    day = day or timezone.localdate()
    return Term.objects.current().filter(end__lt=day).update(
        status=Term.Status.ENDED, ended_on=F("end"), end_reason="term expired"
    )


# --- Permissions and locks ---


def require_term_manager(user: User, term: Term) -> None:
    """Refuse (403) anyone but the office and the term's unit secretary."""
    roles.require(roles.is_office_or_unit_secretary_of, user, term, _("You may manage only your own unit's terms."))


def lock_term(term_id: int) -> Term:
    """The term's row (only its own), locked until the transaction ends: the one lock of a term."""
    return Term.objects.select_for_update(of=("self",)).select_related("person", "position", "unit").get(pk=term_id)


def _lock_unit(unit_id: int) -> Unit:
    return Unit.objects.select_for_update(of=("self",)).get(pk=unit_id)


def _lock_exit(term: Term) -> Exit:
    record, _created = Exit.objects.select_for_update(of=("self",)).get_or_create(term=term)
    return record


# --- Certificates (聘书) ---


def certified_serving_count(unit: Unit, *, excluding_term: Term | None = None) -> int:
    """Serving section-chief terms of ``unit`` that hold a certificate: what the quota bounds."""
    queryset = Term.objects.current().section_chiefs().filter(unit=unit, certificate__isnull=False)
    if excluding_term is not None:
        queryset = queryset.exclude(pk=excluding_term.pk)
    return queryset.count()


@transaction.atomic
def certificate_issue(*, term_id: int, by: User | None, issued_on: datetime.date | None = None) -> Certificate:
    """Issue the term's certificate with the next number of its unit and year.

    The unit's row is locked first, so two issues for the same unit run one after the other: the quota count
    and the next number both see the other's certificate (the unique constraint backs the numbering).
    """
    term = lock_term(term_id)
    if by is not None:
        require_term_manager(by, term)
    unit = _lock_unit(term.unit_id)
    if Certificate.objects.filter(term=term).exists():
        raise TenureError(_("This term already has its certificate."))
    if term.status not in (Term.Status.PROBATION, Term.Status.SERVING) or term.ended_on is not None:
        raise TenureError(_("A certificate is issued only for a current term."))
    issued_on = issued_on or timezone.localdate()
    is_section_chief = term.position.level == Level.SECTION and term.position.is_leadership
    if is_section_chief and certified_serving_count(unit, excluding_term=term) >= unit.leadership_quota:
        raise TenureError(
            _("%(unit)s already has %(quota)s certified section chiefs, its approved quota.")
            % {"unit": unit.name, "quota": unit.leadership_quota}
        )
    year = issued_on.year
    last = Certificate.objects.filter(unit=unit, year=year).aggregate(n=Max("number"))["n"] or 0
    return Certificate.objects.create(
        term=term, unit=unit, year=year, number=last + 1, issued_on=issued_on, issued_by=by
    )


# --- Goals, reviews, assessment ---


@transaction.atomic
def term_goal_add(*, term_id: int, goal: str, measures: str = "", by: User) -> TermGoal:
    term = lock_term(term_id)
    require_term_manager(by, term)
    if not goal.strip():
        raise TenureError(_("Please describe the goal."))
    return TermGoal.objects.create(term=term, goal=goal.strip(), measures=measures.strip())


@transaction.atomic
def term_goal_delete(*, goal_id: int, by: User) -> None:
    goal = TermGoal.objects.select_related("term__unit").get(pk=goal_id)
    require_term_manager(by, goal.term)
    goal.delete()


@transaction.atomic
def annual_review_record(*, term_id: int, year: int, rating: str, notes: str = "", by: User) -> AnnualReview:
    """Record (or correct) the review of one year of the term."""
    term = lock_term(term_id)
    require_term_manager(by, term)
    if rating not in Rating.values:
        raise TenureError(_("Please choose a rating."))
    if not (term.start.year <= year <= term.end.year):
        raise TenureError(_("The year must fall within the term (%(start)s–%(end)s).") % {
            "start": term.start.year, "end": term.end.year})
    review, _created = AnnualReview.objects.update_or_create(
        term=term, year=year, defaults={"rating": rating, "notes": notes}
    )
    return review


@transaction.atomic
def term_assessment_record(
    *, term_id: int, rating: str, assessed_on: datetime.date, notes: str = "", by: User
) -> TermAssessment:
    """The term-end assessment; recording it again corrects it."""
    term = lock_term(term_id)
    require_term_manager(by, term)
    if rating not in Rating.values:
        raise TenureError(_("Please choose a rating."))
    if assessed_on < term.start:
        raise TenureError(_("The assessment cannot come before the term started."))
    assessment, _created = TermAssessment.objects.update_or_create(
        term=term, defaults={"rating": rating, "assessed_on": assessed_on, "notes": notes, "recorded_by": by}
    )
    return assessment


def latest_assessment(person: Person) -> TermAssessment | None:
    """The person's most recent term-end assessment, or None: shown to the office when they apply again."""
    return (
        TermAssessment.objects.filter(term__person=person)
        .select_related("term__position", "term__unit")
        .order_by("-assessed_on", "-pk")
        .first()
    )


# --- Probation (试用期) ---

# The probation's assessment may be recorded from this many days before its end (the reminder's lead time).
PROBATION_ASSESSMENT_EARLIEST_DAYS = 31


def _former_situation(term: Term) -> tuple[str, str]:
    """The leadership level and the grade the person held before the promotion: the application's, for a competed
    post (the situation at the time of applying); else what his profile says."""
    application = (
        Application.objects.filter(post_id=term.post_id, person_id=term.person_id).first() if term.post_id else None
    )
    if application is not None:
        return application.applicant_leadership_level, application.applicant_grade
    return term.person.leadership_level, term.person.grade


@transaction.atomic
def probation_assess(
    *,
    term_id: int,
    result: str,
    assessed_on: datetime.date,
    reason: str = "",
    returned_to_post: str = "",
    by: User,
) -> ProbationAssessment:
    """End the promotion's probation with its assessment.

    Confirmed: the term goes on, serving. Not confirmed (a reason is required): the term ends that day, the person
    returns to his former level in the post named (recorded on the assessment and his profile), and the exit
    procedure follows."""
    term = lock_term(term_id)
    require_term_manager(by, term)
    if term.status != Term.Status.PROBATION or term.ended_on is not None:
        raise TenureError(_("This term is not on probation."))
    if ProbationAssessment.objects.filter(term=term).exists():
        raise TenureError(_("The probation has already been assessed."))
    if result not in ProbationAssessment.Result.values:
        raise TenureError(_("Please choose the result of the assessment."))
    earliest = (term.probation_end or term.start) - datetime.timedelta(days=PROBATION_ASSESSMENT_EARLIEST_DAYS)
    if assessed_on < max(earliest, term.start):
        raise TenureError(
            _("The probation is assessed at its end: not before %(day)s.") % {"day": dates.day(max(earliest, term.start))}
        )
    if assessed_on > timezone.localdate():
        raise TenureError(_("The assessment cannot be in the future."))
    reason, returned_to_post = reason.strip(), returned_to_post.strip()
    if result == ProbationAssessment.Result.CONFIRMED:
        term.status = Term.Status.SERVING
        term.save(update_fields=["status"])
        return ProbationAssessment.objects.create(
            term=term, assessed_on=assessed_on, result=result, reason=reason, recorded_by=by
        )
    if not reason:
        raise TenureError(_("Give the reason why the appointment is not confirmed."))
    if not returned_to_post:
        raise TenureError(_("Name the post at the former level the person returns to."))
    if assessed_on > term.end:
        raise TenureError(_("An early termination must come before the term's scheduled end."))
    level, grade = _former_situation(term)
    _end_term(term, on=assessed_on, reason=TerminationReason.PROBATION_NOT_CONFIRMED, note=reason[:200])
    arrangement = Exit.Arrangement.LEADERSHIP if level else Exit.Arrangement.NON_LEADERSHIP
    Exit.objects.filter(term=term).update(arrangement=arrangement, arrangement_details=returned_to_post[:200])
    # He returns to his former level: his profile says so from that day (the statistics read the applications).
    person = term.person
    person.leadership_level, person.grade, person.rank_since = level, grade or person.grade, assessed_on
    person.current_position = returned_to_post[:100]
    person.save(update_fields=["leadership_level", "grade", "rank_since", "current_position"])
    return ProbationAssessment.objects.create(
        term=term,
        assessed_on=assessed_on,
        result=result,
        reason=reason,
        returned_to_level=level,
        returned_to_grade="" if level else grade,
        returned_to_post=returned_to_post,
        recorded_by=by,
    )


# --- Early termination and exit (退岗) ---


def _end_term(term: Term, *, on: datetime.date, reason: str, note: str) -> None:
    if term.status not in (Term.Status.PROBATION, Term.Status.SERVING) or term.ended_on is not None:
        raise TenureError(_("This term has already ended."))
    if on < term.start:
        raise TenureError(_("A term cannot end before it started."))
    if on > term.end:
        raise TenureError(_("An early termination must come before the term's scheduled end."))
    term.status = Term.Status.TERMINATED
    term.ended_on = on
    term.termination_reason = reason
    term.end_reason = note.strip()
    term.save(update_fields=["status", "ended_on", "termination_reason", "end_reason"])
    Exit.objects.get_or_create(term=term)


@transaction.atomic
def term_terminate(*, term_id: int, reason: str, on: datetime.date, note: str = "", by: User) -> Term:
    """End a term early for one of the reasons the rules allow; an exit record follows.

    A move for special work needs is not a plain termination: it goes through ``term_move_for_special_needs``.
    """
    term = lock_term(term_id)
    require_term_manager(by, term)
    if reason not in TerminationReason.values:
        raise TenureError(_("Please choose a reason for the termination."))
    if reason == TerminationReason.SPECIAL_WORK_NEEDS:
        raise TenureError(_("A move for special work needs names the new position; use that action."))
    if reason == TerminationReason.PROBATION_NOT_CONFIRMED:
        raise TenureError(_("A probation not confirmed is recorded by its assessment; use that action."))
    if reason == TerminationReason.OTHER and not note.strip():
        raise TenureError(_("Please explain the reason."))
    _end_term(term, on=on, reason=reason, note=note)
    return term


@transaction.atomic
def term_move_for_special_needs(
    *, term_id: int, position_id: int, on: datetime.date, note: str = "", by: User
) -> Term:
    """Move the term-holder to another position for special work needs: at most once per term.

    The old term ends; the new one runs to the same scheduled end and carries the count, so a second move in
    the same term period is refused (and the database's check constraint would refuse it too).
    """
    term = lock_term(term_id)
    require_term_manager(by, term)
    if term.special_moves >= 1:
        raise TenureError(_("This term has already had its one move for special work needs."))
    position = Position.objects.select_related("unit").get(pk=position_id)
    if position.pk == term.position_id:
        raise TenureError(_("Choose a different position to move to."))
    roles.require(roles.is_office_or_unit_secretary_of, by, position, _("Only the office moves someone to another unit."))
    if not note.strip():
        raise TenureError(_("Please describe the special work needs."))
    if on >= term.end:
        raise TenureError(_("A move must come before the term's scheduled end."))
    status = term.status
    _end_term(term, on=on, reason=TerminationReason.SPECIAL_WORK_NEEDS, note=note)
    Exit.objects.filter(term=term).update(
        arrangement=Exit.Arrangement.LEADERSHIP, arrangement_details=str(position)
    )
    return Term.objects.create(
        person=term.person,
        position=position,
        unit=position.unit,
        origin=Term.Origin.SPECIAL_MOVE,
        start=on,
        end=term.end,
        probation_end=term.probation_end if term.probation_end and term.probation_end > on else None,
        status=status,
        special_moves=term.special_moves + 1,
    )


EXIT_FIELDS = ("talk_on", "handover_on", "filed_on", "arrangement", "arrangement_details")


@transaction.atomic
def exit_update(*, term_id: int, by: User, **fields: object) -> Exit:
    """Record the exit procedure's steps, in order, and the person's next arrangement."""
    term = lock_term(term_id)
    require_term_manager(by, term)
    if term.status not in (Term.Status.ENDED, Term.Status.TERMINATED):
        raise TenureError(_("The exit procedure starts when the term has ended."))
    record = _lock_exit(term)
    for name, value in fields.items():
        if name not in EXIT_FIELDS:
            raise TypeError(name)
        setattr(record, name, value)
    previous = None
    for step in Exit.STEPS:
        day = getattr(record, step)
        if day is not None and previous is None and step != Exit.STEPS[0]:
            raise TenureError(_("Record the exit procedure's steps in order."))
        if day is not None and previous is not None and day < previous:
            raise TenureError(_("A step of the exit procedure cannot come before the one before it."))
        previous = day
    if record.arrangement == Exit.Arrangement.OTHER and not record.arrangement_details.strip():
        raise TenureError(_("Please describe the next arrangement."))
    record.save()
    return record


# --- Flags ---


def _earlier_terms(term: Term, history: list[Term] | None) -> list[Term]:
    """The person's terms that began before ``term``, latest first, with their positions; from ``history`` (all the
    person's terms, latest first, as ``flagged_terms`` reads them for many terms at once) or from the database."""
    if history is None:
        return list(
            Term.objects.filter(person_id=term.person_id, start__lt=term.start).select_related("position").order_by("-start")
        )
    return [earlier for earlier in history if earlier.start < term.start]


def _years_at_level_since(term: Term, history: list[Term] | None = None) -> datetime.date:
    """The day the term-holder came to the term's level: the earliest of an unbroken run of terms at it."""
    level = term.position.level
    since = term.start
    for earlier in _earlier_terms(term, history):
        if earlier.position.level != level:
            break
        since = earlier.start
    person = term.person
    if person.leadership_level == level and person.rank_since and person.rank_since < since:
        since = person.rank_since
    return since


def consecutive_terms_in_position(term: Term, history: list[Term] | None = None) -> int:
    """How many terms in a row, ending with this one, the person held in this same position."""
    count = 1
    for earlier in _earlier_terms(term, history):
        if earlier.position_id != term.position_id:
            break
        count += 1
    return count


def max_age_for(person: Person) -> int:
    return settings.TENURE_MAX_AGE_BY_SEX.get(person.sex, settings.TENURE_MAX_AGE)


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


def term_flags(term: Term, history: list[Term] | None = None) -> list[Flag]:
    """What the office must look at for a term: the rules of DOMAIN.md, with configurable limits. ``history``: the
    person's terms, latest first (read here if not given)."""
    flags = []
    person = term.person
    max_age = max_age_for(person)
    if person.age_on(term.end) >= max_age:
        reached = _years_later(person.birth_date, max_age)
        flags.append(
            Flag("max_age", _("Reaches the maximum age (%(age)s) on %(day)s, before the term ends.")
                 % {"age": max_age, "day": dates.day(reached)})
        )
    earlier = _earlier_terms(term, history)
    consecutive = consecutive_terms_in_position(term, earlier)
    if consecutive > settings.TENURE_MAX_CONSECUTIVE_TERMS:
        flags.append(
            Flag("consecutive", _("Term %(n)s in a row in the same post (at most %(max)s).")
                 % {"n": consecutive, "max": settings.TENURE_MAX_CONSECUTIVE_TERMS})
        )
    years = settings.TENURE_MAX_YEARS_AT_LEVEL
    since = _years_at_level_since(term, earlier)
    if _years_later(since, years) <= term.end:
        flags.append(
            Flag("years_at_level", _("%(years)s years at the same level by the term's end (since %(since)s).")
                 % {"years": years, "since": dates.day(since)})
        )
    return flags


def flagged_terms(terms: QuerySet[Term]) -> list[tuple[Term, list[Flag]]]:
    """(term, flags) for the current terms among ``terms`` that raise at least one flag.

    The database first keeps the terms that could raise one (``_may_raise_a_flag``), then ``term_flags`` decides: at
    province scale (20,000 terms) reading and judging every term in Python took two seconds for a page of 50.
    """
    current = list(terms.current().filter(_may_raise_a_flag()).select_related("person", "position", "unit"))
    # Every term of these people in one query (not two per term): the flags look back over each one's history.
    history: dict[int, list[Term]] = defaultdict(list)
    people = {term.person_id for term in current}
    for term in Term.objects.filter(person_id__in=people).select_related("position").order_by("-start", "-pk"):
        history[term.person_id].append(term)
    rows = []
    for term in current:
        flags = term_flags(term, history[term.person_id])
        if flags:
            rows.append((term, flags))
    return rows


def _may_raise_a_flag() -> Q:
    """A condition in SQL that every term raising a flag meets, and most others do not: a year has at least 365 days,
    so N years after a date is at least N × 365 days after it. Looser than the rules (``term_flags`` has the last
    word), never stricter: tests/tenure/test_flags.py compares the two on generated histories."""

    def days_before_end(years: int, end=None) -> ExpressionWrapper:
        end = F("end") if end is None else end
        return ExpressionWrapper(end - datetime.timedelta(days=365 * years), output_field=DateField())

    youngest_max_age = min([settings.TENURE_MAX_AGE, *settings.TENURE_MAX_AGE_BY_SEX.values()])
    years = settings.TENURE_MAX_YEARS_AT_LEVEL
    may = Q(person__birth_date__lte=days_before_end(youngest_max_age))
    # The years at the level count from the start of an earlier term of the person's, or from the rank's date.
    may |= Q(person__rank_since__lte=days_before_end(years))
    may |= Exists(
        Term.objects.filter(person_id=OuterRef("person_id"), start__lte=days_before_end(years, OuterRef("end")))
    )
    if settings.TENURE_MAX_CONSECUTIVE_TERMS < 1:
        return Q()  # every term is one too many in its position
    # A run of terms in the same position needs an earlier term there.
    may |= Exists(
        Term.objects.filter(person_id=OuterRef("person_id"), position_id=OuterRef("position_id"), start__lt=OuterRef("start"))
    )
    return may
