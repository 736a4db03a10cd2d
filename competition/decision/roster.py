"""The committee's standing roster (党委/党组成员): who sits on a unit's committee and when, the relatives each member
declares, and who is recused for a candidate's item. Kept by the office and by the unit's own secretary.

A meeting (``decision_record``) takes its attendance from the members serving on its date; quorum and majority
count over them, and a member who is the candidate or a declared relative leaves that item (recorded).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import rules as roles
from accounts.models import User
from competition.models import Application, CommitteeMember, CommitteeMemberRelative, Person, Unit
from competition.workflow import WorkflowError


class RosterError(WorkflowError):
    """A change to the roster that cannot be made; the message is for the user."""


def require_roster_keeper(user: User, unit: Unit) -> None:
    roles.require(
        roles.is_office_or_unit_secretary_of, user, unit, _("Only the office and the unit's secretary keep its committee's roster.")
    )


def lock_member(member_id: int) -> CommitteeMember:
    return CommitteeMember.objects.select_for_update(of=("self",)).select_related("unit").get(pk=member_id)


def roster_on(unit: Unit, day: datetime.date) -> list[CommitteeMember]:
    """The members of ``unit``'s committee serving on ``day``, the secretary first."""
    order = {CommitteeMember.Role.SECRETARY: 0, CommitteeMember.Role.DEPUTY: 1, CommitteeMember.Role.MEMBER: 2}
    members = CommitteeMember.objects.filter(unit=unit).serving_on(day)
    return sorted(members, key=lambda m: (order.get(m.role, 9), m.serving_from, m.pk))


@dataclass(frozen=True)
class Seat:
    """A roster member at a meeting, for one candidate's item: recused (with the reason) or not."""

    member: CommitteeMember
    recusal: str = ""


def recusal_reasons(members: list[CommitteeMember], application: Application) -> dict[int, str]:
    """``{member_id: reason}`` for the members who leave ``application``'s item: the candidate himself, or a
    member who declared the candidate as a relative."""
    relatives = {
        r.member_id: r.get_kind_display()
        for r in CommitteeMemberRelative.objects.filter(member__in=members, person_id=application.person_id)
    }
    reasons = {}
    for member in members:
        if member.person_id and member.person_id == application.person_id:
            reasons[member.pk] = _("The member is the candidate")
        elif member.pk in relatives:
            reasons[member.pk] = _("Declared relative: %(kind)s") % {"kind": relatives[member.pk]}
    return reasons


def meeting_seats(unit: Unit, day: datetime.date, application: Application | None) -> list[Seat]:
    """The roster on the meeting's date, each member with his recusal for the candidate's item (if any)."""
    members = roster_on(unit, day)
    reasons = recusal_reasons(members, application) if application is not None else {}
    return [Seat(member, reasons.get(member.pk, "")) for member in members]


def people_for_roster(unit: Unit):
    """The people a roster keeper may name (as a member's own profile or a declared relative): those who applied to
    the unit's posts (a unit secretary sees no one else's profile)."""
    return Person.objects.filter(applications__post__unit=unit).distinct().order_by("name", "pk")


@transaction.atomic
def committee_member_add(
    *,
    unit_id: int,
    name: str,
    role: str,
    serving_from: datetime.date,
    serving_until: datetime.date | None = None,
    person: Person | None = None,
    by: User,
) -> CommitteeMember:
    unit = Unit.objects.select_for_update(of=("self",)).get(pk=unit_id)  # orders two additions to one roster
    require_roster_keeper(by, unit)
    name = name.strip()
    if not name:
        raise RosterError(_("Please give the member's name."))
    if role not in CommitteeMember.Role.values:
        raise RosterError(_("Please choose the member's role."))
    if serving_until is not None and serving_until < serving_from:
        raise RosterError(_("The period cannot end before it begins."))
    overlapping = [
        m
        for m in CommitteeMember.objects.filter(unit=unit, name=name)
        if (serving_until is None or m.serving_from <= serving_until)
        and (m.serving_until is None or m.serving_until >= serving_from)
    ]
    if overlapping:
        raise RosterError(_("%(name)s is already on the committee in that period.") % {"name": name})
    return CommitteeMember.objects.create(
        unit=unit,
        name=name,
        role=role,
        serving_from=serving_from,
        serving_until=serving_until,
        person=person,
        created_by=by,
    )


@transaction.atomic
def committee_member_end(*, member_id: int, serving_until: datetime.date, by: User) -> CommitteeMember:
    """The member's period ends (he left the committee): he is no longer offered at meetings after that day."""
    member = lock_member(member_id)
    require_roster_keeper(by, member.unit)
    if serving_until < member.serving_from:
        raise RosterError(_("The period cannot end before it begins."))
    if member.votes.filter(decision__meeting_date__gt=serving_until).exists():
        raise RosterError(_("The member sat at a meeting after that day."))
    member.serving_until = serving_until
    member.save(update_fields=["serving_until"])
    return member


@transaction.atomic
def committee_member_add_relative(*, member_id: int, person: Person, kind: str, by: User) -> CommitteeMemberRelative:
    member = lock_member(member_id)
    require_roster_keeper(by, member.unit)
    if kind not in dict(CommitteeMemberRelative._meta.get_field("kind").choices):
        raise RosterError(_("Please choose the relation."))
    relative, _created = CommitteeMemberRelative.objects.update_or_create(
        member=member, person=person, defaults={"kind": kind}
    )
    return relative
