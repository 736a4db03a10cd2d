"""The certificate of appointment as a document: its context (for the print page and the Word template).

It lives here, not in competition.documents, because the certificate is tenure's and tenure sits above
competition; the template, its sample and the rendering are competition.documents'.
"""

from typing import Any

from django.utils import translation

from competition.documents.contexts import issuer_context, leadership_level
from competition.documents.formats import cn_date
from tenure.models import Certificate


def certificate_context(certificate: Certificate) -> dict[str, Any]:
    """任命书: "任命…为…（职务层次），任期自…至…", the probation of a promotion, the unit's Party body and the number."""
    term = certificate.term
    with translation.override("zh-hans"):
        level = leadership_level(term.position.level) or str(term.position.get_level_display())
    probation = (
        f"试用期一年，自{cn_date(term.start)}至{cn_date(term.probation_end)}。" if term.probation_end else ""
    )
    return {
        "issuer": issuer_context(),
        "today": cn_date(certificate.issued_on),
        "number": certificate.code,
        "name": term.person.name,
        "unit": term.unit.name,
        "position": term.position.title,
        "level": level,
        "start": cn_date(term.start),
        "end": cn_date(term.end),
        "probation": probation,
        "body": certificate.unit.issuing_body,
        "issued_on": cn_date(certificate.issued_on),
    }
