"""Views of step 6, organizational inspection."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audited_download
from competition.access import get_inspection_for_user, get_post_for_office
from competition.inspection import services as inspections
from competition.inspection.forms import InspectionForm
from competition.progress import redirect_to_post
from core.exceptions import ActionRefused
from core.http import as_download, attempt, download_name

# --- Step 6: inspection ---


@login_required
def inspection_record(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_post_for_office(request.user, post_id)
    candidate = inspections.next_inspection_candidate(post)
    form = InspectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            inspections.inspection_record(post_id=post.pk, by=request.user, **form.cleaned_data)
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect_to_post(post.pk)
    return render(request, "competition/inspection/inspection_form.html", {"post": post, "candidate": candidate, "form": form})


@login_required
@audited_download("inspection report")
def inspection_report(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The report, for the office and the post's unit secretary only: never from a public media URL."""
    inspection = get_inspection_for_user(request.user, inspection_id)
    post = inspection.post
    extension = inspection.report.name.rsplit(".", 1)[-1] if "." in inspection.report.name else "pdf"
    name = download_name(
        post.campaign.name, post.unit.name, post.title, inspection.application.person.name, _("Inspection report"),
        extension=extension,
    )
    return as_download(FileResponse(inspection.report.open("rb")), name)


@login_required
@require_POST
def inspection_conclude(request: HttpRequest, post_id: int) -> HttpResponse:
    """The office goes on to publicity with those whose inspection passed, without a substitute."""
    post = get_post_for_office(request.user, post_id)
    attempt(
        request,
        lambda: inspections.inspection_conclude(post_id=post.pk, by=request.user),
        success=_("The candidates who passed the inspection go on to publicity."),
    )
    return redirect_to_post(post.pk)
