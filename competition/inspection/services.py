"""Step 6, organizational inspection (组织考察): the candidates who passed the evaluation are inspected in
interview-rank order, one at a time. A pass sends the post to publicity; a fail leaves the office to inspect
the next candidate or fail the post."""

import datetime

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import require_office
from competition import workflow
from competition.models import Application, Inspection, Post
from competition.publicity.services import publicity_draft
from competition.workflow import WorkflowError, lock_post


def next_inspection_candidate(post: Post) -> Application | None:
    """The best-ranked candidate who passed the evaluation, is still in the running and was not inspected."""
    return (
        Application.objects.filter(
            post=post,
            outcome=Application.Outcome.IN_PROGRESS,
            evaluation_entries__passed=True,
            evaluation_entries__evaluation__post=post,
        )
        .exclude(inspections__post=post)
        .select_related("person")
        .order_by("interview_rank", "pk")
        .first()
    )


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
    else:
        workflow.post_start_publicity(
            post_id=post.pk, by=by, reason=_("Inspection of %(name)s passed.") % {"name": application.person.name}
        )
        publicity_draft(post=post, application=application)
    return inspection
