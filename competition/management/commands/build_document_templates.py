"""Write the default Word templates of competition.documents (commit the result)."""

from django.core.management.base import BaseCommand

from competition.documents.build import build


class Command(BaseCommand):
    help = "Write the default Word templates under competition/documents/templates/."

    def handle(self, *args, **options):
        for path in build():
            self.stdout.write(str(path))
