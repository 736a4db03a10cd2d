"""Step 6, organizational inspection (组织考察): the post's chosen candidates (the best-ranked who passed the
evaluation, one per place, and the substitutes the office confirms) are inspected in rank order, one record each.

When no chosen candidate is left to inspect, those who passed go on to publicity together (one notice for the
post), unless a chosen candidate dropped out and a substitute could still move up: the office then confirms the
substitute (competition.decision.substitutes) or goes on without one (``inspection_conclude``)."""

import datetime

from django.core.files import File
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import require_office
from competition import shortlists, workflow
from competition.inspection.rules import TEAM_MINIMUM, checklist_missing, recusal_reasons, serving_members
from competition.models import (
    Application,
    FileReviewItem,
    Inspection,
    InspectionNotice,
    InspectionTeamMember,
    Inspector,
    InspectorRelative,
    Person,
    Post,
    Unit,
)
from competition.publicity.services import publicity_draft
from competition.ranking import ranked
from competition.selection import IN_PROGRESS, substitution_possible
from competition.workflow import WorkflowError, lock_post

OFFICE_ONLY = "Only the competition office records inspections."


class InspectionRefused(WorkflowError):
    """An inspection action that cannot happen now; the message is for the user."""


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
    """The best-ranked candidate of the inspection, still in the running, whose inspection is not concluded yet."""
    concluded = Inspection.objects.filter(post=post).exclude(conclusion="").values("application_id")
    return to_inspect(post).filter(outcome=IN_PROGRESS).exclude(pk__in=concluded).first()


def not_announced(post: Post) -> list[Application]:
    """Candidates of the inspection, still in the running, that no inspection notice has named yet."""
    opened = Inspection.objects.filter(post=post).values("application_id")
    return list(to_inspect(post).filter(outcome=IN_PROGRESS).exclude(pk__in=opened))


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
    post = _lock_post_at_inspection(post_id, by)
    if next_inspection_candidate(post) is not None:
        raise WorkflowError(_("A chosen candidate is still to be inspected."))
    candidates = inspected_awaiting_publicity(post)
    if not candidates:
        raise WorkflowError(_("No candidate has passed the inspection: confirm a substitute or fail the post."))
    _go_to_publicity(post, by, candidates)
    return post


def _lock_post_at_inspection(post_id: int, by: User) -> Post:
    require_office(by, _(OFFICE_ONLY))
    post = lock_post(post_id)
    if post.status != Post.Status.INSPECTION:
        raise WorkflowError(_("The post is not at the inspection step."))
    return post


# --- The inspection notice (考察预告) ---------------------------------------------------------------------------------


@transaction.atomic
def inspection_notice_publish(
    *, post_id: int, start_date: datetime.date, end_date: datetime.date, contact: str, by: User
) -> InspectionNotice:
    """Publish the notice that names the candidates not yet announced, the period and how to give views, before the
    inspection starts; each candidate's inspection opens with it."""
    post = _lock_post_at_inspection(post_id, by)
    candidates_choose(post=post)  # a post moved here before candidates were chosen chooses now
    if next_inspection_candidate(post) is None:
        raise WorkflowError(_("No candidate is left to inspect: fail the post."))
    candidates = not_announced(post)
    if not candidates:
        raise InspectionRefused(_("Every candidate to inspect is named in a published notice already."))
    today = timezone.localdate()
    if start_date < today:
        raise InspectionRefused(
            _("The notice is published before the inspection starts: the period cannot start before today (%(day)s).")
            % {"day": today.isoformat()}
        )
    if end_date < start_date:
        raise InspectionRefused(_("The inspection cannot end before it starts."))
    contact = (contact or "").strip()
    if not contact:
        raise InspectionRefused(_("Say how the public may give their views."))
    number = (post.inspection_notices.aggregate(last=Max("number"))["last"] or 0) + 1
    notice = InspectionNotice.objects.create(
        post=post, number=number, start_date=start_date, end_date=end_date, contact=contact,
        particulars=[_particulars(post, application) for application in candidates],
        published_on=today, published_by=by,
    )  # fmt: skip
    Inspection.objects.bulk_create(
        Inspection(post=post, application=application, notice=notice, start_date=start_date, end_date=end_date,
                   recorded_by=by)
        for application in candidates
    )  # fmt: skip
    return notice


def _particulars(post: Post, application: Application) -> dict[str, str]:
    """What the public page shows of a candidate: his name and current post, and the post he is inspected for."""
    person = application.person
    return {
        "name": person.name,
        "unit": person.unit_display or "",
        "position": person.current_position,
        "post_unit": post.unit.name,
        "post_title": post.title,
    }


# --- The team ----------------------------------------------------------------------------------------------------


@transaction.atomic
def inspection_team_set(*, post_id: int, inspector_ids: list[int], by: User) -> list[InspectionTeamMember]:
    """Choose the team from the pool for every candidate whose inspection is open: each member recused for a
    candidate (himself, same unit, a declared relative) is kept with the reason, and every candidate must keep at least
    two members who are not recused."""
    post = _lock_post_at_inspection(post_id, by)
    inspections = list(
        Inspection.objects.select_for_update(of=("self",))
        .filter(post=post, conclusion="", application__outcome=IN_PROGRESS)
        .select_related("application__person")
        .order_by("pk")
    )
    if not inspections:
        raise InspectionRefused(_("Publish the inspection notice first: the team inspects the candidates it names."))
    wanted = set(inspector_ids)
    inspectors = list(Inspector.objects.filter(pk__in=wanted, active=True).order_by("name", "pk"))
    if len(inspectors) != len(wanted):
        raise InspectionRefused(_("Choose the team from the members in the pool."))
    if len(inspectors) < TEAM_MINIMUM:
        raise InspectionRefused(_("An inspection team has at least two members."))
    rows = []
    for inspection in inspections:
        reasons = recusal_reasons(inspectors, inspection.application)
        if len(inspectors) - len(reasons) < TEAM_MINIMUM:
            raise InspectionRefused(
                _("Only %(n)s member(s) of this team may inspect %(name)s; the others are recused (%(reasons)s). Add "
                  "members to the team.")
                % {"n": len(inspectors) - len(reasons), "name": inspection.application.person.name,
                   "reasons": "；".join(f"{i.name}：{reasons[i.pk]}" for i in inspectors if i.pk in reasons)}
            )  # fmt: skip
        rows += [
            InspectionTeamMember(
                inspection=inspection,
                inspector=inspector,
                recused=inspector.pk in reasons,
                recusal_reason=reasons.get(inspector.pk, ""),
                chosen_by=by,
            )  # fmt: skip
            for inspector in inspectors
        ]
    InspectionTeamMember.objects.filter(inspection__in=inspections).delete()
    return InspectionTeamMember.objects.bulk_create(rows)


@transaction.atomic
def inspection_recusal_add(*, inspection_id: int, inspector_id: int, reason: str, by: User) -> InspectionTeamMember:
    """The office recuses a member of the candidate's team for another conflict, with its reason; the candidate must
    keep at least two members who are not recused."""
    _post, inspection = _lock_open_inspection(inspection_id, by, started=False)
    reason = (reason or "").strip()
    if not reason:
        raise InspectionRefused(_("Please give a reason."))
    member = inspection.team_members.select_for_update().filter(inspector_id=inspector_id, recused=False).first()
    if member is None:
        raise InspectionRefused(_("Choose a member of the team who is not recused yet."))
    left = len(serving_members(inspection)) - 1
    if left < TEAM_MINIMUM:
        raise InspectionRefused(
            _("Only %(n)s member(s) would be left to inspect %(name)s: add members to the team first.")
            % {"n": left, "name": inspection.application.person.name}
        )
    member.recused, member.recusal_reason = True, reason[:200]
    member.save(update_fields=["recused", "recusal_reason"])
    return member


# --- One candidate's checklist and conclusion -----------------------------------------------------------------------


def _lock_open_inspection(inspection_id: int, by: User, *, started: bool = True) -> tuple[Post, Inspection]:
    """The post, then the candidate's inspection, locked (the post's lock orders all that moves it on); refused once
    concluded, so that two clicks or two workers cannot record twice."""
    require_office(by, _(OFFICE_ONLY))
    post_id = Inspection.objects.values_list("post_id", flat=True).get(pk=inspection_id)
    post = lock_post(post_id)
    inspection = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("application__person", "notice")
        .get(pk=inspection_id)
    )
    name = inspection.application.person.name
    if inspection.concluded:
        raise InspectionRefused(
            _("The conclusion of the inspection of %(name)s is recorded already (%(conclusion)s).")
            % {"name": name, "conclusion": inspection.get_conclusion_display()}
        )
    if post.status != Post.Status.INSPECTION:
        raise WorkflowError(_("The post is not at the inspection step."))
    if inspection.application.outcome != IN_PROGRESS:
        raise InspectionRefused(_("%(name)s is no longer in the running.") % {"name": name})
    if started and inspection.start_date > timezone.localdate():
        raise InspectionRefused(
            _("The inspection of %(name)s starts on %(day)s, as its notice says: record its work from then on.")
            % {"name": name, "day": inspection.start_date.isoformat()}
        )
    return post, inspection


@transaction.atomic
def inspection_checklist_save(
    *,
    inspection_id: int,
    file_review: dict[str, tuple[str, str]],
    integrity_opinion: str = "",
    integrity_opinion_by: str = "",
    integrity_opinion_on: datetime.date | None = None,
    integrity_opinion_note: str = "",
    personal_matters: str = "",
    personal_matters_note: str = "",
    people_talked_to: int | None = None,
    evaluation_result: str = "",
    by: User,
) -> Inspection:
    """Record the parts of the candidate's checklist done so far (a part left blank is not done yet). The personnel
    file review (``file_review``: item -> (result, note)) confirms each item or records the discrepancy found."""
    _post, inspection = _lock_open_inspection(inspection_id, by)
    items = dict(FileReviewItem.Item.choices)
    for item, (result, note) in file_review.items():
        if item not in items or result not in ("", *FileReviewItem.Result.values):
            raise InspectionRefused(_("Choose a result for each item of the file review."))
        if result == FileReviewItem.Result.DISCREPANCY and not (note or "").strip():
            raise InspectionRefused(
                _("%(item)s: describe the discrepancy found and how it was determined.") % {"item": items[item]}
            )
    if integrity_opinion not in ("", *Inspection.IntegrityOpinion.values):
        raise InspectionRefused(_("Choose the integrity opinion."))
    integrity_opinion_by = (integrity_opinion_by or "").strip()
    if integrity_opinion and (not integrity_opinion_by or integrity_opinion_on is None):
        raise InspectionRefused(_("Say which body gave the integrity opinion, and its date."))
    if integrity_opinion_on and integrity_opinion_on > timezone.localdate():
        raise InspectionRefused(_("The integrity opinion cannot be dated in the future."))
    if integrity_opinion == Inspection.IntegrityOpinion.CONCERNS and not integrity_opinion_note.strip():
        raise InspectionRefused(_("Record the concerns the integrity opinion raises."))
    if personal_matters not in ("", *Inspection.PersonalMatters.values):
        raise InspectionRefused(_("Choose the result of the personal matters report check."))
    if personal_matters == Inspection.PersonalMatters.INCONSISTENT and not personal_matters_note.strip():
        raise InspectionRefused(
            _("Record what was not consistent with the personal matters report, and how it was handled.")
        )
    if people_talked_to is not None and people_talked_to < 1:
        raise InspectionRefused(_("Enter how many people the team talked to (at least one)."))
    for item, (result, note) in file_review.items():
        if result:
            FileReviewItem.objects.update_or_create(
                inspection=inspection,
                item=item,
                defaults={"result": result, "note": (note or "").strip(), "checked_by": by},
            )
        else:
            FileReviewItem.objects.filter(inspection=inspection, item=item).delete()
    inspection.integrity_opinion = integrity_opinion
    inspection.integrity_opinion_by = integrity_opinion_by if integrity_opinion else ""
    inspection.integrity_opinion_on = integrity_opinion_on if integrity_opinion else None
    inspection.integrity_opinion_note = integrity_opinion_note.strip()
    inspection.personal_matters = personal_matters
    inspection.personal_matters_note = personal_matters_note.strip()
    inspection.people_talked_to = people_talked_to
    inspection.evaluation_result = evaluation_result.strip()
    inspection.save()
    return inspection


@transaction.atomic
def inspection_conclusion_record(
    *, inspection_id: int, conclusion: str, findings: str, fail_reason: str = "", report: File | None = None, by: User
) -> Inspection:
    """Record the conclusion for one candidate (考察合格 / 考察不合格), once. A pass needs the team and a complete
    checklist; a fail needs its reason, and the candidate drops out (a substitute may then move up). When nobody is
    left to inspect, those who passed go on to publicity."""
    post, inspection = _lock_open_inspection(inspection_id, by)
    name = inspection.application.person.name
    if conclusion not in Inspection.Conclusion.values:
        raise InspectionRefused(_("Choose a conclusion."))
    if len(serving_members(inspection)) < TEAM_MINIMUM:
        raise InspectionRefused(
            _("Choose the inspection team first: at least two members who are not recused for %(name)s.")
            % {"name": name}
        )
    findings = (findings or "").strip()
    if not findings:
        raise InspectionRefused(_("Write the inspection's findings."))
    if conclusion == Inspection.Conclusion.PASS:
        missing = checklist_missing(inspection)
        if missing:
            raise InspectionRefused(
                _("The checklist of %(name)s is not complete; a pass can be recorded only when it is. Still missing: "
                  "%(missing)s.") % {"name": name, "missing": "、".join(missing)}
            )  # fmt: skip
        fail_reason = ""
    elif not (fail_reason or "").strip():
        raise InspectionRefused(_("Give the reason the inspection was not passed."))
    today = timezone.localdate()
    inspection.conclusion, inspection.findings, inspection.fail_reason = (
        conclusion,
        findings,
        (fail_reason or "").strip(),
    )
    inspection.concluded_on, inspection.recorded_by = today, by
    if report is not None:
        inspection.report = report
    inspection.save()
    if conclusion == Inspection.Conclusion.FAIL:
        application = inspection.application
        application.outcome = Application.Outcome.INSPECTION_FAILED
        application.outcome_on = today
        application.save(update_fields=["outcome", "outcome_on", "updated_at"])
    _advance_if_done(post, by)
    return inspection


# --- The pool ----------------------------------------------------------------------------------------------------


@transaction.atomic
def inspector_create(
    *, name: str, unit: Unit | None = None, title: str = "", person: Person | None = None, by: User
) -> Inspector:
    require_office(by, _("Only the competition office may do this."))
    name = (name or "").strip()
    if not name:
        raise InspectionRefused(_("Enter the name."))
    return Inspector.objects.create(name=name, unit=unit, title=(title or "").strip(), person=person)


@transaction.atomic
def inspector_add_relative(*, inspector_id: int, person: Person, kind: str, by: User) -> InspectorRelative:
    require_office(by, _("Only the competition office may do this."))
    inspector = Inspector.objects.select_for_update().get(pk=inspector_id)
    relative, _created = InspectorRelative.objects.update_or_create(
        inspector=inspector, person=person, defaults={"kind": kind}
    )
    return relative


@transaction.atomic
def inspector_set_active(*, inspector_id: int, active: bool, by: User) -> Inspector:
    """Take a member out of the pool (teams already chosen keep him) or back in."""
    require_office(by, _("Only the competition office may do this."))
    inspector = Inspector.objects.select_for_update().get(pk=inspector_id)
    inspector.active = active
    inspector.save(update_fields=["active"])
    return inspector
