"""Periodic jobs of tenure. Safe to run twice: each reminder is claimed with a conditional UPDATE first."""

import logging

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import notify
from tenure.models import Reappointment
from tenure.services import terms_advance_statuses

log = logging.getLogger(__name__)


@shared_task
def remind_late_reappointments():
    """Once a day, remind each unit's secretaries of reappointments still open after the campaign's deadline."""
    today = timezone.localdate()
    late = Reappointment.objects.filter(
        status__in=Reappointment.OPEN_STATES, campaign__reappointment_deadline__lt=today
    ).filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
    sent = 0
    for reappointment in late.select_related("unit", "campaign", "previous_term__person", "previous_term__position"):
        with transaction.atomic():
            claimed = (
                Reappointment.objects.filter(pk=reappointment.pk)
                .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
                .update(reminded_on=today)
            )
            if not claimed:  # another worker reminded them today
                continue
            notify(
                recipients=User.objects.filter(secretary_of_id=reappointment.unit_id, is_active=True),
                subject=_("Reappointment overdue: %(what)s") % {"what": reappointment},
                body=_("The deadline of %(campaign)s was %(deadline)s.")
                % {"campaign": reappointment.campaign.name, "deadline": reappointment.campaign.reappointment_deadline},
                url=reverse("tenure:reappointment_detail", args=[reappointment.pk]),
                kind="tenure.reappointment_late",
            )
            sent += 1
    log.info("Reminded units of %s late reappointments", sent)
    return sent


@shared_task
def advance_term_statuses():
    """Probations that are over become serving terms; terms past their scheduled end become ended."""
    confirmed, expired = terms_advance_statuses()
    log.info("Confirmed %s terms after probation; %s terms expired", confirmed, expired)
    return confirmed, expired
