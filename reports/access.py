"""Access helpers of reports: return the object, or raise 404 (not visible) / 403 (not allowed here)."""

from django.shortcuts import get_object_or_404

from accounts.models import User
from reports import services
from reports.models import ExportJob


def get_export_job_for_user(user: User, job_id: int) -> ExportJob:
    """An export job: only its requester sees it (it holds their part of the data)."""
    services.report_scope(user)
    return get_object_or_404(ExportJob, pk=job_id, requested_by=user)
