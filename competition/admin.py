from django.contrib import admin
from django_fsm_log.admin import StateLogInline

from competition.models import (
    Application,
    Campaign,
    InterviewSession,
    InterviewSlot,
    Person,
    Position,
    Post,
    Round,
    Unit,
)


class ReadOnlyStateLogInline(StateLogInline):
    """The workflow log is evidence: nobody edits or deletes it, not even in the admin."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "leadership_quota"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "level", "is_leadership"]
    list_filter = ["level", "is_leadership", "unit__kind"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit"]


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "start_date", "min_qualified_applicants", "unified_term_end"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [RoundInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["campaign", "number", "registration_opens", "registration_closes"]
    list_filter = ["campaign"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "campaign", "round", "places", "status"]
    list_filter = ["status", "campaign", "unit__kind", "level"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit", "campaign", "round"]
    # The state changes only through the workflow's service functions.
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    inlines = [ReadOnlyStateLogInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "sex", "birth_date", "education", "current_unit", "current_position", "rank", "is_leadership"]
    list_filter = ["sex", "education", "rank", "is_leadership", "current_unit__kind"]
    search_fields = ["name", "id_number", "current_position"]
    list_select_related = ["current_unit"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["person", "post", "round", "status", "outcome", "from_other_unit", "created_at"]
    list_filter = ["status", "outcome", "from_other_unit", "round__campaign"]
    search_fields = ["person__name", "post__title", "post__unit__name"]
    list_select_related = ["person", "post__unit", "round__campaign"]


class InterviewSlotInline(admin.TabularInline):
    model = InterviewSlot
    extra = 0
    raw_id_fields = ["application"]
    readonly_fields = ["order"]  # the drawn order comes only from the recorded draw (competition.interviews)


@admin.register(InterviewSession)
class InterviewSessionAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "date", "venue"]
    list_filter = ["campaign"]
    inlines = [InterviewSlotInline]
    # The session's state and draw change only through competition.interviews (logged, reproducible).
    readonly_fields = ["status", "draw_seed", "drawn_at", "started_at", "closed_at", "published_at"]
