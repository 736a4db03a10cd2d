from django.contrib import admin

from tenure.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["person", "position", "unit", "origin", "start", "end", "status"]
    list_filter = ["status", "origin", "unit__kind"]
    search_fields = ["person__name", "position__title", "unit__name"]
    list_select_related = ["person", "position", "unit"]
    date_hierarchy = "start"
    # Ended, terminated or confirmed only by tenure.services; the term's dates are set by the appointment and changed
    # only by the services that record why (never typed over here).
    readonly_fields = ["status", "ended_on", "start", "end", "probation_end", "end_reason", "termination_reason"]


from tenure.models import AnnualReview, Certificate, Exit, Reappointment, TermAssessment, TermGoal  # noqa: E402


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "term", "issued_on"]
    list_filter = ["year", "unit"]
    search_fields = ["term__person__name", "unit__name"]
    list_select_related = ["unit", "term__person", "term__position__unit"]
    # Numbers come from tenure.services.certificate_issue under the unit's lock; never typed by hand.
    readonly_fields = ["term", "unit", "year", "number", "issued_on", "issued_by"]


@admin.register(Reappointment)
class ReappointmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "campaign", "status"]
    list_filter = ["status", "campaign"]
    search_fields = ["previous_term__person__name", "unit__name"]
    list_select_related = ["previous_term__person", "previous_term__position", "unit", "campaign"]
    readonly_fields = ["status"]


@admin.register(TermGoal)
class TermGoalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "term", "created_at"]
    list_filter = ["term__unit__kind"]
    search_fields = ["goal", "term__person__name", "term__unit__name"]
    list_select_related = ["term__person", "term__position"]
    raw_id_fields = ["term"]


@admin.register(AnnualReview)
class AnnualReviewAdmin(admin.ModelAdmin):
    list_display = ["term", "year", "rating"]
    list_filter = ["year", "rating", "term__unit__kind"]
    search_fields = ["term__person__name", "term__unit__name"]
    list_select_related = ["term__person", "term__position"]
    raw_id_fields = ["term"]


@admin.register(TermAssessment)
class TermAssessmentAdmin(admin.ModelAdmin):
    list_display = ["term", "rating", "assessed_on", "recorded_by"]
    list_filter = ["rating", "term__unit__kind"]
    search_fields = ["term__person__name", "term__unit__name"]
    list_select_related = ["term__person", "term__position", "recorded_by"]
    raw_id_fields = ["term"]


@admin.register(Exit)
class ExitAdmin(admin.ModelAdmin):
    list_display = ["term", "talk_on", "handover_on", "filed_on", "arrangement"]
    list_filter = ["arrangement", "term__unit__kind"]
    search_fields = ["term__person__name", "term__unit__name", "arrangement_details"]
    list_select_related = ["term__person", "term__position"]
    raw_id_fields = ["term"]


from tenure.models import ProbationAssessment  # noqa: E402


@admin.register(ProbationAssessment)
class ProbationAssessmentAdmin(admin.ModelAdmin):
    # Recorded by tenure.services.probation_assess, which confirms the term or ends it: read-only here.
    list_display = ["term", "assessed_on", "result", "returned_to_level", "returned_to_post", "recorded_by"]
    list_filter = ["result"]
    search_fields = ["term__person__name", "term__position__title"]
    list_select_related = ["term__person", "term__position", "term__unit", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
