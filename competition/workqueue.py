"""The home page as a work queue (issue 20.1): what needs this person now, with counts and links, oldest first.

Each role's tasks come from providers: functions of the user returning ``Task``s. The competition's own providers are
here; an app above the competition (tenure) registers its own with ``provider`` from its ``AppConfig.ready``, so the
dependency still points down. A task with a count of 0 is not shown.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts import rules as roles
from competition.models import (
    AdmissionTicket,
    Application,
    Campaign,
    Evaluation,
    InterviewSession,
    Objection,
    Post,
    Publicity,
)
from notifications.models import Reminder

# Publicity ending within this many days is shown to the office, so that the committee can be prepared.
PUBLICITY_ENDING_DAYS = 3


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    url: str
    # The oldest waiting item (a date or a datetime): the queue is ordered by it, oldest first; None goes last.
    since: datetime.date | None = None
    # What the date means for the reader ("waiting since", "on", "ends"), shown beside it.
    since_label: str = ""


Provider = Callable[[object], Iterable[Task]]
_providers: list[Provider] = []


def provider(function: Provider) -> Provider:
    _providers.append(function)
    return function


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def work_for(user) -> list[Task]:
    """Every task of every provider for ``user`` that has something in it, oldest first."""
    tasks = [task for function in _providers for task in function(user) if task.count]
    return sorted(tasks, key=lambda task: (_as_date(task.since) is None, _as_date(task.since) or datetime.date.max))


def _post_task(label: str, posts, status_filter: str = "") -> Task:
    """Posts waiting in one state: one post links to itself, several to the post list filtered to them."""
    found = posts.aggregate(oldest=Min("updated_at"))
    count = posts.count()
    if count == 1:
        url = reverse("competition:post_detail", args=[posts.values_list("pk", flat=True).get()])
    else:
        url = reverse("competition:post_list") + (f"?status={status_filter}" if status_filter else "")
    return Task(label, count, url, found["oldest"], pgettext("work queue", "waiting since"))


def _announce_task(accepted) -> Task:
    """Accepted posts to announce: several of one campaign lead to its page, whose next-step panel announces them
    all at once (competition.release.guide); one post leads to itself."""
    task = _post_task(_("Accepted posts to announce"), accepted, Post.Status.ACCEPTED)
    campaigns = list(accepted.order_by().values_list("campaign_id", flat=True).distinct()[:2])
    if task.count > 1 and len(campaigns) == 1:
        url = reverse("competition:campaign_detail", args=[campaigns[0]]) + "#next-step"
        return Task(task.label, task.count, url, task.since, task.since_label)
    return task


@provider
def office_tasks(user) -> Iterable[Task]:
    if not roles.is_office(user):
        return
    posts = Post.objects.visible_to(user)
    today = timezone.localdate()
    yield _post_task(_("Posts awaiting acceptance"), posts.filter(status=Post.Status.RELEASED), Post.Status.RELEASED)
    yield _announce_task(posts.filter(status=Post.Status.ACCEPTED))
    pending = Application.objects.filter(
        post__in=posts, status=Application.Status.SUBMITTED, post__status=Post.Status.REGISTRATION
    )
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    yield Task(
        _("Applications awaiting qualification review"), pending.count(),
        reverse("competition:post_list") + f"?status={Post.Status.REGISTRATION}", oldest, pgettext("work queue", "waiting since"),
    )  # fmt: skip
    # Posts at the written exam (competition.written): an exam to arrange, marks to enter, results to publish.
    yield _post_task(
        _("Written exams to arrange, mark or publish"), posts.filter(status=Post.Status.WRITTEN), Post.Status.WRITTEN
    )
    sessions = InterviewSession.objects.filter(
        posts__in=posts, date__gte=today, date__lte=today + datetime.timedelta(days=7)
    ).exclude(status__in=[InterviewSession.Status.CLOSED, InterviewSession.Status.PUBLISHED]).distinct()
    today_sessions = sessions.filter(date=today)
    yield Task(_("Interview sessions today"), today_sessions.count(), reverse("interviews:session_list"), today, pgettext("work queue", "on"))
    later = sessions.exclude(date=today)
    yield Task(
        _("Interview sessions in the coming week"), later.count(), reverse("interviews:session_list"),
        later.aggregate(first=Min("date"))["first"], pgettext("work queue", "first on"),
    )  # fmt: skip
    open_evaluations = Evaluation.objects.filter(post__in=posts, status=Evaluation.Status.OPEN)
    yield _post_task(
        _("Democratic evaluations open"), posts.filter(evaluation__in=open_evaluations), Post.Status.EVALUATION
    )
    ending = Publicity.objects.filter(
        post__in=posts, status=Publicity.Status.PUBLISHED, end_date__lte=today + datetime.timedelta(days=PUBLICITY_ENDING_DAYS)
    )
    yield Task(
        _("Publicity ending (or over and waiting to be ended)"), ending.values("post").distinct().count(),
        reverse("competition:post_list") + f"?status={Post.Status.PUBLICITY}",
        ending.aggregate(first=Min("end_date"))["first"], pgettext("work queue", "ends"),
    )  # fmt: skip
    objections = Objection.objects.filter(publicity__post__in=posts, result=Objection.Result.PENDING)
    yield Task(
        _("Objections to investigate"), objections.count(), reverse("appointment:publicity_list"),
        objections.aggregate(oldest=Min("created_at"))["oldest"], pgettext("work queue", "received"),
    )  # fmt: skip
    yield _post_task(_("Committee decisions due"), posts.filter(status=Post.Status.DECISION), Post.Status.DECISION)
    failed = Reminder.objects.filter(status=Reminder.Status.FAILED)
    yield Task(
        _("Reminders that could not be sent"), failed.count(), reverse("notifications:reminder_list") + "?status=failed",
        failed.aggregate(oldest=Min("created_at"))["oldest"], pgettext("work queue", "since"),
    )  # fmt: skip


@provider
def secretary_tasks(user) -> Iterable[Task]:
    if not roles.is_unit_secretary(user):
        return
    posts = Post.objects.visible_to(user)
    yield _post_task(_("Drafts to release"), posts.filter(status=Post.Status.DRAFT), Post.Status.DRAFT)
    yield _post_task(_("Posts returned by the office"), posts.filter(status=Post.Status.RETURNED), Post.Status.RETURNED)
    notices = posts.filter(publicities__status=Publicity.Status.AWAITING_APPROVAL).distinct()
    yield _post_task(_("Publicity notices to approve"), notices, Post.Status.PUBLICITY)
    yield _post_task(_("Committee decisions to record"), posts.filter(status=Post.Status.DECISION), Post.Status.DECISION)
    internal = posts.filter(campaign__kind=Campaign.Kind.INTERNAL).exclude(status__in=Post.TERMINAL_STATES)
    yield _post_task(_("Posts of your unit's internal competition"), internal)


@provider
def examiner_tasks(user) -> Iterable[Task]:
    if not roles.is_examiner(user):
        return
    today = timezone.localdate()
    sessions = InterviewSession.objects.filter(examiners__user=user, date=today).exclude(
        status__in=[InterviewSession.Status.CLOSED, InterviewSession.Status.PUBLISHED]
    )
    count = sessions.count()
    url = (
        reverse("interviews:examiner_score", args=[sessions.values_list("pk", flat=True).get()])
        if count == 1
        else reverse("interviews:session_list")
    )
    yield Task(_("Your interview sessions today"), count, url, today, pgettext("work queue", "on"))


@provider
def candidate_tasks(user) -> Iterable[Task]:
    """Required materials (工作设想, slides...) the candidate has still to hand in, before their deadlines."""
    if not roles.is_candidate(user):
        return
    from competition.candidates import materials

    now = timezone.now()
    applications = Application.objects.filter(
        person__user=user,
        status__in=[Application.Status.SUBMITTED, Application.Status.QUALIFIED],
        post__status__in=[Post.Status.REGISTRATION, Post.Status.WRITTEN, Post.Status.INTERVIEW],
    ).select_related("post")
    due = [
        (application, requirement)
        for application in applications
        for requirement in materials.missing_required(application)
        if requirement.deadline > now
    ]
    if not due:
        return
    with_missing = {application.pk for application, _ in due}
    url = (
        reverse("candidates:materials", args=[with_missing.pop()])
        if len(with_missing) == 1
        else reverse("registration:my_applications")
    )
    yield Task(_("Materials to hand in"), len(due), url, min(r.deadline for _, r in due), pgettext("work queue", "due"))


@dataclass(frozen=True)
class Step:
    """A candidate's application with what comes next for it."""

    application: Application
    next_label: str
    next_date: datetime.date | datetime.datetime | None


def candidate_steps(user) -> list[Step]:
    """The candidate's applications still in play, each with its next date, the soonest first; then the finished."""
    if not user.is_authenticated:
        return []
    applications = (
        Application.objects.filter(person__user=user)
        .exclude(status=Application.Status.WITHDRAWN)
        .select_related("post__unit", "post__campaign", "round")
        .prefetch_related("interview_slots__session", "publicities")
    )
    steps = [Step(application, *_next_for(application)) for application in applications]
    return sorted(steps, key=lambda step: (_as_date(step.next_date) is None, _as_date(step.next_date) or datetime.date.max))


def _next_for(application: Application) -> tuple[str, datetime.date | datetime.datetime | None]:
    post = application.post
    if application.outcome:
        return application.get_outcome_display(), None
    if application.status == Application.Status.UNQUALIFIED:
        return _("Not qualified"), None
    if post.status == Post.Status.REGISTRATION:
        if application.round_id and application.round.registration_closes > timezone.now():
            return _("Registration closes"), application.round.registration_closes
        return _("Qualification review"), None
    if post.status == Post.Status.WRITTEN:
        ticket = AdmissionTicket.objects.filter(application=application).select_related("session").first()
        if ticket is not None:
            return _("Written exam"), ticket.session.starts_at
        return _("Written exam (date to be announced)"), None
    if post.status == Post.Status.INTERVIEW:
        for slot in application.interview_slots.all():
            if slot.session.date:
                return _("Interview"), slot.session.date
        return _("Interview (date to be announced)"), None
    if post.status == Post.Status.PUBLICITY:
        for publicity in application.publicities.all():
            if publicity.status == Publicity.Status.PUBLISHED and publicity.end_date:
                return _("Publicity ends"), publicity.end_date
    return post.get_status_display(), None

