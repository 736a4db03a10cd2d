"""Step 5, democratic evaluation (民主测评): open it, issue one-time codes, take ballots, tally paper, close.

A code is 120 random bits from ``secrets`` written in Crockford's base-32 (no I, L, O, U) in six groups of
four; only a salted SHA-256 of the normalised code is stored, so the printed slips are the only copy.

Why the ballot stays secret once the evaluation closes (the office prints the slips, so a link from a code to a
ballot would be a link from a person to a vote):

* Casting claims the code and inserts the ballot in ONE transaction, so one code gives exactly one ballot (the
  conditional UPDATE of ``used`` is the claim; a concurrent second claim updates nothing) and no cast ballot is
  lost (closing locks the evaluation row too, so a ballot is either in before the close or refused). The price:
  while the vote is open, PostgreSQL's ``xmin`` of the code row equals that of its ballot and mark rows, and the
  rows sit in the heap in casting order.
* Closing (``evaluation_close``) removes all of that in its own single transaction: the evaluation's ballots and
  marks are copied into new rows (new random UUIDs for the ballots, marks inserted in a shuffled order, so their
  serial ids follow the shuffle) and the originals deleted; the code rows are rewritten the same way in a shuffled
  order. Every surviving row then has the close's transaction as ``xmin``, an id that says nothing, and a place in
  the heap chosen by the shuffle (``secrets.SystemRandom``).
* Right after the close commits, ``ballots_vacuum`` VACUUMs the three tables (outside any transaction, as VACUUM
  requires), so the dead versions written while voting (with their ``xmin`` and heap order) are gone for good,
  not just invisible. Autovacuum would get there too; the explicit call makes it immediate.
* Nothing else records the order: ballots and marks have no timestamps (the evaluation's date is all), and no log
  line in this module names a code, a code's hash or a ballot.
* The tallies stay sealed while voting (``evaluation_turnout`` is all anyone sees), so watching the counts move
  does not link a voter who just voted to his ratings either.
"""

import datetime
import hashlib
import logging
import secrets
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm.signals import post_transition

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from competition import kinds, workflow
from competition.inspection.services import candidates_choose
from competition.kinds import Step
from competition.models import (
    Application,
    Ballot,
    BallotCode,
    BallotMark,
    Campaign,
    Evaluation,
    EvaluationCandidate,
    Post,
    Rating,
)
from competition.ranking import post_rerank, ranked, to_hundredths
from competition.workflow import WorkflowError, lock_post
from core.exceptions import ActionRefused
from notifications.messages import Text
from notifications.services import notify

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BYTES = 15  # 120 bits: 24 characters of base 32
GROUP = 4
# What people mistype for what they mean.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


class BallotError(ActionRefused):
    """A ballot that cannot be taken; the message is for the voter."""


logger = logging.getLogger(__name__)

OFFICE_ONLY = gettext_lazy("Only the competition office runs democratic evaluations.")


def new_code() -> str:
    number = int.from_bytes(secrets.token_bytes(CODE_BYTES), "big")
    chars = []
    for _i in range(CODE_BYTES * 8 // 5):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    text = "".join(chars)
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def normalise_code(code: str | None) -> str:
    return "".join(ch for ch in (code or "").upper().translate(_CONFUSABLE) if ch in ALPHABET)


def hash_code(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{normalise_code(code)}".encode()).hexdigest()


def advancing_applications(post: Post) -> QuerySet[Application]:
    """The candidates going on from the interview, best-ranked first (competition.ranking)."""
    return ranked(
        post.applications.filter(advanced_to_evaluation=True, outcome=Application.Outcome.IN_PROGRESS).select_related("person")
    )


@transaction.atomic
def evaluation_open(*, post_id: int, called: int, date: datetime.date, by: User) -> Evaluation:
    post = lock_post(post_id)
    kinds.require_runner(by, post.campaign, Step.EVALUATION, str(OFFICE_ONLY))
    if post.status != Post.Status.EVALUATION:
        raise WorkflowError(_("The post is not at the democratic evaluation step."))
    if Evaluation.objects.filter(post=post).exists():
        raise WorkflowError(_("This post's evaluation is already open."))
    candidates = list(advancing_applications(post))
    if not candidates:
        raise WorkflowError(_("No candidate has gone on from the interview yet."))
    if called < 1:
        raise WorkflowError(_("Call at least one participant."))
    evaluation = Evaluation.objects.create(
        post=post, called=called, date=date, salt=secrets.token_hex(16), created_by=by
    )
    EvaluationCandidate.objects.bulk_create(
        [EvaluationCandidate(evaluation=evaluation, application=a, order=i) for i, a in enumerate(candidates, 1)]
    )
    return evaluation


def _lock_evaluation(evaluation_id: int) -> Evaluation:
    return Evaluation.objects.select_for_update(of=("self",)).select_related("post__campaign").get(pk=evaluation_id)


def _lock_open_evaluation(evaluation_id: int) -> Evaluation:
    evaluation = _lock_evaluation(evaluation_id)
    if not evaluation.is_open:
        raise WorkflowError(_("The evaluation is closed."))
    return evaluation


@transaction.atomic
def evaluation_issue_codes(*, evaluation_id: int, by: User) -> list[str]:
    """Make one code per participant called, replacing any earlier set. Returns the codes: print them now."""
    evaluation = _lock_open_evaluation(evaluation_id)
    kinds.require_runner(by, evaluation.post.campaign, Step.EVALUATION, str(OFFICE_ONLY))
    if evaluation.ballots.exists():
        raise WorkflowError(_("Voting has started: the codes can no longer be replaced."))
    evaluation.codes.all().delete()
    codes = [new_code() for _i in range(evaluation.called)]
    BallotCode.objects.bulk_create(
        [BallotCode(evaluation=evaluation, code_hash=hash_code(evaluation.salt, code)) for code in codes]
    )
    evaluation.codes_issued = len(codes)
    evaluation.save(update_fields=["codes_issued"])
    audit_record(kind=AuditEvent.Kind.BALLOT_CODES_ISSUED, user=by, target=evaluation, count=len(codes))
    return codes


def find_code(code: str) -> BallotCode | None:
    """The unused code row matching ``code`` in an open evaluation, or None."""
    if len(normalise_code(code)) != CODE_BYTES * 8 // 5:
        return None
    salts = Evaluation.objects.filter(status=Evaluation.Status.OPEN).values_list("salt", flat=True)
    hashes = [hash_code(salt, code) for salt in salts]
    return (
        BallotCode.objects.filter(
            code_hash__in=hashes,
            used=False,
            evaluation__status=Evaluation.Status.OPEN,
            # A post failed or cancelled while its vote was open takes no more ballots.
            evaluation__post__status=Post.Status.EVALUATION,
        )
        .select_related("evaluation__post__unit")
        .first()
    )


def ballot_cast(*, code: str, ratings: dict[Any, str]) -> Ballot:
    """Consume ``code`` and store one ballot with a rating for each candidate, in one transaction.

    ``ratings`` maps EvaluationCandidate ids to Rating values. The conditional UPDATE claims the code: of two
    concurrent submissions of one code, the second updates no row and stores nothing.
    """
    found = find_code(code)
    if found is None:
        raise BallotError(_("This code is not valid or has already been used."))
    with transaction.atomic():
        # Closing locks the evaluation too: a ballot is either counted or refused, never lost.
        evaluation = _lock_evaluation(found.evaluation_id)
        if not evaluation.is_open:
            raise BallotError(_("This evaluation is closed."))
        candidate_ids = set(evaluation.candidates.values_list("pk", flat=True))
        clean = {}
        for key, value in (ratings or {}).items():
            try:
                clean[int(key)] = Rating(value)
            except (TypeError, ValueError):
                raise BallotError(_("Please rate every candidate.")) from None
        if set(clean) != candidate_ids:
            raise BallotError(_("Please rate every candidate."))
        claimed = BallotCode.objects.filter(pk=found.pk, used=False).update(used=True)
        if claimed != 1:
            raise BallotError(_("This code is not valid or has already been used."))
        ballot = Ballot.objects.create(id=uuid.uuid4(), evaluation=evaluation)
        BallotMark.objects.bulk_create(
            [BallotMark(ballot=ballot, candidate_id=cid, rating=rating) for cid, rating in clean.items()]
        )
    return ballot


@transaction.atomic
def evaluation_record_paper(
    *, evaluation_id: int, ballots: int, counts: dict[int, tuple[int, int, int, int]], by: User
) -> Evaluation:
    """Tally paper ballots in: ``ballots`` returned, ``counts`` maps candidate ids to four counts (E, C, B, I)."""
    evaluation = _lock_open_evaluation(evaluation_id)
    kinds.require_runner(by, evaluation.post.campaign, Step.EVALUATION, str(OFFICE_ONLY))
    online = evaluation.ballots.count()
    if ballots < 0 or online + ballots > evaluation.called:
        raise WorkflowError(
            _("%(online)s online and %(paper)s paper ballots are more than the %(called)s participants called.")
            % {"online": online, "paper": ballots, "called": evaluation.called}
        )
    candidates = {c.pk: c for c in evaluation.candidates.select_related("application__person")}
    if set(counts) != set(candidates):
        raise WorkflowError(_("Enter the counts of every candidate."))
    for cid, four in counts.items():
        if any(n < 0 for n in four) or sum(four) > ballots:
            raise WorkflowError(
                _("%(name)s has more ratings than paper ballots.") % {"name": candidates[cid].application.person.name}
            )
    for cid, (e, c, b, i) in counts.items():
        candidate = candidates[cid]
        candidate.paper_excellent, candidate.paper_competent, candidate.paper_basic, candidate.paper_incompetent = e, c, b, i
        candidate.save(update_fields=["paper_excellent", "paper_competent", "paper_basic", "paper_incompetent"])
    evaluation.paper_ballots = ballots
    evaluation.save(update_fields=["paper_ballots"])
    return evaluation


def turnout_reached(cast: int, called: int, campaign: Campaign) -> bool:
    """At least numerator/denominator of those called voted; integers only, so 2/3 of 3 is exactly 2."""
    return cast * campaign.evaluation_turnout_denominator >= campaign.evaluation_turnout_numerator * called


def rating_passes(approving: int, cast: int, campaign: Campaign) -> bool:
    """Excellent and competent ratings make at least the campaign's threshold of the ballots cast."""
    return cast > 0 and approving * campaign.evaluation_pass_denominator >= campaign.evaluation_pass_numerator * cast


def evaluation_score(approving: int, cast: int) -> Decimal:
    """The evaluation's part of the combined score where the campaign weighs it: the share of the ballots cast rating
    the candidate excellent or competent (好评率), in percent to two decimals, half up."""
    return to_hundredths(Decimal(approving) * 100 / cast) if cast else Decimal(0)


def evaluation_turnout(evaluation: Evaluation) -> dict[str, Any]:
    """What anyone may see while the vote is open: how many voted, never how."""
    online = evaluation.ballots.count()
    cast = online + evaluation.paper_ballots
    return {
        "online": online,
        "paper": evaluation.paper_ballots,
        "cast": cast,
        "called": evaluation.called,
        "turnout_reached": turnout_reached(cast, evaluation.called, evaluation.post.campaign),
        "rows": [],
        "sealed": True,
    }


def evaluation_published_results(evaluation: Evaluation) -> dict[str, Any]:
    """The results page's content: turnout only while the vote is open (the tallies are sealed), counts after."""
    return evaluation_turnout(evaluation) if evaluation.is_open else evaluation_results(evaluation)


def evaluation_results(evaluation: Evaluation) -> dict[str, Any]:
    """Counts per candidate (online and paper together), turnout and pass or fail."""
    campaign = evaluation.post.campaign
    online = evaluation.ballots.count()
    cast = online + evaluation.paper_ballots
    tallies = {}
    for cid, rating in BallotMark.objects.filter(ballot__evaluation=evaluation).values_list("candidate_id", "rating"):
        tallies.setdefault(cid, {r: 0 for r in Rating.values})[rating] += 1
    rows = []
    for candidate in evaluation.candidates.select_related("application__person"):
        online_counts = tallies.get(candidate.pk, {r: 0 for r in Rating.values})
        counts = {
            Rating.EXCELLENT: online_counts[Rating.EXCELLENT] + candidate.paper_excellent,
            Rating.COMPETENT: online_counts[Rating.COMPETENT] + candidate.paper_competent,
            Rating.BASIC: online_counts[Rating.BASIC] + candidate.paper_basic,
            Rating.INCOMPETENT: online_counts[Rating.INCOMPETENT] + candidate.paper_incompetent,
        }
        approving = counts[Rating.EXCELLENT] + counts[Rating.COMPETENT]
        rows.append(
            {
                "candidate": candidate,
                "counts": [counts[r] for r in Rating.values],
                "approving": approving,
                "passes": rating_passes(approving, cast, campaign),
            }
        )
    return {
        "online": online,
        "paper": evaluation.paper_ballots,
        "cast": cast,
        "called": evaluation.called,
        "turnout_reached": turnout_reached(cast, evaluation.called, campaign),
        "rows": rows,
        "sealed": False,
    }


@transaction.atomic
def evaluation_close(*, evaluation_id: int, by: User) -> Evaluation:
    """Close the vote and record each candidate's result. Candidates who passed go on to inspection;
    if nobody passed, the post fails. Refused while the turnout is below the campaign's minimum."""
    evaluation = _lock_open_evaluation(evaluation_id)
    kinds.require_runner(by, evaluation.post.campaign, Step.EVALUATION, str(OFFICE_ONLY))
    results = evaluation_results(evaluation)
    if not results["turnout_reached"]:
        campaign = evaluation.post.campaign
        raise WorkflowError(
            _(
                "Only %(cast)s of %(called)s participants voted, below the required %(num)s/%(den)s: "
                "collect more ballots, or fail the post."
            )
            % {
                "cast": results["cast"],
                "called": results["called"],
                "num": campaign.evaluation_turnout_numerator,
                "den": campaign.evaluation_turnout_denominator,
            }
        )
    scored = evaluation.post.campaign.evaluation_weight > 0
    for row in results["rows"]:
        candidate = row["candidate"]
        candidate.passed = row["passes"]
        candidate.save(update_fields=["passed"])
        if scored:
            Application.objects.filter(pk=candidate.application_id).update(
                evaluation_score=evaluation_score(row["approving"], results["cast"])
            )
        if not row["passes"]:
            Application.objects.filter(pk=candidate.application_id).update(
                outcome=Application.Outcome.EVALUATION_FAILED, outcome_on=evaluation.date
            )
    _rewrite_ballots(evaluation)
    transaction.on_commit(ballots_vacuum)
    evaluation.status = Evaluation.Status.CLOSED
    evaluation.turnout_reached = True
    evaluation.save(update_fields=["status", "turnout_reached"])
    if scored:
        post_rerank(evaluation.post)
    if kinds.office_approves_evaluation(evaluation.post.campaign):
        # An internal competition's secretary has tallied: the office approves the result (evaluation_approve).
        _tell_office_of_result(evaluation)
        return evaluation
    _evaluation_result_takes_effect(evaluation, by=by, reason=_("Democratic evaluation tallied."))
    return evaluation


def _evaluation_result_takes_effect(evaluation: Evaluation, *, by: User | None, reason: str) -> None:
    """Candidates who passed go on to inspection; if nobody passed, the post fails."""
    if evaluation.candidates.filter(passed=True).exists():
        workflow.post_start_inspection(post_id=evaluation.post_id, by=by, reason=reason)
        candidates_choose(post=evaluation.post)
    else:
        workflow.post_fail(post_id=evaluation.post_id, by=by, reason=_("No candidate passed the democratic evaluation."))


def awaits_approval(evaluation: Evaluation | None) -> bool:
    """A closed evaluation whose result waits for the office (an internal competition's)."""
    return bool(
        evaluation is not None
        and evaluation.status == Evaluation.Status.CLOSED
        and evaluation.post.status == Post.Status.EVALUATION
        and kinds.office_approves_evaluation(evaluation.post.campaign)
    )


def _tell_office_of_result(evaluation: Evaluation) -> None:
    post = evaluation.post
    notify(
        recipients=User.objects.filter(is_office=True, is_active=True),
        subject=Text(gettext_lazy("%(post)s: the evaluation's result awaits your approval"), post=post),
        body=Text(
            gettext_lazy(
                "The secretary of %(unit)s has closed the democratic evaluation of %(post)s in the unit's internal "
                "competition. Approve the result on the post's page; then the inspection starts."
            ),
            unit=post.unit,
            post=post,
        ),
        url=reverse("competition:post_detail", args=[post.pk]),
        kind="evaluation_result",
    )


@transaction.atomic
def evaluation_approve(*, post_id: int, by: User, note: str = "") -> Evaluation:
    """The office approves the result of an internal competition's evaluation, closed by the unit's secretary:
    the candidates who passed go on to inspection (run by the office), or the post fails if nobody passed."""
    post = lock_post(post_id)
    kinds.require_runner(by, post.campaign, Step.EVALUATION_APPROVE, _("Only the competition office approves the result."))
    evaluation = Evaluation.objects.select_related("post__campaign").filter(post=post).first()
    if evaluation is None or evaluation.status != Evaluation.Status.CLOSED or post.status != Post.Status.EVALUATION:
        raise WorkflowError(_("There is no closed evaluation of this post waiting for approval."))
    note = (note or "").strip()
    reason = _("The office approved the evaluation's result.") + (f" {note}" if note else "")
    _evaluation_result_takes_effect(evaluation, by=by, reason=reason)
    return evaluation


def _rewrite_ballots(evaluation: Evaluation) -> None:
    """Copy the evaluation's ballots, marks and codes into new rows in a shuffled order and delete the originals,
    all in the closing transaction (see the module's docstring for why)."""
    shuffler = secrets.SystemRandom()
    marks: dict[uuid.UUID, list[tuple[int, str]]] = defaultdict(list)
    for ballot_id, candidate_id, rating in BallotMark.objects.filter(ballot__evaluation=evaluation).values_list(
        "ballot_id", "candidate_id", "rating"
    ):
        marks[ballot_id].append((candidate_id, rating))
    ballots = list(Ballot.objects.filter(evaluation=evaluation).values_list("pk", flat=True))
    codes = list(BallotCode.objects.filter(evaluation=evaluation).values_list("code_hash", "used"))
    shuffler.shuffle(ballots)
    shuffler.shuffle(codes)
    BallotMark.objects.filter(ballot__evaluation=evaluation).delete()
    Ballot.objects.filter(evaluation=evaluation).delete()
    BallotCode.objects.filter(evaluation=evaluation).delete()
    new_ballots = [Ballot(id=uuid.uuid4(), evaluation=evaluation) for _old in ballots]
    new_marks = [
        BallotMark(ballot=new, candidate_id=candidate_id, rating=rating)
        for old, new in zip(ballots, new_ballots, strict=True)
        for candidate_id, rating in marks[old]
    ]
    shuffler.shuffle(new_marks)
    Ballot.objects.bulk_create(new_ballots)
    BallotMark.objects.bulk_create(new_marks)
    BallotCode.objects.bulk_create(
        [BallotCode(evaluation=evaluation, code_hash=code_hash, used=used) for code_hash, used in codes]
    )


def ballots_vacuum() -> None:
    """VACUUM the ballot tables so the row versions written while voting are physically gone (PostgreSQL only).

    VACUUM cannot run inside a transaction: this runs after the close commits (``transaction.on_commit``), when
    the connection is back in autocommit; called inside a transaction it does nothing (autovacuum follows).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            for model in (BallotMark, Ballot, BallotCode):
                cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")
    except DatabaseError:  # the close is committed: never turn it into an error page; autovacuum follows
        logger.warning("VACUUM of the ballot tables failed; autovacuum will remove the old row versions", exc_info=True)


@receiver(post_transition, sender=Post)
def _seal_abandoned_vote(sender: type[Post], instance: Post, name: str, source: str, target: str, **kwargs: Any) -> None:
    """A post failed or cancelled while its vote is open takes no more ballots (``find_code``): its ballots are
    rewritten and vacuumed now, as a close would, so that an abandoned vote does not stay linkable either."""
    if source != Post.Status.EVALUATION:
        return
    evaluation = Evaluation.objects.filter(post=instance, status=Evaluation.Status.OPEN).first()
    if evaluation is not None:
        _rewrite_ballots(evaluation)
        transaction.on_commit(ballots_vacuum)
