"""The guided announcement path (issue 22): on the post page and the campaign page, the one step that comes next,
named, with the single action that takes it (a button, a form, or a link), or what the post waits for.

The path of a post to its registration: the unit submits it; the office accepts it; the office announces it in a
round (choosing the round and announcing are one form); registration opens by itself when the round's window
opens (``registration.tasks.advance_registration_windows``), or at once from the page if the window has opened.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.models import User
from competition import kinds
from competition.kinds import Step
from competition.models import Campaign, Post, Round

S = Post.Status


@dataclass
class NextStep:
    """``key`` names the step for tests and templates; ``action`` is a post-page action (``workflow.ACTIONS``)
    the panel offers as its button (the generic list then leaves it out); ``form`` is ``"announce"`` for the
    round-and-announce form; ``link``/``link_text`` a page to go to."""

    key: str
    title: str
    text: str
    action: str | None = None
    form: str | None = None
    link: str | None = None
    link_text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def usable_rounds(campaign: Campaign):
    """The campaign's rounds a post can still be announced in: their registration has not closed."""
    return campaign.rounds.filter(registration_closes__gt=timezone.now()).order_by("registration_opens", "number")


def post_next_step(post: Post, user: User) -> NextStep | None:
    from django.urls import reverse

    office = kinds.runs(user, post.campaign, Step.RELEASE)  # the office; an internal competition's secretary
    secretary = roles.is_unit_secretary_of(user, post)
    if not (office or secretary):
        return None
    if post.status in (S.DRAFT, S.RETURNED):
        if secretary:
            return NextStep("submit", _("Next step: submit the post to the office"),
                            _("Check the post's requirements, then submit it. The office accepts it or returns it with a reason."),
                            action="submit")
        return NextStep("await_unit", _("Next step: the unit submits the post"),
                        _("The unit is drafting this post; there is nothing for the office to do yet."))
    if post.status == S.RELEASED:
        if office:
            return NextStep("accept", _("Next step: accept the post"),
                            _("Accept it into the campaign, or return it to the unit with a reason (below). After "
                              "accepting, you choose its round and announce it."),
                            action="accept")
        return NextStep("await_office", _("Next step: the office accepts the post"),
                        _("The office checks the post; it accepts it or returns it to you with a reason."))
    if post.status == S.ACCEPTED:
        if not office:
            return NextStep("await_announcement", _("Next step: the office announces the post"),
                            _("The post is accepted; the office announces it with its registration window."))
        accepted = post.campaign.posts.filter(status=S.ACCEPTED).count()
        extra = {"accepted": accepted, "campaign_url": reverse("competition:campaign_detail", args=[post.campaign_id]) + "#next-step"}
        if not usable_rounds(post.campaign).exists():
            return NextStep("create_round", _("Next step: give the campaign a registration window"),
                            _("The post is accepted. It is announced in a round, and this campaign has no round whose "
                              "registration is still to come: create one, then come back to announce the post."),
                            link=reverse("competition:round_create", args=[post.campaign_id]),
                            link_text=_("New round"), extra=extra)
        return NextStep("announce", _("Next step: announce the post in a round"),
                        _("Choose the round and announce: the post and its requirements go on the public board with the "
                          "round's registration window, and registration opens by itself when the window opens."),
                        action="announce", form="announce", extra=extra)
    if post.status == S.ANNOUNCED:
        round_ = post.round
        if round_ is not None and round_.registration_opens <= timezone.now():
            return NextStep("open_registration", _("Next step: open registration"),
                            _("The registration window opened at %(opens)s; registration opens by itself within five "
                              "minutes, or now from here.") % {"opens": _when(round_.registration_opens)},
                            action="open_registration" if office else None)
        opens = _when(round_.registration_opens) if round_ else "—"
        return NextStep("await_opening", _("Next step: registration opens on %(opens)s") % {"opens": opens},
                        _("Nothing to do until then: registration opens by itself when the window opens, and "
                          "candidates can apply on the public board until %(closes)s.")
                        % {"closes": _when(round_.registration_closes) if round_ else "—"})
    if post.status == S.REGISTRATION and post.round_id:
        round_ = post.round
        if not round_.has_closed():
            return NextStep("review", _("Next step: review the applications"),
                            _("Registration is open until %(closes)s. Review each application as it comes (below); "
                              "after the deadline, registration is closed and the post moves on.")
                            % {"closes": _when(round_.registration_closes)})
        return NextStep("close_registration", _("Next step: close registration"),
                        _("The registration window has ended: finish the review and close registration (below)."))
    if post.status == S.WRITTEN and kinds.runs(user, post.campaign, Step.WRITTEN):
        session = post.written_sessions.first()
        if session is None:
            return NextStep("arrange_written", _("Next step: arrange the written exam"),
                            _("Set the exam's time, venue and rooms, then issue the admission tickets: each candidate "
                              "prints his own."),
                            link=reverse("written:session_create") + f"?campaign={post.campaign_id}",
                            link_text=_("Arrange the written exam"))
        return NextStep("written_results", _("Next step: mark the written exam and publish its results"),
                        _("Enter or import the marks once the exam has begun, then publish: those at or above the "
                          "pass line go on to the interview within the campaign's ratio."),
                        link=reverse("written:session_detail", args=[session.pk]), link_text=session.name)
    return None


def campaign_next_step(campaign: Campaign, user: User) -> NextStep | None:
    """The office's next step over the whole campaign: a round to create, posts to accept, posts to announce."""
    from django.urls import reverse

    if not kinds.runs(user, campaign, Step.RELEASE):
        return None
    posts = campaign.posts.all()
    released = posts.filter(status=S.RELEASED).count()
    accepted = posts.filter(status=S.ACCEPTED).count()
    rounds = usable_rounds(campaign)
    if not rounds.exists() and (released or accepted or not posts.exists()):
        return NextStep("create_round", _("Next step: create a round"),
                        _("Posts are announced in a round: its registration window. This campaign has none still to come."),
                        link=reverse("competition:round_create", args=[campaign.pk]), link_text=_("New round"))
    if accepted:
        without = posts.filter(status=S.ACCEPTED, round__isnull=True).count()
        return NextStep("announce_all", _("Next step: announce the accepted posts"),
                        _("%(n)s accepted post(s) wait for announcement; %(without)s have no round yet and are "
                          "announced in the round you choose.") % {"n": accepted, "without": without},
                        form="announce_all", extra={"accepted": accepted})
    if released:
        return NextStep("accept", _("Next step: accept the submitted posts"),
                        _("%(n)s post(s) submitted by their units wait for the office.") % {"n": released},
                        link=f"{reverse('competition:campaign_detail', args=[campaign.pk])}?status={S.RELEASED}",
                        link_text=_("Show them"))
    return None


def default_round(campaign: Campaign, post: Post | None = None) -> Round | None:
    if post is not None and post.round_id and post.round.registration_closes > timezone.now():
        return post.round
    return usable_rounds(campaign).first()
