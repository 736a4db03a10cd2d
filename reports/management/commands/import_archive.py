"""python manage.py import_archive FILE.xlsx"""

from django.core.management.base import BaseCommand, CommandError

from reports.importer import ArchiveInvalid, import_archive


class Command(BaseCommand):
    help = "Import units, the cadre roster, terms and past campaigns from an Excel workbook (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as stream:
                summary = import_archive(stream)
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except ArchiveInvalid as error:
            for issue in error.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"{len(error.issues)} error(s); nothing was imported.") from None
        self.stdout.write(
            f"Imported: {summary.units} units, {summary.people} people, {summary.terms} terms, "
            f"{summary.campaigns} campaigns, {summary.posts} posts, {summary.applications} applications."
        )
