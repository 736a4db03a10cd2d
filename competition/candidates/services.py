"""The candidate's file (issue 18): how he came (nomination), exceptions (破格), appeals (复核) and materials.

Every function that changes data is ``<entity>_<action>(*, ..., by)`` under ``transaction.atomic``, checks the
role, locks the rows it decides on (``lock_*``) and raises a ``CandidateFileError`` (an ``ActionRefused``) with a
message for the user when the rules say no. Reads are in ``selectors``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import User
from accounts.rules import require_office
from audit.models import AuditEvent
from audit.services import audit_record
from competition.candidates import files, materials
from competition.candidates.nomination import Nomination
from competition.models import Appeal, Application, ExceptionRequest, Material, MaterialRequirement, Post
from competition.registration import services as registration
from competition.workdays import working_days_ahead
from core import dates
from core.exceptions import ActionRefused
from notifications.messages import Paragraphs, Text
from notifications.registry import office_users
from notifications.services import notify


class CandidateFileError(ActionRefused):
    """An action on a candidate's file that the rules do not allow now."""


OFFICE_ONLY = gettext_noop("Only the competition office does this.")


def lock_application(application_id: int) -> Application:
    """The application, locked (its post, round, campaign and applicant read with it)."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("post__round", "post__campaign", "post__unit", "person__user")
        .get(pk=application_id)
    )


# --- Nomination (18.2) ---


@transaction.atomic
def nomination_set(*, application_id: int, nomination: Nomination, by: User) -> Application:
    """The office records (or corrects) how the candidate came; ``nomination`` is from ``nomination_clean``."""
    require_office(by, _(OFFICE_ONLY))
    application = lock_application(application_id)
    if application.status == Application.Status.WITHDRAWN:
        raise CandidateFileError(_("This application was withdrawn."))
    nomination.apply_to(application)
    application.save(update_fields=["nomination_source", "nominated_by", "nomination_signatures", "updated_at"])
    return application


# --- Appeal (复核, 18.4) ---


def appeal_deadline(application: Application) -> datetime.date | None:
    """The last day on which the candidate may ask for a review of his refusal: the campaign's number of working
    days after the day he was found not qualified (``competition.workdays``). None when he is not refused."""
    if application.status != Application.Status.UNQUALIFIED or application.reviewed_at is None:
        return None
    refused_on = timezone.localdate(application.reviewed_at)
    return working_days_ahead(refused_on, application.post.campaign.appeal_working_days)


def appeal_refusal(application: Application, today: datetime.date | None = None) -> str:
    """Why the candidate may not ask for a review of this application now; "" when he may. The pages offer the
    form only when this is empty, and ``appeal_file`` says the same words when it refuses."""
    if application.status != Application.Status.UNQUALIFIED:
        return _("Only an application found not qualified at the qualification review can be reviewed on appeal.")
    if application.post.status != Post.Status.REGISTRATION:
        return _("Registration for this post has closed; a review can no longer change the result.")
    deadline = appeal_deadline(application)
    if deadline is None or (today or timezone.localdate()) > deadline:
        return _("The time to ask for a review ended on %(date)s.") % {"date": dates.day(deadline)}
    appeals = list(application.appeals.all())
    if any(appeal.status == Appeal.Status.OPEN for appeal in appeals):
        return _("Your request for a review is waiting for the office's decision.")
    if any(appeal.filed_at >= application.reviewed_at for appeal in appeals):
        return _("You have already asked for a review of this decision.")
    return ""


@transaction.atomic
def appeal_file(*, application_id: int, reason: str, by: User) -> Appeal:
    """The candidate asks for a review of his refusal, with his reason. The office is told."""
    reason = (reason or "").strip()
    if not reason:
        raise CandidateFileError(_("Say why the decision should be reviewed."))
    application = lock_application(application_id)
    if application.person.user_id is None or application.person.user_id != by.pk:
        raise PermissionDenied
    refusal = appeal_refusal(application)
    if refusal:
        raise CandidateFileError(refusal)
    try:
        # The application's row is locked, so a second request waits and then finds this one; the partial unique
        # index (appeal_one_open_per_application) holds even for a writer that does not lock.
        with transaction.atomic():
            appeal = Appeal.objects.create(application=application, reason=reason, filed_by=by)
    except IntegrityError:
        raise CandidateFileError(_("Your request for a review is waiting for the office's decision.")) from None
    audit_record(kind=AuditEvent.Kind.APPEAL, user=by, target=application, what="filed", reason=reason)
    post = application.post
    notify(
        recipients=office_users(),
        subject=Text(gettext_lazy("%(person)s asks for a review of the qualification decision for %(post)s"),
                     person=application.person.name, post=post),
        body=Paragraphs(
            Text(gettext_lazy("Reason given: %(reason)s"), reason=reason),
            gettext_lazy("Decide on the post's page, in the registration panel: uphold (the applicant becomes "
                         "qualified) or dismiss, with a reason. Registration cannot close while it waits."),
        ),
        url=reverse("competition:post_detail", args=[post.pk]) + "#registration",
        kind="appeal",
    )
    return appeal


def lock_appeal(appeal_id: int) -> Appeal:
    return Appeal.objects.select_for_update(of=("self",)).get(pk=appeal_id)


@transaction.atomic
def appeal_decide(*, appeal_id: int, uphold: bool, reason: str, by: User) -> Appeal:
    """The office upholds (the application becomes qualified, through the qualification review itself) or dismisses
    (the refusal stands) an open appeal, with its reason. The candidate is told; the appeal keeps both sides."""
    require_office(by, _(OFFICE_ONLY))
    reason = (reason or "").strip()
    if not reason:
        raise CandidateFileError(_("Give the reason for the decision on the appeal."))
    application_id = Appeal.objects.values_list("application_id", flat=True).get(pk=appeal_id)
    # The order every path takes: the post (in the review), then the application, then the appeal.
    post_id = Application.objects.values_list("post_id", flat=True).get(pk=application_id)
    registration.lock_post_in_registration(post_id)
    appeal = lock_appeal(appeal_id)
    if appeal.status != Appeal.Status.OPEN:
        raise CandidateFileError(_("This appeal has already been decided."))
    if uphold:
        registration.application_review(
            application_id=application_id, by=by, qualified=True,
            reason=_("Upheld on appeal: %(reason)s") % {"reason": reason},
        )
    appeal.status = Appeal.Status.UPHELD if uphold else Appeal.Status.DISMISSED
    appeal.decision_reason, appeal.decided_by, appeal.decided_at = reason, by, timezone.now()
    appeal.save()
    audit_record(kind=AuditEvent.Kind.APPEAL, user=by, target=appeal.application, what=appeal.status, reason=reason)
    application = appeal.application
    user = application.person.user
    if user is not None:
        subject = (
            gettext_lazy("Your appeal for %(post)s is upheld: you are qualified")
            if uphold
            else gettext_lazy("Your appeal for %(post)s is dismissed: the refusal stands")
        )
        notify(
            recipients=[user],
            subject=Text(subject, post=application.post),
            body=Text(gettext_lazy("The competition office's reason: %(reason)s"), reason=reason),
            url=reverse("registration:application_edit", args=[application.pk]),
            kind="appeal",
        )
    return appeal


# --- Exceptions (破格, 18.3) ---

EVIDENCE_KINDS = ("pdf", "jpg", "png")
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
OPEN_EXCEPTION = (ExceptionRequest.Status.REQUESTED, ExceptionRequest.Status.PROPOSED)


def exception_requirements(application: Application) -> list[str]:
    """The requirements the candidate may ask an exception for now: those the pre-check found unmet, not waived,
    with no request waiting."""
    if application.status == Application.Status.WITHDRAWN or application.post.status != Post.Status.REGISTRATION:
        return []
    pending = set(
        application.exceptions.filter(status__in=OPEN_EXCEPTION).values_list("requirement", flat=True)
    )
    return [
        failure["item"]
        for failure in application.precheck_failures
        if not failure.get("waived") and failure["item"] not in pending
    ]


@transaction.atomic
def exception_request(
    *, application_id: int, requirement: str, reason: str, evidence: UploadedFile | None, by: User
) -> ExceptionRequest:
    """The candidate asks to be admitted by exception to a requirement his application does not meet, with his
    reason and (optionally) evidence: a PDF or an image, checked by content and stored under a generated name."""
    reason = (reason or "").strip()
    if not reason:
        raise CandidateFileError(_("Say why an exception should be made."))
    application = lock_application(application_id)
    if application.person.user_id is None or application.person.user_id != by.pk:
        raise PermissionDenied
    if requirement not in exception_requirements(application):
        raise CandidateFileError(
            _("An exception can be asked only for a requirement the pre-check found unmet, while registration is open, "
              "once at a time.")
        )
    exception = ExceptionRequest(application=application, requirement=requirement, reason=reason, filed_by=by)
    content, kind = files.clean_upload(evidence, EVIDENCE_KINDS, EVIDENCE_MAX_BYTES) if evidence else (None, "")
    try:
        with transaction.atomic():
            if content is not None:
                exception.evidence.save(files.stored_name(kind), content, save=False)
                exception.evidence_name = files.original_name(evidence)
            exception.save()
    except IntegrityError:
        if exception.evidence:
            exception.evidence.delete(save=False)
        raise CandidateFileError(_("An exception for this requirement is already asked.")) from None
    audit_record(kind=AuditEvent.Kind.EXCEPTION, user=by, target=application, what="requested", requirement=requirement)
    post = application.post
    notify(
        recipients=office_users(),
        subject=Text(gettext_lazy("%(person)s asks for an exception (破格) to “%(requirement)s” for %(post)s"),
                     person=application.person.name, requirement=exception.get_requirement_display(), post=post),
        body=Paragraphs(
            Text(gettext_lazy("Reason given: %(reason)s"), reason=reason),
            gettext_lazy("One office member decides with a reason on the post's page; a second, different office "
                         "member confirms the decision."),
        ),
        url=reverse("competition:post_detail", args=[post.pk]) + "#candidate-file",
        kind="exception",
    )
    return exception


def lock_exception(exception_id: int) -> ExceptionRequest:
    return ExceptionRequest.objects.select_for_update(of=("self",)).get(pk=exception_id)


def _exception_post_and_lock(exception_id: int) -> ExceptionRequest:
    """Lock in the order every path takes: the post (in registration), the application, the exception."""
    application_id = ExceptionRequest.objects.values_list("application_id", flat=True).get(pk=exception_id)
    post_id = Application.objects.values_list("post_id", flat=True).get(pk=application_id)
    registration.lock_post_in_registration(post_id)
    lock_application(application_id)
    return lock_exception(exception_id)


@transaction.atomic
def exception_decide(*, exception_id: int, approve: bool, reason: str, by: User) -> ExceptionRequest:
    """One office member decides, with a reason; the decision waits for a second member's confirmation."""
    require_office(by, _(OFFICE_ONLY))
    reason = (reason or "").strip()
    if not reason:
        raise CandidateFileError(_("Give the reason for the decision on the exception."))
    exception = _exception_post_and_lock(exception_id)
    if exception.status != ExceptionRequest.Status.REQUESTED:
        raise CandidateFileError(_("This request has already been decided."))
    exception.status = ExceptionRequest.Status.PROPOSED
    exception.approve, exception.decision_reason = bool(approve), reason
    exception.decided_by, exception.decided_at = by, timezone.now()
    exception.save()
    audit_record(kind=AuditEvent.Kind.EXCEPTION, user=by, target=exception.application, what="decided",
                 approve=bool(approve), reason=reason)
    others = [user for user in office_users() if user.pk != by.pk]
    notify(
        recipients=others,
        subject=Text(gettext_lazy("An exception (破格) for %(person)s waits for your confirmation"),
                     person=exception.application.person.name),
        body=Text(gettext_lazy("Decision: %(decision)s. Reason: %(reason)s"),
                  decision=gettext_lazy("approve") if approve else gettext_lazy("refuse"), reason=reason),
        url=reverse("competition:post_detail", args=[exception.application.post_id]) + "#candidate-file",
        kind="exception",
    )
    return exception


@transaction.atomic
def exception_confirm(*, exception_id: int, by: User) -> ExceptionRequest:
    """A second office member, not the one who decided, confirms the decision. An approved exception waives the
    requirement: the application's pre-check runs again. The candidate is told."""
    require_office(by, _(OFFICE_ONLY))
    exception = _exception_post_and_lock(exception_id)
    if exception.status != ExceptionRequest.Status.PROPOSED:
        raise CandidateFileError(_("Only a decided exception waiting for confirmation can be confirmed."))
    if exception.decided_by_id == by.pk:
        raise CandidateFileError(_("A second office member, not the one who decided, must confirm."))
    approved = bool(exception.approve)
    exception.status = ExceptionRequest.Status.APPROVED if approved else ExceptionRequest.Status.REFUSED
    exception.confirmed_by, exception.confirmed_at = by, timezone.now()
    exception.save()
    application = lock_application(exception.application_id)
    if approved:
        registration.precheck_refresh(application)
    audit_record(kind=AuditEvent.Kind.EXCEPTION, user=by, target=application, what=exception.status,
                 requirement=exception.requirement)
    user = application.person.user
    if user is not None:
        subject = (
            gettext_lazy("Your exception (破格) to “%(requirement)s” for %(post)s is approved")
            if approved
            else gettext_lazy("Your exception (破格) to “%(requirement)s” for %(post)s is refused")
        )
        notify(
            recipients=[user],
            subject=Text(subject, requirement=exception.get_requirement_display(), post=application.post),
            body=Text(gettext_lazy("The competition office's reason: %(reason)s"), reason=exception.decision_reason),
            url=reverse("registration:application_edit", args=[application.pk]),
            kind="exception",
        )
    return exception


# --- Materials (18.1) ---


@transaction.atomic
def requirement_add(
    *, campaign_id: int, post_id: int | None, kind: str, title: str, required: bool, deadline: datetime.datetime,
    allowed_types: list[str], max_mb: int, by: User,
) -> MaterialRequirement:
    """The office asks the candidates of a campaign (or of one post) for a material."""
    require_office(by, _(OFFICE_ONLY))
    allowed = [kind_ for kind_ in allowed_types if kind_ in files.KINDS]
    if not allowed:
        raise CandidateFileError(_("Choose at least one kind of file."))
    if post_id is not None and not Post.objects.filter(pk=post_id, campaign_id=campaign_id).exists():
        raise CandidateFileError(_("The post is not one of this campaign's."))
    requirement = MaterialRequirement(
        campaign_id=campaign_id, post_id=post_id, kind=kind, title=(title or "").strip(), required=bool(required),
        deadline=deadline, allowed_types=allowed, max_mb=max_mb,
    )
    try:
        requirement.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise CandidateFileError(" ".join(error.messages)) from None
    try:
        with transaction.atomic():
            requirement.save()
    except IntegrityError:
        raise CandidateFileError(_("A material of this kind is already asked for here; delete it first.")) from None
    return requirement


@transaction.atomic
def requirement_delete(*, requirement_id: int, by: User) -> None:
    require_office(by, _(OFFICE_ONLY))
    requirement = MaterialRequirement.objects.select_for_update().get(pk=requirement_id)
    if requirement.materials.exists():
        raise CandidateFileError(_("Candidates have uploaded this material already; it cannot be deleted."))
    requirement.delete()


@transaction.atomic
def material_upload(*, application_id: int, requirement_id: int, upload: UploadedFile, by: User) -> Material:
    """The candidate hands in (or replaces) a material until its deadline: checked by content against the kinds
    and size the requirement allows, stored under a generated name; the replaced file is removed after commit."""
    application = lock_application(application_id)
    if application.person.user_id is None or application.person.user_id != by.pk:
        raise PermissionDenied
    if application.status == Application.Status.WITHDRAWN:
        raise CandidateFileError(_("This application was withdrawn."))
    requirement = next((r for r in materials.requirements_for(application.post) if r.pk == requirement_id), None)
    if requirement is None:
        raise CandidateFileError(_("This material is not asked for this post."))
    if timezone.now() > requirement.deadline:
        raise CandidateFileError(
            _("The deadline for “%(title)s” has passed (%(deadline)s).")
            % {"title": requirement.title, "deadline": dates.moment(requirement.deadline)}
        )
    content, kind = files.clean_upload(upload, requirement.allowed_types, requirement.max_mb * 1024 * 1024)
    # The application's row is locked: a second upload waits here, then replaces this one.
    material = Material.objects.filter(application=application, requirement=requirement).first()
    old = material.file.name if material else ""
    material = material or Material(application=application, requirement=requirement)
    material.file.save(files.stored_name(kind), content, save=False)
    material.original_name, material.file_kind, material.size = files.original_name(upload), kind, content.size
    material.uploaded_at, material.uploaded_by = timezone.now(), by
    material.save()
    if old:
        storage = material.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return material
