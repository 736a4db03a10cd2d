"""The competition's access layer: the only place that turns (user, id) into an object.

One helper per object kind: it returns the object, or raises 404 (the user may not see it; nothing is revealed)
or 403 (the user's role may not act here). Views call these and nothing else to find what a URL names; list
views filter with the ``*_visible_to`` querysets.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import rules as roles
from accounts.rules import require_back_office, require_office
from competition import kinds
from competition.models import (
    AdmissionTicket,
    Appeal,
    Application,
    Campaign,
    CommitteeMember,
    Decision,
    Evaluation,
    Examiner,
    ExceptionRequest,
    Formalities,
    Inspection,
    InspectionNotice,
    Inspector,
    InterviewSession,
    InterviewSlot,
    Material,
    MaterialRequirement,
    Objection,
    Person,
    Post,
    Publicity,
    Question,
    Round,
    Score,
    Unit,
    WorkdayOverride,
    WorkHistoryEntry,
    WrittenExamSession,
)

# --- Campaigns and posts ---


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """The back office's campaigns (``kinds.campaigns_filter``: the office every unit's internal ones too)."""
    return Campaign.objects.filter(kinds.campaigns_filter(user))


def get_campaign_for_user(user, campaign_id: int) -> Campaign:
    require_back_office(user)
    return get_object_or_404(campaigns_visible_to(user), pk=campaign_id)


def get_campaign_for_office(user, campaign_id: int) -> Campaign:
    require_office(user)
    return get_object_or_404(Campaign, pk=campaign_id)


def get_round_for_office(user, round_id: int) -> Round:
    require_office(user)
    return get_object_or_404(Round.objects.select_related("campaign"), pk=round_id)


def get_campaign_for_runner(user, campaign_id: int, step: str) -> Campaign:
    """A campaign whose ``step`` the user runs (``kinds.runs``): 404 if they may not see it, 403 if they may
    see it but not run the step."""
    campaign = get_campaign_for_user(user, campaign_id)
    kinds.require_runner(user, campaign, step)
    return campaign


def get_round_for_runner(user, round_id: int, step: str) -> Round:
    """A round of a campaign whose ``step`` the user runs (an internal campaign's rounds are its secretary's)."""
    require_back_office(user)
    round_ = get_object_or_404(
        Round.objects.select_related("campaign").filter(campaign__in=campaigns_visible_to(user)), pk=round_id
    )
    kinds.require_runner(user, round_.campaign, step)
    return round_


def get_post_for_runner(user, post_id: int, step: str) -> Post:
    """A post whose ``step`` the user runs: the office any, an internal competition's secretary its early steps;
    404 for a post the user may not see, 403 for one they see but do not run."""
    post = get_post_for_user(user, post_id)
    kinds.require_runner(user, post.campaign, step)
    return post


def get_post_for_user(user, post_id: int) -> Post:
    """A post in the back office: the office sees all, a unit secretary their own unit's."""
    require_back_office(user)
    queryset = Post.objects.visible_to(user).select_related("campaign", "unit", "round", "position")
    return get_object_or_404(queryset, pk=post_id)


def get_post_for_office(user, post_id: int) -> Post:
    require_office(user)
    return get_object_or_404(Post.objects.select_related("campaign", "unit", "round"), pk=post_id)


def units_for_release(user, campaign: Campaign) -> QuerySet[Unit]:
    """The units this user may release posts for in ``campaign``: the office any (an internal campaign's own),
    a unit secretary their own."""
    if roles.is_office(user):
        units = Unit.objects.all()
    elif roles.is_unit_secretary(user):
        units = Unit.objects.filter(pk=user.secretary_of_id)
    else:
        raise PermissionDenied
    if campaign.kind == Campaign.Kind.INTERNAL:
        units = units.filter(pk=campaign.unit_id)
    return units


def get_unit_for_secretary(user) -> Unit:
    """The unit whose secretary the user is."""
    if not roles.is_unit_secretary(user):
        raise PermissionDenied
    return get_object_or_404(Unit, pk=user.secretary_of_id)


def get_unit_for_office(user, unit_id: int) -> Unit:
    require_office(user)
    return get_object_or_404(Unit, pk=unit_id)


def get_announced_post(user, post_id: int) -> Post:
    """A post on the board: anyone may read it once it is announced, but an internal competition's post only the
    unit's own staff (``kinds.board_filter``); 404 for anyone else."""
    return get_object_or_404(Post.objects.on_board_for(user).select_related("campaign", "unit", "round"), pk=post_id)


# --- Registration: people and applications ---


def get_person_for_user(user, person_id: int) -> Person:
    """A person's profile: their own, the office's, or a unit secretary's for people who applied to their unit's posts."""
    if not user.is_authenticated:
        raise PermissionDenied
    queryset = Person.objects.all()
    if roles.is_office(user):
        pass
    elif roles.is_unit_secretary(user):
        queryset = queryset.filter(Q(user=user) | Q(applications__post__unit_id=user.secretary_of_id)).distinct()
    else:
        queryset = queryset.filter(user=user)
    return get_object_or_404(queryset, pk=person_id)


def get_person_for_office(user, person_id: int) -> Person:
    require_office(user)
    return get_object_or_404(Person.objects.select_related("current_unit"), pk=person_id)


def get_work_history_entry_for_candidate(user, entry_id: int) -> WorkHistoryEntry:
    """A line of the candidate's own work history, or 404 (another's is never revealed)."""
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(WorkHistoryEntry, pk=entry_id, person__user=user)


def get_application_for_candidate(user, application_id: int) -> Application:
    """The candidate's own application, or 404 (another's is never revealed)."""
    application = (
        Application.objects.select_related("post__round", "post__unit", "post__campaign", "person")
        .filter(pk=application_id, person__user=user)
        .first()
        if user.is_authenticated
        else None
    )
    if application is None:
        raise Http404
    return application


def get_application_for_user(user, application_id: int) -> Application:
    """An application for its documents: the office, the post's unit secretary, or the applicant; 404 for others."""
    queryset = Application.objects.select_related("post__unit", "post__campaign", "person__current_unit")
    if roles.is_office(user):
        return get_object_or_404(queryset, pk=application_id)
    if not user.is_authenticated:
        raise Http404
    mine = Q(person__user=user)
    if roles.is_unit_secretary(user):
        mine |= Q(post__unit_id=user.secretary_of_id)
    return get_object_or_404(queryset.filter(mine), pk=application_id)


def get_application_for_back_office(user, application_id: int) -> Application:
    """An application for the office and the post's unit secretary (the approval form is theirs, not the
    candidate's)."""
    require_back_office(user)
    application = get_object_or_404(Application.objects.select_related("post__unit", "post__campaign"), pk=application_id)
    get_post_for_user(user, application.post_id)
    return application


def get_application_for_runner(user, application_id: int, step: str) -> Application:
    """An application to a post whose ``step`` the user runs (the qualification review: the office, or an
    internal competition's secretary)."""
    require_back_office(user)
    application = get_object_or_404(Application.objects.select_related("post"), pk=application_id)
    get_post_for_runner(user, application.post_id, step)
    return application


def get_application_for_office(user, application_id: int) -> Application:
    require_office(user)
    return get_object_or_404(Application, pk=application_id)


def get_post_application_for_office(user, post_id: int, application_id: int) -> Application:
    """An application of the post, for the office: 404 for another post's."""
    require_office(user)
    return get_object_or_404(Application, post_id=post_id, pk=application_id)


# --- The candidate's file (competition.candidates) ---


def get_appeal_for_office(user, appeal_id: int) -> Appeal:
    require_office(user)
    return get_object_or_404(Appeal.objects.select_related("application"), pk=appeal_id)


def get_exception_for_office(user, exception_id: int) -> ExceptionRequest:
    require_office(user)
    return get_object_or_404(ExceptionRequest.objects.select_related("application"), pk=exception_id)


def get_exception_for_user(user, exception_id: int) -> ExceptionRequest:
    """An exception request with its evidence: the office, or the candidate who asked; 404 for anyone else."""
    queryset = ExceptionRequest.objects.select_related("application__person")
    if roles.is_office(user):
        return get_object_or_404(queryset, pk=exception_id)
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(queryset, pk=exception_id, application__person__user=user)


def get_material_requirement_for_office(user, requirement_id: int) -> MaterialRequirement:
    require_office(user)
    return get_object_or_404(MaterialRequirement, pk=requirement_id)


def get_material_for_user(user, material_id: int) -> Material:
    """A candidate's material: the candidate himself, the office, or an examiner of an interview session of the
    application's post (his session's candidates only); 404 for anyone else."""
    queryset = Material.objects.select_related("application__person", "requirement")
    if roles.is_office(user):
        return get_object_or_404(queryset, pk=material_id)
    if not user.is_authenticated:
        raise Http404
    own = Q(application__person__user=user)
    examined = Q(application__interview_slots__session__in=sessions_for_examiner(user).values("pk"))
    return get_object_or_404(queryset.filter(own | examined).distinct(), pk=material_id)


# --- Interviews ---


def get_examiner_for_office(user, examiner_id: int) -> Examiner:
    require_office(user)
    return get_object_or_404(Examiner.objects.select_related("unit"), pk=examiner_id)


def get_question_for_office(user, question_id: int) -> Question:
    require_office(user)
    return get_object_or_404(Question, pk=question_id)


def campaigns_run_by(user, step: str) -> QuerySet[Campaign]:
    """The campaigns whose ``step`` the user runs (``kinds.runner_filter``): the office all, an internal
    competition's secretary its early steps."""
    require_back_office(user)
    return Campaign.objects.filter(kinds.runner_filter(user, step))


def sessions_run_by(user) -> QuerySet[InterviewSession]:
    """The interview sessions the user runs: the office every one, a unit secretary his internal competition's."""
    return InterviewSession.objects.filter(campaign__in=campaigns_run_by(user, kinds.Step.INTERVIEW)).select_related(
        "campaign"
    )


def get_session_for_runner(user, session_id: int) -> InterviewSession:
    """A session for whoever runs its campaign's interview: 403 for anyone outside the back office, 404 for a
    session the user does not run."""
    return get_object_or_404(sessions_run_by(user), pk=session_id)


def get_slot_for_runner(user, session_id: int, slot_id: int) -> InterviewSlot:
    """A candidate's slot in a session the user runs: 404 for a slot of another session."""
    get_session_for_runner(user, session_id)
    return get_object_or_404(InterviewSlot, session_id=session_id, pk=slot_id)


def get_score_for_runner(user, session_id: int, score_id: int) -> Score:
    """An examiner's score in a session the user runs: 404 for a score of another session."""
    get_session_for_runner(user, session_id)
    return get_object_or_404(Score, session_id=session_id, pk=score_id)


def sessions_for_examiner(user) -> QuerySet[InterviewSession]:
    if not roles.is_examiner(user):
        return InterviewSession.objects.none()
    return InterviewSession.objects.filter(examiners=user.examiner).select_related("campaign")


def sessions_for_user(user) -> QuerySet[InterviewSession]:
    """The sessions list: the office sees all, an internal competition's secretary its sessions, an examiner the
    sessions they examine; anyone else 403."""
    if roles.is_office(user) or roles.is_unit_secretary(user):
        return sessions_run_by(user)
    if roles.is_examiner(user):
        return sessions_for_examiner(user)
    raise PermissionDenied


def get_session_for_examiner(user, session_id: int) -> InterviewSession:
    """A session the user examines: 403 for someone who is not an examiner, 404 for another session."""
    if not roles.is_examiner(user):
        raise PermissionDenied
    return get_object_or_404(sessions_for_examiner(user), pk=session_id)


# --- The written exam ---


def written_sessions_for_user(user) -> QuerySet[WrittenExamSession]:
    """The written exam sessions a back-office user runs: the office all, a unit secretary his unit's internal
    competitions' (``kinds``: he runs their early steps); anyone else 403."""
    require_back_office(user)
    sessions = WrittenExamSession.objects.select_related("campaign")
    if roles.is_office(user):
        return sessions
    return sessions.filter(campaign__kind=Campaign.Kind.INTERNAL, campaign__unit_id=user.secretary_of_id)


def get_written_session_for_runner(user, session_id: int) -> WrittenExamSession:
    """A session whose written exam the user runs: 404 for one of a campaign he may not see, 403 for one he sees but
    does not run (a unit secretary and a unified campaign's exam)."""
    require_back_office(user)
    session = get_object_or_404(
        WrittenExamSession.objects.select_related("campaign").filter(campaign__in=campaigns_visible_to(user)),
        pk=session_id,
    )
    kinds.require_runner(user, session.campaign, kinds.Step.WRITTEN)
    return session


def get_ticket_for_user(user, ticket_id: int) -> AdmissionTicket:
    """An admission ticket (准考证): the candidate's own, or for whoever runs its campaign's written exam; 404 for
    anyone else (another candidate's ticket is never revealed)."""
    if not user.is_authenticated:
        raise Http404
    ticket = (
        AdmissionTicket.objects.select_related(
            "session__campaign", "room", "application__person", "application__post__unit"
        )
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise Http404
    if ticket.application.person.user_id == user.pk:
        return ticket
    campaign = ticket.session.campaign
    if (roles.is_office(user) or roles.is_unit_secretary(user)) and campaigns_visible_to(user).filter(pk=campaign.pk).exists():
        if kinds.runs(user, campaign, kinds.Step.WRITTEN):
            return ticket
    raise Http404


# --- Steps 5 to 8 ---


def get_evaluation_for_runner(user, post_id: int, step: str = kinds.Step.EVALUATION) -> Evaluation:
    """A post's evaluation for whoever runs it (the office; an internal competition's secretary)."""
    return _evaluation_of(get_post_for_runner(user, post_id, step))


def _evaluation_of(post: Post) -> Evaluation:
    return get_object_or_404(Evaluation.objects.select_related("post__campaign", "post__unit"), post=post)


def get_evaluation_for_user(user, post_id: int) -> Evaluation:
    """A post's evaluation, for the office and the post's unit secretary."""
    return _evaluation_of(get_post_for_user(user, post_id))


def get_evaluation_for_office(user, post_id: int) -> Evaluation:
    return _evaluation_of(get_post_for_office(user, post_id))


def get_inspection_for_user(user, inspection_id: int) -> Inspection:
    """An inspection record, for the office and the post's unit secretary."""
    inspection = get_object_or_404(Inspection.objects.select_related("post"), pk=inspection_id)
    get_post_for_user(user, inspection.post_id)
    return inspection


def get_inspection_for_office(user, inspection_id: int) -> Inspection:
    """A candidate's inspection, to run: the office only (it runs inspection in every kind of campaign)."""
    require_office(user)
    return get_object_or_404(Inspection.objects.select_related("post__unit", "application__person", "notice"), pk=inspection_id)


def get_inspector_for_office(user, inspector_id: int) -> Inspector:
    require_office(user)
    return get_object_or_404(Inspector.objects.select_related("unit", "person"), pk=inspector_id)


def get_public_inspection_notice(notice_id: int, today: datetime.date) -> InspectionNotice:
    """An inspection notice on the public page: anyone may read it from its publication to the period's end."""
    return get_object_or_404(InspectionNotice.objects.on_show(today), pk=notice_id)


def get_publicity_for_user(user, post_id: int) -> Publicity:
    """The post's current notice (its first candidate's row), for the office and the post's unit secretary."""
    post = get_post_for_user(user, post_id)
    notice = (
        Publicity.objects.filter(post=post)
        .select_related("application__person", "post__unit")
        .order_by("-notice_no", "pk")
        .first()
    )
    if notice is None:
        raise Http404
    return notice


def get_publicity_for_office(user, post_id: int) -> Publicity:
    """The post's current notice, for the office, which drafts it."""
    require_office(user)
    return get_publicity_for_user(user, post_id)


def get_public_notice(publicity_id: int, today: datetime.date) -> Publicity:
    """A notice on the public page: anyone may read it while it is on show."""
    queryset = Publicity.objects.on_show(today).select_related("application__person", "post__unit", "post__campaign")
    return get_object_or_404(queryset, pk=publicity_id)


def get_objection_for_office(user, objection_id: int) -> Objection:
    require_office(user)
    return get_object_or_404(Objection.objects.select_related("publicity__post"), pk=objection_id)


def get_decision_for_user(user, decision_id: int) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("post"), pk=decision_id)
    get_post_for_user(user, decision.post_id)
    return decision


def get_issued_formalities_for_user(user, decision_id: int) -> Formalities:
    """A decision's completed appointment formalities (its appointment notice is issued), or 404 before that."""
    decision = get_decision_for_user(user, decision_id)
    return get_object_or_404(Formalities.objects.select_related("decision__post"), decision=decision, completed_at__isnull=False)


def get_unit_for_roster_keeper(user, unit_id: int) -> Unit:
    """A unit whose committee roster the user keeps: any unit for the office, his own for a unit secretary."""
    require_back_office(user)
    unit = get_object_or_404(Unit, pk=unit_id)
    if not roles.is_office_or_unit_secretary_of(user, unit):
        raise PermissionDenied
    return unit


def get_committee_member_for_user(user, member_id: int) -> CommitteeMember:
    member = get_object_or_404(CommitteeMember.objects.select_related("unit"), pk=member_id)
    get_unit_for_roster_keeper(user, member.unit_id)
    return member


def workday_overrides_for_office(user) -> QuerySet[WorkdayOverride]:
    require_office(user)
    return WorkdayOverride.objects.all()


def get_workday_override_for_office(user, override_id: int) -> WorkdayOverride:
    return get_object_or_404(workday_overrides_for_office(user), pk=override_id)
