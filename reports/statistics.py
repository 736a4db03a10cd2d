"""The office's figures for a campaign, computed by the database (aggregates, never a loop over rows).

``campaign_statistics(campaign, unit=None)`` returns the dictionary that the dashboard shows, that
``campaign_report --format json`` prints and that the statistics workbook holds. With ``unit`` the figures
are that unit's part of the campaign (its posts, the registrations to them, its appointees, its leaders).
The number of queries is fixed (about fifteen), whatever the size of the campaign.

Definitions (the seed's summary, DOMAIN.md, reads these figures out):

- A post is *released* once it reached the announcement: its state is neither draft, released (awaiting the
  office), returned nor accepted. A cancelled post is not counted (the workflow does not keep where it was
  cancelled in the post row; a post cancelled after announcement is rare and the seed does not count it).
  A post that failed and was re-released in a later round (``Post.rereleased_from``) counts once, as its
  latest offering: the seed's 79 posts = 64 appointed + 1 in progress + 14 internal.
- Registrations are applications (person-times) to released posts, in every round.
- Interviewed: distinct applications with an interview slot where the candidate was present.
- Appointed: applications whose outcome is ``appointed`` (appointees; a post may have several places, so the
  appointees are counted per place filled, not per post). *Places released* adds up the released posts' places;
  *posts appointed* counts the posts whose selection ended with an appointment (all places filled, or closed with
  fewer); *substitutions* counts the substitutes the office confirmed (递补) on the released posts.
- *Nominations* count the registrations by how the candidate came (``Application.nomination_source``: self,
  organisation, colleagues); the three add up to the registrations.
- A *repeat candidate* is a person with a failed application (any outcome but withdrawn, in progress or
  appointed) in a round of the campaign who applied again in a later round of the same campaign.
- The written exam (笔试, competition.written), counted over the admission tickets of published sessions: *sat* the
  candidates with a mark, *absent* those recorded absent (缺考), *passed* those at or above the campaign's pass line
  (whether or not the ratio then let them on to the interview), *pass rate* passed / sat.
- Ages are whole years at the decision date (``Application.outcome_on``) for appointees, at the cohort's day
  for the cohort.
- Education of appointees is the education recorded when applying; *junior college* counts junior college
  and below, *bachelor or above* bachelor, master and doctorate.
- Promotion and exchange, from the applicant's situation when applying:
  an appointee who already held a section-level leadership post (乡科级正职) is an
  *exchange*: within the unit when the applicant's unit is the post's unit, across units otherwise.
  Every other appointee is a *promotion* (提拔): *from deputy section* = a deputy-section leadership post (乡科级副职);
  *from a grade* (before the 2019 reform: *from non-leadership*) = no leadership post and a grade of deputy-section
  standing or above (四级主任科员 and up; the archive's 副科级 and 正科级 non-leadership ranks are read into them);
  *exceptional* = a clerk (科员, or no grade), or one admitted by an approved exception (破格) to a requirement
  (``ExceptionRequest``), who then counts there and in neither of the other two.
- *Exceptions* count the exception requests on the released posts, and those approved (two office members). The three kinds of promotion add up to all promotions, and on the
  seed's data give 16 + 19 + 1 = 36.
- The cohort: every section-level leadership term (``tenure.Term`` in a section-level leadership position)
  serving at the campaign's start date (*before*) and at its latest decision date (*after*; ``None`` while
  nobody has been appointed). Education is the person's recorded education.
"""

import datetime
from typing import Any

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.utils.translation import gettext

from competition.models import (
    AdmissionTicket,
    Application,
    Campaign,
    Education,
    ExceptionRequest,
    InterviewSession,
    InterviewSlot,
    LeadershipLevel,
    NominationSource,
    Post,
    Round,
    Substitution,
    Unit,
    WrittenExamSession,
)
from competition.models.people import GRADES_OF_SECTION_STANDING
from competition.models.units import Level
from tenure.models import Term

S = Post.Status
O = Application.Outcome  # noqa: E741

NOT_RELEASED = (S.DRAFT, S.RELEASED, S.RETURNED, S.ACCEPTED, S.CANCELLED)
IN_PROGRESS = (S.ANNOUNCED, S.REGISTRATION, S.WRITTEN, S.INTERVIEW, S.EVALUATION, S.INSPECTION, S.PUBLICITY, S.DECISION)
FAILED_OUTCOMES = (
    O.UNQUALIFIED,
    O.WRITTEN_FAILED,
    O.INTERVIEW_FAILED,
    O.EVALUATION_FAILED,
    O.INSPECTION_FAILED,
    O.PUBLICITY_FAILED,
    O.DECISION_FAILED,
    O.INTERNAL,
    O.POST_FAILED,
    O.NOT_APPOINTED,
)
BACHELOR_OR_ABOVE = (Education.BACHELOR, Education.MASTER, Education.DOCTORATE)
AGE_BANDS = [(0, 30), (30, 35), (35, 40), (40, 45), (45, 50), (50, 200)]
REGISTRATION_BANDS = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 7), (7, 10), (10, 10_000)]

# 公务员职务与职级并行规定 took effect on 2019-06-01: a campaign before it names the promotion from a grade by the
# old word, from a non-leadership position (非领导职务 stays only as the label of archived campaigns).
GRADES_REFORM = datetime.date(2019, 6, 1)


def archived_before_reform(stats: dict[str, Any]) -> bool:
    return datetime.date.fromisoformat(stats["campaign"]["start_date"]) < GRADES_REFORM


def promoted_from_grade_label(stats: dict[str, Any]) -> str:
    if archived_before_reform(stats):
        return gettext("Promoted from non-leadership positions")
    return gettext("Promoted from a grade")


def _share(part, whole):
    return round(part / whole, 3) if whole else None


def _one_decimal(value):
    return round(float(value), 1) if value is not None else None


def age_at(birth_field: str, day: datetime.date | str) -> Expression:
    """Whole years between ``birth_field`` and ``day`` (a date or a date field's name), in SQL on any database."""
    if isinstance(day, datetime.date):
        year, before_birthday = Value(day.year), Q(**{f"{birth_field}__month__gt": day.month}) | Q(
            **{f"{birth_field}__month": day.month, f"{birth_field}__day__gt": day.day}
        )
    else:
        year = ExtractYear(day)
        month, dom = ExtractMonth(day), ExtractDay(day)
        before_birthday = Q(**{f"{birth_field}__month__gt": month}) | Q(
            **{f"{birth_field}__month": month, f"{birth_field}__day__gt": dom}
        )
    return (
        year
        - ExtractYear(birth_field)
        - Case(When(before_birthday, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def released_posts(campaign: Campaign, unit: Unit | None = None) -> QuerySet[Post]:
    """The campaign's released posts, each counted once (its latest offering)."""
    posts = Post.objects.filter(campaign=campaign).exclude(status__in=NOT_RELEASED)
    posts = posts.exclude(Exists(Post.objects.filter(rereleased_from=OuterRef("pk"))))
    if unit is not None:
        posts = posts.filter(unit=unit)
    return posts


def campaign_applications(campaign: Campaign, unit: Unit | None = None) -> QuerySet[Application]:
    """Applications to the campaign's released posts, in every round (re-released offerings included)."""
    applications = Application.objects.filter(post__campaign=campaign).exclude(post__status__in=NOT_RELEASED)
    if unit is not None:
        applications = applications.filter(post__unit=unit)
    return applications


def appointees(campaign: Campaign, unit: Unit | None = None) -> QuerySet[Application]:
    return campaign_applications(campaign, unit).filter(outcome=O.APPOINTED)


def _post_figures(campaign, unit):
    posts = released_posts(campaign, unit).order_by()
    figures = posts.aggregate(
        posts_released=Count("id"),
        units_releasing_posts=Count("unit", distinct=True),
        in_progress=Count("id", filter=Q(status__in=IN_PROGRESS)),
        moved_to_internal=Count("id", filter=Q(status=S.INTERNAL)),
        failed=Count("id", filter=Q(status=S.FAILED)),
        places_released=Coalesce(Sum("places"), 0),
        posts_appointed=Count("id", filter=Q(status=S.APPOINTED)),
    )
    figures["substitutions"] = Substitution.objects.filter(post__in=posts).count()
    figures["exceptions"] = ExceptionRequest.objects.filter(application__post__in=posts).aggregate(
        requested=Count("id"), approved=Count("id", filter=Q(status=ExceptionRequest.Status.APPROVED))
    )
    figures["posts_by_status"] = dict(posts.values_list("status").annotate(n=Count("id")))
    # At most seven entries of a dictionary the database grouped, not rows.
    figures["in_progress_by_step"] = {s: n for s, n in figures["posts_by_status"].items() if s in IN_PROGRESS}
    quota = (Unit.objects.filter(pk=unit.pk) if unit is not None else Unit.objects.all()).aggregate(
        q=Coalesce(Sum("leadership_quota"), 0)
    )["q"]
    figures["quota"] = quota
    figures["posts_share_of_quota"] = _share(figures["posts_released"], quota)
    return figures


def _registration_figures(campaign, unit):
    applications = campaign_applications(campaign, unit).order_by()
    # One pass over the applications for the totals and outcomes; who came to an interview is a semi-join
    # (an EXISTS inside the aggregate's FILTER would be evaluated row by row).
    present = InterviewSlot.objects.filter(application=OuterRef("pk"), absent=False)
    figures = applications.aggregate(
        registrations=Count("id"),
        outside_unit_registrations=Count("id", filter=Q(from_other_unit=True)),
        **{f"outcome_{outcome}": Count("id", filter=Q(outcome=outcome)) for outcome in O.values},
        **{f"nominated_{source}": Count("id", filter=Q(nomination_source=source)) for source in NominationSource.values},
    )
    # Every source, with zeros: the office reads "组织推荐 0" as an answer, not as a missing line.
    figures["nominations"] = {source: figures.pop(f"nominated_{source}") for source in NominationSource.values}
    figures["outside_unit_share"] = _share(figures["outside_unit_registrations"], figures["registrations"])
    figures["outcomes"] = {o: n for o in O.values if (n := figures.pop(f"outcome_{o}"))}
    figures["interviewed"] = applications.filter(Exists(present)).count()
    sessions = InterviewSession.objects.filter(campaign=campaign)
    if unit is not None:
        sessions = sessions.filter(posts__unit=unit)
    figures["interview_sessions"] = sessions.values("pk").distinct().count()

    figures.update(_posts_by_registrations(campaign, unit))

    # Repeat candidates, one GROUP BY person: their earliest failed round is before their latest round. So each
    # applied in a round after the campaign's first, and only those people are grouped (a semi-join): nobody
    # while the first round runs, a few in a campaign that ended (most posts are filled in their first round).
    failed = Q(outcome__in=FAILED_OUTCOMES) if unit is None else Q(outcome__in=FAILED_OUTCOMES, post__unit=unit)
    in_campaign = Application.objects.filter(post__campaign=campaign)
    first_round = Round.objects.filter(campaign=campaign).order_by("number").values("number")[:1]
    per_person = (
        in_campaign.filter(person__in=in_campaign.filter(round__number__gt=Subquery(first_round)).values("person"))
        .order_by()
        .values("person")
        .annotate(
            first_failed=Min("round__number", filter=failed),
            last_round=Max("round__number"),
            appointments=Count("id", filter=Q(outcome=O.APPOINTED)),
        )
        .filter(first_failed__lt=F("last_round"))
    )
    repeat = per_person.aggregate(
        people=Count("person"), appointed=Count("person", filter=Q(appointments__gt=0))
    )
    figures["repeat_candidates"] = repeat["people"]
    figures["repeat_candidates_appointed"] = repeat["appointed"]
    return figures


def _posts_by_registrations(campaign, unit):
    """The histogram of the released posts by their number of registrations, and the most contested post, from one
    GROUP BY over the applications (two had taken twice the time at 100,000 registrations). The ORM writes the
    grouped rows; a common table expression reads them twice."""
    per_post = (
        released_posts(campaign, unit).order_by().annotate(n=Count("applications")).values("unit__name", "title", "n")
    )
    rows_sql, rows_params = per_post.query.sql_with_params()
    bands = ", ".join("COUNT(*) FILTER (WHERE n >= %s AND n < %s)" for _band in REGISTRATION_BANDS)
    sql = (
        f"WITH per_post AS ({rows_sql}) "
        f"SELECT histogram.*, top.unit__name, top.title, top.n FROM (SELECT {bands} FROM per_post) histogram "
        "LEFT JOIN (SELECT unit__name, title, n FROM per_post ORDER BY n DESC, unit__name, title LIMIT 1) top ON 1 = 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*rows_params, *(bound for band in REGISTRATION_BANDS for bound in band)])
        *counts, unit_name, title, n = cursor.fetchone()
    return {
        "most_contested_post": {"unit": unit_name, "post": title, "registrations": n} if title is not None else None,
        "registrations_histogram": {f"r{low}": count for (low, _high), count in zip(REGISTRATION_BANDS, counts)},
    }


def _written_figures(campaign, unit):
    """The written exam's figures (one aggregate over the published sessions' tickets)."""
    tickets = AdmissionTicket.objects.filter(
        application__in=campaign_applications(campaign, unit).values("pk"),
        session__status=WrittenExamSession.Status.PUBLISHED,
    ).order_by()
    counts = tickets.aggregate(
        n_sat=Count("id", filter=Q(absent=False, mark__isnull=False)),
        n_absent=Count("id", filter=Q(absent=True)),
        n_passed=Count("id", filter=Q(absent=False, mark__gte=campaign.written_pass_line)),
    )
    figures = {name.removeprefix("n_"): n for name, n in counts.items()}
    figures["held"] = campaign.has_written_exam
    figures["pass_line"] = float(campaign.written_pass_line)
    figures["pass_rate"] = _share(figures["passed"], figures["sat"])
    return figures


def _appointee_figures(campaign, unit):
    age = age_at("person__birth_date", "outcome_on")
    # Admitted by exception (破格, competition.candidates): an approved, confirmed exception to a requirement.
    waived = ExceptionRequest.objects.filter(application=OuterRef("pk"), status=ExceptionRequest.Status.APPROVED)
    rows = appointees(campaign, unit).order_by().annotate(age=age, by_exception=Exists(waived))
    section_leader = Q(applicant_leadership_level=LeadershipLevel.SECTION)
    deputy_leader = Q(applicant_leadership_level=LeadershipLevel.DEPUTY_SECTION)
    # A grade of deputy-section standing or above, without a leadership post (before 2019: a non-leadership position
    # at 副科级 or 正科级; the archive import reads those into these grades).
    from_grade = Q(applicant_leadership_level="", applicant_grade__in=GRADES_OF_SECTION_STANDING)
    exceptional = ~section_leader & ((~deputy_leader & ~from_grade) | Q(by_exception=True))
    figures = rows.aggregate(
        count=Count("id"),
        average_age=Avg("age"),
        under_35=Count("id", filter=Q(age__lt=35)),
        youngest_age=Min("age"),
        women=Count("id", filter=Q(person__sex="F")),
        junior_college=Count("id", filter=~Q(applicant_education__in=BACHELOR_OR_ABOVE)),
        bachelor_or_above=Count("id", filter=Q(applicant_education__in=BACHELOR_OR_ABOVE)),
        promoted=Count("id", filter=~section_leader),
        promoted_from_deputy=Count("id", filter=deputy_leader & Q(by_exception=False)),
        promoted_from_non_leadership=Count("id", filter=from_grade & Q(by_exception=False)),
        exceptional_promotions=Count("id", filter=exceptional),
        exchanged_within_unit=Count("id", filter=section_leader & Q(applicant_unit=F("post__unit"))),
        exchanged_across_units=Count("id", filter=section_leader & ~Q(applicant_unit=F("post__unit"))),
        last_decision=Max("outcome_on"),
        **{f"a{low}": Count("id", filter=Q(age__gte=low, age__lt=high)) for low, high in AGE_BANDS},
    )
    n = figures["count"]
    figures["average_age"] = _one_decimal(figures["average_age"])
    figures["under_35_share"] = _share(figures["under_35"], n)
    figures["women_share"] = _share(figures["women"], n)
    figures["junior_college_share"] = _share(figures["junior_college"], n)
    figures["bachelor_or_above_share"] = _share(figures["bachelor_or_above"], n)
    figures["age_histogram"] = {f"{low}": figures.pop(f"a{low}") for low, _high in AGE_BANDS}
    return figures


def cohort_on(day: datetime.date | None, unit: Unit | None = None) -> dict[str, Any] | None:
    """Serving section-level leaders on ``day``: count, average age, share with bachelor or above."""
    if day is None:
        return None
    terms = Term.objects.serving_on(day).filter(position__level=Level.SECTION, position__is_leadership=True)
    if unit is not None:
        terms = terms.filter(unit=unit)
    figures = terms.order_by().aggregate(
        count=Count("person", distinct=True),
        average_age=Avg(age_at("person__birth_date", day)),
        bachelor=Count("person", distinct=True, filter=Q(person__education__in=BACHELOR_OR_ABOVE)),
    )
    return {
        "on": day.isoformat(),
        "count": figures["count"],
        "average_age": _one_decimal(figures["average_age"]),
        "bachelor_or_above_share": _share(figures["bachelor"], figures["count"]),
    }


APPOINTEE_KEYS = (
    "count",
    "average_age",
    "under_35",
    "under_35_share",
    "youngest_age",
    "women",
    "women_share",
    "junior_college",
    "junior_college_share",
    "bachelor_or_above",
    "bachelor_or_above_share",
    "promoted",
    "promoted_from_deputy",
    "promoted_from_non_leadership",
    "exceptional_promotions",
    "exchanged_within_unit",
    "exchanged_across_units",
)


def campaign_statistics(campaign: Campaign, unit: Unit | None = None) -> dict:
    """Every figure of the campaign's summary (the whole district, or one unit's part)."""
    posts = _post_figures(campaign, unit)
    registrations = _registration_figures(campaign, unit)
    appointed = _appointee_figures(campaign, unit)
    last_decision = appointed.pop("last_decision")
    n_posts = posts["posts_released"]
    return {
        "campaign": {"id": campaign.pk, "name": campaign.name, "start_date": campaign.start_date.isoformat()},
        "unit": unit.name if unit is not None else None,
        "units_releasing_posts": posts["units_releasing_posts"],
        "posts_released": n_posts,
        "leadership_quota": posts["quota"],
        "posts_share_of_quota": posts["posts_share_of_quota"],
        "registrations": registrations["registrations"],
        "written_exam": _written_figures(campaign, unit),
        "interview_sessions": registrations["interview_sessions"],
        "interviewed": registrations["interviewed"],
        "appointed": appointed["count"],
        "places_released": posts["places_released"],
        "posts_appointed": posts["posts_appointed"],
        "substitutions": posts["substitutions"],
        "exceptions": posts["exceptions"],
        "in_progress": posts["in_progress"],
        "in_progress_by_step": posts["in_progress_by_step"],
        "moved_to_internal": posts["moved_to_internal"],
        "failed": posts["failed"],
        "registrations_per_post": round(registrations["registrations"] / n_posts, 2) if n_posts else None,
        "most_contested_post": registrations["most_contested_post"],
        "outside_unit_registrations": registrations["outside_unit_registrations"],
        "outside_unit_share": registrations["outside_unit_share"],
        "nominations": registrations["nominations"],
        "repeat_candidates": registrations["repeat_candidates"],
        "repeat_candidates_appointed": registrations["repeat_candidates_appointed"],
        "appointees": {key: appointed[key] for key in APPOINTEE_KEYS},
        "cohort": {
            "before": cohort_on(campaign.start_date, unit),
            "after": cohort_on(last_decision, unit),
        },
        # For the charts.
        "charts": {
            "posts_by_status": posts["posts_by_status"],
            "outcomes": registrations["outcomes"],
            "registrations_histogram": registrations["registrations_histogram"],
            "age_histogram": appointed["age_histogram"],
        },
    }
