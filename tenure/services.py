"""Terms: how an appointment starts one. The tenure issue builds the rest (certificates, goals, exits)."""

import datetime

from django.db import transaction

from competition.models import Application, Rank
from tenure.models import Term

TERM_YEARS = 5
PROBATION_YEARS = 1


def _years_later(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def is_promotion(application):
    """Anyone who did not already hold a section-level leadership post is promoted; the others are exchanged."""
    return not (application.applicant_rank == Rank.SECTION and application.applicant_is_leadership)


@transaction.atomic
def term_start_from_decision(*, application: Application, decided_on: datetime.date) -> Term:
    """Start the appointee's term on the decision date; end their earlier serving section-chief term there.

    The term ends on the campaign's unified end date, or five years later; a promotion has a one-year probation.
    """
    post = application.post
    end = post.campaign.unified_term_end or _years_later(decided_on, TERM_YEARS)
    if end <= decided_on:
        end = _years_later(decided_on, TERM_YEARS)
    for earlier in Term.objects.select_for_update().filter(
        person=application.person, ended_on__isnull=True, status__in=[Term.Status.SERVING, Term.Status.PROBATION]
    ):
        earlier.ended_on = decided_on
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
            "start": decided_on,
            "end": end,
            "probation_end": _years_later(decided_on, PROBATION_YEARS) if promoted else None,
            "status": Term.Status.PROBATION if promoted else Term.Status.SERVING,
        },
    )
    return term
