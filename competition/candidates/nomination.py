"""How a candidate came (issue 18.2): self-nomination (个人自荐), the organisation's nomination (组织推荐, by whom) or
colleagues' nomination (群众推荐, with the number of signatures).

Pure: ``nomination_clean`` turns what a form or a service was given into the three fields of ``Application``, or
refuses. The database's check ``application_nomination_consistent`` holds the same rule for every writer.
Applying (``competition.registration.services``) and the office (``competition.candidates.services``) both use it.
"""

import dataclasses

from django.utils.translation import gettext as _

from competition.models import NominationSource
from core.exceptions import ActionRefused

MAX_SIGNATURES = 10_000  # a unit's colleagues, not a petition: a bound on what a form may claim


class NominationRefused(ActionRefused):
    """A nomination whose particulars do not fit its source."""


@dataclasses.dataclass(frozen=True)
class Nomination:
    source: str = NominationSource.SELF
    nominated_by: str = ""
    signatures: int | None = None

    def apply_to(self, application) -> None:
        application.nomination_source = self.source
        application.nominated_by = self.nominated_by
        application.nomination_signatures = self.signatures


SELF = Nomination()


def nomination_clean(source: str | None, nominated_by: str | None = "", signatures: int | None = None) -> Nomination:
    """The nomination, with only the particular its source needs; refused when that particular is missing."""
    source = source or NominationSource.SELF
    if source not in NominationSource.values:
        raise NominationRefused(_("Choose how the candidate was nominated."))
    nominated_by = (nominated_by or "").strip()
    if source == NominationSource.ORGANISATION:
        if not nominated_by:
            raise NominationRefused(_("Name the organisation that nominated the candidate."))
        if len(nominated_by) > 100:
            raise NominationRefused(_("The organisation's name is at most 100 characters."))
        return Nomination(source, nominated_by, None)
    if source == NominationSource.COLLEAGUES:
        if signatures is None or not 1 <= signatures <= MAX_SIGNATURES:
            raise NominationRefused(
                _("Give the number of colleagues who signed the nomination (1 to %(max)s).") % {"max": MAX_SIGNATURES}
            )
        return Nomination(source, "", int(signatures))
    return SELF


def nomination_text(application) -> str:
    """The nomination in words, for reviewers and rosters: 组织推荐（区委组织部）, 群众推荐（35人联名）."""
    label = NominationSource(application.nomination_source).label
    if application.nomination_source == NominationSource.ORGANISATION:
        return _("%(source)s (%(by)s)") % {"source": label, "by": application.nominated_by}
    if application.nomination_source == NominationSource.COLLEAGUES:
        return _("%(source)s (%(n)s signatures)") % {"source": label, "n": application.nomination_signatures}
    return str(label)
