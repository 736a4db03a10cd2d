"""The competition's models, one module per part of the workflow.

Helpers add a module here and import its models below, so a reader finds each step in one place.
"""

from .applications import Application, NominationSource  # noqa: F401
from .calendar import WorkdayOverride  # noqa: F401
from .campaigns import Campaign, Round  # noqa: F401
from .candidates import Appeal, ExceptionRequest, Material, MaterialRequirement, Requirement  # noqa: F401
from .committees import CommitteeMember, CommitteeMemberRelative  # noqa: F401
from .decisions import Decision, DecisionMember, Substitution  # noqa: F401
from .documents import DocumentTemplate, IssuerSettings  # noqa: F401
from .evaluations import Ballot, BallotCode, BallotMark, Evaluation, EvaluationCandidate, Rating  # noqa: F401
from .formalities import Formalities  # noqa: F401
from .inspections import (  # noqa: F401
    FileReviewItem,
    Inspection,
    InspectionNotice,
    InspectionTeamMember,
    Inspector,
    InspectorRelative,
)
from .interviews import (  # noqa: F401
    Examiner,
    ExaminerRelative,
    InterviewEvent,
    InterviewSession,
    InterviewSlot,
    Question,
    Recusal,
    Score,
    ScoreCorrection,
    ScoreDimension,
    ScorePart,
)
from .people import Education, FamilyMember, Person, PoliticalStatus, Rank, Sex  # noqa: F401
from .posts import Post  # noqa: F401
from .publicity import Objection, Publicity  # noqa: F401
from .registration import LateRegistration, QualificationReview, RoundEvent, WorkHistoryEntry  # noqa: F401
from .units import Level, Position, Unit  # noqa: F401
from .written import (  # noqa: F401
    AdmissionTicket,
    WrittenExamEvent,
    WrittenExamRoom,
    WrittenExamSession,
    WrittenMarkCorrection,
)
