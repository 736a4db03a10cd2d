"""Step 6's rules the services and the pages share: who of the pool is recused for a candidate, and what a candidate's
checklist still lacks before a pass can be recorded."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from competition.models import Application, FileReviewItem, Inspection, Inspector, InspectorRelative

# A team inspects a candidate with at least this many members who are not recused.
TEAM_MINIMUM = 2


def recusal_reasons(inspectors: Iterable[Inspector], application: Application) -> dict[int, str]:
    """``{inspector id: reason}`` for the members of the pool who may not inspect ``application``'s candidate: the
    candidate himself, a member of the candidate's unit (where he works now or applied from), a declared relative."""
    inspectors = list(inspectors)
    person = application.person
    units = {application.applicant_unit_id, person.current_unit_id} - {None}
    relatives = dict(
        InspectorRelative.objects.filter(inspector__in=inspectors, person=person).values_list("inspector_id", "kind")
    )
    kinds = dict(InspectorRelative._meta.get_field("kind").choices)
    reasons = {}
    for inspector in inspectors:
        if inspector.person_id and inspector.person_id == person.pk:
            reasons[inspector.pk] = _("The team member is the candidate")
        elif inspector.unit_id and inspector.unit_id in units:
            reasons[inspector.pk] = _("Same unit as the candidate")
        elif inspector.pk in relatives:
            reasons[inspector.pk] = _("Declared relative: %(kind)s") % {"kind": kinds[relatives[inspector.pk]]}
    return reasons


def serving_members(inspection: Inspection) -> list:
    """The members of the candidate's team who are not recused."""
    return [member for member in inspection.team_members.all() if not member.recused]


def checklist_missing(inspection: Inspection) -> list[str]:
    """What the candidate's checklist still lacks, by name (empty when it is complete)."""
    missing = []
    done = {row.item for row in inspection.file_review.all()}
    for item, label in FileReviewItem.Item.choices:
        if item not in done:
            missing.append(_("file review: %(item)s") % {"item": label})
    if not inspection.integrity_opinion:
        missing.append(_("the integrity opinion"))
    if not inspection.personal_matters:
        missing.append(_("the personal matters report check"))
    if inspection.people_talked_to is None:
        missing.append(_("the number of people talked to"))
    if not inspection.evaluation_result.strip():
        missing.append(_("the result of the evaluation"))
    return missing


def discrepancies(inspection: Inspection) -> list[str]:
    """What the checklist found: the file review's discrepancies, concerns in the integrity opinion, a personal
    matters report not consistent (shown beside the conclusion; a pass is the office's judgement of them)."""
    found = [
        f"{row.get_item_display()}：{row.note}"
        for row in inspection.file_review.all()
        if row.result == row.Result.DISCREPANCY
    ]
    if inspection.integrity_opinion == Inspection.IntegrityOpinion.CONCERNS:
        found.append(f"{_('the integrity opinion')}：{inspection.integrity_opinion_note}")
    if inspection.personal_matters == Inspection.PersonalMatters.INCONSISTENT:
        found.append(f"{_('the personal matters report check')}：{inspection.personal_matters_note}")
    return found
