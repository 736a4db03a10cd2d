from django.contrib import admin
from django_fsm_log.admin import StateLogInline

from competition.models import (
    Appeal,
    Application,
    Campaign,
    DocumentTemplate,
    ExceptionRequest,
    FamilyMember,
    InterviewSession,
    InterviewSlot,
    IssuerSettings,
    Material,
    MaterialRequirement,
    Person,
    Position,
    Post,
    Round,
    Unit,
)


class ViewOnly:
    """Results (scores, ranks, ballots and tallies, conclusions, votes, objections, the approved notice): the admin
    shows them and changes nothing; every change goes through the service that records who, when and why."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyStateLogInline(StateLogInline):
    """The workflow log is evidence: nobody edits or deletes it, not even in the admin."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "leadership_quota", "deputy_leadership_quota"]
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
    list_select_related = ["unit"]
    inlines = [RoundInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["campaign", "number", "registration_opens", "registration_closes", "paused_since"]
    # A pause is set and lifted only by registration.control (with its history row).
    readonly_fields = ["paused_since", "pause_reason"]
    list_filter = ["campaign"]
    list_select_related = ["campaign"]


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
    search_fields = ["name", "current_position"]
    list_select_related = ["current_unit"]

    def get_search_results(self, request, queryset, search_term):
        # The ID number is sealed: found by its keyed hash, exactly, not by a LIKE.
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found |= queryset.with_id_number(search_term)
        return found, duplicates


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["person", "post", "round", "status", "outcome", "nomination_source", "from_other_unit", "created_at"]
    list_filter = ["status", "outcome", "nomination_source", "from_other_unit", "round__campaign"]
    search_fields = ["person__name", "post__title", "post__unit__name"]
    list_select_related = ["person", "post__unit", "round__campaign"]
    # Status and outcome follow registration, review and the later steps' service functions; the particulars the
    # application was judged on are fixed at submission; the score, rank and advancement come from the interview.
    readonly_fields = [
        "status", "outcome", "outcome_on", "created_at", "updated_at",
        "applicant_unit", "applicant_position", "applicant_rank", "applicant_is_leadership", "applicant_education",
        "from_other_unit", "precheck_passed", "precheck_failures", "reviewed_by", "reviewed_at", "review_reason",
        "final_score", "interview_rank", "advanced_to_evaluation",
        # Set by the candidate when applying or by the office (competition.candidates), checked together there.
        "nomination_source", "nominated_by", "nomination_signatures",
        "written_score", "interview_score", "evaluation_score", "extra_interview_score", "combined_score",
        "combined_rank",
    ]  # fmt: skip


class InterviewSlotInline(admin.TabularInline):
    model = InterviewSlot
    extra = 0
    raw_id_fields = ["application"]
    # The drawn order comes only from the recorded draw; presence and the written score only from the session's page.
    readonly_fields = ["order", "absent", "written_score"]


@admin.register(InterviewSession)
class InterviewSessionAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "date", "venue"]
    list_filter = ["campaign"]
    search_fields = ["name", "venue"]
    list_select_related = ["campaign"]
    inlines = [InterviewSlotInline]
    # The session's state and draw change only through competition.interviews (logged, reproducible).
    readonly_fields = ["status", "draw_seed", "drawn_at", "started_at", "closed_at", "published_at"]


# --- Registration records, steps 5 to 8 and the calendar ---

from competition.models import (  # noqa: E402
    Ballot,
    BallotCode,
    BallotMark,
    Decision,
    DecisionMember,
    Evaluation,
    EvaluationCandidate,
    FileReviewItem,
    Inspection,
    InspectionNotice,
    InspectionTeamMember,
    Inspector,
    InspectorRelative,
    LateRegistration,
    Objection,
    Publicity,
    QualificationReview,
    RoundEvent,
    Substitution,
    WorkdayOverride,
    WorkHistoryEntry,
)


@admin.register(InterviewSlot)
class InterviewSlotAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["session", "order", "application", "absent"]
    list_filter = ["absent", "session__campaign"]
    search_fields = ["application__person__name", "session__name"]
    list_select_related = ["session", "application__person"]
    raw_id_fields = ["application"]


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    search_fields = ["note"]
    date_hierarchy = "date"


@admin.register(WorkHistoryEntry)
class WorkHistoryEntryAdmin(admin.ModelAdmin):
    list_display = ["person", "start", "end", "organisation", "position"]
    search_fields = ["person__name", "organisation", "position"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record that only a service function writes (a review, a ballot): shown, never added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoundEvent)
class RoundEventAdmin(ReadOnlyAdmin):
    list_display = ["round", "kind", "old_closes", "new_closes", "by", "at"]
    list_filter = ["kind", "round__campaign"]
    search_fields = ["reason"]
    list_select_related = ["round__campaign", "by"]
    date_hierarchy = "at"


@admin.register(LateRegistration)
class LateRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["person", "post", "valid_until", "used_at", "granted_by", "granted_at"]
    list_filter = ["post__campaign"]
    search_fields = ["person__name", "post__title", "reason"]
    list_select_related = ["person", "post__unit", "granted_by"]
    raw_id_fields = ["application"]
    date_hierarchy = "granted_at"


@admin.register(QualificationReview)
class QualificationReviewAdmin(ReadOnlyAdmin):
    list_display = ["application", "qualified", "precheck_passed", "by", "at"]
    list_filter = ["qualified", "precheck_passed", "application__round__campaign"]
    search_fields = ["application__person__name", "application__post__title", "reason"]
    list_select_related = ["application__person", "application__post__unit", "by"]
    date_hierarchy = "at"


class EvaluationCandidateInline(admin.TabularInline):
    model = EvaluationCandidate
    extra = 0
    fields = ["order", "application", "paper_excellent", "paper_competent", "paper_basic", "paper_incompetent", "passed"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["post", "date", "status", "called", "codes_issued", "paper_ballots", "turnout_reached"]
    list_filter = ["status", "turnout_reached", "post__campaign"]
    search_fields = ["post__title", "post__unit__name"]
    list_select_related = ["post__unit"]
    date_hierarchy = "date"
    # Opened, tallied and closed by competition.evaluations; the salt never leaves the database.
    fields = ["post", "date", "called", "status", "codes_issued", "paper_ballots", "turnout_reached", "created_by"]
    readonly_fields = ["post", "status", "codes_issued", "paper_ballots", "turnout_reached", "created_by"]
    inlines = [EvaluationCandidateInline]

    def has_add_permission(self, request):
        return False


@admin.register(EvaluationCandidate)
class EvaluationCandidateAdmin(ReadOnlyAdmin):
    list_display = ["evaluation", "order", "application", "paper_excellent", "paper_competent", "paper_basic", "paper_incompetent", "passed"]
    list_filter = ["passed", "evaluation__status"]
    search_fields = ["application__person__name", "evaluation__post__title"]
    list_select_related = ["evaluation__post__unit", "application__person"]


# The ballot tables: read-only, and a code's hash is never displayed (exclude keeps it off the detail page too).


@admin.register(BallotCode)
class BallotCodeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "evaluation", "used"]
    list_filter = ["used", "evaluation__status"]
    list_select_related = ["evaluation__post__unit"]
    exclude = ["code_hash"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["pk", "evaluation"]
    list_filter = ["evaluation__status"]
    list_select_related = ["evaluation__post__unit"]


@admin.register(BallotMark)
class BallotMarkAdmin(ReadOnlyAdmin):
    list_display = ["ballot_id", "candidate", "rating"]
    list_filter = ["rating", "candidate__evaluation__status"]
    list_select_related = ["candidate__application__person"]

    def get_queryset(self, request):
        # The tallies are sealed while the vote is open (competition.evaluation.services): not even here.
        return super().get_queryset(request).exclude(candidate__evaluation__status=Evaluation.Status.OPEN)


class ShownInline(admin.TabularInline):
    """Rows the services record (a checklist's items, a team's members): shown with their parent, never edited."""

    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FileReviewInline(ShownInline):
    model = FileReviewItem
    fields = ["item", "result", "note", "checked_by", "checked_at"]


class InspectionTeamInline(ShownInline):
    model = InspectionTeamMember
    fields = ["inspector", "recused", "recusal_reason", "chosen_by", "chosen_at"]


@admin.register(Inspection)
class InspectionAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["post", "application", "start_date", "end_date", "people_talked_to", "conclusion", "recorded_by"]
    list_filter = ["conclusion", "post__campaign"]
    search_fields = ["post__title", "post__unit__name", "application__person__name"]
    list_select_related = ["post__unit", "application__person", "recorded_by"]
    date_hierarchy = "start_date"
    # The conclusion moves the post on (competition.inspections): it is recorded there, not here.
    readonly_fields = ["post", "application", "notice", "conclusion", "recorded_by", "recorded_at"]
    inlines = [InspectionTeamInline, FileReviewInline]


@admin.register(InspectionNotice)
class InspectionNoticeAdmin(ViewOnly, admin.ModelAdmin):
    """Published by the office on the post's page (competition.inspection); what it said stays as it was."""

    list_display = ["post", "number", "start_date", "end_date", "published_on", "published_by"]
    list_select_related = ["post__unit", "published_by"]
    search_fields = ["post__title", "post__unit__name"]
    readonly_fields = ["post", "number", "start_date", "end_date", "contact", "particulars", "published_on", "published_by"]


@admin.register(FileReviewItem)
class FileReviewItemAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["inspection", "item", "result", "checked_by", "checked_at"]
    list_filter = ["item", "result"]
    list_select_related = ["inspection__application__person", "checked_by"]


@admin.register(InspectionTeamMember)
class InspectionTeamMemberAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["inspection", "inspector", "recused", "recusal_reason", "chosen_by"]
    list_filter = ["recused"]
    list_select_related = ["inspection__application__person", "inspector", "chosen_by"]


class InspectorRelativeInline(admin.TabularInline):
    model = InspectorRelative
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Inspector)
class InspectorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "title", "active"]
    list_filter = ["active"]
    search_fields = ["name", "title"]
    list_select_related = ["unit"]
    raw_id_fields = ["person"]
    inlines = [InspectorRelativeInline]


@admin.register(InspectorRelative)
class InspectorRelativeAdmin(admin.ModelAdmin):
    list_display = ["inspector", "person", "kind"]
    list_filter = ["kind"]
    list_select_related = ["inspector", "person"]
    raw_id_fields = ["person"]


class ObjectionInline(admin.TabularInline):
    model = Objection
    extra = 0
    fields = ["reference", "created_at", "result", "investigated_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Publicity)
class PublicityAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["post", "application", "status", "working_days", "start_date", "end_date", "approved_by"]
    list_filter = ["status", "post__campaign", "post__unit__kind"]
    search_fields = ["post__title", "post__unit__name", "application__person__name"]
    list_select_related = ["post__unit", "application__person", "approved_by"]
    date_hierarchy = "start_date"
    # Approved, returned, stopped and ended by competition.publicity.
    readonly_fields = [
        "post", "application", "status", "working_days", "start_date", "end_date", "approved_by", "approved_at",
        "return_reason", "created_at", "contact", "note", "particulars",
    ]  # fmt: skip
    inlines = [ObjectionInline]

    def has_add_permission(self, request):
        return False


@admin.register(Objection)
class ObjectionAdmin(ViewOnly, admin.ModelAdmin):
    # Who objected (name, contact) is not in the admin at all: the office sees it on its audited page
    # (competition.publicity.views.objection_identity).
    list_display = ["reference", "publicity", "created_at", "result", "investigated_by", "investigated_at"]
    list_filter = ["result"]
    search_fields = ["reference", "publicity__application__person__name"]
    list_select_related = ["publicity__post__unit", "publicity__application__person", "investigated_by"]
    date_hierarchy = "created_at"
    exclude = ["name", "contact"]
    # A substantiated result stops the publicity (competition.publicity.objection_investigate).
    readonly_fields = ["publicity", "reference", "created_at", "text", "investigation", "result", "investigated_by", "investigated_at"]


class DecisionMemberInline(admin.TabularInline):
    model = DecisionMember
    extra = 0
    readonly_fields = ["member", "name", "attended", "vote", "recused", "recusal_reason"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["post", "application", "meeting_date", "members_total", "present", "agree", "result", "recorded_by"]
    list_filter = ["result", "post__campaign", "post__unit__kind"]
    search_fields = ["post__title", "post__unit__name", "application__person__name"]
    list_select_related = ["post__unit", "application__person", "recorded_by"]
    date_hierarchy = "meeting_date"
    # The result appoints the candidate (competition.decisions.decision_record): only the notes may be corrected.
    readonly_fields = [
        "post", "application", "meeting_date", "members_total", "present", "agree", "recused", "result", "place_no",
        "places", "recorded_by", "recorded_at",
    ]  # fmt: skip
    inlines = [DecisionMemberInline]

    def has_add_permission(self, request):
        return False


@admin.register(Substitution)
class SubstitutionAdmin(ReadOnlyAdmin):
    # Confirmed by competition.decision.substitutes.substitute_confirm, which numbers them within the campaign's limit.
    list_display = ["post", "number", "replaced", "substitute", "confirmed_by", "confirmed_at"]
    list_filter = ["post__campaign"]
    search_fields = ["post__title", "replaced__person__name", "substitute__person__name"]
    list_select_related = ["post__unit", "replaced__person", "substitute__person", "confirmed_by"]


@admin.register(DecisionMember)
class DecisionMemberAdmin(ReadOnlyAdmin):
    list_display = ["decision", "name", "attended", "vote", "recused", "recusal_reason"]
    list_filter = ["attended", "vote", "recused"]
    search_fields = ["name", "decision__post__title"]
    list_select_related = ["decision__post__unit", "decision__application__person"]


# --- The committee's standing roster (step 8) ---

from competition.models import CommitteeMember, CommitteeMemberRelative  # noqa: E402


class CommitteeMemberRelativeInline(admin.TabularInline):
    model = CommitteeMemberRelative
    extra = 0
    raw_id_fields = ["person"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    # Kept on the roster page (competition.decision.roster); the admin corrects a typing slip.
    list_display = ["name", "unit", "role", "serving_from", "serving_until", "person"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["name", "unit__name"]
    list_select_related = ["unit", "person"]
    raw_id_fields = ["person", "created_by"]
    inlines = [CommitteeMemberRelativeInline]


@admin.register(CommitteeMemberRelative)
class CommitteeMemberRelativeAdmin(admin.ModelAdmin):
    list_display = ["member", "person", "kind"]
    list_filter = ["kind"]
    search_fields = ["member__name", "person__name"]
    list_select_related = ["member", "person"]
    raw_id_fields = ["person"]


# --- Appointment formalities (after step 8) ---

from competition.models import Formalities  # noqa: E402


@admin.register(Formalities)
class FormalitiesAdmin(ReadOnlyAdmin):
    # Recorded by competition.formalities.services, whose completion starts the term.
    list_display = ["decision", "talk_on", "talked_by", "document_no", "document_date", "effective_on", "completed_at"]
    search_fields = ["document_no", "decision__application__person__name", "decision__post__title"]
    list_select_related = ["decision__post__unit", "decision__application__person"]


# --- Interviews (step 4) ---

from competition.models import (  # noqa: E402
    Examiner,
    ExaminerRelative,
    InterviewEvent,
    Question,
    Recusal,
    Score,
    ScoreCorrection,
    ScoreDimension,
    ScorePart,
)


class ExaminerRelativeInline(admin.TabularInline):
    model = ExaminerRelative
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Examiner)
class ExaminerAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "title", "specialties", "user", "active"]
    list_filter = ["active", "unit__kind"]
    search_fields = ["name", "title", "specialties", "user__username"]
    list_select_related = ["unit", "user"]
    raw_id_fields = ["user"]
    inlines = [ExaminerRelativeInline]


@admin.register(ExaminerRelative)
class ExaminerRelativeAdmin(admin.ModelAdmin):
    list_display = ["examiner", "person", "kind"]
    list_filter = ["kind"]
    search_fields = ["examiner__name", "person__name"]
    list_select_related = ["examiner", "person"]
    raw_id_fields = ["person"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["category", "unit_kind", "text", "active", "created_at"]
    list_filter = ["category", "unit_kind", "active"]
    search_fields = ["text", "category", "notes"]


@admin.register(Recusal)
class RecusalAdmin(ReadOnlyAdmin):
    list_display = ["session", "examiner", "application", "reason", "by", "created_at"]
    list_filter = ["session__campaign"]
    search_fields = ["examiner__name", "application__person__name", "reason"]
    list_select_related = ["session", "examiner", "application__person", "by"]


@admin.register(ScoreDimension)
class ScoreDimensionAdmin(ReadOnlyAdmin):
    list_display = ["session", "name", "weight", "position"]
    list_select_related = ["session"]


# Scores are blind until the session closes and corrected only by the office with a reason (logged), so the admin
# shows them and changes nothing.
@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["session", "examiner", "application", "value", "updated_at"]
    list_filter = ["session__campaign", "session"]
    search_fields = ["examiner__name", "application__person__name"]
    list_select_related = ["session", "examiner", "application__person"]


@admin.register(ScorePart)
class ScorePartAdmin(ReadOnlyAdmin):
    list_display = ["score", "dimension", "value"]
    list_select_related = ["score__examiner", "score__application__person", "score__session", "dimension"]


@admin.register(ScoreCorrection)
class ScoreCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["score", "old_value", "new_value", "reason", "by", "created_at"]
    search_fields = ["reason", "score__application__person__name"]
    list_select_related = ["score__examiner", "score__application__person", "score__session", "by"]


@admin.register(InterviewEvent)
class InterviewEventAdmin(ReadOnlyAdmin):
    list_display = ["session", "kind", "detail", "by", "at"]
    list_filter = ["kind"]
    search_fields = ["detail", "session__name"]
    list_select_related = ["session", "by"]


@admin.register(FamilyMember)
class FamilyMemberAdmin(admin.ModelAdmin):
    list_display = ["person", "relation", "name", "birth_date", "political_status"]
    search_fields = ["person__name", "name"]
    raw_id_fields = ["person"]


@admin.register(IssuerSettings)
class IssuerSettingsAdmin(ViewOnly, admin.ModelAdmin):
    """Edited on the office's settings page (/documents/issuers/), where the change is audited."""

    list_display = ["district_name", "department_name", "updated_at", "updated_by"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(ReadOnlyAdmin):
    """Replaced on the office's templates page, which renders a sample before keeping one."""

    list_display = ["kind", "original_name", "uploaded_by", "uploaded_at"]
    exclude = ["content"]


# --- The candidate's file (competition.candidates): written by its services only ---


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["application", "status", "filed_at", "decided_by", "decided_at"]
    list_filter = ["status", "application__round__campaign"]
    search_fields = ["application__person__name", "application__post__title", "reason", "decision_reason"]
    list_select_related = ["application__person", "application__post__unit", "decided_by"]
    date_hierarchy = "filed_at"


@admin.register(ExceptionRequest)
class ExceptionRequestAdmin(ReadOnlyAdmin):
    list_display = ["application", "requirement", "status", "decided_by", "confirmed_by", "filed_at"]
    list_filter = ["status", "requirement", "application__round__campaign"]
    search_fields = ["application__person__name", "application__post__title", "reason", "decision_reason"]
    list_select_related = ["application__person", "application__post__unit", "decided_by", "confirmed_by"]
    date_hierarchy = "filed_at"


@admin.register(MaterialRequirement)
class MaterialRequirementAdmin(ReadOnlyAdmin):
    list_display = ["title", "campaign", "post", "kind", "required", "deadline", "max_mb"]
    list_filter = ["kind", "required", "campaign"]
    search_fields = ["title", "post__title"]
    list_select_related = ["campaign", "post__unit"]


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = ["application", "requirement", "original_name", "file_kind", "size", "uploaded_at"]
    list_filter = ["file_kind", "requirement__kind", "application__round__campaign"]
    search_fields = ["application__person__name", "original_name"]
    list_select_related = ["application__person", "application__post__unit", "requirement"]
    # The file is served only through competition.candidates (audited, to those allowed), never as a link here.
    exclude = ["file"]


# --- The written exam (competition.written): sessions set up there, marks entered and corrected only there ---

from competition.models import (  # noqa: E402
    AdmissionTicket,
    WrittenExamEvent,
    WrittenExamRoom,
    WrittenExamSession,
    WrittenMarkCorrection,
)


class WrittenExamRoomInline(admin.TabularInline):
    model = WrittenExamRoom
    extra = 0


@admin.register(WrittenExamSession)
class WrittenExamSessionAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "starts_at", "venue", "status"]
    list_filter = ["status", "campaign"]
    search_fields = ["name", "venue"]
    list_select_related = ["campaign"]
    inlines = [WrittenExamRoomInline]
    # The state and the seat draw change only through competition.written (logged, reproducible).
    readonly_fields = ["status", "seat_seed", "issued_at", "published_at"]


@admin.register(WrittenExamRoom)
class WrittenExamRoomAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["name", "session", "seats"]
    list_select_related = ["session"]


@admin.register(AdmissionTicket)
class AdmissionTicketAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["number", "session", "application", "room", "seat", "mark", "absent"]
    list_filter = ["absent", "session__campaign"]
    search_fields = ["number", "application__person__name"]
    list_select_related = ["session", "application__person", "application__post__unit", "room"]
    raw_id_fields = ["application"]


@admin.register(WrittenMarkCorrection)
class WrittenMarkCorrectionAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["ticket", "old_mark", "old_absent", "new_mark", "new_absent", "reason", "by", "created_at"]
    list_select_related = ["ticket", "by"]


@admin.register(WrittenExamEvent)
class WrittenExamEventAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["session", "kind", "detail", "by", "at"]
    list_select_related = ["session", "by"]
