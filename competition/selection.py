"""Who a post carries after the evaluation (reads only): its chosen candidates, one per place (拟任人选), those
who dropped out, and who would move up in their place (递补). Steps 6 to 8 and the substitutions share these, so
that they agree on who is "the next-ranked"; the order itself is competition.ranking's."""

from django.db.models import Q, QuerySet

from competition.models import Application, Decision, Post
from competition.ranking import ranked

IN_PROGRESS = Application.Outcome.IN_PROGRESS

# How a chosen candidate drops out so that the next-ranked may move up in his place.
DROPPED_OUT = (
    Application.Outcome.WITHDRAWN,
    Application.Outcome.INSPECTION_FAILED,
    Application.Outcome.PUBLICITY_FAILED,
    Application.Outcome.DECISION_FAILED,
)


def evaluation_passed(post: Post) -> QuerySet[Application]:
    """The post's candidates still in the running who passed its democratic evaluation."""
    return Application.objects.filter(
        post=post, outcome=IN_PROGRESS, evaluation_entries__passed=True, evaluation_entries__evaluation__post=post
    ).distinct()


def chosen_candidates(post: Post) -> QuerySet[Application]:
    """The post's chosen candidates, best-ranked first, whatever became of them."""
    return ranked(post.applications.filter(chosen=True).select_related("person"))


def dropped_out(post: Post) -> QuerySet[Application]:
    """Chosen candidates who dropped out and have not been replaced yet, best-ranked first."""
    return chosen_candidates(post).filter(
        Q(outcome__in=DROPPED_OUT) | Q(status=Application.Status.WITHDRAWN), replaced_by__isnull=True
    )


def next_substitute(post: Post) -> Application | None:
    """The best-ranked candidate who passed the evaluation, is still in the running and is not chosen yet."""
    return ranked(evaluation_passed(post).filter(chosen=False).select_related("person")).first()


def substitutions_left(post: Post) -> int:
    return max(post.campaign.max_substitutions - post.substitutions.count(), 0)


def substitution_possible(post: Post) -> bool:
    """A chosen candidate dropped out, the campaign's limit is not reached and somebody could move up."""
    return substitutions_left(post) > 0 and dropped_out(post).exists() and next_substitute(post) is not None


def office_choices(post: Post) -> dict:
    """What the office may do for a post whose chosen candidates dropped out or ran out (the choices on its page)."""
    return {
        "dropped_out": list(dropped_out(post)),
        "next_substitute": next_substitute(post),
        "substitutions_left": substitutions_left(post),
        "substitutions": list(post.substitutions.select_related("replaced__person", "substitute__person", "confirmed_by")),
        "appointed": Decision.objects.filter(post=post, result=Decision.Result.PASSED).count(),
    }
