"""Write the default Word templates of competition.documents (commit the result)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from competition.documents.build import build, render_samples


class Command(BaseCommand):
    help = "Write the default Word templates under competition/documents/templates/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--samples", metavar="DIR", help="Also render each template with its sample data into DIR (no database)."
        )

    def handle(self, *args, **options):
        for path in build():
            self.stdout.write(str(path))
        if options["samples"]:
            for path in render_samples(Path(options["samples"])):
                self.stdout.write(str(path))
