from django.contrib import admin

from accounts import rules
from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_filter = ["kind"]
    search_fields = ["username", "path", "ip_address"]
    date_hierarchy = "at"

    list_display = ["at", "kind", "outcome", "username", "ip_address", "target", "path"]

    # The audit administrator alone reads the log (三员分立), in the admin as on the audit page.
    def has_view_permission(self, request, obj=None):
        return rules.is_audit_admin(request.user)

    def has_module_permission(self, request):
        return rules.is_audit_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
