"""Tenure's non-trivial reads for its pages: the district overview, a unit's roster, a person's terms, the
reappointment list. Access is checked before (``tenure.access``); these only read."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django_fsm_log.models import StateLog

from accounts import rules as roles
from accounts.models import User
from competition import vacancies
from competition.models import Campaign, Level, Person, Position, Unit
from tenure.access import units_visible_to
from tenure.forms import FlagFilterForm
from tenure.models import Certificate, Reappointment, Term
from tenure.reappointment import reappointments_visible_to, units_late
from tenure.services import Flag, flagged_terms, latest_assessment, term_flags


def serving_leaders_by_unit(unit_ids: list[int], level: str) -> dict[int, int]:
    """{unit id: people in a current term of a leadership position at ``level``}: what competition.vacancies counts
    as serving (registered by TenureConfig.ready())."""
    rows = (
        Term.objects.current()
        .filter(unit_id__in=unit_ids, position__level=level, position__is_leadership=True)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    return dict(rows)


def district_overview(user: User) -> dict[str, Any]:
    """Each unit's section-chief quota, serving and certified chiefs, posts offered, vacancies, and those serving
    beyond the quota (超职数: shown as such, never as 0 vacancies), and the district's totals."""
    current = Q(terms__ended_on__isnull=True, terms__status__in=[Term.Status.PROBATION, Term.Status.SERVING])
    chiefs = current & Q(terms__position__level="section", terms__position__is_leadership=True)
    units = list(units_visible_to(user).annotate(
        serving=Count("terms", filter=chiefs, distinct=True),
        certified=Count("terms", filter=chiefs & Q(terms__certificate__isnull=False), distinct=True),
    ))
    offered = vacancies.offered_by_unit([u.pk for u in units], Level.SECTION)
    rows = []
    for u in units:
        vacancy = vacancies.Vacancy(approved=u.leadership_quota, serving=u.serving, offered=offered.get(u.pk, 0))
        rows.append({"unit": u, "offered": vacancy.offered, "vacancies": vacancy.vacancies, "over": vacancy.over})
    totals = {
        "quota": sum(u.leadership_quota for u in units),
        "serving": sum(u.serving for u in units),
        "certified": sum(u.certified for u in units),
        "offered": sum(r["offered"] for r in rows),
        "vacancies": sum(r["vacancies"] for r in rows),
        "over": sum(r["over"] for r in rows),
    }
    return {"rows": rows, "totals": totals}


def unit_roster(unit: Unit) -> dict[str, Any]:
    """The unit's current terms with their flags, its section chiefs against the quota, the uncertified terms."""
    terms = list(
        Term.objects.current()
        .filter(unit=unit)
        .select_related("person", "position", "certificate")
        .order_by("position__title")
    )
    chiefs = [t for t in terms if t.position.level == "section" and t.position.is_leadership]
    flagged = dict((t.pk, f) for t, f in flagged_terms(Term.objects.filter(unit=unit)))
    return {
        "unit": unit,
        "terms": [(t, flagged.get(t.pk, [])) for t in terms],
        # "Serving" counts what the list shows (every current term); the quota is of section chiefs only.
        "serving": len(terms),
        "chiefs": len(chiefs),
        "vacancies": max(0, unit.leadership_quota - len(chiefs)),
        "over": max(0, len(chiefs) - unit.leadership_quota),
        "uncertified": [t for t in terms if not hasattr(t, "certificate")],
    }


def term_history(person: Person) -> dict[str, Any]:
    """A person's terms, newest first, each current one with its flags, and their last term-end assessment."""
    terms = Term.objects.filter(person=person).select_related("position", "unit", "assessment").order_by("-start")
    rows: list[tuple[Term, list[Flag]]] = [(t, term_flags(t) if t.ended_on is None else []) for t in terms]
    return {"person": person, "rows": rows, "assessment": latest_assessment(person)}


def flags_visible_to(user: User, filters: FlagFilterForm | None = None) -> list[tuple[Term, list[Flag]]]:
    """The flagged current terms ``user`` may see, by unit and name; with ``filters``, those it keeps."""
    terms = Term.objects.visible_to(user).order_by("unit__name", "person__name")
    if filters is None:
        return flagged_terms(terms)
    rows = flagged_terms(filters.filter(terms))
    if filters.is_valid() and (code := filters.cleaned_data["flag"]):
        rows = [(term, flags) for term, flags in rows if any(flag.code == code for flag in flags)]
    return rows


def term_record(term: Term) -> dict[str, Any]:
    """What the term page shows of the term: flags, goals, reviews, assessment, certificate, exit."""
    return {
        "term": term,
        "flags": term_flags(term) if term.ended_on is None else [],
        "goals": term.goals.all(),
        "reviews": term.annual_reviews.all(),
        "assessment": getattr(term, "assessment", None),
        "certificate": getattr(term, "certificate", None),
        "exit": getattr(term, "exit", None),
        "is_current": term.ended_on is None,
    }


def move_positions(user: User, term: Term) -> QuerySet[Position]:
    """The positions a term-holder may be moved to by ``user``: any other one for the office, else the unit's."""
    positions = Position.objects.exclude(pk=term.position_id)
    if not roles.is_office(user):
        positions = positions.filter(unit_id=term.unit_id)
    return positions


def unit_certificates(unit: Unit, year: int) -> QuerySet[Certificate]:
    return Certificate.objects.filter(unit=unit, year=year).select_related("term__person", "term__position", "unit")


def reappointable_terms(user: User, today: datetime.date) -> QuerySet[Term]:
    """The section-chief terms whose holders ``user`` may start a reappointment for."""
    return Term.objects.visible_to(user).reappointable(today).section_chiefs()


def reappointment_overview(user: User, campaign_id: str, today: datetime.date) -> dict[str, Any]:
    """The reappointments ``user`` may see (one campaign's when ``campaign_id`` names one) and, for the office,
    the units late with theirs."""
    reappointments = reappointments_visible_to(user).select_related(
        "campaign", "unit", "previous_term__person", "previous_term__position"
    )
    campaign = Campaign.objects.filter(pk=campaign_id).first() if campaign_id.isdigit() else None
    if campaign is not None:
        reappointments = reappointments.filter(campaign=campaign)
    return {
        "reappointments": reappointments,
        "campaign": campaign,
        "campaigns": Campaign.objects.filter(reappointments__isnull=False).distinct(),
        "late_units": units_late(campaign, today) if roles.is_office(user) else [],
        "today": today,
    }


def reappointment_log(reappointment: Reappointment) -> QuerySet[StateLog]:
    return StateLog.objects.for_(reappointment).select_related("by").order_by("timestamp")
