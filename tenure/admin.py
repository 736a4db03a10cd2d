from django.contrib import admin

from tenure.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["person", "position", "unit", "origin", "start", "end", "status"]
    list_filter = ["status", "origin", "unit__kind"]
    search_fields = ["person__name", "position__title", "unit__name"]
    list_select_related = ["person", "position", "unit"]
    date_hierarchy = "start"


from tenure.models import AnnualReview, Certificate, Exit, Reappointment, TermAssessment, TermGoal  # noqa: E402


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "term", "issued_on"]
    list_filter = ["year", "unit"]
    list_select_related = ["unit", "term__person", "term__position__unit"]
    # Numbers come from tenure.services.certificate_issue under the unit's lock; never typed by hand.
    readonly_fields = ["term", "unit", "year", "number", "issued_on", "issued_by"]


@admin.register(Reappointment)
class ReappointmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "campaign", "status"]
    list_filter = ["status", "campaign"]
    readonly_fields = ["status"]


admin.site.register([TermGoal, AnnualReview, TermAssessment, Exit])
