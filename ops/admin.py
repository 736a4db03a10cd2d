from django.contrib import admin

from ops.models import Heartbeat, QueuedTask


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    """The periodic tasks' last beats (ops.tasks writes them); shown for diagnosis, never edited."""

    list_display = ["name", "at"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin):
    """Tasks kept while the broker was away (config/celery.py); ops.tasks.requeue_tasks empties it every minute.
    Rows that stay here say the broker is still away. Deleting one drops its task."""

    list_display = ["name", "not_before", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["name", "args", "kwargs", "not_before", "created_at"]

    def has_add_permission(self, request):
        return False
