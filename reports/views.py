"""The office's reports: dashboard, statistics workbook, large exports, archive import. Thin views."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from audit.models import AuditEvent
from audit.services import audit_record
from competition.access import campaigns_visible_to, get_campaign_for_user
from core.http import as_download, attempt, download_name
from core.paging import paginate

from . import services
from .access import get_export_job_for_user, get_import_job_for_user
from .charts import dashboard_charts
from .exports import statistics_workbook
from .forms import ArchiveUploadForm, ExportForm
from .importer import SHEETS, ImportIssue, ImportSummary
from .models import ExportJob, ImportJob
from .statistics import archived_before_reform, campaign_statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    unit = services.report_scope(request.user)
    campaigns = campaigns_visible_to(request.user)
    jobs = ExportJob.objects.filter(requested_by=request.user)[:10]
    return render(
        request,
        "reports/index.html",
        {"campaigns": campaigns, "unit": unit, "export_form": ExportForm(), "jobs": jobs},
    )


@login_required
def dashboard(request: HttpRequest, campaign_id: int) -> HttpResponse:
    unit = services.report_scope(request.user)
    campaign = get_campaign_for_user(request.user, campaign_id)
    stats = campaign_statistics(campaign, unit)
    return render(
        request,
        "reports/dashboard.html",
        {
            "campaign": campaign,
            "stats": stats,
            "charts": dashboard_charts(stats),
            "export_form": ExportForm(),
            "before_reform": archived_before_reform(stats),
        },
    )


@login_required
def statistics_download(request: HttpRequest, campaign_id: int) -> HttpResponse:
    unit = services.report_scope(request.user)
    campaign = get_campaign_for_user(request.user, campaign_id)
    stream = io.BytesIO()
    statistics_workbook(campaign, stream, unit)
    stream.seek(0)
    return as_download(FileResponse(stream, content_type=XLSX), download_name(campaign.name, _("Statistics"), extension="xlsx"))


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    services.report_scope(request.user)
    campaign = None
    if request.POST.get("campaign"):
        try:
            campaign = get_campaign_for_user(request.user, int(request.POST["campaign"]))
        except ValueError:
            raise Http404 from None
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose an export."))
        return redirect("reports:index")
    job = services.export_start(kind=form.cleaned_data["kind"], campaign=campaign, by=request.user)
    return redirect("reports:export_detail", job.pk)


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """The user's own exports, newest first, by state."""
    services.report_scope(request.user)
    status = request.GET.get("status", "")
    jobs = ExportJob.objects.filter(requested_by=request.user)
    if status in ExportJob.Status.values:
        jobs = jobs.filter(status=status)
    else:
        status = ""
    page = paginate(request, jobs.order_by("-created_at", "-pk"))
    return render(request, "reports/export_list.html", {"jobs": page, "status": status, "statuses": ExportJob.Status.choices})


@login_required
def export_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_export_job_for_user(request.user, job_id)
    return render(request, "reports/export_detail.html", {"job": job})


@login_required
@require_POST
def export_restart(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_export_job_for_user(request.user, job_id)
    attempt(request, lambda: services.export_restart(job=job, by=request.user), success=_("The export starts again."))
    return redirect("reports:export_detail", job.pk)


@login_required
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_export_job_for_user(request.user, job_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    audit_record(kind=AuditEvent.Kind.PERSONAL_DATA_EXPORT, request=request, export=job.kind, job=job.pk)
    name = download_name(job.campaign.name if job.campaign_id else "", job.get_kind_display(), extension="xlsx")
    return as_download(FileResponse(job.file.open("rb"), content_type=XLSX), name)


@login_required
def archive_import(request: HttpRequest) -> HttpResponse:
    """The upload: saved, then imported by a task (reports.import_jobs); the job's page follows it."""
    if services.report_scope(request.user) is not None:
        raise PermissionDenied
    form = ArchiveUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.archive_import_start(file=form.cleaned_data["file"], by=request.user)
        return redirect("reports:import_detail", job.pk)
    jobs = ImportJob.objects.filter(requested_by=request.user)[:5]
    return render(request, "reports/import.html", {"form": form, "jobs": jobs})


@login_required
def import_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job on the upload page: its progress while it runs (the page refreshes itself, or a script polls
    ``import_progress``), then its summary or the file's errors, and the form to upload again."""
    job = get_import_job_for_user(request.user, job_id)
    issues = [ImportIssue(**issue) for issue in job.issues]
    summary = ImportSummary(**job.summary) if job.status == ImportJob.Status.DONE else None
    if summary is not None:
        messages.success(request, _("The archive was imported."))
    context = {
        "form": ArchiveUploadForm(), "job": job, "issues": issues, "more": job.more_issues, "summary": summary,
        "progress_text": _progress_text(job),
    }
    return render(request, "reports/import.html", context)


def _progress_text(job: ImportJob) -> str:
    if job.status == ImportJob.Status.PENDING or not job.phase:
        return job.get_status_display()
    if job.phase == ImportJob.Phase.READING:
        return job.get_phase_display()
    if not job.total:
        return _("%(phase)s: %(done)s rows") % {"phase": job.get_phase_display(), "done": job.done}
    return _("%(phase)s: %(done)s of %(total)s rows") % {"phase": job.get_phase_display(), "done": job.done, "total": job.total}


@login_required
def import_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    """What the upload page's script polls: the job's state, phase and progress."""
    job = get_import_job_for_user(request.user, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "active": job.is_active,
            "text": _progress_text(job),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
        }
    )


@login_required
def archive_template(request: HttpRequest) -> HttpResponse:
    if services.report_scope(request.user) is not None:
        raise PermissionDenied
    workbook = Workbook(write_only=True)
    for name, columns in SHEETS.items():
        workbook.create_sheet(name).append(columns)
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename="archive-template.xlsx", content_type=XLSX)
