"""Access helpers of reports: return the object, or raise 404 (not visible) / 403 (not allowed here)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from reports import services
from reports.models import ExportJob, ImportJob


def get_export_job_for_user(user: User, job_id: int) -> ExportJob:
    """An export job: only its requester sees it (it holds their part of the data)."""
    services.report_scope(user)
    return get_object_or_404(ExportJob, pk=job_id, requested_by=user)


def get_import_job_for_user(user: User, job_id: int) -> ImportJob:
    """An archive import: the office only (403 for anyone else, as the upload page); only its requester sees it
    (its refusal names people of the file), 404 for another."""
    if services.report_scope(user) is not None:
        raise PermissionDenied
    return get_object_or_404(ImportJob, pk=job_id, requested_by=user)
