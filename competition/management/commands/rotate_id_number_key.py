"""Re-encrypt every sealed ID number with the current key (the first of ID_NUMBER_KEYS).

A rotation: put a new key first in ID_NUMBER_KEYS, keep the old one after it, restart, run this command, then drop the
old key. Rows are re-encrypted in batches, each in its own transaction; running it twice is harmless.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from competition.models import Person
from core.sealed import reseal

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt the sealed resident ID numbers with the current key of ID_NUMBER_KEYS."

    def handle(self, *args, **options):
        done, last = 0, 0
        while True:
            with transaction.atomic():
                batch = list(
                    Person.objects.select_for_update().filter(pk__gt=last).order_by("pk").only("pk", "id_number_sealed")[:BATCH]
                )
                if not batch:
                    break
                for person in batch:
                    person.id_number_sealed = reseal(person.id_number_sealed)
                Person.objects.bulk_update(batch, ["id_number_sealed"])
            done += len(batch)
            last = batch[-1].pk
        self.stdout.write(f"{done} ID numbers re-encrypted with the current key.")
