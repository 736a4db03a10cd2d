"""Interview pages: the office's pool, bank and sessions; the examiner's scoring page (phone first); the
candidate's own results. Views find what the URL names through ``competition.access``, parse, call one service,
and render or go back to the page; the pages' reads are in ``selectors``."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rules as roles
from accounts.rules import require_office
from audit.models import AuditEvent
from audit.services import audited_download, audited_post
from competition import access
from competition.candidates.materials import materials_by_application
from competition.interviews import scoring, selectors, sheets
from competition.interviews import services as interviews
from competition.interviews.forms import (
    AbsentForm,
    CorrectionForm,
    DimensionsForm,
    ExaminerAccountForm,
    ExaminerAttachForm,
    ExaminerForm,
    ExaminersForm,
    ExtraInterviewForm,
    PanelForm,
    PoolSearchForm,
    QuestionForm,
    QuestionsForm,
    RecusalForm,
    RelativeForm,
    ScoreForm,
    SessionActionForm,
    SessionCampaignForm,
    SessionFilterForm,
    SessionForm,
    SheetUploadForm,
    WrittenScoreForm,
)
from competition.interviews.rules import parse_dimensions
from competition.kinds import Step
from competition.models import Campaign, Examiner, InterviewSession, Question
from competition.progress import redirect_to_post
from core.actions import Handler, dispatch
from core.exceptions import ActionRefused
from core.http import as_download, attempt, client_ip, download_name
from core.paging import paginate


def _submit(request: HttpRequest, form: PanelForm, call: Callable[[dict[str, Any]], object], *, success: str) -> None:
    """Run one service call with a form posted from a page's panel: its success, its refusal or the form's own
    message goes on the next page. The caller then goes back to the page."""
    if form.is_valid():
        attempt(request, lambda: call(form.cleaned_data), success=success)
    else:
        messages.error(request, form.invalid_message)


def _back_to_session(session: InterviewSession) -> HttpResponse:
    return redirect("interviews:session_detail", session.pk)


# --- The pool and the bank (office) ---


@login_required
def examiner_list(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = ExaminerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        examiner = interviews.examiner_create(by=request.user, **form.service_fields())
        messages.success(request, _("Examiner added."))
        return redirect("interviews:examiner_detail", examiner.pk)
    search = PoolSearchForm(request.GET or None)
    examiners = search.filter(Examiner.objects.select_related("unit", "user"), "name", "unit__name", "title", "specialties")
    examiners = paginate(request, examiners.order_by("name", "pk"))
    return render(request, "competition/interviews/examiner_list.html", {"examiners": examiners, "form": form, "search": search})


@login_required
def examiner_detail(request: HttpRequest, examiner_id: int) -> HttpResponse:
    examiner = access.get_examiner_for_office(request.user, examiner_id)
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interviews.examiner_add_relative(
            examiner_id=examiner.pk, person=form.cleaned_data["person"], kind=form.cleaned_data["kind"], by=request.user
        )
        messages.success(request, _("Relative declared."))
        return redirect("interviews:examiner_detail", examiner.pk)
    relatives = examiner.relatives.select_related("person")
    context = {
        "examiner": examiner, "relatives": relatives, "form": form,
        "own_applications": selectors.examiner_own_applications(examiner),
    }  # fmt: skip
    if not examiner.user_id:
        context.update(account_form=ExaminerAccountForm(prefix="account"), attach_form=ExaminerAttachForm(prefix="attach"))
    return render(request, "competition/interviews/examiner_detail.html", context)


@login_required
@require_POST
def examiner_account(request: HttpRequest, examiner_id: int) -> HttpResponse:
    """Create the examiner's login; a one-time password is shown once, on a page to print, and never again."""
    examiner = access.get_examiner_for_office(request.user, examiner_id)
    form = ExaminerAccountForm(request.POST, prefix="account")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("interviews:examiner_detail", examiner.pk)
    data = form.cleaned_data
    created = attempt(
        request,
        lambda: interviews.examiner_account_create(
            examiner_id=examiner.pk,
            username=data["username"],
            email=data["email"],
            method=data["method"],
            invite_url_for=lambda token: request.build_absolute_uri(reverse("accounts:invitation_accept", args=[token])),
            by=request.user,
            client_address=client_ip(request),
        ),
        success=_("The account is created.") if data["method"] == "password" else _("The invitation is on its way."),
    )
    if created is None or not created[1]:
        return redirect("interviews:examiner_detail", examiner.pk)
    examiner, password = created
    response = render(
        request, "competition/interviews/examiner_password.html", {"examiner": examiner, "password": password}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def examiner_attach(request: HttpRequest, examiner_id: int) -> HttpResponse:
    examiner = access.get_examiner_for_office(request.user, examiner_id)
    form = ExaminerAttachForm(request.POST, prefix="attach")
    if form.is_valid():
        attempt(
            request,
            lambda: interviews.examiner_account_attach(
                examiner_id=examiner.pk,
                username=form.cleaned_data["username"],
                by=request.user,
                client_address=client_ip(request),
            ),
            success=_("The account is attached: the examiner can log in and score."),
        )
    else:
        messages.error(request, _("Give the login name of an existing account."))
    return redirect("interviews:examiner_detail", examiner.pk)


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interviews.question_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Question added."))
        return redirect("interviews:question_list")
    search = PoolSearchForm(request.GET or None)
    questions = paginate(request, search.filter(Question.objects.order_by("category", "pk"), "text", "category", "notes"))
    return render(request, "competition/interviews/question_list.html", {"questions": questions, "form": form, "search": search})


# --- Sessions ---


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = access.sessions_for_user(request.user)
    filters = SessionFilterForm(request.GET or None, campaigns=Campaign.objects.filter(pk__in=sessions.values("campaign")))
    sessions = filters.filter(sessions).prefetch_related("posts__unit").order_by("campaign", "date", "name", "pk")
    return render(request, "competition/interviews/session_list.html", {"sessions": paginate(request, sessions), "filters": filters})


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    """First the campaign (a GET form), then the session with that campaign's posts at the interview step."""
    campaigns = access.campaigns_run_by(request.user, Step.INTERVIEW)
    chooser = SessionCampaignForm(request.GET or None, campaigns=campaigns)
    if not chooser.is_valid():
        if chooser.fields["campaign"].queryset.count() == 1:
            chooser = SessionCampaignForm({"campaign": chooser.fields["campaign"].queryset.get().pk}, campaigns=campaigns)
            chooser.is_valid()
        else:
            return render(request, "competition/interviews/session_new.html", {"chooser": chooser, "form": None})
    campaign = chooser.cleaned_data["campaign"]
    form = SessionForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            session = interviews.session_create(by=request.user, **form.cleaned_data)
        except ActionRefused as error:
            form.add_error(None, str(error))  # the form stays on the page, so the refusal goes with its fields
        else:
            messages.success(request, _("Session created with its qualified candidates."))
            return redirect("interviews:session_detail", session.pk)
    return render(request, "competition/interviews/session_new.html", {"chooser": chooser, "form": form, "campaign": campaign})


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    context = {"session": session, "upload_form": SheetUploadForm(), **selectors.session_overview(session)}
    return render(request, "competition/interviews/session_detail.html", context)


def _draw(request: HttpRequest, session: InterviewSession) -> str:
    interviews.session_draw(session_id=session.pk, by=request.user)
    return _("The order has been drawn.")


def _draw_questions(request: HttpRequest, session: InterviewSession) -> str:
    form = SessionActionForm(request.POST)  # session_action has checked it: valid
    count = form.cleaned_data["count"] if form.is_valid() else None
    interviews.session_draw_questions(session_id=session.pk, count=count or 0, by=request.user)
    return _("Questions drawn.")


def _start(request: HttpRequest, session: InterviewSession) -> str:
    interviews.session_start(session_id=session.pk, by=request.user)
    return _("The session has started.")


def _close(request: HttpRequest, session: InterviewSession) -> str:
    scoring.session_close(session_id=session.pk, by=request.user)
    return _("The session is closed; scores are locked.")


def _publish(request: HttpRequest, session: InterviewSession) -> str:
    scoring.session_publish(session_id=session.pk, by=request.user)
    return _("Results published.")


# The session page's buttons: one handler per SessionActionForm.ACTIONS.
SESSION_ACTIONS: dict[str, Handler] = {"draw": _draw, "draw_questions": _draw_questions, "start": _start, "close": _close, "publish": _publish}


@login_required
@require_POST
def session_action(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    form = SessionActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.invalid_message)
        return _back_to_session(session)
    return dispatch(request, SESSION_ACTIONS, form.cleaned_data["action"], session, back=lambda: _back_to_session(session))


@login_required
@require_POST
def session_examiners(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    _submit(
        request, ExaminersForm(request.POST),
        lambda data: interviews.session_set_examiners(
            session_id=session.pk, examiner_ids=[e.pk for e in data["examiners"]], by=request.user
        ),
        success=_("Examiners saved."),
    )  # fmt: skip
    return _back_to_session(session)


@login_required
@require_POST
def session_dimensions(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    _submit(
        request, DimensionsForm(request.POST),
        lambda data: interviews.session_set_dimensions(
            session_id=session.pk, dimensions=parse_dimensions(data["dimensions"]), by=request.user
        ),
        success=_("Scoring dimensions saved."),
    )  # fmt: skip
    return _back_to_session(session)


@login_required
@require_POST
def session_questions(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    _submit(
        request, QuestionsForm(request.POST),
        lambda data: interviews.session_pick_questions(
            session_id=session.pk, question_ids=[q.pk for q in data["questions"]], by=request.user
        ),
        success=_("Questions saved."),
    )  # fmt: skip
    return _back_to_session(session)


@login_required
@require_POST
def session_recusal(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    _submit(
        request, RecusalForm(request.POST),
        lambda data: interviews.session_add_recusal(
            session_id=session.pk, examiner_id=data["examiner"], application_id=data["application"],
            reason=data["reason"], by=request.user,
        ),
        success=_("Recusal recorded."),
    )  # fmt: skip
    return _back_to_session(session)


@login_required
@require_POST
def slot_absent(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    _submit(
        request, AbsentForm(request.POST),
        lambda data: interviews.slot_set_absent(
            session_id=session.pk, slot_id=access.get_slot_for_runner(request.user, session.pk, data["slot"]).pk,
            absent=data["absent"], by=request.user,
        ),
        success=_("Attendance saved."),
    )  # fmt: skip
    return _back_to_session(session)


@login_required
@require_POST
def slot_written_score(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    _submit(
        request, WrittenScoreForm(request.POST),
        lambda data: interviews.slot_set_written_score(
            session_id=session.pk, slot_id=access.get_slot_for_runner(request.user, session.pk, data["slot"]).pk,
            value=data["value"], by=request.user,
        ),
        success=_("Written exam score saved."),
    )  # fmt: skip
    return _back_to_session(session)


@login_required
@require_POST
def score_correct(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    _submit(
        request, CorrectionForm(request.POST),
        lambda data: scoring.score_correct(
            score_id=access.get_score_for_runner(request.user, session.pk, data["score"]).pk,
            value=data["value"], reason=data["reason"], by=request.user,
            client_address=client_ip(request),
        ),
        success=_("Score corrected."),
    )  # fmt: skip
    return _back_to_session(session)


@login_required
@audited_download("score sheet")
def session_sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    response = HttpResponse(
        sheets.session_sheet(session),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return as_download(response, download_name(session.campaign.name, session.name, _("Score sheet"), extension="xlsx"))


@login_required
@audited_post(AuditEvent.Kind.DATA_IMPORT, "score sheet")
def session_import(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_runner(request.user, session_id)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    errors, more = [], 0
    if request.method == "POST" and form.is_valid():
        # Not attempt(): the refusal's list of wrong cells goes on this page, and the success message needs the count.
        try:
            count = sheets.session_import_sheet(
                session_id=session.pk, file=form.cleaned_data["sheet"], by=request.user,
                correction_reason=form.correction_reason(), client_address=client_ip(request),
            )  # fmt: skip
        except ActionRefused as error:
            errors = error.errors if isinstance(error, sheets.SheetInvalid) else []
        except sheets.SheetInvalid as error:
            errors, more = error.errors, error.more
            messages.error(request, str(error))
        except interviews.InterviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(n)s scores imported.") % {"n": count})
            return _back_to_session(session)
    status = 400 if request.method == "POST" else 200
    return render(request, "competition/interviews/session_import.html", {"session": session, "form": form, "errors": errors, "more": more}, status=status)


@login_required
@require_POST
def extra_interview(request: HttpRequest, post_id: int) -> HttpResponse:
    post = access.get_post_for_office(request.user, post_id)
    _submit(
        request, ExtraInterviewForm(request.POST),
        lambda data: scoring.extra_interview_record(
            application_id=access.get_post_application_for_office(request.user, post.pk, data["application"]).pk,
            value=data["value"], reason=data["reason"], by=request.user, client_address=client_ip(request),
        ),
        success=_("Extra interview score recorded; the ranking is updated."),
    )  # fmt: skip
    return redirect_to_post(post.pk)


# --- The examiner's page ---


@login_required
def examiner_score(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_examiner(request.user, session_id)
    if request.method == "POST":
        dimensions = list(session.dimensions.all())
        _submit(
            request, ScoreForm(request.POST),
            lambda data: scoring.score_save(
                session_id=session.pk, application_id=data["application"], value=data["value"], by=request.user,
                parts={d.pk: request.POST.get(f"dim-{d.pk}", "") for d in dimensions} if dimensions else None,
            ),
            success=_("Score saved."),
        )  # fmt: skip
        return redirect("interviews:examiner_score", session.pk)
    slots = selectors.examiner_slots(session, request.user)
    handed_in = materials_by_application(item["slot"].application_id for item in slots)
    for item in slots:
        item["materials"] = handed_in.get(item["slot"].application_id, [])
    questions = selectors.questions_visible(session, request.user)
    context = {
        "session": session, "slots": slots, "questions": questions,
        "candidate_count": selectors.examiner_candidate_count(session),
    }  # fmt: skip
    return render(request, "competition/interviews/examiner_score.html", context)


# --- The candidate's own results ---


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    if not roles.is_candidate(request.user):
        raise PermissionDenied
    return render(request, "competition/interviews/my_results.html", {"slots": selectors.candidate_results(request.user)})
