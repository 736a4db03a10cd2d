"""manage.py restore: a backup into a database it names, checked against the backup's manifest."""

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup (manage.py backup) into the database named by --database on the configured server, and its "
        "files into --media-root. Checksums are verified first; a non-empty database or media directory is refused "
        "unless --force; row counts, migrations and files are compared with the manifest afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the backup's directory")
        parser.add_argument("--database", required=True, help="the database to restore into (created if missing)")
        parser.add_argument("--media-root", help="where the files go (default: MEDIA_ROOT)")
        parser.add_argument("--force", action="store_true", help="replace a non-empty database, write over files")

    def handle(self, *args, directory, database, media_root=None, force=False, **options):
        try:
            restored = restore(directory, database=database, media_root=media_root, force=force)
        except BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(
            f"restored into {database}: {restored['tables']} tables, {restored['rows']} rows, {restored['files']} "
            "files; every count and checksum matches the manifest"
        )
