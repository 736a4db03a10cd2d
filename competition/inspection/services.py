"""Step 6, organizational inspection (组织考察): the post's chosen candidates (the best-ranked who passed the
evaluation, one per place, and the substitutes the office confirms) are inspected in rank order, one record each.

When no chosen candidate is left to inspect, those who passed go on to publicity together (one notice for the
post), unless a chosen candidate dropped out and a substitute could still move up: the office then confirms the
substitute (competition.decision.substitutes) or goes on without one (``inspection_conclude``)."""

import datetime

from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import require_office
from competition import shortlists, workflow
from competition.models import Application, Inspection, Post
from competition.publicity.services import publicity_draft
from competition.ranking import ranked
from competition.selection import IN_PROGRESS, substitution_possible
from competition.workflow import WorkflowError, lock_post


def candidates_choose(*, post: Post) -> list[Application]:
    """Choose the candidates inside the line at the post's places among those who passed the evaluation (as the post
    enters inspection, under its row lock; again after an extra interview broke a tie). A group tied at the line is
    not chosen until an extra interview breaks the tie (competition.shortlists); the line counts those who dropped
    out since, so later candidates move up only as confirmed substitutes. Returns the newly chosen."""
    chosen = [
        application
        for application in shortlists.places_cut(post).inside
        if not application.chosen and application.outcome == IN_PROGRESS
    ]
    Application.objects.filter(pk__in=[a.pk for a in chosen]).update(chosen=True)
    return chosen


def to_inspect(post: Post) -> QuerySet[Application]:
    """Who the post's inspection covers: its chosen candidates (substitutes included) and the inspection's shortlist
    (places + the campaign's 差额, with a group tied at the line), best first."""
    shortlist = [a.pk for a in shortlists.inspection_cut(post).goes_on]
    return ranked(post.applications.filter(Q(chosen=True) | Q(pk__in=shortlist)).select_related("person"))


def next_inspection_candidate(post: Post) -> Application | None:
    """The best-ranked candidate of the inspection, still in the running, who was not inspected yet."""
    return to_inspect(post).filter(outcome=IN_PROGRESS).exclude(inspections__post=post).first()


def inspected_awaiting_publicity(post: Post) -> list[Application]:
    """Chosen candidates in the running whose inspection passed and who have no publicity yet, best-ranked first."""
    return list(
        ranked(
            post.applications.filter(
                chosen=True,
                outcome=IN_PROGRESS,
                inspections__post=post,
                inspections__conclusion=Inspection.Conclusion.PASS,
            )
            .exclude(publicities__post=post)
            .select_related("person")
        )
    )


def _go_to_publicity(post: Post, by: User | None, candidates: list[Application]) -> None:
    names = "、".join(a.person.name for a in candidates)
    workflow.post_start_publicity(post_id=post.pk, by=by, reason=_("Inspection of %(name)s passed.") % {"name": names})
    publicity_draft(post=post, applications=candidates)


def _advance_if_done(post: Post, by: User | None) -> None:
    """Go on to publicity once nobody chosen is left to inspect, unless a dropped-out chosen candidate could still be
    replaced (the office decides that)."""
    if next_inspection_candidate(post) is not None:
        return
    candidates = inspected_awaiting_publicity(post)
    if candidates and not substitution_possible(post) and not tie_waiting(post):
        _go_to_publicity(post, by, candidates)


def tie_waiting(post: Post) -> list[Application]:
    """Candidates in the running tied at the line of the places and not chosen: the places they share wait for an
    extra interview (shown on the inspection panel)."""
    return [a for a in shortlists.places_cut(post).tied if not a.chosen and a.outcome == IN_PROGRESS]


def places_after_tie_break(post: Post, by: User | None) -> None:
    """After an extra interview changed the ranking of a post at inspection (its row locked by the caller): choose
    who is now inside the places' line, and go on if nobody is left to inspect."""
    if post.status != Post.Status.INSPECTION:
        return
    candidates_choose(post=post)
    _advance_if_done(post, by)


@transaction.atomic
def inspection_conclude(*, post_id: int, by: User) -> Post:
    """The office goes on to publicity with the candidates whose inspection passed, without waiting for a substitute."""
    require_office(by, _("Only the competition office records inspections."))
    post = lock_post(post_id)
    if post.status != Post.Status.INSPECTION:
        raise WorkflowError(_("The post is not at the inspection step."))
    if next_inspection_candidate(post) is not None:
        raise WorkflowError(_("A chosen candidate is still to be inspected."))
    candidates = inspected_awaiting_publicity(post)
    if not candidates:
        raise WorkflowError(_("No candidate has passed the inspection: confirm a substitute or fail the post."))
    _go_to_publicity(post, by, candidates)
    return post


@transaction.atomic
def inspection_record(
    *,
    post_id: int,
    team: str,
    start_date: datetime.date,
    end_date: datetime.date,
    people_talked_to: int,
    findings: str,
    conclusion: str,
    report: File | None,
    by: User,
) -> Inspection:
    require_office(by, _("Only the competition office records inspections."))
    post = lock_post(post_id)
    if post.status != Post.Status.INSPECTION:
        raise WorkflowError(_("The post is not at the inspection step."))
    candidates_choose(post=post)  # a post moved here before candidates were chosen chooses now
    application = next_inspection_candidate(post)
    if application is None:
        raise WorkflowError(_("No candidate is left to inspect: fail the post."))
    if end_date < start_date:
        raise WorkflowError(_("The inspection cannot end before it starts."))
    if conclusion not in Inspection.Conclusion.values:
        raise WorkflowError(_("Choose a conclusion."))
    inspection = Inspection.objects.create(
        post=post,
        application=application,
        team=team,
        start_date=start_date,
        end_date=end_date,
        people_talked_to=people_talked_to,
        findings=findings,
        conclusion=conclusion,
        report=report,
        recorded_by=by,
    )
    if conclusion == Inspection.Conclusion.FAIL:
        application.outcome = Application.Outcome.INSPECTION_FAILED
        application.outcome_on = end_date
        application.save(update_fields=["outcome", "outcome_on", "updated_at"])
    _advance_if_done(post, by)
    return inspection
