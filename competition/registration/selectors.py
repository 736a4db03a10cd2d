"""Step 3's reads: the board, a candidate's own pages, the office's lists, the pre-check's failures in words, and
the registration roster."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.models import User
from competition.candidates.materials import missing_by_application
from competition.candidates.nomination import nomination_text
from competition.excel import workbook_response_bytes
from competition.models import Application, Education, Person, PoliticalStatus, Post, Rank
from core.sealed import keyed_hash

# --- Candidates ---


def person_of(user: User) -> Person | None:
    """The user's own candidate profile, if they have filled it in."""
    return Person.objects.filter(user=user).first()


def applications_of(user: User) -> QuerySet[Application]:
    """The user's own applications, the latest first."""
    return (
        Application.objects.filter(person__user=user)
        .select_related("post__unit", "post__campaign", "round")
        .order_by("-created_at")
    )


def own_application_to(user: User, post: Post) -> Application | None:
    if not roles.is_candidate(user):
        return None
    return Application.objects.filter(post=post, person__user=user).first()


def is_on_the_board(user: User, post_id: int) -> bool:
    return Post.objects.on_board_for(user).filter(pk=post_id).exists()


def describe_failure(failure: dict[str, Any]) -> str:
    """A failure from ``services.precheck`` in the reader's language."""
    item, required, actual = failure.get("item"), failure.get("required"), failure.get("actual")
    if item == "age":
        return _("Age %(actual)s at the registration deadline; the post allows at most %(required)s.") % {
            "actual": actual,
            "required": required,
        }
    if item == "education":
        return _("Education “%(actual)s”; the post requires at least “%(required)s”.") % {
            "actual": Education(actual).label if actual in Education.values else actual,
            "required": Education(required).label if required in Education.values else required,
        }
    if item == "rank":
        return _("Current rank “%(actual)s”; the post requires at least “%(required)s”.") % {
            "actual": Rank(actual).label if actual in Rank.values else actual,
            "required": Rank(required).label if required in Rank.values else required,
        }
    if item == "years_in_rank":
        if actual is None:
            return _("The date the current rank was reached is missing; the post requires %(required)s years in rank.") % {
                "required": required
            }
        return _("%(actual)s years in the current rank; the post requires %(required)s.") % {
            "actual": actual,
            "required": required,
        }
    if item == "party_membership":
        return _("Political status “%(actual)s”; the post requires a CPC member.") % {
            "actual": PoliticalStatus(actual).label if actual in PoliticalStatus.values else (actual or _("not given")),
        }
    return str(failure)


def failure_texts(application: Application) -> list[str]:
    return [
        _("%(failure)s Admitted by exception (破格).") % {"failure": describe_failure(f)} if f.get("waived") else describe_failure(f)
        for f in application.precheck_failures
    ]


# --- The office ---


def applications_summary(post: Post) -> dict[str, int]:
    return post.applications.aggregate(
        total=Count("id", filter=~Q(status=Application.Status.WITHDRAWN)),
        qualified=Count("id", filter=Q(status=Application.Status.QUALIFIED)),
        unqualified=Count("id", filter=Q(status=Application.Status.UNQUALIFIED)),
        waiting=Count("id", filter=Q(status=Application.Status.SUBMITTED)),
        withdrawn=Count("id", filter=Q(status=Application.Status.WITHDRAWN)),
        from_other_units=Count("id", filter=Q(from_other_unit=True) & ~Q(status=Application.Status.WITHDRAWN)),
    )


def panel_applications(post: Post) -> list[Application]:
    """The post's applications for its registration panel, each with its pre-check failures in words."""
    applications = list(
        Application.objects.filter(post=post).select_related("person", "applicant_unit").order_by("status", "created_at")
    )
    missing = missing_by_application(post)
    for application in applications:
        application.failure_texts = failure_texts(application)
        # A required material not handed in is a qualification issue too (competition.candidates.materials).
        application.material_issues = [
            _("Required material missing: %(title)s") % {"title": title} for title in missing.get(application.pk, [])
        ]
        application.nomination_text = nomination_text(application)
    return applications


def people_search(text: str) -> QuerySet[Person]:
    """People who have applied at least once, by name or exact ID number."""
    # A semi-join (EXISTS), not a join with DISTINCT over every application: the page reads 50 of 50,000 people.
    people = Person.objects.filter(Exists(Application.objects.filter(person=OuterRef("pk")))).select_related(
        "current_unit"
    )
    if text:
        people = people.filter(Q(name__icontains=text) | Q(id_number_hash=keyed_hash(text.strip().upper())))
    return people.order_by("name", "pk")


def with_history(person: Person) -> Person:
    """The person with every application (and its reviews) and their work history, for the history page."""
    applications = (
        Application.objects.select_related("post__unit", "post__campaign", "round")
        .prefetch_related("reviews__by")
        .order_by("post__campaign__start_date", "round__number", "created_at")
    )
    prefetch_related_objects([person], Prefetch("applications", queryset=applications), "work_history")
    return person


# --- The roster ---


def roster_applications() -> QuerySet[Application]:
    return Application.objects.select_related(
        "post__campaign", "post__unit", "round", "person", "applicant_unit"
    ).order_by("post__unit__name", "post__title", "created_at")


def roster_rows(applications: Iterable[Application]) -> Iterator[list[Any]]:
    """One row per application for the Excel roster (headers: ``roster_headers``)."""
    for a in applications:
        person = a.person
        yield [
            a.post.campaign.name,
            a.round.number if a.round_id else "",
            a.post.unit.name,
            a.post.title,
            person.name,
            person.get_sex_display(),
            person.birth_date,
            person.masked_id_number,
            a.applicant_unit.name if a.applicant_unit_id else person.current_unit_other,
            a.applicant_position,
            a.get_applicant_rank_display(),
            _("yes") if a.applicant_is_leadership else _("no"),
            a.get_applicant_education_display(),
            person.major,
            person.get_political_status_display(),
            person.phone,
            _("yes") if a.from_other_unit else _("no"),
            timezone.localtime(a.created_at).replace(tzinfo=None),
            a.get_status_display(),
            _("passed") if a.precheck_passed else "; ".join(failure_texts(a)),
            a.review_reason or a.withdrawal_reason,
            a.get_outcome_display() if a.outcome else "",
        ]


def roster_headers() -> list[str]:
    return [
        _("campaign"), _("round"), _("unit"), _("post"), _("name"), _("sex"), _("birth date"), _("resident ID number"),
        _("current unit"), _("current position"), _("current rank"), _("leadership position"), _("education"),
        _("major"), _("political status"), _("mobile phone"), _("from another unit"), _("applied at"),
        _("qualification result"), _("automatic pre-check"), _("reason"), _("outcome"),
    ]


def roster_workbook(applications: Iterable[Application], title: str) -> bytes:
    return workbook_response_bytes([(title, roster_headers(), roster_rows(applications))])
