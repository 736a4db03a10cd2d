from django.contrib import admin

from reports.models import ExportJob, ImportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["kind", "campaign", "unit", "requested_by", "status", "done", "total", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["requested_by__username", "campaign__name", "unit__name"]
    list_select_related = ["campaign", "unit", "requested_by"]
    date_hierarchy = "created_at"
    # Progress and status belong to the export task (reports.tasks). The file holds personal data: it is
    # downloaded through the audited export view only, so the admin does not link to it.
    exclude = ["file"]
    readonly_fields = ["status", "done", "total", "created_at", "finished_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["name", "requested_by", "status", "phase", "done", "total", "created_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["requested_by__username", "name"]
    list_select_related = ["requested_by"]
    date_hierarchy = "created_at"
    # Run by the import task (reports.tasks); the upload holds ID numbers in full and is never linked from here.
    exclude = ["file"]
    readonly_fields = [
        "name", "language", "status", "phase", "done", "total", "summary", "issues", "more_issues", "created_at",
        "finished_at", "progress_at",
    ]

    def has_add_permission(self, request):
        return False
