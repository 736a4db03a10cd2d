"""Step 8, committee decision (党委(组)讨论决定), and what the office does after a candidate is stopped.

The committee votes on each candidate whose publicity ended (a vote per candidate). Its members are the unit's
standing roster on the meeting's date (``competition.decision.roster``); a member who is the candidate or his declared
relative is recused for that item (recorded, not present). The meeting is valid with at least two thirds of all
members present; the candidate passes with the agreement of more than half of ALL members (exactly half fails). A pass appoints the candidate to one of the post's places (his term starts when the
appointment formalities are complete: ``competition.formalities``); the post is appointed when its places are filled (the other candidates then end as not
appointed), or when the office closes it with fewer and a reason (``post_close_with_fewer``).
"""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import rules as roles
from accounts.models import User
from competition import offering, workflow
from competition.decision.roster import meeting_seats
from competition.decision.signals import appointment_decided
from competition.models import Application, CommitteeMember, Decision, DecisionMember, Post, Publicity
from competition.ranking import ranked
from competition.workflow import WorkflowError, lock_post
from notifications.messages import Text
from notifications.services import notify


def quorum_met(present: int, total: int) -> bool:
    return total > 0 and present * 3 >= total * 2


def majority_reached(agree: int, total: int) -> bool:
    return agree * 2 > total


def decision_candidates(post: Post) -> list[Application]:
    """The candidates whose publicity ended without a substantiated objection, who are still in the running and
    whom the committee has not decided on yet, best-ranked first."""
    return list(
        ranked(
            Application.objects.filter(
                post=post,
                publicities__post=post,
                publicities__status=Publicity.Status.ENDED,
                outcome=Application.Outcome.IN_PROGRESS,
            )
            .exclude(decisions__post=post)
            .select_related("person")
            .distinct()
        )
    )


def decision_candidate(post: Post) -> Application | None:
    """The first candidate awaiting the committee (best-ranked), or None."""
    candidates = decision_candidates(post)
    return candidates[0] if candidates else None


def places_filled(post: Post) -> int:
    return Decision.objects.filter(post=post, result=Decision.Result.PASSED).count()


@transaction.atomic
def decision_record(
    *,
    post_id: int,
    meeting_date: datetime.date,
    votes: Mapping[int, str],
    notes: str = "",
    application_id: int | None = None,
    meeting_no: int | None = None,
    place: str = "",
    chair: str = "",
    by: User,
) -> Decision:
    """Record the meeting's vote on one candidate (``application_id``; may be left out when only one awaits).

    ``votes`` maps the committee members (ids of the unit's roster serving on ``meeting_date``) to their vote:
    agree, disagree or defer for a member present, "" (or left out) for one absent. A member recused for the
    candidate (the candidate himself, a declared relative) is recorded as recused and cannot vote. The meeting's
    number in its year, its place and its chair (a member present) go into its record (会议记录)."""
    post = lock_post(post_id)
    roles.require(
        roles.is_office_or_unit_secretary_of, by, post, _("Only the post's unit secretary records its committee's decision.")
    )
    if post.status != Post.Status.DECISION:
        raise WorkflowError(_("The post is not at the committee decision step."))
    candidates = decision_candidates(post)
    if not candidates:
        raise WorkflowError(_("No candidate awaits the committee's decision."))
    if application_id is None and len(candidates) > 1:
        raise WorkflowError(_("Choose the candidate the committee voted on."))
    application = next((c for c in candidates if application_id in (None, c.pk)), None)
    if application is None:
        raise WorkflowError(_("This candidate does not await the committee's decision."))
    if meeting_date > timezone.localdate():
        raise WorkflowError(_("The meeting date cannot be in the future."))
    seats = meeting_seats(post.unit, meeting_date, application)
    if not seats:
        raise WorkflowError(
            _("The committee of %(unit)s has no members on %(date)s: keep its roster first.")
            % {"unit": post.unit.name, "date": meeting_date.isoformat()}
        )
    on_roster = {seat.member.pk for seat in seats}
    strangers = set(votes) - on_roster
    if strangers:
        names = ", ".join(CommitteeMember.objects.filter(pk__in=strangers).values_list("name", flat=True)) or "?"
        raise WorkflowError(
            _("%(names)s: not on the committee on %(date)s.") % {"names": names, "date": meeting_date.isoformat()}
        )
    rows = []
    for seat in seats:
        member = seat.member
        vote = votes.get(member.pk) or ""
        if vote not in ("", DecisionMember.Vote.AGREE, DecisionMember.Vote.DISAGREE, DecisionMember.Vote.DEFER):
            raise WorkflowError(_("%(name)s: choose a vote.") % {"name": member.name})
        if seat.recusal and vote:
            raise WorkflowError(
                _("%(name)s is recused for this candidate (%(reason)s) and cannot vote.")
                % {"name": member.name, "reason": seat.recusal}
            )
        rows.append(
            DecisionMember(
                member=member,
                name=member.name,
                attended=bool(vote),
                vote=vote,
                recused=bool(seat.recusal),
                recusal_reason=seat.recusal,
            )
        )
    chair = chair.strip()
    if chair and not any(row.name == chair and row.attended for row in rows):
        raise WorkflowError(_("%(name)s did not attend this item and cannot have chaired it.") % {"name": chair})
    if meeting_no is not None and meeting_no < 1:
        raise WorkflowError(_("A meeting number starts at 1."))
    total = len(rows)  # the whole roster: a recused member is a member, not present for this item
    present = sum(row.attended for row in rows)
    if not quorum_met(present, total):
        raise WorkflowError(
            _("Only %(present)s of %(total)s members were present; at least two thirds must attend.")
            % {"present": present, "total": total}
        )
    agree = sum(row.vote == DecisionMember.Vote.AGREE for row in rows)
    passed = majority_reached(agree, total)
    # The post's row lock (above) orders the appointments of one post; the constraints on place_no are the last line.
    filled = places_filled(post)
    if passed and filled >= post.places:
        raise WorkflowError(_("Every place of the post is filled."))
    decision = Decision.objects.create(
        place_no=filled + 1 if passed else None,
        places=post.places if passed else None,
        post=post,
        application=application,
        meeting_date=meeting_date,
        meeting_no=meeting_no,
        place=place.strip(),
        chair=chair,
        members_total=total,
        present=present,
        agree=agree,
        recused=sum(row.recused for row in rows),
        result=Decision.Result.PASSED if passed else Decision.Result.FAILED,
        notes=notes,
        recorded_by=by,
    )
    for row in rows:
        row.decision = decision
    DecisionMember.objects.bulk_create(rows)
    application.outcome = Application.Outcome.APPOINTED if passed else Application.Outcome.DECISION_FAILED
    application.outcome_on = meeting_date
    application.save(update_fields=["outcome", "outcome_on", "updated_at"])
    if passed:
        # The term waits for the appointment formalities (competition.formalities), which start it.
        appointment_decided.send(sender=Decision, decision=decision, application=application, decided_on=meeting_date)
        if filled + 1 == post.places:  # the last place: the post is appointed, the others end as not appointed
            workflow.post_appoint(post_id=post.pk, by=by, reason=_("Committee decision of %(date)s.") % {"date": meeting_date})
    _tell_candidate_of_decision(application, post, meeting_date, passed)
    return decision


# What the candidate is told of the decision, by its result: kind, subject, what happened and what next.
DECISION_MESSAGES = {
    True: (
        "appointed",
        gettext_lazy("You are appointed: %(post)s"),
        gettext_lazy(
            "The committee of %(unit)s decided on %(day)s to appoint you as %(post)s. The unit will arrange the "
            "pre-appointment talk and the appointment formalities with you; your term starts on the appointment "
            "document's effective date, and you will be told when it does."
        ),
    ),
    False: (
        "decision_failed",
        gettext_lazy("%(post)s: the committee did not pass the appointment"),
        gettext_lazy(
            "The committee of %(unit)s discussed your appointment as %(post)s on %(day)s and did not pass it. "
            "Your application for this post ends here; nothing more is needed from you. The competition "
            "office may ask the next-ranked candidate to move up."
        ),
    ),
}


def _tell_candidate_of_decision(application: Application, post: Post, meeting_date: datetime.date, passed: bool) -> None:
    kind, subject, body = DECISION_MESSAGES[passed]
    notify(
        recipients=[application.person.user],
        subject=Text(subject, post=post),
        body=Text(body, unit=post.unit, day=meeting_date, post=post),
        url=reverse("registration:my_applications"),
        kind=kind,
    )


@transaction.atomic
def post_close_with_fewer(*, post_id: int, reason: str, by: User) -> Post:
    """The office closes a post with fewer appointees than places (no suitable candidate left for the others): the
    post is appointed, the reason goes into its log, and the candidates still in the running end as not appointed."""
    roles.require_office(by, _("Only the competition office closes a post with fewer appointees."))
    post = lock_post(post_id)
    if not places_filled(post):
        raise WorkflowError(_("Nobody has been appointed to this post: fail it instead."))
    if Publicity.objects.filter(post=post, status__in=Publicity.RUNNING_STATES).exists():
        raise WorkflowError(_("A publicity of this post is still running."))
    return workflow.post_close_with_fewer(post_id=post.pk, by=by, reason=reason)


@transaction.atomic
def post_rerelease(*, post_id: int, by: User, reason: str) -> Post:
    """Fail the post and draft it again in its campaign, for a later round (the office then places it in a round);
    its requirements are copied (``competition.offering``) and its former applicants told."""
    roles.require_office(by, _("Only the competition office re-releases a post."))
    post = workflow.post_fail(post_id=post_id, by=by, reason=reason)
    copy = offering.copy_post(post, campaign=post.campaign, by=by, rereleased_from=post)
    offering.tell_former_applicants(post, copy)
    return copy
