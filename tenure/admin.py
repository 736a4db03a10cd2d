from django.contrib import admin

from tenure.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["person", "position", "unit", "origin", "start", "end", "status"]
    list_filter = ["status", "origin", "unit__kind"]
    search_fields = ["person__name", "position__title", "unit__name"]
    list_select_related = ["person", "position", "unit"]
    date_hierarchy = "start"
