"""Tenure's reminder rules, registered with notifications.registry (imported by TenureConfig.ready())."""

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from notifications.messages import Text
from notifications.registry import Due, office_users, reminder_rule, unit_secretaries, units_with_secretaries, user_of
from tenure.models import AnnualReview, Exit, ProbationAssessment, Reappointment, Term, TermAssessment

# How far back a rule looks for a deadline that has passed unmet: its one "overdue" reminder is due the day after.
OVERDUE_WINDOW = datetime.timedelta(days=366)


@reminder_rule(
    "certificates_not_issued",
    label=gettext_lazy("Certificates not issued before the deadline (unit secretaries)"),
    lead_days=7,
)
def certificates_not_issued(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """Unit secretaries whose reappointments of posts not competed are still open near the campaign's deadline.

    Before the deadline one reminder is due on the deadline (sent within the lead time); once it has passed, one a
    day (due today) until the reappointment is certified or rejected.
    """
    open_near_deadline = Reappointment.objects.filter(
        status__in=Reappointment.OPEN_STATES,
        campaign__reappointment_deadline__lte=today + datetime.timedelta(days=lead_days),
    ).select_related("campaign", "unit", "previous_term__person", "previous_term__position__unit")
    for reappointment in open_near_deadline:
        deadline = reappointment.campaign.reappointment_deadline
        late = deadline < today
        subject = Text(
            gettext_lazy("Reappointment overdue: %(what)s") if late else gettext_lazy("Reappointment due by %(day)s: %(what)s"),
            what=reappointment,
            day=deadline,
        )
        body = Text(
            gettext_lazy(
                "The deadline of %(campaign)s is %(deadline)s. Complete the evaluation, the performance report and the "
                "unit publicity, and issue the certificate."
            ),
            campaign=reappointment.campaign.name,
            deadline=deadline,
        )
        for user in unit_secretaries(reappointment.unit):
            yield Due(
                reappointment,
                user,
                today if late else deadline,
                subject,
                body,
                reverse("tenure:reappointment_detail", args=[reappointment.pk]),
            )


def _terms_ending(today, lead_days):
    horizon = today + datetime.timedelta(days=lead_days)
    terms = Term.objects.filter(
        status__in=[Term.Status.PROBATION, Term.Status.SERVING], ended_on__isnull=True, end__gte=today, end__lte=horizon
    ).select_related("person__user", "unit", "position__unit")
    for term in terms:
        subject = Text(
            gettext_lazy("The term of %(person)s as %(position)s ends on %(day)s"),
            person=term.person,
            position=term.position,
            day=term.end,
        )
        body = gettext_lazy(
            "Before the term ends: the term assessment, then the unit decides on reappointment, a competition for the "
            "post, or the exit arrangements."
        )
        recipients = [user_of(term.person), *unit_secretaries(term.unit)]
        for user in dict.fromkeys(u for u in recipients if u is not None):
            yield Due(term, user, term.end, subject, body, reverse("tenure:term_detail", args=[term.pk]))


@reminder_rule("term_ending_6_months", label=gettext_lazy("Term ends in six months"), lead_days=183)
def term_ending_6_months(today: datetime.date, lead_days: int) -> Iterator[Due]:
    yield from _terms_ending(today, lead_days)


@reminder_rule("term_ending_1_month", label=gettext_lazy("Term ends in one month"), lead_days=31)
def term_ending_1_month(today: datetime.date, lead_days: int) -> Iterator[Due]:
    yield from _terms_ending(today, lead_days)


def max_age_date(birth_date: datetime.date, age: int) -> datetime.date:
    """The day a person born on ``birth_date`` turns ``age`` (29 February birthdays on 1 March)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return datetime.date(birth_date.year + age, 3, 1)


@reminder_rule("max_age_in_term", label=gettext_lazy("Maximum age reached within a term"), lead_days=90)
def max_age_in_term(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The unit's secretaries and the office, when a serving person reaches TENURE_MAX_AGE before the term ends."""
    max_age = getattr(settings, "TENURE_MAX_AGE", 60)
    horizon = today + datetime.timedelta(days=lead_days)
    # Born on or before this day: the person is max_age by the horizon (a coarse filter; exact below).
    born_by = max_age_date(horizon, -max_age)
    terms = Term.objects.filter(
        status__in=[Term.Status.PROBATION, Term.Status.SERVING], ended_on__isnull=True, person__birth_date__lte=born_by
    ).select_related("person", "unit", "position__unit")
    for term in terms:
        reaches = max_age_date(term.person.birth_date, max_age)
        if not (term.start <= reaches < term.end and reaches <= horizon):
            continue
        subject = Text(
            gettext_lazy("%(person)s (%(position)s) reaches the age of %(age)s on %(day)s, within the term"),
            person=term.person,
            position=term.position,
            age=max_age,
            day=reaches,
        )
        body = gettext_lazy("Plan the end of the term (retirement or another arrangement) and the post's succession.")
        for user in dict.fromkeys([*unit_secretaries(term.unit), *office_users()]):
            yield Due(term, user, reaches, subject, body, reverse("tenure:term_detail", args=[term.pk]))


def _probation_unassessed(reminder) -> bool:
    unassessed = ~Exists(ProbationAssessment.objects.filter(term=OuterRef("pk")))
    return Term.objects.filter(unassessed, pk=reminder.object_id, status=Term.Status.PROBATION).exists()


@reminder_rule(
    "probation_ending", label=gettext_lazy("Probation ends: assess it"), lead_days=31, still_due=_probation_unassessed
)
def probation_ending(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The unit's secretaries and the office, before a probation ends without its assessment: one reminder due on
    the probation's end (sent within the lead time); once it has passed, one a day until it is assessed."""
    horizon = today + datetime.timedelta(days=lead_days)
    terms = Term.objects.filter(
        status=Term.Status.PROBATION,
        ended_on__isnull=True,
        probation_end__isnull=False,
        probation_end__lte=horizon,
        probation_assessment__isnull=True,
    ).select_related("person", "unit", "position__unit")
    for term in terms:
        late = term.probation_end < today
        subject = Text(
            gettext_lazy("Probation overdue for its assessment: %(person)s, %(position)s")
            if late
            else gettext_lazy("The probation of %(person)s as %(position)s ends on %(day)s"),
            person=term.person,
            position=term.position,
            day=term.probation_end,
        )
        body = gettext_lazy(
            "A probation ends with its assessment: record whether the appointment is confirmed, or why it is not and "
            "the post at the former level the person returns to."
        )
        for user in dict.fromkeys([*unit_secretaries(term.unit), *office_users()]):
            yield Due(
                term, user, today if late else term.probation_end, subject, body,
                reverse("tenure:term_detail", args=[term.pk]),
            )  # fmt: skip


def _term_subject(message, term, day):
    return Text(message, person=term.person, position=term.position, day=day)


def _due_on(deadline: datetime.date, today: datetime.date) -> tuple[datetime.date, bool]:
    """(the reminder's due date, late): the deadline itself before it passes; once it has, the day after (one
    "overdue" reminder, since the reminders' key holds one row per due date)."""
    return (deadline, False) if deadline >= today else (deadline + datetime.timedelta(days=1), True)


def annual_review_day(year: int) -> datetime.date:
    """The day the annual review of ``year`` is due (settings.TENURE_ANNUAL_REVIEW_DUE: month, day)."""
    month, day = getattr(settings, "TENURE_ANNUAL_REVIEW_DUE", (12, 31))
    try:
        return datetime.date(year, month, day)
    except ValueError:  # 29 February in a common year
        return datetime.date(year, month, 28)


def terms_without_annual_review(year: int):
    """Current terms held in ``year`` (the years annual_review_record accepts) with no review of it yet."""
    reviewed = AnnualReview.objects.filter(term=OuterRef("pk"), year=year)
    return (
        Term.objects.current()
        .filter(start__year__lte=year, end__year__gte=year, start__lte=annual_review_day(year))
        .filter(~Exists(reviewed))
    )


@reminder_rule(
    "annual_review_due",
    label=gettext_lazy("Annual review due (unit secretaries)"),
    lead_days=30,
    still_due=lambda reminder: terms_without_annual_review(reminder.due_date.year).filter(pk=reminder.object_id).exists(),
)
def annual_review_due(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The unit's secretaries, within the lead time before the day a year's review is due, for each current term
    without that year's review; recording it (tenure.services.annual_review_record) stops the reminder."""
    horizon = today + datetime.timedelta(days=lead_days)
    body = gettext_lazy("Record the year's review (rating and notes) on the term's page.")
    for year in range(today.year, horizon.year + 1):
        due = annual_review_day(year)
        if not today <= due <= horizon:
            continue
        terms = terms_without_annual_review(year).filter(unit_id__in=units_with_secretaries())
        for term in terms.select_related("person", "position__unit"):
            subject = Text(
                gettext_lazy("Annual review of %(year)s due by %(day)s: %(person)s, %(position)s"),
                year=str(year),
                day=due,
                person=term.person,
                position=term.position,
            )
            for user in unit_secretaries(term.unit_id):
                yield Due(term, user, due, subject, body, reverse("tenure:term_detail", args=[term.pk]))


def terms_without_assessment():
    return Term.objects.filter(~Exists(TermAssessment.objects.filter(term=OuterRef("pk"))))


@reminder_rule(
    "term_assessment_due",
    label=gettext_lazy("Term-end assessment due (unit secretaries)"),
    lead_days=60,
    still_due=lambda reminder: terms_without_assessment().filter(pk=reminder.object_id).exists(),
)
def term_assessment_due(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The unit's secretaries, within the lead time before a term's scheduled end while its term-end assessment is
    not recorded; if the term ran to its end without one, once more the day after."""
    horizon = today + datetime.timedelta(days=lead_days)
    current = Q(status__in=[Term.Status.PROBATION, Term.Status.SERVING], ended_on__isnull=True, end__gte=today)
    ran_out = Q(status=Term.Status.ENDED, end__lt=today, end__gte=today - OVERDUE_WINDOW)
    terms = terms_without_assessment().filter(current | ran_out, end__lte=horizon).select_related("person", "position__unit")
    body = gettext_lazy(
        "The term-end assessment (任期考核) is shown to the office when the person next applies, and informs the "
        "reappointment. Record its rating on the term's page."
    )
    for term in terms:
        due, late = _due_on(term.end, today)
        subject = _term_subject(
            gettext_lazy("Term-end assessment overdue: %(person)s, %(position)s (term ended on %(day)s)")
            if late
            else gettext_lazy("Term-end assessment due by %(day)s: %(person)s, %(position)s"),
            term,
            term.end,
        )
        for user in unit_secretaries(term.unit_id):
            yield Due(term, user, due, subject, body, reverse("tenure:term_detail", args=[term.pk]))


def exit_record_deadline(term: Term) -> datetime.date:
    return term.ended_on + datetime.timedelta(days=getattr(settings, "TENURE_EXIT_RECORD_DAYS", 30))


def terms_awaiting_exit_record():
    """Ended terms whose exit record (Exit: talk, handover, file, next arrangement) is missing or incomplete; a
    term followed by the same person's next term in the same position (reappointed, or competed again) needs none."""
    complete = Q(exit__talk_on__isnull=False, exit__handover_on__isnull=False, exit__filed_on__isnull=False) & ~Q(
        exit__arrangement=Exit.Arrangement.UNDECIDED
    )
    continued = Term.objects.filter(person=OuterRef("person"), position=OuterRef("position"), start__gt=OuterRef("start"))
    return (
        Term.objects.filter(status__in=[Term.Status.ENDED, Term.Status.TERMINATED], ended_on__isnull=False)
        .exclude(complete)
        .filter(~Exists(continued))
    )


@reminder_rule(
    "exit_record_due",
    label=gettext_lazy("Exit record due after a term ends (unit secretaries)"),
    lead_days=7,
    still_due=lambda reminder: terms_awaiting_exit_record().filter(pk=reminder.object_id).exists(),
)
def exit_record_due(today: datetime.date, lead_days: int) -> Iterator[Due]:
    """The unit's secretaries, within the lead time before an ended term's exit record is due
    (settings.TENURE_EXIT_RECORD_DAYS after the end), and once more the day after if it is still incomplete."""
    days = datetime.timedelta(days=getattr(settings, "TENURE_EXIT_RECORD_DAYS", 30))
    terms = terms_awaiting_exit_record().filter(
        ended_on__lte=today + datetime.timedelta(days=lead_days) - days,
        ended_on__gte=today - OVERDUE_WINDOW - days,
    )
    body = gettext_lazy(
        "Record the exit procedure (退岗) on the term's page: the exit talk, the handover of work, the personnel "
        "file updated, and the person's next arrangement."
    )
    for term in terms.select_related("person", "position__unit"):
        deadline = exit_record_deadline(term)
        due, late = _due_on(deadline, today)
        subject = _term_subject(
            gettext_lazy("Exit record overdue (due %(day)s): %(person)s, %(position)s")
            if late
            else gettext_lazy("Exit record due by %(day)s: %(person)s, %(position)s"),
            term,
            deadline,
        )
        for user in unit_secretaries(term.unit_id):
            yield Due(term, user, due, subject, body, reverse("tenure:term_detail", args=[term.pk]))
