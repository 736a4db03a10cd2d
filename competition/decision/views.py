"""Views of step 8, the committee decision, and the office's choices after a stopped candidate."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audited_download
from competition.access import (
    get_committee_member_for_user,
    get_decision_for_user,
    get_post_for_office,
    get_post_for_user,
    get_unit_for_roster_keeper,
)
from competition.decision import roster, substitutes
from competition.decision import services as decisions
from competition.decision.forms import (
    CommitteeMemberEndForm,
    CommitteeMemberForm,
    CommitteeRelativeForm,
    DecisionForm,
    SubstituteForm,
)
from competition.documents.contexts import decision_record_context
from competition.models import Decision
from competition.progress import redirect_to_post
from core.exceptions import ActionRefused
from core.http import attempt, attempt_form, form_error_message

# --- Step 8: decision, and the office's choices after a stopped candidate ---


def _meeting_choice(source, candidates, today: datetime.date):
    """The meeting date and the candidate the page shows the roster for (from the query or the posted form)."""
    try:
        day = datetime.date.fromisoformat(source.get("meeting_date") or "")
    except ValueError:
        day = today
    try:
        chosen = int(source.get("application_id") or 0)
    except ValueError:
        chosen = 0
    candidate = next((c for c in candidates if c.pk == chosen), candidates[0] if candidates else None)
    return day, candidate


@login_required
def decision_record(request: HttpRequest, post_id: int) -> HttpResponse:
    """The meeting's record, for the office and the post's unit secretary (the post's access is the permission).

    The page offers the unit's committee members serving on the meeting's date (chosen above the record) and shows
    who is recused for the candidate; the record is posted with that date and candidate."""
    post = get_post_for_user(request.user, post_id)
    candidates = decisions.decision_candidates(post)
    day, candidate = _meeting_choice(request.POST if request.method == "POST" else request.GET, candidates, timezone.localdate())
    seats = roster.meeting_seats(post.unit, day, candidate)
    form = DecisionForm(
        request.POST or None,
        initial={"meeting_date": day, "application_id": candidate.pk if candidate else None},
        campaign_start=post.campaign.start_date if post.campaign_id else None,
        candidates=candidates,
        seats=seats,
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = decisions.decision_record(post_id=post.pk, by=request.user, **form.service_fields())
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            if decision.result == Decision.Result.PASSED:
                messages.success(
                    request, _("The committee passed the appointment; record the appointment formalities to start the term.")
                )
            else:
                messages.warning(request, _("The committee did not pass the appointment."))
            return redirect("appointment:decision_print", decision.pk)
    context = {
        "post": post, "candidate": candidate, "candidates": candidates, "form": form, "meeting_date": day,
        "seats": seats, "roster_url": reverse("appointment:committee_roster", args=[post.unit_id]),
    }  # fmt: skip
    return render(request, "competition/decision/decision_form.html", context)


@login_required
@audited_download("decision record")
def decision_print(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, decision_id)
    doc = decision_record_context(decision)
    return render(request, "competition/decision/decision_print.html", {"decision": decision, "doc": doc})


@login_required
@require_POST
def substitute_confirm(request: HttpRequest, post_id: int) -> HttpResponse:
    """The office confirms the next-ranked candidate in place of a chosen one who dropped out."""
    post = get_post_for_office(request.user, post_id)
    form = SubstituteForm(request.POST)
    if not form.is_valid():
        form_error_message(request, form)
        return redirect_to_post(post.pk)
    attempt(
        request,
        lambda: substitutes.substitute_confirm(post_id=post.pk, by=request.user, **form.cleaned_data),
        success=_("The substitute is confirmed and will be inspected next."),
    )
    return redirect_to_post(post.pk)


@login_required
@require_POST
def close_with_fewer(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    reason = request.POST.get("reason", "")[:2000]
    attempt(
        request,
        lambda: decisions.post_close_with_fewer(post_id=post.pk, by=request.user, reason=reason),
        success=_("The post is closed with the candidates appointed so far."),
    )
    return redirect_to_post(post.pk)


@login_required
@require_POST
def rerelease(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    reason = request.POST.get("reason", "")[:2000]
    copy = attempt(
        request,
        lambda: decisions.post_rerelease(post_id=post.pk, by=request.user, reason=reason),
        success=_("The post failed and was drafted again for a later round."),
    )
    return redirect_to_post(copy.pk if copy is not None else post.pk)


# --- The committee's standing roster ---


@login_required
def committee_roster(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit's committee members with their periods and declared relatives; the office and the unit's secretary
    add members here (POST) and end a member's period."""
    unit = get_unit_for_roster_keeper(request.user, unit_id)
    people = roster.people_for_roster(unit)
    form = CommitteeMemberForm(request.POST or None, people=people)
    if request.method == "POST":
        if form.is_valid():
            done = attempt(
                request,
                lambda: roster.committee_member_add(unit_id=unit.pk, by=request.user, **form.cleaned_data),
                success=_("The member is on the roster."),
            )
            if done is not None:
                return redirect("appointment:committee_roster", unit.pk)
        else:
            form_error_message(request, form)
    members = list(
        unit.committee_members.select_related("person").prefetch_related("relatives__person").order_by("serving_from", "pk")
    )
    for member in members:
        member.relative_form = CommitteeRelativeForm(people=people, auto_id=f"rel-{member.pk}-%s")
    context = {
        "unit": unit, "form": form, "members": members, "today": timezone.localdate(),
        "serving": roster.roster_on(unit, timezone.localdate()),
        "end_form": CommitteeMemberEndForm(initial={"serving_until": timezone.localdate()}),
    }  # fmt: skip
    return render(request, "competition/decision/committee_roster.html", context)


@login_required
@require_POST
def committee_member_end(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_committee_member_for_user(request.user, member_id)
    attempt_form(
        request, CommitteeMemberEndForm(request.POST),
        lambda data: roster.committee_member_end(member_id=member.pk, by=request.user, **data),
        success=_("The member's period is ended."),
    )
    return redirect("appointment:committee_roster", member.unit_id)


@login_required
@require_POST
def committee_member_relative(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_committee_member_for_user(request.user, member_id)
    attempt_form(
        request, CommitteeRelativeForm(request.POST, people=roster.people_for_roster(member.unit)),
        lambda data: roster.committee_member_add_relative(member_id=member.pk, by=request.user, **data),
        success=_("Relative declared."),
    )
    return redirect("appointment:committee_roster", member.unit_id)
