"""Posts at each of steps 5 to 8, moved there by the services themselves."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from competition.decision import services as decisions
from competition.evaluation import services as evaluations
from competition.inspection import services as inspections
from competition.models import CommitteeMember, FileReviewItem, Inspection, Inspector, Post, Publicity, Rating
from competition.publicity import services as publicity
from tests.factories import post_in_state


def at_evaluation(unit, advancing=2, **fields):
    """A post at the evaluation step whose best ``advancing`` applicants went on from the interview."""
    post = post_in_state(Post.Status.EVALUATION, unit=unit, **fields)
    for rank, application in enumerate(post.applications.order_by("pk"), 1):
        application.interview_rank = rank
        application.advanced_to_evaluation = rank <= advancing
        application.save()
    return post


def vote_all(evaluation, ratings_per_ballot):
    """Cast one online ballot per entry; each entry is a list of ratings in ballot order."""
    codes = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=evaluation.created_by)
    candidates = list(evaluation.candidates.order_by("order"))
    for code, ratings in zip(codes, ratings_per_ballot):
        evaluations.ballot_cast(code=code, ratings={c.pk: r for c, r in zip(candidates, ratings)})
    return codes


def at_inspection(unit, office, **fields):
    post = at_evaluation(unit, **fields)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    vote_all(evaluation, [[Rating.EXCELLENT, Rating.COMPETENT]] * 3)
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    return post


def inspection_team_pool():
    """Two members of the inspection pool with no unit (so recused for nobody)."""
    return [Inspector.objects.get_or_create(name=name, unit=None, person=None)[0] for name in ("考察组甲", "考察组乙")]


def complete_checklist(inspection, office):
    """Every part of the candidate's checklist, as a team with nothing to report records it."""
    return inspections.inspection_checklist_save(
        inspection_id=inspection.pk,
        file_review={item: (FileReviewItem.Result.CONFIRMED, "") for item in FileReviewItem.Item.values},
        integrity_opinion=Inspection.IntegrityOpinion.CLEAR, integrity_opinion_by="区纪委监委",
        integrity_opinion_on=timezone.localdate(), personal_matters=Inspection.PersonalMatters.CONSISTENT,
        people_talked_to=25, evaluation_result="称职以上票100%", by=office,
    )  # fmt: skip


def open_inspection(post, office, application=None):
    """The inspection of ``application`` (the next to inspect by default), opened as the services open it: a notice
    published today for those not yet announced, the team chosen from the pool. Raises the services' refusals (no
    candidate left) as they come."""
    application = application or inspections.next_inspection_candidate(post)
    inspection = post.inspections.filter(application=application).first() if application else None
    if inspection is None:
        today = timezone.localdate()
        inspections.inspection_notice_publish(
            post_id=post.pk, start_date=today, end_date=today + datetime.timedelta(days=5), contact="电话：12380",
            by=office,
        )  # fmt: skip
        inspection = post.inspections.get(application=application)
    if not inspection.team_members.exists():
        inspections.inspection_team_set(post_id=post.pk, inspector_ids=[i.pk for i in inspection_team_pool()], by=office)
    return inspection


def inspect(post, office, conclusion=Inspection.Conclusion.PASS):
    """Inspect the next candidate through the services: the notice, the team, the checklist and the conclusion."""
    inspection = open_inspection(post, office)
    complete_checklist(inspection, office)
    return inspections.inspection_conclusion_record(
        inspection_id=inspection.pk,
        conclusion=conclusion,
        findings="群众基础好",
        fail_reason="" if conclusion == Inspection.Conclusion.PASS else "考察发现不宜提拔的问题",
        report=SimpleUploadedFile("report.pdf", b"%PDF-1.4 report"),
        by=office,
    )


def at_publicity(unit, office, **fields):
    post = at_inspection(unit, office, **fields)
    inspect(post, office)
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLICITY
    return post


def published(unit, office, secretary, **fields):
    post = at_publicity(unit, office, **fields)
    notice = Publicity.objects.get(post=post)
    publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    notice.refresh_from_db()
    return post, notice


def at_decision(unit, office, secretary):
    post, notice = published(unit, office, secretary)
    publicity.publicity_end_due(today=notice.end_date + datetime.timedelta(days=1))
    post.refresh_from_db()
    assert post.status == Post.Status.DECISION
    return post


def members(present_agree=0, present_disagree=0, present_defer=0, absent=0):
    """The votes of a meeting, one per member of the roster in its order ("" for a member absent)."""
    return ["agree"] * present_agree + ["disagree"] * present_disagree + ["defer"] * present_defer + [""] * absent


def seat_committee(unit, size, day=None):
    """The unit's committee has exactly ``size`` members serving on ``day`` (today): a roster is kept if it has that
    size already; otherwise the members serving leave the day before and new ones take their seats."""
    day = day or timezone.localdate()
    serving = list(CommitteeMember.objects.filter(unit=unit).serving_on(day).order_by("pk"))
    if len(serving) == size:
        return serving
    CommitteeMember.objects.filter(pk__in=[m.pk for m in serving]).update(serving_until=day - datetime.timedelta(days=1))
    start = day - datetime.timedelta(days=365)
    first = CommitteeMember.objects.filter(unit=unit).count()
    return [
        CommitteeMember.objects.create(
            unit=unit,
            name=f"委员{first + n}",
            role=CommitteeMember.Role.SECRETARY if n == 0 else CommitteeMember.Role.MEMBER,
            serving_from=start,
        )
        for n in range(size)
    ]


def roster_votes(unit, votes, day=None):
    """``{member id: vote}`` for a roster of ``len(votes)`` members, in the roster's order."""
    return {member.pk: vote for member, vote in zip(seat_committee(unit, len(votes), day), votes)}


def decide(post, by, **counts):
    votes = roster_votes(post.unit, members(**counts))
    return decisions.decision_record(post_id=post.pk, meeting_date=timezone.localdate(), votes=votes, by=by)


def at_inspection_with_places(unit, office, places=2, advancing=3):
    """A post with ``places`` places at inspection, its best ``advancing`` applicants all through the evaluation
    (so that some are left to move up as substitutes); the best ``places`` of them are chosen."""
    post = at_evaluation(unit, advancing=advancing)
    Post.objects.filter(pk=post.pk).update(places=places)
    evaluation = evaluations.evaluation_open(post_id=post.pk, called=3, date=timezone.localdate(), by=office)
    vote_all(evaluation, [[Rating.EXCELLENT] * advancing] * 3)
    evaluations.evaluation_close(evaluation_id=evaluation.pk, by=office)
    post.refresh_from_db()
    assert post.status == Post.Status.INSPECTION
    return post


def through_publicity(post, secretary, office=None):
    """Approve the post's current notice and let it end: the post goes to the committee."""
    notice = Publicity.objects.filter(post=post).order_by("-notice_no", "pk").first()
    publicity.publicity_approve(publicity_id=notice.pk, by=secretary)
    notice.refresh_from_db()
    publicity.publicity_end_due(today=notice.end_date + datetime.timedelta(days=1))
    post.refresh_from_db()
    return notice


def decide_on(post, application, by, **counts):
    votes = roster_votes(post.unit, members(**counts))
    return decisions.decision_record(
        post_id=post.pk, application_id=application.pk, meeting_date=timezone.localdate(), votes=votes, by=by
    )


def complete_formalities(decision, by, *, effective_on=None):
    """The pre-appointment talk on the meeting's day, then the appointment document (effective on ``effective_on``,
    the meeting's day by default): the term starts."""
    from competition.formalities import services as formalities

    day = effective_on or decision.meeting_date
    formalities.formalities_talk_record(
        decision_id=decision.pk, talked_by="区委组织部 张部长", talk_on=decision.meeting_date,
        talk_points="肯定成绩，指出不足，提出要求。", by=by,
    )  # fmt: skip
    return formalities.formalities_complete(
        decision_id=decision.pk, document_date=max(day, decision.meeting_date),
        effective_on=day, by=by,
    )  # fmt: skip


def appoint(post, by, **counts):
    """A committee decision and, when it passes, the appointment formalities: the term starts on the meeting's day."""
    decision = decide(post, by, **counts)
    if decision.result == decision.Result.PASSED:
        complete_formalities(decision, by)
    return decision
