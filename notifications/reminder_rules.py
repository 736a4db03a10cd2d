"""The reminder rules that the models on main can compute. Imported by NotificationsConfig.ready().

Local dates are those of settings.TIME_ZONE: a registration closing at 17:00 on 10 March is due on 10 March.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import Due, office_users, reminder_rule, unit_secretaries, user_of, working_days_ahead


def _local_date(moment):
    return timezone.localtime(moment).date()


def _day(day):
    return date_format(day, "DATE_FORMAT")


def _rounds_closing(today, lead_days):
    """Rounds whose registration has not closed yet and closes within the lead time."""
    from competition.models import Round

    now = timezone.now()
    # A coarse bound first (no holiday run is longer than lead_days * 2 + 30 calendar days), so that the
    # working-day calendar is read only when a round is near its close.
    rounds = Round.objects.filter(
        registration_closes__gt=now, registration_closes__lt=now + datetime.timedelta(days=lead_days * 2 + 31)
    ).select_related("campaign")
    horizon = None
    for round_ in rounds:
        horizon = horizon or working_days_ahead(today, lead_days)
        closes_on = _local_date(round_.registration_closes)
        if closes_on <= horizon:
            yield round_, closes_on


@reminder_rule("registration_closing", label=gettext_lazy("Registration closes soon (candidates)"), lead_days=2)
def registration_closing(today, lead_days):
    """Candidates whose application still awaits qualification review when registration is about to close.

    The models have no draft application: an application is ``submitted`` as soon as it exists. The
    "unsubmitted" applications of the issue are read as those not yet through review, so the candidate can
    still complete their profile or documents before the close.
    """
    from competition.models import Application

    for round_, closes_on in _rounds_closing(today, lead_days):
        applications = Application.objects.filter(
            round=round_, status=Application.Status.SUBMITTED, person__user__isnull=False
        ).select_related("person__user", "post__unit")
        for application in applications:
            user = user_of(application.person)
            if user is None:
                continue
            yield Due(
                application,
                user,
                closes_on,
                _("Registration for %(post)s closes on %(day)s") % {"post": application.post, "day": _day(closes_on)},
                _("Your application is still awaiting qualification review. Check that your details are complete before registration closes."),
            )


@reminder_rule(
    "registration_few_applicants", label=gettext_lazy("Registration closes with too few applicants (office)"), lead_days=2
)
def registration_few_applicants(today, lead_days):
    """The office, for each post in registration with fewer live applications than the campaign minimum."""
    from competition.models import Application, Post

    for round_, closes_on in _rounds_closing(today, lead_days):
        live = ~Q(applications__status__in=[Application.Status.WITHDRAWN, Application.Status.UNQUALIFIED])
        posts = (
            Post.objects.filter(round=round_, status=Post.Status.REGISTRATION)
            .annotate(applicants=Count("applications", filter=live))
            .filter(applicants__lt=round_.campaign.min_qualified_applicants)
            .select_related("unit")
        )
        for post in posts:
            for user in office_users():
                yield Due(
                    post,
                    user,
                    closes_on,
                    _("%(post)s has %(count)s applicants; registration closes on %(day)s")
                    % {"post": post, "count": post.applicants, "day": _day(closes_on)},
                    _("The campaign needs %(minimum)s qualified applicants for a post to go on.")
                    % {"minimum": round_.campaign.min_qualified_applicants},
                    reverse("competition:post_detail", args=[post.pk]),
                )


@reminder_rule("reviews_pending", label=gettext_lazy("Qualification reviews pending before the close (office)"), lead_days=1)
def reviews_pending(today, lead_days):
    """The office, for each post whose applications still await qualification review before the close."""
    from competition.models import Application, Post

    for round_, closes_on in _rounds_closing(today, lead_days):
        posts = (
            Post.objects.filter(round=round_, status=Post.Status.REGISTRATION)
            .annotate(pending=Count("applications", filter=Q(applications__status=Application.Status.SUBMITTED)))
            .filter(pending__gt=0)
            .select_related("unit")
        )
        for post in posts:
            for user in office_users():
                yield Due(
                    post,
                    user,
                    closes_on,
                    _("%(count)s qualification reviews pending for %(post)s") % {"count": post.pending, "post": post},
                    _("Registration closes on %(day)s.") % {"day": _day(closes_on)},
                    reverse("competition:post_detail", args=[post.pk]),
                )


@reminder_rule("interview_tomorrow", label=gettext_lazy("Interview tomorrow (candidates and examiners)"), lead_days=1)
def interview_tomorrow(today, lead_days):
    """The candidates of a session (not marked absent) and, once the interview step adds them, its examiners."""
    from competition.models import InterviewSession

    horizon = today + datetime.timedelta(days=lead_days)
    sessions = InterviewSession.objects.filter(date__gt=today, date__lte=horizon).prefetch_related(
        "slots__application__person__user"
    )
    for session in sessions:
        subject = _("Interview %(session)s on %(day)s") % {"session": session, "day": _day(session.date)}
        body = _("Venue: %(venue)s") % {"venue": session.venue} if session.venue else ""
        for slot in session.slots.all():
            user = user_of(slot.application.person)
            if user is not None and not slot.absent:
                yield Due(session, user, session.date, subject, body)
        # The interview step owns the examiners (session.examiners: Examiner rows with a user, or users).
        examiners = getattr(session, "examiners", None)
        if examiners is not None:
            for examiner in examiners.all():
                user = getattr(examiner, "user", examiner)
                if user is not None and user.is_active:
                    yield Due(session, user, session.date, subject, body)


def _terms_ending(today, lead_days):
    from tenure.models import Term

    horizon = today + datetime.timedelta(days=lead_days)
    terms = Term.objects.filter(
        status__in=[Term.Status.PROBATION, Term.Status.SERVING], ended_on__isnull=True, end__gte=today, end__lte=horizon
    ).select_related("person__user", "unit", "position")
    for term in terms:
        subject = _("The term of %(person)s as %(position)s ends on %(day)s") % {
            "person": term.person,
            "position": term.position,
            "day": _day(term.end),
        }
        recipients = [user_of(term.person), *unit_secretaries(term.unit)]
        for user in dict.fromkeys(u for u in recipients if u is not None):
            yield Due(term, user, term.end, subject)


@reminder_rule("term_ending_6_months", label=gettext_lazy("Term ends in six months"), lead_days=183)
def term_ending_6_months(today, lead_days):
    yield from _terms_ending(today, lead_days)


@reminder_rule("term_ending_1_month", label=gettext_lazy("Term ends in one month"), lead_days=31)
def term_ending_1_month(today, lead_days):
    yield from _terms_ending(today, lead_days)


def max_age_date(birth_date, age):
    """The day a person born on ``birth_date`` turns ``age`` (29 February birthdays on 1 March)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return datetime.date(birth_date.year + age, 3, 1)


@reminder_rule("max_age_in_term", label=gettext_lazy("Maximum age reached within a term"), lead_days=90)
def max_age_in_term(today, lead_days):
    """The unit's secretaries and the office, when a serving person reaches TENURE_MAX_AGE before the term ends."""
    from tenure.models import Term

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
        subject = _("%(person)s (%(position)s) reaches the age of %(age)s on %(day)s, within the term") % {
            "person": term.person,
            "position": term.position,
            "age": max_age,
            "day": _day(reaches),
        }
        for user in dict.fromkeys([*unit_secretaries(term.unit), *office_users()]):
            yield Due(term, user, reaches, subject)
