"""The competition's models, one module per part of the workflow.

Helpers add a module here and import its models below, so a reader finds each step in one place.
"""

from .units import Position, Unit  # noqa: F401
from .people import Education, Person, Rank, Sex  # noqa: F401
from .campaigns import Campaign, Round  # noqa: F401
from .posts import Post  # noqa: F401
from .applications import Application  # noqa: F401
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
from .calendar import WorkdayOverride  # noqa: F401
