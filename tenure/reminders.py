"""Tenure's reminder rules, registered with notifications.registry (imported by TenureConfig.ready())."""

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from notifications.messages import Text
from notifications.registry import Due, office_users, reminder_rule, unit_secretaries, user_of
from tenure.models import Reappointment, Term


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
    ).select_related("campaign", "unit", "previous_term__person", "previous_term__position")
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
    ).select_related("person__user", "unit", "position")
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
    ).select_related("person", "unit", "position")
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


@reminder_rule("probation_ending", label=gettext_lazy("Probation ends: assess it"), lead_days=31)
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
    ).select_related("person", "unit", "position")
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
