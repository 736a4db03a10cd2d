"""Written exam pages: the runner's sessions (the office; an internal competition's secretary), the marks page and
the mark sheet, the admission ticket to print (the candidate's own, and the runner's), the candidate's own exams and
results. Views find what the URL names through ``competition.access``, parse, call one service, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rules as roles
from audit.models import AuditEvent
from audit.services import audited_download, audited_post
from competition import access, kinds
from competition.models import WrittenExamSession
from competition.written import selectors, sheets
from competition.written import services as written
from competition.written.forms import (
    MarksForm,
    MarksUploadForm,
    SessionActionForm,
    WrittenCampaignForm,
    WrittenSessionForm,
)
from core.actions import Handler, dispatch
from core.exceptions import ActionRefused
from core.http import as_download, client_ip, download_name


def _back_to_session(session: WrittenExamSession) -> HttpResponse:
    return redirect("written:session_detail", session.pk)


def _campaigns_run_by(user):
    visible = access.campaigns_visible_to(user)
    return visible.filter(pk__in=[c.pk for c in visible if kinds.runs(user, c, kinds.Step.WRITTEN)])


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = access.written_sessions_for_user(request.user).prefetch_related("posts__unit")
    return render(request, "competition/written/session_list.html", {"sessions": sessions})


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    """First the campaign (a GET form), then the session with that campaign's posts at the written exam step."""
    roles.require_back_office(request.user)
    campaigns = _campaigns_run_by(request.user)
    chooser = WrittenCampaignForm(request.GET or None, campaigns=campaigns)
    if not chooser.is_valid():
        offered = chooser.fields["campaign"].queryset
        if offered.count() != 1:
            return render(request, "competition/written/session_new.html", {"chooser": chooser, "form": None})
        chooser = WrittenCampaignForm({"campaign": offered.get().pk}, campaigns=campaigns)
        chooser.is_valid()
    campaign = access.get_campaign_for_runner(request.user, chooser.cleaned_data["campaign"].pk, kinds.Step.WRITTEN)
    form = WrittenSessionForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            session = written.written_session_create(by=request.user, **form.service_fields())
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Session created. Issue the admission tickets when its rooms are right."))
            return _back_to_session(session)
    context = {"chooser": chooser, "form": form, "campaign": campaign}
    return render(request, "competition/written/session_new.html", context)


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_written_session_for_runner(request.user, session_id)
    context = {"session": session, **selectors.session_overview(session)}
    return render(request, "competition/written/session_detail.html", context)


def _issue(request: HttpRequest, session: WrittenExamSession) -> str:
    session = written.written_session_issue(session_id=session.pk, by=request.user)
    return _("Admission tickets issued (%(n)s); the candidates are told to print them.") % {"n": session.tickets.count()}


def _publish(request: HttpRequest, session: WrittenExamSession) -> str:
    written.written_session_publish(session_id=session.pk, by=request.user)
    return _("Results published; every candidate is told his mark and whether he goes on.")


SESSION_ACTIONS: dict[str, Handler] = {"issue": _issue, "publish": _publish}


@login_required
@require_POST
def session_action(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_written_session_for_runner(request.user, session_id)
    form = SessionActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.invalid_message)
        return _back_to_session(session)
    return dispatch(request, SESSION_ACTIONS, form.cleaned_data["action"], session, back=lambda: _back_to_session(session))


def _marks_page(request, session, form, errors, more=0, status=200):
    context = {"session": session, "form": form, "errors": errors, "more": more}
    return render(request, "competition/written/marks.html", context, status=status)


@login_required
def marks(request: HttpRequest, session_id: int) -> HttpResponse:
    """Marks entered on a page: every filled row saved, or none when one is wrong (the rows and their problems)."""
    session = access.get_written_session_for_runner(request.user, session_id)
    tickets = list(session.tickets.select_related("application__person", "application__post__unit", "room"))
    form = MarksForm(request.POST or None, tickets=tickets)
    if request.method != "POST":
        return _marks_page(request, session, form, [])
    if not form.is_valid():
        return _marks_page(request, session, form, [], status=400)
    entries = form.entries()
    if form.mark_errors:
        messages.error(request, _("The marks have errors; nothing was saved."))
        return _marks_page(request, session, form, form.mark_errors, status=400)
    try:
        count = written.written_marks_enter(
            session_id=session.pk, entries=entries, by=request.user,
            correction_reason=form.cleaned_data["reason"], client_address=client_ip(request),
        )  # fmt: skip
    except written.MarksInvalid as error:
        messages.error(request, str(error))
        return _marks_page(request, session, form, error.errors, error.more, status=400)
    except ActionRefused as error:
        messages.error(request, str(error))
        return _marks_page(request, session, form, [], status=400)
    messages.success(request, _("%(n)s marks saved.") % {"n": count})
    return _back_to_session(session)


@login_required
@audited_download("written exam mark sheet")
def marks_sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_written_session_for_runner(request.user, session_id)
    response = HttpResponse(
        sheets.session_sheet(session), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return as_download(response, download_name(session.campaign.name, session.name, _("Mark sheet"), extension="xlsx"))


@login_required
@audited_post(AuditEvent.Kind.DATA_IMPORT, "written exam mark sheet")
def marks_import(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_written_session_for_runner(request.user, session_id)
    form = MarksUploadForm(request.POST or None, request.FILES or None)
    errors, more = [], 0
    if request.method == "POST" and form.is_valid():
        try:
            count = sheets.written_marks_import(
                session_id=session.pk, file=form.cleaned_data["sheet"], by=request.user,
                correction_reason=form.correction_reason(), client_address=client_ip(request),
            )  # fmt: skip
        except written.MarksInvalid as error:
            errors, more = error.errors, error.more
            messages.error(request, str(error))
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(n)s marks imported.") % {"n": count})
            return _back_to_session(session)
    status = 400 if request.method == "POST" else 200
    context = {"session": session, "form": form, "errors": errors, "more": more}
    return render(request, "competition/written/marks_import.html", context, status=status)


# --- The candidate's pages ---


@login_required
@audited_download("admission ticket")
def ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """The admission ticket to print: the candidate's own, or the runner's copy."""
    admission = access.get_ticket_for_user(request.user, ticket_id)
    response = render(request, "competition/written/ticket.html", {"ticket": admission, "person": admission.application.person})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_exams(request: HttpRequest) -> HttpResponse:
    """The candidate's written exams: each ticket to print, and once published his mark and whether he goes on."""
    if not roles.is_candidate(request.user):
        raise PermissionDenied
    return render(request, "competition/written/my_exams.html", {"tickets": selectors.candidate_tickets(request.user)})
