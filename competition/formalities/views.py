"""Views of the appointment formalities: one page per passing decision, with the talk and the document."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audited_download
from competition.access import get_decision_for_user, get_issued_formalities_for_user
from competition.documents.contexts import appointment_notice_context
from competition.formalities import services as formalities
from competition.formalities.forms import DocumentForm, TalkForm
from competition.models import Formalities
from core.http import attempt_form


def _record(decision) -> Formalities | None:
    return Formalities.objects.filter(decision=decision).first()


@login_required
def formalities_page(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The post's unit secretary and the office: the talk, the document, and whether the term has started."""
    decision = get_decision_for_user(request.user, decision_id)
    record = _record(decision)
    today = timezone.localdate()
    talk_initial = {"talked_by": record.talked_by, "talk_on": record.talk_on or today, "talk_points": record.talk_points} if record else {"talk_on": today}
    context = {
        "decision": decision,
        "person": decision.application.person,
        "record": record,
        "term": decision.application.person.terms.filter(post_id=decision.post_id).first(),
        "talk_form": TalkForm(initial=talk_initial),
        "document_form": DocumentForm(initial={"document_date": today, "effective_on": today}),
    }
    return render(request, "competition/formalities/formalities.html", context)


@login_required
@require_POST
def formalities_talk(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, decision_id)
    attempt_form(
        request, TalkForm(request.POST),
        lambda data: formalities.formalities_talk_record(decision_id=decision.pk, by=request.user, **data),
        success=_("The pre-appointment talk is recorded."),
    )
    return redirect("appointment:formalities", decision.pk)


@login_required
@require_POST
def formalities_document(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, decision_id)
    attempt_form(
        request, DocumentForm(request.POST),
        lambda data: formalities.formalities_complete(decision_id=decision.pk, by=request.user, **data),
        success=_("The appointment formalities are complete; the term has started."),
    )
    return redirect("appointment:formalities", decision.pk)


@login_required
@audited_download("appointment notice")
def appointment_notice(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The appointment notice (任职通知) as issued, once the formalities are complete."""
    record = get_issued_formalities_for_user(request.user, decision_id)
    decision = record.decision
    doc = appointment_notice_context(decision, record)
    return render(request, "competition/formalities/appointment_notice.html", {"decision": decision, "doc": doc})
