"""Tenure's part of the home work queue (competition.workqueue): appointees still waiting for their certificate."""

from collections.abc import Iterable

from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts import rules as roles
from competition.workqueue import Task, provider
from tenure.models import Term


@provider
def certificates_not_issued(user) -> Iterable[Task]:
    if not (roles.is_office(user) or roles.is_unit_secretary(user)):
        return
    # Imported terms (the archive) were certified on paper before the system.
    terms = Term.objects.visible_to(user).current().filter(certificate__isnull=True).exclude(origin=Term.Origin.IMPORT)
    count = terms.count()
    url = (
        reverse("tenure:term_detail", args=[terms.values_list("pk", flat=True).get()])
        if count == 1
        else reverse("tenure:overview")
    )
    yield Task(_("Certificates not issued"), count, url, terms.aggregate(oldest=Min("start"))["oldest"], pgettext("work queue", "term from"))
