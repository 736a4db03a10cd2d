"""Remove audit rows older than AUDIT_RETENTION_DAYS (at least 180: the law's six months)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.models import AuditEvent

MINIMUM_RETENTION_DAYS = 180


class Command(BaseCommand):
    help = "Delete audit log rows older than AUDIT_RETENTION_DAYS (never under 180 days)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the rows, delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        days = settings.AUDIT_RETENTION_DAYS
        if days < MINIMUM_RETENTION_DAYS:
            raise CommandError(
                f"AUDIT_RETENTION_DAYS is {days}: the audit log is kept at least {MINIMUM_RETENTION_DAYS} days "
                "(Cybersecurity Law art. 21). Nothing was deleted."
            )
        cutoff = timezone.now() - datetime.timedelta(days=days)
        if dry_run:
            count = AuditEvent.objects.filter(at__lt=cutoff).count()
            self.stdout.write(f"{count} audit rows are older than {days} days (before {cutoff:%Y-%m-%d %H:%M}).")
            return
        count = AuditEvent.objects.purge_before(cutoff)
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} audit rows older than {days} days."))
