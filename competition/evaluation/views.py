"""Views of step 5, democratic evaluation: the office's pages and the public vote page."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from competition.access import get_evaluation_for_runner, get_evaluation_for_user, get_post_for_runner
from competition.evaluation import services as evaluations
from competition.evaluation.forms import BallotForm, CodeForm, EvaluationOpenForm, PaperTallyForm
from competition.kinds import Step
from competition.models import Rating
from competition.progress import redirect_to_post
from core import ratelimit
from core.exceptions import ActionRefused
from core.http import attempt, client_address, form_error_message

# Wrong codes per address before the code page refuses more: a typo or two is normal, guessing is not.
VOTE_FAILURES_LIMIT, VOTE_WINDOW = 10, 15 * 60


# --- Step 5: democratic evaluation ---


@login_required
@require_POST
def evaluation_open(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_runner(request.user, post_id, Step.EVALUATION)
    form = EvaluationOpenForm(request.POST)
    if not form.is_valid():
        form_error_message(request, form)
        return redirect_to_post(post.pk)
    attempt(
        request,
        lambda: evaluations.evaluation_open(post_id=post.pk, by=request.user, **form.cleaned_data),
        success=_("Evaluation opened. Print the ballot codes next."),
    )
    return redirect_to_post(post.pk)


@never_cache
@login_required
@require_POST
def evaluation_codes(request: HttpRequest, post_id: int) -> HttpResponse:
    """Issue the codes and show them once, as slips to print: only their hashes are kept."""
    evaluation = get_evaluation_for_runner(request.user, post_id)
    try:
        codes = evaluations.evaluation_issue_codes(evaluation_id=evaluation.pk, by=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
        return redirect_to_post(post_id)
    vote_url = request.build_absolute_uri(reverse("appointment:vote"))
    slips = [(code, slip_qr(vote_url, code)) for code in codes]
    return render(request, "competition/evaluation/code_slips.html", {"evaluation": evaluation, "slips": slips, "codes": codes, "vote_url": vote_url})


def slip_qr(vote_url: str, code: str) -> SafeString:
    """The slip's QR code, drawn on the server: the vote page's address with the code in the fragment.

    A browser never sends the fragment, so the code reaches neither a request line nor a server log; the vote page's
    own script (static/js/app.js) moves it into the code field and removes it from the address bar.
    """
    svg = segno.make(f"{vote_url}#code={code}", error="m").svg_inline(scale=3, border=2, omitsize=True)
    # Decorative for screen readers: the code is printed beside it in full.
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return format_html('<div class="code-slip-qr">{}</div>', mark_safe(svg))


@login_required
def evaluation_paper_form(request: HttpRequest, post_id: int) -> HttpResponse:
    """The paper 民主测评表 to print for those who evaluate on paper: the same persons, order and four grades as the
    vote page and the paper tally, unsigned."""
    evaluation = get_evaluation_for_runner(request.user, post_id)
    candidates = evaluation.candidates.select_related("application__person", "application__applicant_unit").order_by("order")
    return render(
        request, "competition/evaluation/paper_form.html",
        {"evaluation": evaluation, "candidates": candidates, "grades": Rating.choices},
    )  # fmt: skip


@login_required
def evaluation_paper(request: HttpRequest, post_id: int) -> HttpResponse:
    evaluation = get_evaluation_for_runner(request.user, post_id)
    candidates = evaluation.candidates.select_related("application__person")
    form = PaperTallyForm(request.POST or None, candidates=candidates, initial={"ballots": evaluation.paper_ballots})
    if request.method == "POST" and form.is_valid():
        try:
            evaluations.evaluation_record_paper(
                evaluation_id=evaluation.pk, ballots=form.cleaned_data["ballots"], counts=form.counts(), by=request.user
            )
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Paper ballots tallied."))
            return redirect_to_post(post_id)
    return render(request, "competition/evaluation/paper_tally.html", {"evaluation": evaluation, "form": form})


@login_required
@require_POST
def evaluation_close(request: HttpRequest, post_id: int) -> HttpResponse:
    evaluation = get_evaluation_for_runner(request.user, post_id)
    attempt(
        request,
        lambda: evaluations.evaluation_close(evaluation_id=evaluation.pk, by=request.user),
        success=_("Evaluation closed and tallied."),
    )
    return redirect_to_post(post_id)


@login_required
@require_POST
def evaluation_approve(request: HttpRequest, post_id: int) -> HttpResponse:
    """The office approves the result of an internal competition's evaluation (``kinds``)."""
    post = get_post_for_runner(request.user, post_id, Step.EVALUATION_APPROVE)
    note = request.POST.get("reason", "")[:2000]
    attempt(
        request,
        lambda: evaluations.evaluation_approve(post_id=post.pk, by=request.user, note=note),
        success=_("The evaluation's result is approved."),
    )
    return redirect_to_post(post.pk)


@login_required
def evaluation_results(request: HttpRequest, post_id: int) -> HttpResponse:
    evaluation = get_evaluation_for_user(request.user, post_id)
    return render(
        request,
        "competition/evaluation/evaluation_results.html",
        {"post": evaluation.post, "evaluation": evaluation, "results": evaluations.evaluation_published_results(evaluation)},
    )


# --- Public pages ---


@never_cache
def vote(request: HttpRequest) -> HttpResponse:
    """Enter a code, then rate each candidate. Wrong codes are counted per address and limited."""
    address = client_address(request)
    if request.method != "POST":
        return render(request, "competition/evaluation/vote_code.html", {"form": CodeForm()})
    if ratelimit.is_limited("vote", address, limit=VOTE_FAILURES_LIMIT, window=VOTE_WINDOW):
        return ratelimit.too_many(
            request, _("Too many wrong codes from your address. Please wait %(minutes)s minutes and try again."),
            window=VOTE_WINDOW,
        )
    code_form = CodeForm(request.POST)
    found = evaluations.find_code(request.POST.get("code", "")) if code_form.is_valid() else None
    if found is None:
        ratelimit.hit("vote", address, window=VOTE_WINDOW)
        code_form.add_error("code", _("This code is not valid or has already been used."))
        return render(request, "competition/evaluation/vote_code.html", {"form": code_form})
    evaluation = found.evaluation
    candidates = evaluation.candidates.select_related("application__person", "application__applicant_unit")
    if "cast" not in request.POST:
        form = BallotForm(initial={"code": request.POST["code"]}, candidates=candidates)
        return render(request, "competition/evaluation/vote_ballot.html", {"form": form, "evaluation": evaluation})
    form = BallotForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return render(request, "competition/evaluation/vote_ballot.html", {"form": form, "evaluation": evaluation})
    try:
        evaluations.ballot_cast(code=form.cleaned_data["code"], ratings=form.ratings())
    except evaluations.BallotError as error:
        ratelimit.hit("vote", address, window=VOTE_WINDOW)
        code_form = CodeForm()
        return render(request, "competition/evaluation/vote_code.html", {"form": code_form, "error": str(error)})
    return render(request, "competition/evaluation/vote_done.html", {"evaluation": evaluation})
