"""The vacancy check at release (issue 16, point 7): a unit offers no more posts at a leadership level than its
approved number (三定职数) minus those serving at that level and those already offered (open posts of that level,
counted by places). The office may override it for one post with a reason (recorded on the post and in the audit
log).

Who serves is tenure's knowledge, and tenure sits above competition: it registers the counting function here
(``register_serving_counter``, called by TenureConfig.ready()); without it nobody counts as serving.
"""

import dataclasses
from collections.abc import Callable

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import require_office
from audit.models import AuditEvent
from audit.services import audit_record
from competition.models import Post, Unit
from core.exceptions import ActionRefused

# Posts that occupy a place of the approved number until they end: released to the office and not yet ended
# (an appointed post's appointee is counted as serving instead; a draft or a returned post is not offered).
OFFERED_STATES = (
    Post.Status.RELEASED, Post.Status.ACCEPTED, Post.Status.ANNOUNCED, Post.Status.REGISTRATION, Post.Status.WRITTEN,
    Post.Status.INTERVIEW, Post.Status.EVALUATION, Post.Status.INSPECTION, Post.Status.PUBLICITY, Post.Status.DECISION,
)
# Where the override may be given: before the office accepts the post.
OVERRIDABLE_STATES = (Post.Status.DRAFT, Post.Status.RETURNED, Post.Status.RELEASED)

_serving_counter: Callable[[list[int], str], dict[int, int]] | None = None


def register_serving_counter(counter: Callable[[list[int], str], dict[int, int]]) -> None:
    """``counter(unit_ids, level)`` returns {unit id: people serving in a leadership post of that level}."""
    global _serving_counter
    _serving_counter = counter


class VacancyError(ActionRefused):
    """A post that would exceed its unit's approved number; the message is for the user."""


@dataclasses.dataclass(frozen=True)
class Vacancy:
    approved: int
    serving: int
    offered: int

    @property
    def vacancies(self) -> int:
        """Places still free (never below zero)."""
        return max(0, self.approved - self.serving - self.offered)

    @property
    def over(self) -> int:
        """How many serve beyond the approved number (超职数)."""
        return max(0, self.serving - self.approved)


def serving_by_unit(unit_ids: list[int], level: str) -> dict[int, int]:
    return _serving_counter(unit_ids, level) if _serving_counter else {}


def offered_by_unit(unit_ids: list[int], level: str, *, excluding_post: int | None = None) -> dict[int, int]:
    """{unit id: places of its open posts at ``level``}."""
    posts = Post.objects.filter(unit_id__in=unit_ids, level=level, status__in=OFFERED_STATES)
    if excluding_post is not None:
        posts = posts.exclude(pk=excluding_post)
    return dict(posts.values("unit_id").annotate(places=Sum("places")).values_list("unit_id", "places"))


def vacancy_of(unit: Unit, level: str, *, excluding_post: int | None = None) -> Vacancy | None:
    """The unit's approved number at ``level`` against those serving and offered; None where no number is set."""
    approved = unit.approved_number(level)
    if approved is None:
        return None
    return Vacancy(
        approved=approved,
        serving=serving_by_unit([unit.pk], level).get(unit.pk, 0),
        offered=offered_by_unit([unit.pk], level, excluding_post=excluding_post).get(unit.pk, 0),
    )


def require_vacancy(post: Post) -> None:
    """Refuse to offer ``post`` (locked by the caller) beyond its unit's approved number, unless the office has
    overridden it. The unit's row is locked, so two posts of one unit are checked one after the other."""
    if post.vacancy_override_at is not None:
        return
    unit = Unit.objects.select_for_update(of=("self",)).get(pk=post.unit_id)
    vacancy = vacancy_of(unit, post.level, excluding_post=post.pk)
    if vacancy is None or vacancy.vacancies >= post.places:
        return
    raise VacancyError(
        _(
            "%(unit)s has %(approved)s approved %(level)s leadership posts, %(serving)s serving and %(offered)s "
            "already offered: %(free)s vacancies for this post's %(places)s place(s). The competition office may "
            "allow it with a reason."
        )
        % {"unit": unit.name, "approved": vacancy.approved, "level": post.get_level_display(),
           "serving": vacancy.serving, "offered": vacancy.offered, "free": vacancy.vacancies, "places": post.places}
    )


@transaction.atomic
def post_vacancy_override(*, post_id: int, by: User, reason: str) -> Post:
    """The office lets this post be offered beyond the unit's approved number, for the reason given (logged)."""
    require_office(by, _("Only the competition office may exceed a unit's approved number."))
    reason = (reason or "").strip()
    if not reason:
        raise VacancyError(_("Say why the approved number may be exceeded."))
    # The post's row, as the workflow locks it (competition.workflow imports this module, not the other way).
    post = Post.objects.select_for_update(of=("self",)).select_related("unit").get(pk=post_id)
    if post.status not in OVERRIDABLE_STATES:
        raise VacancyError(
            _("The post is now “%(status)s”; the approved number is checked before the office accepts a post.")
            % {"status": post.get_status_display()}
        )
    post.vacancy_override_reason, post.vacancy_override_by, post.vacancy_override_at = reason, by, timezone.now()
    post.save(update_fields=["vacancy_override_reason", "vacancy_override_by", "vacancy_override_at"])
    vacancy = vacancy_of(post.unit, post.level, excluding_post=post.pk)
    audit_record(
        kind=AuditEvent.Kind.VACANCY_OVERRIDE, user=by, target=post, reason=reason,
        **({"approved": vacancy.approved, "serving": vacancy.serving, "offered": vacancy.offered} if vacancy else {}),
    )
    return post
