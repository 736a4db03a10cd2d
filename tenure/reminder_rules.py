"""Tenure's reminder rules, registered with notifications.registry (imported by TenureConfig.ready())."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import Due, reminder_rule, unit_secretaries


@reminder_rule(
    "certificates_not_issued",
    label=gettext_lazy("Certificates not issued before the deadline (unit secretaries)"),
    lead_days=7,
)
def certificates_not_issued(today, lead_days):
    """Unit secretaries whose reappointments of posts not competed are still open near the campaign's deadline.

    Before the deadline one reminder is due on the deadline (sent within the lead time); once it has passed, one a
    day (due today) until the reappointment is certified or rejected.
    """
    import datetime

    from tenure.models import Reappointment

    open_near_deadline = Reappointment.objects.filter(
        status__in=Reappointment.OPEN_STATES,
        campaign__reappointment_deadline__lte=today + datetime.timedelta(days=lead_days),
    ).select_related("campaign", "unit", "previous_term__person", "previous_term__position")
    for reappointment in open_near_deadline:
        deadline = reappointment.campaign.reappointment_deadline
        late = deadline < today
        subject = (
            _("Reappointment overdue: %(what)s") if late else _("Reappointment due by %(day)s: %(what)s")
        ) % {"what": reappointment, "day": date_format(deadline, "DATE_FORMAT")}
        body = _("The deadline of %(campaign)s was %(deadline)s.") % {
            "campaign": reappointment.campaign.name,
            "deadline": date_format(deadline, "DATE_FORMAT"),
        }
        for user in unit_secretaries(reappointment.unit):
            yield Due(
                reappointment,
                user,
                today if late else deadline,
                subject,
                body,
                reverse("tenure:reappointment_detail", args=[reappointment.pk]),
            )
