"""Substitutions (递补): when a chosen candidate drops out (withdraws, fails the inspection, is stopped by an upheld
objection or not passed by the committee), the office confirms the next-ranked candidate in his place, with a
reason, up to the campaign's limit per post (``Campaign.max_substitutions``, default 2).

The substitute becomes a chosen candidate and is inspected next; a post already at publicity or decision goes back
to inspection for him (the candidates already appointed keep their places). The post's log says who replaced whom
and why, and the substitute is told. Who is "next-ranked" is competition.selection's (on competition.ranking).
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm_log.models import StateLog

from accounts import rules as roles
from accounts.models import User
from competition import workflow
from competition.models import Application, Post, Publicity, Substitution
from competition.selection import dropped_out, next_substitute
from competition.workflow import WorkflowError, lock_post
from notifications.messages import Paragraphs, Text
from notifications.services import notify

SUBSTITUTION_STATES = (Post.Status.INSPECTION, Post.Status.PUBLICITY, Post.Status.DECISION)


class SubstitutionRefused(WorkflowError):
    """A substitution that cannot be confirmed now; the message is for the user."""


@transaction.atomic
def substitute_confirm(*, post_id: int, replaced_id: int, reason: str, by: User) -> Substitution:
    """Confirm the next-ranked candidate in place of the chosen candidate ``replaced_id``, who dropped out."""
    roles.require_office(by, _("Only the competition office confirms a substitute."))
    reason = (reason or "").strip()
    if not reason:
        raise SubstitutionRefused(_("Please give a reason."))
    # The post's row lock orders the substitutions of one post: the number below cannot be taken twice (and the
    # unique constraint on it is the last line).
    post = lock_post(post_id)
    if post.status not in SUBSTITUTION_STATES:
        raise SubstitutionRefused(
            _("The post is now “%(status)s”; a substitute can no longer move up.") % {"status": post.get_status_display()}
        )
    replaced = dropped_out(post).filter(pk=replaced_id).first()
    if replaced is None:
        raise SubstitutionRefused(_("This candidate has not dropped out, or has been replaced already."))
    if Publicity.objects.filter(post=post, status__in=Publicity.RUNNING_STATES).exists():
        raise SubstitutionRefused(
            _("The post's publicity notice is still running: confirm the substitute once it has ended.")
        )
    limit = post.campaign.max_substitutions
    number = post.substitutions.count() + 1
    if number > limit:
        raise SubstitutionRefused(
            _("The campaign allows %(limit)s substitution(s) per post, and they have all been used.") % {"limit": limit}
        )
    substitute = next_substitute(post)
    if substitute is None:
        raise SubstitutionRefused(_("No candidate is left to move up: close the post with fewer appointees or fail it."))
    Application.objects.filter(pk=substitute.pk).update(chosen=True)
    substitution = Substitution.objects.create(
        post=post, replaced=replaced, substitute=substitute, reason=reason, number=number, limit=limit, confirmed_by=by
    )
    entry = _("%(substitute)s replaces %(replaced)s (substitution %(number)s of %(limit)s): %(reason)s") % {
        "substitute": substitute.person.name,
        "replaced": replaced.person.name,
        "number": number,
        "limit": limit,
        "reason": reason,
    }
    if post.status == Post.Status.INSPECTION:
        # No move of the post: the log gets a row of its own, at the state the post stays in.
        StateLog.objects.create(
            content_object=post, transition="substitute", source_state=post.status, state=post.status, by=by,
            description=entry,
        )  # fmt: skip
    else:
        workflow.post_return_to_inspection(post_id=post.pk, by=by, reason=entry)
    _tell_substitute(substitute, post)
    return substitution


def _tell_substitute(substitute: Application, post: Post) -> None:
    if not substitute.person.user_id:
        return
    notify(
        recipients=[substitute.person.user],
        subject=Text(gettext_lazy("You move up as a candidate for %(post)s"), post=post),
        body=Paragraphs(
            Text(
                gettext_lazy(
                    "A chosen candidate for %(post)s has dropped out, and the competition office has confirmed you, the "
                    "next-ranked, in his place. The organization will now inspect you; the inspection team will contact "
                    "you and your unit."
                ),
                post=post,
            ),
        ),
        url=reverse("registration:my_applications"),
        kind="substitute_confirmed",
    )
