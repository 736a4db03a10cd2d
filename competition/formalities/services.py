"""Appointment formalities (办理任职手续): after a passing committee decision, the pre-appointment talk (任前谈话) and the
appointment document (文号, date, effective date) are recorded; only then does the term start, on the effective date.

The post's unit secretary (or the office) records both. Completing the formalities sends
``appointment_formalities_completed``; tenure (above competition) starts the term from it, inside this transaction.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import rules as roles
from accounts.models import User
from competition.formalities.signals import appointment_formalities_completed
from competition.models import Decision, Formalities, Unit
from competition.workflow import WorkflowError, lock_post
from notifications.messages import Text
from notifications.services import notify


class FormalitiesError(WorkflowError):
    """A step of the formalities that cannot be recorded now; the message is for the user."""


def _lock(decision_id: int, by: User) -> tuple[Decision, Formalities]:
    """The decision's post, then its formalities, locked (the post's lock orders everything done to its appointees)."""
    decision = Decision.objects.select_related("post", "application__person__user").get(pk=decision_id)
    lock_post(decision.post_id)
    roles.require(
        roles.is_office_or_unit_secretary_of, by, decision.post,
        _("Only the post's unit secretary and the office record the appointment formalities."),
    )  # fmt: skip
    if decision.result != Decision.Result.PASSED:
        raise FormalitiesError(_("Only an appointment the committee passed has formalities."))
    formalities, _created = Formalities.objects.get_or_create(decision=decision)
    formalities = Formalities.objects.select_for_update(of=("self",)).get(pk=formalities.pk)
    if formalities.complete:
        raise FormalitiesError(_("The appointment formalities are complete: the term has started."))
    if decision.application.person.terms.filter(post_id=decision.post_id).exists():
        raise FormalitiesError(_("The term of this appointment has already started."))
    return decision, formalities


@transaction.atomic
def formalities_talk_record(
    *, decision_id: int, talked_by: str, talk_on: datetime.date, talk_points: str, by: User
) -> Formalities:
    """Record (or correct, before completion) the pre-appointment talk: who held it, when, the points made."""
    decision, formalities = _lock(decision_id, by)
    talked_by, talk_points = talked_by.strip(), talk_points.strip()
    if not talked_by:
        raise FormalitiesError(_("Say who held the pre-appointment talk."))
    if not talk_points:
        raise FormalitiesError(_("Record the points made in the pre-appointment talk."))
    if talk_on < decision.meeting_date:
        raise FormalitiesError(_("The pre-appointment talk comes after the committee's decision (%(day)s).") % {
            "day": decision.meeting_date.isoformat()})  # fmt: skip
    if talk_on > timezone.localdate():
        raise FormalitiesError(_("The talk cannot be in the future."))
    if formalities.document_date and talk_on > formalities.document_date:
        raise FormalitiesError(_("The pre-appointment talk comes before the appointment document."))
    formalities.talked_by, formalities.talk_on, formalities.talk_points = talked_by, talk_on, talk_points
    formalities.talk_recorded_by = by
    formalities.save(update_fields=["talked_by", "talk_on", "talk_points", "talk_recorded_by"])
    return formalities


def _number(decision: Decision, year: int, seq: int | None) -> tuple[Unit, int]:
    """The body's next number of ``year`` (or ``seq``, when the body gave it: its committee numbers other documents
    too), under a lock on the body's unit: two notices numbered at once are numbered one after the other, and the
    unique constraint refuses whatever gets past."""
    unit = Unit.objects.select_for_update(of=("self",)).get(pk=decision.post.unit_id)
    taken = Formalities.objects.filter(issuer=unit, document_year=year)
    if seq is None:
        return unit, (taken.aggregate(n=Max("document_seq"))["n"] or 0) + 1
    if seq < 1:
        raise FormalitiesError(_("A document number starts at 1."))
    if taken.filter(document_seq=seq).exists():
        raise FormalitiesError(
            _("%(body)s has already issued number %(seq)s of %(year)s.") % {"body": unit.issuing_body, "seq": seq, "year": year}
        )
    return unit, seq


def document_number(unit: Unit, year: int, seq: int) -> str:
    """罗委〔2026〕12号: the body's short code (its name until the office sets one), the year, the number."""
    return f"{unit.document_code}〔{year}〕{seq}号"


@transaction.atomic
def formalities_complete(
    *, decision_id: int, document_date: datetime.date, effective_on: datetime.date, by: User,
    document_seq: int | None = None,
) -> Formalities:
    """Issue the appointment notice (任职通知) and complete the formalities: the notice takes the next number of its
    body and year (or ``document_seq``), and the term starts on the effective date."""
    decision, formalities = _lock(decision_id, by)
    if formalities.talk_on is None:
        raise FormalitiesError(_("Record the pre-appointment talk first."))
    if document_date < formalities.talk_on:
        raise FormalitiesError(_("The pre-appointment talk comes before the appointment document."))
    if document_date > timezone.localdate():
        raise FormalitiesError(_("The document cannot be dated in the future."))
    if effective_on < decision.meeting_date:
        raise FormalitiesError(_("The appointment cannot take effect before the committee's decision (%(day)s).") % {
            "day": decision.meeting_date.isoformat()})  # fmt: skip
    if effective_on > timezone.localdate():
        raise FormalitiesError(_("Record the document on or after its effective date: the term cannot start in the future."))
    unit, seq = _number(decision, document_date.year, document_seq)
    document_no = document_number(unit, document_date.year, seq)
    if Formalities.objects.filter(document_no=document_no).exclude(pk=formalities.pk).exists():
        raise FormalitiesError(_("Another appointment already has the document number %(no)s.") % {"no": document_no})
    formalities.issuer, formalities.document_year, formalities.document_seq = unit, document_date.year, seq
    formalities.document_no, formalities.document_date, formalities.effective_on = document_no, document_date, effective_on
    formalities.completed_at, formalities.completed_by = timezone.now(), by
    formalities.save(update_fields=[
        "issuer", "document_year", "document_seq", "document_no", "document_date", "effective_on", "completed_at",
        "completed_by",
    ])  # fmt: skip
    # Tenure sits above competition: it starts the term from this signal, inside this transaction.
    appointment_formalities_completed.send(
        sender=Formalities, formalities=formalities, application=decision.application, starts_on=effective_on
    )
    notify(
        recipients=[decision.application.person.user],
        subject=Text(gettext_lazy("Your term has started: %(post)s"), post=decision.post),
        body=Text(
            gettext_lazy(
                "The appointment formalities are complete (%(no)s). Your term as %(post)s started on %(day)s; its "
                "goals and your certificate are on your applications page."
            ),
            no=document_no, post=decision.post, day=effective_on,
        ),  # fmt: skip
        url=reverse("registration:my_applications"),
        kind="term_started",
    )
    return formalities
