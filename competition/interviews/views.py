"""Interview pages: the office's pool, bank and sessions; the examiner's scoring page (phone first); the
candidate's own results. Views parse, call one service in competition.interviews, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import rules as roles
from audit.models import AuditEvent
from audit.services import audit_record
from competition import access, workflow
from competition.interviews import scoring, sheets
from competition.interviews import services as interviews
from competition.interviews.forms import (
    AbsentForm,
    CorrectionForm,
    DimensionsForm,
    ExaminerForm,
    ExaminersForm,
    QuestionForm,
    QuestionsForm,
    RecusalForm,
    RelativeForm,
    ScoreForm,
    SessionActionForm,
    SessionForm,
    SheetUploadForm,
    WrittenScoreForm,
)
from competition.models import Examiner, InterviewSession, Question, ScoreCorrection


def _require_office(user):
    if not roles.is_office(user):
        raise PermissionDenied


# --- The pool and the bank (office) ---


@login_required
def examiner_list(request: HttpRequest) -> HttpResponse:
    _require_office(request.user)
    form = ExaminerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        examiner = interviews.examiner_create(by=request.user, **form.service_fields())
        messages.success(request, _("Examiner added."))
        return redirect("interviews:examiner_detail", examiner.pk)
    examiners = Examiner.objects.select_related("unit", "user")
    return render(request, "competition/interviews/examiner_list.html", {"examiners": examiners, "form": form})


@login_required
def examiner_detail(request: HttpRequest, examiner_id: int) -> HttpResponse:
    _require_office(request.user)
    examiner = get_object_or_404(Examiner.objects.select_related("unit"), pk=examiner_id)
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interviews.examiner_add_relative(
            examiner_id=examiner.pk, person=form.cleaned_data["person"], kind=form.cleaned_data["kind"], by=request.user
        )
        messages.success(request, _("Relative declared."))
        return redirect("interviews:examiner_detail", examiner.pk)
    relatives = examiner.relatives.select_related("person")
    return render(request, "competition/interviews/examiner_detail.html", {"examiner": examiner, "relatives": relatives, "form": form})


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    _require_office(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interviews.question_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Question added."))
        return redirect("interviews:question_list")
    return render(request, "competition/interviews/question_list.html", {"questions": Question.objects.all(), "form": form})


# --- Sessions ---


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    if roles.is_office(request.user):
        sessions = InterviewSession.objects.select_related("campaign")
    elif roles.is_examiner(request.user):
        sessions = access.sessions_for_examiner(request.user)
    else:
        raise PermissionDenied
    return render(request, "competition/interviews/session_list.html", {"sessions": sessions.prefetch_related("posts__unit")})


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    _require_office(request.user)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = interviews.session_create(by=request.user, **form.cleaned_data)
        except interviews.InterviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Session created with its qualified candidates."))
            return redirect("interviews:session_detail", session.pk)
    return render(request, "competition/form.html", {"form": form, "title": _("New interview session")})


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    recused = interviews.recusals(session)
    examiners = list(session.examiners.order_by("pk"))
    rows = scoring.session_result_rows(session)
    scores = {(s.examiner_id, s.application_id): s for s in session.scores.all()}
    for row in rows:
        row.cells = []
        for examiner in examiners:
            score = scores.get((examiner.pk, row.slot.application_id))
            row.cells.append({"examiner": examiner, "score": score, "recused": recused.get((examiner.pk, row.slot.application_id))})
    context = {
        "session": session,
        "examiners": examiners,
        "rows": rows,
        "problems": interviews.eligibility_problems(session) if session.status == InterviewSession.Status.PLANNED else [],
        "pool": Examiner.objects.filter(active=True),
        "bank": interviews.questions_for(session),
        "questions": session.questions.all(),
        "dimensions": session.dimensions.all(),
        "events": session.events.select_related("by"),
        "corrections": ScoreCorrection.objects.filter(score__session=session).select_related("score__examiner", "by"),
        "upload_form": SheetUploadForm(),
    }
    return render(request, "competition/interviews/session_detail.html", context)


def _back_to_session(session_id):
    return redirect("interviews:session_detail", session_id)


def _run(request, session_id, action, success):
    """Run one service call, turning its refusal into a message."""
    try:
        action()
    except (interviews.InterviewError, workflow.WorkflowError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _back_to_session(session_id)


@login_required
@require_POST
def session_action(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    form = SessionActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return _back_to_session(session.pk)
    name, by = form.cleaned_data["action"], request.user
    calls = {
        "draw": (lambda: interviews.session_draw(session_id=session.pk, by=by), _("The order has been drawn.")),
        "draw_questions": (
            lambda: interviews.session_draw_questions(session_id=session.pk, count=form.cleaned_data["count"] or 0, by=by),
            _("Questions drawn."),
        ),
        "start": (lambda: interviews.session_start(session_id=session.pk, by=by), _("The session has started.")),
        "close": (lambda: scoring.session_close(session_id=session.pk, by=by), _("The session is closed; scores are locked.")),
        "publish": (lambda: scoring.session_publish(session_id=session.pk, by=by), _("Results published.")),
    }
    call, success = calls[name]
    return _run(request, session.pk, call, success)


def _run_form(request, session_id, form, invalid, action, success):
    """Validate an office form, then run one service call with its data; either way back to the session."""
    if not form.is_valid():
        messages.error(request, invalid)
        return _back_to_session(session_id)
    return _run(request, session_id, lambda: action(form.cleaned_data), success)


@login_required
@require_POST
def session_examiners(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    return _run_form(
        request, session.pk, ExaminersForm(request.POST), _("Choose examiners from the pool."),
        lambda data: interviews.session_set_examiners(
            session_id=session.pk, examiner_ids=[e.pk for e in data["examiners"]], by=request.user
        ),
        _("Examiners saved."),
    )  # fmt: skip


@login_required
@require_POST
def session_dimensions(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    return _run_form(
        request, session.pk, DimensionsForm(request.POST), _("The list of dimensions is too long."),
        lambda data: interviews.session_set_dimensions(
            session_id=session.pk, dimensions=interviews.parse_dimensions(data["dimensions"]), by=request.user
        ),
        _("Scoring dimensions saved."),
    )  # fmt: skip


@login_required
@require_POST
def session_questions(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    return _run_form(
        request, session.pk, QuestionsForm(request.POST), _("Choose questions from the bank."),
        lambda data: interviews.session_pick_questions(
            session_id=session.pk, question_ids=[q.pk for q in data["questions"]], by=request.user
        ),
        _("Questions saved."),
    )  # fmt: skip


@login_required
@require_POST
def session_recusal(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    return _run_form(
        request, session.pk, RecusalForm(request.POST), _("Choose an examiner and a candidate, and give a reason."),
        lambda data: interviews.session_add_recusal(
            session_id=session.pk, examiner_id=data["examiner"], application_id=data["application"],
            reason=data["reason"], by=request.user,
        ),
        _("Recusal recorded."),
    )  # fmt: skip


@login_required
@require_POST
def slot_absent(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    return _run_form(
        request, session.pk, AbsentForm(request.POST), _("Choose a candidate."),
        lambda data: interviews.slot_set_absent(
            session_id=session.pk, slot_id=data["slot"], absent=data["absent"], by=request.user
        ),
        _("Attendance saved."),
    )  # fmt: skip


@login_required
@require_POST
def slot_written_score(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    return _run_form(
        request, session.pk, WrittenScoreForm(request.POST), _("Choose a candidate."),
        lambda data: interviews.slot_set_written_score(
            session_id=session.pk, slot_id=data["slot"], value=data["value"], by=request.user
        ),
        _("Written exam score saved."),
    )  # fmt: skip


def _correct_and_audit(request, session, data):
    get_object_or_404(session.scores, pk=data["score"])
    correction = scoring.score_correct(score_id=data["score"], value=data["value"], reason=data["reason"], by=request.user)
    audit_record(
        kind=AuditEvent.Kind.SCORE_CORRECTION,
        request=request,
        score=correction.score_id,
        old=str(correction.old_value),
        new=str(correction.new_value),
        reason=correction.reason,
    )


@login_required
@require_POST
def score_correct(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    return _run_form(
        request, session.pk, CorrectionForm(request.POST), _("Give the new score and a reason."),
        lambda data: _correct_and_audit(request, session, data),
        _("Score corrected."),
    )  # fmt: skip


@login_required
def session_sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    response = HttpResponse(
        sheets.session_sheet(session),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="interview-session-{session.pk}.xlsx"'
    return response


@login_required
def session_import(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_office(request.user, session_id)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    errors, more = [], 0
    if request.method == "POST" and form.is_valid():
        try:
            count = sheets.session_import_sheet(session_id=session.pk, file=form.cleaned_data["sheet"], by=request.user)
        except sheets.SheetInvalid as error:
            errors, more = error.errors, error.more
            messages.error(request, str(error))
        except interviews.InterviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(n)s scores imported.") % {"n": count})
            return _back_to_session(session.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "competition/interviews/session_import.html", {"session": session, "form": form, "errors": errors, "more": more}, status=status)


# --- The examiner's page ---


@login_required
def examiner_score(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.get_session_for_examiner(request.user, session_id)
    dimensions = list(session.dimensions.all())
    if request.method == "POST":
        form = ScoreForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter a number from 0 to 100."))
        else:
            parts = {d.pk: request.POST.get(f"dim-{d.pk}", "") for d in dimensions} if dimensions else None
            try:
                scoring.score_save(
                    session_id=session.pk,
                    application_id=form.cleaned_data["application"],
                    value=form.cleaned_data["value"],
                    parts=parts,
                    by=request.user,
                )
            except interviews.InterviewError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Score saved."))
        return redirect("interviews:examiner_score", session.pk)
    recused = interviews.recusals(session)
    mine = scoring.own_scores(session, request.user)
    my_parts = scoring.own_parts(session, request.user)
    examiner_id = request.user.examiner.pk
    slots = [
        {
            "slot": slot,
            "score": mine.get(slot.application_id),
            "recused": (examiner_id, slot.application_id) in recused,
            "parts": [{"dimension": d, "value": my_parts.get((slot.application_id, d.pk))} for d in dimensions],
        }
        for slot in session.slots.select_related("application__person").order_by("order", "pk")
    ]
    return render(
        request,
        "competition/interviews/examiner_score.html",
        {"session": session, "slots": slots, "questions": interviews.questions_visible(session, request.user)},
    )


# --- The candidate's own results ---


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    if not roles.is_candidate(request.user):
        raise PermissionDenied
    return render(request, "competition/interviews/my_results.html", {"slots": scoring.candidate_results(request.user)})
