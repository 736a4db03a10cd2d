"""Step 7, pre-appointment publicity (任前公示): a notice drafted from a template, approved by the post's
unit secretary, published for the campaign's number of working days; objections and their investigation.

The publicity ends by itself (``publicity_end_due``, run by a periodic task) after its last working day,
unless an objection is still being investigated. A substantiated objection stops it: the office then
inspects the next candidate or fails the post.
"""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import rules as roles
from accounts.models import User
from accounts.rules import require_office
from audit.models import AuditEvent
from audit.services import audit_record
from competition import workflow
from competition.documents.contexts import notice_candidate
from competition.models import Application, Objection, Post, Publicity
from competition.workdays import add_working_days
from competition.workflow import WorkflowError
from notifications.messages import Paragraphs, Text
from notifications.services import notify


def publicity_draft(
    *, post: Post, application: Application | None = None, applications: list[Application] | None = None
) -> Publicity:
    """Draft the post's notice for ``applications`` (or the one ``application``): one notice listing them all, one
    row per candidate (his particulars and objections are his own); ask the unit's secretaries to approve it.
    Returns the first candidate's row."""
    candidates = list(applications or [application])
    last = Publicity.objects.filter(post=post).order_by("-notice_no").values_list("notice_no", flat=True).first()
    with translation.override("zh-hans"):  # the notice is printed in Chinese whoever drafts it
        contact = _("The district competition office (organization department).")
    rows = [
        Publicity.objects.create(
            post=post,
            application=candidate,
            notice_no=(last or 0) + 1,
            working_days=post.campaign.publicity_working_days,
            contact=contact,
        )
        for candidate in candidates
    ]
    notify(
        recipients=post.unit.secretaries.filter(is_active=True),
        subject=Text(gettext_lazy("Publicity notice to approve: %(post)s"), post=post),
        body=Text(
            gettext_lazy(
                "The competition office has drafted the pre-appointment publicity notice of %(person)s for %(post)s. "
                "Read it on the post's page and approve it, or return it to the office with a reason. Once approved it "
                "is published for %(days)s working days, during which anyone may file an objection."
            ),
            person="、".join(c.person.name for c in candidates),
            post=post,
            days=rows[0].working_days,
        ),
        url=reverse("competition:post_detail", args=[post.pk]),
        kind="publicity_approval",
    )
    return rows[0]


def _lock_notice(publicity_id: int) -> list[Publicity]:
    """Every candidate's row of the notice ``publicity_id`` is on, locked (only their own rows), in drafting order."""
    notice = Publicity.objects.values("post_id", "notice_no").get(pk=publicity_id)
    queryset = Publicity.objects.select_for_update(of=("self",)).select_related("post__campaign", "post__unit")
    return list(queryset.filter(**notice).order_by("pk"))


def _lock_publicity(publicity_id: int, *, skip_locked: bool = False) -> Publicity:
    """The notice's row (only its own), locked; with ``skip_locked``, Publicity.DoesNotExist when another worker
    holds it."""
    queryset = Publicity.objects.select_for_update(of=("self",), skip_locked=skip_locked)
    return queryset.select_related("post__campaign", "post__unit").get(pk=publicity_id)


def _lock_objection(objection_id: int) -> Objection:
    return Objection.objects.select_for_update(of=("self",)).get(pk=objection_id)


# The notice is the post's unit's to approve or return.
SECRETARY_ONLY = gettext_lazy("Only the post's unit secretary approves its publicity notice.")


@transaction.atomic
def publicity_update(*, publicity_id: int, contact: str, note: str, by: User) -> Publicity:
    """The office revises the notice; a returned notice goes back to the secretary."""
    roles.require_office(by, _("Only the competition office edits the notice."))
    rows = _lock_notice(publicity_id)
    if any(row.status not in (Publicity.Status.AWAITING_APPROVAL, Publicity.Status.RETURNED) for row in rows):
        raise WorkflowError(_("The notice is published and can no longer change."))
    if not contact.strip():
        raise WorkflowError(_("Say how to object."))
    for row in rows:  # one notice: every candidate's row says the same
        row.contact, row.note = contact, note
        row.status = Publicity.Status.AWAITING_APPROVAL
        row.save(update_fields=["contact", "note", "status"])
    return next(row for row in rows if row.pk == publicity_id)


def publicity_period(approved_on: datetime.date, working_days: int) -> tuple[datetime.date, datetime.date]:
    """The notice goes up on the approval day if it is a working day, else on the next one."""
    start = add_working_days(approved_on, 1)
    return start, add_working_days(start, working_days)


@transaction.atomic
def publicity_approve(*, publicity_id: int, by: User) -> Publicity:
    """Approve and publish the notice: every candidate on it, for the same period, each with his particulars fixed."""
    rows = _lock_notice(publicity_id)
    roles.require(roles.is_unit_secretary_of, by, rows[0].post, str(SECRETARY_ONLY))
    if any(row.status != Publicity.Status.AWAITING_APPROVAL for row in rows):
        raise WorkflowError(_("This notice is not awaiting approval."))
    start, end = publicity_period(timezone.localdate(), rows[0].working_days)
    now = timezone.now()
    for publicity in rows:
        publicity.start_date, publicity.end_date = start, end
        publicity.status = Publicity.Status.PUBLISHED
        publicity.approved_by, publicity.approved_at = by, now
        publicity.return_reason = ""
        publicity.fix_particulars(row=notice_candidate(publicity))
        publicity.save()
        audit_record(kind=AuditEvent.Kind.PUBLICITY_APPROVED, user=by, target=publicity)
    return next(row for row in rows if row.pk == publicity_id)


@transaction.atomic
def publicity_return(*, publicity_id: int, reason: str, by: User) -> Publicity:
    rows = _lock_notice(publicity_id)
    roles.require(roles.is_unit_secretary_of, by, rows[0].post, str(SECRETARY_ONLY))
    if any(row.status != Publicity.Status.AWAITING_APPROVAL for row in rows):
        raise WorkflowError(_("This notice is not awaiting approval."))
    if not reason.strip():
        raise WorkflowError(_("Please give a reason."))
    for row in rows:
        row.status = Publicity.Status.RETURNED
        row.return_reason = reason
        row.save(update_fields=["status", "return_reason"])
    publicity = next(row for row in rows if row.pk == publicity_id)
    notify(
        recipients=User.objects.filter(is_office=True, is_active=True),
        subject=Text(gettext_lazy("Publicity notice returned: %(post)s"), post=publicity.post),
        body=Paragraphs(
            Text(
                gettext_lazy("The unit secretary %(secretary)s returned the publicity notice for %(post)s."),
                secretary=by,
                post=publicity.post,
            ),
            Text(gettext_lazy("Reason: %(reason)s"), reason=reason),
            gettext_lazy("Revise the notice on the post's page; it then goes back to the secretary for approval."),
        ),
        url=reverse("competition:post_detail", args=[publicity.post_id]),
        kind="publicity_returned",
    )
    return publicity


def _reference(today: datetime.date) -> str:
    return f"YY{today:%Y%m%d}-{secrets.token_hex(3).upper()}"


def objection_file(*, publicity_id: int, name: str, contact: str, text: str) -> Objection:
    """Anyone files an objection while the notice is up; returns it with its reference number."""
    today = timezone.localdate()
    publicity = Publicity.objects.on_show(today).filter(pk=publicity_id).first()
    if publicity is None:
        raise WorkflowError(_("This publicity is not open for objections."))
    if not text.strip():
        raise WorkflowError(_("Please write what you report."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                objection = Objection.objects.create(
                    publicity=publicity, reference=_reference(today), name=name.strip(), contact=contact.strip(), text=text
                )
                _tell_office_of_objection(objection, publicity)
                return objection
        except IntegrityError:  # the one-in-16-million reference collision: draw again
            continue
    raise WorkflowError(_("Please try again."))


def _tell_office_of_objection(objection: Objection, publicity: Publicity) -> None:
    """The office investigates: it is told at once. The mail names neither the objector nor his words (they stay
    on the site, with the investigators), only the reference and the notice."""
    notify(
        recipients=User.objects.filter(is_office=True, is_active=True),
        subject=Text(gettext_lazy("New objection %(reference)s to the publicity for %(post)s"), reference=objection.reference, post=publicity.post),
        body=Text(
            gettext_lazy(
                "An objection (%(reference)s) was filed on %(day)s against the pre-appointment publicity of %(person)s "
                "for %(post)s. Read it on the post's page, investigate, and record the result; while it is under "
                "investigation the publicity does not end. The objector's identity goes no further than the investigators."
            ),
            reference=objection.reference,
            day=objection.created_at,
            person=publicity.application.person,
            post=publicity.post,
        ),
        url=reverse("competition:post_detail", args=[publicity.post_id]),
        kind="objection_filed",
    )


@transaction.atomic
def objection_identity_read(*, objection_id: int, by: User, request: HttpRequest | None = None) -> dict[str, str]:
    """Who objected (name and contact), for the office investigating; each read is written to the audit log in
    the same transaction, so no one reads an identity without a trace (对举报者保密)."""
    roles.require_office(by, _("Only the competition office investigating sees who objected."))
    objection = Objection.objects.select_related("publicity__post").get(pk=objection_id)
    audit_record(
        kind=AuditEvent.Kind.OBJECTOR_IDENTITY_READ,
        request=request,
        user=by,
        objection=objection.reference,
        post=objection.publicity.post_id,
    )
    return {"reference": objection.reference, "name": objection.name, "contact": objection.contact}


def objection_outcome(reference: str) -> Objection | None:
    """The objection with this reference number, for the public look-up of its outcome (never its objector)."""
    reference = (reference or "").strip().upper()
    if not reference:
        return None
    return Objection.objects.select_related("publicity__post__unit").filter(reference=reference).first()


@transaction.atomic
def objection_investigate(*, objection_id: int, investigation: str, result: str, by: User) -> Objection:
    """The office records its investigation; a substantiated objection stops the publicity and the appointment."""
    roles.require_office(by, _("Only the competition office investigates objections."))
    # The notice's lock first: publicity_end_due reads the objections under it, so it skips this notice meanwhile.
    publicity = _lock_publicity(Objection.objects.values_list("publicity_id", flat=True).get(pk=objection_id))
    objection = _lock_objection(objection_id)
    if objection.result:
        raise WorkflowError(_("This objection's investigation is already recorded."))
    if result not in (Objection.Result.SUBSTANTIATED, Objection.Result.UNSUBSTANTIATED):
        raise WorkflowError(_("Choose a result."))
    if not investigation.strip():
        raise WorkflowError(_("Describe the investigation."))
    objection.investigation, objection.result = investigation, result
    objection.investigated_by, objection.investigated_at = by, timezone.now()
    objection.save()
    if result == Objection.Result.SUBSTANTIATED and publicity.status == Publicity.Status.PUBLISHED:
        publicity.status = Publicity.Status.STOPPED
        publicity.save(update_fields=["status"])
        Application.objects.filter(pk=publicity.application_id).update(
            outcome=Application.Outcome.PUBLICITY_FAILED, outcome_on=timezone.localdate()
        )
    if result == Objection.Result.SUBSTANTIATED:
        _advance_if_settled(publicity.post_id, by=by)
    return objection


def publicity_end_due(today: datetime.date | None = None) -> int:
    """End every publicity whose last working day has passed and move its post to the decision.

    Safe to run twice, and beside another worker: each notice is claimed under a row lock (skipping
    locked ones) and re-checked; an objection still under investigation keeps the notice open.
    """
    today = today or timezone.localdate()
    ended = 0
    due = Publicity.objects.filter(
        status=Publicity.Status.PUBLISHED, end_date__lt=today, post__status=Post.Status.PUBLICITY
    ).values_list("pk", flat=True)
    for publicity_id in list(due):
        with transaction.atomic():
            try:
                publicity = _lock_publicity(publicity_id, skip_locked=True)
            except Publicity.DoesNotExist:  # another worker has it
                continue
            if _refusal_to_end(publicity, today):
                continue
            try:
                _end(publicity, by=None)
            except WorkflowError:
                transaction.set_rollback(True)
                continue
        ended += 1
    return ended


def _refusal_to_end(publicity: Publicity, today: datetime.date) -> str:
    """Why the notice cannot end today, or ``""`` if it can."""
    if publicity.status != Publicity.Status.PUBLISHED:
        return _("This publicity is not running.")
    if publicity.end_date >= today:
        return _("The publicity runs until %(day)s, its last working day; it can end only after that.") % {
            "day": publicity.end_date.isoformat()
        }
    if publicity.has_open_objections():
        return _("An objection is still under investigation; the publicity ends once it is decided.")
    return ""


def _end(publicity: Publicity, *, by: User | None) -> None:
    publicity.status = Publicity.Status.ENDED
    publicity.save(update_fields=["status"])
    _advance_if_settled(publicity.post_id, by=by)


def _advance_if_settled(post_id: int, *, by: User | None) -> None:
    """Once no candidate of the post is on a notice still running (awaiting approval, returned or published), the
    candidates whose publicity ended go on to the committee together. A post whose candidates were all stopped stays
    here for the office to confirm a substitute or fail it."""
    post = workflow.lock_post(post_id)
    running = Publicity.objects.filter(post=post, status__in=Publicity.RUNNING_STATES)
    if post.status != Post.Status.PUBLICITY or running.exists():
        return
    ended = Publicity.objects.filter(
        post=post, status=Publicity.Status.ENDED, application__outcome=Application.Outcome.IN_PROGRESS
    )
    if ended.exists():
        workflow.post_await_decision(post_id=post.pk, by=by, reason=_("Publicity ended."))


@transaction.atomic
def publicity_end(*, publicity_id: int, by: User) -> Publicity:
    """The office ends a notice whose period is over at once, instead of waiting for the next morning's job: every
    candidate on it whose publicity can end (one with an objection under investigation stays on)."""
    require_office(by, _("Only the competition office ends a publicity."))
    today = timezone.localdate()
    rows = _lock_notice(publicity_id)
    refusals = [_refusal_to_end(row, today) for row in rows]
    if all(refusals):
        raise WorkflowError(next(r for r, row in zip(refusals, rows) if row.pk == publicity_id))
    for row, refusal in zip(rows, refusals):
        if not refusal:
            _end(row, by=by)
    return next(row for row in rows if row.pk == publicity_id)
