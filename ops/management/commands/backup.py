"""manage.py backup: the database (pg_dump) and the uploaded files, with a manifest of checksums and row counts."""

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and MEDIA_ROOT into one directory with a manifest (ops/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="a new directory (default: a dated one under BACKUP_DIR)")

    def handle(self, *args, output=None, **options):
        try:
            directory, manifest = backup(output)
        except BackupError as error:
            raise CommandError(str(error))
        self.stdout.write(
            f"backup {directory}: {len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
            f"{len(manifest['media'])} files"
        )
