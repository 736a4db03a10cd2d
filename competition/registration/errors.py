"""The refusal of step 3, in a module of its own so that ``services`` and ``control`` both raise it without
importing each other."""

from competition.workflow import WorkflowError


class RegistrationError(WorkflowError):
    """A registration step that cannot happen now; the message is for the user."""
