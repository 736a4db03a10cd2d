"""The kinds of campaign and the rules each brings: who sees its posts, who may apply, who runs each step.

The one place these rules live: ``access`` asks it which posts a user sees, applying asks it who may apply, the
workflow's permissions and the steps' services ask it who runs a step. Three kinds (DOMAIN.md):

* unified (统一竞岗): the office runs every step; the posts are on the public board; the staff of any unit of the
  district apply to any post.
* internal (内部竞岗): one unit's own competition, run by its secretary from release to the democratic evaluation;
  the office approves the evaluation's result (``evaluation_approve``) and runs the later steps. Its posts are not
  on the public board: only the unit's own staff see them and may apply. The office sees every unit's.
* open selection (公开选拔): run by the office like a unified one, on the public board, and people outside the
  district's public service may sign up too; of them the office asks the identity checks it sets on the campaign
  (``Campaign.identity_checks``).

The office may act at every step of every kind: it supervises the units' internal competitions and stands in for a
secretary who cannot act. ``by=None`` (the system's periodic tasks) passes every check, as in the workflow.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import rules as roles

UNIFIED, INTERNAL, OPEN = "unified", "internal", "open"


class IdentityCheck(models.TextChoices):
    """What an open selection asks of applicants from outside the district's public service before they apply
    (``Campaign.identity_checks``, set by the office)."""

    PHOTO = "photo", gettext_lazy("a photo in the profile")
    PHONE = "phone", gettext_lazy("a mobile phone number")
    POLITICAL_STATUS = "political_status", gettext_lazy("the political status")
    WORK_STARTED = "work_started", gettext_lazy("the date work started")
    WORK_HISTORY = "work_history", gettext_lazy("a work history")


class Step:
    """The parts of a selection whose runner the kind decides."""

    RELEASE = "release"  # accepting or returning a unit's post, the rounds, announcing, opening registration
    REGISTRATION = "registration"  # the qualification review and closing registration
    WRITTEN = "written"  # the written exam: its sessions, tickets, marks and results
    INTERVIEW = "interview"  # the interview's result: the leading candidates go on to the evaluation
    EVALUATION = "evaluation"  # the democratic evaluation: opening, codes, paper ballots, closing
    EVALUATION_APPROVE = "evaluation_approve"  # the evaluation's result approved: inspection, or the post fails
    LATER = "later"  # inspection, publicity, the decision's formalities, failing and cancelling a post

    EARLY = frozenset({RELEASE, REGISTRATION, WRITTEN, INTERVIEW, EVALUATION})


@dataclass(frozen=True)
class KindRules:
    on_public_board: bool  # its announced posts are on the public board for anyone to read
    own_unit_only: bool  # only the staff of the campaign's unit may see (off the board) and apply
    outsiders_may_apply: bool  # people outside the district's public service (no unit of the district) may apply
    secretary_runs: frozenset  # the steps the unit's secretary runs (the office may always act)
    office_approves_evaluation: bool  # the evaluation's result waits for the office's approval


RULES = {
    UNIFIED: KindRules(
        on_public_board=True, own_unit_only=False, outsiders_may_apply=False, secretary_runs=frozenset(),
        office_approves_evaluation=False,
    ),
    INTERNAL: KindRules(
        on_public_board=False, own_unit_only=True, outsiders_may_apply=False, secretary_runs=Step.EARLY,
        office_approves_evaluation=True,
    ),
    OPEN: KindRules(
        on_public_board=True, own_unit_only=False, outsiders_may_apply=True, secretary_runs=frozenset(),
        office_approves_evaluation=False,
    ),
}


def rules_of(campaign) -> KindRules:
    return RULES[campaign.kind]


# --- Who runs each step ---


def runs(user, campaign, step: str) -> bool:
    """Whether ``user`` may run ``step`` of ``campaign``'s posts: the office always; the secretary of an internal
    campaign's unit its early steps. ``None`` is the system."""
    if user is None or roles.is_office(user):
        return True
    rules = rules_of(campaign)
    return step in rules.secretary_runs and campaign.unit_id is not None and roles.is_unit_secretary_of(user, campaign.unit)


def runner_label(campaign, step: str) -> str:
    """Who runs ``step`` of ``campaign``, in words (the campaign's rules page shows it)."""
    if step in rules_of(campaign).secretary_runs:
        return _("the unit's secretary")
    return _("the competition office")


def require_runner(user, campaign, step: str, message: str = "") -> None:
    """Refuse (403) anyone who does not run ``step`` of ``campaign``."""
    if not runs(user, campaign, step):
        raise PermissionDenied(message or _("Only the competition office may do this."))


def runner_filter(user, step: str) -> Q:
    """Over campaigns: those whose ``step`` ``user`` runs (``runs`` as a query): the office every one, a unit
    secretary their own unit's campaigns of a kind whose secretary runs ``step``, anyone else none."""
    if roles.is_office(user):
        return Q()
    if roles.is_unit_secretary(user):
        kinds = [kind for kind, rules in RULES.items() if step in rules.secretary_runs]
        return Q(kind__in=kinds, unit_id=user.secretary_of_id)
    return Q(pk__in=[])


def office_approves_evaluation(campaign) -> bool:
    return rules_of(campaign).office_approves_evaluation


def may_move_to_internal(campaign) -> bool:
    """A post of an internal competition has nowhere further in to go: with too few applicants it fails."""
    return campaign.kind != INTERNAL


# --- Who sees ---


def staff_unit_id(user) -> int | None:
    """The district unit whose staff the user is (their candidate profile's current unit), or None."""
    if not roles.is_candidate(user):
        return None
    return user.person.current_unit_id


def board_filter(user) -> Q:
    """Over posts: those of campaigns whose posts ``user`` may see on the board (the announced ones are picked
    by the caller). Everyone sees the public kinds; a unit's staff also see their unit's internal competition."""
    visible = Q(campaign__kind__in=[kind for kind, rules in RULES.items() if rules.on_public_board])
    unit_id = staff_unit_id(user)
    if unit_id is not None:
        visible |= Q(campaign__kind=INTERNAL, campaign__unit_id=unit_id)
    return visible


def campaigns_filter(user) -> Q:
    """Over campaigns, for the back office: the office sees every campaign (every unit's internal ones included),
    a unit secretary the district's campaigns and their own unit's internal ones."""
    if roles.is_office(user):
        return Q()
    if roles.is_unit_secretary(user):
        return ~Q(kind=INTERNAL) | Q(unit_id=user.secretary_of_id)
    return Q(pk__in=[])


# --- Who may apply ---


def is_outsider(person) -> bool:
    """Outside the district's public service: no unit of the district as current unit."""
    return person.current_unit_id is None


def identity_check_failures(person, campaign, has_work_history=None) -> list[str]:
    """The identity checks of ``campaign`` (an open selection's) that ``person`` does not meet, in words.
    ``has_work_history`` is asked only when the work history check is set (a query)."""
    missing = []
    for check in campaign.identity_checks or ():
        if check == IdentityCheck.PHOTO and not person.photo:
            missing.append(_("a photo"))
        elif check == IdentityCheck.PHONE and not person.phone:
            missing.append(_("a mobile phone number"))
        elif check == IdentityCheck.POLITICAL_STATUS and not person.political_status:
            missing.append(_("your political status"))
        elif check == IdentityCheck.WORK_STARTED and not person.work_started:
            missing.append(_("the date you started work"))
        elif check == IdentityCheck.WORK_HISTORY and not (has_work_history() if has_work_history else False):
            missing.append(_("your work history"))
    return missing


def apply_refusal(person, campaign, *, has_work_history=None) -> str | None:
    """Why ``person`` may not apply to a post of ``campaign`` because of its kind, or None if they may.

    An internal competition's post is refused to anyone outside its unit as if it did not exist: its posts are
    not shown outside the unit."""
    rules = rules_of(campaign)
    if rules.own_unit_only and person.current_unit_id != campaign.unit_id:
        return _("No such post.")
    if is_outsider(person):
        if not rules.outsiders_may_apply:
            return _(
                "Only the staff of the district's units may apply in this competition: give your current unit in "
                "your profile. People outside the district's public service may apply in an open selection."
            )
        missing = identity_check_failures(person, campaign, has_work_history)
        if missing:
            return _("This open selection asks applicants from outside the district for %(missing)s in their "
                     "profile before applying.") % {"missing": _(", ").join(str(m) for m in missing)}
    return None


def describe(campaign) -> str:
    """The kind's rules in a sentence, for the campaign's page."""
    if campaign.kind == INTERNAL:
        return _(
            "Internal competition of %(unit)s: only its own staff see the posts and may apply; its secretary runs "
            "release, registration, the written exam (if any), interview and evaluation; the office approves the "
            "evaluation's result and runs the later steps."
        ) % {"unit": campaign.unit}
    if campaign.kind == OPEN:
        return _(
            "Open selection: on the public board; people outside the district's public service may apply too, with "
            "the identity checks set in the rules; the office runs every step."
        )
    return _(
        "Unified competition: on the public board; the staff of any unit of the district may apply to any post; "
        "the office runs every step."
    )
